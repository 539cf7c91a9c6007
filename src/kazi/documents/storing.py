"""Storing a finished document, its title and the file name it is exported under."""

import re
import unicodedata

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.documents.drafts import Generated, Inputs
from kazi.documents.models import StoredDocument
from kazi.documents.repository import DocumentRepository
from kazi.documents.schemas import DocumentKind
from kazi.jobs.posting import JobData

_TITLE_LIMIT = 300
_KIND_TITLES = {DocumentKind.CV: "CV", DocumentKind.COVER_LETTER: "Cover letter"}


def document_title(kind: DocumentKind, job: JobData) -> str:
    """ "CV - Finance Officer at Equity Bank"; just "CV" for a job with neither."""
    target = " at ".join(part for part in (job.title, job.company) if part)
    title = f"{_KIND_TITLES[kind]} - {target}" if target else _KIND_TITLES[kind]
    return title[:_TITLE_LIMIT]


def file_name(title: str, extension: str) -> str:
    """An ASCII file name from a title: "cv-finance-officer-at-equity-bank.pdf"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:80].strip("-")
    return f"{slug or 'document'}.{extension}"


async def store(session: AsyncSession, inputs: Inputs, generated: Generated) -> StoredDocument:
    """Adds the document to the session (the caller's transaction commits it)."""
    content = generated.content.to_json_resume() if generated.content else None
    document = StoredDocument(
        user_id=inputs.user_id,
        job_id=inputs.job_id,
        kind=generated.kind.value,
        title=document_title(generated.kind, inputs.job),
        language=generated.language,
        tone=generated.tone,
        content=content,
        markdown=generated.markdown,
        report=generated.report.model_dump(mode="json", by_alias=True),
        provider_used=generated.provider_used,
    )
    return await DocumentRepository(session).add(document)
