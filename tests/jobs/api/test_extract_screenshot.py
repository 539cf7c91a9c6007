"""Screenshots reach every vendor in its own wire format and come back as a saved job."""

import base64
from typing import Any

import httpx2
import pytest

from kazi.jobs.llm_extract import SYSTEM_PROMPT
from kazi.llm.registry import ProviderType
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import FakeVendor, RecordedRequest, Reply
from tests.helpers import new_user
from tests.jobs.api.conftest import extraction_provider
from tests.jobs.api.images import tiny_png

EXTRACT = "/api/v1/jobs/extract"
PNG = tiny_png()
PNG_B64 = base64.b64encode(PNG).decode("ascii")
ANSWER = {
    "is_job_posting": True,
    "title": "Shop Attendant",
    "company": "Duka Bora Supermarket",
    "location": "Eldoret, Kenya",
    "employment_type": "FULL_TIME",
    "closing_date": "2026-12-01",
    "requirements": ["KCSE certificate", "Customer care skills"],
}


def _fake(fleet: LiveFleet, provider_type: ProviderType) -> FakeVendor:
    return {
        ProviderType.OPENAI: fleet.fakes.openai,
        ProviderType.CLAUDE: fleet.fakes.anthropic,
        ProviderType.GEMINI: fleet.fakes.gemini,
        ProviderType.OPENAI_COMPATIBLE: fleet.fakes.compatible,
    }[provider_type]


def _sent_image(provider_type: ProviderType, request: RecordedRequest) -> tuple[str, bytes]:
    """The image's MIME type and bytes as the request carried them, read the vendor's way."""
    body = request.body
    if provider_type is ProviderType.CLAUDE:
        assert body["system"] in (SYSTEM_PROMPT, [{"type": "text", "text": SYSTEM_PROMPT}])
        [block] = [b for b in body["messages"][0]["content"] if b["type"] == "image"]
        assert block["source"]["type"] == "base64"
        return block["source"]["media_type"], base64.b64decode(block["source"]["data"])
    if provider_type is ProviderType.GEMINI:
        assert body["systemInstruction"]["parts"][0]["text"] == SYSTEM_PROMPT
        inline = body["contents"][0]["parts"][1]["inlineData"]
        # Protobuf JSON accepts either spelling; the google-genai SDK sends mime_type.
        mime_type = inline.get("mimeType") or inline["mime_type"]
        return mime_type, base64.urlsafe_b64decode(inline["data"])
    assert body["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
    part = body["messages"][1]["content"][1]
    assert part["type"] == "image_url"
    prefix, _, data = part["image_url"]["url"].partition(",")
    assert prefix == "data:image/png;base64"
    return "image/png", base64.b64decode(data)


@pytest.mark.parametrize("provider_type", list(ProviderType), ids=lambda t: t.value)
async def test_screenshot_reaches_each_vendor(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet, provider_type: ProviderType
) -> None:
    _, headers = await new_user(client, "shot@example.com")
    await extraction_provider(app, fake_fleet, provider_type)
    vendor = _fake(fake_fleet, provider_type)
    vendor.script(Reply(parsed=ANSWER))
    # The declared name and type are wrong on purpose: the bytes decide.
    files = {"file": ("posting.jpg", PNG, "image/jpeg")}
    answer = await client.post(EXTRACT, files=files, headers=headers)
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert data["provider_used"] == f"{provider_type.value}-extractor"
    job = data["job"]
    assert (job["title"], job["company"], job["closing_date"]) == (
        "Shop Attendant",
        "Duka Bora Supermarket",
        "2026-12-01",
    )
    assert job["source_url"] is None
    assert set(job["provenance"].values()) == {"llm"}
    assert len(vendor.requests) == 1
    assert _sent_image(provider_type, vendor.last_request) == ("image/png", PNG)


async def test_screenshot_as_base64_data_url(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    _, headers = await new_user(client, "b64@example.com")
    await extraction_provider(app, fake_fleet)
    fake_fleet.fakes.openai.script(Reply(parsed=ANSWER))
    body = {"image_base64": f"data:image/gif;base64,{PNG_B64}"}
    answer = await client.post("/api/v1/job-extractor/extract", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["extracted_data"]["title"] == "Shop Attendant"
    assert _sent_image(ProviderType.OPENAI, fake_fleet.fakes.openai.last_request) == (
        "image/png",
        PNG,
    )


async def test_screenshot_that_is_not_a_posting(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    _, headers = await new_user(client, "cat@example.com")
    await extraction_provider(app, fake_fleet)
    fake_fleet.fakes.openai.script(Reply(parsed={"is_job_posting": False}))
    answer = await client.post(EXTRACT, json={"image_base64": PNG_B64}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "not_a_posting"
    assert (await client.get("/api/v1/jobs", headers=headers)).json()["data"]["total"] == 0
