"""The JSON route and the SSE route run one pipeline: with the same scripted model they
store the same document and leave the same usage rows."""

from typing import Any

import httpx2

from kazi.documents import grounding, validation
from kazi.documents.builtin.letter_templates import Tone
from kazi.documents.evidence import build_evidence
from kazi.usage.models import AIProviderUsageLog
from tests.documents.api.support import (
    CV,
    LETTER,
    Seeker,
    laid_out,
    openai_for,
    read_stream,
    seeker,
    usage_rows,
)
from tests.documents.api.test_docs_faithfulness import CLEAN_PROSE, FABRICATED_PLAN, FLAGGED_PROSE
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply

SWAHILI_HEADINGS = ("## Muhtasari", "## Uzoefu wa Kazi", "## Elimu", "## Ujuzi")


def _usage(rows: list[AIProviderUsageLog]) -> list[tuple[object, ...]]:
    return [
        (
            row.task_type,
            row.status,
            row.error_code,
            row.input_tokens,
            row.output_tokens,
            row.cached_tokens,
            row.tokens_estimated,
        )
        for row in rows
    ]


async def _stored(client: httpx2.AsyncClient, amina: Seeker, document_id: int) -> Any:
    answer = await client.get(f"/api/v1/documents/{document_id}", headers=amina.headers)
    return answer.json()["data"]


async def _both_routes(
    client: httpx2.AsyncClient, app: Any, amina: Seeker, path: str, body: dict[str, Any]
) -> tuple[Any, Any, list[AIProviderUsageLog], list[AIProviderUsageLog]]:
    """The document stored by the JSON route and by the stream, and each one's usage rows."""
    answer = await client.post(path, json=body, headers=amina.headers)
    assert answer.status_code == 201, answer.text
    by_json = await _stored(client, amina, answer.json()["data"]["id"])
    json_rows = await usage_rows(app)
    events = await read_stream(client, path, body, amina.headers)
    assert [name for name, _ in events][-2:] == ["report", "done"]
    by_stream = await _stored(client, amina, events[-1][1]["id"])
    shown = "".join(data["text"] for name, data in events if name == "delta")
    if "retry" not in [name for name, _ in events]:
        assert shown == by_stream["markdown"]  # the client showed what was stored
    stream_rows = (await usage_rows(app))[len(json_rows) :]
    return by_json, by_stream, json_rows, stream_rows


async def test_a_cv_in_kiswahili_is_the_same_from_both_routes(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "one-pipeline-cv@example.com")
    await openai_for(app, fake_fleet, "cv_draft")
    answer = Reply(parsed=FABRICATED_PLAN, input_tokens=900, output_tokens=300)
    fake_fleet.fakes.openai.script(answer, answer)
    body = {"job_id": amina.job_id, "language": "sw"}
    by_json, by_stream, json_rows, stream_rows = await _both_routes(client, app, amina, CV, body)
    assert by_stream["markdown"] == by_json["markdown"]
    assert by_stream["content"] == by_json["content"]
    assert by_stream["report"] == by_json["report"]
    assert by_stream["language"] == by_json["language"] == "sw"
    assert all(heading in by_stream["markdown"] for heading in SWAHILI_HEADINGS)
    assert (
        _usage(stream_rows)
        == _usage(json_rows)
        == [("cv_draft", "success", None, 900, 300, 0, False)]
    )


async def test_a_redrafted_letter_is_the_same_from_both_routes(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "one-pipeline-letter@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    flagged = Reply(parsed=FLAGGED_PROSE, input_tokens=700, output_tokens=120)
    clean = Reply(parsed=CLEAN_PROSE, input_tokens=760, output_tokens=110)
    fake_fleet.fakes.openai.script(flagged, clean, flagged, clean)
    body = {"job_id": amina.job_id, "tone": "warm"}
    by_json, by_stream, json_rows, stream_rows = await _both_routes(
        client, app, amina, LETTER, body
    )
    assert by_stream["markdown"] == by_json["markdown"] == laid_out(CLEAN_PROSE, Tone.WARM)
    assert by_stream["report"] == by_json["report"]
    assert (by_stream["tone"], by_stream["language"]) == (by_json["tone"], by_json["language"])
    assert (
        _usage(stream_rows)
        == _usage(json_rows)
        == [
            ("cover_letter", "success", None, 700, 120, 0, False),
            ("cover_letter", "success", None, 760, 110, 0, False),
        ]
    )


async def test_a_streamed_cv_honours_kiswahili(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-sw@example.com")
    for routed in (False, True):  # the built-in engine, then the routed model
        if routed:
            await openai_for(app, fake_fleet, "cv_draft")
            fake_fleet.fakes.openai.script(Reply(parsed=FABRICATED_PLAN))
        body = {"job_id": amina.job_id, "language": "sw"}
        events = await read_stream(client, CV, body, amina.headers)
        shown = "".join(data["text"] for name, data in events if name == "delta")
        assert all(heading in shown for heading in SWAHILI_HEADINGS), shown
        assert "## Work Experience" not in shown
        stored = await _stored(client, amina, events[-1][1]["id"])
        assert stored["language"] == "sw"
    prompt = fake_fleet.fakes.openai.last_request.body["messages"][1]["content"]
    assert "write the summary in Kiswahili" in prompt


async def test_the_evidence_index_is_built_once_per_request(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet, monkeypatch: Any
) -> None:
    built: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return build_evidence(*args, **kwargs)

    for module in (grounding, validation):
        monkeypatch.setattr(module, "build_evidence", counted)
    amina = await seeker(client, app, "grounded-once@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(parsed=FLAGGED_PROSE), Reply(parsed=CLEAN_PROSE))
    events = await read_stream(client, LETTER, {"job_id": amina.job_id}, amina.headers)
    names = [name for name, _ in events]
    assert names.count("retry") == 1
    assert names.count("delta") > 5  # every delta was checked against the one index
    assert names[-1] == "done"
    assert len(built) == 1


async def test_the_built_in_engine_serves_both_routes_alike(
    client: httpx2.AsyncClient, app: Any
) -> None:
    amina = await seeker(client, app, "one-pipeline-builtin@example.com")
    for path, body in ((LETTER, {"tone": "concise", "language": "sw"}), (CV, {"language": "sw"})):
        request = {"job_id": amina.job_id, **body}
        by_json, by_stream, json_rows, stream_rows = await _both_routes(
            client, app, amina, path, request
        )
        assert by_stream["markdown"] == by_json["markdown"]
        assert by_stream["provider_used"] == by_json["provider_used"] == "builtin"
        assert by_stream["language"] == by_json["language"] == "sw"
        assert json_rows == stream_rows == []
