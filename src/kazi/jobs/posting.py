"""What a job posting holds once extracted: the fields, and where each came from."""

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from kazi.kit import limits

ShortText = Annotated[str, Field(max_length=limits.JOB_SHORT_TEXT)]
Item = Annotated[str, Field(max_length=limits.JOB_ITEM_CHARS)]
Items = Annotated[list[Item], Field(max_length=limits.JOB_LIST_ITEMS)]


class EmploymentType(StrEnum):
    """schema.org JobPosting employmentType values."""

    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACTOR = "CONTRACTOR"
    TEMPORARY = "TEMPORARY"
    INTERN = "INTERN"
    VOLUNTEER = "VOLUNTEER"
    PER_DIEM = "PER_DIEM"
    OTHER = "OTHER"


class SalaryUnit(StrEnum):
    HOUR = "HOUR"
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    YEAR = "YEAR"


class Source(StrEnum):
    """Where a field's value came from."""

    STRUCTURED_DATA = "structured_data"
    LLM = "llm"
    HEURISTIC = "heuristic"
    USER = "user"


class Salary(BaseModel):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    min: Decimal | None = Field(default=None, ge=0)
    max: Decimal | None = Field(default=None, ge=0)
    unit: SalaryUnit | None = None


class HowToApply(BaseModel):
    url: Annotated[str, Field(max_length=2_000)] | None = None
    email: Annotated[str, Field(max_length=320)] | None = None
    instructions: Annotated[str, Field(max_length=5_000)] | None = None


class JobData(BaseModel):
    """The posting's fields. Every field is optional: a page states what it states."""

    title: ShortText | None = None
    company: ShortText | None = None
    location: ShortText | None = None
    remote: bool | None = None
    employment_type: EmploymentType | None = None
    salary: Salary | None = None
    date_posted: date | None = None
    closing_date: date | None = None
    how_to_apply: HowToApply | None = None
    description: Annotated[str, Field(max_length=limits.JOB_DESCRIPTION_MAX_CHARS)] | None = None
    responsibilities: Items = Field(default_factory=list)
    requirements: Items = Field(default_factory=list)
    skills: Items = Field(default_factory=list)
    benefits: Items = Field(default_factory=list)
    language: Annotated[str, Field(max_length=35)] | None = None


JOB_FIELDS: tuple[str, ...] = tuple(JobData.model_fields)
