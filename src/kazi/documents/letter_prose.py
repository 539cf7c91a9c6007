"""A cover letter from a routed model: its prose as structured output, its layout by code.

The model answers within `LetterProse`'s JSON schema: an opening, two or three proof
paragraphs each tied to a matched requirement, and a closing paragraph. Code puts the
Kenyan formal layout around them with the built-in letter's layout functions: sender
block, date, addressee block, salutation, "RE:" line, and the closing that matches the
salutation. While the model writes, each paragraph is passed on as soon as the JSON
holds the whole of it.
"""

from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from pydantic_core import from_json

from kazi.documents.builtin.cover_letter import letter_phrases
from kazi.documents.builtin.letter_layout import (
    addressee_block,
    letter_date,
    named_reader,
    re_line,
    salutation_and_closing,
    sender_block,
)
from kazi.documents.builtin.letter_templates import LetterLanguage, Tone
from kazi.documents.generation import UnusableAnswer
from kazi.documents.prose import LetterProse, tidy
from kazi.jobs.posting import JobData
from kazi.llm.types import Completion
from kazi.profiles.schemas import Profile

PARAGRAPH_END = "\n\n"


@dataclass(frozen=True)
class LetterFrame:
    """The layout around the prose: everything before it, and everything after."""

    head: str  # sender, date, addressee, salutation, "RE:" line; ends with a blank line
    tail: str  # the closing that matches the salutation, and the candidate's name

    def letter(self, paragraphs: list[str]) -> str:
        return self.head + "".join(p + PARAGRAPH_END for p in paragraphs) + self.tail


def letter_frame(
    profile: Profile, job: JobData | None, tone: Tone, language: LetterLanguage, today: date
) -> LetterFrame:
    """The Kenyan formal layout, as the built-in letter has it."""
    phrases = letter_phrases(language, tone)
    reader = named_reader(job)
    salutation, closing = salutation_and_closing(phrases, reader, language)
    head = [
        sender_block(profile),
        letter_date(today, language),
        addressee_block(phrases, job, reader, language),
        salutation,
        re_line(phrases, job),
    ]
    tail = [closing, profile.basics.name]
    return LetterFrame(
        "".join(block + PARAGRAPH_END for block in head if block),
        PARAGRAPH_END.join(block for block in tail if block) + "\n",
    )


def read_prose(completion: Completion) -> LetterProse:
    """The model's prose; an answer outside the schema is unusable."""
    try:
        prose = LetterProse.model_validate(completion.parsed)
    except ValidationError:
        raise UnusableAnswer from None
    if not prose.paragraphs():
        raise UnusableAnswer
    return prose


def whole_paragraphs(answer: str) -> list[str]:
    """The paragraphs the model's JSON holds whole so far, in letter order."""
    try:
        parsed: Any = from_json(answer, allow_partial=True)
    except ValueError:
        return []
    if not isinstance(parsed, dict) or not isinstance(parsed.get("opening"), str):
        return []
    found = [parsed["opening"]]
    proofs = parsed.get("proofs")
    for proof in proofs if isinstance(proofs, list) else []:
        text = proof.get("text") if isinstance(proof, dict) else None
        if not isinstance(text, str):
            break
        found.append(text)
    if isinstance(parsed.get("closing"), str):  # written after the proofs: they are all in
        found.append(parsed["closing"])
    return tidy(found)


async def letter_text(
    frame: LetterFrame, pieces: AsyncGenerator[str, None]
) -> AsyncGenerator[str, None]:
    """The laid-out letter's text, each paragraph once the model has written all of it.

    The layout's head follows the model's first piece: with no model routed, nothing
    of this letter is sent."""
    answer, sent, started = "", 0, False
    async with aclosing(pieces):
        async for piece in pieces:
            if not started:
                started = True
                yield frame.head
            answer += piece
            paragraphs = whole_paragraphs(answer)
            for paragraph in paragraphs[sent:]:
                yield paragraph + PARAGRAPH_END
            sent = max(sent, len(paragraphs))
    if not started:
        yield frame.head
    yield frame.tail
