"""Sending only checked text: a letter paragraph by paragraph, a document by sections.

A paragraph is sent once the letter up to its end passes the grounding checks; from
the first paragraph that fails, nothing more of that draft is sent. When the finished
document differs from what was sent, the client is brought to it (`catch_up`).
"""

import re
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass

from kazi.documents.events import Reset, TextDelta
from kazi.documents.report import ValidationReport

Check = Callable[[str], Awaitable[ValidationReport]]
_SECTION_START = re.compile(r"(?=^## )", re.MULTILINE)
_PARAGRAPH_END = "\n\n"


def markdown_sections(markdown: str) -> list[str]:
    """The Markdown cut before each "## " heading; joined again they give it back."""
    return [part for part in _SECTION_START.split(markdown) if part]


@dataclass
class Shown:
    """What has been sent of the current draft."""

    text: str = ""
    held: bool = False  # a paragraph failed the checks: nothing more of this draft is sent


async def checked_paragraphs(
    check: Check, pieces: AsyncGenerator[str, None], shown: Shown
) -> AsyncGenerator[TextDelta, None]:
    """A delta per paragraph whose letter so far passes the checks; reads to the end."""
    pending = ""
    async with aclosing(pieces):
        async for piece in pieces:
            if shown.held:
                continue  # the rest of the draft is still read: a redraft names all its claims
            pending += piece
            while _PARAGRAPH_END in pending and not shown.held:
                paragraph, _, pending = pending.partition(_PARAGRAPH_END)
                if delta := await shown_if_checked(check, paragraph + _PARAGRAPH_END, shown):
                    yield delta
    last = pending if pending.strip() and not shown.held else None
    if last and (delta := await shown_if_checked(check, last, shown)):
        yield delta


async def shown_if_checked(check: Check, paragraph: str, shown: Shown) -> TextDelta | None:
    """The paragraph's delta when the text up to its end passes the checks; else None,
    and nothing more of this draft is shown."""
    if not (await check(shown.text + paragraph)).ok:
        shown.held = True
        return None
    shown.text += paragraph
    return TextDelta(paragraph)


def catch_up(document: str, shown: str) -> list[Reset | TextDelta]:
    """The events that bring the client from what it showed to the finished document:
    none, the rest of it by sections, or a reset and the whole of it."""
    if shown and document.strip() == shown.strip():
        return []
    if document.startswith(shown):
        return [TextDelta(section) for section in markdown_sections(document[len(shown) :])]
    return [Reset(), *(TextDelta(section) for section in markdown_sections(document))]
