"""Quota limits per tier, task and period, and the per-user counters checked against them."""

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kazi.kit.db import Base


class QuotaLimit(Base):
    """At most `max_calls` calls and `max_cost_micro_usd` spend per period; None: no limit."""

    __tablename__ = "quota_limits"
    __table_args__ = (UniqueConstraint("tier", "task_type", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tier: Mapped[str] = mapped_column(String(20))
    task_type: Mapped[str] = mapped_column(String(30))  # a task type, or "*" for all tasks
    period: Mapped[str] = mapped_column(String(10))  # "day" or "month"
    max_calls: Mapped[int | None] = mapped_column(Integer)
    max_cost_micro_usd: Mapped[int | None] = mapped_column(BigInteger)


class QuotaCounter(Base):
    """What a user has used of one limit in one period; updated atomically."""

    __tablename__ = "quota_counters"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    task_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    cost_micro_usd: Mapped[int] = mapped_column(BigInteger, default=0)
