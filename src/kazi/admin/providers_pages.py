"""/admin/providers: the configured providers, their health and spend; add, edit, test."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.admin.auth import AdminContext, AdminDep, FormDep
from kazi.admin.errors import PageNotFound
from kazi.admin.provider_forms import (
    TIMEOUT_LABELS,
    ProviderFormValues,
    create_request,
    provider_type_or_none,
    setting_fields,
    settings_help,
    update_request,
    values_from_form,
)
from kazi.admin.render import render, see_other
from kazi.enums import TaskType
from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep
from kazi.kit.errors import KaziError, NotFound
from kazi.llm.registry import ProviderType
from kazi.providers.schemas import KeyStatus, ProviderOut
from kazi.providers.service import ProviderService
from kazi.routing.router import Router
from kazi.usage.figures import ProviderUsage
from kazi.usage.service import UsageService

router = APIRouter(prefix="/admin/providers", include_in_schema=False)
WEEK_DAYS = 7


@dataclass(frozen=True, slots=True)
class ProviderRow:
    provider: ProviderOut
    status: str
    week: ProviderUsage | None


def _service(request: Request, session: SessionDep) -> ProviderService:
    return ProviderService(session, request.app.state.key_box)


async def _status(provider: ProviderOut, routing: Router) -> str:
    if provider.key_status is KeyStatus.NEEDS_RECONFIGURATION:
        return "needs reconfiguration"
    if not provider.is_active:
        return "inactive"
    if await routing.cooldowns.is_cooled_down(provider.id):
        return "cooled down"
    return "active"


async def _provider(service: ProviderService, provider_id: int) -> ProviderOut:
    try:
        return await service.describe(await service.get(provider_id))
    except NotFound:
        raise PageNotFound from None


async def _week_by_provider(session: SessionDep) -> dict[str, ProviderUsage]:
    """Calls and cost per provider name over the last 7 days: a few rows of daily totals."""
    today = utcnow().date()
    return await UsageService(session).by_provider(today - timedelta(days=WEEK_DAYS - 1), today)


@router.get("")
async def providers_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    service = _service(request, session)
    week = await _week_by_provider(session)
    routing: Router = request.app.state.router
    rows = [
        ProviderRow(p, await _status(p, routing), week.get(p.name))
        for p in await service.describe_all()
    ]
    highlight = request.query_params.get("provider", "")
    context = {"admin": admin, "rows": rows, "highlight": highlight, "types": list(ProviderType)}
    return render(request, "providers.html", context)


def _form_page(
    request: Request,
    admin: AdminContext,
    values: ProviderFormValues,
    provider_id: int | None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    provider_type = ProviderType(values.provider_type)
    context: dict[str, Any] = {
        "admin": admin,
        "values": values,
        "provider_id": provider_id,
        "fields": setting_fields(provider_type),
        "help": settings_help(provider_type),
        "tasks": list(TaskType),
        "timeout_labels": TIMEOUT_LABELS,
        "error": error,
    }
    return render(request, "provider_form.html", context, status)


@router.get("/new")
async def new_provider_page(request: Request, admin: AdminDep) -> Response:
    provider_type = provider_type_or_none(request.query_params.get("type", ""))
    if provider_type is None:
        context = {"admin": admin, "types": list(ProviderType)}
        return render(request, "provider_type.html", context)
    return _form_page(request, admin, ProviderFormValues(str(provider_type)), None)


@router.post("/new")
async def create_provider(request: Request, form: FormDep, session: SessionDep) -> Response:
    provider_type = provider_type_or_none(form.text("provider_type"))
    if provider_type is None:
        raise PageNotFound
    values = values_from_form(form, provider_type)
    service = _service(request, session)
    try:
        async with session.begin_nested():
            await service.create(create_request(form, values), form.admin)
    except KaziError as exc:
        return _form_page(request, form.admin, values, None, exc.message, int(exc.status))
    return see_other("/admin/providers", "created")


@router.get("/{provider_id}")
async def edit_provider_page(
    provider_id: int, request: Request, admin: AdminDep, session: SessionDep
) -> Response:
    provider = await _provider(_service(request, session), provider_id)
    return _form_page(request, admin, ProviderFormValues.of(provider), provider_id)


@router.post("/{provider_id}")
async def update_provider(
    provider_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    service = _service(request, session)
    before = await _provider(service, provider_id)
    values = values_from_form(form, before.provider_type)
    values.key_hint = before.api_key_hint
    try:
        async with session.begin_nested():
            await service.update(provider_id, update_request(form, values), form.admin)
    except KaziError as exc:
        return _form_page(request, form.admin, values, provider_id, exc.message, int(exc.status))
    return see_other("/admin/providers", "saved")


async def _switch(
    request: Request, form: FormDep, session: SessionDep, provider_id: int, active: bool
) -> Response:
    service = _service(request, session)
    await _provider(service, provider_id)
    await service.set_active(provider_id, active, form.admin)
    return see_other("/admin/providers", "activated" if active else "deactivated")


@router.post("/{provider_id}/activate")
async def activate_provider(
    provider_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    return await _switch(request, form, session, provider_id, True)


@router.post("/{provider_id}/deactivate")
async def deactivate_provider(
    provider_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    return await _switch(request, form, session, provider_id, False)


@router.post("/{provider_id}/test")
async def test_provider(
    provider_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    service = _service(request, session)
    await _provider(service, provider_id)
    await service.test(provider_id, request.app.state.provider_clients)
    return see_other(f"/admin/providers?provider={provider_id}", "tested")


@router.post("/{provider_id}/delete")
async def delete_provider(
    provider_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    service = _service(request, session)
    await _provider(service, provider_id)
    await service.delete(provider_id, form.admin)
    return see_other("/admin/providers", "deleted")
