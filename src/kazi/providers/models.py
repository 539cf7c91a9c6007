"""Provider configurations, per-task defaults and per-model price overrides."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kazi.kit.db import Base, UTCDateTime, utcnow


class AIProviderConfig(Base):
    """One configured vendor endpoint. The API key is stored only encrypted."""

    __tablename__ = "ai_provider_configs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_type: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(100), unique=True)
    model_name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # never the key
    api_key_encrypted: Mapped[str | None] = mapped_column(Text)
    api_key_hint: Mapped[str | None] = mapped_column(String(8))  # "…" + last 4 characters
    # Seconds; NULL: the built-in default (the SDK's for connect and first byte, the
    # router's attempt timeout for the total).
    connect_timeout_s: Mapped[float | None] = mapped_column(Float)
    first_byte_timeout_s: Mapped[float | None] = mapped_column(Float)
    total_timeout_s: Mapped[float | None] = mapped_column(Float)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    last_tested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_test_ok: Mapped[bool | None] = mapped_column(Boolean)
    last_test_latency_ms: Mapped[int | None] = mapped_column(Integer)
    last_test_error: Mapped[str | None] = mapped_column(String(50))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProviderTaskDefault(Base):
    """The provider marked default for one task type (at most one per task)."""

    __tablename__ = "ai_provider_task_defaults"

    task_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    provider_config_id: Mapped[int] = mapped_column(
        ForeignKey("ai_provider_configs.id", ondelete="CASCADE")
    )


class ModelPriceOverride(Base):
    """An operator's price for a model, in integer micro-dollars per million tokens."""

    __tablename__ = "model_price_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_name: Mapped[str] = mapped_column(String(200), unique=True)
    input_micro_usd_per_mtok: Mapped[int] = mapped_column(BigInteger)
    output_micro_usd_per_mtok: Mapped[int] = mapped_column(BigInteger)
    cached_input_micro_usd_per_mtok: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
