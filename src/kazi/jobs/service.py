"""The jobs service: intake (a link, pasted text or a screenshot in, posting fields out)
and the user's saved jobs (list, read, correct, delete).

Order of trust: structured data, then heuristics, then a model for what is still
empty; a model never overrides a field an earlier stage found. Without a provider
the built-in result (structured data plus heuristics) stands on its own.
"""

import logging
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.enums import TaskType, Tier
from kazi.jobs.cache import DEFAULT_TTL_S, CachedExtraction, ExtractionCache, cache_key
from kazi.jobs.extract_errors import (
    ExtractionFailed,
    FetchFailed,
    NeedsAIProvider,
    NotAPosting,
    SeveralPostings,
)
from kazi.jobs.fetcher import DEFAULT_FETCH_PORTS, FetchError, fetch_page, parse_fetch_url
from kazi.jobs.images import Screenshot
from kazi.jobs.intake import NotPostingReason, ParsedPosting, missing_fields, parse_posting
from kazi.jobs.llm_extract import (
    AnswerInvalid,
    ModelFields,
    extract_fields,
    image_prompt,
    text_prompt,
)
from kazi.jobs.models import Job
from kazi.jobs.pasted import parse_paste, read_paste
from kazi.jobs.posting import JOB_FIELDS, JobData, Source
from kazi.jobs.repository import JobRepository
from kazi.jobs.schemas import JobPatch
from kazi.kit.cpu import CpuPool
from kazi.kit.errors import KaziError, NotFound
from kazi.routing.attempts import CallContext, Stopwatch
from kazi.routing.router import AllProvidersFailed, NoProviderConfigured, Router

logger = logging.getLogger(__name__)

BUILTIN = "builtin"
NO_SUCH_JOB = "No such job."


@dataclass(frozen=True)
class ExtractionWarning:
    code: str
    message: str


AI_UNAVAILABLE = ExtractionWarning(
    "ai_unavailable",
    "The AI providers could not be reached; these fields come from the built-in extractor.",
)
AI_ANSWER_INVALID = ExtractionWarning(
    "ai_answer_invalid",
    "The AI provider's answer was unusable; these fields come from the built-in extractor.",
)


@dataclass(frozen=True)
class Extraction:
    data: JobData
    provenance: dict[str, Source]
    provider_used: str
    model: str | None = None
    source_url: str | None = None
    latency_ms: int = 0
    from_cache: bool = False
    warnings: list[ExtractionWarning] = field(default_factory=list)
    is_posting: bool = True


def call_context(user_id: int, tier: str) -> CallContext:
    return CallContext(TaskType.EXTRACTION, Tier(tier), user_id)


def merge_missing(
    base: JobData, provenance: dict[str, Source], found: JobData
) -> tuple[JobData, dict[str, Source]]:
    """Fields still empty in base take the model's value; filled ones never change."""
    updates = {
        name: getattr(found, name)
        for name in missing_fields(base)
        if getattr(found, name) not in (None, [], "")
    }
    merged = JobData.model_validate({**base.model_dump(), **updates})
    return merged, {**provenance, **dict.fromkeys(updates, Source.LLM)}


def _builtin(parsed: ParsedPosting, *warnings: ExtractionWarning) -> Extraction:
    return Extraction(parsed.data, dict(parsed.provenance), BUILTIN, warnings=list(warnings))


def _require_title(extraction: Extraction) -> Extraction:
    if not extraction.is_posting or not extraction.data.title:
        raise NotAPosting
    return extraction


