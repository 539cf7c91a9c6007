"""A fault behind an admin page shows the operator a page with a reference, never a
traceback or the API's JSON; the API keeps answering JSON for the same fault."""

from typing import Any

import httpx2
import pytest

from kazi.enums import Role
from kazi.quotas.repository import QuotaRepository
from tests.admin.conftest import Dashboard, add_user
from tests.helpers import login


async def _broken(*_args: Any) -> None:
    raise RuntimeError("internal detail: table q_limits row 42")


async def test_a_fault_behind_an_admin_page_is_a_page_with_a_reference(
    dashboard: Dashboard, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QuotaRepository, "all", _broken)
    transport = httpx2.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx2.AsyncClient(
        transport=transport, base_url="http://kazi.test", cookies=dashboard.client.cookies
    ) as browser:
        answer = await browser.get("/admin/quotas")
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>Server error</h1>" in answer.text
    assert "Something went wrong on our side." in answer.text
    assert f"<code>{answer.headers['x-request-id']}</code>" in answer.text
    assert "internal detail" not in answer.text
    assert "Traceback" not in answer.text


async def test_an_api_fault_stays_json(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    await add_user(app, "api-admin@example.com", Role.ADMIN)
    monkeypatch.setattr(QuotaRepository, "all", _broken)
    transport = httpx2.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx2.AsyncClient(transport=transport, base_url="http://kazi.test") as api:
        headers = {"Authorization": "Bearer " + await login(api, "api-admin@example.com")}
        answer = await api.get("/api/v1/admin/quotas", headers=headers)
    assert answer.status_code == 500, answer.text
    error = answer.json()["error"]
    assert error == {
        "code": "internal_error",
        "message": "Something went wrong on our side.",
        "request_id": answer.headers["x-request-id"],
    }
