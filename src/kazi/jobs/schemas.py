"""API shapes for saved jobs."""

from datetime import datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


class JobPatch(JobData):
    """A correction: only the fields sent change, and their provenance becomes `user`.

    Any extracted field may be sent; `null` clears it. Unknown fields are refused.
    """

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("send at least one job field to change")
        return self

    def changes(self) -> dict[str, object]:
        """The fields sent, as they will be stored."""
        return self.model_dump(mode="json", include=self.model_fields_set)


class JobPage(BaseModel):
    items: list[JobOut]
    total: int
    offset: int
    limit: int
