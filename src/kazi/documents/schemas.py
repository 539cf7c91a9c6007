"""API shapes for generated and checked documents.

Document content is JSON Resume (camelCase keys) and reports keep the camelCase keys of
`ValidationReport`; the envelope fields around them are snake_case like the rest of the API.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from kazi.documents.builtin.letter_templates import Tone
from kazi.documents.cv import DroppedChoice
from kazi.documents.models import StoredDocument
from kazi.documents.report import Issue, ValidationReport
from kazi.documents.validation import TextKind
from kazi.kit.http import RowId
from kazi.kit.limits import (
    DOCUMENT_JSON_MAX_CHARS,
    DOCUMENT_TEXT_MAX_CHARS,
    NoControlChars,
    check_json_value,
)

BUILTIN = "builtin"


class DocumentKind(StrEnum):
    CV = "cv"
    COVER_LETTER = "cover_letter"


class JudgeStatus(StrEnum):
    NOT_CONFIGURED = "not_configured"  # no provider routed for task `validation`
    DONE = "done"
    UNAVAILABLE = "unavailable"  # routed, but every provider failed: code report only


class ExportFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    MD = "md"


class RequirementStatus(BaseModel):
    """One typed requirement of the job and whether the profile meets it.

    A met one names the profile's evidence and appears in the document; an unmet
    must-have is only reported here, never claimed.
    """

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    kind: str = Field(description="degree, certification, licence, membership, years, skill "
                      "or language")  # fmt: skip
    priority: str = Field(description="must or nice")
    text: str = Field(description="The posting's own words")
    met: bool
    evidence: str | None = Field(None, description="The profile's words that meet it")


class DocumentReport(ValidationReport):
    """The report of the returned document, plus what was kept out of it.

    `issues` and `ok` describe the document as returned. `removed` lists the
    fabrications found in the model's draft and removed (or, for a letter, the claims
    that made Kazi write it again); `refused` lists edit-plan choices that named no
    profile entry (an index out of range, a skill the profile lacks, a repeat).
    """

    removed: list[Issue] = Field(default_factory=list)
    refused: list[DroppedChoice] = Field(default_factory=list)
    requirements: list[RequirementStatus] = Field(default_factory=list)


class CVRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_id: RowId
    language: Annotated[str, Field(min_length=2, max_length=35)] | None = Field(
        None, description='"en" or "sw": the language of headings and dates; default "en"'
    )


class CoverLetterRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_id: RowId
    tone: Tone = Tone.FORMAL
    language: Annotated[str, Field(min_length=2, max_length=35), NoControlChars] | None = Field(
        None, description='"en" or "sw"; by default the job\'s language, else "en"'
    )


class ValidateRequest(BaseModel):
    """A document the user wrote: a JSON Resume object, or Markdown / plain text."""

    model_config = ConfigDict(extra="forbid")

    document: (
        dict[str, Any]
        | Annotated[str, Field(min_length=1, max_length=DOCUMENT_TEXT_MAX_CHARS), NoControlChars]
    ) = Field(
        description=f"At most {DOCUMENT_TEXT_MAX_CHARS} characters of text, or a JSON Resume "
        f"object of at most {DOCUMENT_JSON_MAX_CHARS} characters."
    )
    job_id: RowId | None = None
    kind: TextKind = Field(
        TextKind.AUTO, description="For text only: cv, cover_letter, or auto (headings = CV)"
    )

    @field_validator("document", mode="after")
    @classmethod
    def _bounded(cls, document: dict[str, Any] | str) -> dict[str, Any] | str:
        if isinstance(document, dict):
            check_json_value(document, DOCUMENT_JSON_MAX_CHARS, "The document")
        return document


class DocumentOut(BaseModel):
    id: int
    kind: DocumentKind
    title: str
    job_id: int | None
    language: str | None
    tone: str | None
    content: dict[str, Any] | None = Field(description="JSON Resume for a CV; null for letters")
    markdown: str
    report: DocumentReport
    provider_used: str
    model: str | None = Field(None, description="Set on the answer that generated it")
    latency_ms: int | None = Field(None, description="Set on the answer that generated it")
    created_at: datetime

    @classmethod
    def of(
        cls, stored: StoredDocument, *, model: str | None = None, latency_ms: int | None = None
    ) -> "DocumentOut":
        return cls(
            id=stored.id,
            kind=DocumentKind(stored.kind),
            title=stored.title,
            job_id=stored.job_id,
            language=stored.language,
            tone=stored.tone,
            content=stored.content,
            markdown=stored.markdown,
            report=DocumentReport.model_validate(stored.report),
            provider_used=stored.provider_used,
            model=model,
            latency_ms=latency_ms,
            created_at=stored.created_at,
        )


class DocumentSummary(BaseModel):
    id: int
    kind: DocumentKind
    title: str
    job_id: int | None
    language: str | None
    tone: str | None
    ok: bool
    provider_used: str
    created_at: datetime

    @classmethod
    def of(cls, stored: StoredDocument) -> "DocumentSummary":
        return cls(
            id=stored.id,
            kind=DocumentKind(stored.kind),
            title=stored.title,
            job_id=stored.job_id,
            language=stored.language,
            tone=stored.tone,
            ok=DocumentReport.model_validate(stored.report).ok,
            provider_used=stored.provider_used,
            created_at=stored.created_at,
        )


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    total: int
    offset: int
    limit: int


class ValidationOut(BaseModel):
    """A code-computed report; `report.advisory` holds the optional judge's remarks.

    `provider_used` is "builtin" when no judge is routed for task `validation` (the
    report is then code alone); `judge` says whether the judge ran.
    """

    document_id: int | None
    report: ValidationReport
    provider_used: str
    model: str | None = None
    latency_ms: int | None = None
    judge: JudgeStatus
    advisory_source: str | None = Field(
        None,
        description='"model" when `report.advisory` holds remarks: plain-text suggestions '
        "an AI model wrote, not facts Kazi checked",
    )
