"""Price overrides: the one place they change, for the admin API and the dashboard alike.
Each change writes its audit entry in the caller's transaction."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.audit.service import Actor, record
from kazi.kit.errors import NotFound
from kazi.providers.models import ModelPriceOverride
from kazi.providers.repository import PriceRepository
from kazi.providers.schemas import PriceIn, PriceOut

MICRO = Decimal(1_000_000)


def usd_text(micro_usd: int) -> str:
    """Micro-dollars as a plain decimal, e.g. 150000 -> "0.15"."""
    whole, fraction = divmod(micro_usd, 1_000_000)
    digits = f"{fraction:06d}".rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


def _micro(usd: Decimal | None) -> int | None:
    return None if usd is None else int(usd * MICRO)


def _usd(micro_usd: int | None) -> Decimal | None:
    return None if micro_usd is None else Decimal(usd_text(micro_usd))


def price_out(row: ModelPriceOverride) -> PriceOut:
    return PriceOut(
        model_name=row.model_name,
        input_usd_per_mtok=Decimal(usd_text(row.input_micro_usd_per_mtok)),
        output_usd_per_mtok=Decimal(usd_text(row.output_micro_usd_per_mtok)),
        cached_input_usd_per_mtok=_usd(row.cached_input_micro_usd_per_mtok),
        updated_at=row.updated_at,
    )


def price_state(row: ModelPriceOverride) -> dict[str, Any]:
    """The audited state: the prices as the operator wrote them."""
    cached = row.cached_input_micro_usd_per_mtok
    return {
        "model_name": row.model_name,
        "input_usd_per_mtok": usd_text(row.input_micro_usd_per_mtok),
        "output_usd_per_mtok": usd_text(row.output_micro_usd_per_mtok),
        "cached_input_usd_per_mtok": None if cached is None else usd_text(cached),
    }


class PriceService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = PriceRepository(session)

    async def all(self) -> Sequence[ModelPriceOverride]:
        return await self.repo.all()

    async def by_id(self, price_id: int) -> ModelPriceOverride | None:
        return await self.repo.by_id(price_id)

    async def for_model(self, model_name: str) -> ModelPriceOverride | None:
        return await self.repo.for_model(model_name)

    async def put(self, actor: Actor, model_name: str, price: PriceIn) -> ModelPriceOverride:
        existing = await self.repo.for_model(model_name)
        before = None if existing is None else price_state(existing)
        row = await self.repo.put(
            model_name,
            _micro(price.input_usd_per_mtok) or 0,
            _micro(price.output_usd_per_mtok) or 0,
            _micro(price.cached_input_usd_per_mtok),
        )
        after = price_state(row)
        record(self.session, actor, "price.set", "model_price", model_name, before, after)
        return row

    async def delete(self, actor: Actor, model_name: str) -> None:
        row = await self.repo.for_model(model_name)
        if row is None:
            raise NotFound(f"No price override for the model {model_name!r}.")
        before = price_state(row)
        await self.repo.delete(row)
        record(self.session, actor, "price.delete", "model_price", model_name, before, None)