class ExtractionService:
    def __init__(
        self,
        router: Router,
        cache: ExtractionCache,
        cpu: CpuPool,
        *,
        allow_private: bool = False,
        allowed_ports: Collection[int] = DEFAULT_FETCH_PORTS,
        cache_ttl_s: float = DEFAULT_TTL_S,
    ) -> None:
        self.router = router
        self.cache = cache
        self.cpu = cpu  # pages are parsed there: a large one would stall the event loop
        self.allow_private = allow_private
        self.allowed_ports = allowed_ports
        self.cache_ttl_s = cache_ttl_s

    async def from_url(self, url: str, ctx: CallContext, *, force: bool = False) -> Extraction:
        """Fetch and read a posting; a recent answer for the same URL is reused unless force."""
        watch, url = Stopwatch(), url.strip()
        try:
            key = cache_key(str(parse_fetch_url(url).url))
        except FetchError as error:
            raise FetchFailed(error) from None
        cached = None if force else await self.cache.get(key)
        if cached is not None:
            extraction = Extraction(
                cached.data, dict(cached.provenance), cached.provider_used, cached.model
            )
            return replace(extraction, source_url=url, latency_ms=watch.ms, from_cache=True)
        extraction = _require_title(await self._read_page(url, ctx))
        # Fallback answers are not kept: the next request may reach a provider again.
        if not extraction.warnings:
            entry = CachedExtraction(
                data=extraction.data,
                provenance=extraction.provenance,
                provider_used=extraction.provider_used,
                model=extraction.model,
            )
            await self.cache.set(key, entry, self.cache_ttl_s)
        return replace(extraction, source_url=url, latency_ms=watch.ms)

    async def _read_page(self, url: str, ctx: CallContext) -> Extraction:
        try:
            page = await fetch_page(
                url, allow_private=self.allow_private, allowed_ports=self.allowed_ports
            )
        except FetchError as error:
            raise FetchFailed(error) from None
        parsed = await self.cpu.run(parse_posting, page.text, page.url)
        if parsed.reason is not None:
            raise NotAPosting.because(parsed.reason)
        return await self._fill_missing(parsed, ctx)

    async def from_text(self, text: str, ctx: CallContext) -> Extraction:
        """Pasted text: heuristics first, a model for the rest when one is configured.

        Several roles are answered as such. A paste that shows no sign of a job ad is
        left to the model's reading, and without one answered not_a_posting."""
        watch = Stopwatch()
        reading = await self.cpu.run(read_paste, text)
        if reading.roles:
            raise SeveralPostings(reading.roles)
        if reading.is_job:
            parsed = await self.cpu.run(parse_paste, text, reading)
        else:
            parsed = ParsedPosting(JobData(), {}, text, True, missing=list(JOB_FIELDS))
        extraction = await self._fill_missing(parsed, ctx, page_text=text)
        builtin_alone = extraction.provider_used == BUILTIN and not extraction.warnings
        if builtin_alone and not reading.is_job:
            raise NotAPosting.because(NotPostingReason.NOT_A_JOB)
        if extraction.provider_used == BUILTIN and not extraction.data.title:
            raise _without_title(extraction.warnings)
        return replace(_require_title(extraction), latency_ms=watch.ms)

    async def from_image(self, shot: Screenshot, ctx: CallContext) -> Extraction:
        """A screenshot can only be read by a model; AllProvidersFailed passes through."""
        watch = Stopwatch()
        try:
            answer = await extract_fields(
                self.router, ctx, image_prompt(shot.part(), JOB_FIELDS), JOB_FIELDS
            )
        except NoProviderConfigured:
            raise NeedsAIProvider(
                "Reading a screenshot needs an AI provider, and none is configured for "
                "extraction. Paste the posting's text or send its link instead."
            ) from None
        except AnswerInvalid:
            raise ExtractionFailed from None
        extraction = _require_title(_from_model(JobData(), {}, answer))
        return replace(extraction, latency_ms=watch.ms)

    async def _fill_missing(
        self, parsed: ParsedPosting, ctx: CallContext, page_text: str | None = None
    ) -> Extraction:
        missing = missing_fields(parsed.data)
        if not missing:
            return _builtin(parsed)
        prompt = text_prompt(page_text or parsed.readable_text, missing)
        try:
            answer = await extract_fields(self.router, ctx, prompt, missing)
        except NoProviderConfigured:
            return _builtin(parsed)
        except AllProvidersFailed:
            # Decision: the user still gets what the built-in extractor found, marked
            # "builtin" with a warning, instead of a 503 that throws that result away.
            logger.warning("extraction falls back to builtin: every provider failed")
            return _builtin(parsed, AI_UNAVAILABLE)
        except AnswerInvalid:
            logger.warning("extraction falls back to builtin: answer failed validation twice")
            return _builtin(parsed, AI_ANSWER_INVALID)
        return _from_model(parsed.data, parsed.provenance, answer)


