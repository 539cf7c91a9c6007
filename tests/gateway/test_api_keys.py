"""Personal API keys: shown once, stored as a digest, usable as bearer tokens, revocable."""

import hashlib
from typing import Any

import httpx2
from sqlalchemy import select

from kazi.users.models import AccessToken
from tests.helpers import new_user

KEYS = "/api/v1/users/me/api-keys"


async def test_a_key_is_shown_once_and_stored_as_a_digest(
    client: httpx2.AsyncClient, app: Any
) -> None:
    user_id, login_headers = await new_user(client, "akinyi@example.com")
    made = await client.post(KEYS, json={"name": "  CI runner "}, headers=login_headers)
    assert made.status_code == 201
    created = made.json()["data"]
    key = created["key"]
    assert key.startswith("kzk_")
    assert len(key) > 40
    assert created["name"] == "CI runner"
    assert created["last4"] == key[-4:]

    listed = await client.get(KEYS, headers=login_headers)
    shown = ("id", "name", "last4", "scopes", "expires_at", "created_at")
    assert listed.json()["data"] == [{k: created[k] for k in shown}]
    assert created["scopes"] == ["gateway", "usage"]
    assert key not in listed.text

    async with app.state.sessions() as session:
        stored = await session.scalar(select(AccessToken).where(AccessToken.id == created["id"]))
    assert stored is not None
    assert stored.user_id == user_id
    assert (stored.kind, stored.expires_at, stored.revoked_at) == ("api_key", None, None)
    assert stored.token_digest == hashlib.sha256(key.encode()).hexdigest()


async def test_a_key_authenticates_until_it_is_revoked(client: httpx2.AsyncClient) -> None:
    _, login_headers = await new_user(client, "kamau@example.com")
    made = (await client.post(KEYS, json={"name": "script"}, headers=login_headers)).json()
    key_headers = {"Authorization": f"Bearer {made['data']['key']}"}

    me = await client.get("/api/v1/users/me", headers=key_headers)
    assert me.status_code == 200
    assert me.json()["data"]["email"] == "kamau@example.com"
    assert (await client.get("/v1/models", headers=key_headers)).status_code == 200

    revoked = await client.delete(f"{KEYS}/{made['data']['id']}", headers=login_headers)
    assert revoked.json() == {"success": True, "data": {"revoked": True}}
    assert (await client.get("/api/v1/users/me", headers=key_headers)).status_code == 401
    assert (await client.get("/v1/models", headers=key_headers)).status_code == 401
    assert (await client.get(KEYS, headers=login_headers)).json()["data"] == []
    # The login session is untouched.
    assert (await client.get("/api/v1/users/me", headers=login_headers)).status_code == 200


async def test_keys_of_others_and_sessions_cannot_be_revoked_here(
    client: httpx2.AsyncClient, app: Any
) -> None:
    _, owner = await new_user(client, "njoki@example.com")
    _, stranger = await new_user(client, "mutua@example.com")
    made = (await client.post(KEYS, json={"name": "mine"}, headers=owner)).json()["data"]

    assert (await client.delete(f"{KEYS}/{made['id']}", headers=stranger)).status_code == 404
    assert (await client.get(f"{KEYS}/{made['id']}", headers=stranger)).status_code == 404
    async with app.state.sessions() as session:
        session_token = await session.scalar(
            select(AccessToken.id).where(AccessToken.kind == "session").limit(1)
        )
    assert (await client.delete(f"{KEYS}/{session_token}", headers=owner)).status_code == 404
    assert (await client.get("/api/v1/users/me", headers=owner)).status_code == 200
    assert (await client.get(f"{KEYS}/{made['id']}", headers=owner)).json()["data"]["name"] == (
        "mine"
    )


async def test_a_name_is_required(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "wafula@example.com")
    for body in ({}, {"name": "   "}, {"name": "x" * 101}):
        answer = await client.post(KEYS, json=body, headers=headers)
        assert answer.status_code == 422, body
