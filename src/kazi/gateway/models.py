"""The gateway's model aliases: another name a client may use for a task route."""

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kazi.kit.db import Base, UTCDateTime, utcnow


class ModelAlias(Base):
    """`alias` (e.g. gpt-4o-mini) routes like `kazi/<task_type>`: the same routing rule,
    fallbacks, quotas and usage rows."""

    __tablename__ = "model_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)
    task_type: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
