"""The admin API for providers: CRUD, write-only keys, defaults, and the credentials test."""

from typing import Any

import httpx2
from sqlalchemy import func, select

from kazi.enums import TaskType, Tier
from kazi.usage.models import AIProviderUsageLog
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.users.test_admin_users import make_admin_headers

KEY = "sk-live-Zq81mXw02LpR7vNk"


def _openai(fleet: LiveFleet, **extra: Any) -> dict[str, Any]:
    return {
        "provider_type": "openai",
        "name": "OpenAI main",
        "model_name": "gpt-4o-mini",
        "api_key": KEY,
        "settings": {"base_url": fleet.urls.openai},
        **extra,
    }


async def test_create_list_update_and_the_key_stays_hidden(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    admin = await make_admin_headers(client, app)
    created = await client.post(
        "/api/v1/admin/providers",
        json=_openai(fake_fleet, default_for=["extraction"], is_default=True),
        headers=admin,
    )
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert (data["api_key_hint"], data["key_status"]) == ("…" + KEY[-4:], "ok")
    assert (data["default_for"], data["is_default"]) == (["extraction"], True)
    listed = await client.get("/api/v1/admin/providers", headers=admin)
    patched = await client.patch(
        f"/api/v1/admin/providers/{data['id']}", json={"model_name": "gpt-4o"}, headers=admin
    )
    assert patched.json()["data"]["model_name"] == "gpt-4o"
    for answer in (created, listed, patched):
        assert KEY not in answer.text
        assert "v1." not in answer.text  # no ciphertext either


async def test_settings_are_validated_by_the_adapter(client: httpx2.AsyncClient, app: Any) -> None:
    admin = await make_admin_headers(client, app)
    bad_url = {
        "provider_type": "openai_compatible",
        "name": "local",
        "model_name": "llama3",
        "settings": {"base_url": "ftp://nowhere"},
    }
    answer = await client.post("/api/v1/admin/providers", json=bad_url, headers=admin)
    assert answer.status_code == 422
    assert "base_url" in answer.json()["error"]["message"]
    no_key = {"provider_type": "claude", "name": "c", "model_name": "claude-3-5-haiku-latest"}
    answer = await client.post("/api/v1/admin/providers", json=no_key, headers=admin)
    assert answer.status_code == 422
    assert "api_key" in answer.json()["error"]["message"]


async def test_duplicate_names_conflict(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    admin = await make_admin_headers(client, app)
    assert (
        await client.post("/api/v1/admin/providers", json=_openai(fake_fleet), headers=admin)
    ).status_code == 201
    again = await client.post("/api/v1/admin/providers", json=_openai(fake_fleet), headers=admin)
    assert again.status_code == 409


async def test_credentials_test_success_and_failure(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    admin = await make_admin_headers(client, app)
    pid = (
        await client.post("/api/v1/admin/providers", json=_openai(fake_fleet), headers=admin)
    ).json()["data"]["id"]
    passed = await client.post(f"/api/v1/admin/providers/{pid}/test", headers=admin)
    assert passed.status_code == 200
    assert passed.json()["data"]["ok"] is True
    assert fake_fleet.fakes.openai.last_request.headers["authorization"] == f"Bearer {KEY}"

    fake_fleet.fakes.openai.script(Reply(status=401, error_message=f"Incorrect API key {KEY}"))
    failed = await client.post(f"/api/v1/admin/providers/{pid}/test", headers=admin)
    assert failed.status_code == 502
    assert failed.json()["success"] is False
    assert failed.json()["error"]["code"] == "provider_auth_rejected"
    assert KEY not in failed.text
    shown = (await client.get(f"/api/v1/admin/providers/{pid}", headers=admin)).json()["data"]
    assert (shown["last_test_ok"], shown["last_test_error"]) == (False, "auth_rejected")


async def test_deactivate_and_delete_keep_usage_history(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    from kazi.llm.types import Prompt
    from kazi.routing.attempts import CallContext

    admin = await make_admin_headers(client, app)
    pid = (
        await client.post(
            "/api/v1/admin/providers", json=_openai(fake_fleet, is_default=True), headers=admin
        )
    ).json()["data"]["id"]
    await app.state.router.complete(CallContext(TaskType.CHAT, Tier.FREE, None), Prompt(user="hi"))
    await app.state.usage_recorder.flush()
    off = await client.post(f"/api/v1/admin/providers/{pid}/deactivate", headers=admin)
    assert off.json()["data"]["is_active"] is False
    assert (await client.delete(f"/api/v1/admin/providers/{pid}", headers=admin)).status_code == 200
    assert (await client.get(f"/api/v1/admin/providers/{pid}", headers=admin)).status_code == 404
    async with app.state.sessions() as session:
        rows = (await session.execute(select(AIProviderUsageLog))).scalars().all()
        assert [(r.provider_name, r.provider_config_id) for r in rows] == [("OpenAI main", None)]
        assert await session.scalar(select(func.count()).select_from(AIProviderUsageLog)) == 1
