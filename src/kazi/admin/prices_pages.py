"""/admin/prices: operators' prices per model, and the models in use without a price."""

from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.admin.auth import AdminContext, AdminDep, FormDep
from kazi.admin.errors import PageNotFound
from kazi.admin.forms import FormError, micro_usd
from kazi.admin.render import render, see_other
from kazi.kit.deps import SessionDep
from kazi.providers.prices import PriceService, price_state
from kazi.providers.schemas import PriceIn
from kazi.routing.price_sources import models_in_use

router = APIRouter(prefix="/admin/prices", include_in_schema=False)
MAX_MODEL_LENGTH = 200


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
