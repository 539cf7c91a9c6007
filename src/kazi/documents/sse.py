"""Server-sent events for the CV and cover-letter routes: the pipeline's events serialised.

Events, each with a JSON `data` line:

- `progress` {"characters": n}: CV only, while the model writes its edit plan.
- `delta` {"text": ...}: checked document text (see `documents.pipeline`).
- `retry` {"unsupported_claims": [issue, ...]}: cover letter only. The draft made claims
  the profile does not support: the client discards every `delta` it showed. A second
  letter, told which claims to leave out, follows as new `delta` events.
- `reset` {}: rare. The checked document is not the text shown so far (e.g. the model
  wrapped it in a code fence): the client discards what it showed, and the whole
  document follows.
- `report` {"id", "kind", "report", "provider_used", "model", "latency_ms"}: the stored
  document's id and its validation report.
- `done` {"id"}: the last event of a successful stream.
- `error` {"code", "message"} (and "claims" for `unsupported_claims`): the stream ends
  there and nothing is stored.

The document is stored in a short session of the stream's own.
"""

import json
import logging
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.documents import pipeline
from kazi.documents.builtin.letter_templates import LetterLanguage, Tone
from kazi.documents.drafting import PipelineDeps
from kazi.documents.drafts import Generated, Inputs, UnsupportedClaims
from kazi.documents.events import (
    DocumentEvent,
    Done,
    Failed,
    Progress,
    Redraft,
    Reset,
    TextDelta,
)
from kazi.documents.models import StoredDocument
from kazi.documents.report import Issue
from kazi.documents.storing import store
from kazi.kit.cpu import CpuPool
from kazi.kit.errors import KaziError
from kazi.routing.router import Router

logger = logging.getLogger(__name__)

EVENT_STREAM = "text/event-stream"
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@dataclass(frozen=True)
class StreamDeps:
    router: Router
    sessions: async_sessionmaker[AsyncSession]
    cpu: CpuPool

    def pipeline(self) -> PipelineDeps:
        return PipelineDeps(self.router, self.cpu, self.save)

    async def save(self, inputs: Inputs, generated: Generated) -> StoredDocument:
        async with self.sessions() as session, session.begin():
            return await store(session, inputs, generated)


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _issues(issues: list[Issue]) -> list[object]:
    return [issue.model_dump(mode="json", by_alias=True) for issue in issues]


def error_event(error: KaziError) -> str:
    data: dict[str, object] = {"code": error.code, "message": error.message}
    if isinstance(error, UnsupportedClaims):
        data["claims"] = _issues(error.issues)
    return sse("error", data)


def _done(done: Done) -> str:
    generated = done.generated
    report = {
        "id": done.document.id,
        "kind": generated.kind.value,
        "report": generated.report.model_dump(mode="json", by_alias=True),
        "provider_used": generated.provider_used,
        "model": generated.model,
        "latency_ms": generated.latency_ms,
    }
    return sse("report", report) + sse("done", {"id": done.document.id})


def serialised(event: DocumentEvent) -> str:
    """One pipeline event as server-sent events (`Done` is `report` then `done`)."""
    match event:
        case Progress(characters):
            return sse("progress", {"characters": characters})
        case TextDelta(text):
            return sse("delta", {"text": text})
        case Redraft(claims):
            return sse("retry", {"unsupported_claims": _issues(claims)})
        case Reset():
            return sse("reset", {})
        case Done():
            return _done(event)
        case Failed(error):
            return error_event(error)


async def serialise(events: AsyncGenerator[DocumentEvent, None]) -> AsyncGenerator[str, None]:
    async with aclosing(events) as stream:
        async for event in stream:
            yield serialised(event)


async def guarded(events: AsyncGenerator[str, None]) -> AsyncGenerator[str, None]:
    """The stream, with errors turned into a final `error` event (cancellation passes)."""
    try:
        async with aclosing(events) as stream:
            async for chunk in stream:
                yield chunk
    except KaziError as error:
        yield error_event(error)
    except Exception:
        logger.exception("document stream failed")
        yield sse("error", {"code": "internal_error", "message": "Something went wrong."})


def cv_events(
    deps: StreamDeps, inputs: Inputs, language: str | None = None
) -> AsyncGenerator[str, None]:
    return serialise(pipeline.cv_events(deps.pipeline(), inputs, language))


def letter_events(
    deps: StreamDeps, inputs: Inputs, tone: Tone, language: LetterLanguage
) -> AsyncGenerator[str, None]:
    return serialise(pipeline.letter_events(deps.pipeline(), inputs, tone, language))
