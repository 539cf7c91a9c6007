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
from typing import Any

from pydantic import ValidationError
from pydantic_core import from_json

from kazi.documents.builtin.cover_letter import PARAGRAPH_END, LetterFrame, letter_frame
from kazi.documents.generation import UnusableAnswer
from kazi.documents.prose import LetterProse, tidy
from kazi.llm.types import Completion


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


__all__ = ["LetterFrame", "letter_frame"]  # the frame is the built-in letter's
