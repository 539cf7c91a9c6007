"""Admin API for quota limits: /api/v1/admin/quotas."""

from typing import Annotated

from fastapi import APIRouter, Path, Request

from kazi.enums import Tier, stored_scope
from kazi.kit.deps import SessionDep
from kazi.kit.errors import NotFound
from kazi.kit.http import Envelope, ok
from kazi.quotas.schemas import Period, QuotaLimitIn, QuotaLimitOut, TaskOrAny
from kazi.quotas.service import (
    all_limits,
    find_limit,
    forget_cached_limits,
    put_limit,
    remove_limit,
)
from kazi.users.dependencies import AdminUser

router = APIRouter(prefix="/api/v1/admin/quotas", tags=["admin: quotas"])
TaskPath = Annotated[TaskOrAny, Path(description="A task type, or `any` for every task.")]
LIMIT_PATH = "/{tier}/{task_type}/{period}"


@router.get("")
async def list_limits(_admin: AdminUser, session: SessionDep) -> Envelope[list[QuotaLimitOut]]:
    """Every limit, by tier, task and period."""
    return ok([QuotaLimitOut.of(row) for row in await all_limits(session)])


@router.put(LIMIT_PATH)
async def replace_limit(
    tier: Tier,
    task_type: TaskPath,
    period: Period,
    body: QuotaLimitIn,
    request: Request,
    admin: AdminUser,
    session: SessionDep,
) -> Envelope[QuotaLimitOut]:
    """Sets the limit for (tier, task, period), replacing the one there was."""
    limit = await put_limit(session, tier, stored_scope(task_type), period, body, actor=admin)
    forget_cached_limits(request.app.state)
    return ok(QuotaLimitOut.of(limit))


@router.delete(LIMIT_PATH)
async def delete_limit(
    tier: Tier,
    task_type: TaskPath,
    period: Period,
    request: Request,
    admin: AdminUser,
    session: SessionDep,
) -> Envelope[dict[str, bool]]:
    """Removes the limit; counters already kept for it are left to expire with their period."""
    limit = await find_limit(session, tier, task_type, period)
    if limit is None:
        raise NotFound("There is no such limit.")
    await remove_limit(session, limit, admin)
    forget_cached_limits(request.app.state)
    return ok({"deleted": True})
