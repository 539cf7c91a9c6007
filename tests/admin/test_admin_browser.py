"""An operator's day in a real Chromium: sign in, add and test a provider, route a task to
it, and see the call it served on the usage page. Screenshots go to test-artifacts/admin/."""

import asyncio
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx2
import pytest
from playwright.async_api import Browser, Page, async_playwright, expect
from starlette.types import ASGIApp, Receive, Scope, Send

from kazi.enums import Role
from kazi.kit.config import Settings
from kazi.main import create_app, stop_services
from tests.admin.conftest import ADMIN_EMAIL, add_user
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.fakes.server import serve_app
from tests.helpers import DEFAULT_PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "admin"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VENDOR_KEY = "sk-browser-Tq4Wz8Lm2Xc6-Br0w"
POSTING = """Data Analyst
Company: Twiga Foods
Location: Nairobi, Kenya
We are hiring a data analyst to build dashboards and weekly reports for our logistics
team across East Africa, working with operations and finance.
Requirements:
- SQL
- Python
"""
T = TypeVar("T")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Chromium at /usr/bin/chromium"),
]


class ServedApp:
    """Kazi served by uvicorn on its own thread and loop; `run` executes a coroutine there
    (the app's engine and usage recorder belong to that loop)."""

    def __init__(self, app: Any) -> None:
        self.app: Any = app
        self.loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.loop = asyncio.get_running_loop()
        asgi: ASGIApp = self.app
        await asgi(scope, receive, send)

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        assert self.loop is not None, "the app has not served a request yet"
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self.loop))


@pytest.fixture
async def served(app: Any, settings: Settings) -> AsyncIterator[tuple[ServedApp, str]]:
    """A second app on the same database (the `app` fixture empties it afterwards)."""
    wrapper = ServedApp(create_app(settings))
    with serve_app(wrapper) as origin:
        yield wrapper, origin
        if wrapper.loop is not None:
            await wrapper.run(stop_services(wrapper.app))
            await wrapper.run(wrapper.app.state.engine.dispose())


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


async def shot(page: Page, name: str, backend: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=ARTIFACTS / f"{backend}-{name}.png", full_page=True)


async def sign_in(page: Page, origin: str, backend: str) -> None:
    await page.goto(f"{origin}/admin/providers")
    await expect(page).to_have_url(f"{origin}/admin/login?next=%2Fadmin%2Fproviders")
    await page.fill("input[name=email]", ADMIN_EMAIL)
    await page.fill("input[name=password]", DEFAULT_PASSWORD)
    await shot(page, "01-sign-in", backend)
    await page.click("button:has-text('Sign in')")
    await expect(page).to_have_url(f"{origin}/admin/providers")


async def add_provider(page: Page, fleet: LiveFleet, backend: str) -> None:
    await page.click("text=Add a provider")
    await page.select_option("select[name=type]", "openai")
    await page.click("button:has-text('Continue')")
    await page.fill("input[name=name]", "fake-openai")
    await page.fill("input[name=model_name]", "gpt-4o-mini")
    await page.fill("input[name=api_key]", VENDOR_KEY)
    await page.fill("input[name=setting_base_url]", fleet.urls.openai)
    await shot(page, "02-add-provider", backend)
    await page.click("button:has-text('Add provider')")
    row = page.locator("tr", has_text="fake-openai")
    await expect(row.locator("td[data-label=Key]")).to_have_text("…Br0w")
    await expect(row.locator("td[data-label=Status]")).to_have_text("active")


async def check_and_make_default(page: Page, backend: str) -> None:
    row = page.locator("tr", has_text="fake-openai")
    await row.locator("button:has-text('Test credentials')").click()
    await expect(row.locator(".test-result .ok")).to_contain_text("OK,")
    await expect(row.locator(".test-result .ok")).to_contain_text(" ms")
    await shot(page, "03-tested", backend)
    await row.locator("a:has-text('Edit')").click()
    await page.check("input[name=default_for][value=extraction]")
    await page.click("button:has-text('Save')")
    await expect(row.locator("td[data-label='Default for']")).to_have_text("extraction")


