"""Tailored CVs and cover letters for the JSON answers, and the stored documents.

Generation runs the one document pipeline (`documents.pipeline`) to its end, storing
in the request's session; the streamed answers serialise the same pipeline's events.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.documents.builtin.cover_letter import letter_language
from kazi.documents.builtin.letter_templates import Tone
from kazi.documents.drafting import PipelineDeps
from kazi.documents.drafts import Generated, Inputs, load_inputs
from kazi.documents.models import StoredDocument
from kazi.documents.pipeline import cv_events, finished, letter_events
from kazi.documents.repository import DocumentRepository
from kazi.documents.storing import store
from kazi.kit.cpu import CpuPool
from kazi.kit.errors import NotFound
from kazi.routing.router import Router
from kazi.users.models import User

__all__ = ["NO_SUCH_DOCUMENT", "DocumentService", "load_inputs"]

NO_SUCH_DOCUMENT = "No such document."


class DocumentService:
    def __init__(self, session: AsyncSession, router: Router, cpu: CpuPool) -> None:
        self.session = session
        self.router = router
        self.cpu = cpu

    def _pipeline(self) -> PipelineDeps:
        return PipelineDeps(self.router, self.cpu, self._save)

    async def _save(self, inputs: Inputs, generated: Generated) -> StoredDocument:
        return await store(self.session, inputs, generated)

    async def create_cv(
        self, user: User, job_id: int, language: str | None = None
    ) -> tuple[StoredDocument, Generated]:
        inputs = await load_inputs(self.session, user, job_id)
        done = await finished(cv_events(self._pipeline(), inputs, language))
        return done.document, done.generated

    async def create_letter(
        self, user: User, job_id: int, tone: Tone, language: str | None
    ) -> tuple[StoredDocument, Generated]:
        inputs = await load_inputs(self.session, user, job_id)
        chosen = letter_language(inputs.job, language)
        done = await finished(letter_events(self._pipeline(), inputs, tone, chosen))
        return done.document, done.generated

    async def get(self, user_id: int, document_id: int) -> StoredDocument:
        stored = await DocumentRepository(self.session).get(user_id, document_id)
        if stored is None:
            raise NotFound(NO_SUCH_DOCUMENT)
        return stored

    async def page(self, user_id: int, offset: int, limit: int) -> tuple[list[StoredDocument], int]:
        return await DocumentRepository(self.session).page(user_id, offset, limit)

    async def delete(self, user_id: int, document_id: int) -> None:
        if not await DocumentRepository(self.session).delete(user_id, document_id):
            raise NotFound(NO_SUCH_DOCUMENT)
