"""Server-sent event streams of the CV and cover-letter routes."""

import asyncio
from typing import Any

import httpx2
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from kazi.kit.config import Settings
from kazi.main import create_app
from kazi.usage.models import AIProviderUsageLog
from tests.documents.api.support import (
    CV,
    LETTER,
    SSE,
    laid_out,
    openai_for,
    parse_events,
    seeker,
    usage_rows,
)
from tests.documents.api.test_docs_faithfulness import (
    CLEAN_OPENING,
    CLEAN_PROOF,
    CLEAN_PROSE,
    FABRICATED_PLAN,
    FLAGGED_PROSE,
)
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.fakes.server import serve_app
from tests.helpers import new_user


def _texts(events: list[tuple[str, Any]]) -> str:
    return "".join(data["text"] for name, data in events if name == "delta")


async def test_builtin_cv_streams_markdown_report_and_done(
    client: httpx2.AsyncClient, app: Any
) -> None:
    amina = await seeker(client, app, "stream-builtin@example.com")
    answer = await client.post(CV, json={"job_id": amina.job_id}, headers={**amina.headers, **SSE})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    events = parse_events(answer.text)
    names = [name for name, _ in events]
    assert names[-2:] == ["report", "done"]
    assert set(names[:-2]) == {"delta"}
    assert len(names) > 3  # one delta per CV section
    report = events[-2][1]
    assert (report["provider_used"], report["kind"]) == ("builtin", "cv")
    assert report["report"]["ok"] is True
    assert events[-1][1] == {"id": report["id"]}
    stored = await client.get(f"/api/v1/documents/{report['id']}", headers=amina.headers)
    assert stored.json()["data"]["markdown"] == _texts(events)
    assert _texts(events).startswith("# Amina Wanjiku Otieno\n")
    _, stranger = await new_user(client, "stream-stranger@example.com")
    foreign = await client.post(CV, json={"job_id": amina.job_id}, headers={**stranger, **SSE})
    assert foreign.status_code == 404
    assert foreign.json()["error"]["code"] == "not_found"


