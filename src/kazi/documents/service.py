"""Tailored CVs and cover letters: the model when one is routed, else the built-in engine.

Every document is validated by code before it is returned. A CV draft's flagged
fabrications are removed and listed in `report.removed`; a letter with flagged claims
is written once more with the claims named, and refused if they persist.
"""

import re
import unicodedata
from dataclasses import dataclass
from http import HTTPStatus

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.builtin.cover_letter import letter_language, write_cover_letter
from kazi.builtin.cv import build_cv, with_language
from kazi.builtin.letter_layout import without_date_line
from kazi.builtin.letter_templates import LetterLanguage, Tone
from kazi.builtin.matching import match_requirements
from kazi.cpu import CpuPool
from kazi.documents.cv import CVDocument, CVEditPlan, apply_edit_plan
from kazi.documents.generation import (
    describe_claims,
    letter_prompt,
    letter_with_model,
    plan_with_model,
)
from kazi.documents.models import StoredDocument
from kazi.documents.profile import Profile
from kazi.documents.render import cv_to_markdown
from kazi.documents.report import Issue, Severity, ValidationReport
from kazi.documents.repository import DocumentRepository
from kazi.documents.schemas import BUILTIN, DocumentKind, DocumentReport, RequirementStatus
from kazi.documents.strip import strip_fabrications
from kazi.documents.validation import TextKind, validate_cv, validate_text
from kazi.domain import TaskType, Tier
from kazi.errors import KaziError, NotFound
from kazi.jobs.posting import JobData
from kazi.jobs.repository import JobRepository
from kazi.profiles.repository import ProfileRepository
from kazi.routing.attempts import CallContext, Stopwatch
from kazi.routing.router import NoProviderConfigured, Routed, Router
from kazi.users.models import User

NO_SUCH_JOB = "No such job."
NO_SUCH_DOCUMENT = "No such document."
MAX_STRIP_ROUNDS = 3
_TITLE_LIMIT = 300
_KIND_TITLES = {DocumentKind.CV: "CV", DocumentKind.COVER_LETTER: "Cover letter"}


def describe_remedies(issues: list[Issue]) -> str:
    """Each claim's remedy; an employer's own name is never something to add."""
    return "; ".join(
        f'"{issue.text}": {issue.remedy or "evidence in your profile"}' for issue in issues
    )


class UnsupportedClaims(KaziError):
    code = "unsupported_claims"
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = "The letter made claims the profile does not support."

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(
            "The letter kept claims the profile does not support, so it was not returned: "
            f"{describe_claims(issues)}. What would support them: {describe_remedies(issues)}."
        )
        self.issues = issues


@dataclass(frozen=True)
class Inputs:
    """What a generation needs, read before any model is called."""

    user_id: int
    tier: str
    job_id: int
    profile: Profile
    job: JobData

    def context(self, task: TaskType) -> CallContext:
        return CallContext(task, Tier(self.tier), self.user_id)


@dataclass(frozen=True)
class Generated:
    kind: DocumentKind
    content: CVDocument | None
    markdown: str
    report: DocumentReport
    provider_used: str
    model: str | None
    latency_ms: int
    language: str | None = None
    tone: str | None = None


async def load_inputs(session: AsyncSession, user: User, job_id: int) -> Inputs:
    """The user's profile and their job; 404 when the job is not theirs."""
    job = await JobRepository(session).get(user.id, job_id)
    if job is None:
        raise NotFound(NO_SUCH_JOB)
    profile = await ProfileRepository(session).get(user.id)
    return Inputs(user.id, user.tier, job.id, profile, JobData.model_validate(job.data))


def requirement_statuses(profile: Profile, job: JobData | None) -> list[RequirementStatus]:
    """The job's typed requirements, each met by profile evidence or reported as unmet."""
    return [
        RequirementStatus(
            kind=m.requirement.kind.value,
            priority=m.requirement.priority.value,
            text=m.requirement.text,
            met=m.met,
            evidence=m.evidence,
        )
        for m in match_requirements(profile, job)
    ]


def errors_of(report: ValidationReport) -> list[Issue]:
    return [issue for issue in report.issues if issue.severity is Severity.ERROR]


