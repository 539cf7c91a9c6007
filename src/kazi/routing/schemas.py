"""API shapes for routing rules."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kazi.enums import TaskType
from kazi.kit.http import RowId
from kazi.kit.limits import NoControlChars

ModelOverride = Annotated[str, Field(min_length=1, max_length=200), NoControlChars]


class CandidateOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    temperature: Annotated[float, Field(ge=0, le=2)] | None = None
    max_tokens: Annotated[int, Field(ge=1, le=200_000)] | None = None


class CandidateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider_config_id: RowId
    model_override: Annotated[str, Field(min_length=1, max_length=200), NoControlChars] | None = (
        None
    )
    options: CandidateOptions = Field(default_factory=CandidateOptions)


class RuleIn(BaseModel):
    candidates: Annotated[list[CandidateIn], Field(max_length=10)]


class CandidateOut(CandidateIn):
    provider_name: str


class RuleOut(BaseModel):
    task_type: TaskType
    tier: str  # a tier, or "*" for any tier
    candidates: list[CandidateOut]


class ResolvedCandidate(BaseModel):
    provider_config_id: RowId
    provider_name: str
    provider_type: str
    model: str
    cooled_down: bool


class RoutePreview(BaseModel):
    task_type: TaskType
    tier: str
    resolved_by: (
        str  # "rule:<task>/<tier>", "rule:<task>/*", "task_default", "global_default", "builtin"
    )
    candidates: list[ResolvedCandidate]
