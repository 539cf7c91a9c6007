"""Admins list users and change their tier, role and active flag."""

from typing import Any

import httpx2

from kazi.enums import Role
from kazi.users.service import UserService
from tests.helpers import DEFAULT_PASSWORD, login, new_user


async def make_admin_headers(
    client: httpx2.AsyncClient, app: Any, email: str = "admin@example.com"
) -> dict[str, str]:
    async with app.state.sessions() as session, session.begin():
        await UserService(session).register(email, DEFAULT_PASSWORD, role=Role.ADMIN)
    return {"Authorization": f"Bearer {await login(client, email)}"}


async def test_admin_lists_and_changes_users(client: httpx2.AsyncClient, app: Any) -> None:
    admin = await make_admin_headers(client, app)
    user_id, user_headers = await new_user(client, "njeri@example.com")

    listed = await client.get("/api/v1/admin/users", headers=admin)
    assert listed.status_code == 200
    emails = [u["email"] for u in listed.json()["data"]["items"]]
    assert emails == ["admin@example.com", "njeri@example.com"]

    changed = await client.patch(
        f"/api/v1/admin/users/{user_id}", json={"tier": "premium"}, headers=admin
    )
    assert changed.status_code == 200
    assert changed.json()["data"]["tier"] == "premium"
    me = await client.get("/api/v1/users/me", headers=user_headers)
    assert me.json()["data"]["tier"] == "premium"


async def test_unknown_tier_is_refused(client: httpx2.AsyncClient, app: Any) -> None:
    admin = await make_admin_headers(client, app)
    user_id, _ = await new_user(client, "chebet@example.com")
    answer = await client.patch(
        f"/api/v1/admin/users/{user_id}", json={"tier": "platinum"}, headers=admin
    )
    assert answer.status_code == 422
    assert "tier" in answer.json()["error"]["message"]


async def test_patching_a_missing_user_is_404(client: httpx2.AsyncClient, app: Any) -> None:
    admin = await make_admin_headers(client, app)
    answer = await client.patch("/api/v1/admin/users/999999", json={"tier": "pro"}, headers=admin)
    assert answer.status_code == 404


async def test_an_admin_cannot_lock_themself_out(client: httpx2.AsyncClient, app: Any) -> None:
    admin = await make_admin_headers(client, app)
    me = (await client.get("/api/v1/users/me", headers=admin)).json()["data"]
    for change in ({"role": "user"}, {"is_active": False}):
        answer = await client.patch(f"/api/v1/admin/users/{me['id']}", json=change, headers=admin)
        assert answer.status_code == 409
        assert "own account" in answer.json()["error"]["message"]
    still = await client.get("/api/v1/users/me", headers=admin)
    assert still.json()["data"]["role"] == "admin"
    tier = await client.patch(
        f"/api/v1/admin/users/{me['id']}", json={"tier": "pro"}, headers=admin
    )
    assert tier.status_code == 200
