"""Finding checkable claims in free text.

A claim is any phrase that states a fact about the candidate: a year, an amount, an
employer, a title, a qualification, a skill, a phone number. This module only finds
them; `evidence.py` decides whether the profile supports each one.

Passes run from the most specific pattern to the least, and each pass blanks out what
it matched, so "KES 2M in 2019" yields one amount and one year, never a stray "2".
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kazi.documents import named_claims
from kazi.documents.skill_terms import skill_lookup, skill_mentions
from kazi.documents.text import normalise
from kazi.documents.vocabulary import (
    COUNTED_NOUNS,
    IRREGULAR_VERBS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NOT_ENTITIES,
    NUMBER_WORDS,
    ORG_MARKERS,
    PLACE_NAMES,
    TITLE_NOUNS,
)


class ClaimKind(StrEnum):
    YEAR = "year"
    MONTH_YEAR = "month_year"
    NUMBER = "number"
    EXPERIENCE = "experience"
    ORGANISATION = "organisation"
    TITLE = "title"
    DEGREE = "degree"
    DEGREE_CLASS = "degree_class"
    GRADE = "grade"
    CERTIFICATION = "certification"
    SKILL = "skill"
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    LANGUAGE = "language"
    AWARD = "award"
    LICENCE = "licence"


@dataclass(frozen=True)
class Claim:
    kind: ClaimKind
    text: str  # as written in the document, for the report
    key: str  # normalised form compared with the profile
    subject: str = ""  # a degree's field ("Computer Science"), when stated
    amount: Decimal | None = None  # numbers only
    unit: str = ""  # "KES", "USD", "%" or "" for numbers
    qualifier: str = ""  # "over", "nearly", "about" or "" (exact), for numbers and years


Builder = Callable[[re.Match[str]], Claim | None]

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:million|billion|thousand|bn|mn|[kKmMbB])"
_CURRENCY = r"(?:(?i:kshs|ksh|kes|sh|usd|us\$|eur|gbp)\.?|\$|€|£)"
_CAPWORD = r"[A-Z][\w&'’.-]*(?<!\.)"
_CAPSEQ = rf"{_CAPWORD}(?:[ \t]+(?:(?:of|and|&|for|de|la|the)[ \t]+)?{_CAPWORD}){{0,6}}"
_MONTH_NAMES = sorted([*MONTHS, *MONTH_ABBREVIATIONS], key=len, reverse=True)
_MONTH_ALT = (
    "|".join(m.capitalize() for m in _MONTH_NAMES) + "|" + "|".join(m.upper() for m in _MONTH_NAMES)
)

_SCALES = {
    "k": Decimal(1_000),
    "thousand": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}
_CURRENCY_CODES = {
    "kshs": "KES",
    "ksh": "KES",
    "kes": "KES",
    "sh": "KES",
    "shillings": "KES",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "dollars": "USD",
    "eur": "EUR",
    "€": "EUR",
    "gbp": "GBP",
    "£": "GBP",
}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s)>\]]+|\b(?:linkedin|github)\.com/[^\s)>\]]+")
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)?254[\s-]?|0)[17]\d{2}[\s-]?\d{3}[\s-]?\d{3}(?!\d)"
    r"|(?<![\w+])\+\d{1,3}[\s-]?\d[\d\s-]{6,14}\d(?!\d)"
)
_ISO_MONTH = re.compile(r"(?<![\w-])((?:19|20)\d{2})-(0[1-9]|1[0-2])(?:-\d{2})?(?![\w-])")
_SLASH_MONTH = re.compile(r"(?<![\w/])(0?[1-9]|1[0-2])/((?:19|20)\d{2})(?![\w/])")
_NAMED_MONTH = re.compile(rf"\b({_MONTH_ALT})\.?,?\s+((?:19|20)\d{{2}})(?!\d)")
_MONEY_BEFORE = re.compile(rf"(?<!\w)({_CURRENCY})\s?({_NUM})(?:\s?({_SCALE})(?!\w))?")
_MONEY_AFTER = re.compile(
    rf"(?<![\w.,])({_NUM})(?:\s?({_SCALE}))?\s?(?i:(kes|kshs|ksh|shillings|usd|dollars))\b"
)
_PERCENT = re.compile(rf"(?<![\w.,])({_NUM})\s?(%|(?i:percent|per cent)\b)")
_PERCENT_SW = re.compile(rf"\b(?i:asilimia)\s+({_NUM})(?![\w])")
# Kiswahili puts the scale first: "milioni 2", "KES bilioni 3.8".
_SCALED_SW = re.compile(
    rf"(?<!\w)(?:({_CURRENCY})\s?)?(?i:(elfu|milioni|bilioni))\s+({_NUM})(?![\w])"
)
_SW_SCALES = {"elfu": "thousand", "milioni": "million", "bilioni": "billion"}
# A figure with a unit of measure ("42km", "3 ha"): the figure is the claim.
_MEASURE = re.compile(
    rf"(?<![\w.,])({_NUM})\s?(?i:km|kms|kg|kgs|ha|acres|mw|kw|kv|tonnes|tons|litres|liters"
    r"|m2|m3|sqm|hrs|hours|days|weeks|months)(?![\w])"
)
_SCALED = re.compile(rf"(?<![\w.,])({_NUM})\s?({_SCALE})(?!\w)")
_EXPERIENCE = re.compile(r"(?<![\w.,])(\d{1,2})\s?\+?\s?(?i:years?|yrs?)\b")
_EXPERIENCE_SW = re.compile(r"\b(?i:miaka)\s+(\d{1,2})(?![\w])")
_YEAR = re.compile(r"(?<![\w.,/])((?:19[5-9]|20[0-4])\d)(?![\w%]|[.,]\d)")
_ALNUM_TOKEN = re.compile(r"(?<![\w.])(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]+(?![\w])")
_PLAIN_NUMBER = re.compile(rf"(?<![\w.,])({_NUM})(?![\w])")
_NUMBER_WORD = re.compile(
    r"\b(?i:("
    + "|".join(NUMBER_WORDS)
    + r"))\s+(?:[a-z-]+\s+)?("
    + "|".join(COUNTED_NOUNS)
    + r"|[a-z]{3,}s)\b"
)

# Any degree abbreviation of the lexicon ("BSc", "B.Com", "MBChB", "Dip."), then its field.
_DEGREE_ABBREVIATION = re.compile(
    r"(?<![\w.])([A-Z][A-Za-z]{0,3}(?:\.\s?[A-Za-z]{1,4}){0,2}|[A-Z]{2,}[a-z]?[A-Z]?[a-z]?)\.?"
    r"(?![\w])"
    rf"(?:\.?\s*(?:\(\s*)?(?:in\s+)?({_CAPSEQ}))?"
)
_DEGREE_WORD = re.compile(
    r"\b((?:(?:Higher|Postgraduate|Post-?graduate)\s+)?"
    r"(?:Bachelor|Master|Doctor|Diploma|Certificate|Degree)|(?:bachelor|master)(?=\S*\s+degree))"
    r"(?:'s|’s|s)?(?:\s+[Dd]egree)?"
    rf"(?:\s+of\s+({_CAPSEQ}))?(?:\s+(?:in|katika)\s+({_CAPSEQ}))?"
)
_DEGREE_CLASS = re.compile(
    r"(?i)\b(?:(?:first|second|third)[\s-]+class|(?:upper|lower)\s+(?:division|second)"
    r"|distinction|cum laude)\b"
)
_GRADE = re.compile(r"(?:KCSE|KCPE|[Mm]ean [Gg]rade)\b[^.\n]{0,30}?(?<!\w)([A-E][+-]?)(?![\w+-])")
_MEMBERSHIP = re.compile(rf"\b(?i:member of|membership of)\s+(?:the\s+)?({_CAPSEQ})")
_TITLE_CAPITALISED = re.compile(
    r"((?:[A-Z][\w&'’-]*[ \t]+){0,3})("
    + "|".join(t.capitalize() for t in sorted(TITLE_NOUNS))
    + rf")(?![\w'’])(\s+of\s+{_CAPSEQ})?"
)
_TITLE_AFTER_AS = re.compile(
    r"\b(?i:as an?)\s+((?:[a-z][\w-]*\s+){0,3}?(?:" + "|".join(sorted(TITLE_NOUNS)) + r"))\b"
)
_CAPITALISED_SEQUENCE = re.compile(rf"(?<![\w&'’.-]){_CAPSEQ}")
_ORG_PREPOSITION = re.compile(
    r"(?:^|[^\w])(?i:at|with|for|from|joined|katika|(?:moved|seconded|transferred|posted"
    r"|deployed|promoted)\s+to)\s+(?:the\s+)?$",
    re.MULTILINE,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n#*>|\-]|\d\.)\s*$")


# Words before a figure that make it a bound or an estimate, and the bound they make.
_QUALIFIER_BEFORE = re.compile(
    r"(?i:\b(over|more than|above|in excess of|upwards of|zaidi ya|nearly|almost|close to"
    r"|karibu|about|around|approximately|approx\.|roughly|some|takriban|circa))\s+$"
)
QUALIFIER_MEANING = {
    "over": "over",
    "more than": "over",
    "above": "over",
    "in excess of": "over",
    "upwards of": "over",
    "zaidi ya": "over",
    "+": "at_least",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "karibu": "nearly",
}


def _qualifier(match: re.Match[str]) -> str:
    """ "over", "at_least", "nearly", "about" or "" for the figure `match` found."""
    text = match.string
    if text[match.end() : match.end() + 1] == "+" or "+" in match.group(0):
        return "at_least"
    found = _QUALIFIER_BEFORE.search(text[max(0, match.start() - 24) : match.start()])
    if found is None:
        return ""
    return QUALIFIER_MEANING.get(found.group(1).lower(), "about")


def _amount(number: str, scale: str | None) -> Decimal:
    value = Decimal(number.replace(",", ""))
    return value * _SCALES.get((scale or "").lower(), Decimal(1))


def _number(match: re.Match[str], number: str, scale: str | None = None, unit: str = "") -> Claim:
    amount = _amount(number, scale)
    key = f"{unit}:{format(amount.normalize(), 'f')}"
    return Claim(
        ClaimKind.NUMBER,
        match.group(0).strip(),
        key,
        amount=amount,
        unit=unit,
        qualifier=_qualifier(match),
    )


def _experience(match: re.Match[str]) -> Claim:
    return Claim(ClaimKind.EXPERIENCE, match.group(0), match.group(1), qualifier=_qualifier(match))


def _swahili_scaled(match: re.Match[str]) -> Claim:
    unit = _currency_code(match.group(1)) if match.group(1) else ""
    return _number(match, match.group(3), _SW_SCALES[match.group(2).lower()], unit)


def _currency_code(symbol: str) -> str:
    return _CURRENCY_CODES.get(symbol.lower().rstrip("."), symbol.upper())


def _month_year(match: re.Match[str], year: str, month: int) -> Claim:
    return Claim(ClaimKind.MONTH_YEAR, match.group(0), f"{int(year)}-{month:02d}")


def _named_month(match: re.Match[str]) -> Claim:
    name = match.group(1).lower()
    month = MONTHS.get(name) or MONTH_ABBREVIATIONS[name[:4] if name == "sept" else name[:3]]
    return _month_year(match, match.group(2), month)


def _number_word(match: re.Match[str]) -> Claim:
    value = NUMBER_WORDS[match.group(1).lower()]
    if match.group(2).lower() == "years":
        return Claim(ClaimKind.EXPERIENCE, match.group(0), str(value), qualifier=_qualifier(match))
    return _number(match, str(value))


# Each pass: a pattern and how a match becomes a claim (None: mask it, claim nothing).
_VALUE_PASSES: tuple[tuple[re.Pattern[str], Builder], ...] = (
    (EMAIL, lambda m: Claim(ClaimKind.EMAIL, m.group(0), m.group(0).lower())),
    (URL, lambda m: Claim(ClaimKind.URL, m.group(0), m.group(0))),
    (PHONE, lambda m: Claim(ClaimKind.PHONE, m.group(0), m.group(0))),
    (_ISO_MONTH, lambda m: _month_year(m, m.group(1), int(m.group(2)))),
    (_SLASH_MONTH, lambda m: _month_year(m, m.group(2), int(m.group(1)))),
    (_NAMED_MONTH, _named_month),
    (
        _MONEY_BEFORE,
        lambda m: _number(m, m.group(2), m.group(3), _currency_code(m.group(1))),
    ),
    (
        _MONEY_AFTER,
        lambda m: _number(m, m.group(1), m.group(2), _currency_code(m.group(3))),
    ),
    (_SCALED_SW, _swahili_scaled),
    (_PERCENT, lambda m: _number(m, m.group(1), unit="%")),
    (_PERCENT_SW, lambda m: _number(m, m.group(1), unit="%")),
    (_SCALED, lambda m: _number(m, m.group(1), m.group(2))),
    (_EXPERIENCE, _experience),
    (_EXPERIENCE_SW, _experience),
    (_YEAR, lambda m: Claim(ClaimKind.YEAR, m.group(1), m.group(1))),
    (_MEASURE, lambda m: _number(m, m.group(1))),
    (_ALNUM_TOKEN, lambda m: Claim(ClaimKind.NUMBER, m.group(0), normalise(m.group(0)))),
    (_PLAIN_NUMBER, lambda m: _number(m, m.group(1))),
    (_NUMBER_WORD, _number_word),
)


_DIGIT = re.compile(r"\d")
_WORD_VALUE_PASSES = tuple(
    (pattern, build) for pattern, build in _VALUE_PASSES if pattern in (EMAIL, URL, _NUMBER_WORD)
)


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
    claims += _organisations(masked.text, skill_terms)
    claims += [
        Claim(ClaimKind.SKILL, term, key) for term, key in skill_mentions(masked.text, skill_terms)
    ]
    return claims


def extract_values(text: str) -> list[Claim]:
    """Only dates, numbers and contact details; used to index the profile's own text."""
    return _values(_Masked(text))


def _values(masked: _Masked) -> list[Claim]:
    # Most passes need a digit; a line without one only gets the word-based passes.
    passes = _VALUE_PASSES if _DIGIT.search(masked.text) else _WORD_VALUE_PASSES
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


def _organisations(text: str, skill_terms: Sequence[str]) -> list[Claim]:
    skills = skill_lookup(tuple(skill_terms)).keys
    claims: list[Claim] = []
    for match in _CAPITALISED_SEQUENCE.finditer(text):
        phrase = match.group(0)
        after_preposition = _ORG_PREPOSITION.search(
            text[max(0, match.start() - 24) : match.start()]
        )
        has_marker = any(w.lower().strip(".") in ORG_MARKERS for w in phrase.split())
        if not (after_preposition or has_marker):
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
