"""Usage storage: the recorder's idempotent batch write, and the queries behind the API."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from kazi.usage.latency import bucket_of
from kazi.usage.models import (
    AIProviderUsageLog,
    UsageDailyLatency,
    UsageDailyRollup,
    UsageDailyTotal,
    UsageDailyUserTotal,
)
from kazi.usage.record import UsageRecord, UsageStatus

Log = AIProviderUsageLog
Rollup = UsageDailyRollup
NO_USER = 0  # the rollups' user_id for calls made without a user
MAX_PAGE_ROWS = 32  # rows per INSERT of a batch, a power of two; see pages()
T = TypeVar("T")

_INSERTS: dict[str, Callable[[Any], Any]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}
# What the rollups need from each row that was actually inserted.
_ROLLUP_SOURCE = (
    Log.created_at,
    Log.provider_name,
    Log.provider_type,
    Log.model,
    Log.task_type,
    Log.tier,
    Log.user_id,
    Log.status,
    Log.input_tokens,
    Log.output_tokens,
    Log.cached_tokens,
    Log.cost_micro_usd,
    Log.latency_ms,
)
_ROLLUP_KEY = ("day", "provider_name", "model", "task_type", "tier", "user_id")
_COUNTERS = (
    "calls",
    "errors",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "cost_micro_usd",
    "unpriced_calls",
    "latency_ms_total",
)


# The full rollup, the same summed over users, and per user over everything else.
_ROLLUP_TABLES: tuple[tuple[Any, tuple[str, ...], tuple[str, ...]], ...] = (
    (Rollup, _ROLLUP_KEY, _COUNTERS),
    (UsageDailyTotal, _ROLLUP_KEY[:-1], _COUNTERS),
    (UsageDailyUserTotal, ("day", "user_id"), ("calls", "cost_micro_usd", "unpriced_calls")),
)
_LATENCY_KEY = (*_ROLLUP_KEY[:-1], "bucket")


def supports(engine: AsyncEngine) -> bool:
    return engine.dialect.name in _INSERTS


async def write_batch(engine: AsyncEngine, records: Sequence[UsageRecord]) -> int:
    """Inserts the rows and adds the new ones to the rollups, in one transaction.

    Rows whose request id is already stored are skipped, and only the rows this call
    inserted reach the rollups, so writing a batch again never counts anything twice.
    Returns how many rows were new.
    """
    insert = _INSERTS[engine.dialect.name]
    async with engine.begin() as connection:
        statement = (
            insert(Log)
            .on_conflict_do_nothing(index_elements=[Log.request_id])
            .returning(*_ROLLUP_SOURCE)
        )
        inserted: list[Row[Any]] = []
        for page in pages([rec.as_row() for rec in records]):
            inserted += (await connection.execute(statement, page)).all()
        await _add_to_rollups(connection, insert, inserted)
    return len(inserted)


def pages(rows: list[T]) -> list[list[T]]:
    """The rows cut into pages of 32, 16, 8, 4, 2 or 1 rows, largest first.

    Each row count is a statement of its own (one VALUES list per row), prepared and
    cached on every pooled connection; six page sizes instead of one per batch size kept
    that cache about 5 MB smaller per worker under load (bench/gateway.py).
    """
    cut: list[list[T]] = []
    size = MAX_PAGE_ROWS
    while rows:
        while size > len(rows):
            size //= 2
        cut.append(rows[:size])
        rows = rows[size:]
    return cut


async def _add_to_rollups(
    connection: AsyncConnection, insert: Callable[[Any], Any], rows: Sequence[Row[Any]]
) -> None:
    if not rows:
        return
    full = rollup_rows(rows)
    for table, key, counters in _ROLLUP_TABLES:
        await _add(connection, insert(table), key, counters, _coarsen(full, key, counters))
    histogram = latency_rows(rows)
    if histogram:
        await _add(connection, insert(UsageDailyLatency), _LATENCY_KEY, ("calls",), histogram)


async def _add(
    connection: AsyncConnection,
    statement: Any,
    key: tuple[str, ...],
    counters: tuple[str, ...],
    values: list[dict[str, Any]],
) -> None:
    """Inserts the rows, or adds their counters to the stored ones with the same key."""
    table = statement.table
    statement = statement.on_conflict_do_update(
        index_elements=list(key),
        set_={name: table.c[name] + statement.excluded[name] for name in counters},
    )
    await connection.execute(statement, values)


def _coarsen(
    rows: list[dict[str, Any]], key: tuple[str, ...], counters: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The full rollup rows summed down to a coarser key (keys sorted, see rollup_rows)."""
    sums: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        group = tuple(row[name] for name in key)
        entry = sums.setdefault(
            group, {**{name: row[name] for name in key}, **dict.fromkeys(counters, 0)}
        )
        if "provider_type" in row and "provider_name" in key:
            entry["provider_type"] = row["provider_type"]
        for name in counters:
            entry[name] += row[name]
    return [sums[group] for group in sorted(sums)]


def rollup_rows(rows: Sequence[Row[Any]]) -> list[dict[str, Any]]:
    """One row per rollup key, sorted so concurrent writers lock keys in the same order."""
    totals: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key_values = {
            "day": row.created_at.astimezone(UTC).date(),
            "provider_name": row.provider_name,
            "model": row.model,
            "task_type": row.task_type,
            "tier": row.tier,
            "user_id": row.user_id if row.user_id is not None else NO_USER,
        }
        key = tuple(key_values[name] for name in _ROLLUP_KEY)
        entry = totals.setdefault(key, _empty_rollup(key_values, row.provider_type))
        _add_row(entry, row)
    return [totals[key] for key in sorted(totals)]


