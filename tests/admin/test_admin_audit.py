"""Every administrative change leaves an audit entry, from the dashboard and from the API."""

import json
from typing import Any

import httpx2
from sqlalchemy import select

from kazi.audit.models import AuditEntry
from kazi.audit.service import strip_secrets
from kazi.providers.models import AIProviderConfig
from tests.admin.conftest import ADMIN_EMAIL, Dashboard
from tests.admin.test_admin_secrets import provider_form
from tests.helpers import new_user
from tests.users.test_admin_users import make_admin_headers

DASHBOARD_KEY = "sk-dashboard-Ab12Cd34Ef56-Kd01"
NEW_DASHBOARD_KEY = "sk-dashboard-Gh78Ij90Kl12-Kd02"
API_KEY = "sk-api-Mn34Op56Qr78-Ka01"


async def entries(app: Any) -> list[AuditEntry]:
    async with app.state.sessions() as session:
        return list((await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all())


def test_secret_looking_keys_are_stripped_at_any_depth() -> None:
    state = {
        "name": "main",
        "api_key": "sk-1",
        "settings": {"base_url": "http://x", "apiKey": "sk-2", "client-secret": "s"},
        "items": [{"token": "t", "password_hash": "h", "input_tokens": 5, "keyword": "k"}],
        "Key": "k",
    }
    assert strip_secrets(state) == {
        "name": "main",
        "settings": {"base_url": "http://x"},
        "items": [{"input_tokens": 5, "keyword": "k"}],
    }


async def test_dashboard_provider_changes_are_audited(dashboard: Dashboard, app: Any) -> None:
    await dashboard.post("/admin/providers/new", provider_form("main", DASHBOARD_KEY))
    async with app.state.sessions() as session:
        config = await session.scalar(select(AIProviderConfig))
    assert config is not None
    changed = {**provider_form("main", NEW_DASHBOARD_KEY), "model_name": "gpt-4o"}
    assert (await dashboard.post(f"/admin/providers/{config.id}", changed)).status_code == 303
    await dashboard.post(f"/admin/providers/{config.id}/deactivate")

    created, updated, deactivated = await entries(app)
    assert (created.action, created.actor_email, created.before) == (
        "provider.create",
        ADMIN_EMAIL,
        None,
    )
    assert created.after is not None
    assert created.after["model_name"] == "gpt-4o-mini"
    assert created.after["credential"] == "stored"
    assert (updated.action, updated.target_type, updated.target_id) == (
        "provider.update",
        "provider",
        str(config.id),
    )
    assert updated.before is not None
    assert updated.after is not None
    assert (updated.before["model_name"], updated.after["model_name"]) == ("gpt-4o-mini", "gpt-4o")
    assert (updated.before["credential"], updated.after["credential"]) == ("stored", "replaced")
    assert deactivated.before is not None
    assert deactivated.after is not None
    assert (deactivated.before["is_active"], deactivated.after["is_active"]) == (True, False)
    recorded = json.dumps([[e.before, e.after] for e in (created, updated, deactivated)])
    for secret in (DASHBOARD_KEY, NEW_DASHBOARD_KEY, "…Kd01", "…Kd02", "api_key"):
        assert secret not in recorded

    page = await dashboard.page("/admin/audit?action=provider.update")
    assert page.text.count("<code>provider.update</code>") == 1
    assert "provider.create</code>" not in page.text
    assert '&#34;gpt-4o-mini&#34;</span> → <span class="after">&#34;gpt-4o&#34;' in page.text
    nobody = await dashboard.page("/admin/audit?actor=someone-else")
    assert "No entry matches." in nobody.text


async def change_through_the_api(client: httpx2.AsyncClient, admin: dict[str, str]) -> int:
    """Creates, changes and deletes a provider, sets a routing rule and a user's tier."""
    body = {
        "provider_type": "openai",
        "name": "api-made",
        "model_name": "gpt-4o-mini",
        "api_key": API_KEY,
        "settings": {"base_url": "http://127.0.0.1:9/v1"},
    }
    created = await client.post("/api/v1/admin/providers", json=body, headers=admin)
    assert created.status_code == 201, created.text
    provider_id: int = created.json()["data"]["id"]
    path = f"/api/v1/admin/providers/{provider_id}"
    patch = {"model_name": "gpt-4o", "api_key": API_KEY + "x"}
    assert (await client.patch(path, json=patch, headers=admin)).status_code == 200
    rule = {"candidates": [{"provider_config_id": provider_id, "model_override": "gpt-4.1"}]}
    put = await client.put("/api/v1/admin/routing/extraction/pro", json=rule, headers=admin)
    assert put.status_code == 200
    user_id, _ = await new_user(client, "member@example.com")
    tier = await client.patch(f"/api/v1/admin/users/{user_id}", json={"tier": "pro"}, headers=admin)
    assert tier.status_code == 200
    assert (await client.delete(path, headers=admin)).is_success
    return provider_id


async def test_json_api_changes_are_audited(client: httpx2.AsyncClient, app: Any) -> None:
    admin = await make_admin_headers(client, app, "api-admin@example.com")
    provider_id = await change_through_the_api(client, admin)
    found = await entries(app)
    assert [e.action for e in found] == [
        "provider.create",
        "provider.update",
        "routing.update",
        "user.update",
        "provider.delete",
    ]
    assert {e.actor_email for e in found} == {"api-admin@example.com"}
    update, routing, user, deleted = found[1:]
    assert update.before is not None
    assert update.after is not None
    assert (update.before["model_name"], update.after["model_name"]) == ("gpt-4o-mini", "gpt-4o")
    assert update.after["credential"] == "replaced"
    candidate = {"provider_config_id": provider_id, "provider_name": "api-made"}
    assert (routing.target_id, routing.before, routing.after) == (
        "extraction/pro",
        {"candidates": []},
        {"candidates": [{**candidate, "model_override": "gpt-4.1"}]},
    )
    assert user.before is not None
    assert user.after is not None
    assert (user.before["tier"], user.after["tier"]) == ("free", "pro")
    assert (deleted.before is not None, deleted.after) == (True, None)
    assert API_KEY not in json.dumps([[e.before, e.after] for e in found])
