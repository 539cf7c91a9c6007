"""Every document route that uses a model goes through the router and leaves usage rows."""

from collections import Counter
from typing import Any

import httpx2

from tests.documents.api.support import (
    CV,
    LETTER,
    SSE,
    VALIDATE,
    Seeker,
    openai_for,
    parse_events,
    seeker,
    usage_rows,
)
from tests.documents.api.test_docs_faithfulness import (
    CLEAN_LETTER,
    CLEAN_PROSE,
    FABRICATED_PLAN,
)
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply

REMARKS = ["Mention the IFRS work first.", "Shorten the summary."]


async def _call_every_model_route(
    client: httpx2.AsyncClient, amina: Seeker
) -> tuple[httpx2.Response, httpx2.Response]:
    """CV and letter as JSON and as streams, and both validations; the validations' answers."""
    job = {"job_id": amina.job_id}
    cv = await client.post(CV, json=job, headers=amina.headers)
    letter = await client.post(LETTER, json=job, headers=amina.headers)
    assert [cv.status_code, letter.status_code] == [201, 201], letter.text
    document_id = cv.json()["data"]["id"]
    stored = await client.post(f"/api/v1/documents/{document_id}/validate", headers=amina.headers)
    supplied = await client.post(
        VALIDATE, json={"document": CLEAN_LETTER, "kind": "cover_letter"}, headers=amina.headers
    )
    streamed = [
        parse_events((await client.post(path, json=job, headers={**amina.headers, **SSE})).text)
        for path in (CV, LETTER)
    ]
    assert [events[-1][0] for events in streamed] == ["done", "done"]
    return stored, supplied


async def test_each_task_type_leaves_usage_rows(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "usage-docs@example.com")
    await openai_for(app, fake_fleet, "cv_draft", "cover_letter", "validation")
    fake_fleet.fakes.openai.script(
        Reply(parsed=FABRICATED_PLAN, input_tokens=900, output_tokens=300),
        Reply(parsed=CLEAN_PROSE),
        Reply(parsed={"remarks": REMARKS}),
        Reply(parsed={"remarks": ["Add a phone number."]}),
        Reply(parsed=FABRICATED_PLAN),
        Reply(parsed=CLEAN_PROSE),
    )
    stored, supplied = await _call_every_model_route(client, amina)
    judged = stored.json()["data"]
    assert (judged["judge"], judged["provider_used"]) == ("done", "openai-docs")
    assert judged["report"]["advisory"] == REMARKS
    assert judged["report"]["ok"] is True
    assert supplied.json()["data"]["report"]["advisory"] == ["Add a phone number."]
    judge_request = fake_fleet.fakes.openai.requests[2].body
    assert judge_request["response_format"]["json_schema"]["name"] == "review"

    rows = await usage_rows(app)
    assert Counter(row.task_type for row in rows) == {
        "cv_draft": 2,
        "cover_letter": 2,
        "validation": 2,
    }
    assert {(row.status, row.provider_name, row.user_id, row.tier) for row in rows} == {
        ("success", "openai-docs", amina.user_id, "free")
    }
    first = rows[0]
    assert (first.task_type, first.input_tokens, first.output_tokens) == ("cv_draft", 900, 300)


async def test_failed_judge_still_answers_with_the_code_report(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "judge-down@example.com")
    await openai_for(app, fake_fleet, "validation")
    fake_fleet.fakes.openai.script(Reply(status=401, error_message="invalid key"))
    answer = await client.post(
        VALIDATE, json={"document": "I hold a PhD in Economics."}, headers=amina.headers
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert (data["judge"], data["provider_used"]) == ("unavailable", "builtin")
    assert [(i["kind"], i["text"]) for i in data["report"]["issues"]] == [
        ("unknown_degree", "PhD in Economics")
    ]
    assert data["report"]["advisory"] == []
    (row,) = await usage_rows(app)
    assert (row.task_type, row.status) == ("validation", "error")


async def test_judge_remarks_are_plain_capped_text_labelled_as_the_models(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "judge-markup@example.com")
    await openai_for(app, fake_fleet, "validation")
    steered = "Mention your PhD from MIT more prominently <script>alert(2)</script>"
    fake_fleet.fakes.openai.script(
        Reply(
            parsed={"remarks": [steered, "See [the guide](https://x.example) **now**", "y" * 900]}
        )
    )
    body = {"document": CLEAN_LETTER, "kind": "cover_letter"}
    answer = await client.post(VALIDATE, json=body, headers=amina.headers)
    data = answer.json()["data"]
    assert data["advisory_source"] == "model"
    assert data["report"]["advisory"] == [
        "Mention your PhD from MIT more prominently",
        "See the guide now",
        "y" * 400,
    ]
