"""Finding checkable claims in free text.

A claim is any phrase that states a fact about the candidate: a year, an amount, an
employer, a title, a qualification, a skill, a phone number. This module only finds
them; `evidence.py` decides whether the profile supports each one.

Passes run from the most specific pattern to the least, and each pass blanks out what
it matched, so "KES 2M in 2019" yields one amount and one year, never a stray "2".
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from kazi.documents import named_claims
from kazi.documents.claim import Builder, Claim, ClaimKind
from kazi.documents.skill_terms import skill_lookup, skill_mentions
from kazi.documents.text import normalise
from kazi.documents.values import (
    CAPSEQ,
    EMAIL,
    PHONE,
    URL,
    VALUE_PASSES,
    WORD_VALUE_PASSES,
    needs_digits,
)
from kazi.documents.vocabulary import (
    IRREGULAR_VERBS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NOT_ENTITIES,
    ORG_MARKERS,
    PLACE_NAMES,
    TITLE_NOUNS,
)

__all__ = ["EMAIL", "PHONE", "URL", "Claim", "ClaimKind", "extract_claims", "extract_values"]

# Any degree abbreviation of the lexicon ("BSc", "B.Com", "MBChB", "Dip."), then its field.
_DEGREE_ABBREVIATION = re.compile(
    r"(?<![\w.])([A-Z][A-Za-z]{0,3}(?:\.\s?[A-Za-z]{1,4}){0,2}|[A-Z]{2,}[a-z]?[A-Z]?[a-z]?)\.?"
    r"(?![\w])"
    rf"(?:\.?\s*(?:\(\s*)?(?:in\s+)?({CAPSEQ}))?"
)
_DEGREE_WORD = re.compile(
    r"\b((?:(?:Higher|Postgraduate|Post-?graduate)\s+)?"
    r"(?:Bachelor|Master|Doctor|Diploma|Certificate|Degree)|(?:bachelor|master)(?=\S*\s+degree))"
    r"(?:'s|’s|s)?(?:\s+[Dd]egree)?"
    rf"(?:\s+of\s+({CAPSEQ}))?(?:\s+(?:in|katika)\s+({CAPSEQ}))?"
)
_DEGREE_CLASS = re.compile(
    r"(?i)\b(?:(?:first|second|third)[\s-]+class|(?:upper|lower)\s+(?:division|second)"
    r"|distinction|cum laude)\b"
)
_GRADE = re.compile(r"(?:KCSE|KCPE|[Mm]ean [Gg]rade)\b[^.\n]{0,30}?(?<!\w)([A-E][+-]?)(?![\w+-])")
_MEMBERSHIP = re.compile(rf"\b(?i:member of|membership of)\s+(?:the\s+)?({CAPSEQ})")
_TITLE_CAPITALISED = re.compile(
    r"((?:[A-Z][\w&'’-]*[ \t]+){0,3})("
    + "|".join(t.capitalize() for t in sorted(TITLE_NOUNS))
    + rf")(?![\w'’])(\s+of\s+{CAPSEQ})?"
)
_TITLE_AFTER_AS = re.compile(
    r"\b(?i:as an?)\s+((?:[a-z][\w-]*\s+){0,3}?(?:" + "|".join(sorted(TITLE_NOUNS)) + r"))\b"
)
_CAPITALISED_SEQUENCE = re.compile(rf"(?<![\w&'’.-]){CAPSEQ}")
_ORG_PREPOSITION = re.compile(
    r"(?:^|[^\w])(?i:at|with|for|from|joined|katika|(?:moved|seconded|transferred|posted"
    r"|deployed|promoted)\s+to)\s+(?:the\s+)?$",
    re.MULTILINE,
)
_YEAR_AFTER = re.compile(r"[ \t]+(?:19|20)\d{2}\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n#*>|\-]|\d\.)\s*$")


class _Masked:
    """The text being scanned, with already-claimed spans blanked out."""

    def __init__(self, text: str) -> None:
        self.text = text

    def take(
        self, pattern: re.Pattern[str], build: Builder, *, mask_unclaimed: bool = True
    ) -> list[Claim]:
        claims: list[Claim] = []
        spans: list[tuple[int, int]] = []
        for match in pattern.finditer(self.text):
            claim = build(match)
            if claim is not None:
                claims.append(claim)
            if claim is not None or mask_unclaimed:
                spans.append(match.span())
        self.blank(spans)
        return claims

    def blank(self, spans: list[tuple[int, int]]) -> None:
        for start, end in spans:
            self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def take_found(self, found: named_claims.Found) -> list[Claim]:
        self.blank([span for _, _, span in found])
        return [Claim(ClaimKind(kind), text, normalise(text)) for kind, text, _ in found]


def extract_claims(text: str, skill_terms: Sequence[str] = ()) -> list[Claim]:
    """Every checkable claim in `text`, in pass order (values, then names)."""
    masked = _Masked(text)
    claims = _values(masked)
    claims += _grades(masked)
    for finder in (named_claims.awards, named_claims.licences, named_claims.certifications):
        claims += masked.take_found(finder(masked.text))
    claims += masked.take(_DEGREE_ABBREVIATION, _degree_from_abbreviation, mask_unclaimed=False)
    claims += masked.take(_DEGREE_WORD, _degree_from_words)
    claims += masked.take(_DEGREE_CLASS, _degree_class)
    claims += masked.take(_MEMBERSHIP, _membership)
    claims += masked.take_found(named_claims.languages(masked.text))
    claims += masked.take_found(named_claims.skills_by_cue(masked.text))
    claims += _titles(masked)
    claims += _organisations(masked.text, text, skill_terms)
    claims += [
        Claim(ClaimKind.SKILL, term, key) for term, key in skill_mentions(masked.text, skill_terms)
    ]
    return _located(text, claims)


def _located(text: str, claims: list[Claim]) -> list[Claim]:
    """Each claim with its span: the next place its text is written not yet taken."""
    searched_from: dict[str, int] = {}
    located: list[Claim] = []
    for claim in claims:
        start = text.find(claim.text, searched_from.get(claim.text, 0))
        if start < 0:
            located.append(claim)
            continue
        searched_from[claim.text] = start + len(claim.text)
        located.append(replace(claim, span=(start, start + len(claim.text))))
    return located


def extract_values(text: str) -> list[Claim]:
    """Only dates, numbers and contact details; used to index the profile's own text."""
    return _values(_Masked(text))


