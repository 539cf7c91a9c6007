"""The provider types an operator can configure, and how to build one from its settings."""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Protocol

import httpx2
from pydantic import BaseModel

from kazi.llm.adapters.anthropic import AnthropicProvider
from kazi.llm.adapters.gemini import GeminiProvider
from kazi.llm.adapters.openai import OpenAIProvider
from kazi.llm.adapters.openai_compatible import OpenAICompatibleProvider
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


ADAPTERS: Mapping[ProviderType, AdapterClass] = {
    ProviderType.GEMINI: GeminiProvider,
    ProviderType.OPENAI: OpenAIProvider,
    ProviderType.CLAUDE: AnthropicProvider,
    ProviderType.OPENAI_COMPATIBLE: OpenAICompatibleProvider,
}


def settings_model(provider_type: ProviderType | str) -> type[BaseModel]:
    """The pydantic model that validates this provider type's settings."""
    return ADAPTERS[ProviderType(provider_type)].Settings


def build(
    provider_type: ProviderType | str,
    settings: BaseModel | Mapping[str, Any],
    http_client: httpx2.AsyncClient | None = None,
) -> Provider:
    """A ready provider. A mapping is validated against the type's settings model
    (raising pydantic.ValidationError); a model of another type raises TypeError."""
    adapter = ADAPTERS[ProviderType(provider_type)]
    if isinstance(settings, Mapping):
        settings = adapter.Settings.model_validate(dict(settings))
    elif not isinstance(settings, adapter.Settings):
        raise TypeError(
            f"{provider_type} needs {adapter.Settings.__name__}, not {type(settings).__name__}"
        )
    return adapter(settings, http_client)
