"""Server-sent event streams for the CV and cover-letter routes.

Events, each with a JSON `data` line:

- `progress` {"characters": n}: CV only. While the model writes its edit plan, how much
  it has written so far. The raw plan is not forwarded: it may name facts that
  validation will remove, so no CV text is sent before it has been checked.
- `delta` {"text": ...}: checked document text. For a CV, the checked CV's Markdown, one
  section per event. For a cover letter, the model's Markdown one paragraph at a time,
  each sent only once the letter up to its end has passed the grounding checks; from
  the first paragraph that fails, nothing more of that draft is sent.
- `retry` {"unsupported_claims": [issue, ...]}: cover letter only. The draft made claims
  the profile does not support: the client discards every `delta` it showed. A second
  letter, told which claims to leave out, follows as new `delta` events.
- `reset` {}: cover letter only, rare. The checked letter is not the text shown so far
  (e.g. the model wrapped it in a code fence): the client discards what it showed, and
  the whole letter follows as one `delta`.
- `report` {"id", "kind", "report", "provider_used", "model", "latency_ms"}: the stored
  document's id and its validation report.
- `done` {"id"}: the last event of a successful stream.
- `error` {"code", "message"} (and "claims" for `unsupported_claims`): the stream ends
  there and nothing is stored.

With the built-in engine the same events are sent, the Markdown in a few `delta` events.
The generators never catch cancellation: when the client goes away, the router's stream
is closed and records the usage it had so far. Storing opens its own short session.
"""

import json
import logging
import re
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.builtin.letter_templates import LetterLanguage, Tone
from kazi.cpu import CpuPool
from kazi.documents.generation import cv_prompt, letter_prompt, read_letter, read_plan
from kazi.documents.report import Issue
from kazi.documents.service import (
    Generated,
    Inputs,
    UnsupportedClaims,
    builtin_letter,
    check_letter,
    cv_result,
    errors_of,
    letter_result,
    store,
)
from kazi.domain import TaskType
from kazi.errors import KaziError
from kazi.llm.types import Prompt, TextDelta
from kazi.routing.attempts import CallContext, Stopwatch
from kazi.routing.router import NoProviderConfigured, Routed, Router

logger = logging.getLogger(__name__)

EVENT_STREAM = "text/event-stream"
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
PROGRESS_STEP = 200  # characters of edit plan between two progress events
_SECTION_START = re.compile(r"(?=^## )", re.MULTILINE)
_PARAGRAPH_END = "\n\n"


@dataclass(frozen=True)
class StreamDeps:
    router: Router
    sessions: async_sessionmaker[AsyncSession]
    cpu: CpuPool


@dataclass
class _Outcome:
    routed: Routed | None = None
    generated: Generated | None = None


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _issues(issues: list[Issue]) -> list[object]:
    return [issue.model_dump(mode="json", by_alias=True) for issue in issues]


def error_event(error: KaziError) -> str:
    data: dict[str, object] = {"code": error.code, "message": error.message}
    if isinstance(error, UnsupportedClaims):
        data["claims"] = _issues(error.issues)
    return sse("error", data)


def markdown_sections(markdown: str) -> list[str]:
    """The Markdown cut before each "## " heading; joined again they give it back."""
    return [part for part in _SECTION_START.split(markdown) if part]


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


async def _model_text(
    router: Router, ctx: CallContext, prompt: Prompt, outcome: _Outcome
) -> AsyncGenerator[str, None]:
    """The model's text as it is written; its Routed result is kept in `outcome`."""
    events = router.stream(ctx, prompt)
    try:
        async for event in events:
            if isinstance(event, TextDelta):
                yield event.text
            else:
                outcome.routed = event
    finally:
        if isinstance(events, AsyncGenerator):  # closed now, not when collected
            await events.aclose()


async def _progress(
    router: Router, ctx: CallContext, prompt: Prompt, outcome: _Outcome
) -> AsyncGenerator[str, None]:
    """`progress` events counting the characters the model has written so far."""
    received = reported = 0
    async with aclosing(_model_text(router, ctx, prompt, outcome)) as pieces:
        async for piece in pieces:
            received += len(piece)
            if received - reported >= PROGRESS_STEP:
                reported = received
                yield sse("progress", {"characters": received})


@dataclass
class _Shown:
    """What a letter stream has sent of the current draft."""

    text: str = ""
    held: bool = False  # a paragraph failed the checks: nothing more of this draft is sent


async def _checked_deltas(
    cpu: CpuPool, inputs: Inputs, pieces: AsyncGenerator[str, None], shown: _Shown
) -> AsyncGenerator[str, None]:
    """A `delta` per paragraph whose letter so far passes the checks; reads to the end."""
    pending = ""
    async with aclosing(pieces):
        async for piece in pieces:
            if shown.held:
                continue  # the rest of the draft is still read: the retry names all its claims
            pending += piece
            while _PARAGRAPH_END in pending and not shown.held:
                paragraph, _, pending = pending.partition(_PARAGRAPH_END)
                if event := await _shown_if_checked(cpu, inputs, paragraph + _PARAGRAPH_END, shown):
                    yield event
    last = pending if pending.strip() and not shown.held else None
    if last and (event := await _shown_if_checked(cpu, inputs, last, shown)):
        yield event


