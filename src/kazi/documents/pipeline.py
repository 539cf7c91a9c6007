"""The one document pipeline: a CV or a cover letter as a stream of typed events.

Both routes run it: the JSON route reads the events to the end (`finished`), the SSE
route serialises each one as it comes (`documents.sse`). One run builds the request's
grounding once, drafts with the routed model or, when no model is routed for the task,
with the built-in engine, sends only checked text, stores the document and ends with
`Done`; or ends with `Failed`, having stored nothing.

- CV: `Progress` while the model writes its edit plan (the raw plan is never sent: it
  may name facts that validation removes), then the checked CV, one section per delta.
- Cover letter: each paragraph once the letter up to its end passes the checks. A draft
  with unsupported claims is followed by `Redraft` and a second draft told which claims
  to leave out; if the second draft keeps any, the letter is refused.

Cancellation is never caught: when the reader goes away, the router's stream is closed
and records the usage it had so far.
"""

from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing

from kazi.documents.builtin.letter_templates import LetterLanguage, Tone
from kazi.documents.cv_drafter import CVDrafter
from kazi.documents.drafting import Drafter, Made, PipelineDeps
from kazi.documents.drafts import Inputs
from kazi.documents.events import DocumentEvent, Done, Failed
from kazi.documents.grounding import Grounding, ground
from kazi.documents.letter_drafter import LetterDrafter
from kazi.documents.shown import catch_up
from kazi.kit.errors import KaziError
from kazi.routing.router import NoProviderConfigured


async def run(
    deps: PipelineDeps, inputs: Inputs, drafter_for: Callable[[Grounding], Drafter]
) -> AsyncGenerator[DocumentEvent, None]:
    """The events of one document, whichever engine writes it."""
    try:
        grounding = await deps.cpu.run(ground, inputs.profile, inputs.job)
        drafter = drafter_for(grounding)
        made = Made()
        try:
            async with aclosing(drafter.with_model(made)) as events:
                async for event in events:
                    yield event
        except NoProviderConfigured:
            made = Made(await drafter.built_in())
        generated = made.document
        for event in catch_up(generated.markdown, made.shown):
            yield event
        stored = await deps.save(inputs, generated)
    except KaziError as error:
        yield Failed(error)
        return
    yield Done(stored, generated)


def cv_events(
    deps: PipelineDeps, inputs: Inputs, language: str | None = None
) -> AsyncGenerator[DocumentEvent, None]:
    """A CV tailored to the job; `language` ("sw") sets its headings and dates."""
    return run(deps, inputs, lambda grounding: CVDrafter(deps, inputs, grounding, language))


def letter_events(
    deps: PipelineDeps, inputs: Inputs, tone: Tone, language: LetterLanguage
) -> AsyncGenerator[DocumentEvent, None]:
    """A cover letter for the job, refused if it keeps claims the profile does not support."""
    return run(
        deps, inputs, lambda grounding: LetterDrafter(deps, inputs, grounding, tone, language)
    )


async def finished(events: AsyncGenerator[DocumentEvent, None]) -> Done:
    """The events read to the end: the stored document, or the failure raised."""
    async with aclosing(events) as stream:
        async for event in stream:
            if isinstance(event, Failed):
                raise event.error
            if isinstance(event, Done):
                return event
    raise RuntimeError("the document pipeline ended without a result")
