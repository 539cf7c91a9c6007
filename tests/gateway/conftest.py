"""Gateway fixtures: a user with a personal API key, and OpenAI's own SDK pointed at Kazi."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx2
import openai
import pytest
from sqlalchemy import select

from kazi.enums import TaskType
from kazi.llm.registry import ProviderType
from kazi.usage.models import AIProviderUsageLog
from tests.fakes.plugin import LiveFleet
from tests.helpers import new_user
from tests.routing.conftest import add_provider

KAZI_ORIGIN = "http://kazi.test"


@dataclass(frozen=True)
class KeyHolder:
    user_id: int
    key: str
    headers: dict[str, str]  # the key as a bearer header


async def make_key_holder(client: httpx2.AsyncClient, email: str) -> KeyHolder:
    user_id, login_headers = await new_user(client, email)
    made = await client.post(
        "/api/v1/users/me/api-keys", json={"name": "laptop"}, headers=login_headers
    )
    assert made.status_code == 201, made.text
    key = made.json()["data"]["key"]
    return KeyHolder(user_id, key, {"Authorization": f"Bearer {key}"})


@pytest.fixture
async def holder(client: httpx2.AsyncClient) -> KeyHolder:
    return await make_key_holder(client, "wanjiru@example.com")


@pytest.fixture
async def chat_provider(app: Any, fake_fleet: LiveFleet) -> int:
    """The fake OpenAI vendor, default provider for the chat task."""
    return await add_provider(
        app, fake_fleet, ProviderType.OPENAI, "openai-main", default_for=[TaskType.CHAT]
    )


def sdk_client(app: Any, key: str) -> openai.AsyncOpenAI:
    transport = httpx2.ASGITransport(app=app)
    return openai.AsyncOpenAI(
        base_url=f"{KAZI_ORIGIN}/v1",
        api_key=key,
        max_retries=0,
        http_client=httpx2.AsyncClient(transport=transport, base_url=KAZI_ORIGIN),
    )


@pytest.fixture
async def sdk(app: Any, holder: KeyHolder) -> AsyncIterator[openai.AsyncOpenAI]:
    client = sdk_client(app, holder.key)
    yield client
    await client.close()


async def usage_rows(app: Any) -> list[AIProviderUsageLog]:
    assert await app.state.usage_recorder.flush()
    async with app.state.sessions() as session:
        rows = await session.scalars(select(AIProviderUsageLog).order_by(AIProviderUsageLog.id))
        return list(rows)


@pytest.fixture
def sleeps(app: Any) -> list[float]:
    """The router's waits between retries, recorded instead of slept."""
    waited: list[float] = []

    async def record(seconds: float) -> None:
        waited.append(seconds)

    app.state.router.sleep = record
    return waited
