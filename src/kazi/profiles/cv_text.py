"""The text of an uploaded CV: PDF through pypdf, Word (.docx) through python-docx.

Both libraries are imported when a CV arrives, not at start-up: few requests need them.
"""

import io
import zipfile

from kazi.kit.cpu import CpuPool
from kazi.kit.errors import InvalidInput

MAX_CV_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PAGES])


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:  # many CVs lay out dates and places in tables
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    return "\n".join(lines)


def read_cv_file(data: bytes) -> str | None:
    """The text of a PDF or .docx file; None when it cannot be read (runs in the CPU pool)."""
    from pypdf.errors import PyPdfError

    try:
        return _pdf_text(data) if data.startswith(b"%PDF") else _docx_text(data)
    except (PyPdfError, zipfile.BadZipFile, KeyError, ValueError):
        return None


async def cv_text(cpu: CpuPool, data: bytes) -> str:
    """The CV's text, read in the CPU pool; InvalidInput when it cannot be read."""
    if len(data) > MAX_CV_BYTES:
        raise InvalidInput(f"The CV is larger than {MAX_CV_BYTES // (1024 * 1024)} MB.")
    if not data.startswith((b"%PDF", b"PK")):
        raise InvalidInput("Send the CV as a PDF or a Word (.docx) file.")
    text = await cpu.run(read_cv_file, data)
    if text is None:
        raise InvalidInput("That file could not be read as a PDF or Word CV.")
    if not text.strip():
        raise InvalidInput("No text was found in that CV (a scanned image needs an AI provider).")
    return text
