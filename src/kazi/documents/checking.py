"""Re-checking stored documents and checking documents users wrote; export to files.

Every verdict is computed by code. A judge model runs only when a provider is routed
for task `validation`; its remarks go to `report.advisory` and never change `ok`.
"""

import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.documents.builtin.letter_layout import without_date_line
from kazi.documents.cv import CVDocument
from kazi.documents.drafts import NO_SUCH_JOB
from kazi.documents.export import Design, markdown_to_docx, markdown_to_pdf
from kazi.documents.generation import UnusableAnswer, remarks_with_model
from kazi.documents.models import StoredDocument
from kazi.documents.render import cv_to_markdown
from kazi.documents.report import ValidationReport
from kazi.documents.schemas import (
    BUILTIN,
    DocumentKind,
    ExportFormat,
    JudgeStatus,
    ValidateRequest,
    ValidationOut,
)
from kazi.documents.service import DocumentService
from kazi.documents.storing import file_name
from kazi.documents.validation import TextKind, validate_cv, validate_text
from kazi.enums import TaskType, Tier
from kazi.jobs.posting import JobData
from kazi.jobs.repository import JobRepository
from kazi.kit.cpu import CpuPool
from kazi.kit.errors import InvalidInput, NotFound
from kazi.kit.http import describe_validation
from kazi.profiles.repository import ProfileRepository
from kazi.profiles.schemas import Profile
from kazi.routing.attempts import CallContext
from kazi.routing.router import AllProvidersFailed, NoProviderConfigured, Router
from kazi.users.models import User

logger = logging.getLogger(__name__)

ADVISORY_BY_MODEL = "model"
MEDIA_TYPES = {
    ExportFormat.PDF: "application/pdf",
    ExportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ExportFormat.MD: "text/markdown; charset=utf-8",
}


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    media_type: str
    filename: str


@dataclass(frozen=True)
class _Checked:
    text: str  # what a judge reads: the Markdown of the document
    report: ValidationReport


def parse_resume(data: dict[str, Any]) -> CVDocument:
    try:
        return CVDocument.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(
            f"The document is not a valid JSON Resume: {describe_validation(exc.errors())}"
        ) from None


def check_cv(doc: CVDocument, profile: Profile, job: JobData | None) -> _Checked:
    """A CV document checked against the profile (runs in the CPU pool)."""
    return _Checked(cv_to_markdown(doc), validate_cv(doc, profile, job))


def check_text(text: str, profile: Profile, job: JobData | None, kind: TextKind) -> _Checked:
    """Markdown or plain text checked against the profile (runs in the CPU pool)."""
    return _Checked(text, validate_text(text, profile, job, kind=kind))


async def check_stored(
    cpu: CpuPool, stored: StoredDocument, profile: Profile, job: JobData | None
) -> _Checked:
    if stored.kind == DocumentKind.CV and stored.content is not None:
        doc = CVDocument.model_validate(stored.content)
        return await cpu.run(check_cv, doc, profile, job)
    if stored.kind == DocumentKind.CV:
        return await cpu.run(check_text, stored.markdown, profile, job, TextKind.CV)
    # A stored letter's date line is the day it was written, not a claim.
    checked = await cpu.run(
        check_text, without_date_line(stored.markdown), profile, job, TextKind.COVER_LETTER
    )
    return _Checked(stored.markdown, checked.report)


async def check_supplied(
    cpu: CpuPool, body: ValidateRequest, profile: Profile, job: JobData | None
) -> _Checked:
    if isinstance(body.document, dict):
        return await cpu.run(check_cv, parse_resume(body.document), profile, job)
    return await cpu.run(check_text, body.document, profile, job, body.kind)


class CheckingService:
    def __init__(self, session: AsyncSession, router: Router, cpu: CpuPool) -> None:
        self.session = session
        self.router = router
        self.cpu = cpu

    async def _job(self, user_id: int, job_id: int | None, *, required: bool) -> JobData | None:
        job = await JobRepository(self.session).get(user_id, job_id) if job_id else None
        if job is None and required:
            raise NotFound(NO_SUCH_JOB)
        return JobData.model_validate(job.data) if job else None

    async def revalidate(self, user: User, document_id: int) -> ValidationOut:
        """The stored document against the current profile and its job (if it still exists)."""
        stored = await DocumentService(self.session, self.router, self.cpu).get(
            user.id, document_id
        )
        profile = await ProfileRepository(self.session).get(user.id)
        job = await self._job(user.id, stored.job_id, required=False)
        checked = await check_stored(self.cpu, stored, profile, job)
        return await self._judged(user, stored.id, checked, profile, job)

    async def validate(self, user: User, body: ValidateRequest) -> ValidationOut:
        profile = await ProfileRepository(self.session).get(user.id)
        job = await self._job(user.id, body.job_id, required=body.job_id is not None)
        checked = await check_supplied(self.cpu, body, profile, job)
        return await self._judged(user, None, checked, profile, job)

    async def _judged(
        self,
        user: User,
        document_id: int | None,
        checked: _Checked,
        profile: Profile,
        job: JobData | None,
    ) -> ValidationOut:
        report = checked.report
        code_only = ValidationOut(
            document_id=document_id,
            report=report,
            provider_used=BUILTIN,
            judge=JudgeStatus.NOT_CONFIGURED,
        )
        ctx = CallContext(TaskType.VALIDATION, Tier(user.tier), user.id)
        try:
            remarks, routed = await remarks_with_model(
                self.router, ctx, checked.text, profile, job, report
            )
        except NoProviderConfigured:
            return code_only
        except (AllProvidersFailed, UnusableAnswer) as exc:
            logger.warning("validation judge unavailable (%s)", exc.code)
            return code_only.model_copy(update={"judge": JudgeStatus.UNAVAILABLE})
        return ValidationOut(
            document_id=document_id,
            report=report.model_copy(update={"advisory": remarks}),
            provider_used=routed.provider_used,
            model=routed.model,
            latency_ms=routed.latency_ms,
            judge=JudgeStatus.DONE,
            advisory_source=ADVISORY_BY_MODEL if remarks else None,
        )


def pdf_bytes(markdown: str, title: str, design: Design) -> bytes:
    return markdown_to_pdf(markdown, title=title, design=design)


def docx_bytes(markdown: str, title: str, design: Design) -> bytes:
    return markdown_to_docx(markdown, title=title, design=design)


async def export_file(
    cpu: CpuPool, stored: StoredDocument, fmt: ExportFormat, design: Design = Design.ATS
) -> ExportFile:
    """The document as a file; PDF and DOCX are built in the CPU pool."""
    if fmt is ExportFormat.PDF:
        data = await cpu.run(pdf_bytes, stored.markdown, stored.title, design)
    elif fmt is ExportFormat.DOCX:
        data = await cpu.run(docx_bytes, stored.markdown, stored.title, design)
    else:
        data = stored.markdown.encode("utf-8")
    return ExportFile(data, MEDIA_TYPES[fmt], file_name(stored.title, fmt.value))