def extraction_service(app: FastAPI) -> ExtractionService:
    """The extraction service with the app's router, cache, CPU pool and fetch settings."""
    settings = app.state.settings
    return ExtractionService(
        app.state.router,
        app.state.extraction_cache,  # in Redis when KAZI_REDIS_URL is set
        app.state.cpu,
        allow_private=settings.fetch_allow_private,
        allowed_ports=settings.fetch_allowed_ports,
    )


def _from_model(base: JobData, provenance: dict[str, Source], answer: ModelFields) -> Extraction:
    data, merged_provenance = merge_missing(base, provenance, answer.data)
    return Extraction(
        data,
        merged_provenance,
        answer.routed.provider_used,
        answer.routed.model,
        # The model's verdict decides only when the earlier stages found nothing.
        is_posting=answer.is_posting or bool(provenance),
    )


def _without_title(warnings: list[ExtractionWarning]) -> KaziError:
    """Why a paste the built-in extractor could not title gets no answer."""
    if AI_UNAVAILABLE in warnings:
        return AllProvidersFailed()
    if AI_ANSWER_INVALID in warnings:
        return ExtractionFailed()
    return NeedsAIProvider(
        "Kazi could not find a job title in that text without an AI provider, "
        "and none is configured for extraction."
    )


class JobService:
    """The user's saved jobs; other users' jobs answer 404."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = JobRepository(session)

    async def page(self, user_id: int, offset: int, limit: int) -> tuple[list[Job], int]:
        """The user's jobs, newest first, and how many there are in all."""
        return await self.repo.page(user_id, offset, limit)

    async def get(self, user_id: int, job_id: int) -> Job:
        job = await self.repo.get(user_id, job_id)
        if job is None:
            raise NotFound(NO_SUCH_JOB)
        return job

    async def delete(self, user_id: int, job_id: int) -> None:
        if not await self.repo.delete(user_id, job_id):
            raise NotFound(NO_SUCH_JOB)

    async def correct(self, user_id: int, job_id: int, patch: JobPatch) -> Job:
        """Apply the user's corrections to their job.

        The corrected fields are marked as the user's, so later documents (which read the
        stored job) use them and anyone reading the job sees who stated them.
        """
        job = await self.get(user_id, job_id)
        changes = patch.changes()
        data = JobData.model_validate({**job.data, **changes}).model_dump(mode="json")
        job.data = {key: value for key, value in data.items() if key in job.data or key in changes}
        job.provenance = {**job.provenance, **dict.fromkeys(changes, Source.USER.value)}
        job.title = data["title"]
        job.company = data["company"]
        await self.session.flush()
        return job

    async def save(self, user_id: int, extraction: Extraction) -> Job:
        """The extracted posting as one of the user's saved jobs (flushed, not committed).
        A cached answer for a link the user has saved already is that saved job, not a copy."""
        if extraction.from_cache and extraction.source_url:
            saved = await self.repo.latest_from(user_id, extraction.source_url)
            if saved is not None:
                return saved
        data = extraction.data
        job = Job(
            user_id=user_id,
            title=data.title,
            company=data.company,
            source_url=extraction.source_url,
            data=data.model_dump(mode="json"),
            provenance={name: source.value for name, source in extraction.provenance.items()},
            provider_used=extraction.provider_used,
        )
        return await self.repo.add(job)
