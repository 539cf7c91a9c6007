"""The web app seen by a browser without the browser: cookies kept, forms posted with
the CSRF token of the page that showed them."""

import re
from typing import Any

import httpx2
import pytest

from tests.helpers import DEFAULT_PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the page carries no CSRF token"
    return found.group(1)


class Visitor:
    """One browser: GET pages, POST forms with the last page's CSRF token."""

    def __init__(self, client: httpx2.AsyncClient) -> None:
        self.client = client
        self.csrf = ""

    async def page(self, path: str) -> httpx2.Response:
        answer = await self.client.get(path)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:500])
        found = CSRF.search(answer.text)
        self.csrf = found.group(1) if found else self.csrf
        return answer

    async def post(
        self, path: str, data: dict[str, Any] | None = None, files: Any = None
    ) -> httpx2.Response:
        return await self.client.post(
            path, data={"csrf_token": self.csrf, **(data or {})}, files=files
        )

    async def sign_up(self, email: str, password: str = DEFAULT_PASSWORD) -> httpx2.Response:
        await self.page("/signup")
        return await self.post("/signup", {"email": email, "password": password})


def visitor(app: Any) -> Visitor:
    transport = httpx2.ASGITransport(app=app)
    return Visitor(httpx2.AsyncClient(transport=transport, base_url="http://kazi.test"))


@pytest.fixture
async def seeker(app: Any) -> Any:
    """A new user, signed up through the form and signed in."""
    me = visitor(app)
    answer = await me.sign_up("wanjiru@example.com")
    assert answer.status_code == 303, answer.text
    await me.page("/")
    yield me
    await me.client.aclose()