async def test_model_cv_streams_progress_then_the_checked_cv(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-model@example.com")
    await openai_for(app, fake_fleet, "cv_draft")
    fake_fleet.fakes.openai.script(Reply(parsed=FABRICATED_PLAN))
    answer = await client.post(CV, json={"job_id": amina.job_id}, headers={**amina.headers, **SSE})
    events = parse_events(answer.text)
    progress = [data["characters"] for name, data in events if name == "progress"]
    assert len(progress) >= 3
    assert progress == sorted(progress)
    markdown = _texts(events)
    assert "Globex" not in markdown
    assert "MBA" not in markdown
    assert "## Work Experience" in markdown
    report = events[-2][1]
    assert report["provider_used"] == "openai-docs"
    assert report["model"] == "gpt-4o-mini"
    removed = {(i["kind"], i["text"]) for i in report["report"]["removed"]}
    assert ("unknown_employer", "Globex Corporation") in removed
    assert ("unsupported_number", "KES 25M") in removed
    assert report["report"]["ok"] is True
    (row,) = await usage_rows(app)
    assert (row.task_type, row.status, row.error_code) == ("cv_draft", "success", None)
    stored = await client.get(f"/api/v1/documents/{report['id']}", headers=amina.headers)
    assert stored.json()["data"]["markdown"] == markdown


async def test_letter_stream_retries_once_with_the_claims_named(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-letter@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(parsed=FLAGGED_PROSE), Reply(parsed=CLEAN_PROSE))
    answer = await client.post(
        LETTER, json={"job_id": amina.job_id}, headers={**amina.headers, **SSE}
    )
    events = parse_events(answer.text)
    names = [name for name, _ in events]
    retry_at = names.index("retry")
    # Only the checked layout and paragraphs of the first draft were sent, none of its claims.
    clean = laid_out(CLEAN_PROSE)
    shown = _texts(events[:retry_at])
    assert shown.endswith(f"{CLEAN_OPENING}\n\n{CLEAN_PROOF}\n\n")
    assert clean.startswith(shown)
    assert _texts(events[retry_at:]) == clean
    claims = {(i["kind"], i["text"]) for i in events[retry_at][1]["unsupported_claims"]}
    assert claims == {("unknown_degree", "MBA"), ("unknown_employer", "Globex Corporation")}
    assert names[-2:] == ["report", "done"]
    stored = await client.get(f"/api/v1/documents/{events[-1][1]['id']}", headers=amina.headers)
    assert stored.json()["data"]["markdown"] == clean


async def test_letter_stream_refuses_persistent_claims(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-refused@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(parsed=FLAGGED_PROSE), Reply(parsed=FLAGGED_PROSE))
    answer = await client.post(
        LETTER, json={"job_id": amina.job_id}, headers={**amina.headers, **SSE}
    )
    events = parse_events(answer.text)
    name, error = events[-1]
    assert name == "error"
    assert error["code"] == "unsupported_claims"
    assert {i["text"] for i in error["claims"]} == {"MBA", "Globex Corporation"}
    assert "done" not in [name for name, _ in events]
    listed = await client.get("/api/v1/documents", headers=amina.headers)
    assert listed.json()["data"]["total"] == 0


async def test_stream_failure_is_an_error_event(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-fail@example.com")
    await openai_for(app, fake_fleet, "cv_draft")
    fake_fleet.fakes.openai.script(Reply(status=400, error_message="bad request: sk-secret"))
    answer = await client.post(CV, json={"job_id": amina.job_id}, headers={**amina.headers, **SSE})
    assert parse_events(answer.text) == [
        (
            "error",
            {
                "code": "ai_unavailable",
                "message": "The AI providers for this task are unavailable right now. "
                "Try again shortly.",
            },
        )
    ]
    assert "sk-secret" not in answer.text
    (row,) = await usage_rows(app)
    assert (row.task_type, row.status) == ("cv_draft", "error")


async def _disconnected_rows(served: Any, app: Any) -> list[AIProviderUsageLog]:
    """The served app's usage rows once its recorder has the disconnect's record."""
    for _ in range(100):
        await served.state.usage_recorder.flush()
        rows = [row for row in await usage_rows(app) if row.task_type == "cv_draft"]
        if rows:
            return rows
        await asyncio.sleep(0.05)
    raise AssertionError("no usage row was recorded for the disconnected stream")


async def test_client_disconnect_mid_stream_still_records_usage(
    client: httpx2.AsyncClient, app: Any, settings: Settings, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "disconnect@example.com")
    await openai_for(app, fake_fleet, "cv_draft")
    # About 40,000 streamed pieces: far longer than the few progress events read below.
    endless = {**FABRICATED_PLAN, "summary": "Accountant " * 40_000}
    fake_fleet.fakes.openai.script(Reply(parsed=endless, output_tokens=40_100))
    # The served app runs on uvicorn's own event loop: it gets an engine without a pool,
    # so no connection crosses loops.
    engine = create_async_engine(settings.resolved_database_url, poolclass=NullPool)
    served = create_app(settings, engine=engine)
    try:
        with serve_app(served) as origin:
            async with httpx2.AsyncClient(base_url=origin, timeout=10) as http:
                headers = {**amina.headers, **SSE}
                async with http.stream(
                    "POST", CV, json={"job_id": amina.job_id}, headers=headers
                ) as response:
                    assert response.status_code == 200
                    seen = [line async for line in _first_progress_lines(response, 3)]
            rows = await _disconnected_rows(served, app)
    finally:
        await served.state.provider_clients.aclose()
        await engine.dispose()
    assert seen == ["event: progress"] * 3
    (row,) = rows
    assert row.error_code == "client_disconnected"
    assert row.status == "success"  # the vendor did not fail; the client left
    assert row.tokens_estimated is True
    assert 0 < row.output_tokens < 40_100
    assert row.input_tokens > 0
    assert row.user_id == amina.user_id
    listed = await client.get("/api/v1/documents", headers=amina.headers)
    assert listed.json()["data"]["total"] == 0


async def _first_progress_lines(response: httpx2.Response, count: int) -> Any:
    seen = 0
    async for line in response.aiter_lines():
        if line.startswith("event: "):
            yield line
            seen += line == "event: progress"
            if seen == count:
                return
