"""Finding the skill terms a text names, in one pass over its words.

The terms (common skills and the job's own) are keyed by their word sequence once per
vocabulary, so matching costs one dictionary lookup per run of words in the text, not
one scan of the text per term.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kazi.documents.text import normalise


@dataclass(frozen=True)
class SkillLookup:
    """The skill terms keyed by their word sequence, so a text is matched in one pass."""

    by_words: dict[tuple[str, ...], str]
    keys: frozenset[str]  # normalised terms
    longest: int


_WORD_TOKEN = re.compile(r"[^\W_](?:[\w.+#&'/-]*[\w+#])?")


def _word_tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD_TOKEN.findall(normalise(text)))


@lru_cache(maxsize=64)
def skill_lookup(skill_terms: tuple[str, ...]) -> SkillLookup:
    by_words: dict[tuple[str, ...], str] = {}
    for term in skill_terms:
        by_words.setdefault(_word_tokens(term), term)
    by_words.pop((), None)
    longest = max((len(k) for k in by_words), default=0)
    return SkillLookup(by_words, frozenset(normalise(t) for t in skill_terms), longest)


def skill_mentions(text: str, skill_terms: Sequence[str]) -> list[tuple[str, str]]:
    """Every skill term the text names, found in one pass over its words."""
    lookup = skill_lookup(tuple(skill_terms))
    words = _word_tokens(text)
    found: dict[str, str] = {}
    for i in range(len(words)):
        for size in range(1, min(lookup.longest, len(words) - i) + 1):
            term = lookup.by_words.get(words[i : i + size])
            if term is not None:
                found.setdefault(normalise(term), term)
    return [(term, key) for key, term in found.items()]
