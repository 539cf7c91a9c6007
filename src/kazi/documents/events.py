"""The typed events of the document pipeline.

The JSON route reads them to the end and answers with the stored document (or the
failure's error); the SSE route serialises each one as it comes (`documents.sse`).
"""

from dataclasses import dataclass

from kazi.documents.drafts import Generated
from kazi.documents.models import StoredDocument
from kazi.documents.report import Issue
from kazi.kit.errors import KaziError


@dataclass(frozen=True)
class Progress:
    """CV only: how much of its edit plan the model has written so far."""

    characters: int


@dataclass(frozen=True)
class TextDelta:
    """Checked document text, to be appended to what the client shows."""

    text: str


@dataclass(frozen=True)
class Redraft:
    """Letter only: the draft made unsupported claims; a second draft follows."""

    unsupported_claims: list[Issue]


@dataclass(frozen=True)
class Reset:
    """The checked document is not the text shown so far: the whole of it follows."""


@dataclass(frozen=True)
class Done:
    """The last event of a successful run: the stored document and how it was made."""

    document: StoredDocument
    generated: Generated


@dataclass(frozen=True)
class Failed:
    """The last event of a failed run: nothing was stored."""

    error: KaziError


DocumentEvent = Progress | TextDelta | Redraft | Reset | Done | Failed
