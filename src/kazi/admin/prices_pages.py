"""/admin/prices: operators' prices per model, and the models in use without a price."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.admin.auth import AdminContext, AdminDep, FormDep
from kazi.admin.errors import PageNotFound
from kazi.admin.forms import FormError, micro_usd
from kazi.admin.render import render, see_other, usd_amount
from kazi.admin.repository import AdminRepository, PriceInput
from kazi.audit.service import record
from kazi.deps import SessionDep
from kazi.llm.pricing import is_priced
from kazi.providers.models import AIProviderConfig, ModelPriceOverride
from kazi.providers.repository import ProviderRepository
from kazi.routing.repository import RoutingRepository

router = APIRouter(prefix="/admin/prices", include_in_schema=False)
MAX_MODEL_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ModelInUse:
    model: str
    provider_type: str
    used_by: list[str]
    price: str  # "override", "bundled" or "unknown"


@lru_cache(maxsize=1024)
def _bundled(provider_type: str, model: str, base_url: str | None) -> bool:
    return is_priced(provider_type, model, base_url)


def _base_url(config: AIProviderConfig) -> str | None:
    value = (config.settings or {}).get("base_url")
    return str(value) if value else None


async def models_in_use(session: SessionDep, overridden: set[str]) -> list[ModelInUse]:
    """Every model a provider or a routing rule names, with where its price comes from."""
    uses: dict[tuple[str, str, str | None], list[str]] = {}
    for config in await ProviderRepository(session).all():
        key = (config.provider_type, config.model_name, _base_url(config))
        uses.setdefault(key, []).append(f"provider {config.name}")
    for rule, config in await RoutingRepository(session).all_rules():
        if rule.model_override:
            key = (config.provider_type, rule.model_override, _base_url(config))
            uses.setdefault(key, []).append(f"routing {rule.task_type}/{rule.tier}")
    found = []
    for (provider_type, model, base_url), used_by in sorted(uses.items(), key=str):
        if model in overridden:
            price = "override"
        else:
            price = "bundled" if _bundled(provider_type, model, base_url) else "unknown"
        found.append(ModelInUse(model, provider_type, used_by, price))
    return found


def _price_state(row: ModelPriceOverride) -> dict[str, Any]:
    cached = row.cached_input_micro_usd_per_mtok
    return {
        "model_name": row.model_name,
        "input_usd_per_mtok": usd_amount(row.input_micro_usd_per_mtok),
        "output_usd_per_mtok": usd_amount(row.output_micro_usd_per_mtok),
        "cached_input_usd_per_mtok": None if cached is None else usd_amount(cached),
    }


async def _page(
    request: Request,
    admin: AdminContext,
    session: SessionDep,
    form: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    prices = await AdminRepository(session).prices()
    in_use = await models_in_use(session, {row.model_name for row in prices})
    context = {"admin": admin, "prices": prices, "in_use": in_use, "form": form, "error": error}
    return render(request, "prices.html", context, status)


@router.get("")
async def prices_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    model = request.query_params.get("model", "")[:MAX_MODEL_LENGTH]
    form = {"model_name": model, "input": "", "output": "", "cached": ""}
    existing = await AdminRepository(session).price_for(model) if model else None
    if existing is not None:
        state = _price_state(existing)
        form.update(
            input=state["input_usd_per_mtok"],
            output=state["output_usd_per_mtok"],
            cached=state["cached_input_usd_per_mtok"] or "",
        )
    return await _page(request, admin, session, form)


def _price_input(fields: dict[str, str]) -> PriceInput:
    model = fields["model_name"]
    if not model or len(model) > MAX_MODEL_LENGTH:
        raise FormError(f"Model: 1 to {MAX_MODEL_LENGTH} characters.")
    return PriceInput(
        model_name=model,
        input_micro=micro_usd("Input price", fields["input"]) or 0,
        output_micro=micro_usd("Output price", fields["output"]) or 0,
        cached_input_micro=micro_usd("Cached input price", fields["cached"], required=False),
    )


@router.post("")
async def set_price(request: Request, form: FormDep, session: SessionDep) -> Response:
    fields = {name: form.text(name) for name in ("model_name", "input", "output", "cached")}
    try:
        data = _price_input(fields)
    except FormError as exc:
        return await _page(request, form.admin, session, fields, str(exc), 422)
    repo = AdminRepository(session)
    existing = await repo.price_for(data.model_name)
    before = None if existing is None else _price_state(existing)
    row = await repo.set_price(data)
    record(
        session, form.admin, "price.set", "model_price", row.model_name, before, _price_state(row)
    )
    return see_other("/admin/prices", "saved")


@router.post("/{price_id}/delete")
async def delete_price(price_id: int, form: FormDep, session: SessionDep) -> Response:
    repo = AdminRepository(session)
    row = await repo.price(price_id)
    if row is None:
        raise PageNotFound
    before = _price_state(row)
    await repo.delete_price(row)
    record(session, form.admin, "price.delete", "model_price", before["model_name"], before, None)
    return see_other("/admin/prices", "deleted")
