"""Jobs: add one by link, pasted text or screenshot; see what was read and from where.

The pages call the API's extraction service and save the result as POST
/api/v1/jobs/extract does; the same per-user AI rate limit applies.
"""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from kazi.admin.render import see_other
from kazi.app.applications_pages import STATUS_LABELS
from kazi.app.documents_pages import LETTER_LANGUAGES, TONES, document_service
from kazi.app.errors import AppPageNotFound
from kazi.app.i18n import N_
from kazi.app.render import render
from kazi.app.session import AppForm, FormDep, MeDep, SignedIn, counted_ai_user
from kazi.applications.schemas import ApplicationCreate
from kazi.applications.service import ApplicationService
from kazi.jobs.images import MAX_IMAGE_BYTES, checked_image
from kazi.jobs.schemas import JobOut, JobPatch
from kazi.jobs.service import Extraction, JobService, call_context, extraction_service
from kazi.kit.deps import SessionDep
from kazi.kit.errors import KaziError, NotFound
from kazi.kit.limits import JOB_TEXT_MAX_CHARS

router = APIRouter(include_in_schema=False)

GUIDANCE = {
    "needs_ai_provider": N_(
        "Kazi's built-in reader could not read this, and no AI provider is set up to help. "
        "Paste the posting's full text with its title on the first line, or send its link."
    ),
    "not_a_posting": N_(
        "This does not look like one job posting. Open the posting itself and send its "
        "link, or paste its text."
    ),
}
COULD_NOT_ADD = N_("Kazi could not add this job.")
NOTHING_SENT = N_("Give a link, paste the text or choose a screenshot.")


class _Nothing(Exception):
    """The form carried no source at all."""


async def _extract(
    request: Request, form: AppForm, me: SignedIn, session: AsyncSession
) -> Extraction:
    user = await counted_ai_user(request, session, me)
    service = extraction_service(request.app)  # the API's, with the same settings
    ctx = call_context(user.id, user.tier)
    upload = form.data.get("file")
    if form.text("url"):
        return await service.from_url(form.text("url")[:2000], ctx)
    if form.text("text"):
        return await service.from_text(form.raw("text")[:JOB_TEXT_MAX_CHARS], ctx)
    if isinstance(upload, UploadFile) and upload.filename:
        return await service.from_image(checked_image(await upload.read(MAX_IMAGE_BYTES + 1)), ctx)
    raise _Nothing


def _new_job_page(request: Request, me: SignedIn, status: int = 200, **context: object) -> Response:
    values = {"me": me, "guidance": None, "detail": None, "url": "", "text": "", **context}
    return render(request, "job_new.html", values, status)


@router.get("/jobs")
async def list_jobs(request: Request, me: MeDep, session: SessionDep) -> Response:
    jobs, _total = await JobService(session).page(me.id, 0, 100)
    return render(request, "jobs.html", {"me": me, "jobs": jobs})


@router.get("/jobs/new")
async def new_job(request: Request, me: MeDep) -> Response:
    return _new_job_page(request, me)


@router.post("/jobs/new")
async def add_job(request: Request, form: FormDep, session: SessionDep) -> Response:
    me = form.admin
    kept = {"url": form.text("url"), "text": form.raw("text")}
    try:
        extraction = await _extract(request, form, me, session)
    except _Nothing:
        return _new_job_page(request, me, 422, guidance=NOTHING_SENT, **kept)
    except KaziError as exc:
        guidance = GUIDANCE.get(exc.code, COULD_NOT_ADD)
        page = _new_job_page(
            request,
            me,
            int(exc.status),
            guidance=guidance,
            detail=exc.message,
            code=exc.code,
            **kept,
        )
        page.headers.update(exc.headers)
        return page
    job = await JobService(session).save(me.id, extraction)
    await ApplicationService(session).create(me.id, ApplicationCreate(job_id=job.id))
    return see_other(f"/jobs/{job.id}", "saved")


@router.get("/jobs/{job_id}")
async def show_job(job_id: int, request: Request, me: MeDep, session: SessionDep) -> Response:
    try:
        job = await JobService(session).get(me.id, job_id)
    except NotFound:
        raise AppPageNotFound from None
    shown = JobOut.of(job)
    application = await ApplicationService(session).for_job(me.id, job.id)
    documents, _ = await document_service(request, session).page(me.id, 0, 100)
    context = {
        "documents": [document for document in documents if document.job_id == job.id],
        "tones": TONES,
        "letter_languages": LETTER_LANGUAGES,
        "me": me,
        "job": shown,
        "rows": field_rows(shown),
        "application": application,
        "statuses": STATUS_LABELS,
        "correctable": {name: FIELD_LABELS[name] for name in CORRECTABLE},
    }
    return render(request, "job.html", context)


@router.post("/jobs/{job_id}/correct")
async def correct_field(job_id: int, form: FormDep, session: SessionDep) -> Response:
    """One field corrected through the service behind PATCH /api/v1/jobs/{id}."""
    name = form.text("field")
    if name not in CORRECTABLE:
        raise AppPageNotFound
    try:
        patch = JobPatch.model_validate({name: form.text("value") or None})
        await JobService(session).correct(form.admin.id, job_id, patch)
    except NotFound:
        raise AppPageNotFound from None
    except ValidationError:
        return see_other(f"/jobs/{job_id}?notice=invalid_field#correct")
    return see_other(f"/jobs/{job_id}#field-{name}", "saved")


@router.post("/jobs/{job_id}/delete")
async def delete_job(job_id: int, form: FormDep, session: SessionDep) -> Response:
    try:
        await JobService(session).delete(form.admin.id, job_id)
    except NotFound:
        raise AppPageNotFound from None
    return see_other("/jobs", "deleted")


FIELD_LABELS = {
    "title": N_("Title"),
    "company": N_("Company"),
    "location": N_("Location"),
    "remote": N_("Remote"),
    "employment_type": N_("Employment type"),
    "salary": N_("Salary"),
    "date_posted": N_("Posted on"),
    "closing_date": N_("Closing date"),
    "how_to_apply": N_("How to apply"),
    "requirements": N_("Requirements"),
    "responsibilities": N_("Responsibilities"),
    "skills": N_("Skills"),
    "benefits": N_("Benefits"),
    "language": N_("Language"),
}
# The fields the page's correction form offers: one line of text or a date each.
CORRECTABLE = ("title", "company", "location", "closing_date", "date_posted", "language")
SOURCE_LABELS = {
    "structured_data": N_("the page's structured data"),
    "heuristic": N_("the built-in reader"),
    "llm": N_("the AI provider"),
    "user": N_("your correction"),
}


def _shown(value: object) -> str | list[str]:
    """A field's value as the page prints it: a list stays a list of lines."""
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return N_("Yes") if value else N_("No")
    if isinstance(value, BaseModel):
        return " ".join(str(v) for v in value.model_dump(mode="json", exclude_none=True).values())
    return str(value)


def field_rows(job: JobOut) -> list[tuple[str, str, str | list[str], str | None]]:
    """(name, label, value, source label) of every field the posting filled."""
    rows = []
    for name, label in FIELD_LABELS.items():
        value = getattr(job, name)
        if value in (None, [], ""):
            continue
        source = job.provenance.get(name)
        rows.append((name, label, _shown(value), SOURCE_LABELS.get(source) if source else None))
    return rows
