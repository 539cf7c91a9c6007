"""The normalisation layer: one canonical form for the many ways a fact is written.

The tables live in `data/lexicon.toml` (abbreviations, synonyms, acronyms, language
names); this module only applies them. A canonical form is a tuple of tokens:
lowercase, "&" read as "and", abbreviations and synonyms replaced by one spelling,
language endonyms by the language's English name, and plurals made singular. Acronyms
not in the table are matched against long names by their initials (`acronym_of`).
"""

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from kazi.documents.text import normalise

Tokens = tuple[str, ...]

# A token: letters/digits, keeping the joiners that belong inside names (C++, Node.js,
# M&E, CI/CD, Af-Soomaali); a lone "&" is a token of its own.
_TOKEN = re.compile(r"[^\W_](?:[\w.+#&'/-]*[\w+#])?|&")
# Words skipped when initials are taken ("University of Nairobi" is UoN or UN).
CONNECTORS = frozenset({"of", "and", "the", "for", "in", "&", "on", "at", "de", "la"})
_MAX_PHRASE = 6
_POSSESSIVE = re.compile(r"(?<=\w)'s$")


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, str]
    phrases: dict[Tokens, Tokens]  # synonyms and acronyms, both read as their long form
    acronyms: dict[str, Tokens]
    languages: dict[Tokens, str]  # every name of a language -> its canonical name
    lowering: frozenset[str]  # words that make a title junior ("assistant", "deputy")
    longest: int


def _tokens(text: str) -> Tokens:
    """Lowercase words; a possessive "'s" is not part of the name ("EABL's")."""
    return tuple(_POSSESSIVE.sub("", t) for t in _TOKEN.findall(normalise(text)))


@cache
def lexicon() -> Lexicon:
    raw = tomllib.loads(files("kazi.documents").joinpath("data/lexicon.toml").read_text("utf-8"))
    words: dict[str, str] = dict(raw["words"])
    acronyms = {k: _tokens(v) for k, v in raw["acronyms"].items()}
    phrases = {_tokens(k): _tokens(v) for k, v in raw["phrases"].items()}
    languages: dict[Tokens, str] = {}
    for name, others in raw["languages"].items():
        for other in [name, *others]:
            languages[_tokens(other)] = name
    longest = max(len(key) for key in [*phrases, *languages])
    lowering = frozenset(
        canonical_word for w in raw["titles"]["lowering"] for canonical_word in [words.get(w, w)]
    )
    return Lexicon(words, phrases, acronyms, languages, lowering, longest)


def singular(token: str) -> str:
    """A plural read as its singular; applied to both sides, so only consistency matters."""
    if len(token) < 4 or not token.isalpha():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "shes", "ches", "xes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _mapped(tokens: Tokens, lex: Lexicon) -> list[str]:
    """Longest synonym or language name first, then single words."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(lex.longest, len(tokens) - i), 0, -1):
            key = tokens[i : i + size]
            if key in lex.languages:
                out.append(lex.languages[key])
            elif key in lex.phrases:
                out.extend(lex.phrases[key])
            else:
                continue
            i += size
            break
        else:
            word = tokens[i]
            out.extend(lex.words.get(word, word).split())
            i += 1
    return out


@lru_cache(maxsize=16384)
def canonical(text: str) -> Tokens:
    """The canonical tokens of a phrase (see the module docstring)."""
    lex = lexicon()
    return tuple(singular(t) for t in _mapped(_tokens(text), lex))


def plain_tokens(text: str) -> Tokens:
    """The words as written, lowercased: no synonym or plural folded."""
    return _tokens(text)


def canonical_text(text: str) -> str:
    return " ".join(canonical(text))


@lru_cache(maxsize=16384)
def expand_acronyms(text: str) -> Tokens:
    """Canonical tokens with every acronym of the table replaced by its long form."""
    lex = lexicon()
    out: list[str] = []
    for token in _tokens(text):
        long = lex.acronyms.get(token) or lex.acronyms.get(token.replace("-", ""))
        out.extend(long if long else (token,))
    return canonical(" ".join(out))


def language_of(name: str) -> str | None:
    """The canonical language a name denotes ("Kiswahili" -> "swahili"), if it is one."""
    return lexicon().languages.get(_tokens(name))


def language_names() -> frozenset[str]:
    return frozenset(" ".join(key) for key in lexicon().languages)


def n_grams(tokens: Tokens) -> set[Tokens]:
    return {
        tokens[i : i + size]
        for i in range(len(tokens))
        for size in range(1, min(_MAX_PHRASE, len(tokens) - i) + 1)
    }


def _segmentations(acronym: str) -> list[list[str]]:
    """Ways to read an acronym as word initials: "KeNHA" as ke-n-h-a or k-e-n-h-a.

    Empty when the text is not an acronym (too short, too long, or mostly small letters).
    """
    letters = re.sub(r"[^A-Za-z]", "", acronym)
    capitals = sum(c.isupper() for c in letters)
    if not 2 <= len(letters) <= 10 or capitals < 2 or capitals < len(letters) / 2:
        return []
    readings: list[list[str]] = [[]]
    for part in re.findall(r"[A-Z][a-z]?|[a-z]", letters):
        split = [[*r, *part.lower()] for r in readings]
        joined = [[*r, part.lower()] for r in readings] if len(part) == 2 else []
        readings = split + joined
    return readings


def acronym_of(acronym: str, words: Tokens) -> bool:
    """Whether `acronym` is the initials of a run of `words` (connectors may be skipped).

    Each segment starts one word of the run; a capital with a small letter may take two
    letters of one word ("Ke" of "Kenya" in KeNHA) or start two words ("o" of "of" in UoN).
    """
    return any(
        _run_matches(segments, words[start:])
        for segments in _segmentations(acronym)
        for start in range(len(words))
        if len(segments) >= 2
    )


def acronym_runs(acronym: str, words: Tokens, starts: Iterable[int] | None = None) -> list[Tokens]:
    """The runs of `words` that `acronym` stands for exactly ("R&D" -> research and
    development), beginning at `starts` (every position if None)."""
    readings = [s for s in _segmentations(acronym) if len(s) >= 2]
    positions = range(len(words)) if starts is None else starts
    return [
        words[start:end]
        for start in positions
        for end in range(start + 2, min(len(words), start + 12) + 1)
        if words[end - 1] not in CONNECTORS
        and any(_exact(segments, words[start:end]) for segments in readings)
    ]


def is_acronym(token: str) -> bool:
    return bool(_segmentations(token))


def _exact(segments: list[str], words: Tokens) -> bool:
    if not segments or not words:
        return not segments and not words
    if words[0].startswith(segments[0]) and _exact(segments[1:], words[1:]):
        return True
    return words[0] in CONNECTORS and _exact(segments, words[1:])


def _run_matches(segments: list[str], words: Tokens) -> bool:
    if not segments:
        return True
    if not words:
        return False
    head, word = segments[0], words[0]
    if word.startswith(head) and _run_matches(segments[1:], words[1:]):
        return True
    # A connector may be skipped, but never the first word of the run.
    return word in CONNECTORS and len(segments) < len(words) and _run_matches(segments, words[1:])
