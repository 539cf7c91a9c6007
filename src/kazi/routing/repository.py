"""Routing rule queries."""

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.providers.models import AIProviderConfig, ProviderTaskDefault
from kazi.routing.models import RoutingCandidate


class RoutingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def candidates(
        self, task_type: str, tiers: Sequence[str]
    ) -> Sequence[tuple[RoutingCandidate, AIProviderConfig]]:
        query = (
            select(RoutingCandidate, AIProviderConfig)
            .join(AIProviderConfig, AIProviderConfig.id == RoutingCandidate.provider_config_id)
            .where(RoutingCandidate.task_type == task_type, RoutingCandidate.tier.in_(tiers))
            .order_by(RoutingCandidate.position)
        )
        return [(row[0], row[1]) for row in await self.session.execute(query)]

    async def task_default(self, task_type: str) -> AIProviderConfig | None:
        return await self.session.scalar(
            select(AIProviderConfig)
            .join(
                ProviderTaskDefault, ProviderTaskDefault.provider_config_id == AIProviderConfig.id
            )
            .where(ProviderTaskDefault.task_type == task_type)
        )

    async def global_default(self) -> AIProviderConfig | None:
        return await self.session.scalar(
            select(AIProviderConfig).where(AIProviderConfig.is_default.is_(True)).limit(1)
        )

    async def all_rules(self) -> Sequence[tuple[RoutingCandidate, AIProviderConfig]]:
        query = (
            select(RoutingCandidate, AIProviderConfig)
            .join(AIProviderConfig, AIProviderConfig.id == RoutingCandidate.provider_config_id)
            .order_by(RoutingCandidate.task_type, RoutingCandidate.tier, RoutingCandidate.position)
        )
        return [(row[0], row[1]) for row in await self.session.execute(query)]

    async def replace_rule(
        self, task_type: str, tier: str, candidates: Sequence[RoutingCandidate]
    ) -> None:
        await self.session.execute(
            delete(RoutingCandidate).where(
                RoutingCandidate.task_type == task_type, RoutingCandidate.tier == tier
            )
        )
        await self.session.flush()
        self.session.add_all(candidates)
        await self.session.flush()
