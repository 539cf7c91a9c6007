"""Changes to a saved job that the user makes: corrections of extracted fields."""

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.errors import NotFound
from kazi.jobs.models import Job
from kazi.jobs.posting import JobData, Source
from kazi.jobs.repository import JobRepository
from kazi.jobs.schemas import JobPatch

NO_SUCH_JOB = "No such job."


async def correct_job(session: AsyncSession, user_id: int, job_id: int, patch: JobPatch) -> Job:
    """Apply the user's corrections to their job; other users' jobs answer 404.

    The corrected fields are marked as the user's, so later documents (which read the
    stored job) use them and anyone reading the job sees who stated them.
    """
    job = await JobRepository(session).get(user_id, job_id)
    if job is None:
        raise NotFound(NO_SUCH_JOB)
    changes = patch.changes()
    data = JobData.model_validate({**job.data, **changes}).model_dump(mode="json")
    job.data = {key: value for key, value in data.items() if key in job.data or key in changes}
    job.provenance = {**job.provenance, **dict.fromkeys(changes, Source.USER.value)}
    job.title = data["title"]
    job.company = data["company"]
    await session.flush()
    return job
