"""PDF, DOCX and Markdown export of stored documents."""

import io
from typing import Any

import httpx2
from docx import Document
from pypdf import PdfReader

from tests.documents.api.support import CV, LETTER, openai_for, seeker
from tests.documents.api.test_docs_faithfulness import FABRICATED_PLAN
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply

EMPLOYERS = ("KCB Bank Kenya Limited", "Deloitte East Africa")
HEADINGS = ("Summary", "Work Experience", "Education", "Skills", "Certifications", "Referees")


async def _generated_cv(client: httpx2.AsyncClient, app: Any, fleet: LiveFleet) -> Any:
    amina = await seeker(client, app, "export@example.com")
    await openai_for(app, fleet, "cv_draft")
    fleet.fakes.openai.script(Reply(parsed=FABRICATED_PLAN))
    answer = await client.post(CV, json={"job_id": amina.job_id}, headers=amina.headers)
    assert answer.status_code == 201, answer.text
    return amina, answer.json()["data"]


async def test_pdf_export_of_a_generated_cv(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina, cv = await _generated_cv(client, app, fake_fleet)
    answer = await client.get(
        f"/api/v1/documents/{cv['id']}/export?format=pdf", headers=amina.headers
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="cv-finance-officer-at-equity-bank.pdf"'
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Amina Wanjiku Otieno" in text
    for phrase in (*EMPLOYERS, *HEADINGS):
        assert phrase in text, phrase
    assert "Globex" not in text


async def test_docx_export_of_a_generated_cv(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    amina, cv = await _generated_cv(client, app, fake_fleet)
    answer = await client.get(
        f"/api/v1/documents/{cv['id']}/export?format=docx", headers=amina.headers
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert answer.headers["content-disposition"].endswith('equity-bank.docx"')
    document = Document(io.BytesIO(answer.content))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Amina Wanjiku Otieno") in styled
    sections = [text for style, text in styled if style == "Heading 1"]
    assert sections == [
        "Summary",
        "Work Experience",
        "Education",
        "Certifications and Memberships",
        "Skills",
        "Languages",
        "Referees",
    ]
    roles = [text for style, text in styled if style == "Heading 2"]
    assert roles[:2] == [
        "Senior Accountant — KCB Bank Kenya Limited",
        "Audit Associate — Deloitte East Africa",
    ]
    assert document.core_properties.title == "CV - Finance Officer at Equity Bank"


async def test_markdown_export_and_bad_format(client: httpx2.AsyncClient, app: Any) -> None:
    amina = await seeker(client, app, "export-md@example.com")
    letter = await client.post(LETTER, json={"job_id": amina.job_id}, headers=amina.headers)
    data = letter.json()["data"]
    answer = await client.get(
        f"/api/v1/documents/{data['id']}/export?format=md", headers=amina.headers
    )
    assert answer.headers["content-type"] == "text/markdown; charset=utf-8"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="cover-letter-finance-officer-at-equity-bank.md"'
    )
    assert answer.text == data["markdown"]
    bad = await client.get(
        f"/api/v1/documents/{data['id']}/export?format=odt", headers=amina.headers
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_input"