def finish_cv(
    profile: Profile, job: JobData | None, draft: CVDocument
) -> tuple[CVDocument, DocumentReport]:
    """The draft without its flagged fabrications, and a report saying what was removed
    (`removed`) and which plan choices were refused (`refused`)."""
    refused = list(draft.meta.dropped_choices)
    removed: list[Issue] = []
    doc, report = draft, validate_cv(draft, profile, job)
    for _ in range(MAX_STRIP_ROUNDS):
        if report.ok:
            break
        removed += errors_of(report)
        doc = strip_fabrications(doc, report)
        report = validate_cv(doc, profile, job)
    final = DocumentReport(
        **dict(report),
        removed=removed,
        refused=refused,
        requirements=requirement_statuses(profile, job),
    )
    # What was dropped is listed in the report; the CV itself keeps none of that text.
    meta = doc.meta.model_copy(update={"dropped_choices": []})
    return doc.model_copy(update={"meta": meta}), final


def checked_cv(
    profile: Profile, job: JobData | None, draft: CVDocument
) -> tuple[CVDocument, DocumentReport, str]:
    """The draft finished by `finish_cv`, with its Markdown (runs in the CPU pool)."""
    doc, report = finish_cv(profile, job, draft)
    return doc, report, cv_to_markdown(doc)


def planned_cv(
    profile: Profile, job: JobData | None, plan: CVEditPlan, language: str | None
) -> tuple[CVDocument, DocumentReport, str]:
    draft = apply_edit_plan(profile, job, plan)
    return checked_cv(profile, job, with_language(draft, language))


def built_in_cv(
    profile: Profile, job: JobData | None, language: str | None
) -> tuple[CVDocument, DocumentReport, str]:
    draft = build_cv(profile, job, language)
    return checked_cv(profile, job, with_language(draft, language))


def letter_report(text: str, profile: Profile, job: JobData | None) -> ValidationReport:
    """The letter checked claim by claim; its date line is the day of writing, not a claim."""
    return validate_text(without_date_line(text), profile, job, kind=TextKind.COVER_LETTER)


async def cv_result(
    cpu: CpuPool,
    inputs: Inputs,
    plan: CVEditPlan | None,
    routed: Routed | None,
    watch: Stopwatch,
    language: str | None = None,
) -> Generated:
    """The CV from a model's edit plan, or from the built-in engine without one;
    `language` ("sw") sets the language of its headings and dates."""
    profile, job = inputs.profile, inputs.job
    if plan is None:
        doc, report, markdown = await cpu.run(built_in_cv, profile, job, language)
    else:
        doc, report, markdown = await cpu.run(planned_cv, profile, job, plan, language)
    return Generated(
        kind=DocumentKind.CV,
        content=doc,
        markdown=markdown,
        report=report,
        provider_used=routed.provider_used if routed else BUILTIN,
        model=routed.model if routed else None,
        latency_ms=watch.ms,
        language=language or inputs.job.language,
    )


async def check_letter(cpu: CpuPool, inputs: Inputs, text: str) -> ValidationReport:
    return await cpu.run(letter_report, text, inputs.profile, inputs.job)


async def letter_result(
    cpu: CpuPool,
    inputs: Inputs,
    text: str,
    *,
    tone: Tone,
    language: LetterLanguage,
    removed: list[Issue],
    routed: Routed | None,
    watch: Stopwatch,
) -> Generated:
    """The letter and its report; refused when the report still flags a claim."""
    report = await check_letter(cpu, inputs, text)
    if not report.ok:
        raise UnsupportedClaims(errors_of(report))
    requirements = await cpu.run(requirement_statuses, inputs.profile, inputs.job)
    return Generated(
        kind=DocumentKind.COVER_LETTER,
        content=None,
        markdown=text,
        report=DocumentReport(
            **dict(report),
            removed=removed,
            requirements=requirements,
        ),
        provider_used=routed.provider_used if routed else BUILTIN,
        model=routed.model if routed else None,
        latency_ms=watch.ms,
        language=language.value,
        tone=tone.value,
    )


async def builtin_letter(
    cpu: CpuPool, inputs: Inputs, tone: Tone, language: LetterLanguage, watch: Stopwatch
) -> Generated:
    text = await cpu.run(write_cover_letter, inputs.profile, inputs.job, tone, language.value)
    return await letter_result(
        cpu, inputs, text, tone=tone, language=language, removed=[], routed=None, watch=watch
    )


