"""Admin API for price overrides: /api/v1/admin/prices. Model names may hold slashes."""

from typing import Annotated

from fastapi import APIRouter, Path

from kazi.kit.deps import SessionDep
from kazi.kit.http import Envelope, ok
from kazi.providers.prices import PriceService, price_out
from kazi.providers.schemas import PriceIn, PriceOut
from kazi.users.dependencies import AdminUser

router = APIRouter(prefix="/api/v1/admin/prices", tags=["admin: prices"])
ModelName = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\x00]+$")]


@router.get("")
async def list_prices(_admin: AdminUser, session: SessionDep) -> Envelope[list[PriceOut]]:
    """Every override; models without one use the bundled genai-prices data (or none)."""
    return ok([price_out(row) for row in await PriceService(session).all()])


@router.put("/{model_name:path}")
async def put_price(
    model_name: ModelName, body: PriceIn, admin: AdminUser, session: SessionDep
) -> Envelope[PriceOut]:
    """Sets the price of a model in dollars per million tokens; later calls cost that."""
    return ok(price_out(await PriceService(session).put(admin, model_name, body)))


@router.delete("/{model_name:path}")
async def delete_price(
    model_name: ModelName, admin: AdminUser, session: SessionDep
) -> Envelope[dict[str, bool]]:
    """Removes the override; the bundled price (or none) applies again."""
    await PriceService(session).delete(admin, model_name)
    return ok({"deleted": True})
