"""A provider's base_url: LAN and loopback allowed; metadata, link-local and credentials not."""

from typing import Any

import httpx2
import pytest
from sqlalchemy import update

from kazi.providers.base_url import BaseUrlRefused, check_base_url
from kazi.providers.models import AIProviderConfig
from tests.users.test_admin_users import make_admin_headers

ALLOWED = [
    "http://localhost:11434/v1",
    "http://127.0.0.1:8000/v1",
    "http://[::1]:8000/v1",
    "http://192.168.1.20:11434/v1",
    "http://10.0.0.5/v1",
    "https://vllm.lan.example/v1",
    "https://api.together.xyz/v1",
]
REFUSED = [
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.170.2/v2/credentials",
    "http://2852039166/latest/",  # 169.254.169.254 as one number
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://[fd00:ec2::254]/latest/",
    "http://[fe80::1]/v1",
    "http://[::ffff:169.254.169.254]/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.google.internal./computeMetadata/v1/",
    "http://100.100.100.200/latest/meta-data/",
    "http://user:secret@llm.example/v1",
    "http://sk-secret@llm.example/v1",
]


@pytest.mark.parametrize("url", ALLOWED)
def test_allowed(url: str) -> None:
    check_base_url(url)


@pytest.mark.parametrize("url", REFUSED)
def test_refused(url: str) -> None:
    with pytest.raises(BaseUrlRefused):
        check_base_url(url)


async def test_the_api_refuses_and_never_echoes_credentials(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    provider = {"provider_type": "openai_compatible", "name": "lan", "model_name": "llama3"}
    for url in ("http://169.254.169.254/v1", "http://[fd00:ec2::254]/v1"):
        body = {**provider, "settings": {"base_url": url}}
        answer = await client.post("/api/v1/admin/providers", json=body, headers=admin)
        assert answer.status_code == 422
        assert "metadata" in answer.json()["error"]["message"]
    body = {**provider, "settings": {"base_url": "http://bob:hunter2-secret@llm.lan/v1"}}
    answer = await client.post("/api/v1/admin/providers", json=body, headers=admin)
    assert answer.status_code == 422
    assert "api_key" in answer.json()["error"]["message"]
    assert "hunter2-secret" not in answer.text
    body = {**provider, "settings": {"base_url": "http://192.168.1.20:11434/v1"}}
    created = await client.post("/api/v1/admin/providers", json=body, headers=admin)
    assert created.status_code == 201, created.text
    changed = await client.patch(
        f"/api/v1/admin/providers/{created.json()['data']['id']}",
        json={"settings": {"base_url": "http://169.254.169.254/v1"}},
        headers=admin,
    )
    assert changed.status_code == 422


async def test_credentials_stored_before_the_rule_are_not_shown(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    body = {"provider_type": "openai_compatible", "name": "old", "model_name": "llama3"}
    body["settings"] = {"base_url": "http://192.168.1.20:11434/v1"}
    created = (await client.post("/api/v1/admin/providers", json=body, headers=admin)).json()
    async with app.state.sessions() as session, session.begin():
        await session.execute(
            update(AIProviderConfig)
            .where(AIProviderConfig.id == created["data"]["id"])
            .values(settings={"base_url": "http://bob:hunter2-secret@192.168.1.20:11434/v1"})
        )
    shown = await client.get(f"/api/v1/admin/providers/{created['data']['id']}", headers=admin)
    assert shown.json()["data"]["settings"]["base_url"] == "http://***@192.168.1.20:11434/v1"
    listed = await client.get("/api/v1/admin/providers", headers=admin)
    assert "hunter2" not in listed.text
