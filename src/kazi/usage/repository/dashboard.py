"""The admin dashboard's usage queries.

Totals, charts, top users and latency percentiles read the daily rollups. Percentiles
come from the latency histogram (`usage_daily_latency`, see kazi.usage.latency), which
counts every successful call but has no user: for one user they come from the newest
`USER_LATENCY_SAMPLE` successful calls of the range still kept as raw rows (through
`ix_usage_user_created`), bucketed the same way. Two more things read raw rows:

* recent errors and the failed calls by status use the partial index on failed rows
  (`ix_usage_failed_created`, migration 0006), so they touch failures only (on
  PostgreSQL the count by status is an index-only scan);
* the CSV export streams every matching row with a server-side cursor.
"""

from collections.abc import AsyncIterator, Collection, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.usage.figures import (
    USER_LATENCY_SAMPLE,
    BucketCount,
    DayRow,
    ProviderUsage,
    UsageQuery,
    UserCost,
)
from kazi.usage.latency import bucket_sql
from kazi.usage.models import (
    AIProviderUsageLog,
    UsageDailyLatency,
    UsageDailyRollup,
    UsageDailyTotal,
    UsageDailyUserTotal,
)
from kazi.users.models import User

Log = AIProviderUsageLog
Rollup = UsageDailyRollup
# Spelled as a literal so that the planner can match the partial index's predicate.
FAILED = Log.status.op("<>")(literal_column("'success'"))
SUCCEEDED = Log.status == literal_column("'success'")


def rollup_conditions(query: UsageQuery, table: Any = Rollup) -> list[ColumnElement[bool]]:
    found = [table.day >= query.since, table.day <= query.until]
    found += _equal(table, query)
    if query.user_id is not None:
        found.append(table.user_id == query.user_id)
    return found


def day_table(query: UsageQuery) -> Any:
    """The smallest rollup that answers per-day figures for these filters."""
    return Rollup if query.user_id is not None else UsageDailyTotal


def raw_conditions(query: UsageQuery) -> list[ColumnElement[bool]]:
    start = datetime.combine(query.since, time(), UTC)
    end = datetime.combine(query.until + timedelta(days=1), time(), UTC)
    found = [Log.created_at >= start, Log.created_at < end, *_equal(Log, query)]
    if query.user_id is not None:
        found.append(Log.user_id == query.user_id)
    return found


def _equal(table: Any, query: UsageQuery) -> list[ColumnElement[bool]]:
    pairs = [
        (table.provider_name, query.provider),
        (table.model, query.model),
        (table.task_type, query.task),
        (table.tier, query.tier),
    ]
    return [column == value for column, value in pairs if value is not None]


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
        table = day_table(query)
        keys = (table.day, table.provider_name, table.model)
        sums = (func.sum(getattr(table, column.key)) for column in _DAY_SUMS)
        statement = select(*keys, *sums).where(*rollup_conditions(query, table)).group_by(*keys)
        rows = (await self.session.execute(statement)).all()
        return [
            DayRow(_as_date(r[0]), str(r[1]), str(r[2]), *(int(v or 0) for v in r[3:]))
            for r in rows
        ]

    async def by_provider(self, since: date, until: date) -> dict[str, ProviderUsage]:
        """Calls, failures and cost per provider name over whole days (both included)."""
        table = UsageDailyTotal
        counters = (table.calls, table.errors, table.cost_micro_usd, table.unpriced_calls)
        statement = (
            select(table.provider_name, *(func.sum(column) for column in counters))
            .where(table.day >= since, table.day <= until)
            .group_by(table.provider_name)
        )
        rows = await self.session.execute(statement)
        return {str(r[0]): ProviderUsage(*(int(v or 0) for v in r[1:])) for r in rows}

    async def user_totals(
        self, query: UsageQuery, limit: int | None = None, user_ids: Collection[int] | None = None
    ) -> list[UserCost]:
        """Calls and cost per user (0: calls made for no user), most cost first.

        `limit` keeps the first users only; `user_ids`, when given, reads only them.
        """
        table = Rollup if query.filters_calls else UsageDailyUserTotal
        conditions = [table.day >= query.since, table.day <= query.until]
        conditions += _equal(table, query) if query.filters_calls else []
        if query.user_id is not None:
            conditions.append(table.user_id == query.user_id)
        if user_ids is not None:
            conditions.append(table.user_id.in_(sorted(user_ids)))
        calls, cost = func.sum(table.calls), func.sum(table.cost_micro_usd)
        statement = (
            select(table.user_id, calls, cost, func.sum(table.unpriced_calls))
            .where(*conditions)
            .group_by(table.user_id)
            .order_by(cost.desc(), calls.desc(), table.user_id)
            .limit(limit)
        )
        rows = (await self.session.execute(statement)).all()
        return [UserCost(int(r[0]), int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in rows]

    async def failures_by_status(self, query: UsageQuery) -> dict[str, int]:
        statement = (
            select(Log.status, func.count())
            .where(FAILED, *raw_conditions(query))
            .group_by(Log.status)
        )
        return {str(r[0]): int(r[1]) for r in await self.session.execute(statement)}

    async def recent_errors(self, query: UsageQuery, limit: int = 25) -> list[AIProviderUsageLog]:
        statement = (
            select(Log)
            .where(FAILED, *raw_conditions(query))
            .order_by(Log.created_at.desc())
            .limit(limit)
        )
        return list(await self.session.scalars(statement))

    async def latency_buckets(self, query: UsageQuery) -> list[BucketCount]:
        """The latency histogram per provider and task; none under a user filter."""
        if query.user_id is not None:
            return []
        table = UsageDailyLatency
        keys = (table.provider_name, table.task_type, table.bucket)
        statement = (
            select(*keys, func.sum(table.calls))
            .where(table.day >= query.since, table.day <= query.until, *_equal(table, query))
            .group_by(*keys)
        )
        rows = await self.session.execute(statement)
        return [BucketCount(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]

    async def user_latency_buckets(self, query: UsageQuery) -> list[BucketCount]:
        """The same from raw rows: the newest `USER_LATENCY_SAMPLE` successful calls."""
        sample = (
            select(Log.provider_name, Log.task_type, Log.latency_ms)
            .where(SUCCEEDED, *raw_conditions(query))
            .order_by(Log.created_at.desc())
            .limit(USER_LATENCY_SAMPLE)
            .subquery("sample")
        )
        # Bucketed in the database, so that only the counts travel.
        bucket: ColumnElement[int] = literal_column(bucket_sql("sample.latency_ms"))
        keys = (sample.c.provider_name, sample.c.task_type, bucket)
        statement = select(*keys, func.count()).group_by(*keys)
        rows = await self.session.execute(statement)
        return [BucketCount(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]

    async def export(self, query: UsageQuery, batch: int = 2_000) -> AsyncIterator[Sequence[Any]]:
        """Every matching raw row, oldest first, in batches from a server-side cursor."""
        statement = (
            select(*EXPORT_COLUMNS)
            .outerjoin(User, User.id == Log.user_id)
            .where(*raw_conditions(query))
            .order_by(Log.created_at, Log.id)
            .execution_options(yield_per=batch)
        )
        result = await self.session.stream(statement)
        async for partition in result.partitions(batch):
            yield partition


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
