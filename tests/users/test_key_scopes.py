"""API key scopes, admin keys that expire and are audited, and revocation on disabling."""

from datetime import timedelta
from typing import Any

import httpx2
from sqlalchemy import select, update

from kazi.audit.models import AuditEntry
from kazi.kit.db import utcnow
from kazi.users.models import AccessToken
from tests.helpers import login, new_user
from tests.users.test_admin_users import make_admin_headers

KEYS = "/api/v1/users/me/api-keys"


async def _key(client: httpx2.AsyncClient, headers: dict[str, str], **body: Any) -> dict[str, str]:
    made = await client.post(KEYS, json={"name": "k", **body}, headers=headers)
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['data']['key']}"}


async def _status(client: httpx2.AsyncClient, path: str, headers: dict[str, str]) -> int:
    return (await client.get(path, headers=headers)).status_code


async def test_a_default_key_reaches_the_gateway_and_usage_only(client: httpx2.AsyncClient) -> None:
    _, session = await new_user(client, "scoped@example.com")
    key = await _key(client, session)
    assert await _status(client, "/v1/models", key) == 200
    assert await _status(client, "/api/v1/users/me", key) == 200
    assert await _status(client, "/api/v1/users/me/usage", key) == 200
    for path in ("/api/v1/profile", "/api/v1/jobs", "/api/v1/documents", KEYS):
        answer = await client.get(path, headers=key)
        assert answer.status_code == 403, path
        assert "sign in" in answer.json()["error"]["message"]
    # A key cannot make keys, nor write anything a session can.
    assert (await client.post(KEYS, json={"name": "x"}, headers=key)).status_code == 403
    assert (await client.put("/api/v1/profile", json={}, headers=key)).status_code == 403


async def test_each_scope_opens_only_its_routes(client: httpx2.AsyncClient) -> None:
    _, session = await new_user(client, "narrow@example.com")
    gateway_only = await _key(client, session, scopes=["gateway"])
    usage_only = await _key(client, session, scopes=["usage"])
    assert await _status(client, "/v1/models", gateway_only) == 200
    assert await _status(client, "/api/v1/users/me/usage", gateway_only) == 403
    assert await _status(client, "/api/v1/users/me/usage", usage_only) == 200
    assert await _status(client, "/v1/models", usage_only) == 403
    refused = await client.post(KEYS, json={"name": "k", "scopes": ["root"]}, headers=session)
    assert refused.status_code == 422


async def test_admin_routes_refuse_keys_without_the_admin_scope(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    key = await _key(client, admin, scopes=["gateway", "usage"])
    answer = await client.get("/api/v1/admin/users", headers=key)
    assert answer.status_code == 403
    assert "admin scope" in answer.json()["error"]["message"]
    assert await _status(client, "/api/v1/admin/users", admin) == 200


async def test_an_admin_key_needs_an_administrator_and_an_expiry_and_is_audited(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    _, user = await new_user(client, "not-admin@example.com")
    body = {"name": "ops", "scopes": ["admin"], "expires_in_days": 7}
    assert (await client.post(KEYS, json=body, headers=user)).status_code == 403
    for expiry in (None, 91):
        answer = await client.post(KEYS, json={**body, "expires_in_days": expiry}, headers=admin)
        assert answer.status_code == 422
        assert "expires_in_days" in answer.json()["error"]["message"]
    made = await client.post(KEYS, json=body, headers=admin)
    assert made.status_code == 201
    data = made.json()["data"]
    assert data["scopes"] == ["admin"]
    assert data["expires_at"] is not None
    key = {"Authorization": f"Bearer {data['key']}"}
    assert await _status(client, "/api/v1/admin/users", key) == 200
    assert await _status(client, "/v1/models", key) == 403  # admin is not gateway
    async with app.state.sessions() as session:
        entries = list(await session.scalars(select(AuditEntry)))
    (entry,) = [e for e in entries if e.action == "api_key.create_admin"]
    assert entry.target_id == str(data["id"])
    assert data["key"] not in str(entry.after)
    # Once expired, the key is refused.
    async with app.state.sessions() as session, session.begin():
        past = utcnow() - timedelta(seconds=1)
        await session.execute(
            update(AccessToken).where(AccessToken.id == data["id"]).values(expires_at=past)
        )
    assert await _status(client, "/api/v1/admin/users", key) == 401


async def test_disabling_an_account_revokes_its_sessions_for_good(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    user_id, session = await new_user(client, "leaver@example.com")
    key = await _key(client, session)
    users = f"/api/v1/admin/users/{user_id}"
    disabled = await client.patch(users, json={"is_active": False}, headers=admin)
    assert disabled.status_code == 200
    enabled = await client.patch(users, json={"is_active": True}, headers=admin)
    assert enabled.status_code == 200
    # Enabled again, the old session and key stay dead; a new sign-in works.
    assert await _status(client, "/api/v1/users/me", session) == 401
    assert await _status(client, "/api/v1/users/me", key) == 401
    assert await _status(client, "/v1/models", key) == 401
    fresh = {"Authorization": f"Bearer {await login(client, 'leaver@example.com')}"}
    assert await _status(client, "/api/v1/users/me", fresh) == 200
