"""Google Gemini (the Gemini Developer API), through the official `google-genai` SDK."""

import json
import re
from collections.abc import AsyncGenerator, Mapping
from enum import Enum

import httpx2
from google import genai
from google.genai import errors as genai_errors
from google.genai import types
from google.genai.client import DebugConfig

from kazi.llm.adapters._base import (
    Answer,
    ChoiceDraft,
    SdkAdapter,
    refuse,
    shared_tls_context,
    whole_number,
)
from kazi.llm.adapters._errors import error_for_status, vendor_error_message
from kazi.llm.adapters._gemini_wire import config, contents, openai_logprobs
from kazi.llm.adapters._settings import GeminiSettings
from kazi.llm.errors import AuthRejected, ContentRefused, ProviderError, ProviderUnavailable
from kazi.llm.tokens import estimate_tokens
from kazi.llm.types import (
    Completion,
    EmbeddingRequest,
    Embeddings,
    Prompt,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    Usage,
)

DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com"
# v1beta is where the Developer API offers responseJsonSchema; pinned so that
# GOOGLE_GENAI_API_VERSION in the environment cannot change it.
API_VERSION = "v1beta"
# Finish reasons that mean the answer was withheld for safety or policy reasons.
_REFUSALS = frozenset(
    {
        "SAFETY",
        "RECITATION",
        "BLOCKLIST",
        "PROHIBITED_CONTENT",
        "SPII",
        "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT",
        "IMAGE_RECITATION",
    }
)
_FINISH_REASONS = {"STOP": "stop", "MAX_TOKENS": "length"}
_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


class _NoBlockingCalls(httpx2.BaseTransport):
    """The SDK insists on a sync client too; the adapter is async-only, so one that can
    never reach the network (and costs nothing to build) takes its place."""

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        raise RuntimeError("the Gemini adapter makes no blocking calls")


def _name(value: object) -> str | None:
    """An SDK enum's wire name (unknown values arrive as plain strings)."""
    if value is None:
        return None
    return str(value.value) if isinstance(value, Enum) else str(value)


def _usage(metadata: types.GenerateContentResponseUsageMetadata | None) -> Usage | None:
    if metadata is None or metadata.prompt_token_count is None:
        return None
    # prompt_token_count already includes the cached part; thinking is billed as output.
    return Usage(
        input_tokens=whole_number(metadata.prompt_token_count),
        output_tokens=whole_number(metadata.candidates_token_count)
        + whole_number(metadata.thoughts_token_count),
        cached_tokens=whole_number(metadata.cached_content_token_count),
    )


def _text_of(candidate: types.Candidate) -> str:
    return "".join(part.text for part in _parts(candidate) if part.text and not part.thought)


def _parts(candidate: types.Candidate) -> list[types.Part]:
    return candidate.content.parts if candidate.content and candidate.content.parts else []


def _finish_reason(candidate: types.Candidate, has_calls: bool) -> str | None:
    reason = _name(candidate.finish_reason)
    if reason == "STOP" and has_calls:
        return "tool_calls"
    return _FINISH_REASONS.get(reason, reason) if reason else None


def _candidate_events(
    draft: ChoiceDraft, index: int, candidate: types.Candidate
) -> list[StreamEvent]:
    """What one candidate (of an answer or of a stream chunk) adds to its choice."""
    events: list[StreamEvent] = []
    if text := _text_of(candidate):
        draft.pieces.append(text)
        events.append(TextDelta(text, index))
    for call in (part.function_call for part in _parts(candidate) if part.function_call):
        position = len(draft.calls)
        arguments = json.dumps(call.args or {})
        delta = ToolCallDelta(
            index, position, call.id or f"call_{index}_{position}", call.name or "", arguments
        )
        draft.add_call(delta)
        events.append(delta)
    draft.finish_reason = _finish_reason(candidate, bool(draft.calls)) or draft.finish_reason
    if (logprobs := openai_logprobs(candidate.logprobs_result)) is not None:
        draft.logprobs.append(logprobs)
    return events


def _refused(response: types.GenerateContentResponse) -> bool:
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason is not None:
        return True
    return any(_name(c.finish_reason) in _REFUSALS for c in response.candidates or [])


def _retry_delay(details: object) -> float | None:
    """The delay of a google.rpc.RetryInfo detail, which Gemini sends instead of Retry-After."""
    error = details.get("error", details) if isinstance(details, Mapping) else None
    entries = error.get("details") if isinstance(error, Mapping) else None
    for entry in entries if isinstance(entries, list) else []:
        delay = entry.get("retryDelay") if isinstance(entry, Mapping) else None
        if isinstance(delay, str) and (match := _SECONDS.match(delay)):
            return float(match.group(1))
    return None


def _invalid_key(details: object) -> bool:
    """Gemini answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID."""
    return "API_KEY_INVALID" in repr(details)


