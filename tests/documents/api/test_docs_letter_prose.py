"""On the provider path the model writes the letter's prose within a JSON schema; code
lays it out as a Kenyan formal letter and grounds it (redraft once, then refuse)."""

from datetime import date
from typing import Any

import httpx2

from kazi.documents.builtin.letter_layout import letter_date
from kazi.documents.builtin.letter_templates import LetterLanguage
from kazi.documents.prose import LetterProse
from tests.documents.api.support import (
    LETTER,
    openai_for,
    read_stream,
    seeker,
    usage_rows,
)
from tests.documents.api.test_docs_faithfulness import CLEAN_PROSE, FLAGGED_PROOF, FLAGGED_PROSE
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply


def _paragraphs(prose: dict[str, Any]) -> list[str]:
    return [prose["opening"], *(p["text"] for p in prose["proofs"]), prose["closing"]]


async def test_the_model_is_asked_for_prose_within_a_schema_and_code_lays_it_out(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "prose-layout@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(parsed=CLEAN_PROSE))
    answer = await client.post(LETTER, json={"job_id": amina.job_id}, headers=amina.headers)
    assert answer.status_code == 201, answer.text
    body = fake_fleet.fakes.openai.last_request.body
    asked = body["response_format"]["json_schema"]
    assert asked["name"] == "cover_letter_prose"
    assert asked["schema"] == LetterProse.model_json_schema()
    assert '"index": 0' in body["messages"][1]["content"]  # proofs cite requirements by index
    blocks = answer.json()["data"]["markdown"].removesuffix("\n").split("\n\n")
    assert blocks == [
        "Amina Wanjiku Otieno\nNairobi\namina.otieno@example.co.ke\n+254 712 345 678",
        letter_date(date.today(), LetterLanguage.ENGLISH),
        "The Hiring Manager\nEquity Bank\nNairobi",
        "Dear Sir/Madam,",
        "**RE: APPLICATION FOR THE POSITION OF FINANCE OFFICER**",
        *_paragraphs(CLEAN_PROSE),
        "Yours faithfully,",
        "Amina Wanjiku Otieno",
    ]


async def test_an_invented_claim_in_one_paragraph_causes_a_redraft(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "prose-redraft@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(parsed=FLAGGED_PROSE), Reply(parsed=CLEAN_PROSE))
    events = await read_stream(client, LETTER, {"job_id": amina.job_id}, amina.headers)
    names = [name for name, _ in events]
    assert names.count("retry") == 1
    shown = [data["text"] for name, data in events if name == "delta"]
    assert FLAGGED_PROOF + "\n\n" not in shown
    assert CLEAN_PROSE["opening"] + "\n\n" in shown[: names.index("retry")]  # checked, sent
    first, second = fake_fleet.fakes.openai.requests
    assert "previous draft" not in first.body["messages"][1]["content"]
    assert '"Globex Corporation" (unknown employer)' in second.body["messages"][1]["content"]
    assert second.body["response_format"]["json_schema"]["name"] == "cover_letter_prose"
    stored = await client.get(f"/api/v1/documents/{events[-1][1]['id']}", headers=amina.headers)
    markdown = stored.json()["data"]["markdown"]
    assert all(paragraph in markdown for paragraph in _paragraphs(CLEAN_PROSE))
    assert "Globex" not in markdown


async def test_prose_outside_the_schema_is_an_unusable_answer(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "prose-unusable@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    letter_as_prose = {"opening": "Dear Sir/Madam, I am applying.", "proofs": []}
    fake_fleet.fakes.openai.script(Reply(parsed=letter_as_prose), Reply(parsed=letter_as_prose))
    answer = await client.post(LETTER, json={"job_id": amina.job_id}, headers=amina.headers)
    assert answer.status_code == 502
    assert answer.json()["error"]["code"] == "ai_unusable_answer"
    events = await read_stream(client, LETTER, {"job_id": amina.job_id}, amina.headers)
    assert events[-1] == (
        "error",
        {"code": "ai_unusable_answer", "message": events[-1][1]["message"]},
    )
    listed = await client.get("/api/v1/documents", headers=amina.headers)
    assert listed.json()["data"]["total"] == 0
    rows = await usage_rows(app)
    assert [(row.task_type, row.status) for row in rows] == [("cover_letter", "success")] * 2
