"""Job queries; every one is scoped to its owner."""

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.jobs.models import Job


class JobRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, job: Job) -> Job:
        self.session.add(job)
        await self.session.flush()
        return job

    async def get(self, user_id: int, job_id: int) -> Job | None:
        return await self.session.scalar(
            select(Job).where(Job.id == job_id, Job.user_id == user_id)
        )

    async def latest_from(self, user_id: int, source_url: str) -> Job | None:
        """The user's most recent job saved from this link."""
        return await self.session.scalar(
            select(Job)
            .where(Job.user_id == user_id, Job.source_url == source_url)
            .order_by(Job.id.desc())
            .limit(1)
        )

    async def page(self, user_id: int, offset: int, limit: int) -> tuple[list[Job], int]:
        owned = Job.user_id == user_id
        total = await self.session.scalar(select(func.count()).select_from(Job).where(owned)) or 0
        rows = await self.session.scalars(
            select(Job)
            .where(owned)
            .order_by(Job.created_at.desc(), Job.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows), total

    async def delete(self, user_id: int, job_id: int) -> bool:
        result = await self.session.execute(
            delete(Job).where(Job.id == job_id, Job.user_id == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
