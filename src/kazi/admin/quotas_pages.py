"""/admin/quotas: call and spending limits per tier, task and period."""

from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from kazi.admin.auth import AdminContext, AdminDep, FormDep
from kazi.admin.errors import PageNotFound
from kazi.admin.forms import FormError, micro_usd, whole_number
from kazi.admin.render import render, see_other
from kazi.enums import ANY, TaskType, Tier, shown_scope, stored_scope
from kazi.kit.deps import SessionDep
from kazi.kit.errors import KaziError
from kazi.kit.http import describe_validation
from kazi.quotas.schemas import MAX_CALLS, QuotaLimitIn
from kazi.quotas.service import (
    all_limits,
    forget_cached_limits,
    limit_by_id,
    put_limit,
    remove_limit,
)

router = APIRouter(prefix="/admin/quotas", include_in_schema=False)
PERIODS = ("day", "month")
FIELDS = ("tier", "task", "period", "max_calls", "max_cost")


async def _page(
    request: Request,
    admin: AdminContext,
    session: SessionDep,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "admin": admin,
        "limits": await all_limits(session),
        "tiers": list(Tier),
        "tasks": [ANY, *(str(t) for t in TaskType)],
        "periods": PERIODS,
        "form": form or dict.fromkeys(FIELDS, ""),
        "error": error,
        "label": shown_scope,
    }
    return render(request, "quotas.html", context, status)


@router.get("")
async def quotas_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    return await _page(request, admin, session)


def _limit_input(fields: dict[str, str]) -> tuple[str, str, str, QuotaLimitIn]:
    tier, task, period = fields["tier"], fields["task"], fields["period"]
    if tier not in set(Tier) or period not in PERIODS:
        raise FormError("Choose a tier and a period.")
    if task != ANY and task not in set(TaskType):
        raise FormError("Choose a task, or any.")
    max_calls = whole_number("Max calls", fields["max_calls"], MAX_CALLS)
    max_cost = micro_usd("Max spend", fields["max_cost"], required=False)
    try:
        body = QuotaLimitIn(
            max_calls=max_calls,
            max_cost_usd=None if max_cost is None else Decimal(max_cost) / 1_000_000,
        )
    except ValidationError as exc:
        raise FormError(describe_validation(exc.errors())) from None
    return tier, stored_scope(task), period, body


@router.post("")
async def set_limit(request: Request, form: FormDep, session: SessionDep) -> Response:
    fields = {name: form.text(name) for name in FIELDS}
    try:
        tier, task, period, body = _limit_input(fields)
        await put_limit(session, tier, task, period, body, actor=form.admin)
    except (FormError, KaziError) as exc:
        message = exc.message if isinstance(exc, KaziError) else str(exc)
        return await _page(request, form.admin, session, fields, message, 422)
    forget_cached_limits(request.app.state)
    return see_other("/admin/quotas", "saved")


@router.post("/{limit_id}/delete")
async def delete_limit(
    limit_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    limit = await limit_by_id(session, limit_id)
    if limit is None:
        raise PageNotFound
    await remove_limit(session, limit, form.admin)
    forget_cached_limits(request.app.state)
    return see_other("/admin/quotas", "deleted")
