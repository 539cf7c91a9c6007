"""Quota tests reuse the gateway's fixtures: a key holder and a chat provider.

The per-minute rate limits are off here: these tests make more calls a minute than a
free user may, and what they check is the quota alone.
"""

from typing import Any

import httpx2
import pytest

from kazi.config import Settings
from tests.api.test_admin_users import make_admin_headers
from tests.gateway.conftest import chat_provider, holder

__all__ = ["admin", "chat_provider", "holder", "settings"]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"rate_limits_enabled": False})


@pytest.fixture
async def admin(client: httpx2.AsyncClient, app: Any) -> dict[str, str]:
    return await make_admin_headers(client, app, "quota-admin@example.com")
