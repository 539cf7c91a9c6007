"""The CV: an edit plan from the routed model, or from the built-in engine, checked."""

from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass

from kazi.documents.cv import CVEditPlan
from kazi.documents.drafting import Made, PipelineDeps
from kazi.documents.drafts import Generated, Inputs, planned_cv
from kazi.documents.events import DocumentEvent
from kazi.documents.generation import cv_prompt, read_plan
from kazi.documents.grounding import Grounding
from kazi.documents.model_text import ModelCall, progress
from kazi.documents.schemas import BUILTIN, DocumentKind
from kazi.enums import TaskType
from kazi.routing.attempts import Stopwatch
from kazi.routing.router import Routed


@dataclass(frozen=True)
class CVDrafter:
    deps: PipelineDeps
    inputs: Inputs
    grounding: Grounding
    language: str | None  # "sw": Kiswahili headings, dates and summary

    async def with_model(self, made: Made) -> AsyncGenerator[DocumentEvent, None]:
        watch = Stopwatch()
        call = ModelCall()
        profile, job = self.inputs.profile, self.inputs.job
        prompt = cv_prompt(profile, job, self.language, self.grounding)
        ctx = self.inputs.context(TaskType.CV_DRAFT)
        async with aclosing(progress(self.deps.router, ctx, prompt, call)) as events:
            async for event in events:
                yield event
        routed = call.answer
        made.generated = await self._checked(read_plan(routed.completion), routed, watch)

    async def built_in(self) -> Generated:
        return await self._checked(None, None, Stopwatch())

    async def _checked(
        self, plan: CVEditPlan | None, routed: Routed | None, watch: Stopwatch
    ) -> Generated:
        """The CV from the plan (the built-in engine's without one), fabrications removed."""
        profile, job = self.inputs.profile, self.inputs.job
        cv = await self.deps.cpu.run(planned_cv, profile, job, plan, self.language, self.grounding)
        return Generated(
            kind=DocumentKind.CV,
            content=cv.doc,
            markdown=cv.markdown,
            report=cv.report,
            provider_used=routed.provider_used if routed else BUILTIN,
            model=routed.model if routed else None,
            latency_ms=watch.ms,
            language=self.language or job.language,
        )
