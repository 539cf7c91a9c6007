"""The usage API's queries: raw rows page by page, and totals from the daily rollups."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from kazi.usage.models import AIProviderUsageLog, UsageDailyRollup, UsageDailyUserTotal
from kazi.usage.repository.batch_sql import COUNTERS

Log = AIProviderUsageLog
Rollup = UsageDailyRollup


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
_SUMS = [func.coalesce(func.sum(getattr(Rollup, name)), 0) for name in COUNTERS]


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
