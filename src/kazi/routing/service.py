"""Routing rules: the one place they change, for the admin API and the dashboard alike.
Each change writes its audit entry in the caller's transaction."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.audit.service import Actor, record
from kazi.enums import stored_scope
from kazi.kit.errors import InvalidInput
from kazi.providers.models import AIProviderConfig
from kazi.providers.repository import ProviderRepository
from kazi.routing.models import RoutingCandidate
from kazi.routing.repository import RoutingRepository

MAX_CANDIDATES = 10


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """One candidate of a rule as an administrator sets it."""

    provider_config_id: int
    model_override: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


def rule_state(candidates: Sequence[tuple[int, str, str | None]]) -> dict[str, Any]:
    """A rule as audit entries show it: its candidates in order (provider id and name,
    model override)."""
    return {
        "candidates": [
            {"provider_config_id": pid, "provider_name": name, "model_override": override}
            for pid, name, override in candidates
        ]
    }


class RoutingService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.rules = RoutingRepository(session)
        self.providers = ProviderRepository(session)

    async def all_rules(self) -> Sequence[tuple[RoutingCandidate, AIProviderConfig]]:
        """Every rule's candidates with their providers, rule by rule, in order."""
        return await self.rules.all_rules()

    async def providers_to_choose(self) -> Sequence[AIProviderConfig]:
        """The providers a rule may name."""
        return await self.providers.all()

    async def provider(self, provider_id: int) -> AIProviderConfig | None:
        return await self.providers.get(provider_id)

    async def rule(
        self, task_type: str, tier: str
    ) -> Sequence[tuple[RoutingCandidate, AIProviderConfig]]:
        """The candidates of the rule for (task, tier or "any"), in order."""
        return await self.rules.candidates(task_type, [stored_scope(tier)])

    async def replace(
        self, task_type: str, tier: str, entries: Sequence[RuleEntry], actor: Actor
    ) -> list[AIProviderConfig]:
        """Replaces the ordered candidates of (task, tier or "any"); no entries removes the
        rule. Returns each entry's provider."""
        if len(entries) > MAX_CANDIDATES:
            raise InvalidInput(f"candidates: at most {MAX_CANDIDATES}")
        tier = stored_scope(tier)
        current = await self.rule(task_type, tier)
        before = [(c.provider_config_id, p.name, c.model_override) for c, p in current]
        configs = [await self._provider(position, e) for position, e in enumerate(entries)]
        rows = [
            RoutingCandidate(
                task_type=task_type,
                tier=tier,
                position=position,
                provider_config_id=entry.provider_config_id,
                model_override=entry.model_override,
                options=entry.options,
            )
            for position, entry in enumerate(entries)
        ]
        await self.rules.replace_rule(task_type, tier, rows)
        after = [(c.id, c.name, e.model_override) for c, e in zip(configs, entries, strict=True)]
        target = f"{task_type}/{tier}"
        old, new = rule_state(before), rule_state(after)
        record(self.session, actor, "routing.update", "routing_rule", target, old, new)
        return configs

    async def _provider(self, position: int, entry: RuleEntry) -> AIProviderConfig:
        config = await self.providers.get(entry.provider_config_id)
        if config is None:
            raise InvalidInput(
                f"candidates.{position}: no provider with id {entry.provider_config_id}"
            )
        return config
