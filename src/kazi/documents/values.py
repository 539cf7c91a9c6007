"""Value claims: dates, amounts, percentages, years of experience, contact details.

Also used on the profile's own text, to index the figures it states. Each pass is a
pattern and how its match becomes a claim; passes run in order, each blanking out what
it matched.
"""

import re
from decimal import Decimal

from kazi.documents.claim import Builder, Claim, ClaimKind
from kazi.documents.text import normalise
from kazi.documents.vocabulary import COUNTED_NOUNS, MONTH_ABBREVIATIONS, MONTHS, NUMBER_WORDS

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:million|billion|thousand|bn|mn|[kKmMbB])"
_CURRENCY = r"(?:(?i:kshs|ksh|kes|sh|usd|us\$|eur|gbp)\.?|\$|€|£)"
_CAPWORD = r"[A-Z][\w&'’.-]*(?<!\.)"
CAPSEQ = rf"{_CAPWORD}(?:[ \t]+(?:(?:of|and|&|for|de|la|the)[ \t]+)?{_CAPWORD}){{0,6}}"
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
# Addresses are not claims: "P.O. Box 12345-00100".
_POSTAL = re.compile(r"(?i)\bP\.?\s?O\.?\s?Box\s+\d+(?:\s?-\s?\d{3,6})?")
# A date with its day ("1st December 2026", "12 May 1994", "12/05/1994") dates a letter,
# an advert or a birth, not a job: career dates are written as months and years.
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_FULL_DATE = re.compile(
    rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_ALT})\.?,?\s+(?:19|20)\d{{2}}(?!\d)"
    rf"|\b(?:{_MONTH_ALT})\.?\s+{_DAY}(?:st|nd|rd|th)?,\s*(?:19|20)\d{{2}}(?!\d)"
    rf"|\b{_DAY}[/.]{_DAY}[/.](?:19|20)\d{{2}}(?!\d)"
)
_NAMED_YEAR = re.compile(r"(?<=[a-z.])[ \t]+((?:19|20)\d{2})(?![\w%]|[.,]\d)")
_LAST_WORD = re.compile(r"([A-Z][a-z]+\.?)$")
_MONTH_WORDS = frozenset([*MONTHS, *MONTH_ABBREVIATIONS])
_CLAUSE_END = re.compile(r"(?:^|[.!?:;\n#*>|(]|\d\.)\s*$")
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
# Not a figure glued to a name by a hyphen ("COVID-19").
_PLAIN_NUMBER = re.compile(rf"(?<![\w.,])(?<![A-Za-z]-)({_NUM})(?![\w])")
_NUMBER_WORD = re.compile(
    r"\b(?i:("
    + "|".join(NUMBER_WORDS)
    + r"))\s+(?:[a-z-]+\s+)?("
    + "|".join(COUNTED_NOUNS)
    + r"|[a-z]{3,}s)\b"
)


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
def _named_year(match: re.Match[str]) -> Claim | None:
    """ "Vision 2030", "Excel 2016": a year that follows a capitalised word ends a name and
    claims no date. A word that starts a sentence ("Since 2019") or a month does not."""
    year = Claim(ClaimKind.YEAR, match.group(1), match.group(1))
    before = match.string[max(0, match.start() - 30) : match.start()]
    word = _LAST_WORD.search(before)
    if word is None or word.group(1).lower().rstrip(".") in _MONTH_WORDS:
        return year
    return year if _CLAUSE_END.search(before[: word.start()]) else None


VALUE_PASSES: tuple[tuple[re.Pattern[str], Builder], ...] = (
    (EMAIL, lambda m: Claim(ClaimKind.EMAIL, m.group(0), m.group(0).lower())),
    (URL, lambda m: Claim(ClaimKind.URL, m.group(0), m.group(0))),
    (PHONE, lambda m: Claim(ClaimKind.PHONE, m.group(0), m.group(0))),
    (_POSTAL, lambda m: None),
    (_FULL_DATE, lambda m: None),
    (_ISO_MONTH, lambda m: _month_year(m, m.group(1), int(m.group(2)))),
    (_SLASH_MONTH, lambda m: _month_year(m, m.group(2), int(m.group(1)))),
    (_NAMED_MONTH, _named_month),
    (_NAMED_YEAR, _named_year),
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
# Passes that need no digit: a line without one gets only these.
WORD_VALUE_PASSES = tuple(
    (pattern, build) for pattern, build in VALUE_PASSES if pattern in (EMAIL, URL, _NUMBER_WORD)
)


def needs_digits(text: str) -> bool:
    return _DIGIT.search(text) is not None
