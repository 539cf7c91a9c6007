"""What validation returns: the issues found, keyword coverage and length."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, JsonValue, computed_field
from pydantic.alias_generators import to_camel

from kazi.documents.coverage import Coverage


class IssueKind(StrEnum):
    # Fabrications: the document states something the profile does not.
    UNKNOWN_EMPLOYER = "unknown_employer"
    UNKNOWN_TITLE = "unknown_title"
    DATE_MISMATCH = "date_mismatch"
    UNKNOWN_DEGREE = "unknown_degree"
    UNKNOWN_CERTIFICATION = "unknown_certification"
    UNSUPPORTED_NUMBER = "unsupported_number"
    UNKNOWN_SKILL = "unknown_skill"
    UNKNOWN_LANGUAGE = "unknown_language"
    UNKNOWN_AWARD = "unknown_award"
    UNKNOWN_PROJECT = "unknown_project"
    UNKNOWN_REFERENCE = "unknown_reference"
    CONTACT_MISMATCH = "contact_mismatch"
    # Advice: nothing false, but worth fixing.
    TOO_LONG = "too_long"


class Severity(StrEnum):
    ERROR = "error"  # a fabrication: the document must not be used as is
    WARNING = "warning"


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Issue(_Model):
    kind: IssueKind
    severity: Severity = Severity.ERROR
    text: str = Field(description="The offending text, as written in the document")
    detail: str = Field("", description="Why the profile does not support the claim")
    remedy: str = Field("", description="What in the profile would support the claim")
    span: tuple[int, int] | None = Field(
        None, description="Start and end of the claim in the line or field at `path`"
    )
    entry: str = Field(
        "", description='The profile entry the claim was checked against, e.g. "work[1]"'
    )
    path: str = Field("", description='Where in a CV document, e.g. "work[1].highlights[0]"')
    expected: JsonValue = Field(
        None, description="The profile's value for a field that differs, used to restore it"
    )


class ValidationReport(_Model):
    issues: list[Issue] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    missing_sections: list[str] = Field(default_factory=list)
    word_count: int = 0
    pages_estimate: float = 0.0
    advisory: list[str] = Field(
        default_factory=list,
        description="Remarks from an optional LLM judge. Advisory only: they never change `ok`.",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when nothing in the document is a fabrication (warnings allowed)."""
        return not any(issue.severity is Severity.ERROR for issue in self.issues)

    def of_kind(self, kind: IssueKind) -> list[Issue]:
        return [issue for issue in self.issues if issue.kind is kind]
