"""Documents: tailored CVs and cover letters, validation, storage and export.

The two generation routes answer JSON (201, the stored document) by default, or a
server-sent event stream when the request sends `Accept: text/event-stream` (see
`documents.sse` for the events). Other users' documents and jobs answer 404.
"""

from collections.abc import AsyncGenerator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from kazi.documents.builtin.cover_letter import letter_language
from kazi.documents.checking import MEDIA_TYPES as _MEDIA_TYPES
from kazi.documents.checking import CheckingService, export_file
from kazi.documents.drafts import load_inputs
from kazi.documents.export import Design
from kazi.documents.schemas import (
    CoverLetterRequest,
    CVRequest,
    DocumentOut,
    DocumentPage,
    DocumentSummary,
    ExportFormat,
    ValidateRequest,
    ValidationOut,
)
from kazi.documents.service import DocumentService
from kazi.documents.sse import (
    EVENT_STREAM,
    STREAM_HEADERS,
    StreamDeps,
    cv_events,
    guarded,
    letter_events,
)
from kazi.kit.deps import CpuDep, SessionDep
from kazi.kit.http import Envelope, PageOffset, RowId, ok
from kazi.routing.router import Router
from kazi.users.dependencies import CurrentUser

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])

_STREAMED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "With `Accept: text/event-stream`: progress, delta, report, done events.",
        "content": {EVENT_STREAM: {}},
    }
}
_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The document as a file.",
        "content": {media: {} for media in _MEDIA_TYPES.values()},
    }
}


def get_router(request: Request) -> Router:
    routing: Router = request.app.state.router
    return routing


RouterDep = Annotated[Router, Depends(get_router)]


def wants_stream(request: Request) -> bool:
    return EVENT_STREAM in request.headers.get("accept", "").lower()


def event_stream(events: AsyncGenerator[str, None]) -> StreamingResponse:
    return StreamingResponse(guarded(events), media_type=EVENT_STREAM, headers=STREAM_HEADERS)


def stream_deps(request: Request) -> StreamDeps:
    return StreamDeps(request.app.state.router, request.app.state.sessions, request.app.state.cpu)


@router.post("/cv", status_code=201, response_model=Envelope[DocumentOut], responses=_STREAMED)
async def create_cv(
    body: CVRequest,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    ai: RouterDep,
    cpu: CpuDep,
) -> Envelope[DocumentOut] | StreamingResponse:
    """A CV tailored to one of the user's jobs, validated, with fabrications removed."""
    if wants_stream(request):
        inputs = await load_inputs(session, user, body.job_id)
        return event_stream(cv_events(stream_deps(request), inputs, body.language))
    service = DocumentService(session, ai, cpu)
    stored, made = await service.create_cv(user, body.job_id, body.language)
    return ok(DocumentOut.of(stored, model=made.model, latency_ms=made.latency_ms))


@router.post(
    "/cover-letter", status_code=201, response_model=Envelope[DocumentOut], responses=_STREAMED
)
async def create_cover_letter(
    body: CoverLetterRequest,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    ai: RouterDep,
    cpu: CpuDep,
) -> Envelope[DocumentOut] | StreamingResponse:
    """A cover letter for one of the user's jobs; refused (422) if it keeps unsupported claims."""
    if wants_stream(request):
        inputs = await load_inputs(session, user, body.job_id)
        language = letter_language(inputs.job, body.language)
        events = letter_events(stream_deps(request), inputs, body.tone, language)
        return event_stream(events)
    service = DocumentService(session, ai, cpu)
    stored, made = await service.create_letter(user, body.job_id, body.tone, body.language)
    return ok(DocumentOut.of(stored, model=made.model, latency_ms=made.latency_ms))


@router.post("/validate")
async def validate_document(
    body: ValidateRequest, user: CurrentUser, session: SessionDep, ai: RouterDep, cpu: CpuDep
) -> Envelope[ValidationOut]:
    """Checks a JSON Resume object or Markdown text against the user's profile."""
    return ok(await CheckingService(session, ai, cpu).validate(user, body))


@router.get("")
async def list_documents(
    user: CurrentUser,
    session: SessionDep,
    ai: RouterDep,
    cpu: CpuDep,
    offset: PageOffset = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Envelope[DocumentPage]:
    documents, total = await DocumentService(session, ai, cpu).page(user.id, offset, limit)
    items = [DocumentSummary.of(document) for document in documents]
    return ok(DocumentPage(items=items, total=total, offset=offset, limit=limit))


@router.get("/{document_id}")
async def get_document(
    document_id: RowId, user: CurrentUser, session: SessionDep, ai: RouterDep, cpu: CpuDep
) -> Envelope[DocumentOut]:
    return ok(DocumentOut.of(await DocumentService(session, ai, cpu).get(user.id, document_id)))


@router.delete("/{document_id}")
async def delete_document(
    document_id: RowId, user: CurrentUser, session: SessionDep, ai: RouterDep, cpu: CpuDep
) -> Envelope[dict[str, int]]:
    await DocumentService(session, ai, cpu).delete(user.id, document_id)
    return ok({"deleted": document_id})


@router.post("/{document_id}/validate")
async def revalidate_document(
    document_id: RowId, user: CurrentUser, session: SessionDep, ai: RouterDep, cpu: CpuDep
) -> Envelope[ValidationOut]:
    """Checks a stored document again, against the current profile and its job."""
    return ok(await CheckingService(session, ai, cpu).revalidate(user, document_id))


@router.get("/{document_id}/export", response_class=Response, responses=_FILE)
async def export_document(
    document_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    ai: RouterDep,
    cpu: CpuDep,
    fmt: Annotated[ExportFormat, Query(alias="format")] = ExportFormat.PDF,
    design: Annotated[
        Design, Query(description="ats: plain single column; band: the header on a dark band")
    ] = Design.ATS,
) -> Response:
    """The document as PDF, DOCX or Markdown (no envelope), named after its title."""
    stored = await DocumentService(session, ai, cpu).get(user.id, document_id)
    exported = await export_file(cpu, stored, fmt, design)
    disposition = f'attachment; filename="{exported.filename}"'
    return Response(
        exported.data, media_type=exported.media_type, headers={"Content-Disposition": disposition}
    )
