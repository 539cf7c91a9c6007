"""Tracking applications: created for one of the user's jobs, changed by the user."""

from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.applications.models import NOT_YET_SENT, Application, ApplicationStatus
from kazi.applications.repository import ApplicationRepository
from kazi.applications.schemas import ApplicationCreate, ApplicationOut, ApplicationUpdate
from kazi.jobs.models import Job
from kazi.jobs.repository import JobRepository
from kazi.kit.db import utcnow
from kazi.kit.errors import Conflict, NotFound

CLOSING_SOON = timedelta(days=3)
NO_SUCH_APPLICATION = "No such application."


def closing_date(job: Job) -> date | None:
    value = job.data.get("closing_date")
    return date.fromisoformat(value) if isinstance(value, str) else None


def is_closing_soon(application: Application, today: date) -> bool:
    """Not sent yet, and its deadline is today or within the next 3 days."""
    deadline = application.deadline
    open_ = application.status in NOT_YET_SENT
    return open_ and deadline is not None and today <= deadline <= today + CLOSING_SOON


def application_out(application: Application, job: Job, today: date) -> ApplicationOut:
    out = ApplicationOut.model_validate(application)
    return out.model_copy(
        update={
            "job_title": job.title,
            "company": job.company,
            "closing_soon": is_closing_soon(application, today),
        }
    )


class ApplicationService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = ApplicationRepository(session)

    async def by_deadline(self, user_id: int) -> list[ApplicationOut]:
        """Every application, the nearest deadline first; those without a deadline last."""
        today = utcnow().date()
        rows = await self.repo.by_deadline(user_id)
        return [application_out(application, job, today) for application, job in rows]

    async def get(self, user_id: int, application_id: int) -> tuple[Application, Job]:
        found = await self.repo.get(user_id, application_id)
        if found is None:
            raise NotFound(NO_SUCH_APPLICATION)
        return found

    async def for_job(self, user_id: int, job_id: int) -> Application | None:
        return await self.repo.for_job(user_id, job_id)

    async def delete(self, user_id: int, application_id: int) -> None:
        if not await self.repo.delete(user_id, application_id):
            raise NotFound(NO_SUCH_APPLICATION)

    async def create(self, user_id: int, data: ApplicationCreate) -> tuple[Application, Job]:
        job = await JobRepository(self.session).get(user_id, data.job_id)
        if job is None:
            raise NotFound("No such job.")
        application = Application(
            user_id=user_id,
            job_id=job.id,
            status=data.status,
            deadline=data.deadline or closing_date(job),
            notes=data.notes,
        )
        _stamp_applied(application)
        try:
            async with self.session.begin_nested():
                await self.repo.add(application)
        except IntegrityError as exc:
            raise Conflict("This job already has an application.") from exc
        return application, job

    async def update(
        self, user_id: int, application_id: int, changes: ApplicationUpdate
    ) -> tuple[Application, Job]:
        application, job = await self.get(user_id, application_id)
        for name, value in changes.model_dump(exclude_unset=True).items():
            if name in ("status", "notes") and value is None:
                continue  # only dates may be cleared
            setattr(application, name, value)
        _stamp_applied(application)
        application.updated_at = utcnow()
        await self.session.flush()
        return application, job


def _stamp_applied(application: Application) -> None:
    """An application marked applied without a date was sent today."""
    sent = (
        application.status not in NOT_YET_SENT and application.status != ApplicationStatus.WITHDRAWN
    )
    if sent and application.applied_on is None:
        application.applied_on = utcnow().date()
