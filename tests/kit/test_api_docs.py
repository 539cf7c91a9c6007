"""KAZI_DOCS turns /docs, /redoc and /openapi.json on or off; the favicon is always there."""

from pathlib import Path

import httpx2
import pytest

from kazi.kit.config import Environment, Settings
from kazi.main import create_app
from tests.conftest import make_settings

DOC_PATHS = ("/docs", "/redoc", "/openapi.json", "/docs-assets/swagger-ui-bundle.js")


def _settings(tmp_path: Path, **changes: object) -> Settings:
    base = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'kazi.db'}")
    return base.model_copy(update=changes)


async def _statuses(settings: Settings, paths: tuple[str, ...]) -> list[int]:
    transport = httpx2.ASGITransport(app=create_app(settings))
    async with httpx2.AsyncClient(transport=transport, base_url="http://kazi.test") as http:
        return [(await http.get(path)).status_code for path in paths]


@pytest.mark.parametrize(
    ("env", "docs", "expected"),
    [
        (Environment.TEST, None, 200),
        (Environment.DEVELOPMENT, None, 200),
        (Environment.PRODUCTION, None, 404),
        (Environment.PRODUCTION, True, 200),
        (Environment.TEST, False, 404),
    ],
)
async def test_docs_follow_the_setting(
    tmp_path: Path, env: Environment, docs: bool | None, expected: int
) -> None:
    settings = _settings(tmp_path, env=env, docs=docs)
    assert await _statuses(settings, DOC_PATHS) == [expected] * len(DOC_PATHS)


def test_kazi_docs_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAZI_ENV", "production")
    monkeypatch.setenv("KAZI_SECRET_KEY", "s" * 40)
    assert Settings().docs_enabled is False
    monkeypatch.setenv("KAZI_DOCS", "true")
    assert Settings().docs_enabled is True


async def test_docs_pages_name_no_other_host(tmp_path: Path) -> None:
    transport = httpx2.ASGITransport(app=create_app(_settings(tmp_path)))
    async with httpx2.AsyncClient(transport=transport, base_url="http://kazi.test") as http:
        for path in ("/docs", "/redoc"):
            page = await http.get(path)
            assert "http" not in page.text.replace("http-equiv", "")
            assert "default-src 'self'" in page.headers["content-security-policy"]


async def test_favicon_is_served_with_docs_off(tmp_path: Path) -> None:
    settings = _settings(tmp_path, env=Environment.PRODUCTION)
    transport = httpx2.ASGITransport(app=create_app(settings))
    async with httpx2.AsyncClient(transport=transport, base_url="http://kazi.test") as http:
        for path in ("/favicon.ico", "/favicon.svg"):
            icon = await http.get(path)
            assert icon.status_code == 200
            assert icon.headers["content-type"] == "image/svg+xml"
            assert icon.text.startswith("<svg")
