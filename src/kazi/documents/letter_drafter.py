"""The cover letter: drafted by the routed model or the built-in engine, then grounded.

A model writes the prose within a JSON schema and code lays it out (`letter_prose`).

The letter rule lives here once: a model's draft with claims the profile does not
support is written once more with those claims named; a letter that still has any
(from the model or the built-in engine) is refused.
"""

from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from functools import cached_property

from kazi.documents.builtin.letter_templates import LetterLanguage, Tone
from kazi.documents.drafting import Made, PipelineDeps
from kazi.documents.drafts import (
    Generated,
    Inputs,
    built_in_letter,
    errors_of,
    letter_document_report,
    letter_report,
)
from kazi.documents.events import DocumentEvent, Redraft
from kazi.documents.generation import letter_prompt
from kazi.documents.grounding import Grounding
from kazi.documents.letter_prose import LetterFrame, letter_frame, letter_text, read_prose
from kazi.documents.model_text import ModelCall, model_text
from kazi.documents.report import Issue, ValidationReport
from kazi.documents.schemas import BUILTIN, DocumentKind
from kazi.documents.shown import Shown, checked_paragraphs
from kazi.enums import TaskType
from kazi.routing.attempts import Stopwatch
from kazi.routing.router import Routed

DRAFTS = 2  # the first draft and one redraft


@dataclass(frozen=True)
class LetterDrafter:
    deps: PipelineDeps
    inputs: Inputs
    grounding: Grounding
    tone: Tone
    language: LetterLanguage

    @cached_property
    def frame(self) -> LetterFrame:
        """The layout around a model's prose."""
        profile, job = self.inputs.profile, self.inputs.job
        return letter_frame(profile, job, self.tone, self.language, self.grounding.today)

    async def check(self, text: str) -> ValidationReport:
        profile, job = self.inputs.profile, self.inputs.job
        return await self.deps.cpu.run(letter_report, text, profile, job, self.grounding)

    async def with_model(self, made: Made) -> AsyncGenerator[DocumentEvent, None]:
        watch = Stopwatch()
        flagged: list[Issue] = []
        for draft in range(DRAFTS):
            shown, call = Shown(), ModelCall()
            async with aclosing(self._draft(flagged, call, shown)) as deltas:
                async for delta in deltas:
                    yield delta
            text = self.frame.letter(read_prose(call.answer.completion).paragraphs())
            report = await self.check(text)
            if report.ok or draft == DRAFTS - 1:
                break
            flagged = errors_of(report)
            yield Redraft(flagged)
        made.generated = self._finished(text, report, flagged, call.answer, watch)
        made.shown = shown.text

    def _draft(
        self, flagged: list[Issue], call: ModelCall, shown: Shown
    ) -> AsyncGenerator[DocumentEvent, None]:
        """One draft's checked paragraphs, as the model writes them."""
        profile, job = self.inputs.profile, self.inputs.job
        prompt = letter_prompt(profile, job, self.tone, self.language, flagged, self.grounding)
        ctx = self.inputs.context(TaskType.COVER_LETTER)
        pieces = model_text(self.deps.router, ctx, prompt, call)
        return checked_paragraphs(self.check, letter_text(self.frame, pieces), shown)

    async def built_in(self) -> Generated:
        watch = Stopwatch()
        profile, job = self.inputs.profile, self.inputs.job
        text, report = await self.deps.cpu.run(
            built_in_letter, profile, job, self.tone, self.language, self.grounding
        )
        return self._finished(text, report, [], None, watch)

    def _finished(
        self,
        text: str,
        report: ValidationReport,
        removed: list[Issue],
        routed: Routed | None,
        watch: Stopwatch,
    ) -> Generated:
        """The letter and its report; refused (UnsupportedClaims) when it flags a claim."""
        return Generated(
            kind=DocumentKind.COVER_LETTER,
            content=None,
            markdown=text,
            report=letter_document_report(report, removed, self.grounding),
            provider_used=routed.provider_used if routed else BUILTIN,
            model=routed.model if routed else None,
            latency_ms=watch.ms,
            language=self.language.value,
            tone=self.tone.value,
        )
