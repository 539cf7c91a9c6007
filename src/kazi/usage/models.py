"""One row per AI call attempt, and daily rollups for dashboards."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kazi.kit.db import Base, UTCDateTime


class AIProviderUsageLog(Base):
    """An attempt's real model, tokens, cost, latency and outcome.

    `request_id` is unique so that writing the same row twice cannot double count.
    Names are copied in, so history survives a provider's deletion.
    """

    __tablename__ = "ai_provider_usage_logs"
    __table_args__ = (
        Index("ix_usage_created", "created_at"),
        Index("ix_usage_user_created", "user_id", "created_at"),
        # Failures are few: the dashboard's recent errors read this small index.
        Index(
            "ix_usage_failed_created",
            "created_at",
            "status",
            postgresql_where=text("status <> 'success'"),
            postgresql_include=["provider_name", "model", "task_type", "tier", "user_id"],
            sqlite_where=text("status <> 'success'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    provider_config_id: Mapped[int | None] = mapped_column(
        ForeignKey("ai_provider_configs.id", ondelete="SET NULL")
    )
    provider_name: Mapped[str] = mapped_column(String(100))
    provider_type: Mapped[str] = mapped_column(String(30))
    model: Mapped[str] = mapped_column(String(200))
    task_type: Mapped[str] = mapped_column(String(30))
    tier: Mapped[str] = mapped_column(String(20))
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cached_tokens: Mapped[int] = mapped_column(Integer, default=0)
    tokens_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    cost_micro_usd: Mapped[int | None] = mapped_column(BigInteger)  # None: price unknown
    status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(50))
    latency_ms: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


class _DailyUsage:
    """The key and counters shared by the daily rollups (a declarative mixin)."""

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    provider_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    provider_type: Mapped[str] = mapped_column(String(30))
    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    task_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    tier: Mapped[str] = mapped_column(String(20), primary_key=True)
    calls: Mapped[int] = mapped_column(BigInteger, default=0)
    errors: Mapped[int] = mapped_column(BigInteger, default=0)
    input_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    output_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    cached_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_micro_usd: Mapped[int] = mapped_column(BigInteger, default=0)
    unpriced_calls: Mapped[int] = mapped_column(BigInteger, default=0)
    latency_ms_total: Mapped[int] = mapped_column(BigInteger, default=0)


class UsageDailyRollup(_DailyUsage, Base):
    """Totals per (day, provider, model, task, tier, user), kept current by the recorder."""

    __tablename__ = "usage_daily_rollups"
    __table_args__ = (
        # The dashboard under a provider, task or user filter reads these, not whole days.
        Index("ix_usage_rollups_provider_day", "provider_name", "day"),
        Index("ix_usage_rollups_task_day", "task_type", "day"),
        Index("ix_usage_rollups_user_day", "user_id", "day"),
    )

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: no user


class UsageDailyTotal(_DailyUsage, Base):
    """The rollups summed over users: what dashboards chart without a user filter."""

    __tablename__ = "usage_daily_totals"


class UsageDailyUserTotal(Base):
    """Calls and cost per user and day: what "top users" reads without other filters."""

    __tablename__ = "usage_daily_user_totals"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: no user
    calls: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_micro_usd: Mapped[int] = mapped_column(BigInteger, default=0)
    unpriced_calls: Mapped[int] = mapped_column(BigInteger, default=0)


class UsageDailyLatency(Base):
    """Successful calls per latency bucket (see kazi.usage.latency) and rollup key, no user.

    Percentiles read from these counts cover every call, and outlive raw-row retention.
    """

    __tablename__ = "usage_daily_latency"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    provider_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    task_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    tier: Mapped[str] = mapped_column(String(20), primary_key=True)
    bucket: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    calls: Mapped[int] = mapped_column(BigInteger, default=0)
