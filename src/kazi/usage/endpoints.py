"""The usage log for administrators (every call, and totals) and for each user (their own)."""

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request

from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep
from kazi.kit.errors import InvalidInput
from kazi.kit.http import NO_NUL, Envelope, PageOffset, RowId, ok
from kazi.usage.figures import UsageFilters
from kazi.usage.record import UsageStatus
from kazi.usage.schemas import (
    MyUsageOut,
    UsageItemOut,
    UsagePage,
    UsageSummaryOut,
)
from kazi.usage.service import UsageService
from kazi.users.dependencies import AdminUser, ReadingUser

admin_router = APIRouter(prefix="/api/v1/admin/usage", tags=["admin", "usage"])
me_router = APIRouter(tags=["usage"])

DEFAULT_SUMMARY_DAYS = 30
Offset = PageOffset
Limit = Annotated[int, Query(ge=1, le=500)]


@admin_router.get("")
async def list_usage(
    _admin: AdminUser,
    session: SessionDep,
    provider_config_id: RowId | None = None,
    provider_name: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    model: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    task_type: Annotated[str | None, Query(max_length=30, pattern=NO_NUL)] = None,
    tier: Annotated[str | None, Query(max_length=20, pattern=NO_NUL)] = None,
    user_id: RowId | None = None,
    status: UsageStatus | None = None,
    since: Annotated[datetime | None, Query(description="inclusive; UTC when no offset")] = None,
    until: Annotated[datetime | None, Query(description="exclusive; UTC when no offset")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Envelope[UsagePage]:
    """Every recorded call attempt, newest first."""
    filters = UsageFilters(
        provider_config_id=provider_config_id,
        provider_name=provider_name,
        model=model,
        task_type=task_type,
        tier=tier,
        user_id=user_id,
        status=status.value if status else None,
        since=_as_utc(since),
        until=_as_utc(until),
    )
    rows, total = await UsageService(session).page(filters, offset, limit)
    items = [UsageItemOut.of(row) for row in rows]
    return ok(UsagePage(items=items, total=total, offset=offset, limit=limit))


@admin_router.get("/summary")
async def usage_summary(
    _admin: AdminUser,
    session: SessionDep,
    since: Annotated[date | None, Query(description="first day, inclusive")] = None,
    until: Annotated[date | None, Query(description="last day, inclusive; default today")] = None,
) -> Envelope[UsageSummaryOut]:
    """Totals from the daily rollups, overall and by provider, model, task, tier and day."""
    until = until or utcnow().date()
    since = since or until - timedelta(days=DEFAULT_SUMMARY_DAYS - 1)
    if since > until:
        raise InvalidInput("`since` must not be after `until`.")
    summary = await UsageService(session).summary(since, until)
    return ok(UsageSummaryOut.of(since, until, summary))


@me_router.get("/api/v1/users/me/usage")
async def my_usage(
    request: Request,
    user: ReadingUser,
    session: SessionDep,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Envelope[MyUsageOut]:
    """The caller's own calls, newest first, and their totals for the current month."""
    counters = request.app.state.quota_guard.counters  # the ones the router counts on
    return ok(await UsageService(session).of_user(user, counters, offset, limit))


def _as_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