def _values(masked: _Masked) -> list[Claim]:
    # Most passes need a digit; a line without one only gets the word-based passes.
    passes = VALUE_PASSES if needs_digits(masked.text) else WORD_VALUE_PASSES
    return [claim for pattern, build in passes for claim in masked.take(pattern, build)]


def _grades(masked: _Masked) -> list[Claim]:
    # Only the grade letters are claimed; "KCSE" itself is left for the degree pass.
    found = [(m.group(1), m.span(1)) for m in _GRADE.finditer(masked.text)]
    for _, (start, end) in found:
        masked.text = masked.text[:start] + " " * (end - start) + masked.text[end:]
    return [Claim(ClaimKind.GRADE, grade, grade) for grade, _ in found]


def _degree_from_abbreviation(match: re.Match[str]) -> Claim | None:
    if not named_claims.is_degree_abbreviation(match.group(1).replace(" ", "")):
        return None
    head = normalise(match.group(1))
    text = match.group(0).strip().rstrip(".")
    return Claim(ClaimKind.DEGREE, text, head, normalise(match.group(2) or ""))


def _degree_from_words(match: re.Match[str]) -> Claim | None:
    head = normalise(re.sub(r"(?:'s|’s|s)$", "", match.group(1)))
    of_part, subject = match.group(2), match.group(3)
    if head.endswith(("doctor", "certificate", "degree")) and not (of_part or subject):
        return None  # "Doctor" alone is an honorific; a bare "certificate" states nothing
    key = f"{head} of {normalise(of_part)}" if of_part else head
    if head == "degree":
        key = ""  # "a degree in X" claims the subject, not a level
    return Claim(ClaimKind.DEGREE, match.group(0).strip(), key, normalise(subject or ""))