def latency_rows(rows: Sequence[Row[Any]]) -> list[dict[str, Any]]:
    """Successful calls per latency bucket and rollup key without user, keys sorted."""
    counts: dict[tuple[Any, ...], int] = {}
    for row in rows:
        if row.status != UsageStatus.SUCCESS:
            continue
        day = row.created_at.astimezone(UTC).date()
        key = (day, row.provider_name, row.model, row.task_type, row.tier)
        group = (*key, bucket_of(row.latency_ms))
        counts[group] = counts.get(group, 0) + 1
    return [
        {**dict(zip(_LATENCY_KEY, group, strict=True)), "calls": calls}
        for group, calls in sorted(counts.items())
    ]


def _empty_rollup(key_values: dict[str, Any], provider_type: str) -> dict[str, Any]:
    return {**key_values, "provider_type": provider_type, **dict.fromkeys(_COUNTERS, 0)}


def _add_row(entry: dict[str, Any], row: Row[Any]) -> None:
    entry["calls"] += 1
    entry["errors"] += row.status != UsageStatus.SUCCESS
    entry["input_tokens"] += row.input_tokens
    entry["output_tokens"] += row.output_tokens
    entry["cached_tokens"] += row.cached_tokens
    entry["cost_micro_usd"] += row.cost_micro_usd or 0
    entry["unpriced_calls"] += row.cost_micro_usd is None
    entry["latency_ms_total"] += row.latency_ms


@dataclass(frozen=True, slots=True)
class UsageFilters:
    """Raw-row filters; `since` is inclusive and `until` exclusive."""

    provider_config_id: int | None = None
    provider_name: str | None = None
    model: str | None = None
    task_type: str | None = None
    tier: str | None = None
    user_id: int | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        equal: dict[InstrumentedAttribute[Any], Any] = {
            Log.provider_config_id: self.provider_config_id,
            Log.provider_name: self.provider_name,
            Log.model: self.model,
            Log.task_type: self.task_type,
            Log.tier: self.tier,
            Log.user_id: self.user_id,
            Log.status: self.status,
        }
        found = [column == value for column, value in equal.items() if value is not None]
        if self.since is not None:
            found.append(Log.created_at >= self.since)
        if self.until is not None:
            found.append(Log.created_at < self.until)
        return found


@dataclass(slots=True)
class Totals:
    calls: int = 0
    errors: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    cost_micro_usd: int = 0
    unpriced_calls: int = 0
    latency_ms_total: int = 0


@dataclass(slots=True)
class Summary:
    totals: Totals
    groups: dict[str, list[tuple[str, Totals]]] = field(default_factory=dict)


# Summary groupings: the name the API shows, and the rollup column it groups by.
GROUPINGS: dict[str, InstrumentedAttribute[Any]] = {
    "provider": Rollup.provider_name,
    "model": Rollup.model,
    "task": Rollup.task_type,
    "tier": Rollup.tier,
    "day": Rollup.day,
}
_SUMS = [func.coalesce(func.sum(getattr(Rollup, name)), 0) for name in _COUNTERS]


class UsageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, filters: UsageFilters, offset: int, limit: int
    ) -> tuple[list[AIProviderUsageLog], int]:
        conditions = filters.conditions()
        count = select(func.count()).select_from(Log).where(*conditions)
        total = await self.session.scalar(count) or 0
        rows = await self.session.scalars(
            select(Log)
            .where(*conditions)
            .order_by(Log.created_at.desc(), Log.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows), total

    async def totals(self, since: date, until: date, user_id: int | None = None) -> Totals:
        """Rollup totals over whole days, both ends included; optionally one user's."""
        query = select(*_SUMS).where(*_day_range(since, until))
        if user_id is not None:
            query = query.where(Rollup.user_id == user_id)
        row = (await self.session.execute(query)).one()
        return Totals(*(int(value) for value in row))

    async def summary(self, since: date, until: date) -> Summary:
        summary = Summary(totals=await self.totals(since, until))
        for name, column in GROUPINGS.items():
            summary.groups[name] = await self._grouped(column, since, until)
        return summary

    async def _grouped(
        self, column: InstrumentedAttribute[Any], since: date, until: date
    ) -> list[tuple[str, Totals]]:
        query = select(column, *_SUMS).where(*_day_range(since, until)).group_by(column)
        rows = (await self.session.execute(query)).all()
        groups = [(_key_text(row[0]), Totals(*(int(v) for v in row[1:]))) for row in rows]
        if column is Rollup.day:
            return sorted(groups, key=lambda group: group[0])
        return sorted(groups, key=lambda group: (-group[1].calls, group[0]))

    async def detach_user(self, user_id: int) -> None:
        """Moves a deleted user's daily figures to the "no user" rows (user 0), adding
        them to any already there: totals and per-day figures stay exact."""
        rollups = await self.session.scalars(select(Rollup).where(Rollup.user_id == user_id))
        totals = await self.session.scalars(
            select(UsageDailyUserTotal).where(UsageDailyUserTotal.user_id == user_id)
        )
        for row in [*rollups, *totals]:
            await self._merge_into_no_user(row)
        await self.session.flush()

    async def _merge_into_no_user(self, row: UsageDailyRollup | UsageDailyUserTotal) -> None:
        table = type(row).__table__
        key = {column.key: getattr(row, column.key) for column in table.primary_key}
        target = await self.session.get(type(row), {**key, "user_id": 0})
        if target is None:
            row.user_id = 0
            return
        counters = [c.key for c in table.columns if not c.primary_key and c.type.python_type is int]
        for name in counters:
            setattr(target, name, getattr(target, name) + getattr(row, name))
        await self.session.delete(row)


def _day_range(since: date, until: date) -> list[ColumnElement[bool]]:
    return [Rollup.day >= since, Rollup.day <= until]


def _key_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
