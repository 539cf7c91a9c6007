"""API shapes for saved jobs."""

from datetime import datetime

from pydantic import BaseModel, Field

from kazi.jobs.models import Job
from kazi.jobs.posting import JobData, Source


class JobOut(JobData):
    id: int
    source_url: str | None = None
    provenance: dict[str, Source] = Field(default_factory=dict)
    provider_used: str | None = None
    created_at: datetime

    @classmethod
    def of(cls, job: Job) -> "JobOut":
        return cls.model_validate(
            {
                **job.data,
                "id": job.id,
                "source_url": job.source_url,
                "provenance": job.provenance,
                "provider_used": job.provider_used,
                "created_at": job.created_at,
            }
        )


class JobPage(BaseModel):
    items: list[JobOut]
    total: int
    offset: int
    limit: int
