"""The rollup figures of closed days, kept in the process for a few minutes.

Days before today (UTC) change only when a late row arrives (a usage spool drained
after a database outage), so their figures are read once and reused across reloads and
overlapping ranges of the same filters for `TTL_S` seconds; today's are always read
live. A late row for a closed day therefore shows within `TTL_S` seconds. The first
view of a long range still reads every rollup row in it.
"""

import heapq
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from fastapi import Request

from kazi.admin.usage_repository import DashboardUsage, DayRow, UsageQuery, UserCost

TTL_S = 300.0
MAX_ENTRIES = 16
TOP_USERS = 10


@dataclass(frozen=True, slots=True)
class Figures:
    days: list[DayRow]
    users: list[UserCost]


@dataclass
class ClosedDaysCache:
    ttl_s: float = TTL_S
    max_entries: int = MAX_ENTRIES
    clock: Callable[[], float] = time.monotonic
    _entries: OrderedDict[UsageQuery, tuple[float, Figures]] = field(default_factory=OrderedDict)

    def get(self, query: UsageQuery) -> Figures | None:
        found = self._entries.get(query)
        if found is None or self.clock() >= found[0]:
            self._entries.pop(query, None)
            return None
        self._entries.move_to_end(query)
        return found[1]

    def put(self, query: UsageQuery, figures: Figures) -> None:
        self._entries[query] = (self.clock() + self.ttl_s, figures)
        self._entries.move_to_end(query)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


def figures_cache(request: Request) -> ClosedDaysCache:
    """The app's cache of closed days' figures, created on first use."""
    cache: ClosedDaysCache | None = getattr(request.app.state, "usage_figures_cache", None)
    if cache is None:
        cache = ClosedDaysCache()
        request.app.state.usage_figures_cache = cache
    return cache


async def _read(data: DashboardUsage, query: UsageQuery) -> Figures:
    return Figures(await data.by_day(query), await data.user_totals(query))


async def rollup_figures(
    data: DashboardUsage, query: UsageQuery, today: date, cache: ClosedDaysCache
) -> Figures:
    """Per-day rows and the top users by cost over the query's range."""
    parts: list[Figures] = []
    last_closed = min(query.until, today - timedelta(days=1))
    if query.since <= last_closed:
        closed = replace(query, until=last_closed)
        figures = cache.get(closed)
        if figures is None:
            figures = await _read(data, closed)
            cache.put(closed, figures)
        parts.append(figures)
    if query.until >= today:
        parts.append(await _read(data, replace(query, since=max(query.since, today))))
    top = _top_users([user for part in parts for user in part.users], len(parts) > 1)
    return Figures([row for part in parts for row in part.days], top)


def _top_users(users: list[UserCost], merge: bool) -> list[UserCost]:
    if merge:
        sums: dict[int, list[int]] = {}
        for user in users:
            seen = sums.get(user.user_id)
            if seen is None:
                sums[user.user_id] = [user.calls, user.cost_micro_usd, user.unpriced_calls]
            else:
                seen[0] += user.calls
                seen[1] += user.cost_micro_usd
                seen[2] += user.unpriced_calls
        users = [UserCost(user_id, *values) for user_id, values in sums.items()]
    return heapq.nsmallest(TOP_USERS, users, key=lambda u: (-u.cost_micro_usd, -u.calls, u.user_id))
