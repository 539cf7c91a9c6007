"""API shapes for provider configurations. No shape ever carries a key or its ciphertext."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, model_validator

from kazi.enums import TaskType
from kazi.kit.limits import NoControlChars
from kazi.llm.registry import ProviderType

Name = Annotated[str, Field(min_length=1, max_length=100), NoControlChars]
ModelName = Annotated[str, Field(min_length=1, max_length=200), NoControlChars]


class KeyStatus(StrEnum):
    OK = "ok"
    MISSING = "missing"
    NEEDS_RECONFIGURATION = "needs_reconfiguration"


def _blank_key_is_none(value: SecretStr | None) -> SecretStr | None:
    """An empty key means "no key" (e.g. a local Ollama)."""
    return value if value is not None and value.get_secret_value().strip() else None


OptionalKey = Annotated[SecretStr | None, AfterValidator(_blank_key_is_none)]


Seconds = Annotated[float, Field(gt=0, le=3600)]
TIMEOUT_FIELDS = frozenset({"connect_timeout_s", "first_byte_timeout_s", "total_timeout_s"})


class Timeouts(BaseModel):
    """Per-provider limits in seconds: connecting, waiting for the first byte (or, in a
    stream, the first event) and a whole attempt. Empty: the built-in defaults."""

    connect_timeout_s: Seconds | None = None
    first_byte_timeout_s: Seconds | None = None
    total_timeout_s: Seconds | None = None

    @model_validator(mode="after")
    def _within_total(self) -> Self:
        total = self.total_timeout_s
        for name in ("connect_timeout_s", "first_byte_timeout_s"):
            value = getattr(self, name)
            if total is not None and value is not None and value > total:
                raise ValueError(f"{name} must not exceed total_timeout_s")
        return self


class ProviderCreate(Timeouts):
    model_config = ConfigDict(extra="forbid")

    provider_type: ProviderType
    name: Name
    model_name: ModelName
    api_key: OptionalKey = None
    settings: dict[str, Any] = Field(
        default_factory=dict, description="Adapter settings other than the key, e.g. base_url."
    )
    is_active: bool = True
    is_default: bool = False
    default_for: list[TaskType] = Field(default_factory=list)


class ProviderUpdate(Timeouts):
    """Omitted fields stay as they are; an api_key replaces the stored one. A timeout
    sent as null goes back to the built-in default."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    model_name: ModelName | None = None
    api_key: OptionalKey = None
    settings: dict[str, Any] | None = None
    is_active: bool | None = None
    is_default: bool | None = None
    default_for: list[TaskType] | None = None


class ProviderOut(Timeouts):
    id: int
    provider_type: ProviderType
    name: str
    model_name: str
    settings: dict[str, Any]
    api_key_hint: str | None
    key_status: KeyStatus
    is_active: bool
    is_default: bool
    default_for: list[TaskType]
    last_tested_at: datetime | None
    last_test_ok: bool | None
    last_test_latency_ms: int | None
    last_test_error: str | None
    created_by_id: int | None
    created_at: datetime
    updated_at: datetime


class ProviderTestResult(BaseModel):
    ok: bool
    latency_ms: int
    model: str | None = None
    error_code: str | None = None
    message: str | None = None


class ProviderTypeInfo(BaseModel):
    """An adapter's settings as JSON schema, for forms."""

    provider_type: ProviderType
    settings_schema: dict[str, Any]


# Dollars per million tokens, to the micro-dollar (the unit costs are stored in).
UsdPerMillion = Annotated[Decimal, Field(ge=0, le=1_000_000, decimal_places=6)]


class PriceIn(BaseModel):
    """An operator's price for a model; it replaces the bundled price, if any."""

    model_config = ConfigDict(extra="forbid")

    input_usd_per_mtok: UsdPerMillion
    output_usd_per_mtok: UsdPerMillion
    cached_input_usd_per_mtok: UsdPerMillion | None = None


class PriceOut(BaseModel):
    model_name: str
    input_usd_per_mtok: Decimal
    output_usd_per_mtok: Decimal
    cached_input_usd_per_mtok: Decimal | None
    updated_at: datetime
