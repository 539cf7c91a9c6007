"""Each adapter's settings: the credential and where to send requests.

They live apart from the adapters so that validating a form or listing provider types
never imports a vendor SDK (the SDKs are imported when a provider is first built)."""

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr


def _require_http_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("base_url must be an absolute http:// or https:// URL")
    if parts.query or parts.fragment:
        raise ValueError("base_url must not carry a query string or fragment")
    return value.rstrip("/")


def _require_key(value: SecretStr) -> SecretStr:
    stripped = value.get_secret_value().strip()
    if not stripped:
        raise ValueError("api_key must not be empty")
    return SecretStr(stripped)


HttpBaseUrl = Annotated[str, AfterValidator(_require_http_url)]
"""An http(s) URL without query or fragment; a trailing slash is dropped."""

ApiKey = Annotated[SecretStr, AfterValidator(_require_key)]
"""A non-blank key; surrounding whitespace (a common paste accident) is dropped."""


Seconds = Annotated[float, Field(gt=0, le=3600)]


class TimeoutSettings(BaseModel):
    """Limits on the way to an answer, in seconds; None: the SDK's own. The total limit
    of an attempt is the caller's (`timeout` of each call)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    connect_timeout_s: Seconds | None = None
    first_byte_timeout_s: Seconds | None = None


class VendorSettings(TimeoutSettings):
    """A hosted vendor: a key is required; `base_url` overrides the vendor's endpoint,
    for a proxy or a test double."""

    api_key: ApiKey
    base_url: HttpBaseUrl | None = None


class OpenAISettings(VendorSettings):
    """`base_url`, when set, includes the API version path, e.g. `https://proxy.example/v1`."""


class AnthropicSettings(VendorSettings):
    """`base_url`, when set, is the API root without `/v1`, e.g. `https://proxy.example`."""


class GeminiSettings(VendorSettings):
    """`base_url`, when set, is the API root without the version, e.g. `https://proxy.example`."""


class OpenAICompatibleSettings(TimeoutSettings):
    """`base_url` is the server's API root including its version path,
    e.g. `http://localhost:11434/v1`; `api_key` is optional (Ollama needs none)."""

    base_url: HttpBaseUrl
    api_key: ApiKey | None = None
