"""Which providers may serve a task for a tier, in order.

Resolution: the rule for (task, tier), then the rule for (task, any tier), then the
provider marked default for the task, then the global default. Inactive providers
and keys that no longer decrypt are skipped. An empty answer means: no provider
configured (the built-in engine serves, where the task has one).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.enums import ANY_TIER
from kazi.llm.pricing import PriceOverride
from kazi.providers.clients import ProviderSnapshot
from kazi.providers.keys import key_status
from kazi.providers.models import AIProviderConfig, ModelPriceOverride
from kazi.providers.repository import ProviderRepository
from kazi.providers.schemas import KeyStatus
from kazi.routing.models import RoutingCandidate
from kazi.routing.repository import RoutingRepository
from kazi.security.crypto import SecretBox


@dataclass(frozen=True, slots=True)
class Candidate:
    provider: ProviderSnapshot
    model: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Resolution:
    resolved_by: str
    candidates: list[Candidate]
    prices: dict[str, PriceOverride]


async def resolve(session: AsyncSession, box: SecretBox, task_type: str, tier: str) -> Resolution:
    repo = RoutingRepository(session)
    prices = await load_price_overrides(session)
    rows = await repo.candidates(task_type, [tier, ANY_TIER])
    for rule_tier in (tier, ANY_TIER):
        usable = [_candidate(c, p) for c, p in rows if c.tier == rule_tier and _usable(box, p)]
        if usable:
            return Resolution(f"rule:{task_type}/{rule_tier}", usable, prices)
    for source, config in (
        ("task_default", await repo.task_default(task_type)),
        ("global_default", await repo.global_default()),
    ):
        if config is not None and _usable(box, config):
            return Resolution(source, [_candidate(None, config)], prices)
    return Resolution("builtin", [], prices)


def _usable(box: SecretBox, config: AIProviderConfig) -> bool:
    return config.is_active and key_status(box, config) is not KeyStatus.NEEDS_RECONFIGURATION


def _candidate(rule: RoutingCandidate | None, config: AIProviderConfig) -> Candidate:
    snapshot = ProviderSnapshot.of(config)
    if rule is None:
        return Candidate(snapshot, config.model_name)
    options = {k: v for k, v in (rule.options or {}).items() if v is not None}
    return Candidate(snapshot, rule.model_override or config.model_name, options)


async def load_price_overrides(session: AsyncSession) -> dict[str, PriceOverride]:
    return {
        row.model_name: _override(row)
        for row in await ProviderRepository(session).price_overrides()
    }


def _override(row: ModelPriceOverride) -> PriceOverride:
    million = Decimal(1_000_000)
    cached = row.cached_input_micro_usd_per_mtok
    return PriceOverride(
        input_per_mtok=Decimal(row.input_micro_usd_per_mtok) / million,
        output_per_mtok=Decimal(row.output_micro_usd_per_mtok) / million,
        cached_input_per_mtok=None if cached is None else Decimal(cached) / million,
    )
