"""Routing rules: for a task type and tier (or any tier), an ordered list of candidates."""

from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kazi.kit.db import Base


class RoutingCandidate(Base):
    __tablename__ = "routing_candidates"
    __table_args__ = (UniqueConstraint("task_type", "tier", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_type: Mapped[str] = mapped_column(String(30))
    tier: Mapped[str] = mapped_column(String(20))  # a tier name, or ANY_TIER
    position: Mapped[int] = mapped_column(Integer)
    provider_config_id: Mapped[int] = mapped_column(
        ForeignKey("ai_provider_configs.id", ondelete="CASCADE")
    )
    model_override: Mapped[str | None] = mapped_column(String(200))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
