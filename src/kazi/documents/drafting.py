"""What the pipeline's drafters share: their dependencies and what they hand back."""

from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from kazi.documents.drafts import Generated, Inputs
from kazi.documents.events import DocumentEvent
from kazi.documents.models import StoredDocument
from kazi.kit.cpu import CpuPool
from kazi.routing.router import Router

Saver = Callable[[Inputs, Generated], Awaitable[StoredDocument]]


@dataclass(frozen=True)
class PipelineDeps:
    router: Router
    cpu: CpuPool
    save: Saver  # stores a finished document in the caller's transaction


@dataclass
class Made:
    """What a drafter made: the finished document and the text of it already sent."""

    generated: Generated | None = None
    shown: str = ""

    @property
    def document(self) -> Generated:
        if self.generated is None:  # a drafter sets it or raises
            raise RuntimeError("the drafter ended without a document")
        return self.generated


class Drafter(Protocol):
    def with_model(self, made: Made) -> AsyncGenerator[DocumentEvent, None]:
        """Drafts with the routed model; raises NoProviderConfigured when none is routed."""
        ...

    async def built_in(self) -> Generated:
        """The built-in engine's document."""
        ...
