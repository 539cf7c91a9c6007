"""Per-provider timeouts: set through the admin API, and applied to the vendor calls."""

from typing import Any

import httpx2
import pytest

from kazi.llm import registry
from kazi.llm.base import Provider
from kazi.llm.errors import ProviderTimeout
from kazi.llm.types import Prompt
from kazi.providers.clients import ProviderClients
from kazi.providers.keys import key_box
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.users.test_admin_users import make_admin_headers

URL = "/api/v1/admin/providers"


def _openai(fleet: LiveFleet, **extra: Any) -> dict[str, Any]:
    return {
        "provider_type": "openai",
        "name": "OpenAI main",
        "model_name": "gpt-4o-mini",
        "api_key": "sk-live-Zq81mXw02LpR7vNk",
        "settings": {"base_url": fleet.urls.openai},
        **extra,
    }


async def test_timeouts_are_set_changed_and_cleared_by_the_admin(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    admin = await make_admin_headers(client, app)
    limits = {"connect_timeout_s": 2, "first_byte_timeout_s": 15, "total_timeout_s": 45}
    created = await client.post(URL, json=_openai(fake_fleet, **limits), headers=admin)
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert {name: data[name] for name in limits} == limits
    patched = await client.patch(
        f"{URL}/{data['id']}", json={"first_byte_timeout_s": None}, headers=admin
    )
    assert patched.json()["data"]["first_byte_timeout_s"] is None
    assert patched.json()["data"]["total_timeout_s"] == 45  # untouched


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"total_timeout_s": 0}, "total_timeout_s"),
        ({"connect_timeout_s": 30, "total_timeout_s": 10}, "connect_timeout_s"),
        ({"settings": {"base_url": "http://x.test/v1", "connect_timeout_s": 3}}, "own field"),
    ],
)
async def test_bad_timeouts_are_refused(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet, extra: Any, fragment: str
) -> None:
    admin = await make_admin_headers(client, app)
    answer = await client.post(URL, json=_openai(fake_fleet, **extra), headers=admin)
    assert answer.status_code == 422
    assert fragment in answer.json()["error"]["message"]


@pytest.mark.parametrize("stream", [False, True])
async def test_the_first_byte_limit_ends_a_silent_attempt(
    fake_fleet: LiveFleet, stream: bool
) -> None:
    fake_fleet.fakes.openai.script(Reply(delay=3.0))
    settings = {
        "api_key": "sk-test",
        "base_url": fake_fleet.urls.openai,
        "first_byte_timeout_s": 0.3,
    }
    provider = registry.build("openai", settings)
    # The vendor would answer after 3 s, well within the total of 20 s: only the
    # first-byte limit can end the attempt.
    with pytest.raises(ProviderTimeout):
        await _call(provider, stream)
    await provider.aclose()


async def _call(provider: Provider, stream: bool) -> None:
    if not stream:
        await provider.generate(Prompt("Hi"), model="m", timeout=20)
        return
    async for _ in provider.stream(Prompt("Hi"), model="m", timeout=20):
        pass


async def test_the_provider_clients_pass_the_columns_to_the_adapter(
    app: Any, client: httpx2.AsyncClient, fake_fleet: LiveFleet
) -> None:
    admin = await make_admin_headers(client, app)
    limits = {"first_byte_timeout_s": 0.3, "total_timeout_s": 20}
    created = await client.post(URL, json=_openai(fake_fleet, **limits), headers=admin)
    config_id = created.json()["data"]["id"]
    from kazi.providers.clients import ProviderSnapshot
    from kazi.providers.models import AIProviderConfig

    async with app.state.sessions() as session:
        snapshot = ProviderSnapshot.of(await session.get(AIProviderConfig, config_id))
    clients = ProviderClients(key_box(app.state.settings))
    provider = await clients.get(snapshot)
    fake_fleet.fakes.openai.script(Reply(delay=3.0))  # within the total of 20 s
    with pytest.raises(ProviderTimeout):
        await provider.generate(Prompt("Hi"), model="m", timeout=snapshot.total_timeout_s or 60)
    await clients.aclose()
