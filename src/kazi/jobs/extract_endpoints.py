"""Job intake over HTTP: read one source (link, text or screenshot), extract, save, answer.

`POST /api/v1/jobs/extract` is Kazi's own shape; `POST /api/v1/job-extractor/extract`
keeps the older client contract (extracted_data, provider_used, latency_ms, job_id).
Both take JSON, or multipart/form-data with the screenshot as `file`.
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import UploadFile

from kazi.jobs.extract_errors import SeveralPostings
from kazi.jobs.images import MAX_IMAGE_BYTES, Screenshot, checked_image, decode_base64_image
from kazi.jobs.posting import JobData
from kazi.jobs.schemas import JobOut
from kazi.jobs.service import (
    Extraction,
    ExtractionWarning,
    JobService,
    call_context,
    extraction_service,
)
from kazi.kit.deps import SessionDep
from kazi.kit.errors import InvalidInput
from kazi.kit.http import (
    Envelope,
    ErrorBody,
    ErrorEnvelope,
    describe_validation,
    ok,
    request_id_var,
)
from kazi.kit.limits import JOB_TEXT_MAX_CHARS, JSON_MAX_DEPTH, NoControlChars, json_depth_exceeds
from kazi.users.dependencies import CurrentUser
from kazi.users.models import User

router = APIRouter(tags=["jobs"])
_ONE_SOURCE = "Send exactly one of: url, text, or a screenshot (file or image_base64)."
_FORM_FIELDS = ("url", "text", "image_base64", "force")


JobText = Annotated[str, Field(min_length=1, max_length=JOB_TEXT_MAX_CHARS), NoControlChars]


class ExtractRequest(BaseModel):
    """Exactly one source. force skips the recent-extraction cache for a URL."""

    model_config = ConfigDict(extra="forbid")

    # The jobs table keeps source_url in 2,000 characters.
    url: Annotated[str, Field(min_length=1, max_length=2000), NoControlChars] | None = None
    text: (
        Annotated[str, Field(min_length=1, max_length=JOB_TEXT_MAX_CHARS), NoControlChars] | None
    ) = None
    image_base64: Annotated[str, NoControlChars] | None = None
    force: bool = False


_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ExtractRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "url": {"type": "string"},
                        "text": {"type": "string"},
                        "force": {"type": "boolean"},
                    },
                }
            },
        },
    }
}


class ExtractWarningOut(BaseModel):
    code: str
    message: str


class ExtractOut(BaseModel):
    job: JobOut
    provider_used: str
    model: str | None
    latency_ms: int
    from_cache: bool
    warnings: list[ExtractWarningOut]


class SeedExtractOut(BaseModel):
    extracted_data: JobData
    provider_used: str
    latency_ms: int
    job_id: int


def _validated(body: object) -> ExtractRequest:
    try:
        return ExtractRequest.model_validate(body)
    except ValidationError as error:
        raise InvalidInput(describe_validation(error.errors())) from None


async def _from_form(request: Request) -> tuple[ExtractRequest, Screenshot | None]:
    # The context closes the spooled upload however this ends.
    async with request.form(max_files=1, max_fields=len(_FORM_FIELDS)) as form:
        upload = form.get("file")
        if upload is not None and not isinstance(upload, UploadFile):
            raise InvalidInput("file must be an uploaded image.")
        fields = {name: value for name, value in form.items() if name != "file"}
        if any(not isinstance(value, str) for value in fields.values()):
            raise InvalidInput("Only the file field may carry a file.")
        shot = checked_image(await upload.read(MAX_IMAGE_BYTES + 1)) if upload else None
    return _validated(fields), shot


async def _from_json(request: Request) -> ExtractRequest:
    raw = await request.body()
    if json_depth_exceeds(raw):
        raise InvalidInput(f"The body nests deeper than {JSON_MAX_DEPTH} levels.")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise InvalidInput("The body is not valid JSON.") from None
    return _validated(body)


async def _run(request: Request, user: User) -> Extraction:
    """Read the one source the request carries and extract from it."""
    content_type = request.headers.get("content-type", "").lower()
    shot: Screenshot | None = None
    if content_type.startswith("multipart/form-data"):
        body, shot = await _from_form(request)
    else:
        body = await _from_json(request)
    text = body.text if body.text and body.text.strip() else None
    sources = [body.url, text, body.image_base64, shot]
    if sum(source is not None for source in sources) != 1:
        raise InvalidInput(_ONE_SOURCE)
    service = extraction_service(request.app)
    ctx = call_context(user.id, user.tier)
    if body.url is not None:
        return await service.from_url(body.url, ctx, force=body.force)
    if text is not None:
        return await service.from_text(text, ctx)
    if body.image_base64 is not None:
        shot = decode_base64_image(body.image_base64)
    assert shot is not None  # exactly one source was given
    return await service.from_image(shot, ctx)


def several_postings_answer(error: SeveralPostings) -> JSONResponse:
    """The usual error envelope, its error also listing the roles found for the user to pick."""
    body = ErrorEnvelope(
        error=ErrorBody(code=error.code, message=error.message, request_id=request_id_var.get())
    ).model_dump()
    body["error"]["roles"] = error.roles
    return JSONResponse(body, status_code=int(error.status))


def _warning_out(warning: ExtractionWarning) -> ExtractWarningOut:
    return ExtractWarningOut(code=warning.code, message=warning.message)


@router.post("/api/v1/jobs/extract", openapi_extra=_BODY_DOC, response_model=Envelope[ExtractOut])
async def extract_job(
    request: Request, user: CurrentUser, session: SessionDep
) -> Envelope[ExtractOut] | JSONResponse:
    """Extract a posting from a link, pasted text or a screenshot and save it as a job.
    Pasted text naming several roles answers 422 several_postings with `error.roles`."""
    try:
        extraction = await _run(request, user)
    except SeveralPostings as error:
        return several_postings_answer(error)
    job = await JobService(session).save(user.id, extraction)
    return ok(
        ExtractOut(
            job=JobOut.of(job),
            provider_used=extraction.provider_used,
            model=extraction.model,
            latency_ms=extraction.latency_ms,
            from_cache=extraction.from_cache,
            warnings=[_warning_out(w) for w in extraction.warnings],
        )
    )


@router.post(
    "/api/v1/job-extractor/extract",
    openapi_extra=_BODY_DOC,
    response_model=Envelope[SeedExtractOut],
)
async def seed_extract(
    request: Request, user: CurrentUser, session: SessionDep
) -> Envelope[SeedExtractOut] | JSONResponse:
    """The original client contract: the same extraction, answered in its older shape."""
    try:
        extraction = await _run(request, user)
    except SeveralPostings as error:
        return several_postings_answer(error)
    job = await JobService(session).save(user.id, extraction)
    return ok(
        SeedExtractOut(
            extracted_data=extraction.data,
            provider_used=extraction.provider_used,
            latency_ms=extraction.latency_ms,
            job_id=job.id,
        )
    )
