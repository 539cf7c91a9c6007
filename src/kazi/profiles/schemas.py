"""The master profile, shaped like JSON Resume (https://jsonresume.org/schema).

Field names on the wire are JSON Resume's own camelCase; Python code uses snake_case.
Dates follow JSON Resume: "YYYY", "YYYY-MM" or "YYYY-MM-DD". Free-text fields are
kept as the user wrote them, so local conventions (KCSE grades, degree classes,
+254 numbers, referees) survive untouched.
"""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, HttpUrl
from pydantic.alias_generators import to_camel

from kazi.kit import limits

_DATE_SHAPES = (4, 7, 10)


def _check_partial_date(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    parts = value.split("-")
    ok = len(value) in _DATE_SHAPES and all(p.isdigit() for p in parts)
    ok = ok and [len(p) for p in parts] == [4, 2, 2][: len(parts)]
    if not ok or (len(parts) > 1 and not 1 <= int(parts[1]) <= 12):
        raise ValueError("must be a date written YYYY, YYYY-MM or YYYY-MM-DD")
    return value


PartialDate = Annotated[str | None, AfterValidator(_check_partial_date)]
ShortText = Annotated[str, Field(max_length=limits.PROFILE_SHORT_TEXT)]
LongText = Annotated[str, Field(max_length=limits.PROFILE_LONG_TEXT)]
Items = Annotated[list[ShortText], Field(max_length=limits.PROFILE_LIST_ITEMS)]


class _Section(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", str_strip_whitespace=True
    )


class Location(_Section):
    address: ShortText | None = None
    postal_code: ShortText | None = None
    city: ShortText | None = None
    country_code: Annotated[str, Field(max_length=2)] | None = None
    region: ShortText | None = None


class SocialProfile(_Section):
    network: ShortText
    username: ShortText | None = None
    url: HttpUrl | None = None


class Basics(_Section):
    name: ShortText = ""
    label: ShortText | None = None
    email: EmailStr | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    url: HttpUrl | None = None
    summary: LongText | None = None
    location: Location | None = None
    profiles: list[SocialProfile] = Field(default_factory=list, max_length=20)


class Work(_Section):
    name: ShortText
    position: ShortText | None = None
    location: ShortText | None = None
    url: HttpUrl | None = None
    start_date: PartialDate = None
    end_date: PartialDate = None
    summary: LongText | None = None
    highlights: Items = Field(default_factory=list)


class Education(_Section):
    institution: ShortText
    area: ShortText | None = None
    study_type: ShortText | None = None
    start_date: PartialDate = None
    end_date: PartialDate = None
    score: ShortText | None = None
    courses: Items = Field(default_factory=list)


class Skill(_Section):
    name: ShortText
    level: ShortText | None = None
    keywords: Items = Field(default_factory=list)


class Project(_Section):
    name: ShortText
    description: LongText | None = None
    highlights: Items = Field(default_factory=list)
    keywords: Items = Field(default_factory=list)
    start_date: PartialDate = None
    end_date: PartialDate = None
    url: HttpUrl | None = None
    roles: Items = Field(default_factory=list)


class Certificate(_Section):
    name: ShortText
    date: PartialDate = None
    issuer: ShortText | None = None
    # Not in JSON Resume: the certificate or registration number a Kenyan employer checks
    # with the issuing body (e.g. an EBK or NCK registration).
    number: ShortText | None = None
    url: HttpUrl | None = None


class Language(_Section):
    language: ShortText
    fluency: ShortText | None = None


class Reference(_Section):
    name: ShortText
    reference: LongText | None = None


class Profile(_Section):
    """A user's master profile: the only source of facts for generated documents."""

    basics: Basics = Field(default_factory=Basics)
    work: list[Work] = Field(default_factory=list, max_length=limits.PROFILE_WORK_ENTRIES)
    education: list[Education] = Field(
        default_factory=list, max_length=limits.PROFILE_EDUCATION_ENTRIES
    )
    skills: list[Skill] = Field(default_factory=list, max_length=limits.PROFILE_SKILL_ENTRIES)
    projects: list[Project] = Field(default_factory=list, max_length=limits.PROFILE_PROJECT_ENTRIES)
    certificates: list[Certificate] = Field(
        default_factory=list, max_length=limits.PROFILE_CERTIFICATE_ENTRIES
    )
    languages: list[Language] = Field(
        default_factory=list, max_length=limits.PROFILE_LANGUAGE_ENTRIES
    )
    references: list[Reference] = Field(
        default_factory=list, max_length=limits.PROFILE_REFERENCE_ENTRIES
    )

    def to_json_resume(self) -> dict[str, object]:
        """The profile as a JSON Resume document (camelCase keys, empty values left out)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
