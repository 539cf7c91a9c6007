"""The usage record the router hands to the recorder: one per attempt."""

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class UsageStatus(StrEnum):
    SUCCESS = "success"
    ERROR = "error"
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True, slots=True)
class UsageRecord:
    request_id: str  # unique per attempt
    user_id: int | None
    provider_config_id: int | None
    provider_name: str
    provider_type: str
    model: str
    task_type: str
    tier: str
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    tokens_estimated: bool
    cost_micro_usd: int | None  # None: the model's price is unknown
    status: UsageStatus
    error_code: str | None
    latency_ms: int
    attempt: int
    created_at: datetime  # UTC, timezone-aware

    def as_row(self) -> dict[str, Any]:
        # Not dataclasses.asdict, which deep-copies every value.
        return {name: getattr(self, name) for name in FIELD_NAMES}


FIELD_NAMES = tuple(field.name for field in fields(UsageRecord))


class UsageSink(Protocol):
    """Where usage records go: the recorder, or a wrapper around it."""

    def record(self, rec: UsageRecord) -> None: ...
