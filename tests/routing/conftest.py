"""Routing tests: provider configs in the real database, vendors faked on 127.0.0.1.

Cooldowns are in process unless a test asks for Redis with
`@pytest.mark.parametrize("cooldown_store", ["memory", "redis"], indirect=True)`.
"""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr
from redis.asyncio import Redis

from kazi.llm.registry import ProviderType
from kazi.providers.clients import ProviderClients
from kazi.providers.keys import key_box
from kazi.providers.schemas import ProviderCreate
from kazi.providers.service import ProviderService
from kazi.routing.cooldown import CooldownPolicy, Cooldowns, MemoryCooldowns, RedisCooldowns
from kazi.routing.router import RetryPolicy, Router
from kazi.usage.record import UsageRecord
from tests.fakes.plugin import LiveFleet
from tests.kit.conftest import REDIS_URL

POLICY = CooldownPolicy(failures_to_trip=2, cooldown_s=30)


class ListSink:
    def __init__(self) -> None:
        self.records: list[UsageRecord] = []

    def record(self, rec: UsageRecord) -> None:
        self.records.append(rec)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sink() -> ListSink:
    return ListSink()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class CooldownTime:
    """Lets time pass for the cooldowns under test. In process it moves the fake clock;
    Redis keeps its own time, so there it shortens what is left of every cooldown by as
    much, and for one that is over, waits for Redis's own expiry to drop it."""

    def __init__(self, clock: FakeClock, redis: Redis | None = None, prefix: str = "") -> None:
        self.clock, self.redis, self.prefix = clock, redis, prefix

    async def advance(self, seconds: float) -> None:
        self.clock.now += seconds
        if self.redis is None:
            return
        async for key in self.redis.scan_iter(match=f"{self.prefix}cooldown:*:cooled"):
            remaining_ms = await self.redis.pttl(key) - int(seconds * 1000)
            await self.redis.pexpire(key, max(1, remaining_ms))
            while remaining_ms <= 0 and await self.redis.exists(key):
                pass  # Redis drops it within a millisecond or two


@pytest.fixture
async def redis_cooldowns() -> AsyncIterator[tuple[Redis, str]]:
    """A Redis client and a key prefix of the test's own, emptied afterwards."""
    prefix = f"kazi-test-{uuid.uuid4().hex[:12]}:"
    client = Redis.from_url(REDIS_URL)
    yield client, prefix
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@dataclass(frozen=True)
class CooldownStore:
    cooldowns: Cooldowns
    time: CooldownTime


@pytest.fixture
def cooldown_store(request: pytest.FixtureRequest, clock: FakeClock) -> CooldownStore:
    """The cooldowns the `router` fixture uses: in process, or in Redis when asked."""
    if getattr(request, "param", "memory") == "memory":
        return CooldownStore(MemoryCooldowns(POLICY, clock=clock), CooldownTime(clock))
    redis, prefix = request.getfixturevalue("redis_cooldowns")
    return CooldownStore(RedisCooldowns(redis, prefix, POLICY), CooldownTime(clock, redis, prefix))


@pytest.fixture
async def router(app: Any, sink: ListSink, cooldown_store: CooldownStore) -> AsyncIterator[Router]:
    box = key_box(app.state.settings)
    sleeps: list[float] = []

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    routing = Router(
        app.state.sessions,
        box,
        ProviderClients(box),
        sink,
        cooldowns=cooldown_store.cooldowns,
        policy=RetryPolicy(attempts_per_candidate=2, attempt_timeout_s=2.0),
        sleep=no_sleep,
    )
    yield routing
    await routing.clients.aclose()


VENDOR_MODELS = {
    ProviderType.OPENAI: "gpt-4o-mini",
    ProviderType.CLAUDE: "claude-3-5-haiku-latest",
    ProviderType.GEMINI: "gemini-2.5-flash",
    ProviderType.OPENAI_COMPATIBLE: "llama3.1:8b",
}


def fleet_url(fleet: LiveFleet, provider_type: ProviderType) -> str:
    return {
        ProviderType.OPENAI: fleet.urls.openai,
        ProviderType.CLAUDE: fleet.urls.anthropic,
        ProviderType.GEMINI: fleet.urls.gemini,
        ProviderType.OPENAI_COMPATIBLE: fleet.urls.compatible,
    }[provider_type]


async def add_provider(
    app: Any, fleet: LiveFleet, provider_type: ProviderType, name: str, **extra: Any
) -> int:
    data = ProviderCreate(
        provider_type=provider_type,
        name=name,
        model_name=extra.pop("model_name", VENDOR_MODELS[provider_type]),
        api_key=SecretStr(extra.pop("api_key", f"sk-test-{name}-0123456789")),
        settings={"base_url": fleet_url(fleet, provider_type)},
        **extra,
    )
    async with app.state.sessions() as session, session.begin():
        config = await ProviderService(session, key_box(app.state.settings)).create(data, None)
        return config.id
