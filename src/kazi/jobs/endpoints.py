"""A user's saved jobs: list, get, correct, delete. Other users' jobs answer 404."""

from typing import Annotated

from fastapi import APIRouter, Query

from kazi.jobs.schemas import JobOut, JobPage, JobPatch
from kazi.jobs.service import JobService
from kazi.kit.deps import SessionDep
from kazi.kit.http import Envelope, PageOffset, RowId, ok
from kazi.users.dependencies import CurrentUser

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.get("")
async def list_jobs(
    user: CurrentUser,
    session: SessionDep,
    offset: PageOffset = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Envelope[JobPage]:
    jobs, total = await JobService(session).page(user.id, offset, limit)
    items = [JobOut.of(job) for job in jobs]
    return ok(JobPage(items=items, total=total, offset=offset, limit=limit))


@router.get("/{job_id}")
async def get_job(job_id: RowId, user: CurrentUser, session: SessionDep) -> Envelope[JobOut]:
    return ok(JobOut.of(await JobService(session).get(user.id, job_id)))


@router.patch("/{job_id}")
async def patch_job(
    job_id: RowId, body: JobPatch, user: CurrentUser, session: SessionDep
) -> Envelope[JobOut]:
    """Correct any extracted field; corrected fields get provenance `user`."""
    return ok(JobOut.of(await JobService(session).correct(user.id, job_id, body)))


@router.delete("/{job_id}")
async def delete_job(
    job_id: RowId, user: CurrentUser, session: SessionDep
) -> Envelope[dict[str, int]]:
    await JobService(session).delete(user.id, job_id)
    return ok({"deleted": job_id})
