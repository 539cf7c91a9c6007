"""Small factories for API tests."""

from typing import Any

import httpx2

DEFAULT_PASSWORD = "correct horse battery"


async def register(client: httpx2.AsyncClient, email: str) -> dict[str, Any]:
    answer = await client.post(
        "/api/v1/auth/register", json={"email": email, "password": DEFAULT_PASSWORD}
    )
    assert answer.status_code == 201, answer.text
    data: dict[str, Any] = answer.json()["data"]
    return data


async def login(client: httpx2.AsyncClient, email: str, password: str = DEFAULT_PASSWORD) -> str:
    answer = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["data"]["access_token"]
    return token


async def new_user(client: httpx2.AsyncClient, email: str) -> tuple[int, dict[str, str]]:
    """Register and log in; returns the user id and ready-made auth headers."""
    user = await register(client, email)
    token = await login(client, email)
    return int(user["id"]), {"Authorization": f"Bearer {token}"}
