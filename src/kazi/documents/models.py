"""Generated and user-checked documents, stored per user."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kazi.kit.db import Base, UTCDateTime, utcnow


class StoredDocument(Base):
    """A CV or cover letter with the validation report it was returned with."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # "cv" or "cover_letter"
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(35))
    tone: Mapped[str | None] = mapped_column(String(20))
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # JSON Resume for CVs
    markdown: Mapped[str] = mapped_column(Text)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    provider_used: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
