"""/admin/prices: operators' prices per model, and the models in use without a price."""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.admin.auth import AdminContext, AdminDep, FormDep
from kazi.admin.errors import PageNotFound
from kazi.admin.forms import FormError, micro_usd
from kazi.admin.render import render, see_other
from kazi.kit.deps import SessionDep
from kazi.llm.pricing import is_priced
from kazi.providers.models import AIProviderConfig
from kazi.providers.prices import PriceService, price_state
from kazi.providers.repository import ProviderRepository
from kazi.providers.schemas import PriceIn
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


async def _page(
    request: Request,
    admin: AdminContext,
    session: SessionDep,
    form: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    prices = await PriceService(session).all()
    in_use = await models_in_use(session, {row.model_name for row in prices})
    context = {"admin": admin, "prices": prices, "in_use": in_use, "form": form, "error": error}
    return render(request, "prices.html", context, status)


@router.get("")
async def prices_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    model = request.query_params.get("model", "")[:MAX_MODEL_LENGTH]
    form = {"model_name": model, "input": "", "output": "", "cached": ""}
    existing = await PriceService(session).for_model(model) if model else None
    if existing is not None:
        state = price_state(existing)
        form.update(
            input=state["input_usd_per_mtok"],
            output=state["output_usd_per_mtok"],
            cached=state["cached_input_usd_per_mtok"] or "",
        )
    return await _page(request, admin, session, form)


def _usd(micro: int | None) -> Decimal | None:
    return None if micro is None else Decimal(micro).scaleb(-6)


def _price_input(fields: dict[str, str]) -> PriceIn:
    model = fields["model_name"]
    if not model or len(model) > MAX_MODEL_LENGTH:
        raise FormError(f"Model: 1 to {MAX_MODEL_LENGTH} characters.")
    return PriceIn(
        input_usd_per_mtok=_usd(micro_usd("Input price", fields["input"])) or Decimal(0),
        output_usd_per_mtok=_usd(micro_usd("Output price", fields["output"])) or Decimal(0),
        cached_input_usd_per_mtok=_usd(
            micro_usd("Cached input price", fields["cached"], required=False)
        ),
    )


@router.post("")
async def set_price(request: Request, form: FormDep, session: SessionDep) -> Response:
    fields = {name: form.text(name) for name in ("model_name", "input", "output", "cached")}
    try:
        data = _price_input(fields)
    except FormError as exc:
        return await _page(request, form.admin, session, fields, str(exc), 422)
    await PriceService(session).put(form.admin, fields["model_name"], data)
    return see_other("/admin/prices", "saved")


@router.post("/{price_id}/delete")
async def delete_price(price_id: int, form: FormDep, session: SessionDep) -> Response:
    service = PriceService(session)
    row = await service.by_id(price_id)
    if row is None:
        raise PageNotFound
    await service.delete(form.admin, row.model_name)
    return see_other("/admin/prices", "deleted")
