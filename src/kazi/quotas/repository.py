"""Quota queries: the limits (admin CRUD) and the per-user counters.

The counters change only through single conditional statements, so concurrent calls
at a limit can never push a counter past it: one statement inserts the period's row
or, when it exists, adds the call only `WHERE calls < max_calls` (and, for a spending
cap, `cost_micro_usd < max_cost`), and returns a row only when the call was counted.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, create_async_engine

from kazi.quotas.models import QuotaCounter, QuotaLimit

_INSERTS: dict[str, Callable[[Any], Any]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}
_COUNTERS = cast(Table, QuotaCounter.__table__)
_KEY_COLUMNS = ("user_id", "task_type", "period", "period_start")


@dataclass(frozen=True, slots=True)
class CounterKey:
    """One limit's counter for one user and period, with the caps it must stay under."""

    task_type: str
    period: str
    period_start: date
    max_calls: int | None
    max_cost_micro_usd: int | None


class QuotaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[QuotaLimit]:
        rows = await self.session.scalars(
            select(QuotaLimit).order_by(QuotaLimit.tier, QuotaLimit.task_type, QuotaLimit.period)
        )
        return list(rows)

    async def of_tier(self, tier: str) -> list[QuotaLimit]:
        rows = await self.session.scalars(
            select(QuotaLimit)
            .where(QuotaLimit.tier == tier)
            .order_by(QuotaLimit.task_type, QuotaLimit.period)
        )
        return list(rows)

    async def find(self, tier: str, task_type: str, period: str) -> QuotaLimit | None:
        return await self.session.scalar(
            select(QuotaLimit).where(
                QuotaLimit.tier == tier,
                QuotaLimit.task_type == task_type,
                QuotaLimit.period == period,
            )
        )

    async def add(self, limit: QuotaLimit) -> QuotaLimit:
        self.session.add(limit)
        await self.session.flush()
        return limit

    async def delete(self, limit: QuotaLimit) -> None:
        await self.session.delete(limit)
        await self.session.flush()

    async def counters(
        self, user_id: int, keys: Sequence[CounterKey]
    ) -> dict[tuple[str, str, date], tuple[int, int]]:
        """(task_type, period, period_start) -> (calls, cost_micro_usd), for existing rows."""
        if not keys:
            return {}
        rows = await self.session.execute(
            select(
                _COUNTERS.c.task_type,
                _COUNTERS.c.period,
                _COUNTERS.c.period_start,
                _COUNTERS.c.calls,
                _COUNTERS.c.cost_micro_usd,
            ).where(_COUNTERS.c.user_id == user_id, _any_of(keys))
        )
        return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows}


def supports(engine: AsyncEngine) -> bool:
    return engine.dialect.name in _INSERTS


async def all_limits(engine: AsyncEngine) -> list[tuple[str, str, str, int | None, int | None]]:
    """Every limit as (tier, task_type, period, max_calls, max_cost_micro_usd)."""
    query = select(
        QuotaLimit.tier,
        QuotaLimit.task_type,
        QuotaLimit.period,
        QuotaLimit.max_calls,
        QuotaLimit.max_cost_micro_usd,
    )
    async with engine.connect() as connection:
        rows = await connection.execute(query)
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def counter_engine(engine: AsyncEngine, pool_size: int = 5) -> AsyncEngine:
    """The engine for the counters. On PostgreSQL, a small pool of its own whose
    connections are in autocommit mode: a counter update is then one statement (plus
    the pool's liveness ping) rather than BEGIN, ping, statement and COMMIT."""
    if engine.dialect.name != "postgresql":
        return engine
    return create_async_engine(
        engine.url,
        isolation_level="AUTOCOMMIT",
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        pool_pre_ping=True,
        pool_recycle=1800,
    )


async def take_call(engine: AsyncEngine, user_id: int, keys: Sequence[CounterKey]) -> int | None:
    """Counts one call on every key, all or none; the index of the key that refused.

    `engine` is a `counter_engine`: on PostgreSQL its connections autocommit, so a
    single key costs one statement; several keys share one transaction.
    """
    pg = engine.dialect.name == "postgresql"
    if len(keys) == 1 and pg:  # one statement is atomic on its own
        async with engine.connect() as connection:
            return None if await _take_one(connection, user_id, keys[0]) else 0
    async with engine.connect() as connection:
        if pg:
            connection = await connection.execution_options(isolation_level="READ COMMITTED")
        try:
            async with connection.begin():
                for index, key in enumerate(keys):
                    if not await _take_one(connection, user_id, key):
                        raise _Refused(index)
        except _Refused as refused:  # the transaction rolled back: no counter moved
            return refused.index
    return None


async def give_back_call(engine: AsyncEngine, user_id: int, keys: Sequence[CounterKey]) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            update(_COUNTERS)
            .where(_COUNTERS.c.user_id == user_id, _any_of(keys), _COUNTERS.c.calls > 0)
            .values(calls=_COUNTERS.c.calls - 1)
        )


async def add_cost(
    engine: AsyncEngine, user_id: int, keys: Sequence[CounterKey], cost_micro_usd: int
) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            update(_COUNTERS)
            .where(_COUNTERS.c.user_id == user_id, _any_of(keys))
            .values(cost_micro_usd=_COUNTERS.c.cost_micro_usd + cost_micro_usd)
        )


class _Refused(Exception):
    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


async def _take_one(connection: AsyncConnection, user_id: int, key: CounterKey) -> bool:
    statement = _take_statement(
        connection.dialect.name, key.max_calls is not None, key.max_cost_micro_usd is not None
    )
    values: dict[str, Any] = {
        "user_id": user_id,
        "task_type": key.task_type,
        "period": key.period,
        "period_start": key.period_start,
    }
    if key.max_calls is not None:
        values["max_calls"] = key.max_calls
    if key.max_cost_micro_usd is not None:
        values["max_cost"] = key.max_cost_micro_usd
    result = await connection.execute(statement, values)
    return result.first() is not None


@cache
def _take_statement(dialect: str, calls_capped: bool, cost_capped: bool) -> Any:
    """The conditional upsert, built once per shape: the hot path only binds values."""
    insert = _INSERTS[dialect](_COUNTERS).values(
        user_id=bindparam("user_id"),
        task_type=bindparam("task_type"),
        period=bindparam("period"),
        period_start=bindparam("period_start"),
        calls=1,
        cost_micro_usd=0,
    )
    room: list[ColumnElement[bool]] = []
    if calls_capped:
        room.append(_COUNTERS.c.calls < bindparam("max_calls"))
    if cost_capped:
        room.append(_COUNTERS.c.cost_micro_usd < bindparam("max_cost"))
    return insert.on_conflict_do_update(
        index_elements=[_COUNTERS.c[name] for name in _KEY_COLUMNS],
        set_={"calls": _COUNTERS.c.calls + 1},
        where=and_(*room) if room else None,
    ).returning(_COUNTERS.c.calls)


def _any_of(keys: Sequence[CounterKey]) -> ColumnElement[bool]:
    return or_(
        *(
            and_(
                _COUNTERS.c.task_type == key.task_type,
                _COUNTERS.c.period == key.period,
                _COUNTERS.c.period_start == key.period_start,
            )
            for key in keys
        )
    )
