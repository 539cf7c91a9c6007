"""What intake refuses, and how: stable codes, clear messages, nothing internal."""

import base64
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest

from kazi.jobs.fetcher import FetchError, FetchErrorCode
from kazi.jobs.images import MAX_IMAGE_BYTES
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.helpers import new_user
from tests.jobs.api.conftest import PageServer, extraction_provider
from tests.jobs.api.images import GIF_START, tiny_png

EXTRACT = "/api/v1/jobs/extract"
PASTED = """Data Analyst
Company: Twiga Foods
Location: Nairobi, Kenya
We are hiring a data analyst to build dashboards and weekly reports for our logistics
team across East Africa, working with operations and finance.
Requirements:
- SQL
- Python
"""


def _error(answer: httpx2.Response, status: int, code: str) -> str:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    return message


async def test_listing_page_is_not_a_posting(client: httpx2.AsyncClient, pages: PageServer) -> None:
    _, headers = await new_user(client, "listing@example.com")
    answer = await client.post(EXTRACT, json={"url": pages.url("listing")}, headers=headers)
    message = _error(answer, 422, "not_a_posting")
    assert "lists several jobs (listing)" in message
    assert (await client.get("/api/v1/jobs", headers=headers)).json()["data"]["total"] == 0


async def test_private_address_is_blocked_without_details(
    client: httpx2.AsyncClient, app: Any, page_server_session: PageServer
) -> None:
    _, headers = await new_user(client, "ssrf@example.com")
    url = page_server_session.url("no-structured")
    app.state.settings.fetch_allowed_ports = [urlsplit(url).port]  # the address is refused
    answer = await client.post(EXTRACT, json={"url": url}, headers=headers)
    message = _error(answer, 422, "blocked_address")
    assert message == "That link points to an address Kazi does not fetch."
    assert "127.0.0.1" not in answer.text
    assert "loopback" not in answer.text.lower()
    assert page_server_session.count("no-structured") == 0


async def test_only_ports_80_and_443_unless_a_setting_lists_others(
    client: httpx2.AsyncClient, app: Any, page_server_session: PageServer
) -> None:
    _, headers = await new_user(client, "ports@example.com")
    for url in ("http://jobs.example:8080/1", "https://jobs.example:22/1"):
        answer = await client.post(EXTRACT, json={"url": url}, headers=headers)
        message = _error(answer, 422, "blocked_port")
        assert message == "That link names a port Kazi does not fetch from."
    # A port the setting lists is fetched (here a local server, private addresses allowed).
    url = page_server_session.url("no-structured")
    answer = await client.post(EXTRACT, json={"url": url}, headers=headers)
    _error(answer, 422, "blocked_port")
    fetched_before = page_server_session.count("no-structured")
    app.state.settings.fetch_allow_private = True
    app.state.settings.fetch_allowed_ports = [80, 443, urlsplit(url).port]
    answer = await client.post(EXTRACT, json={"url": url}, headers=headers)
    assert answer.status_code != 422 or "blocked" not in answer.json()["error"]["code"]
    assert page_server_session.count("no-structured") == fetched_before + 1


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("ftp://jobs.example/1", 422, "bad_url"),
        ("http://user:pw@jobs.example/1", 422, "bad_url"),
        ("/jobs/missing-page", 502, "http_error"),
    ],
)
async def test_fetch_failures_map_to_their_codes(
    client: httpx2.AsyncClient, pages: PageServer, url: str, status: int, code: str
) -> None:
    _, headers = await new_user(client, "fetch@example.com")
    target = pages.origin + url if url.startswith("/") else url
    answer = await client.post(EXTRACT, json={"url": target}, headers=headers)
    message = _error(answer, status, code)
    assert message == FetchError(FetchErrorCode(code)).public_message
    assert "Traceback" not in answer.text
    assert "user:pw" not in answer.text


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"image_base64": base64.b64encode(GIF_START).decode()}, 415, "unsupported_image"),
        (
            {"image_base64": base64.b64encode(b"%PDF-1.7 not an image").decode()},
            415,
            "unsupported_image",
        ),
        ({"image_base64": "this is not base64!"}, 422, "invalid_input"),
        ({"image_base64": ""}, 422, "invalid_input"),
        (
            {"image_base64": base64.b64encode(tiny_png() + bytes(MAX_IMAGE_BYTES)).decode()},
            413,
            "image_too_large",
        ),
    ],
    ids=["gif", "pdf", "not-base64", "empty", "too-large"],
)
async def test_bad_images_are_refused(
    client: httpx2.AsyncClient, body: dict[str, str], status: int, code: str
) -> None:
    _, headers = await new_user(client, "image@example.com")
    _error(await client.post(EXTRACT, json=body, headers=headers), status, code)


