"""Applications: the home page by next deadline, and each job's status, dates and notes.
The pages call the service behind /api/v1/applications."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from kazi.admin.render import see_other
from kazi.app.errors import AppPageNotFound
from kazi.app.i18n import N_
from kazi.app.render import render
from kazi.app.session import FormDep, MeDep
from kazi.applications.models import ApplicationStatus
from kazi.applications.schemas import ApplicationCreate, ApplicationUpdate
from kazi.applications.service import ApplicationService
from kazi.kit.deps import SessionDep
from kazi.kit.errors import Conflict, NotFound

router = APIRouter(include_in_schema=False)

STATUS_LABELS = {
    ApplicationStatus.SAVED: N_("Saved"),
    ApplicationStatus.APPLYING: N_("Applying"),
    ApplicationStatus.APPLIED: N_("Applied"),
    ApplicationStatus.INTERVIEW: N_("Interview"),
    ApplicationStatus.OFFER: N_("Offer"),
    ApplicationStatus.REJECTED: N_("Rejected"),
    ApplicationStatus.WITHDRAWN: N_("Withdrawn"),
}
DATE_FIELDS = ("deadline", "applied_on", "next_step_on")


@router.get("/")
async def home(request: Request, me: MeDep, session: SessionDep) -> Response:
    items = await ApplicationService(session).by_deadline(me.id)
    return render(request, "home.html", {"me": me, "items": items, "statuses": STATUS_LABELS})


@router.post("/jobs/{job_id}/track")
async def track_job(job_id: int, form: FormDep, session: SessionDep) -> Response:
    try:
        await ApplicationService(session).create(form.admin.id, ApplicationCreate(job_id=job_id))
    except NotFound:
        raise AppPageNotFound from None
    except Conflict:
        pass  # tracked already: the job's page shows it
    return see_other(f"/jobs/{job_id}#application", "saved")


@router.post("/applications/{application_id}")
async def update_application(application_id: int, form: FormDep, session: SessionDep) -> Response:
    changes = {name: form.text(name) or None for name in DATE_FIELDS}
    try:
        update = ApplicationUpdate.model_validate(
            {**changes, "status": form.text("status"), "notes": form.raw("notes")}
        )
        _, job = await ApplicationService(session).update(form.admin.id, application_id, update)
    except NotFound:
        raise AppPageNotFound from None
    except ValidationError:
        try:
            _, job = await ApplicationService(session).get(form.admin.id, application_id)
        except NotFound:
            raise AppPageNotFound from None
        return see_other(f"/jobs/{job.id}?notice=invalid#application")
    return see_other(f"/jobs/{job.id}#application", "saved")
