"""Who is calling the gateway: the bearer token checked once, then kept for a few seconds.

Only successful checks are kept, by the token's digest (never the token), with the
token's own expiry. A revoked token, a disabled account or a changed tier is seen at
once when the change is committed in this process (see `kazi.kit.config_cache`), and within
`ttl_s` when another process made it.
"""

from dataclasses import dataclass
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.enums import Tier
from kazi.kit.config_cache import ConfigCache
from kazi.kit.db import UNREACHABLE_ERRORS, is_database_outage, utcnow
from kazi.kit.errors import DatabaseUnavailable
from kazi.security.tokens import token_digest
from kazi.users.models import ApiScope
from kazi.users.service import UserService

AUTH_TABLES = ("access_tokens", "users")
DEFAULT_TTL_S = 5.0
MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: int
    tier: Tier
    expires_at: datetime | None


class CallerCache:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        ttl_s: float = DEFAULT_TTL_S,
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        self.sessions = sessions
        self.max_entries = max_entries
        self._callers: ConfigCache[str, Caller] = ConfigCache(AUTH_TABLES, ttl_s)

    async def authenticate(self, token: str) -> Caller:
        """The caller, or Unauthorized for an unknown, expired or revoked token."""
        digest = token_digest(token)
        cached = self._callers.get(digest)
        if cached is not None and (cached.expires_at is None or cached.expires_at > utcnow()):
            return cached
        version = self._callers.version()
        try:
            async with self.sessions() as session:
                auth = await UserService(session).authenticate(token, ApiScope.GATEWAY)
        except (SQLAlchemyError, *UNREACHABLE_ERRORS) as exc:
            if is_database_outage(exc):  # answered 503 in OpenAI's shape
                raise DatabaseUnavailable from None
            raise
        caller = Caller(auth.user.id, Tier(auth.user.tier), auth.token.expires_at)
        if len(self._callers) >= self.max_entries:
            self._callers.clear()
        self._callers.put(digest, caller, version)
        return caller


def app_callers(app: FastAPI) -> CallerCache:
    """The app's one cache of checked tokens."""
    callers: CallerCache | None = getattr(app.state, "gateway_callers", None)
    if callers is None:
        callers = CallerCache(app.state.sessions)
        app.state.gateway_callers = callers
    return callers
