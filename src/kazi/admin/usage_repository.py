"""The usage dashboard's queries.

Totals, charts and top users read the daily rollups only. Three things need raw rows,
each through a bounded query on an index:

* recent errors and the failed calls by status use the partial index on failed rows
  (`ix_usage_failed_created`, migration 0006), so they touch failures only (on
  PostgreSQL the count by status is an index-only scan);
* latency percentiles use the newest `LATENCY_SAMPLE` successful calls of the range
  that match the filters (walking `ix_usage_created` backwards). PostgreSQL computes
  them with `percentile_cont`; SQLite returns the sample and Python interpolates the
  same way. On a busy range the figures describe its most recent calls, and the page
  says how many calls they cover;
* the CSV export streams every matching row with a server-side cursor.
"""

import math
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.usage.models import (
    AIProviderUsageLog,
    UsageDailyRollup,
    UsageDailyTotal,
    UsageDailyUserTotal,
)
from kazi.users.models import User

Log = AIProviderUsageLog
Rollup = UsageDailyRollup
LATENCY_SAMPLE = 20_000
PERCENTILES = (0.5, 0.95, 0.99)
# Spelled as a literal so that the planner can match the partial index's predicate.
FAILED = Log.status.op("<>")(literal_column("'success'"))
SUCCEEDED = Log.status == literal_column("'success'")


@dataclass(frozen=True, slots=True)
class UsageQuery:
    """A range of whole UTC days (both included) and optional equality filters."""

    since: date
    until: date
    provider: str | None = None
    model: str | None = None
    task: str | None = None
    tier: str | None = None
    user_id: int | None = None

    def rollup_conditions(self, table: Any = Rollup) -> list[ColumnElement[bool]]:
        found = [table.day >= self.since, table.day <= self.until]
        found += _equal(table, self)
        if self.user_id is not None:
            found.append(table.user_id == self.user_id)
        return found

    @property
    def day_table(self) -> Any:
        """The smallest rollup that answers per-day figures for these filters."""
        return Rollup if self.user_id is not None else UsageDailyTotal

    @property
    def filters_calls(self) -> bool:
        return any((self.provider, self.model, self.task, self.tier))

    def raw_conditions(self) -> list[ColumnElement[bool]]:
        start = datetime.combine(self.since, time(), UTC)
        end = datetime.combine(self.until + timedelta(days=1), time(), UTC)
        found = [Log.created_at >= start, Log.created_at < end, *_equal(Log, self)]
        if self.user_id is not None:
            found.append(Log.user_id == self.user_id)
        return found


def _equal(table: Any, query: UsageQuery) -> list[ColumnElement[bool]]:
    pairs = [
        (table.provider_name, query.provider),
        (table.model, query.model),
        (table.task_type, query.task),
        (table.tier, query.tier),
    ]
    return [column == value for column, value in pairs if value is not None]


@dataclass(frozen=True, slots=True)
class DayRow:
    """Rollup sums for one day, provider and model."""

    day: date
    provider: str
    model: str
    calls: int
    errors: int
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost_micro_usd: int
    unpriced_calls: int
    latency_ms_total: int


@dataclass(frozen=True, slots=True)
class UserCost:
    user_id: int
    calls: int
    cost_micro_usd: int
    unpriced_calls: int


@dataclass(frozen=True, slots=True)
class Latency:
    provider: str
    task: str
    calls: int
    p50: float
    p95: float
    p99: float


_DAY_SUMS = (
    Rollup.calls,
    Rollup.errors,
    Rollup.input_tokens,
    Rollup.output_tokens,
    Rollup.cached_tokens,
    Rollup.cost_micro_usd,
    Rollup.unpriced_calls,
    Rollup.latency_ms_total,
)
EXPORT_COLUMNS = (
    Log.created_at,
    Log.request_id,
    Log.user_id,
    User.email,
    Log.provider_name,
    Log.provider_type,
    Log.model,
    Log.task_type,
    Log.tier,
    Log.status,
    Log.error_code,
    Log.input_tokens,
    Log.output_tokens,
    Log.cached_tokens,
    Log.tokens_estimated,
    Log.cost_micro_usd,
    Log.latency_ms,
    Log.attempt,
)