async def run_extraction(origin: str, fleet: LiveFleet) -> None:
    fleet.fakes.openai.script(
        Reply(parsed={"is_job_posting": True, "employment_type": "FULL_TIME"},
              input_tokens=1200, output_tokens=80)
    )  # fmt: skip
    async with httpx2.AsyncClient(base_url=origin) as api:
        account = {"email": "seeker@example.com", "password": DEFAULT_PASSWORD}
        assert (await api.post("/api/v1/auth/register", json=account)).status_code == 201
        token = (await api.post("/api/v1/auth/login", json=account)).json()["data"]
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        answer = await api.post("/api/v1/jobs/extract", json={"text": POSTING}, headers=headers)
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert (data["provider_used"], data["model"]) == ("fake-openai", "gpt-4o-mini")
    assert fleet.fakes.openai.last_request.body["model"] == "gpt-4o-mini"


async def test_an_operator_routes_extraction_to_a_new_provider(
    app: Any,
    served: tuple[ServedApp, str],
    browser: Browser,
    fake_fleet: LiveFleet,
    database_url: str,
) -> None:
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    wrapper, origin = served
    await add_user(app, ADMIN_EMAIL, Role.ADMIN)
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await sign_in(page, origin, backend)
    await add_provider(page, fake_fleet, backend)
    await check_and_make_default(page, backend)

    await page.goto(f"{origin}/admin/routing")
    preview = page.locator("#rule-extraction-free .preview")
    await expect(preview).to_contain_text("fake-openai / gpt-4o-mini")
    await expect(preview).to_contain_text("(task_default)")
    await shot(page, "04-routing", backend)

    await run_extraction(origin, fake_fleet)
    assert await wrapper.run(wrapper.app.state.usage_recorder.flush()) is True
    await see_the_call(page, origin, backend)
    await move_the_seeker_to_pro(page, origin, backend)
    await visit_the_other_pages(page, origin, backend)

    phone = await browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    await phone.context.add_cookies(await page.context.cookies())
    await phone.goto(f"{origin}/admin/usage")
    await expect(phone.locator("#total-cost")).to_have_text("$0.000228")
    await shot(phone, "07-usage-phone", backend)


async def see_the_call(page: Page, origin: str, backend: str) -> None:
    await page.goto(f"{origin}/admin/usage")
    await expect(page.locator("#total-calls")).to_have_text("1")
    await expect(page.locator("#total-input")).to_have_text("1,200")
    await expect(page.locator("#total-output")).to_have_text("80")
    # gpt-4o-mini: 1,200 tokens at $0.15/M in and 80 at $0.60/M out
    await expect(page.locator("#total-cost")).to_have_text("$0.000228")
    cost_cells = page.locator("#cost .chart-grid table.figures tbody td")
    await expect(cost_cells).to_have_text(["fake-openai", "1", "$0.000228", "0"])
    await expect(page.locator("#users table.figures tbody tr")).to_contain_text(
        ["seeker@example.com"]
    )
    await shot(page, "05-usage", backend)


async def move_the_seeker_to_pro(page: Page, origin: str, backend: str) -> None:
    await page.goto(f"{origin}/admin/users")
    await page.fill("input[name=email]", "seeker@example.com")
    await page.click("button:has-text('Find')")
    await expect(page.locator("#user-usage")).to_contain_text("1 call, $0.000228.")
    await page.select_option("#user select[name=tier]", "pro")
    await page.click("#user button:has-text('Save')")
    await expect(page.locator(".notice")).to_have_text("Changes saved.")
    await expect(page.locator("#user select[name=tier]")).to_have_value("pro")
    await shot(page, "06-users", backend)


async def visit_the_other_pages(page: Page, origin: str, backend: str) -> None:
    for name in ("prices", "quotas", "audit", "providers"):
        await page.goto(f"{origin}/admin/{name}")
        await shot(page, f"06-{name}", backend)
    row = page.locator("tr", has_text="fake-openai")
    await expect(row.locator("td[data-label='Calls (7 d)']")).to_have_text("1")
    await expect(row.locator("td[data-label='Cost (7 d)']")).to_have_text("$0.000228")
    audit = page.locator("table.audit")
    await page.goto(f"{origin}/admin/audit")
    await expect(audit.locator("code")).to_have_text(
        ["user.update", "provider.update", "provider.create"]
    )
    assert VENDOR_KEY not in await page.content()
