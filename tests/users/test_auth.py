"""Registration, login, logout and the current user."""

from typing import Any

import httpx2

from tests.helpers import DEFAULT_PASSWORD, login, new_user, register


async def test_register_login_me_logout(client: httpx2.AsyncClient) -> None:
    registered = await register(client, "Wanjiku@Example.co.ke")
    assert registered["email"] == "wanjiku@example.co.ke"
    token = await login(client, "wanjiku@example.co.ke")
    headers = {"Authorization": f"Bearer {token}"}

    me = await client.get("/api/v1/users/me", headers=headers)
    assert me.status_code == 200
    user = me.json()["data"]
    assert user["email"] == "wanjiku@example.co.ke"
    assert (user["role"], user["tier"], user["is_active"]) == ("user", "free", True)

    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 200
    again = await client.get("/api/v1/users/me", headers=headers)
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "unauthorized"


async def test_registering_a_taken_address_answers_as_for_a_new_one(
    client: httpx2.AsyncClient,
) -> None:
    await register(client, "otieno@example.com")
    taken = await client.post(
        "/api/v1/auth/register", json={"email": "OTIENO@example.com", "password": "another one 123"}
    )
    new = await client.post(
        "/api/v1/auth/register", json={"email": "Njeri@example.com", "password": DEFAULT_PASSWORD}
    )
    assert taken.status_code == new.status_code == 201
    assert taken.json()["data"]["message"] == new.json()["data"]["message"]
    assert set(taken.json()["data"]) == set(new.json()["data"]) == {"email", "message"}
    # The existing account keeps its password; the new one can sign in.
    await login(client, "otieno@example.com")
    refused = await client.post(
        "/api/v1/auth/login", json={"email": "otieno@example.com", "password": "another one 123"}
    )
    assert refused.status_code == 401
    await login(client, "njeri@example.com")


async def test_wrong_password_and_unknown_user_answer_alike(client: httpx2.AsyncClient) -> None:
    await register(client, "akinyi@example.com")
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": "akinyi@example.com", "password": "not-it-at-all"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": "not-it-at-all"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"]


async def test_short_password_is_refused_with_a_field_message(client: httpx2.AsyncClient) -> None:
    answer = await client.post(
        "/api/v1/auth/register", json={"email": "kamau@example.com", "password": "short"}
    )
    assert answer.status_code == 422
    assert "body.password" in answer.json()["error"]["message"]


async def test_inactive_user_cannot_log_in(client: httpx2.AsyncClient, app: object) -> None:
    user_id, headers = await new_user(client, "mutua@example.com")
    from tests.users.test_admin_users import make_admin_headers

    admin = await make_admin_headers(client, app)
    patched = await client.patch(
        f"/api/v1/admin/users/{user_id}", json={"is_active": False}, headers=admin
    )
    assert patched.status_code == 200
    assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 401
    refused = await client.post(
        "/api/v1/auth/login", json={"email": "mutua@example.com", "password": DEFAULT_PASSWORD}
    )
    assert refused.status_code == 401


async def test_a_dashboard_session_is_not_an_api_credential(
    client: httpx2.AsyncClient, app: Any
) -> None:
    from kazi.users.service import UserService

    user_id, _ = await new_user(client, "cookie@example.com")
    async with app.state.sessions() as session, session.begin():
        service = UserService(session)
        owner = await service.repo.by_id(user_id)
        assert owner is not None
        plain, _ = await service.issue_token(owner, "admin_session", None, None)
    answer = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {plain}"})
    assert answer.status_code == 401
