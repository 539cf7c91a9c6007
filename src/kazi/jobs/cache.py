"""Recent URL extractions, so the same link is not fetched and sent to a model twice.

The service sees only the `ExtractionCache` protocol (async get/set with a TTL) and
values that serialise to JSON, so a shared Redis cache can replace the in-process
one without touching the callers.
"""

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel

from kazi.jobs.posting import JobData, Source

DEFAULT_TTL_S = 6 * 60 * 60
DEFAULT_MAX_ENTRIES = 1_000
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Tracking parameters name the campaign that shared a link, not a different posting.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid"})


class CachedExtraction(BaseModel):
    """What an extraction produced, without anything tied to the user who asked."""

    data: JobData
    provenance: dict[str, Source]
    provider_used: str
    model: str | None = None


class ExtractionCache(Protocol):
    async def get(self, key: str) -> CachedExtraction | None: ...

    async def set(self, key: str, value: CachedExtraction, ttl_s: float) -> None: ...


class MemoryExtractionCache:
    """A bounded in-process cache: entries expire after their TTL, the oldest go first."""

    def __init__(
        self,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[str, tuple[float, CachedExtraction]] = OrderedDict()

    async def get(self, key: str) -> CachedExtraction | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if expires_at <= self.clock():
            del self._entries[key]
            return None
        return value

    async def set(self, key: str, value: CachedExtraction, ttl_s: float) -> None:
        self._entries.pop(key, None)
        self._entries[key] = (self.clock() + ttl_s, value)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def cache_key(url: str) -> str:
    """The URL in one spelling: lower-case scheme and host, no default port, no fragment,
    tracking parameters dropped and the rest sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))
