"""Where the quota counters live: the database's `quota_counters` table, or Redis.

The guard and the user's quota status go through this one protocol, so the status
reads the very counters the guard counts on (`app.state.quota_guard.counters`).
"""

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from kazi.quotas import repository
from kazi.quotas.repository import CounterKey, QuotaRepository

# (task, period, period start) -> (calls, cost in micro-dollars)
CounterUsage = dict[tuple[str, str, date], tuple[int, int]]


class QuotaCounters(Protocol):
    async def take_call(self, user_id: int, keys: Sequence[CounterKey]) -> int | None:
        """Counts one call on every key, all or none; the index of the key that refused."""
        ...

    async def give_back_call(self, user_id: int, keys: Sequence[CounterKey]) -> None: ...

    async def add_cost(
        self, user_id: int, keys: Sequence[CounterKey], cost_micro_usd: int
    ) -> None: ...

    async def usage(self, user_id: int, keys: Sequence[CounterKey]) -> CounterUsage:
        """What is used of each key that has a counter; keys without one are left out."""
        ...

    async def aclose(self) -> None: ...


class DatabaseCounters:
    """The counters in the database, changed by single conditional statements."""

    def __init__(self, engine: AsyncEngine) -> None:
        if not repository.supports(engine):
            raise ValueError(f"no quota counters for the {engine.dialect.name} dialect")
        self.engine = engine
        self.counters = repository.counter_engine(engine)

    async def take_call(self, user_id: int, keys: Sequence[CounterKey]) -> int | None:
        return await repository.take_call(self.counters, user_id, keys)

    async def give_back_call(self, user_id: int, keys: Sequence[CounterKey]) -> None:
        await repository.give_back_call(self.counters, user_id, keys)

    async def add_cost(self, user_id: int, keys: Sequence[CounterKey], cost_micro_usd: int) -> None:
        await repository.add_cost(self.counters, user_id, keys, cost_micro_usd)

    async def usage(self, user_id: int, keys: Sequence[CounterKey]) -> CounterUsage:
        async with AsyncSession(self.engine) as session:
            return await QuotaRepository(session).counters(user_id, keys)

    async def aclose(self) -> None:
        if self.counters is not self.engine:
            await self.counters.dispose()
