"""The async engine, the declarative base and the session-per-request dependency."""

import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations behave the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; Kazi stores UTC-aware datetimes only")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


# A pooled connection used this recently, and whose server has not closed it, is taken
# as alive without a ping. See `check_before_use`.
PING_AFTER_IDLE_S = 5.0


def create_engine(
    url: str, pool_size: int = 10, ping_after_idle_s: float = PING_AFTER_IDLE_S
) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # Last in, first out: quiet times reuse one warm connection, and the rest stay idle
    # (then pinged before use) rather than taking turns.
    engine = create_async_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_use_lifo=True, pool_recycle=1800
    )
    check_before_use(engine, ping_after_idle_s)
    return engine


def check_before_use(engine: AsyncEngine, ping_after_idle_s: float = PING_AFTER_IDLE_S) -> None:
    """Checks a pooled connection before use, at the cost of a round trip only when it
    has been idle over `ping_after_idle_s`.

    A ping on every checkout (`pool_pre_ping`) costs a round trip per request. Instead:
    a connection the server closed (a restart, an administrator, an idle timeout) is
    known closed without asking, and is replaced; one idle for long is pinged, for the
    connections that die unseen (a dropped network path). A connection that died unseen
    within `ping_after_idle_s` of its last use fails its statement: that request is
    answered as an outage (503), and the pool replaces every older connection.
    """
    dialect = engine.dialect

    def note_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None:  # a new connection
            return
        if server_closed(dbapi_connection):
            raise sa_exc.InvalidatePoolError("the server closed this connection")
        if time.monotonic() - idle_since <= ping_after_idle_s:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, dbapi_connection, None):
                raise sa_exc.InvalidatePoolError("the ping failed") from exc
            raise

    event.listen(engine.sync_engine.pool, "checkin", note_checkin)
    event.listen(engine.sync_engine.pool, "checkout", check)


def server_closed(dbapi_connection: Any) -> bool:
    """Whether the driver has seen the server close the connection (asyncpg notices it
    without a round trip)."""
    is_closed = getattr(dbapi_connection.driver_connection, "is_closed", None)
    return bool(is_closed()) if callable(is_closed) else False


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session per request: commit once on success, roll back on any error."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


__all__ = ["Base", "Engine", "UTCDateTime", "create_engine", "session_factory", "utcnow"]


# SQLSTATE classes a server answers with when it cannot serve connections: connection
# exceptions (08), operator intervention such as shutting down (57P), insufficient
# resources such as too many connections (53), and 55000, which PostgreSQL gives while
# a database does not allow connections.
_OUTAGE_SQLSTATES = ("08", "57P", "53", "55000")
# What asyncpg raises as is while connecting: refused, reset, timed out, unknown host.
UNREACHABLE_ERRORS = (ConnectionError, TimeoutError, socket.gaierror)


def is_database_outage(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot be reached, rather than that a query is
    wrong: such failures pass, and the client should hear 503 and retry, not 500."""
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True
    if isinstance(exc, UNREACHABLE_ERRORS):  # raised before the driver could wrap them
        return True
    if not isinstance(exc, sa_exc.DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    driver_error = exc.orig
    state = getattr(driver_error, "sqlstate", None) or getattr(driver_error, "pgcode", None)
    return isinstance(state, str) and state.startswith(_OUTAGE_SQLSTATES)
