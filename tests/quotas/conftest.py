"""Quota tests reuse the gateway's fixtures: a key holder and a chat provider.

Every test runs twice: with the counters in the database, and with Kazi pointed at the
real Redis (under a key prefix of the test's own, emptied afterwards), where the
counters live there.

The per-minute rate limits are off here: these tests make more calls a minute than a
free user may, and what they check is the quota alone.
"""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest
from redis.asyncio import Redis

from kazi.kit.config import Settings
from tests.gateway.conftest import chat_provider, holder
from tests.kit.conftest import REDIS_URL
from tests.users.test_admin_users import make_admin_headers

__all__ = ["admin", "chat_provider", "holder", "settings"]


@pytest.fixture(params=["database", "redis"])
async def settings(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[Settings]:
    if request.param == "database":
        yield settings.model_copy(update={"rate_limits_enabled": False})
        return
    prefix = f"kazi-test-{uuid.uuid4().hex[:12]}:"
    update = {"rate_limits_enabled": False, "redis_url": REDIS_URL, "redis_key_prefix": prefix}
    yield settings.model_copy(update=update)
    redis = Redis.from_url(REDIS_URL)
    keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


@pytest.fixture
async def admin(client: httpx2.AsyncClient, app: Any) -> dict[str, str]:
    return await make_admin_headers(client, app, "quota-admin@example.com")
