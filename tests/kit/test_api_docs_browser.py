"""/docs and /redoc render in a real Chromium that may reach nothing but Kazi itself."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, Route, async_playwright, expect

from kazi.main import create_app
from tests.admin.test_admin_browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import make_settings
from tests.fakes.server import serve_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Chromium at /usr/bin/chromium"),
]


@pytest.fixture
def origin(tmp_path: Path) -> Iterator[str]:
    """Kazi over HTTP; the documentation pages never touch its database."""
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'kazi.db'}")
    with serve_app(create_app(settings)) as served:
        yield served


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


async def _offline_page(browser: Browser, origin: str) -> tuple[Page, list[str]]:
    """A page whose every request to anywhere but `origin` is aborted (and listed)."""
    page = await browser.new_page()
    refused: list[str] = []

    async def only_kazi(route: Route) -> None:
        if route.request.url.startswith(origin + "/"):
            await route.continue_()
        else:
            refused.append(route.request.url)
            await route.abort()

    await page.route("**/*", only_kazi)
    return page, refused


async def test_swagger_ui_renders_every_operation_offline(browser: Browser, origin: str) -> None:
    page, refused = await _offline_page(browser, origin)
    await page.goto(f"{origin}/docs")
    register = page.locator(".opblock-summary-path[data-path='/api/v1/auth/register']")
    await expect(register).to_be_visible(timeout=30_000)
    operations = await page.locator(".opblock").count()
    assert operations > 40
    await register.click()  # expands: Swagger UI's own scripts work
    await expect(page.locator(".opblock.is-open .opblock-section-request-body")).to_be_visible()
    assert refused == []


async def test_redoc_renders_offline(browser: Browser, origin: str) -> None:
    page, refused = await _offline_page(browser, origin)
    await page.goto(f"{origin}/redoc")
    await expect(page.get_by_text("/api/v1/auth/register").first).to_be_attached(timeout=30_000)
    await expect(page.locator("h1").first).to_have_text("Kazi (0.1.0)")
    assert refused == []
