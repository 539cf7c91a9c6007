"""Reading single values out of posting text: dates, salaries, employment types.

English, Swahili and French forms are understood, since Kenyan and regional
boards publish in all three.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from kazi.jobs.posting import EmploymentType, Salary, SalaryUnit

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januari janvier janv",
        "february feb februari février fevrier févr fevr",
        "march mar machi mars",
        "april apr aprili avril avr",
        "may mei mai",
        "june jun juni juin",
        "july jul julai juillet juil",
        "august aug agosti août aout",
        "september sep sept septemba septembre",
        "october oct oktoba octobre",
        "november nov novemba novembre",
        "december dec desemba décembre decembre déc",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH_NAME = "|".join(sorted((re.escape(name) for name in _MONTHS), key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    re.compile(rf"\b{_DAY}\.?\s+(?:of\s+)?(?P<mname>{_MONTH_NAME})\.?,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<mname>{_MONTH_NAME})\.?\s+{_DAY},?\s+{_YEAR}\b", re.I),
    # Numeric dates on Kenyan pages are day first.
    re.compile(r"\b(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)[/.-](?P<year>(?:19|20)\d\d)\b"),
)


def find_date(text: str) -> date | None:
    """The first calendar date written in text, or None."""
    best: tuple[int, date] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _date_from_match(match)
            if found is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), found)
                break
    return best[1] if best else None


_DAY_MONTH = re.compile(
    rf"\b{_DAY}\.?\s+(?:of\s+)?(?P<mname>{_MONTH_NAME})\b\.?(?!\s*,?\s*\d)"
    rf"|\b(?P<mname2>{_MONTH_NAME})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,\s]*\d)"
    r"|\b(?P<day3>[0-3]?\d)/(?P<month3>[01]?\d)\b(?!/)",
    re.IGNORECASE,
)


def find_day_month(text: str, today: date | None = None) -> date | None:
    """A date written without its year ("15th Jan", "30/01"): the next such day from today."""
    today = today or date.today()
    for match in _DAY_MONTH.finditer(text):
        day = match["day"] or match["day2"] or match["day3"]
        name = match["mname"] or match["mname2"]
        month = _MONTHS.get(name.lower()) if name else int(match["month3"])
        if month is None:
            continue
        for year in (today.year, today.year + 1):
            try:
                found = date(year, month, int(day))
            except ValueError:
                break
            if found >= today:
                return found
    return None


def _date_from_match(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month_name = groups.get("mname")
    month = _MONTHS.get(month_name.lower()) if month_name else int(groups["month"])
    if month is None:
        return None
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


# English, Swahili and French first; then the forms other boards write (German, Dutch,
# Portuguese, Spanish, Russian). Order matters: "part-time" before "time" words.
_EMPLOYMENT_WORDS: tuple[tuple[str, EmploymentType], ...] = (
    (
        r"part[\s_-]?time|temps partiel|nusu muda|muda wa sehemu|teilzeit|deeltijd"
        r"|meio per[ií]odo|tempo parcial|medio tiempo|tiempo parcial|частичная занятость",
        EmploymentType.PART_TIME,
    ),
    (
        r"intern(?:ship)?s?|attachment|graduate trainee|stage|mafunzo kazini|uanagenzi"
        r"|praktikum|stagiair|est[aá]gio|pr[aá]cticas|стажировка",
        EmploymentType.INTERN,
    ),
    (r"volunteer(?:ing)?|b[ée]n[ée]vol(?:e|at)|kujitolea|ehrenamt", EmploymentType.VOLUNTEER),
    (r"per[\s_-]?diem", EmploymentType.PER_DIEM),
    (
        r"temporary|temp|casual|seasonal|cdd|muda mfupi|kibarua|befristet|tempor[aá]rio"
        r"|временная",
        EmploymentType.TEMPORARY,
    ),
    (
        r"contract(?:or)?|consultan(?:cy|t)|freelance|fixed[\s-]term|mkataba|prestataire"
        r"|freiberuflich|freelancer|zzp|aut[oó]nomo|проектная",
        EmploymentType.CONTRACTOR,
    ),
    (
        r"full[\s_-]?time|permanent|cdi|temps plein|kudumu|muda wote|vollzeit|festanstellung"
        r"|voltijd|vast contract|tempo integral|tiempo completo|jornada completa"
        r"|полная занятость|постоянная",
        EmploymentType.FULL_TIME,
    ),
)
_EMPLOYMENT_PATTERNS = tuple(
    (re.compile(rf"\b(?:{words})\b", re.I), kind) for words, kind in _EMPLOYMENT_WORDS
)
# Japanese and Chinese terms: no word boundaries in those scripts.
_CJK_EMPLOYMENT_WORDS: tuple[tuple[str, EmploymentType], ...] = (
    ("パート|アルバイト|兼职|兼職", EmploymentType.PART_TIME),
    ("インターン|实习|實習", EmploymentType.INTERN),
    ("契約社員|派遣|临时|臨時", EmploymentType.TEMPORARY),
    ("業務委託|外包", EmploymentType.CONTRACTOR),
    ("正社員|正職員|全职|全職", EmploymentType.FULL_TIME),
)
_CJK_EMPLOYMENT_PATTERNS = tuple((re.compile(words), kind) for words, kind in _CJK_EMPLOYMENT_WORDS)


def employment_type_from(text: str) -> EmploymentType | None:
    """Map a label such as "Full Time", "FULL_TIME" or "Mkataba" to a schema.org value."""
    cleaned = text.strip()
    upper = cleaned.upper().replace("-", "_").replace(" ", "_")
    if upper in EmploymentType.__members__:
        return EmploymentType[upper]
    for pattern, kind in (*_EMPLOYMENT_PATTERNS, *_CJK_EMPLOYMENT_PATTERNS):
        if pattern.search(cleaned):
            return kind
    return None


_UNIT_PATTERNS: tuple[tuple[re.Pattern[str], SalaryUnit], ...] = tuple(
    (re.compile(rf"(?:\b|/\s*)(?:{words})\b", re.I), unit)
    for words, unit in (
        (r"hour|hourly|hr|saa|heure", SalaryUnit.HOUR),
        (r"day|daily|siku|jour|journalier", SalaryUnit.DAY),
        (r"week|weekly|wiki|semaine", SalaryUnit.WEEK),
        (r"month|monthly|p\.?m|pm|mwezi|mois|mensuel", SalaryUnit.MONTH),
        (r"year|yearly|annum|annual|annually|p\.?a|pa|mwaka|an|annuel", SalaryUnit.YEAR),
    )
)


def salary_unit_from(text: str) -> SalaryUnit | None:
    """The pay period named earliest in text ("per month", "p.a.", "kwa mwezi")."""
    upper = text.strip().upper()
    if upper in SalaryUnit.__members__:
        return SalaryUnit[upper]
    found: list[tuple[int, SalaryUnit]] = []
    for pattern, unit in _UNIT_PATTERNS:
        match = pattern.search(text)
        if match is not None:
            found.append((match.start(), unit))
    return min(found)[1] if found else None


_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    (r"kshs?\.?|kes|ksh\.?|sh\.?", "KES"),
    (r"ushs?\.?|ugx", "UGX"),
    (r"tshs?\.?|tzs", "TZS"),
    (r"rwf|frw", "RWF"),
    (r"usd|us\$|\$", "USD"),
    (r"eur|€|euros?", "EUR"),
    (r"gbp|£", "GBP"),
    (r"pkr", "PKR"),
    (r"inr|₹", "INR"),
)
# "Rs" is the rupee of Pakistan, India, Sri Lanka and Nepal alike: the page's country decides.
_RUPEES = r"rs\.?|rupees?"
_RUPEE_BY_COUNTRY = (("pakistan", "PKR"), ("india", "INR"), ("sri lanka", "LKR"), ("nepal", "NPR"))
_CURRENCY = "|".join(f"(?:{words})" for words, _ in _CURRENCY_WORDS) + f"|{_RUPEES}"
_AMOUNT = r"\d{1,3}(?:[,\s ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s*[kK](?![^\W\d_]))?"
_SALARY_PATTERN = re.compile(
    rf"(?<![A-Za-z])(?P<cur>{_CURRENCY})\s*(?P<low>{_AMOUNT})"
    rf"(?:\s*(?:-|–|—|to|up to|hadi|à)\s*(?:(?:{_CURRENCY})\s*)?(?P<high>{_AMOUNT}))?",
    re.I,
)
_SALARY_AFTER_PATTERN = re.compile(
    rf"(?P<low>{_AMOUNT})(?:\s*(?:-|–|—|to|up to|à)\s*(?P<high>{_AMOUNT}))?"
    r"\s*(?P<cur>kes|usd|eur|gbp|ugx|tzs|rwf)\b",
    re.I,
)


# Kenyan shorthands without a currency word: "18,000/=" and "45K".
_SLASH_EQUALS_PATTERN = re.compile(
    rf"(?P<low>{_AMOUNT})\s*/=(?:\s*(?:-|–|—|to|hadi)\s*(?P<high>{_AMOUNT})\s*/=?)?", re.I
)
_THOUSANDS_PATTERN = re.compile(
    r"(?<![\w.,])(?P<low>\d{1,3}(?:\.\d)?\s?[kK])\b"
    r"(?:\s*(?:-|–|—|to|hadi)\s*(?P<high>\d{1,3}(?:\.\d)?\s?[kK])\b)?"
)


def rupee_currency(page_text: str) -> str | None:
    """The rupee a page means: that of the first rupee country it names."""
    lowered = page_text.lower()
    found = [(lowered.find(name), code) for name, code in _RUPEE_BY_COUNTRY if name in lowered]
    return min(found)[1] if found else None


def currency_code(text: str, rupee: str | None = None) -> str | None:
    cleaned = text.strip()
    if re.fullmatch(_RUPEES, cleaned, re.I):
        return rupee
    for words, code in _CURRENCY_WORDS:
        if re.fullmatch(words, cleaned, re.I):
            return code
    upper = cleaned.upper()
    return upper if re.fullmatch(r"[A-Z]{3}", upper) else None


def parse_amount(text: str) -> Decimal | None:
    cleaned = re.sub(r"[,\s ]", "", text)
    multiplier = Decimal(1)
    if cleaned[-1:] in ("k", "K"):
        cleaned, multiplier = cleaned[:-1], Decimal(1000)
    try:
        amount = Decimal(cleaned) * multiplier
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def find_salary(text: str, rupee: str | None = None) -> Salary | None:
    """A salary written in text, such as "KSh 50,000 - 80,000 per month"; rupee is the
    code "Rs" stands for on this page, if known."""
    match = _SALARY_PATTERN.search(text) or _SALARY_AFTER_PATTERN.search(text)
    currency = currency_code(match["cur"], rupee) if match is not None else "KES"
    match = match or _SLASH_EQUALS_PATTERN.search(text) or _THOUSANDS_PATTERN.search(text)
    if match is None:
        return None
    low = parse_amount(match["low"])
    high = parse_amount(match["high"]) if match["high"] else low
    if low is None or high is None or low == 0:
        return None
    if high < low:
        low, high = high, low
    return Salary(
        currency=currency,
        min=low,
        max=high,
        unit=salary_unit_from(text[match.end() : match.end() + 30]),
    )
