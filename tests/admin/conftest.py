"""Dashboard tests: an administrator signed in through the sign-in form, cookies kept."""

import re
from typing import Any

import httpx2
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from kazi.enums import Role
from kazi.providers.keys import key_box
from kazi.providers.schemas import ProviderCreate
from kazi.providers.service import ProviderService
from kazi.users.service import UserService
from tests.helpers import DEFAULT_PASSWORD

ADMIN_EMAIL = "operator@example.com"
USER_EMAIL = "member@example.com"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the page carries no CSRF token"
    return found.group(1)


async def add_user(app: Any, email: str, role: Role = Role.USER) -> int:
    async with app.state.sessions() as session, session.begin():
        user = await UserService(session).register(email, DEFAULT_PASSWORD, role=role)
        return user.id


async def sign_in(
    client: httpx2.AsyncClient, email: str, password: str = DEFAULT_PASSWORD
) -> httpx2.Response:
    form = await client.get("/admin/login")
    assert form.status_code == 200
    data = {"csrf_token": csrf_of(form.text), "email": email, "password": password}
    return await client.post("/admin/login", data=data)


class Dashboard:
    """A signed-in administrator's browser, without the browser: GET pages, POST forms."""

    def __init__(self, client: httpx2.AsyncClient) -> None:
        self.client = client
        self.csrf = ""

    async def page(self, path: str) -> httpx2.Response:
        answer = await self.client.get(path)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:500])
        self.csrf = csrf_of(answer.text)
        return answer

    async def post(self, path: str, data: dict[str, Any] | None = None) -> httpx2.Response:
        if not self.csrf:
            await self.page("/admin/providers")
        return await self.client.post(path, data={"csrf_token": self.csrf, **(data or {})})


async def add_provider(app: Any, name: str, model: str, provider_type: str = "openai") -> int:
    """A provider pointed at a closed port (nothing is called); returns its id."""
    data = ProviderCreate(
        provider_type=provider_type,
        name=name,
        model_name=model,
        api_key=SecretStr(f"sk-{name}-pages-0000000000"),
        settings={"base_url": "http://127.0.0.1:9/v1"},
    )
    async with app.state.sessions() as session, session.begin():
        config = await ProviderService(session, key_box(app.state.settings)).create(data, None)
        return config.id


@pytest.fixture
async def dashboard(app: Any, client: httpx2.AsyncClient) -> Dashboard:
    await add_user(app, ADMIN_EMAIL, Role.ADMIN)
    signed = await sign_in(client, ADMIN_EMAIL)
    assert signed.status_code == 303, signed.text
    return Dashboard(client)


async def count(app: Any, model: Any) -> int:
    async with app.state.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)
