"""Adapters built per provider config and cached by (config id, updated_at).

Each config gets its own vendor client with its own key; nothing is set process-wide.
Editing a config changes updated_at, so the next call builds a fresh client.
"""

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kazi.llm import registry
from kazi.llm.base import Provider
from kazi.providers.keys import read_key
from kazi.providers.models import AIProviderConfig
from kazi.security.crypto import SecretBox


@dataclass(frozen=True, slots=True)
class ProviderSnapshot:
    """What routing needs of a config row, detached from any database session."""

    id: int
    name: str
    provider_type: str
    model_name: str
    settings: dict[str, Any]
    api_key_encrypted: str | None
    updated_at: datetime
    connect_timeout_s: float | None = None
    first_byte_timeout_s: float | None = None
    total_timeout_s: float | None = None

    @classmethod
    def of(cls, config: AIProviderConfig) -> "ProviderSnapshot":
        return cls(
            config.id,
            config.name,
            config.provider_type,
            config.model_name,
            dict(config.settings),
            config.api_key_encrypted,
            config.updated_at,
            config.connect_timeout_s,
            config.first_byte_timeout_s,
            config.total_timeout_s,
        )

    @property
    def base_url(self) -> str | None:
        value = self.settings.get("base_url")
        return str(value) if value else None


class ProviderClients:
    def __init__(self, box: SecretBox) -> None:
        self._box = box
        self._cache: dict[int, tuple[datetime, Provider]] = {}
        self._lock = asyncio.Lock()

    async def get(self, snapshot: ProviderSnapshot) -> Provider:
        cached = self._cache.get(snapshot.id)
        if cached is not None and cached[0] == snapshot.updated_at:
            return cached[1]
        async with self._lock:
            cached = self._cache.get(snapshot.id)
            if cached is not None and cached[0] == snapshot.updated_at:
                return cached[1]
            provider = self._build(snapshot)
            self._cache[snapshot.id] = (snapshot.updated_at, provider)
        if cached is not None:
            await cached[1].aclose()
        return provider

    def _build(self, snapshot: ProviderSnapshot) -> Provider:
        row = AIProviderConfig(id=snapshot.id, api_key_encrypted=snapshot.api_key_encrypted)
        key = read_key(self._box, row)  # DecryptionFailed propagates: the caller skips it
        settings = dict(snapshot.settings)
        settings["connect_timeout_s"] = snapshot.connect_timeout_s
        settings["first_byte_timeout_s"] = snapshot.first_byte_timeout_s
        if key is not None:
            settings["api_key"] = key
        return registry.build(snapshot.provider_type, settings)

    async def aclose(self) -> None:
        for _, provider in self._cache.values():
            await provider.aclose()
        self._cache.clear()
