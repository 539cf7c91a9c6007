"""The PostgreSQL pool checks a connection before use without a round trip: one the
server closed is replaced unseen, one idle for long is pinged, one in use is trusted."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit import db
from kazi.kit.db import create_engine, is_database_outage
from tests.conftest import POSTGRES_ADMIN_URL, admin_execute


@pytest.fixture
async def pings(request: pytest.FixtureRequest) -> AsyncIterator[tuple[AsyncEngine, list[Any]]]:
    """An engine whose pool pings after `request.param` idle seconds, and its pings."""
    engine = create_engine(POSTGRES_ADMIN_URL, pool_size=2, ping_after_idle_s=request.param)
    pinged: list[Any] = []
    ping = engine.dialect.do_ping

    def counting_ping(dbapi_connection: Any) -> bool:
        pinged.append(dbapi_connection)
        return ping(dbapi_connection)

    engine.dialect.do_ping = counting_ping  # type: ignore[method-assign]
    try:
        yield engine, pinged
    finally:
        await engine.dispose()


async def _backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


def _terminate(pid: int) -> None:
    admin_execute(f"SELECT pg_terminate_backend({pid})")


@pytest.mark.parametrize("pings", [60.0], indirect=True)
async def test_a_connection_in_use_is_not_pinged(pings: tuple[AsyncEngine, list[Any]]) -> None:
    engine, pinged = pings
    first = await _backend_pid(engine)
    assert [await _backend_pid(engine) for _ in range(5)] == [first] * 5  # one warm connection
    assert pinged == []


@pytest.mark.parametrize("pings", [60.0], indirect=True)
async def test_a_connection_the_server_closed_is_replaced_without_a_ping(
    pings: tuple[AsyncEngine, list[Any]],
) -> None:
    engine, pinged = pings
    closed = await _backend_pid(engine)
    _terminate(closed)
    await asyncio.sleep(0.2)  # the driver reads the server's goodbye
    assert await _backend_pid(engine) != closed  # no error reached the caller
    assert pinged == []


def _dies_unseen(monkeypatch: pytest.MonkeyPatch) -> None:
    """As when the network path drops: the driver sees nothing closing."""
    monkeypatch.setattr(db, "server_closed", lambda _connection: False)


@pytest.mark.parametrize("pings", [0.0], indirect=True)
async def test_a_connection_idle_for_long_is_pinged_and_replaced_when_dead(
    pings: tuple[AsyncEngine, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, pinged = pings
    _dies_unseen(monkeypatch)
    dead = await _backend_pid(engine)
    _terminate(dead)
    assert await _backend_pid(engine) != dead  # no error reached the caller
    assert len(pinged) == 1


@pytest.mark.parametrize("pings", [60.0], indirect=True)
async def test_a_connection_that_died_unseen_in_use_fails_once_as_an_outage(
    pings: tuple[AsyncEngine, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, pinged = pings
    _dies_unseen(monkeypatch)
    dead = await _backend_pid(engine)
    _terminate(dead)
    with pytest.raises(DBAPIError) as failure:
        await _backend_pid(engine)
    assert is_database_outage(failure.value)  # answered 503, not 500
    assert await _backend_pid(engine) != dead
    assert pinged == []
