"""Usage: what the user's tier allows and what is left, from the same figures as
GET /api/v1/users/me/usage."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.app.i18n import N_
from kazi.app.render import render
from kazi.app.session import MeDep
from kazi.enums import ANY
from kazi.kit.deps import SessionDep
from kazi.ratelimit.throttle import rate_limits
from kazi.usage.service import UsageService
from kazi.users.service import UserService

router = APIRouter(include_in_schema=False)
RECENT_CALLS = 20
TASKS = {
    ANY: N_("All AI work"),
    "extraction": N_("Reading job postings"),
    "cv_draft": N_("Writing CVs"),
    "cover_letter": N_("Writing cover letters"),
    "validation": N_("Checking documents"),
    "chat": N_("Chat"),
}
PERIODS = {"day": N_("today"), "month": N_("this month")}


@router.get("/usage")
async def usage_page(request: Request, me: MeDep, session: SessionDep) -> Response:
    user = await UserService(session).by_id(me.id)
    assert user is not None  # the session belongs to this active user
    counters = request.app.state.quota_guard.counters
    figures = await UsageService(session).of_user(user, counters, 0, RECENT_CALLS)
    context = {
        "me": me,
        "tier": user.tier,
        "usage": figures,
        "per_minute": rate_limits(request.app).ai_limit(user.tier),
        "tasks": TASKS,
        "periods": PERIODS,
    }
    return render(request, "usage.html", context)
