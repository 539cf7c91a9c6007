"""A document's inputs, the checks that finish a draft, and the finished document.

Every draft is validated by code against the request's `Grounding`. A CV draft's
flagged fabrications are removed and listed in `report.removed`; a letter whose
claims the profile does not support is refused (`UnsupportedClaims`). The functions
without `async` run in the CPU pool.
"""

from dataclasses import dataclass
from http import HTTPStatus

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.documents.builtin.cover_letter import write_cover_letter
from kazi.documents.builtin.cv import build_cv, with_language
from kazi.documents.builtin.letter_layout import without_date_line
from kazi.documents.builtin.letter_templates import LetterLanguage, Tone
from kazi.documents.cv import CVDocument, CVEditPlan, apply_edit_plan
from kazi.documents.generation import describe_claims
from kazi.documents.grounding import Grounding
from kazi.documents.render import cv_to_markdown
from kazi.documents.report import Issue, Severity, ValidationReport
from kazi.documents.schemas import DocumentKind, DocumentReport
from kazi.documents.strip import strip_fabrications
from kazi.documents.validation import TextKind, validate_cv, validate_text
from kazi.enums import TaskType, Tier
from kazi.jobs.posting import JobData
from kazi.jobs.repository import JobRepository
from kazi.kit.errors import KaziError, NotFound
from kazi.profiles.repository import ProfileRepository
from kazi.profiles.schemas import Profile
from kazi.routing.attempts import CallContext
from kazi.users.models import User

NO_SUCH_JOB = "No such job."
MAX_STRIP_ROUNDS = 3


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
    """A finished, checked document, before it is stored."""

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


def errors_of(report: ValidationReport) -> list[Issue]:
    return [issue for issue in report.issues if issue.severity is Severity.ERROR]


def finish_cv(
    profile: Profile, job: JobData | None, draft: CVDocument, grounding: Grounding
) -> tuple[CVDocument, DocumentReport]:
    """The draft without its flagged fabrications, and a report saying what was removed
    (`removed`) and which plan choices were refused (`refused`)."""
    refused = list(draft.meta.dropped_choices)
    removed: list[Issue] = []
    evidence = grounding.evidence
    doc, report = draft, validate_cv(draft, profile, job, evidence=evidence)
    for _ in range(MAX_STRIP_ROUNDS):
        if report.ok:
            break
        removed += errors_of(report)
        doc = strip_fabrications(doc, report)
        report = validate_cv(doc, profile, job, evidence=evidence)
    final = DocumentReport(
        **dict(report), removed=removed, refused=refused, requirements=grounding.requirements
    )
    # What was dropped is listed in the report; the CV itself keeps none of that text.
    meta = doc.meta.model_copy(update={"dropped_choices": []})
    return doc.model_copy(update={"meta": meta}), final


@dataclass(frozen=True)
class CheckedCV:
    doc: CVDocument
    report: DocumentReport
    markdown: str


def _checked_cv(
    profile: Profile, job: JobData | None, draft: CVDocument, grounding: Grounding
) -> CheckedCV:
    doc, report = finish_cv(profile, job, draft, grounding)
    return CheckedCV(doc, report, cv_to_markdown(doc))


def planned_cv(
    profile: Profile,
    job: JobData | None,
    plan: CVEditPlan | None,
    language: str | None,
    grounding: Grounding,
) -> CheckedCV:
    """The CV from a model's edit plan, or from the built-in engine's without one;
    `language` ("sw") sets the language of its headings and dates."""
    if plan is None:
        draft = build_cv(profile, job, language, grounding.today)
    else:
        draft = apply_edit_plan(profile, job, plan)
    return _checked_cv(profile, job, with_language(draft, language), grounding)


def letter_report(
    text: str, profile: Profile, job: JobData | None, grounding: Grounding
) -> ValidationReport:
    """The letter checked claim by claim; its date line is the day of writing, not a claim."""
    return validate_text(
        without_date_line(text),
        profile,
        job,
        kind=TextKind.COVER_LETTER,
        evidence=grounding.evidence,
    )


def built_in_letter(
    profile: Profile,
    job: JobData | None,
    tone: Tone,
    language: LetterLanguage,
    grounding: Grounding,
) -> tuple[str, ValidationReport]:
    """The built-in engine's letter and its report."""
    text = write_cover_letter(profile, job, tone, language.value, grounding.today)
    return text, letter_report(text, profile, job, grounding)


def letter_document_report(
    report: ValidationReport, removed: list[Issue], grounding: Grounding
) -> DocumentReport:
    """The letter's report; refused when it still flags a claim."""
    if not report.ok:
        raise UnsupportedClaims(errors_of(report))
    return DocumentReport(**dict(report), removed=removed, requirements=grounding.requirements)
