"""Documents: write a CV or a letter for a job (streamed as it is written when the page's
script asks for events), read it beside its validation report, check an edited text,
and download it. Every step calls the documents API's own services and stream."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.admin.render import see_other
from kazi.app.errors import AppPageNotFound, problem
from kazi.app.i18n import N_
from kazi.app.render import render
from kazi.app.session import FormDep, MeDep, SignedIn, counted_ai_user
from kazi.documents.builtin.cover_letter import letter_language
from kazi.documents.builtin.letter_templates import Tone
from kazi.documents.checking import CheckingService, export_file
from kazi.documents.endpoints import event_stream, stream_deps, wants_stream
from kazi.documents.report import ValidationReport
from kazi.documents.schemas import DocumentKind, DocumentReport, ExportFormat, ValidateRequest
from kazi.documents.service import DocumentService, load_inputs
from kazi.documents.sse import cv_events, letter_events
from kazi.documents.validation import TextKind
from kazi.kit.deps import SessionDep
from kazi.kit.errors import KaziError, NotFound

router = APIRouter(include_in_schema=False)
NOT_WRITTEN = N_("Kazi could not write this document.")
TONES = {
    Tone.FORMAL: N_("Formal"),
    Tone.WARM: N_("Warm"),
    Tone.CONFIDENT: N_("Confident"),
    Tone.CONCISE: N_("Concise"),
}
LETTER_LANGUAGES = {"": N_("The job's language"), "en": N_("English"), "sw": N_("Kiswahili")}
MAX_EDIT_CHARS = 100_000


def document_service(request: Request, session: AsyncSession) -> DocumentService:
    """The documents API's service, on this app's router and CPU pool."""
    return DocumentService(session, request.app.state.router, request.app.state.cpu)


def highlight(text: str, claims: list[str]) -> Markup:
    """The text, escaped, with every occurrence of a flagged claim in <mark>."""
    wanted = sorted({c for c in claims if c.strip()}, key=len, reverse=True)
    parts: list[str] = []
    position = 0
    while wanted:
        found = [(text.find(c, position), c) for c in wanted]
        hits = [(at, claim) for at, claim in found if at >= 0]
        if not hits:
            break
        at, claim = min(hits)
        parts += [escape(text[position:at]), Markup('<mark class="flag">%s</mark>') % claim]
        position = at + len(claim)
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


@router.post("/jobs/{job_id}/cv")
async def write_cv(job_id: int, request: Request, form: FormDep, session: SessionDep) -> Response:
    user = await counted_ai_user(request, session, form.admin)
    try:
        if wants_stream(request):
            inputs = await load_inputs(session, user, job_id)
            return event_stream(cv_events(stream_deps(request), inputs))
        stored, _ = await document_service(request, session).create_cv(user, job_id)
    except NotFound:
        raise AppPageNotFound from None
    except KaziError as exc:
        return problem(request, int(exc.status), NOT_WRITTEN, exc.message)
    return see_other(f"/documents/{stored.id}")


@router.post("/jobs/{job_id}/letter")
async def write_letter(
    job_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    user = await counted_ai_user(request, session, form.admin)
    tone = Tone(form.text("tone")) if form.text("tone") in TONES else Tone.FORMAL
    asked = form.text("language") if form.text("language") in ("en", "sw") else None
    try:
        if wants_stream(request):
            inputs = await load_inputs(session, user, job_id)
            language = letter_language(inputs.job, asked)
            return event_stream(letter_events(stream_deps(request), inputs, tone, language))
        service = document_service(request, session)
        stored, _ = await service.create_letter(user, job_id, tone, asked)
    except NotFound:
        raise AppPageNotFound from None
    except KaziError as exc:
        return problem(request, int(exc.status), NOT_WRITTEN, exc.message)
    return see_other(f"/documents/{stored.id}")


def _document_page(
    request: Request,
    me: SignedIn,
    stored: object,
    text: str,
    report: ValidationReport,
    **extra: object,
) -> Response:
    claims = [issue.text for issue in report.issues]
    context = {
        "me": me,
        "document": stored,
        "text": text,
        "marked": highlight(text, claims),
        "report": report,
        "removed": report.removed if isinstance(report, DocumentReport) else [],
        "edited": False,
        **extra,
    }
    return render(request, "document.html", context)


@router.get("/documents/{document_id}")
async def show_document(
    document_id: int, request: Request, me: MeDep, session: SessionDep
) -> Response:
    try:
        stored = await document_service(request, session).get(me.id, document_id)
    except NotFound:
        raise AppPageNotFound from None
    report = DocumentReport.model_validate(stored.report)
    return _document_page(request, me, stored, stored.markdown, report)


@router.post("/documents/{document_id}/check")
async def check_edit(
    document_id: int, request: Request, form: FormDep, session: SessionDep
) -> Response:
    """Validates the edited text as POST /api/v1/documents/validate does; stores nothing."""
    ai = request.app.state.router
    try:
        stored = await document_service(request, session).get(form.admin.id, document_id)
    except NotFound:
        raise AppPageNotFound from None
    text = form.raw("text")[:MAX_EDIT_CHARS].replace("\r\n", "\n")
    if form.text("action") == "download":
        headers = {"Content-Disposition": 'attachment; filename="edited.md"'}
        return Response(text, media_type="text/markdown; charset=utf-8", headers=headers)
    user = await counted_ai_user(request, session, form.admin)
    kind = TextKind.CV if stored.kind == DocumentKind.CV else TextKind.COVER_LETTER
    body = ValidateRequest(document=text or " ", job_id=stored.job_id, kind=kind)
    checked = await CheckingService(session, ai, request.app.state.cpu).validate(user, body)
    return _document_page(request, form.admin, stored, text, checked.report, edited=True)


@router.get("/documents/{document_id}/download")
async def download(document_id: int, request: Request, me: MeDep, session: SessionDep) -> Response:
    try:
        stored = await document_service(request, session).get(me.id, document_id)
        fmt = ExportFormat(request.query_params.get("format", "pdf"))
    except (NotFound, ValueError):
        raise AppPageNotFound from None
    exported = await export_file(request.app.state.cpu, stored, fmt)
    disposition = f'attachment; filename="{exported.filename}"'
    return Response(
        exported.data, media_type=exported.media_type, headers={"Content-Disposition": disposition}
    )
