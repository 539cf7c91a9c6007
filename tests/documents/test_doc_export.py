"""Markdown rendering and PDF/DOCX export, read back with pypdf and python-docx."""

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from kazi.documents.cv import CVDocument
from kazi.documents.export import (
    cv_to_docx,
    cv_to_pdf,
    find_unicode_fonts,
    inline_runs,
    latin1_safe,
    markdown_to_docx,
    markdown_to_pdf,
    parse_blocks,
)
from kazi.documents.render import cv_to_markdown, format_period
from kazi.profiles.schemas import Profile


@pytest.fixture
def amina_cv(amina: Profile) -> CVDocument:
    return CVDocument.model_validate(amina.to_json_resume())


def _style(paragraph: Any) -> str:
    return str(paragraph.style.name) if paragraph.style is not None else ""


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_markdown_layout(amina_cv: CVDocument) -> None:
    markdown = cv_to_markdown(amina_cv)
    lines = markdown.splitlines()
    assert lines[0] == "# Amina Wanjiku Otieno"
    assert "## Work Experience" in lines
    assert "### Senior Accountant — KCB Bank Kenya Limited" in lines
    assert "Mar 2019 – Present · Nairobi" in lines
    assert "2011 – 2015 · Second Class Honours (Upper Division)" in lines
    assert "- **Excel (Advanced):** Pivot tables, VBA" in lines
    assert "## Referees" in lines
    assert format_period("2016-01", "2019-02") == "Jan 2016 – Feb 2019"
    assert format_period(None, "2010") == "2010"


def test_blocks_and_inline_runs() -> None:
    blocks = parse_blocks("# Name\nline one\nline two\n\n## Skills\n- **Python**: Django\n")
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "Name", 1),
        ("paragraph", "line one\nline two", 0),
        ("heading", "Skills", 2),
        ("bullet", "**Python**: Django", 0),
    ]
    assert inline_runs("**Python**: Django") == [("Python", True), (": Django", False)]


def test_pdf_contains_the_cv_text(amina_cv: CVDocument) -> None:
    text = _pdf_text(cv_to_pdf(amina_cv))
    for expected in (
        "Amina Wanjiku Otieno",
        "Work Experience",
        "Senior Accountant — KCB Bank Kenya Limited",
        "Deloitte East Africa",
        "Second Class Honours (Upper Division)",
        "KES 2.5M",
        "Referees",
    ):
        assert expected in text


def test_pdf_without_unicode_font_degrades_to_latin1(amina_cv: CVDocument) -> None:
    data = cv_to_pdf(amina_cv, font_dirs=())
    text = _pdf_text(data)
    assert "Senior Accountant - KCB Bank Kenya Limited" in text
    assert "Mar 2019 - Present" in text
    assert latin1_safe("“Ngũgĩ” – Ωmega •") == '"Ngugi" - ?mega -'


def test_pdf_title_metadata(amina_cv: CVDocument) -> None:
    reader = PdfReader(io.BytesIO(cv_to_pdf(amina_cv)))
    assert reader.metadata is not None
    assert reader.metadata.title == "CV - Amina Wanjiku Otieno"


def test_unicode_font_lookup(tmp_path: Path) -> None:
    assert find_unicode_fonts([tmp_path]) is None
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    (tmp_path / "DejaVuSans-Bold.ttf").write_bytes(b"")
    fonts = find_unicode_fonts([tmp_path])
    assert fonts is not None
    assert fonts.bold == tmp_path / "DejaVuSans-Bold.ttf"


def test_docx_has_headings_and_bullets(amina_cv: CVDocument) -> None:
    document = Document(io.BytesIO(cv_to_docx(amina_cv)))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(_style(paragraph), []).append(paragraph.text)
    assert by_style["Title"] == ["Amina Wanjiku Otieno"]
    assert "Work Experience" in by_style["Heading 1"]
    assert "Senior Accountant — KCB Bank Kenya Limited" in by_style["Heading 2"]
    assert "Managed a KES 2.5M annual training budget" in by_style["List Bullet"]
    assert "Excel (Advanced): Pivot tables, VBA" in by_style["List Bullet"]
    assert document.core_properties.title == "CV - Amina Wanjiku Otieno"
    bold_runs = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "Excel (Advanced):" in bold_runs


def test_cover_letter_markdown_exports_as_is() -> None:
    letter = "Amina\namina@example.com\n\nDear Hiring Manager,\n\n- Cut close to 6 days\n"
    pdf_text = _pdf_text(markdown_to_pdf(letter, title="Letter"))
    assert "Dear Hiring Manager," in pdf_text
    assert "Cut close to 6 days" in pdf_text
    paragraphs = Document(io.BytesIO(markdown_to_docx(letter))).paragraphs
    assert [(_style(p), p.text) for p in paragraphs] == [
        ("Normal", "Amina\namina@example.com"),
        ("Normal", "Dear Hiring Manager,"),
        ("List Bullet", "Cut close to 6 days"),
    ]
