"""Provider configuration queries."""

from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.kit.db import utcnow
from kazi.providers.models import AIProviderConfig, ModelPriceOverride, ProviderTaskDefault


class PriceRepository:
    """Operators' price overrides, one row per model name."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> Sequence[ModelPriceOverride]:
        query = select(ModelPriceOverride).order_by(ModelPriceOverride.model_name)
        return (await self.session.scalars(query)).all()

    async def by_id(self, price_id: int) -> ModelPriceOverride | None:
        return await self.session.get(ModelPriceOverride, price_id)

    async def for_model(self, model_name: str) -> ModelPriceOverride | None:
        query = select(ModelPriceOverride).where(ModelPriceOverride.model_name == model_name)
        return await self.session.scalar(query)

    async def put(
        self, model_name: str, input_micro: int, output_micro: int, cached_micro: int | None
    ) -> ModelPriceOverride:
        row = await self.for_model(model_name)
        if row is None:
            row = ModelPriceOverride(model_name=model_name)
            self.session.add(row)
        row.input_micro_usd_per_mtok = input_micro
        row.output_micro_usd_per_mtok = output_micro
        row.cached_input_micro_usd_per_mtok = cached_micro
        row.updated_at = utcnow()
        await self.session.flush()
        return row

    async def delete(self, row: ModelPriceOverride) -> None:
        await self.session.execute(
            delete(ModelPriceOverride).where(ModelPriceOverride.id == row.id)
        )


class ProviderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, config: AIProviderConfig) -> AIProviderConfig:
        self.session.add(config)
        await self.session.flush()
        return config

    async def get(self, config_id: int) -> AIProviderConfig | None:
        return await self.session.get(AIProviderConfig, config_id)

    async def by_name(self, name: str) -> AIProviderConfig | None:
        return await self.session.scalar(
            select(AIProviderConfig).where(AIProviderConfig.name == name)
        )

    async def all(self) -> Sequence[AIProviderConfig]:
        return (
            await self.session.scalars(select(AIProviderConfig).order_by(AIProviderConfig.id))
        ).all()

    async def delete(self, config: AIProviderConfig) -> None:
        await self.session.delete(config)
        await self.session.flush()

    async def clear_global_default(self) -> None:
        await self.session.execute(update(AIProviderConfig).values(is_default=False))

    async def task_defaults(self) -> dict[str, int]:
        rows = await self.session.scalars(select(ProviderTaskDefault))
        return {row.task_type: row.provider_config_id for row in rows}

    async def set_task_defaults(self, config_id: int, tasks: Sequence[str]) -> None:
        """Makes `config_id` the default for exactly these tasks."""
        await self.session.execute(
            delete(ProviderTaskDefault).where(
                (ProviderTaskDefault.provider_config_id == config_id)
                | ProviderTaskDefault.task_type.in_(tasks)
            )
        )
        for task in tasks:
            self.session.add(ProviderTaskDefault(task_type=task, provider_config_id=config_id))
        await self.session.flush()

    async def price_overrides(self) -> Sequence[ModelPriceOverride]:
        return (await self.session.scalars(select(ModelPriceOverride))).all()