async def test_uploaded_file_is_judged_by_its_bytes(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "upload@example.com")
    files = {"file": ("screenshot.png", b"<html>not an image</html>", "image/png")}
    answer = await client.post(EXTRACT, files=files, headers=headers)
    message = _error(answer, 415, "unsupported_image")
    assert message == "The screenshot must be a PNG, JPEG or WebP image."


async def test_screenshot_without_provider_needs_one(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "noai@example.com")
    files = {"file": ("posting.png", tiny_png(), "image/png")}
    answer = await client.post(EXTRACT, files=files, headers=headers)
    message = _error(answer, 422, "needs_ai_provider")
    assert "screenshot needs an AI provider" in message


async def test_pasted_text_that_is_no_job_ad_is_not_a_posting_without_provider(
    client: httpx2.AsyncClient,
) -> None:
    _, headers = await new_user(client, "shorttext@example.com")
    answer = await client.post(EXTRACT, json={"text": "call me maybe"}, headers=headers)
    message = _error(answer, 422, "not_a_posting")
    assert "not_a_job" in message


async def test_pasted_job_ad_without_a_title_needs_a_provider(
    client: httpx2.AsyncClient,
) -> None:
    _, headers = await new_user(client, "notitle@example.com")
    text = "Send your CV to jobs@duka.example before 12/01/2027, salary Ksh 20,000."
    answer = await client.post(EXTRACT, json={"text": text}, headers=headers)
    message = _error(answer, 422, "needs_ai_provider")
    assert "job title" in message


async def test_pasted_several_roles_are_listed_for_the_user(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "roles@example.com")
    text = (
        "VACANCIES at Mwangaza Transporters\n1. Driver (3 posts)\n2. Store Clerk (1 post)\n"
        "3. Security Guard (2 posts)\nSend applications to jobs@mwangaza.example"
    )
    answer = await client.post(EXTRACT, json={"text": text}, headers=headers)
    message = _error(answer, 422, "several_postings")
    assert "Driver; Store Clerk; Security Guard" in message
    error = answer.json()["error"]
    assert error["roles"] == ["Driver", "Store Clerk", "Security Guard"]
    assert error["request_id"] == answer.headers["x-request-id"]
    seed = await client.post("/api/v1/job-extractor/extract", json={"text": text}, headers=headers)
    assert seed.status_code == 422
    assert seed.json()["error"]["roles"] == error["roles"]


async def test_pasted_text_with_builtin_engine(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "pasted@example.com")
    answer = await client.post(
        "/api/v1/job-extractor/extract", json={"text": PASTED}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert data["provider_used"] == "builtin"
    extracted = data["extracted_data"]
    assert (extracted["title"], extracted["company"], extracted["location"]) == (
        "Data Analyst",
        "Twiga Foods",
        "Nairobi, Kenya",
    )
    assert extracted["requirements"] == ["SQL", "Python"]
    saved = await client.get(f"/api/v1/jobs/{data['job_id']}", headers=headers)
    assert saved.json()["data"]["source_url"] is None


async def test_pasted_text_with_a_provider(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    _, headers = await new_user(client, "pastedai@example.com")
    await extraction_provider(app, fake_fleet)
    fake_fleet.fakes.openai.script(
        Reply(parsed={"is_job_posting": True, "title": "Ignored", "employment_type": "FULL_TIME"})
    )
    answer = await client.post(EXTRACT, json={"text": PASTED}, headers=headers)
    assert answer.status_code == 200, answer.text
    job = answer.json()["data"]["job"]
    assert (job["title"], job["employment_type"]) == ("Data Analyst", "FULL_TIME")
    assert (job["provenance"]["title"], job["provenance"]["employment_type"]) == (
        "heuristic",
        "llm",
    )
    user_message = fake_fleet.fakes.openai.last_request.body["messages"][1]["content"]
    assert f"<job_posting>\n{PASTED}\n</job_posting>" in user_message


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"url": "https://jobs.example/1", "text": "Accountant"},
        {"text": "   "},
        {"text": "Accountant", "colour": "blue"},
        {"url": 42},
        ["https://jobs.example/1"],
    ],
    ids=["none", "two", "blank", "unknown-field", "wrong-type", "not-an-object"],
)
async def test_requests_need_exactly_one_source(client: httpx2.AsyncClient, body: Any) -> None:
    _, headers = await new_user(client, "sources@example.com")
    _error(await client.post(EXTRACT, json=body, headers=headers), 422, "invalid_input")


async def test_body_that_is_not_json(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "notjson@example.com")
    headers = {**headers, "content-type": "application/json"}
    answer = await client.post(EXTRACT, content=b"{not json", headers=headers)
    message = _error(answer, 422, "invalid_input")
    assert message == "The body is not valid JSON."
