"""Text helpers shared by the fact checker, the coverage report and the builtin engine."""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from kazi.documents.vocabulary import ALIASES

_PLAIN_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2022": " ",
        "\u00b7": " ",
    }
)
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_MARKDOWN_INLINE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")

# Fields are joined with a separator that no phrase can match across.
FIELD_SEPARATOR = " | "


def plain_punctuation(text: str) -> str:
    """Typographic quotes, dashes and bullets replaced by their ASCII look-alikes."""
    return unicodedata.normalize("NFKC", text).translate(_PLAIN_PUNCTUATION)


def normalise(text: str) -> str:
    """Lowercase, plain punctuation, single spaces: the form every comparison uses."""
    return " ".join(plain_punctuation(text).lower().split())


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # Letters and digits may not touch the phrase; punctuation may (so "C++," matches).
    return re.compile(r"(?<![^\W_])" + re.escape(phrase) + r"(?![^\W_])")


def contains_phrase(normalised_haystack: str, phrase: str) -> bool:
    """Whether `phrase` occurs in an already normalised text as whole words."""
    needle = normalise(phrase)
    if not needle:
        return False
    return _phrase_pattern(needle).search(normalised_haystack) is not None


def count_phrase(normalised_haystack: str, phrase: str) -> int:
    needle = normalise(phrase)
    return len(_phrase_pattern(needle).findall(normalised_haystack)) if needle else 0


def join_fields(values: Iterable[str]) -> str:
    """Normalise and join values so that a phrase never spans two fields."""
    return FIELD_SEPARATOR.join(normalise(v) for v in values if v and v.strip())


_ALIAS_TOKEN = re.compile(r"[^\W_](?:[\w.'’-]*[^\W_])?")
_ALIAS_PAIRS = tuple(
    (tuple(_ALIAS_TOKEN.findall(present)), other)
    for short, long in ALIASES
    for present, other in ((short, long), (long, short))
)
_LONGEST_ALIAS = max(len(words) for words, _ in _ALIAS_PAIRS)


def with_aliases(normalised_text: str) -> str:
    """The text followed by the other form of every abbreviation or long form it contains.

    The text's word runs are collected once, so the cost does not grow with the table.
    """
    words = _ALIAS_TOKEN.findall(normalised_text)
    runs = {
        tuple(words[i : i + size])
        for i in range(len(words))
        for size in range(1, min(_LONGEST_ALIAS, len(words) - i) + 1)
    }
    extra = [other for present, other in _ALIAS_PAIRS if present in runs]
    return FIELD_SEPARATOR.join([normalised_text, *extra])


def words(text: str) -> list[str]:
    return _WORD.findall(strip_markdown(text))


def word_count(text: str) -> int:
    return len(words(text))


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; good enough for CV summaries and letters."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def strip_markdown(text: str) -> str:
    """Inline Markdown (emphasis, code, links) removed, leaving the visible text."""
    text = _MARKDOWN_LINK.sub(r"\1 (\2)", text)
    return _MARKDOWN_INLINE.sub("", text)


def tokens(text: str) -> list[str]:
    """Lowercase word tokens, for relevance scoring."""
    return [w.lower() for w in words(plain_punctuation(text))]
