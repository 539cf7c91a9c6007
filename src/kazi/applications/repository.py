"""Application queries; every one is scoped to its owner."""

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.applications.models import Application
from kazi.jobs.models import Job


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, application: Application) -> Application:
        self.session.add(application)
        await self.session.flush()
        return application

    async def get(self, user_id: int, application_id: int) -> tuple[Application, Job] | None:
        row = (
            await self.session.execute(
                select(Application, Job)
                .join(Job, Job.id == Application.job_id)
                .where(Application.id == application_id, Application.user_id == user_id)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def for_job(self, user_id: int, job_id: int) -> Application | None:
        return await self.session.scalar(
            select(Application).where(Application.job_id == job_id, Application.user_id == user_id)
        )

    async def by_deadline(self, user_id: int) -> list[tuple[Application, Job]]:
        """The user's applications, the nearest deadline first, those without one last."""
        rows = await self.session.execute(
            select(Application, Job)
            .join(Job, Job.id == Application.job_id)
            .where(Application.user_id == user_id)
            .order_by(
                Application.deadline.is_(None),
                Application.deadline,
                Application.created_at.desc(),
                Application.id.desc(),
            )
        )
        return [(application, job) for application, job in rows]

    async def delete(self, user_id: int, application_id: int) -> bool:
        result = await self.session.execute(
            delete(Application).where(
                Application.id == application_id, Application.user_id == user_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
