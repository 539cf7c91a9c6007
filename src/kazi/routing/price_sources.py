"""Where the price of each model in use comes from: an operator's override, the bundled
price data, or nowhere. A model is in use when a provider or a routing rule names it."""

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.llm.pricing import is_priced
from kazi.providers.models import AIProviderConfig
from kazi.providers.repository import ProviderRepository
from kazi.routing.repository import RoutingRepository


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


async def models_in_use(session: AsyncSession, overridden: set[str]) -> list[ModelInUse]:
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
