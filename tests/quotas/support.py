"""Helpers of the quota tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2

from tests.gateway.conftest import KeyHolder

QUOTAS = "/api/v1/admin/quotas"
CHAT = {"model": "kazi/chat", "messages": [{"role": "user", "content": "Hello"}]}


async def set_limit(
    client: httpx2.AsyncClient, admin: dict[str, str], path: str, **caps: Any
) -> dict[str, Any]:
    answer = await client.put(f"{QUOTAS}/{path}", json=caps, headers=admin)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()["data"]
    return data


async def chat(client: httpx2.AsyncClient, holder: KeyHolder) -> httpx2.Response:
    return await client.post("/v1/chat/completions", json=CHAT, headers=holder.headers)


def next_midnight() -> datetime:
    today = datetime.now(UTC).date()
    return datetime.combine(today + timedelta(days=1), datetime.min.time(), UTC)


def next_month_start() -> datetime:
    first = datetime.now(UTC).date().replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return datetime.combine(following, datetime.min.time(), UTC)


def iso_z(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
