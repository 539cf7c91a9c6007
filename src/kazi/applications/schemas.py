"""API shapes for applications."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kazi.applications.models import ApplicationStatus
from kazi.kit.http import RowId

Notes = Annotated[str, Field(max_length=10_000)]


class ApplicationCreate(BaseModel):
    """Track a saved job. The deadline defaults to the job's closing date."""

    model_config = ConfigDict(extra="forbid")

    job_id: RowId
    status: ApplicationStatus = ApplicationStatus.SAVED
    deadline: date | None = None
    notes: Notes = ""


class ApplicationUpdate(BaseModel):
    """Fields to change; omitted ones stay. `null` clears a date."""

    model_config = ConfigDict(extra="forbid")

    status: ApplicationStatus | None = None
    deadline: date | None = None
    applied_on: date | None = None
    next_step_on: date | None = None
    notes: Notes | None = None


class ApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    job_id: int
    job_title: str | None = None
    company: str | None = None
    status: ApplicationStatus
    deadline: date | None
    applied_on: date | None
    next_step_on: date | None
    notes: str
    closing_soon: bool = False
    created_at: datetime
    updated_at: datetime


class ApplicationPage(BaseModel):
    items: list[ApplicationOut]
    total: int
