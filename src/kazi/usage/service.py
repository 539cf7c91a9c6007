"""Usage figures for the API, the dashboard and the app: every page and endpoint that
shows usage reads it through here, and only the usage repository queries it."""

from collections.abc import AsyncIterator, Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.kit.db import utcnow
from kazi.quotas.counters import QuotaCounters
from kazi.quotas.service import quota_status
from kazi.usage.figures import (
    BucketCount,
    DayRow,
    ProviderUsage,
    Summary,
    Totals,
    UsageFilters,
    UsageQuery,
    UserCost,
)
from kazi.usage.models import AIProviderUsageLog
from kazi.usage.repository import DashboardUsage, UsageRepository
from kazi.usage.schemas import MyUsageOut, UsageItemOut, UsageTotalsOut
from kazi.users.models import User


class UsageService:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._log = UsageRepository(session)
        self._dashboard = DashboardUsage(session)

    # The API's raw rows and totals.
    async def page(
        self, filters: UsageFilters, offset: int, limit: int
    ) -> tuple[list[AIProviderUsageLog], int]:
        return await self._log.page(filters, offset, limit)

    async def totals(self, since: date, until: date, user_id: int | None = None) -> Totals:
        return await self._log.totals(since, until, user_id)

    async def summary(self, since: date, until: date) -> Summary:
        return await self._log.summary(since, until)

    async def of_user(
        self, user: User, counters: QuotaCounters, offset: int, limit: int
    ) -> MyUsageOut:
        """A user's calls, month totals and quotas: the figures of every page showing them."""
        rows, total = await self._log.page(UsageFilters(user_id=user.id), offset, limit)
        today = utcnow().date()
        month_start = today.replace(day=1)
        month = await self._log.totals(month_start, today, user_id=user.id)
        return MyUsageOut(
            items=[UsageItemOut.of(row) for row in rows],
            total=total,
            offset=offset,
            limit=limit,
            month_start=month_start,
            month_totals=UsageTotalsOut.of(month),
            quota=await quota_status(self._session, counters, user.id, user.tier, utcnow()),
        )

    # The dashboard's figures.
    async def by_day(self, query: UsageQuery) -> list[DayRow]:
        return await self._dashboard.by_day(query)

    async def by_provider(self, since: date, until: date) -> dict[str, ProviderUsage]:
        return await self._dashboard.by_provider(since, until)

    async def user_totals(
        self, query: UsageQuery, limit: int | None = None, user_ids: Collection[int] | None = None
    ) -> list[UserCost]:
        return await self._dashboard.user_totals(query, limit, user_ids)

    async def failures_by_status(self, query: UsageQuery) -> dict[str, int]:
        return await self._dashboard.failures_by_status(query)

    async def recent_errors(self, query: UsageQuery, limit: int = 25) -> list[AIProviderUsageLog]:
        return await self._dashboard.recent_errors(query, limit)

    async def latency_buckets(self, query: UsageQuery) -> list[BucketCount]:
        return await self._dashboard.latency_buckets(query)

    async def user_latency_buckets(self, query: UsageQuery) -> list[BucketCount]:
        return await self._dashboard.user_latency_buckets(query)

    def export(self, query: UsageQuery, batch: int = 2_000) -> AsyncIterator[Sequence[Any]]:
        return self._dashboard.export(query, batch)
