"""The usage API's queries: raw rows page by page, and totals from the daily rollups."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from kazi.usage.figures import Summary, Totals, UsageFilters
from kazi.usage.models import AIProviderUsageLog, UsageDailyRollup, UsageDailyUserTotal
from kazi.usage.repository.batch_sql import COUNTERS

Log = AIProviderUsageLog
Rollup = UsageDailyRollup


def filter_conditions(filters: UsageFilters) -> list[ColumnElement[bool]]:
    equal: dict[InstrumentedAttribute[Any], Any] = {
        Log.provider_config_id: filters.provider_config_id,
        Log.provider_name: filters.provider_name,
        Log.model: filters.model,
        Log.task_type: filters.task_type,
        Log.tier: filters.tier,
        Log.user_id: filters.user_id,
        Log.status: filters.status,
    }
    found = [column == value for column, value in equal.items() if value is not None]
    if filters.since is not None:
        found.append(Log.created_at >= filters.since)
    if filters.until is not None:
        found.append(Log.created_at < filters.until)
    return found


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
        conditions = filter_conditions(filters)
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
