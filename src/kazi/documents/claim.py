"""A claim found in a document: its kind, its text and where it was written."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


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
    span: tuple[int, int] | None = None  # where in the checked text, when located


Builder = Callable[[re.Match[str]], Claim | None]
