"""Quotas: the guard the router consults before each call, admin changes, and the status
a user sees.

A limit applies to a user when its tier is the user's and its task is the call's task
or "any"; each limit counts per UTC day or calendar month. The guard counts the call
on every applicable limit at once, atomically, before any provider is called, so
concurrent calls at a limit never exceed its `max_calls`. The counters live in the
database (`repository.take_call`) or, when Kazi runs with Redis, in Redis
(`kazi.quotas.redis_counters`); the limits always live in the database.

Spending is different: a call's cost is known only after it, so a spending cap refuses
new calls once the spend so far has reached it, and each call adds its cost when it
ends. Calls already in flight when the cap is reached still complete: the spend can
overshoot a cap by at most the cost of the calls in flight at that moment.

Limits are cached in each process for a few seconds; a change committed in this
process takes effect at once, a change made in another process within that time.
"""

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from kazi.audit.service import Actor, record
from kazi.enums import ANY_TASK, shown_scope, stored_scope, task_label
from kazi.kit.config_cache import ConfigCache
from kazi.kit.db import utcnow
from kazi.kit.errors import Conflict, ServiceUnavailable, TooManyRequests
from kazi.providers.prices import usd_text
from kazi.quotas import repository
from kazi.quotas.counters import QuotaCounters
from kazi.quotas.guard import NO_RESERVATION, Reservation
from kazi.quotas.models import QuotaLimit
from kazi.quotas.periods import period_start, resets_at
from kazi.quotas.repository import CounterKey, QuotaRepository
from kazi.quotas.schemas import QuotaLimitIn, QuotaStatusOut, usd

logger = logging.getLogger(__name__)

LIMIT_TABLES = ("quota_limits",)
DEFAULT_CACHE_TTL_S = 5.0
_STORE_ERRORS = (SQLAlchemyError, RedisError, OSError)


class QuotaExceeded(TooManyRequests):
    code = "quota_exceeded"
    message = "You have used up your quota for now."


@dataclass(frozen=True, slots=True)
class Limit:
    task_type: str  # a task type or ANY_TASK
    period: str  # "day" or "month"
    max_calls: int | None
    max_cost_micro_usd: int | None

    def key(self, today: date) -> CounterKey:
        start = period_start(self.period, today)
        return CounterKey(
            self.task_type, self.period, start, self.max_calls, self.max_cost_micro_usd
        )


