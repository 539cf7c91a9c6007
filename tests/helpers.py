"""Small factories for API tests."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit.config import Settings
from kazi.main import create_app, start_services, stop_services

DEFAULT_PASSWORD = "correct horse battery"


async def register(client: httpx2.AsyncClient, email: str) -> dict[str, Any]:
    """The registration answer, which says nothing about the account (see `new_user`)."""
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
    await register(client, email)
    headers = {"Authorization": f"Bearer {await login(client, email)}"}
    me = await client.get("/api/v1/users/me", headers=headers)
    assert me.status_code == 200, me.text
    return int(me.json()["data"]["id"]), headers


@asynccontextmanager
async def served_app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx2.AsyncClient]:
    """An app of its own on `engine`, started as a worker process would start it, and a
    client that reaches it in-process; its services stop on exit."""
    application = create_app(settings, engine=engine)
    await start_services(application)
    try:
        transport = httpx2.ASGITransport(app=application)
        async with httpx2.AsyncClient(transport=transport, base_url="http://kazi.test") as http:
            yield http
    finally:
        await stop_services(application)
