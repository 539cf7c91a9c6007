"""A streamed letter sends only checked text: read event by event, as a browser reads it."""

from typing import Any

import httpx2

from tests.documents.api.support import LETTER, laid_out, openai_for, read_stream, seeker
from tests.documents.api.test_docs_faithfulness import CLEAN_OPENING, CLEAN_PROSE
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply

INVENTED = "PhD in Computer Science from MIT"
INVENTED_PROSE = {
    **CLEAN_PROSE,
    "proofs": [
        {"requirement": 0, "text": f"I hold a {INVENTED}, which taught me rigour."},
        CLEAN_PROSE["proofs"][1],
    ],
}


async def _read_events(client: httpx2.AsyncClient, headers: dict[str, str], job_id: int) -> Any:
    return await read_stream(client, LETTER, {"job_id": job_id}, headers)


def _deltas(events: list[tuple[str, Any]]) -> list[str]:
    return [data["text"] for name, data in events if name == "delta"]


async def test_an_invented_degree_never_reaches_the_client_and_is_not_stored(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-phd@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    fake_fleet.fakes.openai.script(Reply(parsed=INVENTED_PROSE), Reply(parsed=INVENTED_PROSE))
    events = await _read_events(client, amina.headers, amina.job_id)
    deltas = _deltas(events)
    # The layout and the opening, before the claim, passed the checks and were shown.
    assert "".join(deltas).startswith("Amina Wanjiku Otieno\n")
    assert "".join(deltas).endswith(f"{CLEAN_OPENING}\n\n")
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
    fake_fleet.fakes.openai.script(Reply(parsed=INVENTED_PROSE), Reply(parsed=CLEAN_PROSE))
    events = await _read_events(client, amina.headers, amina.job_id)
    names = [name for name, _ in events]
    retry_at = names.index("retry")
    assert all(INVENTED not in text for text in _deltas(events))
    # After the retry event the client shows the new draft only: the clean letter.
    clean = laid_out(CLEAN_PROSE)
    assert "".join(_deltas(events[retry_at:])) == clean
    assert names[-2:] == ["report", "done"]
    stored = await client.get(f"/api/v1/documents/{events[-1][1]['id']}", headers=amina.headers)
    markdown = stored.json()["data"]["markdown"]
    assert markdown == clean
    assert "PhD" not in markdown


async def test_prose_written_out_of_order_is_reset_to_the_checked_letter(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina = await seeker(client, app, "stream-unordered@example.com")
    await openai_for(app, fake_fleet, "cover_letter")
    unordered = {"closing": CLEAN_PROSE["closing"], **CLEAN_PROSE}  # the closing first
    fake_fleet.fakes.openai.script(Reply(parsed=unordered))
    events = await _read_events(client, amina.headers, amina.job_id)
    names = [name for name, _ in events]
    reset_at = names.index("reset")
    clean = laid_out(CLEAN_PROSE)
    assert not clean.startswith("".join(_deltas(events[:reset_at])))
    assert "".join(_deltas(events[reset_at:])) == clean
    stored = await client.get(f"/api/v1/documents/{events[-1][1]['id']}", headers=amina.headers)
    assert stored.json()["data"]["markdown"] == clean