class DashboardUsage:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_day(self, query: UsageQuery) -> list[DayRow]:
        table = query.day_table
        keys = (table.day, table.provider_name, table.model)
        sums = (func.sum(getattr(table, column.key)) for column in _DAY_SUMS)
        statement = select(*keys, *sums).where(*query.rollup_conditions(table)).group_by(*keys)
        rows = (await self.session.execute(statement)).all()
        return [
            DayRow(_as_date(r[0]), str(r[1]), str(r[2]), *(int(v or 0) for v in r[3:]))
            for r in rows
        ]

    async def user_totals(self, query: UsageQuery) -> list[UserCost]:
        """Calls and cost per user (0: calls made for no user)."""
        table = Rollup if query.filters_calls else UsageDailyUserTotal
        conditions = [table.day >= query.since, table.day <= query.until]
        conditions += _equal(table, query) if query.filters_calls else []
        if query.user_id is not None:
            conditions.append(table.user_id == query.user_id)
        statement = (
            select(
                table.user_id,
                func.sum(table.calls),
                func.sum(table.cost_micro_usd),
                func.sum(table.unpriced_calls),
            )
            .where(*conditions)
            .group_by(table.user_id)
        )
        rows = (await self.session.execute(statement)).all()
        return [UserCost(int(r[0]), int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in rows]

    async def failures_by_status(self, query: UsageQuery) -> dict[str, int]:
        statement = (
            select(Log.status, func.count())
            .where(FAILED, *query.raw_conditions())
            .group_by(Log.status)
        )
        return {str(r[0]): int(r[1]) for r in await self.session.execute(statement)}

    async def recent_errors(self, query: UsageQuery, limit: int = 25) -> list[AIProviderUsageLog]:
        statement = (
            select(Log)
            .where(FAILED, *query.raw_conditions())
            .order_by(Log.created_at.desc())
            .limit(limit)
        )
        return list(await self.session.scalars(statement))

    async def latency(self, query: UsageQuery) -> list[Latency]:
        sample = (
            select(Log.provider_name, Log.task_type, Log.latency_ms)
            .where(SUCCEEDED, *query.raw_conditions())
            .order_by(Log.created_at.desc())
            .limit(LATENCY_SAMPLE)
            .subquery()
        )
        if self.session.get_bind().dialect.name == "postgresql":
            return await self._latency_in_sql(sample)
        rows = await self.session.execute(select(sample))
        return latency_in_python([(str(r[0]), str(r[1]), int(r[2])) for r in rows])

    async def _latency_in_sql(self, sample: Any) -> list[Latency]:
        keys = (sample.c.provider_name, sample.c.task_type)
        statement: Select[Any] = (
            select(
                *keys,
                func.count(),
                *(
                    func.percentile_cont(share).within_group(sample.c.latency_ms)
                    for share in PERCENTILES
                ),
            )
            .group_by(*keys)
            .order_by(*keys)
        )
        rows = (await self.session.execute(statement)).all()
        return [
            Latency(str(r[0]), str(r[1]), int(r[2]), float(r[3]), float(r[4]), float(r[5]))
            for r in rows
        ]

    async def export(self, query: UsageQuery, batch: int = 2_000) -> AsyncIterator[Sequence[Any]]:
        """Every matching raw row, oldest first, in batches from a server-side cursor."""
        statement = (
            select(*EXPORT_COLUMNS)
            .outerjoin(User, User.id == Log.user_id)
            .where(*query.raw_conditions())
            .order_by(Log.created_at, Log.id)
            .execution_options(yield_per=batch)
        )
        result = await self.session.stream(statement)
        async for partition in result.partitions(batch):
            yield partition


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def percentile(ordered: Sequence[int], share: float) -> float:
    """Linear interpolation between the closest ranks, as `percentile_cont` does."""
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_in_python(rows: Sequence[tuple[str, str, int]]) -> list[Latency]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for provider, task, latency in rows:
        groups[(provider, task)].append(latency)
    found = []
    for (provider, task), values in sorted(groups.items()):
        values.sort()
        p50, p95, p99 = (percentile(values, share) for share in PERCENTILES)
        found.append(Latency(provider, task, len(values), p50, p95, p99))
    return found
