"""A router that keeps each (task, tier) resolution for a few seconds.

Resolving reads the routing rules, the task and global defaults and the price
overrides: several queries per AI call that almost never change. The cache drops a
resolution at once when a transaction of this process commits a change to any of
those tables (see `kazi.kit.config_cache`), and after `ttl_s` in any case, which bounds how
long another process's change can go unseen.
"""

from dataclasses import dataclass, field

from kazi.kit.config_cache import ConfigCache
from kazi.routing.resolver import Resolution
from kazi.routing.router import Router

ROUTING_TABLES = (
    "ai_provider_configs",
    "ai_provider_task_defaults",
    "model_price_overrides",
    "routing_candidates",
)
DEFAULT_TTL_S = 5.0


@dataclass
class CachedRouter(Router):
    resolution_ttl_s: float = DEFAULT_TTL_S
    _resolutions: ConfigCache[tuple[str, str], Resolution] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._resolutions = ConfigCache(ROUTING_TABLES, self.resolution_ttl_s)

    async def resolve(self, task_type: str, tier: str) -> Resolution:
        key = (task_type, tier)
        cached = self._resolutions.get(key)
        if cached is not None:
            return cached
        version = self._resolutions.version()
        resolution = await super().resolve(task_type, tier)
        self._resolutions.put(key, resolution, version)
        return resolution

    def forget_resolutions(self) -> None:
        self._resolutions.clear()
