"""Users and their access tokens."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kazi.enums import Role, Tier
from kazi.kit.db import Base, UTCDateTime, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=Role.USER)
    tier: Mapped[str] = mapped_column(String(20), default=Tier.FREE)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


API_KEY_KIND = "api_key"


class ApiScope(StrEnum):
    """What an API key may call; a login session may call everything its user may."""

    GATEWAY = "gateway"  # the OpenAI-compatible /v1 routes
    USAGE = "usage"  # read-only: the caller's account and usage
    ADMIN = "admin"  # the admin API; only for an administrator's key with an expiry


class AccessToken(Base):
    """A bearer credential: a login session (kind "session") or a user-made API key."""

    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="session")
    name: Mapped[str | None] = mapped_column(String(100))
    last4: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    scopes: Mapped[str | None] = mapped_column(String(100))  # API keys: space-separated

    def allows(self, scope: ApiScope) -> bool:
        """A session allows every scope; an API key only those it was made with."""
        return self.kind != API_KEY_KIND or scope.value in (self.scopes or "").split()
