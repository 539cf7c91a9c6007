"""The rollup figures of closed days, kept in the process for a few minutes.

Days before today (UTC) change only when a late row arrives (a usage spool drained
after a database outage), so their figures (per-day rows, calls and cost per user, the
latency histogram) are read once and reused across reloads and overlapping ranges of
the same filters for `TTL_S` seconds; today's are always read live. A late row for a
closed day therefore shows within `TTL_S` seconds. The first view of a long range still
reads every rollup row in it.
"""

import heapq
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from fastapi import Request

from kazi.usage.figures import BucketCount, DayRow, UsageQuery, UserCost
from kazi.usage.service import UsageService

TTL_S = 300.0
MAX_ENTRIES = 16
TOP_USERS = 10


@dataclass(frozen=True, slots=True)
class Figures:
    days: list[DayRow]
    users: list[UserCost]  # most cost first: all of closed days, the top ones of a range
    latency: list[BucketCount]  # unmerged: the same bucket may come once per part


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


async def _read_closed(data: UsageService, query: UsageQuery) -> Figures:
    days = await data.by_day(query)
    return Figures(days, await data.user_totals(query), await data.latency_buckets(query))


async def _closed_figures(data: UsageService, query: UsageQuery, cache: ClosedDaysCache) -> Figures:
    figures = cache.get(query)
    if figures is None:
        figures = await _read_closed(data, query)
        cache.put(query, figures)
    return figures


async def rollup_figures(
    data: UsageService, query: UsageQuery, today: date, cache: ClosedDaysCache
) -> Figures:
    """Per-day rows, the top users by cost and the latency histogram over the range."""
    closed = Figures([], [], [])
    last_closed = min(query.until, today - timedelta(days=1))
    if query.since <= last_closed:
        closed = await _closed_figures(data, replace(query, until=last_closed), cache)
    if query.until < today:
        return Figures(closed.days, closed.users[:TOP_USERS], closed.latency)
    live = replace(query, since=max(query.since, today))
    days, latency = await data.by_day(live), await data.latency_buckets(live)
    users = await top_users(data, closed.users, live)
    return Figures(closed.days + days, users, closed.latency + latency)


async def top_users(data: UsageService, closed: list[UserCost], live: UsageQuery) -> list[UserCost]:
    """The top users of the closed days (`closed`: all of them) and today's together.

    Today has as many users as the closed days, and reading them all on every render
    costs time and garbage; so only the users that can make the list are read first.
    """
    if not closed:
        return await data.user_totals(live, limit=TOP_USERS)
    for size in (TOP_USERS, 8 * TOP_USERS):
        top = await _top_of_leaders(data, closed, live, size)
        if top is not None:
            return top
    return _top(_merge(closed, await data.user_totals(live)))


async def _top_of_leaders(
    data: UsageService, closed: list[UserCost], live: UsageQuery, size: int
) -> list[UserCost] | None:
    """The top users if they are among the first `size` of the closed days or of today.

    Anyone else spent at most the next closed user's cost plus today's last leader's:
    when the list's last user spent more, the list is exact; otherwise this says None.
    """
    today = await data.user_totals(live, limit=size)
    leaders = {user.user_id for user in closed[:size]} | {user.user_id for user in today}
    missing = leaders - {user.user_id for user in today}
    today_leaders = today + (await data.user_totals(live, user_ids=missing) if missing else [])
    top = _top(_merge([u for u in closed if u.user_id in leaders], today_leaders))
    if len(closed) <= size and len(today) < size:
        return top  # every user is a leader
    rest = (closed[size].cost_micro_usd if len(closed) > size else 0) + (
        today[-1].cost_micro_usd if len(today) == size else 0
    )
    return top if len(top) == TOP_USERS and top[-1].cost_micro_usd > rest else None


def _merge(*parts: Iterable[UserCost]) -> list[UserCost]:
    sums: dict[int, UserCost] = {}
    for part in parts:
        for user in part:
            seen = sums.get(user.user_id)
            if seen is not None:
                user = UserCost(
                    user.user_id,
                    seen.calls + user.calls,
                    seen.cost_micro_usd + user.cost_micro_usd,
                    seen.unpriced_calls + user.unpriced_calls,
                )
            sums[user.user_id] = user
    return list(sums.values())


def _top(users: Iterable[UserCost]) -> list[UserCost]:
    return heapq.nsmallest(TOP_USERS, users, key=lambda u: (-u.cost_micro_usd, -u.calls, u.user_id))