async def _shown_if_checked(
    cpu: CpuPool, inputs: Inputs, paragraph: str, shown: _Shown
) -> str | None:
    """The paragraph's `delta` event when the letter up to its end passes the checks;
    else None, and nothing more of this draft is shown."""
    if errors_of(await check_letter(cpu, inputs, shown.text + paragraph)):
        shown.held = True
        return None
    shown.text += paragraph
    return sse("delta", {"text": paragraph})


async def _finish(
    deps: StreamDeps, inputs: Inputs, generated: Generated
) -> AsyncGenerator[str, None]:
    """Stores the document in a session of its own, then reports it."""
    async with deps.sessions() as session, session.begin():
        stored = await store(session, inputs, generated)
        document_id = stored.id
    report = {
        "id": document_id,
        "kind": generated.kind.value,
        "report": generated.report.model_dump(mode="json", by_alias=True),
        "provider_used": generated.provider_used,
        "model": generated.model,
        "latency_ms": generated.latency_ms,
    }
    yield sse("report", report)
    yield sse("done", {"id": document_id})


async def cv_events(deps: StreamDeps, inputs: Inputs) -> AsyncGenerator[str, None]:
    watch = Stopwatch()
    outcome = _Outcome()
    ctx = inputs.context(TaskType.CV_DRAFT)
    prompt = cv_prompt(inputs.profile, inputs.job)
    try:
        async with aclosing(_progress(deps.router, ctx, prompt, outcome)) as progress:
            async for chunk in progress:
                yield chunk
    except NoProviderConfigured:
        generated = await cv_result(deps.cpu, inputs, None, None, watch)
    else:
        routed = _routed(outcome)
        plan = read_plan(routed.completion)
        generated = await cv_result(deps.cpu, inputs, plan, routed, watch)
    for section in markdown_sections(generated.markdown):
        yield sse("delta", {"text": section})
    async with aclosing(_finish(deps, inputs, generated)) as finish:
        async for chunk in finish:
            yield chunk


async def _model_letter(
    deps: StreamDeps, inputs: Inputs, tone: Tone, language: LetterLanguage, outcome: _Outcome
) -> AsyncGenerator[str, None]:
    """Streams the checked letter, and once more if it was flagged; sets `outcome.generated`."""
    watch = Stopwatch()
    ctx = inputs.context(TaskType.COVER_LETTER)
    flagged: list[Issue] = []
    for attempt in range(2):
        prompt = letter_prompt(inputs.profile, inputs.job, tone, language, flagged)
        shown = _Shown()
        pieces = _model_text(deps.router, ctx, prompt, outcome)
        async with aclosing(_checked_deltas(deps.cpu, inputs, pieces, shown)) as deltas:
            async for chunk in deltas:
                yield chunk
        text = read_letter(_routed(outcome).completion)
        issues = errors_of(await check_letter(deps.cpu, inputs, text))
        if not issues or attempt == 1:
            break
        flagged = issues
        yield sse("retry", {"unsupported_claims": _issues(issues)})
    generated = await letter_result(
        deps.cpu,
        inputs,
        text,
        tone=tone,
        language=language,
        removed=flagged,
        routed=outcome.routed,
        watch=watch,
    )
    for chunk in _unshown(generated.markdown, shown.text):
        yield chunk
    outcome.generated = generated


def _unshown(letter: str, shown: str) -> list[str]:
    """The events that bring the client from what it showed to the checked letter."""
    if letter.strip() == shown.strip():
        return []
    if letter.startswith(shown):
        return [sse("delta", {"text": letter[len(shown) :]})]
    return [sse("reset", {}), sse("delta", {"text": letter})]


async def letter_events(
    deps: StreamDeps, inputs: Inputs, tone: Tone, language: LetterLanguage
) -> AsyncGenerator[str, None]:
    outcome = _Outcome()
    builtin = False
    try:
        async with aclosing(_model_letter(deps, inputs, tone, language, outcome)) as letter:
            async for chunk in letter:
                yield chunk
    except NoProviderConfigured:
        outcome.generated = await builtin_letter(deps.cpu, inputs, tone, language, Stopwatch())
        builtin = True
    generated = outcome.generated
    if generated is None:  # _model_letter sets it or raises
        raise RuntimeError("letter stream ended without a letter")
    if builtin:  # a model's letter was streamed as it was checked
        for section in markdown_sections(generated.markdown):
            yield sse("delta", {"text": section})
    async with aclosing(_finish(deps, inputs, generated)) as finish:
        async for chunk in finish:
            yield chunk


def _routed(outcome: _Outcome) -> Routed:
    if outcome.routed is None:  # the router ends every stream with a Routed or raises
        raise RuntimeError("model stream ended without a completion")
    return outcome.routed
