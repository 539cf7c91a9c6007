"""Input that once made a server error is now refused with a 4xx envelope naming why."""

from typing import Any

import httpx2
import pytest

from kazi.kit.limits import DOCUMENT_JSON_MAX_CHARS, JSON_MAX_DEPTH, MAX_OFFSET, PROFILE_MAX_CHARS
from tests.helpers import new_user
from tests.users.test_admin_users import make_admin_headers

EXTRACT_ROUTES = ("/api/v1/jobs/extract", "/api/v1/job-extractor/extract")
PAGED_ROUTES = (
    "/api/v1/jobs",
    "/api/v1/documents",
    "/api/v1/admin/users",
    "/api/v1/admin/usage",
    "/api/v1/users/me/usage",
)
NUL = "bad\x00name"


def _refused(answer: httpx2.Response, status: int = 422) -> str:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["success"] is False
    assert body["error"]["request_id"]
    message: str = body["error"]["message"]
    return message


@pytest.mark.parametrize("route", EXTRACT_ROUTES)
async def test_deeply_nested_json_is_refused_before_parsing(
    client: httpx2.AsyncClient, route: str
) -> None:
    _, headers = await new_user(client, "nested@example.com")
    for depth in (JSON_MAX_DEPTH + 1, 100_000):
        body = b"[" * depth + b"]" * depth
        answer = await client.post(
            route, content=body, headers={**headers, "Content-Type": "application/json"}
        )
        assert f"deeper than {JSON_MAX_DEPTH}" in _refused(answer)
    # Brackets inside strings are text, not nesting.
    text = {"text": "[" * 500 + " Accountant wanted in Nairobi."}
    answer = await client.post(route, json=text, headers=headers)
    assert answer.status_code != 422 or "deeper" not in answer.text


async def test_huge_offsets_are_refused_on_every_paged_list(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    for route in PAGED_ROUTES:
        for offset in (2**63, MAX_OFFSET + 1):
            answer = await client.get(route, params={"offset": offset}, headers=admin)
            assert "offset" in _refused(answer), route
        answer = await client.get(route, params={"offset": MAX_OFFSET}, headers=admin)
        assert answer.status_code == 200, route


async def test_control_characters_are_refused_in_names_and_models(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    answer = await client.post("/api/v1/users/me/api-keys", json={"name": NUL}, headers=admin)
    assert "control characters" in _refused(answer)
    provider = {
        "provider_type": "openai_compatible",
        "name": "local",
        "model_name": "llama3",
        "settings": {"base_url": "http://localhost:11434/v1"},
    }
    for field in ("name", "model_name"):
        answer = await client.post(
            "/api/v1/admin/providers", json={**provider, field: NUL}, headers=admin
        )
        assert "control characters" in _refused(answer), field
    created = await client.post("/api/v1/admin/providers", json=provider, headers=admin)
    assert created.status_code == 201, created.text
    rule = {"candidates": [{"provider_config_id": created.json()["data"]["id"]}]}
    rule["candidates"][0]["model_override"] = "llama\x003"
    answer = await client.put("/api/v1/admin/routing/chat/free", json=rule, headers=admin)
    assert "control characters" in _refused(answer)
    settings = {**provider, "name": "other", "settings": {"base_url": "http://h/\x00"}}
    answer = await client.post("/api/v1/admin/providers", json=settings, headers=admin)
    _refused(answer)


async def test_profile_text_with_nul_is_refused_and_not_stored(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "nul-profile@example.com")
    profile = {"basics": {"name": "Amina", "summary": "Accountant\x00 in Nairobi"}}
    for route in ("/api/v1/profile", "/api/v1/profile/import"):
        method = client.put if route.endswith("profile") else client.post
        answer = await method(route, json=profile, headers=headers)
        assert "U+0000" in _refused(answer)
    stored = await client.get("/api/v1/profile", headers=headers)
    assert stored.json()["data"]["basics"]["name"] == ""
    # Tabs and line breaks are text, not control characters to refuse.
    profile["basics"]["summary"] = "Accountant\tin Nairobi.\r\nCPA (K)."
    assert (await client.put("/api/v1/profile", json=profile, headers=headers)).status_code == 200


async def test_a_profile_over_the_size_limit_names_the_limit(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "big-profile@example.com")
    work = [{"name": f"Employer {i}", "summary": "x" * 9_000} for i in range(30)]
    answer = await client.put("/api/v1/profile", json={"work": work}, headers=headers)
    assert str(PROFILE_MAX_CHARS) in _refused(answer)


async def test_a_document_object_over_the_size_limit_names_the_limit(
    client: httpx2.AsyncClient,
) -> None:
    _, headers = await new_user(client, "big-document@example.com")
    work = [{"name": f"Employer {i}", "summary": "x" * 9_000} for i in range(30)]
    answer = await client.post(
        "/api/v1/documents/validate", json={"document": {"work": work}}, headers=headers
    )
    assert str(DOCUMENT_JSON_MAX_CHARS) in _refused(answer)
    nested: dict[str, Any] = {}
    for _ in range(JSON_MAX_DEPTH + 5):
        nested = {"a": nested}
    answer = await client.post(
        "/api/v1/documents/validate", json={"document": {"meta": nested}}, headers=headers
    )
    _refused(answer)
    answer = await client.post(
        "/api/v1/documents/validate", json={"document": {"basics": {"name": NUL}}}, headers=headers
    )
    assert "control characters" in _refused(answer)
