"""The dashboard's own queries: price overrides and user look-ups."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.db import utcnow
from kazi.providers.models import ModelPriceOverride
from kazi.users.models import User


@dataclass(frozen=True, slots=True)
class PriceInput:
    """A price override as entered, in micro-dollars per million tokens."""

    model_name: str
    input_micro: int
    output_micro: int
    cached_input_micro: int | None


class AdminRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def prices(self) -> Sequence[ModelPriceOverride]:
        query = select(ModelPriceOverride).order_by(ModelPriceOverride.model_name)
        return (await self.session.scalars(query)).all()

    async def price(self, price_id: int) -> ModelPriceOverride | None:
        return await self.session.get(ModelPriceOverride, price_id)

    async def price_for(self, model_name: str) -> ModelPriceOverride | None:
        query = select(ModelPriceOverride).where(ModelPriceOverride.model_name == model_name)
        return await self.session.scalar(query)

    async def set_price(self, data: PriceInput) -> ModelPriceOverride:
        row = await self.price_for(data.model_name)
        if row is None:
            row = ModelPriceOverride(model_name=data.model_name)
            self.session.add(row)
        row.input_micro_usd_per_mtok = data.input_micro
        row.output_micro_usd_per_mtok = data.output_micro
        row.cached_input_micro_usd_per_mtok = data.cached_input_micro
        row.updated_at = utcnow()
        await self.session.flush()
        return row

    async def delete_price(self, row: ModelPriceOverride) -> None:
        await self.session.execute(
            delete(ModelPriceOverride).where(ModelPriceOverride.id == row.id)
        )

    async def emails(self, user_ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(user_ids))
        if not wanted:
            return {}
        rows = await self.session.execute(select(User.id, User.email).where(User.id.in_(wanted)))
        return {int(row[0]): str(row[1]) for row in rows}

    async def user_id_for(self, email: str) -> int | None:
        query = select(User.id).where(User.email == email.lower())
        found = await self.session.scalar(query)
        return None if found is None else int(found)