class CountingQuotaGuard:
    """The router's quota check: limits from the database, calls counted on `counters`
    (the database's own table, or Redis: see `kazi.quotas.counters`)."""

    def __init__(
        self,
        engine: AsyncEngine,
        counters: QuotaCounters,
        cache_ttl_s: float = DEFAULT_CACHE_TTL_S,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.counters = counters
        self._now = now
        self._limits: ConfigCache[str, dict[str, tuple[Limit, ...]]] = ConfigCache(
            LIMIT_TABLES, cache_ttl_s
        )

    def invalidate(self) -> None:
        self._limits.clear()

    async def aclose(self) -> None:
        await self.counters.aclose()

    async def applicable(self, tier: str, task_type: str) -> list[Limit]:
        by_tier = self._limits.get("all")
        if by_tier is None:
            version = self._limits.version()
            by_tier = await _load_limits(self.engine)
            self._limits.put("all", by_tier, version)
        # A fixed order, so that concurrent transactions lock counters in the same order.
        return [x for x in by_tier.get(tier, ()) if x.task_type in (task_type, ANY_TASK)]

    async def reserve(self, user_id: int | None, tier: str, task_type: str) -> Reservation:
        if user_id is None:  # calls made by Kazi itself, for no user
            return NO_RESERVATION
        limits = await self.applicable(tier, task_type)
        if not limits:
            return NO_RESERVATION
        now = self._now()
        keys = [limit.key(now.date()) for limit in limits]
        refused = _capped_at_zero(keys)
        if refused is None:
            try:
                refused = await self.counters.take_call(user_id, keys)
            except _STORE_ERRORS as exc:
                logger.warning("quota check failed (%s)", type(exc).__name__)
                raise ServiceUnavailable(
                    "Usage limits cannot be checked right now. Try again shortly."
                ) from None
        if refused is not None:
            raise exceeded(keys[refused], task_type, now)
        return _Held(self.counters, user_id, keys)


class _Held:
    """A counted call: settled with its cost, or given back when it failed."""

    def __init__(self, counters: QuotaCounters, user_id: int, keys: list[CounterKey]) -> None:
        self.counters, self.user_id, self.keys = counters, user_id, keys

    async def settle(self, cost_micro_usd: int | None) -> None:
        capped = [k for k in self.keys if k.max_cost_micro_usd is not None]
        if not cost_micro_usd or not capped:
            return
        try:
            await self.counters.add_cost(self.user_id, capped, cost_micro_usd)
        except _STORE_ERRORS as exc:
            logger.warning("quota spend not recorded (%s)", type(exc).__name__)

    async def release(self) -> None:
        try:
            await self.counters.give_back_call(self.user_id, self.keys)
        except _STORE_ERRORS as exc:
            logger.warning("quota call not given back (%s)", type(exc).__name__)


async def _load_limits(engine: AsyncEngine) -> dict[str, tuple[Limit, ...]]:
    grouped: dict[str, list[Limit]] = {}
    for tier, task_type, period, max_calls, max_cost in sorted(
        await repository.all_limits(engine), key=lambda row: (row[0], row[1], row[2])
    ):
        grouped.setdefault(tier, []).append(Limit(task_type, period, max_calls, max_cost))
    return {tier: tuple(limits) for tier, limits in grouped.items()}


def _capped_at_zero(keys: Sequence[CounterKey]) -> int | None:
    for index, key in enumerate(keys):
        if key.max_calls == 0 or key.max_cost_micro_usd == 0:
            return index
    return None


def exceeded(key: CounterKey, task_type: str, now: datetime) -> QuotaExceeded:
    reset = resets_at(key.period, key.period_start)
    scope = "all AI tasks" if key.task_type == ANY_TASK else task_label(task_type)
    caps = []
    if key.max_calls is not None:
        caps.append(f"{key.max_calls} call" + ("" if key.max_calls == 1 else "s"))
    if key.max_cost_micro_usd is not None:
        caps.append(f"${usd(key.max_cost_micro_usd)} of spending")
    period = "daily" if key.period == "day" else "monthly"
    message = (
        f"You have reached your {period} quota of {' or '.join(caps)} for {scope}. "
        f"It resets at {reset.isoformat().replace('+00:00', 'Z')}."
    )
    wait = max(1, math.ceil((reset - now).total_seconds()))
    return QuotaExceeded(message, headers={"Retry-After": str(wait)})


def limit_state(row: QuotaLimit) -> dict[str, Any]:
    """A limit as its audit entries show it."""
    cost = row.max_cost_micro_usd
    return {
        "tier": row.tier,
        "task": task_label(row.task_type),
        "period": row.period,
        "max_calls": row.max_calls,
        "max_cost_usd": None if cost is None else usd_text(cost),
    }


async def all_limits(session: AsyncSession) -> Sequence[QuotaLimit]:
    return await QuotaRepository(session).all()


async def find_limit(
    session: AsyncSession, tier: str, task_type: str, period: str
) -> QuotaLimit | None:
    """The limit for (tier, task or "any", period), if one is set."""
    return await QuotaRepository(session).find(tier, stored_scope(task_type), period)


async def limit_by_id(session: AsyncSession, limit_id: int) -> QuotaLimit | None:
    return next((row for row in await all_limits(session) if row.id == limit_id), None)


async def put_limit(
    session: AsyncSession,
    tier: str,
    task_type: str,
    period: str,
    body: QuotaLimitIn,
    actor: Actor | None = None,
) -> QuotaLimit:
    """Creates or replaces the one limit for (tier, task, period); an administrator's
    change (`actor`) is audited."""
    repo = QuotaRepository(session)
    limit = await repo.find(tier, task_type, period)
    before = None if limit is None else limit_state(limit)
    if limit is not None:
        limit.max_calls = body.max_calls
        limit.max_cost_micro_usd = body.max_cost_micro_usd
        await session.flush()
    else:
        limit = await _add_limit(
            repo,
            QuotaLimit(
                tier=tier,
                task_type=task_type,
                period=period,
                max_calls=body.max_calls,
                max_cost_micro_usd=body.max_cost_micro_usd,
            ),
        )
    if actor is not None:
        record(session, actor, "quota.set", "quota_limit", limit.id, before, limit_state(limit))
    return limit


def forget_cached_limits(app_state: object) -> None:
    """Drops this process's cached limits after an administrator's change, so the change
    holds at once here. The commit follows the caller; the cache also drops what was
    loaded before it."""
    guard = getattr(app_state, "quota_guard", None)
    if guard is not None:
        guard.invalidate()


async def _add_limit(repo: QuotaRepository, limit: QuotaLimit) -> QuotaLimit:
    try:
        async with repo.session.begin_nested():
            return await repo.add(limit)
    except IntegrityError as exc:  # a concurrent request created it first
        raise Conflict("This limit was just created by another request; try again.") from exc


async def remove_limit(session: AsyncSession, limit: QuotaLimit, actor: Actor) -> None:
    """Removes the limit, with its audit entry."""
    before = limit_state(limit)
    await QuotaRepository(session).delete(limit)
    record(session, actor, "quota.delete", "quota_limit", limit.id, before, None)


async def quota_status(
    session: AsyncSession, counters: QuotaCounters, user_id: int, tier: str, now: datetime
) -> list[QuotaStatusOut]:
    """Every limit of the user's tier, with what is used and left of it this period."""
    repo = QuotaRepository(session)
    limits = [
        Limit(row.task_type, row.period, row.max_calls, row.max_cost_micro_usd)
        for row in await repo.of_tier(tier)
    ]
    keys = [limit.key(now.date()) for limit in limits]
    try:
        used = await counters.usage(user_id, keys)
    except _STORE_ERRORS as exc:
        logger.warning("quota status unavailable (%s)", type(exc).__name__)
        raise ServiceUnavailable(
            "Usage limits cannot be read right now. Try again shortly."
        ) from None
    return [_status(key, used.get((key.task_type, key.period, key.period_start))) for key in keys]


def _status(key: CounterKey, counter: tuple[int, int] | None) -> QuotaStatusOut:
    calls, cost = counter or (0, 0)
    max_cost = key.max_cost_micro_usd
    return QuotaStatusOut(
        task_type=shown_scope(key.task_type),
        period=key.period,
        period_start=key.period_start,
        resets_at=resets_at(key.period, key.period_start),
        max_calls=key.max_calls,
        calls_used=calls,
        calls_remaining=None if key.max_calls is None else max(0, key.max_calls - calls),
        max_cost_usd=None if max_cost is None else usd(max_cost),
        cost_used_usd=usd(cost),
        cost_remaining_usd=None if max_cost is None else usd(max(0, max_cost - cost)),
    )
