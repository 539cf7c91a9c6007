"""API shapes for quota limits (admin) and for what a user has left of them.

Money is a decimal string in USD with six decimals; limits are stored in micro-USD.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kazi.enums import AnyName, TaskType, shown_scope
from kazi.quotas.models import QuotaLimit

Period = Literal["day", "month"]
TaskOrAny = TaskType | AnyName
MICRO_PER_USD = Decimal(1_000_000)
MAX_CALLS = 1_000_000_000
MAX_COST_USD = Decimal(1_000_000)


def usd(micro_usd: int) -> str:
    return f"{Decimal(micro_usd) / MICRO_PER_USD:.6f}"


class QuotaLimitIn(BaseModel):
    """At most `max_calls` calls and `max_cost_usd` spend per period; null: no cap."""

    model_config = ConfigDict(extra="forbid")

    max_calls: Annotated[int, Field(ge=0, le=MAX_CALLS)] | None = None
    max_cost_usd: Annotated[Decimal, Field(ge=0, le=MAX_COST_USD, decimal_places=6)] | None = None

    @model_validator(mode="after")
    def _caps_something(self) -> Self:
        if self.max_calls is None and self.max_cost_usd is None:
            raise ValueError("set max_calls, max_cost_usd or both (or delete the limit)")
        return self

    @property
    def max_cost_micro_usd(self) -> int | None:
        if self.max_cost_usd is None:
            return None
        return int(self.max_cost_usd * MICRO_PER_USD)


class QuotaLimitOut(BaseModel):
    id: int
    tier: str
    task_type: str  # a task type, or "any"
    period: str
    max_calls: int | None
    max_cost_usd: str | None

    @classmethod
    def of(cls, row: QuotaLimit) -> "QuotaLimitOut":
        cost = row.max_cost_micro_usd
        return cls(
            id=row.id,
            tier=row.tier,
            task_type=shown_scope(row.task_type),
            period=row.period,
            max_calls=row.max_calls,
            max_cost_usd=None if cost is None else usd(cost),
        )


class QuotaStatusOut(BaseModel):
    """One limit that applies to the user, and how much of it is left this period."""

    task_type: str  # a task type, or "any"
    period: str
    period_start: date
    resets_at: datetime
    max_calls: int | None
    calls_used: int
    calls_remaining: int | None  # null: calls are not capped
    max_cost_usd: str | None
    cost_used_usd: str  # counted only for limits that cap spending
    cost_remaining_usd: str | None  # null: spending is not capped
