"""Error envelope, request ids, malformed bodies and the size limit."""

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest

from tests.helpers import new_user


async def test_request_id_is_a_header_and_in_errors(client: httpx2.AsyncClient) -> None:
    answer = await client.get("/api/v1/users/me")
    body = answer.json()
    assert answer.status_code == 401
    assert body["success"] is False
    assert body["error"]["request_id"] == answer.headers["x-request-id"]
    assert len(answer.headers["x-request-id"]) == 32


async def test_malformed_json_is_a_clear_422(client: httpx2.AsyncClient) -> None:
    answer = await client.post(
        "/api/v1/auth/register",
        content=b'{"email": "a@example.com",',
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert "not valid JSON" in answer.json()["error"]["message"]


async def test_wrong_types_name_the_field(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "types@example.com")
    answer = await client.put(
        "/api/v1/profile",
        json={"work": [{"name": "Equity Bank", "startDate": "March"}]},
        headers=headers,
    )
    assert answer.status_code == 422
    message = answer.json()["error"]["message"]
    assert "body.work.0.startDate" in message
    assert "YYYY" in message


async def test_oversized_body_is_413_and_nothing_is_lost(
    client: httpx2.AsyncClient, app: object
) -> None:
    _, headers = await new_user(client, "big@example.com")
    saved = {"basics": {"name": "Baraka"}}
    assert (await client.put("/api/v1/profile", json=saved, headers=headers)).status_code == 200
    limit = app.state.settings.max_body_bytes  # type: ignore[attr-defined]
    huge = b'{"basics": {"summary": "' + b"x" * (limit + 10) + b'"}}'
    answer = await client.put(
        "/api/v1/profile", content=huge, headers={**headers, "Content-Type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "body_too_large"
    kept = await client.get("/api/v1/profile", headers=headers)
    assert kept.json()["data"]["basics"]["name"] == "Baraka"


async def test_streamed_oversized_body_without_length_is_413(
    client: httpx2.AsyncClient, app: object
) -> None:
    limit = app.state.settings.max_body_bytes  # type: ignore[attr-defined]

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    answer = await client.post(
        "/api/v1/auth/register", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413


async def test_unknown_route_is_a_404_envelope(client: httpx2.AsyncClient) -> None:
    answer = await client.get("/api/v1/nothing-here")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


async def test_health_and_readiness(client: httpx2.AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["data"] == {"status": "ok"}
    assert (await client.get("/readyz")).json()["data"] == {"status": "ready"}


async def test_a_body_cut_off_at_the_limit_is_one_info_line_not_a_traceback(
    client: httpx2.AsyncClient, app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A route that reads the body itself sees the client as gone once 413 is sent."""
    _, headers = await new_user(client, "cut-off@example.com")
    limit = app.state.settings.max_body_bytes

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    with caplog.at_level(logging.INFO):
        answer = await client.post(
            "/api/v1/jobs/extract",
            content=chunks(),
            headers={**headers, "Content-Type": "application/json"},
        )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "body_too_large"
    mentions = [r for r in caplog.records if "disconnect" in r.getMessage().lower()]
    assert [(r.levelno, r.getMessage(), r.exc_info) for r in mentions] == [
        (logging.INFO, "client disconnected during POST /api/v1/jobs/extract", None)
    ]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
