"""The text of an uploaded CV: PDF through pypdf, Word (.docx) through python-docx."""

import asyncio
import io
import zipfile

import docx
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kazi.errors import InvalidInput

MAX_CV_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PAGES])


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:  # many CVs lay out dates and places in tables
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    return "\n".join(lines)


def _read(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return _pdf_text(data)
    if data.startswith(b"PK"):
        return _docx_text(data)
    raise InvalidInput("Send the CV as a PDF or a Word (.docx) file.")


async def cv_text(data: bytes) -> str:
    """The CV's text, read off the event loop; InvalidInput when it cannot be read."""
    if len(data) > MAX_CV_BYTES:
        raise InvalidInput(f"The CV is larger than {MAX_CV_BYTES // (1024 * 1024)} MB.")
    try:
        text = await asyncio.to_thread(_read, data)
    except (PyPdfError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InvalidInput("That file could not be read as a PDF or Word CV.") from exc
    if not text.strip():
        raise InvalidInput("No text was found in that CV (a scanned image needs an AI provider).")
    return text
