"""All fake vendors behind one ASGI app, each under its own path prefix."""

from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.routing import Mount

from .anthropic_fake import anthropic_app
from .gemini_fake import gemini_app
from .openai_fake import openai_app
from .script import FakeVendor


def _vendor(name: str, *models: str) -> FakeVendor:
    return FakeVendor(name, models)


@dataclass
class FakeFleet:
    """One FakeVendor per wire format; `compatible` is a second OpenAI-style server
    standing in for Ollama, vLLM and the like."""

    openai: FakeVendor = field(default_factory=lambda: _vendor("openai", "gpt-fake"))
    anthropic: FakeVendor = field(default_factory=lambda: _vendor("anthropic"))
    gemini: FakeVendor = field(default_factory=lambda: _vendor("gemini"))
    compatible: FakeVendor = field(default_factory=lambda: _vendor("compatible", "llama-fake"))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Mount("/openai", app=openai_app(self.openai)),
                Mount("/anthropic", app=anthropic_app(self.anthropic)),
                Mount("/gemini", app=gemini_app(self.gemini)),
                Mount("/compatible", app=openai_app(self.compatible)),
            ]
        )

    def reset(self) -> None:
        for vendor in (self.openai, self.anthropic, self.gemini, self.compatible):
            vendor.reset()


@dataclass(frozen=True)
class FleetUrls:
    """The `base_url` setting that points each adapter at its fake, under one origin."""

    origin: str

    @property
    def openai(self) -> str:
        return f"{self.origin}/openai/v1"

    @property
    def anthropic(self) -> str:
        return f"{self.origin}/anthropic"

    @property
    def gemini(self) -> str:
        return f"{self.origin}/gemini"

    @property
    def compatible(self) -> str:
        return f"{self.origin}/compatible/v1"
