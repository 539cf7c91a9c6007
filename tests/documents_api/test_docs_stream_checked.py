"""A streamed letter sends only checked text: read event by event, as a browser reads it."""

import json
from typing import Any

import httpx2

from tests.documents_api.support import LETTER, SSE, openai_for, seeker
from tests.documents_api.test_docs_faithfulness import CLEAN_LETTER
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply

INVENTED = "PhD in Computer Science from MIT"
INVENTED_LETTER = (
    "Dear Hiring Manager,\n\nI am applying for the Finance Officer position at Equity Bank.\n\n"
    f"I hold a {INVENTED}, which taught me rigour.\n\n"
    "Yours sincerely,\n\nAmina Wanjiku Otieno\n"
)


async def _read_events(client: httpx2.AsyncClient, headers: dict[str, str], job_id: int) -> Any:
    """Each (event, data) pair as the client receives it, line by line."""
    events: list[tuple[str, Any]] = []
    name = None
    async with client.stream(
        "POST", LETTER, json={"job_id": job_id}, headers={**headers, **SSE}
    ) as answer:
        assert answer.status_code == 200
        async for line in answer.aiter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name, json.loads(line.removeprefix("data: "))))
    return events


def _deltas(events: list[tuple[str, Any]]) -> list[str]:
    return [data["text"] for name, data in events if name == "delta"]


async def test_an_invented_degree_never_reaches_the_client_and_is_not_stored(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-phd@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(text=INVENTED_LETTER), Reply(text=INVENTED_LETTER))
    events = await _read_events(client, amina.headers, amina.job_id)
    deltas = _deltas(events)
    # The two paragraphs before the claim passed the checks and were shown.
    assert "".join(deltas).startswith("Dear Hiring Manager,\n\nI am applying")
    assert all("PhD" not in text and "MIT" not in text for text in deltas)
    assert [name for name, _ in events].count("retry") == 1
    assert events[-1][0] == "error"
    assert events[-1][1]["code"] == "unsupported_claims"
    listed = await client.get("/api/v1/documents", headers=amina.headers)
    assert listed.json()["data"]["total"] == 0


async def test_a_redraft_is_announced_and_only_the_clean_letter_is_stored(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-phd-redraft@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(text=INVENTED_LETTER), Reply(text=CLEAN_LETTER))
    events = await _read_events(client, amina.headers, amina.job_id)
    names = [name for name, _ in events]
    retry_at = names.index("retry")
    assert all(INVENTED not in text for text in _deltas(events))
    # After the retry event the client shows the new draft only: the clean letter.
    assert "".join(_deltas(events[retry_at:])) == CLEAN_LETTER
    assert names[-2:] == ["report", "done"]
    stored = await client.get(f"/api/v1/documents/{events[-1][1]['id']}", headers=amina.headers)
    markdown = stored.json()["data"]["markdown"]
    assert markdown == CLEAN_LETTER
    assert "PhD" not in markdown


async def test_a_fenced_letter_is_reset_to_the_checked_text(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-fenced@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(text=f"```markdown\n{CLEAN_LETTER}```"))
    events = await _read_events(client, amina.headers, amina.job_id)
    names = [name for name, _ in events]
    reset_at = names.index("reset")
    assert "".join(_deltas(events[:reset_at])).startswith("```markdown\n")
    assert "".join(_deltas(events[reset_at:])) == CLEAN_LETTER
    stored = await client.get(f"/api/v1/documents/{events[-1][1]['id']}", headers=amina.headers)
    assert stored.json()["data"]["markdown"] == CLEAN_LETTER
