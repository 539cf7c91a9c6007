"""The web app seen by a browser without the browser: cookies kept, forms posted with
the CSRF token of the page that showed them."""

import re
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tests.fakes.server import serve_app
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

    async def sign_in(self, email: str, password: str = DEFAULT_PASSWORD) -> httpx2.Response:
        await self.page("/login")
        return await self.post("/login", {"email": email, "password": password})

    async def join(self, email: str) -> None:
        """Sign up and sign in, as a new user does."""
        assert (await self.sign_up(email)).status_code == 303
        signed = await self.sign_in(email)
        assert signed.status_code == 303, signed.text


def visitor(app: Any) -> Visitor:
    transport = httpx2.ASGITransport(app=app)
    return Visitor(httpx2.AsyncClient(transport=transport, base_url="http://kazi.test"))


@pytest.fixture
async def seeker(app: Any) -> Any:
    """A new user, signed up through the form and signed in."""
    me = visitor(app)
    await me.join("wanjiru@example.com")
    await me.page("/")
    yield me
    await me.client.aclose()


POSTING_TEXT = """Accounts Assistant
Company: Mavuno Traders Ltd
Location: Nakuru, Kenya
Mavuno Traders is hiring an accounts assistant to keep supplier ledgers, prepare monthly
reconciliations and support the finance manager with payroll and tax returns.
Requirements:
- CPA Part II or higher
- Experience with Excel and QuickBooks
Closing date: 2030-01-31
"""
POSTING_PAGE = """<!doctype html><html><head><title>Sales Officer - Kilele Dairy</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "JobPosting",
"title": "Sales Officer", "hiringOrganization": {"@type": "Organization", "name": "Kilele Dairy"},
"jobLocation": {"@type": "Place",
  "address": {"addressLocality": "Eldoret", "addressCountry": "KE"}},
"datePosted": "2029-12-01", "validThrough": "2030-01-15",
"description": "Sell Kilele Dairy products to shops and supermarkets in the North Rift and
keep weekly sales reports. You need a diploma in sales or marketing and a riding licence."}
</script></head><body><h1>Sales Officer</h1><p>Kilele Dairy, Eldoret.</p></body></html>"""


@pytest.fixture(scope="session")
def posting_origin() -> Iterator[str]:
    """A job board on 127.0.0.1: a posting at /jobs/sales-officer, nothing at /jobs/closed."""

    async def page(request: Request) -> Response:
        return HTMLResponse(POSTING_PAGE)

    async def empty(request: Request) -> Response:
        return HTMLResponse("<html><body><p>This job is closed.</p></body></html>")

    routes = [Route("/jobs/sales-officer", page), Route("/jobs/closed", empty)]
    with serve_app(Starlette(routes=routes)) as origin:
        yield origin


def allow_fetching_from(settings: Any, origin: str) -> None:
    """Lets job links reach the local job board (a loopback address on its own port)."""
    settings.fetch_allow_private = True
    settings.fetch_allowed_ports = [80, 443, int(origin.rsplit(":", 1)[1])]
