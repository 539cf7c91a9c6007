"""The provider types an operator can configure, and how to build one from its settings.

Each vendor SDK takes seconds and tens of megabytes to import, so an adapter's module
is imported only when a provider of its type is first built: a worker that routes to
one vendor never loads the others, and start-up loads none.
"""

import importlib
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from typing import Any, Protocol, cast

import httpx2
from pydantic import BaseModel

from kazi.llm.adapters._settings import (
    AnthropicSettings,
    GeminiSettings,
    OpenAICompatibleSettings,
    OpenAISettings,
)
from kazi.llm.base import Provider


class ProviderType(StrEnum):
    GEMINI = "gemini"
    OPENAI = "openai"
    CLAUDE = "claude"
    OPENAI_COMPATIBLE = "openai_compatible"


class AdapterClass(Protocol):
    """What the registry needs of an adapter class: its settings model and constructor."""

    @property
    def Settings(self) -> type[BaseModel]: ...

    def __call__(
        self, settings: Any, http_client: httpx2.AsyncClient | None = None
    ) -> Provider: ...


SETTINGS: Mapping[ProviderType, type[BaseModel]] = {
    ProviderType.GEMINI: GeminiSettings,
    ProviderType.OPENAI: OpenAISettings,
    ProviderType.CLAUDE: AnthropicSettings,
    ProviderType.OPENAI_COMPATIBLE: OpenAICompatibleSettings,
}

# (module, class) of each adapter, imported on first use.
_ADAPTERS: Mapping[ProviderType, tuple[str, str]] = {
    ProviderType.GEMINI: ("kazi.llm.adapters.gemini", "GeminiProvider"),
    ProviderType.OPENAI: ("kazi.llm.adapters.openai", "OpenAIProvider"),
    ProviderType.CLAUDE: ("kazi.llm.adapters.anthropic", "AnthropicProvider"),
    ProviderType.OPENAI_COMPATIBLE: (
        "kazi.llm.adapters.openai_compatible",
        "OpenAICompatibleProvider",
    ),
}


@cache
def adapter_class(provider_type: ProviderType) -> AdapterClass:
    """The adapter for a provider type, importing its SDK the first time."""
    module, name = _ADAPTERS[provider_type]
    return cast(AdapterClass, getattr(importlib.import_module(module), name))


def settings_model(provider_type: ProviderType | str) -> type[BaseModel]:
    """The pydantic model that validates this provider type's settings."""
    return SETTINGS[ProviderType(provider_type)]


def build(
    provider_type: ProviderType | str,
    settings: BaseModel | Mapping[str, Any],
    http_client: httpx2.AsyncClient | None = None,
) -> Provider:
    """A ready provider. A mapping is validated against the type's settings model
    (raising pydantic.ValidationError); a model of another type raises TypeError."""
    kind = ProviderType(provider_type)
    model = SETTINGS[kind]
    if isinstance(settings, Mapping):
        settings = model.model_validate(dict(settings))
    elif not isinstance(settings, model):
        raise TypeError(f"{kind} needs {model.__name__}, not {type(settings).__name__}")
    return adapter_class(kind)(settings, http_client)
