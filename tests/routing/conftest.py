"""Routing tests: provider configs in the real database, vendors faked on 127.0.0.1."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from kazi.llm.registry import ProviderType
from kazi.providers.clients import ProviderClients
from kazi.providers.keys import key_box
from kazi.providers.schemas import ProviderCreate
from kazi.providers.service import ProviderService
from kazi.routing.cooldown import CooldownPolicy, Cooldowns
from kazi.routing.router import RetryPolicy, Router
from kazi.usage.record import UsageRecord
from tests.fakes.plugin import LiveFleet


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


@pytest.fixture
async def router(app: Any, sink: ListSink, clock: FakeClock) -> AsyncIterator[Router]:
    box = key_box(app.state.settings)
    sleeps: list[float] = []

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    routing = Router(
        app.state.sessions,
        box,
        ProviderClients(box),
        sink,
        cooldowns=Cooldowns(CooldownPolicy(failures_to_trip=2, cooldown_s=30), clock=clock),
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
