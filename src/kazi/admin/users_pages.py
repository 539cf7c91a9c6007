"""/admin/users: find a user by e-mail, change their tier, role and active state, and see
their usage over the last 30 days. Changes go through UserService, which audits them."""

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.admin.auth import AdminContext, AdminDep, FormDep
from kazi.admin.errors import PageNotFound
from kazi.admin.render import render, see_other
from kazi.enums import Role, Tier
from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep
from kazi.kit.errors import KaziError
from kazi.usage.figures import UsageQuery
from kazi.usage.service import UsageService
from kazi.users.models import User
from kazi.users.schemas import UserUpdate
from kazi.users.service import UserService

router = APIRouter(prefix="/admin/users", include_in_schema=False)
USAGE_DAYS = 30
LISTED = 50
MAX_EMAIL_LENGTH = 320


async def _usage(session: SessionDep, user: User) -> dict[str, int]:
    """Calls and cost of the user over the last USAGE_DAYS whole days, from the rollups."""
    today = utcnow().date()
    query = UsageQuery(since=today - timedelta(days=USAGE_DAYS - 1), until=today, user_id=user.id)
    totals = await UsageService(session).user_totals(query)
    found = totals[0] if totals else None
    return {
        "calls": found.calls if found else 0,
        "cost": found.cost_micro_usd if found else 0,
        "unpriced": found.unpriced_calls if found else 0,
    }


async def _page(
    request: Request,
    admin: AdminContext,
    session: SessionDep,
    email: str,
    error: str | None = None,
    status: int = 200,
) -> Response:
    users = UserService(session)
    found = await users.by_email(email) if email else None
    listed, total = await users.page(0, LISTED)
    context: dict[str, Any] = {
        "admin": admin,
        "email": email,
        "found": found,
        "usage": await _usage(session, found) if found else None,
        "usage_days": USAGE_DAYS,
        "users": listed,
        "total": total,
        "tiers": list(Tier),
        "roles": list(Role),
        "error": error or ("No user has this e-mail address." if email and not found else None),
    }
    return render(request, "users.html", context, status)


@router.get("")
async def users_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    email = request.query_params.get("email", "").strip()[:MAX_EMAIL_LENGTH]
    return await _page(request, admin, session, email)


def _changes(form: FormDep) -> UserUpdate:
    tier, role = form.text("tier"), form.text("role")
    if tier not in set(Tier) or role not in set(Role):
        raise KaziError("Choose a tier and a role.")
    return UserUpdate(tier=Tier(tier), role=Role(role), is_active=form.checked("is_active"))


@router.post("/{user_id}")
async def update_user(
    user_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    user = await UserService(session).by_id(user_id)
    if user is None:
        raise PageNotFound
    email = user.email
    try:
        await UserService(session).update(user_id, _changes(form), actor=form.admin)
    except KaziError as exc:
        return await _page(request, form.admin, session, email, exc.message, 422)
    return see_other(f"/admin/users?email={email}", "saved")
