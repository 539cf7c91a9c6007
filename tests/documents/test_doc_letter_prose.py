"""A model's letter prose: paragraphs passed on as soon as the JSON holds them whole."""

import json
from collections.abc import AsyncGenerator

from kazi.documents.events import Reset, TextDelta
from kazi.documents.letter_prose import LetterFrame, letter_text, whole_paragraphs
from kazi.documents.shown import catch_up

PROSE = {
    "opening": "I am applying.",
    "proofs": [{"requirement": 0, "text": "First proof."}, {"requirement": 2, "text": "Second."}],
    "closing": "I can start at once.",
}
FRAME = LetterFrame(head="Amina\n\nDear Sir/Madam,\n\n", tail="Yours faithfully,\n\nAmina\n")


def test_only_whole_paragraphs_are_read_from_partial_json() -> None:
    answer = json.dumps(PROSE)
    cut_in_proof = answer.index("First proof") + 3
    assert whole_paragraphs(answer[:cut_in_proof]) == ["I am applying."]
    assert whole_paragraphs(answer[: answer.index("Second") - 2]) == [
        "I am applying.",
        "First proof.",
    ]
    assert whole_paragraphs(answer) == [
        "I am applying.",
        "First proof.",
        "Second.",
        "I can start at once.",
    ]
    assert whole_paragraphs('{"opening": "I am app') == []
    assert whole_paragraphs("not json") == []


async def _pieces(text: str, size: int) -> AsyncGenerator[str, None]:
    for start in range(0, len(text), size):
        yield text[start : start + size]


async def test_streamed_text_is_the_laid_out_letter() -> None:
    paragraphs = whole_paragraphs(json.dumps(PROSE))
    sent = [chunk async for chunk in letter_text(FRAME, _pieces(json.dumps(PROSE), 7))]
    assert sent[0] == FRAME.head
    assert sent[-1] == FRAME.tail
    assert "".join(sent) == FRAME.letter(paragraphs)


def test_catch_up_sends_the_rest_or_resets() -> None:
    assert catch_up("A\n\nB\n", "A\n\nB\n") == []
    assert catch_up("A\n\nB\n", "A\n\n") == [TextDelta("B\n")]
    assert catch_up("# CV\n## One\n## Two\n", "") == [
        TextDelta("# CV\n"),
        TextDelta("## One\n"),
        TextDelta("## Two\n"),
    ]
    assert catch_up("A\n\nB\n", "X\n\n") == [Reset(), TextDelta("A\n\nB\n")]
