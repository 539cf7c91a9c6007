"""Starting the profile from an uploaded CV: a draft, then only the kept sections saved."""

import json
import re
from typing import Any

import pytest

from tests.app.conftest import Visitor
from tests.app.cv_files import cv_docx, cv_pdf
from tests.app.test_app_profile import stored_profile
from tests.documents.api.support import openai_for
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def posted_form(html: str) -> dict[str, str]:
    """The draft form's fields as a browser would post them, every box ticked."""
    fields = dict(re.findall(r'<input id="[^"]*" name="([^"]+)" value="([^"]*)"', html))
    fields |= dict(re.findall(r'name="([^"]+)" rows="3">([^<]*)</textarea>', html))
    fields |= dict(re.findall(r'<input type="hidden" name="([^"]+-count)" value="(\d+)"', html))
    return fields


@pytest.mark.parametrize(("name", "make", "media"), [
    ("cv.docx", cv_docx, DOCX), ("cv.pdf", cv_pdf, "application/pdf"),
])  # fmt: skip
async def test_a_cv_becomes_a_draft_and_the_kept_sections_are_saved(
    app: Any, seeker: Visitor, name: str, make: Any, media: str
) -> None:
    await seeker.page("/profile/upload")
    draft = await seeker.post("/profile/upload", {}, files={"file": (name, make(), media)})
    assert draft.status_code == 200, draft.text
    assert 'id="draft-note"' in draft.text
    assert 'value="NAI/778899"' in draft.text
    assert 'value="Lakeside Traders Ltd"' in draft.text
    assert (await stored_profile(app, "wanjiru@example.com")).work == []  # nothing saved yet
    kept = ["basics", "work", "education", "certificates", "skills", "languages"]
    fields = posted_form(draft.text)
    answer = await seeker.client.post(
        "/profile/confirm",
        data={**fields, "csrf_token": seeker.csrf, "keep": kept},
    )
    assert answer.status_code == 303, answer.text
    profile = await stored_profile(app, "wanjiru@example.com")
    assert profile.basics.name == "Achieng Otieno"
    assert [w.name for w in profile.work] == ["Lakeside Traders Ltd", "Nyanza Hardware"]
    assert profile.certificates[0].number == "NAI/778899"
    assert profile.references == []  # not kept


async def test_a_file_that_is_not_a_cv(seeker: Visitor) -> None:
    await seeker.page("/profile/upload")
    answer = await seeker.post(
        "/profile/upload", {}, files={"file": ("cv.txt", b"hello", "text/plain")}
    )
    assert answer.status_code == 422
    assert "PDF or a Word (.docx) file" in answer.text
    broken = await seeker.post(
        "/profile/upload", {}, files={"file": ("cv.pdf", b"%PDF-1.4 broken", "application/pdf")}
    )
    assert broken.status_code == 422


MODEL_PROFILE = {
    "basics": {"name": "Achieng Otieno", "email": "achieng@example.com"},
    "work": [{"name": "Kisumu Water Company", "position": "Storekeeper", "startDate": "2020-01"}],
}


async def test_with_a_provider_the_model_reads_the_cv(
    app: Any, seeker: Visitor, fake_fleet: LiveFleet
) -> None:
    await openai_for(app, fake_fleet, "extraction")
    fake_fleet.fakes.openai.script(Reply(parsed=MODEL_PROFILE))
    await seeker.page("/profile/upload")
    draft = await seeker.post("/profile/upload", {}, files={"file": ("cv.docx", cv_docx(), DOCX)})
    assert draft.status_code == 200, draft.text
    assert 'value="Kisumu Water Company"' in draft.text  # the model's reading, not the reader's
    assert 'value="Lakeside Traders Ltd"' not in draft.text
    sent = json.dumps(fake_fleet.fakes.openai.requests[0].body)
    assert "Lakeside Traders Ltd" in sent  # the CV's text went to the model


async def test_a_model_answer_that_is_no_profile_falls_back_to_the_reader(
    app: Any, seeker: Visitor, fake_fleet: LiveFleet
) -> None:
    await openai_for(app, fake_fleet, "extraction")
    fake_fleet.fakes.openai.script(Reply(parsed={"work": "not a list"}))
    await seeker.page("/profile/upload")
    draft = await seeker.post("/profile/upload", {}, files={"file": ("cv.docx", cv_docx(), DOCX)})
    assert draft.status_code == 200, draft.text
    assert 'value="Lakeside Traders Ltd"' in draft.text
