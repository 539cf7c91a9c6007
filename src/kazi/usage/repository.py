"""Usage storage: the recorder's idempotent batch write, and the queries behind the API."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, bindparam, func, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from kazi.usage import batch_sql
from kazi.usage.models import AIProviderUsageLog, UsageDailyRollup, UsageDailyUserTotal
from kazi.usage.record import UsageRecord

Log = AIProviderUsageLog
Rollup = UsageDailyRollup
MAX_PAGE_ROWS = 32  # rows per INSERT of a SQLite batch, a power of two; see pages()
T = TypeVar("T")

_POSTGRESQL_BATCH = text(batch_sql.POSTGRESQL_BATCH)
_SQLITE_INSERT = (
    sqlite.insert(Log).on_conflict_do_nothing(index_elements=[Log.request_id]).returning(Log.id)
)
_SQLITE_ROLLUPS = [
    text(sql).bindparams(bindparam("ids", expanding=True)) for sql in batch_sql.SQLITE_ROLLUPS
]


def supports(engine: AsyncEngine) -> bool:
    return engine.dialect.name in ("postgresql", "sqlite")


async def write_batch(engine: AsyncEngine, records: Sequence[UsageRecord]) -> int:
    """Inserts the rows and adds the new ones to the rollups, atomically.

    Rows whose request id is already stored are skipped, and only the rows this call
    inserted reach the rollups, so writing a batch again never counts anything twice.
    Returns how many rows were new.
    """
    if engine.dialect.name == "postgresql":
        return await _write_postgresql(engine, records)
    return await _write_sqlite(engine, records)


async def _write_postgresql(engine: AsyncEngine, records: Sequence[UsageRecord]) -> int:
    # One statement, atomic on its own: no BEGIN and COMMIT round trips around it.
    columns = {name: [getattr(rec, name) for rec in records] for name in batch_sql.COLUMNS}
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return int((await autocommit.execute(_POSTGRESQL_BATCH, columns)).scalar_one())


async def _write_sqlite(engine: AsyncEngine, records: Sequence[UsageRecord]) -> int:
    rows = [rec.as_row() for rec in records]
    async with engine.begin() as connection:
        ids: list[int] = []
        for page in pages(rows):
            ids += (await connection.scalars(_SQLITE_INSERT, page)).all()
        if ids:
            for statement in _SQLITE_ROLLUPS:
                await connection.execute(statement, {"ids": ids})
    return len(ids)


def pages(rows: list[T]) -> list[list[T]]:
    """The rows cut into pages of 32, 16, 8, 4, 2 or 1 rows, largest first.

    Each row count is a statement of its own (one VALUES list per row), prepared and
    cached on the connection; six page sizes instead of one per batch size keep that
    cache small.
    """
    cut: list[list[T]] = []
    size = MAX_PAGE_ROWS
    while rows:
        while size > len(rows):
            size //= 2
        cut.append(rows[:size])
        rows = rows[size:]
    return cut


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
_SUMS = [func.coalesce(func.sum(getattr(Rollup, name)), 0) for name in batch_sql.COUNTERS]


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