def _degree_class(match: re.Match[str]) -> Claim:
    return Claim(
        ClaimKind.DEGREE_CLASS, match.group(0), normalise(match.group(0)).replace("-", " ")
    )


def _membership(match: re.Match[str]) -> Claim:
    return Claim(ClaimKind.CERTIFICATION, match.group(1), normalise(match.group(1)))


def at_sentence_start(text: str, position: int) -> bool:
    return _SENTENCE_START.search(text[max(0, position - 12) : position]) is not None


def _titles(masked: _Masked) -> list[Claim]:
    text = masked.text
    claims: list[Claim] = []
    for match in _TITLE_CAPITALISED.finditer(text):
        prefix = match.group(1).split()
        while prefix and prefix[0].lower() in NOT_ENTITIES:
            prefix.pop(0)
        if not prefix and not match.group(3) and at_sentence_start(text, match.start(2)):
            continue  # "Lead the team..." starts a sentence with a verb, not a title
        phrase = " ".join([*prefix, match.group(2)]) + (match.group(3) or "")
        claims.append(Claim(ClaimKind.TITLE, phrase.strip(), normalise(phrase)))
    claims += [
        Claim(ClaimKind.TITLE, m.group(1), normalise(m.group(1)))
        for m in _TITLE_AFTER_AS.finditer(text)
    ]
    masked.take(_TITLE_CAPITALISED, lambda m: None)
    return claims


def _organisations(text: str, original: str, skill_terms: Sequence[str]) -> list[Claim]:
    """Organisations: capitalised names after "at", "with", "joined"... or with a marker
    word ("Bank", "Ltd"). A name followed by a year ("Vision 2030") is a plan or a
    product, not an employer, unless it has a marker."""
    skills = skill_lookup(tuple(skill_terms)).keys
    claims: list[Claim] = []
    for match in _CAPITALISED_SEQUENCE.finditer(text):
        phrase = match.group(0)
        after_preposition = _ORG_PREPOSITION.search(
            text[max(0, match.start() - 24) : match.start()]
        )
        has_marker = any(w.lower().strip(".") in ORG_MARKERS for w in phrase.split())
        names_a_year = _YEAR_AFTER.match(original, match.end()) is not None
        if not (has_marker or (after_preposition and not names_a_year)):
            continue
        drop_first = at_sentence_start(text, match.start()) and not after_preposition
        claims += [
            Claim(ClaimKind.ORGANISATION, part, normalise(part))
            for part in _organisation_parts(phrase, drop_first)
            if normalise(part) not in skills
        ]
    return claims


def _organisation_parts(phrase: str, drop_first: bool) -> Iterable[str]:
    """The names in a capitalised run: fillers trimmed, "A and B" split into two."""
    words = phrase.split()
    if drop_first and len(words) > 1 and _is_leading_verb(words[0]):
        words = words[1:]  # a capitalised verb that starts the sentence ("Joined KCB Bank")
    while words and words[0].lower() in NOT_ENTITIES:
        words = words[1:]
    while words and words[-1].lower() in NOT_ENTITIES:
        words = words[:-1]  # "at KCB Bank I supervised": the pronoun is not part of the name
    for part in re.split(r"\s+and\s+", " ".join(words)):
        name = part.strip(" .,")
        key = normalise(name)
        if name and key not in PLACE_NAMES and key not in NOT_ENTITIES and not _is_month(name):
            yield name


def _is_leading_verb(word: str) -> bool:
    bare = word.lower().strip(".")
    return bare not in ORG_MARKERS and (bare.endswith("ed") or bare in IRREGULAR_VERBS)


def _is_month(name: str) -> bool:
    first = name.split()[0].lower().strip(".")
    return first in MONTHS or first in MONTH_ABBREVIATIONS
