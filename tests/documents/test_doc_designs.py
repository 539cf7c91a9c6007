"""Both export designs keep real, ordered text; their pages are rendered to PNG to look at.

The PNGs (and the PDFs they come from) go to test-artifacts/documents/ at the top of
the repository, one CV and one letter in each design, drawn with pdftoppm.
"""

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from kazi.documents.builtin.cover_letter import write_cover_letter
from kazi.documents.builtin.cv import build_cv
from kazi.documents.export import Design, cv_to_pdf, markdown_to_docx, markdown_to_pdf
from kazi.documents.render import cv_to_markdown
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
DAY = date(2026, 12, 4)
PDFTOPPM = shutil.which("pdftoppm")
FINANCE = JobData(
    title="Finance Officer",
    company="Equity Bank",
    location="Nairobi",
    skills=["IFRS", "QuickBooks", "Financial reporting"],
    requirements=["Bachelor's degree in Accounting", "CPA (K) and membership of ICPAK"],
)


def pdf_lines(data: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def in_order(lines: list[str], expected: list[str]) -> bool:
    """Each expected piece is found on a line after the previous one's line."""
    position = 0
    for piece in expected:
        found = next((i for i in range(position, len(lines)) if piece in lines[i]), None)
        if found is None:
            return False
        position = found + 1
    return True


@pytest.mark.parametrize("design", list(Design))
def test_cv_pdf_reads_back_in_order(amina: Profile, design: Design) -> None:
    doc = build_cv(amina, FINANCE, today=DAY)
    lines = pdf_lines(cv_to_pdf(doc, design=design))
    assert in_order(
        lines,
        [
            "Amina Wanjiku Otieno",
            "Certified Public Accountant",
            "amina.otieno@example.co.ke",
            "Summary",
            "Work Experience",
            "Senior Accountant — KCB Bank Kenya Limited",
            "Education",
            "Certifications and Memberships",
            "Skills",
            "Referees",
        ],
    ), lines


@pytest.mark.parametrize("design", list(Design))
def test_letter_pdf_reads_back_in_order(amina: Profile, design: Design) -> None:
    letter = write_cover_letter(amina, FINANCE, today=DAY)
    lines = pdf_lines(markdown_to_pdf(letter, title="Letter", design=design))
    assert in_order(
        lines,
        [
            "Amina Wanjiku Otieno",
            "+254 712 345 678",
            "4 December 2026",
            "The Hiring Manager",
            "Dear Sir/Madam,",
            "RE: APPLICATION FOR THE POSITION OF FINANCE OFFICER",
            "I am writing to apply",
            "Yours faithfully,",
        ],
    ), lines


def test_band_docx_shades_only_the_header(amina: Profile) -> None:
    markdown = cv_to_markdown(build_cv(amina, FINANCE, today=DAY))
    document = Document(io.BytesIO(markdown_to_docx(markdown, design=Design.BAND)))
    shaded = [p.text for p in document.paragraphs if p._p.xpath("./w:pPr/w:shd")]
    assert shaded == [
        "Amina Wanjiku Otieno",
        "Certified Public Accountant",
        "amina.otieno@example.co.ke · +254 712 345 678 · Nairobi · "
        "https://www.linkedin.com/in/aminaotieno",
    ]
    plain = Document(io.BytesIO(markdown_to_docx(markdown)))
    assert [p.text for p in plain.paragraphs] == [p.text for p in document.paragraphs]


@pytest.mark.skipif(PDFTOPPM is None, reason="needs pdftoppm (scripts/system-packages)")
def test_pages_are_rendered_to_png(amina: Profile) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    cv = build_cv(amina, FINANCE, today=DAY)
    letter = write_cover_letter(amina, FINANCE, today=DAY)
    for design in Design:
        files = {
            f"cv-{design.value}": cv_to_pdf(cv, design=design),
            f"letter-{design.value}": markdown_to_pdf(letter, title="Letter", design=design),
        }
        for name, data in files.items():
            pdf = ARTIFACTS / f"{name}.pdf"
            pdf.write_bytes(data)
            for old in ARTIFACTS.glob(f"{name}-*.png"):
                old.unlink()
            command = [str(PDFTOPPM), "-png", "-r", "70", str(pdf), str(ARTIFACTS / name)]
            subprocess.run(command, check=True)  # noqa: S603 (a fixed tool on our own files)
            pages = sorted(ARTIFACTS.glob(f"{name}-*.png"))
            assert len(pages) == len(PdfReader(io.BytesIO(data)).pages) == 1
            assert pages[0].read_bytes().startswith(b"\x89PNG")
