"""Adding jobs through the pages: by link, by pasted text, by screenshot, and the
guidance shown when Kazi cannot read what it was given."""

import re
from typing import Any

from tests.app.conftest import POSTING_TEXT, Visitor, allow_fetching_from

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
)


async def add(seeker: Visitor, data: dict[str, str], files: Any = None) -> Any:
    await seeker.page("/jobs/new")
    return await seeker.post("/jobs/new", data, files=files)


async def test_pasted_text_becomes_a_job_with_its_sources(seeker: Visitor) -> None:
    answer = await add(seeker, {"text": POSTING_TEXT})
    assert answer.status_code == 303, answer.text
    job_path = answer.headers["location"].split("?")[0]
    assert re.fullmatch(r"/jobs/\d+", job_path)
    page = await seeker.page(job_path)
    assert "<h1>Accounts Assistant</h1>" in page.text
    row = re.search(r'<tr id="field-company">(.*?)</tr>', page.text, re.S)
    assert row is not None
    assert "Mavuno Traders Ltd" in row.group(1)
    assert "the built-in reader" in row.group(1)
    assert "With an AI provider set up, more fields would be filled in." in page.text
    listing = await seeker.page("/jobs")
    assert f'href="{job_path}"' in listing.text


async def test_a_link_on_a_job_board(app: Any, seeker: Visitor, posting_origin: str) -> None:
    allow_fetching_from(app.state.settings, posting_origin)
    answer = await add(seeker, {"url": f"{posting_origin}/jobs/sales-officer"})
    assert answer.status_code == 303, answer.text
    page = await seeker.page(answer.headers["location"].split("?")[0])
    row = re.search(r'<tr id="field-closing_date">(.*?)</tr>', page.text, re.S)
    assert row is not None
    assert "2030-01-15" in row.group(1)
    assert "the page's structured data" in row.group(1)


async def test_a_screenshot_without_a_provider_gets_plain_guidance(seeker: Visitor) -> None:
    shot = {"file": ("posting.png", PNG, "image/png")}
    answer = await add(seeker, {}, files=shot)
    assert answer.status_code == 422
    assert "no AI provider is set up to help" in answer.text
    assert 'id="guidance"' in answer.text


async def test_not_a_posting_and_nothing_sent(
    app: Any, seeker: Visitor, posting_origin: str
) -> None:
    allow_fetching_from(app.state.settings, posting_origin)
    answer = await add(seeker, {"url": f"{posting_origin}/jobs/closed"})
    assert answer.status_code == 422
    assert "This does not look like one job posting." in answer.text
    greeting = await add(seeker, {"text": "Hello"})
    assert greeting.status_code == 422
    assert "This does not look like one job posting." in greeting.text
    empty = await add(seeker, {"text": "  "})
    assert empty.status_code == 422
    assert "Give a link, paste the text or choose a screenshot." in empty.text


async def test_deleting_a_job(seeker: Visitor) -> None:
    job_path = (await add(seeker, {"text": POSTING_TEXT})).headers["location"].split("?")[0]
    await seeker.page(job_path)
    assert (await seeker.post(f"{job_path}/delete")).status_code == 303
    assert (await seeker.client.get(job_path)).status_code == 404


async def test_the_pages_count_against_the_ai_rate_limit(app: Any, seeker: Visitor) -> None:
    app.state.settings.rate_limits_enabled = True
    app.state.settings.rate_limit_ai_free = 1
    try:
        first = await add(seeker, {"text": POSTING_TEXT})
        second = await add(seeker, {"text": POSTING_TEXT})
    finally:
        app.state.settings.rate_limits_enabled = False
    assert first.status_code == 303
    assert second.status_code == 429
    assert "Try again in" in second.text
    assert int(second.headers["retry-after"]) >= 1


async def test_correcting_a_field_marks_it_as_yours(seeker: Visitor) -> None:
    job_path = (await add(seeker, {"text": POSTING_TEXT})).headers["location"].split("?")[0]
    await seeker.page(job_path)
    fixed = await seeker.post(f"{job_path}/correct", {"field": "location", "value": "Naivasha"})
    assert fixed.headers["location"] == f"{job_path}?notice=saved#field-location"
    page = await seeker.page(job_path)
    row = re.search(r'<tr id="field-location">(.*?)</tr>', page.text, re.S)
    assert row is not None
    assert "Naivasha" in row.group(1)
    assert "your correction" in row.group(1)
    wrong = await seeker.post(f"{job_path}/correct", {"field": "closing_date", "value": "soon"})
    assert wrong.headers["location"] == f"{job_path}?notice=invalid_field#correct"
    unknown = await seeker.post(f"{job_path}/correct", {"field": "user_id", "value": "1"})
    assert unknown.status_code == 404