def document_title(kind: DocumentKind, job: JobData) -> str:
    """ "CV - Finance Officer at Equity Bank"; just "CV" for a job with neither."""
    target = " at ".join(part for part in (job.title, job.company) if part)
    title = f"{_KIND_TITLES[kind]} - {target}" if target else _KIND_TITLES[kind]
    return title[:_TITLE_LIMIT]


def file_name(title: str, extension: str) -> str:
    """An ASCII file name from a title: "cv-finance-officer-at-equity-bank.pdf"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:80].strip("-")
    return f"{slug or 'document'}.{extension}"


async def store(session: AsyncSession, inputs: Inputs, generated: Generated) -> StoredDocument:
    content = generated.content.to_json_resume() if generated.content else None
    document = StoredDocument(
        user_id=inputs.user_id,
        job_id=inputs.job_id,
        kind=generated.kind.value,
        title=document_title(generated.kind, inputs.job),
        language=generated.language,
        tone=generated.tone,
        content=content,
        markdown=generated.markdown,
        report=generated.report.model_dump(mode="json", by_alias=True),
        provider_used=generated.provider_used,
    )
    return await DocumentRepository(session).add(document)


class DocumentService:
    """Generation for the JSON answers; the streamed answers live in `documents.sse`."""

    def __init__(self, session: AsyncSession, router: Router, cpu: CpuPool) -> None:
        self.session = session
        self.router = router
        self.cpu = cpu

    async def create_cv(
        self, user: User, job_id: int, language: str | None = None
    ) -> tuple[StoredDocument, Generated]:
        inputs = await load_inputs(self.session, user, job_id)
        generated = await self.generate_cv(inputs, language)
        return await store(self.session, inputs, generated), generated

    async def generate_cv(self, inputs: Inputs, language: str | None = None) -> Generated:
        watch = Stopwatch()
        ctx = inputs.context(TaskType.CV_DRAFT)
        try:
            plan, routed = await plan_with_model(
                self.router, ctx, inputs.profile, inputs.job, language
            )
        except NoProviderConfigured:
            return await cv_result(self.cpu, inputs, None, None, watch, language)
        return await cv_result(self.cpu, inputs, plan, routed, watch, language)

    async def create_letter(
        self, user: User, job_id: int, tone: Tone, language: str | None
    ) -> tuple[StoredDocument, Generated]:
        inputs = await load_inputs(self.session, user, job_id)
        generated = await self.generate_letter(inputs, tone, letter_language(inputs.job, language))
        return await store(self.session, inputs, generated), generated

    async def generate_letter(
        self, inputs: Inputs, tone: Tone, language: LetterLanguage
    ) -> Generated:
        watch = Stopwatch()
        ctx = inputs.context(TaskType.COVER_LETTER)
        prompt = letter_prompt(inputs.profile, inputs.job, tone, language)
        try:
            text, routed = await letter_with_model(self.router, ctx, prompt)
        except NoProviderConfigured:
            return await builtin_letter(self.cpu, inputs, tone, language, watch)
        flagged = errors_of(await check_letter(self.cpu, inputs, text))
        if flagged:
            retry = letter_prompt(inputs.profile, inputs.job, tone, language, flagged)
            text, routed = await letter_with_model(self.router, ctx, retry)
        return await letter_result(
            self.cpu,
            inputs,
            text,
            tone=tone,
            language=language,
            removed=flagged,
            routed=routed,
            watch=watch,
        )

    async def get(self, user_id: int, document_id: int) -> StoredDocument:
        stored = await DocumentRepository(self.session).get(user_id, document_id)
        if stored is None:
            raise NotFound(NO_SUCH_DOCUMENT)
        return stored

    async def page(self, user_id: int, offset: int, limit: int) -> tuple[list[StoredDocument], int]:
        return await DocumentRepository(self.session).page(user_id, offset, limit)

    async def delete(self, user_id: int, document_id: int) -> None:
        if not await DocumentRepository(self.session).delete(user_id, document_id):
            raise NotFound(NO_SUCH_DOCUMENT)
