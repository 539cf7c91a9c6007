"""Writing, reading, checking and downloading documents through the app."""

import json
import re
from typing import Any

from tests.app.conftest import POSTING_TEXT, Visitor
from tests.app.test_app_profile import FORM

FABRICATION = "\n\n## Experience\n\n### Chief Executive Officer, Safaricom PLC\n\n2015 – 2020\n"


async def job_with_profile(seeker: Visitor) -> str:
    await seeker.page("/profile")
    assert (await seeker.post("/profile", FORM)).status_code == 303
    await seeker.page("/jobs/new")
    added = await seeker.post("/jobs/new", {"text": POSTING_TEXT})
    return added.headers["location"].split("?")[0]


def events_of(stream: str) -> list[tuple[str, Any]]:
    blocks = [b for b in stream.split("\n\n") if b.strip()]
    found = []
    for block in blocks:
        name = re.search(r"^event: (.+)$", block, re.M)
        data = re.search(r"^data: (.+)$", block, re.M)
        assert name is not None, block
        assert data is not None, block
        found.append((name.group(1), json.loads(data.group(1))))
    return found


async def test_the_cv_is_written_and_shown_with_its_report(seeker: Visitor) -> None:
    job_path = await job_with_profile(seeker)
    await seeker.page(job_path)
    written = await seeker.post(f"{job_path}/cv")
    assert written.status_code == 303, written.text
    page = await seeker.page(written.headers["location"])
    assert "Validation report" in page.text
    assert "Twiga Foods" in page.text
    assert 'id="report-ok"' in page.text


async def test_the_letter_streams_in_as_the_api_streams_it(seeker: Visitor) -> None:
    job_path = await job_with_profile(seeker)
    await seeker.page(job_path)
    answer = await seeker.client.post(
        f"{job_path}/letter",
        data={"csrf_token": seeker.csrf, "tone": "warm", "language": "sw"},
        headers={"Accept": "text/event-stream"},
    )
    assert answer.headers["content-type"].startswith("text/event-stream")
    events = events_of(answer.text)
    names = [name for name, _ in events]
    assert names[0] == "delta", names
    assert names[-2:] == ["report", "done"], names
    text = "".join(data["text"] for name, data in events if name == "delta")
    assert "Mavuno Traders" in text
    page = await seeker.page(f"/documents/{events[-1][1]['id']}")
    assert "Validation report" in page.text


async def test_an_edit_is_checked_and_its_fabrication_highlighted(seeker: Visitor) -> None:
    job_path = await job_with_profile(seeker)
    await seeker.page(job_path)
    document_path = (await seeker.post(f"{job_path}/cv")).headers["location"]
    page = await seeker.page(document_path)
    text = re.search(
        r'<textarea id="edit-text" name="text" rows="14">(.*?)</textarea>', page.text, re.S
    )
    assert text is not None
    edited = text.group(1) + FABRICATION
    checked = await seeker.post(f"{document_path}/check", {"text": edited, "action": "check"})
    assert checked.status_code == 200
    assert 'id="report-flagged"' in checked.text
    assert re.search(r'<mark class="flag">[^<]*Safaricom[^<]*</mark>', checked.text)
    unchanged = await seeker.page(document_path)
    assert "Safaricom" not in unchanged.text  # only the edit was checked
    download = await seeker.post(f"{document_path}/check", {"text": edited, "action": "download"})
    assert download.headers["content-type"].startswith("text/markdown")
    assert "Safaricom" in download.text


async def test_downloads(seeker: Visitor) -> None:
    job_path = await job_with_profile(seeker)
    await seeker.page(job_path)
    document_path = (await seeker.post(f"{job_path}/cv")).headers["location"]
    signatures = {"pdf": b"%PDF", "docx": b"PK", "md": b"# "}
    for fmt, start in signatures.items():
        answer = await seeker.client.get(f"{document_path}/download?format={fmt}")
        assert answer.status_code == 200, fmt
        assert answer.content.startswith(start), (fmt, answer.content[:20])
        assert "attachment" in answer.headers["content-disposition"]
    assert (await seeker.client.get(f"{document_path}/download?format=exe")).status_code == 404