class GeminiProvider(SdkAdapter):
    vendor = "Gemini"
    Settings = GeminiSettings

    def __init__(self, settings: GeminiSettings, http_client: httpx2.AsyncClient | None = None):
        key = settings.api_key.get_secret_value()
        super().__init__(secrets=[key], owns_http_client=http_client is None, limits=settings)
        # Always an httpx2 client of our own or the caller's: left alone, the SDK would
        # switch to aiohttp whenever that happens to be installed.
        self._http = http_client or httpx2.AsyncClient(verify=shared_tls_context())
        self._unused_sync_http = httpx2.Client(transport=_NoBlockingCalls())
        options = types.HttpOptions(
            base_url=settings.base_url or DEFAULT_BASE_URL,
            api_version=API_VERSION,
            httpx_async_client=self._http,
            httpx_client=self._unused_sync_http,
            # Only the SDK's Live API (websocket) set-up reads this; without it the SDK
            # parses the CA bundle again on every construction.
            async_client_args={"ssl": shared_tls_context()},
            retry_options=types.HttpRetryOptions(attempts=1),
        )
        # Every argument explicit so that no GOOGLE_* environment variable is consulted
        # (Vertex mode, replay mode, another key or base URL).
        self._client = genai.Client(
            vertexai=False,
            api_key=key,
            http_options=options,
            debug_config=DebugConfig(client_mode=None, replays_directory=None, replay_id=None),
        )

    async def _generate(self, prompt: Prompt, *, model: str, timeout: float) -> Completion:
        response = await self._client.aio.models.generate_content(
            model=model, contents=contents(prompt), config=config(prompt, timeout)
        )
        if _refused(response):
            raise ContentRefused(f"{self.vendor} declined to answer this prompt")
        if not response.candidates:
            raise ProviderUnavailable(f"{self.vendor} returned no candidates")
        answer = Answer(
            model=response.model_version or model,
            request_id=response.response_id,
            usage=_usage(response.usage_metadata),
        )
        self._absorb_candidates(answer, response)
        return answer.completion(prompt, self.vendor)

    async def _stream(
        self, prompt: Prompt, *, model: str, timeout: float
    ) -> AsyncGenerator[StreamEvent, None]:
        chunks = await self._client.aio.models.generate_content_stream(
            model=model, contents=contents(prompt), config=config(prompt, timeout)
        )
        answer = Answer(model=model)
        received_any = False
        try:
            async for chunk in chunks:
                received_any = True
                for event in self._absorb(answer, chunk):
                    yield event
        finally:
            # Closing the SDK's generator releases the connection when we leave early.
            if isinstance(chunks, AsyncGenerator):
                await chunks.aclose()
        if not received_any:
            raise ProviderUnavailable(f"{self.vendor} ended the stream without any data")
        yield answer.completion(prompt, self.vendor)

    def _absorb(self, answer: Answer, chunk: types.GenerateContentResponse) -> list[StreamEvent]:
        """Record what a stream chunk says about the answer; return its new events."""
        if _refused(chunk):
            raise ContentRefused(f"{self.vendor} declined to answer this prompt")
        answer.model = chunk.model_version or answer.model
        answer.request_id = answer.request_id or chunk.response_id
        answer.usage = _usage(chunk.usage_metadata) or answer.usage
        return self._absorb_candidates(answer, chunk)

    def _absorb_candidates(
        self, answer: Answer, response: types.GenerateContentResponse
    ) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        for position, candidate in enumerate(response.candidates or []):
            index = candidate.index if candidate.index is not None else position
            events += _candidate_events(answer.draft(index), index, candidate)
        return events

    async def _embed(self, request: EmbeddingRequest, *, model: str, timeout: float) -> Embeddings:
        if request.user is not None:
            raise refuse(self.vendor, "user")
        config = types.EmbedContentConfig(
            output_dimensionality=request.dimensions,
            http_options=types.HttpOptions(timeout=max(1, round(timeout * 1000))),
        )
        contents: list[types.Content] = [
            types.Content(parts=[types.Part(text=text)]) for text in request.texts
        ]
        response = await self._client.aio.models.embed_content(
            model=model, contents=contents, config=config
        )
        vectors = tuple(tuple(e.values or ()) for e in response.embeddings or [])
        if len(vectors) != len(request.texts):
            raise ProviderUnavailable(f"{self.vendor} returned {len(vectors)} embeddings")
        # The Developer API reports no token counts for embeddings: counted locally.
        tokens = sum(estimate_tokens(text) for text in request.texts)
        return Embeddings(vectors, model, Usage(input_tokens=tokens, estimated=True))

    def _translate(self, exc: Exception) -> ProviderError | None:
        if isinstance(exc, genai_errors.APIError):
            status = exc.code if isinstance(exc.code, int) else 500
            if status == 400 and _invalid_key(exc.details):
                return AuthRejected(f"{self.vendor} rejected the API key (HTTP 400)")
            response = exc.response
            headers = response.headers if isinstance(response, httpx2.Response) else {}
            return error_for_status(
                status,
                vendor=self.vendor,
                headers=headers,
                detail=vendor_error_message(exc.details),
                retry_after=_retry_delay(exc.details),
            )
        return None

    async def _close(self) -> None:
        # The SDK leaves the clients passed to it open.
        self._unused_sync_http.close()
        if self._owns_http_client:
            await self._http.aclose()
