"""Provider configuration queries."""

from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.providers.models import AIProviderConfig, ModelPriceOverride, ProviderTaskDefault


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
