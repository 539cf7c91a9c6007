"""While the database cannot be reached, clients hear 503 with Retry-After (in OpenAI's
shape on the gateway), the log gets one warning per request instead of a traceback,
and everything works again once the database is back."""

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from kazi.admin.auth import SESSION_COOKIE
from kazi.kit.config import Settings
from kazi.kit.db import create_engine, is_database_outage
from kazi.migrations import upgrade
from tests.conftest import POSTGRES_ADMIN_URL, admin_execute, make_settings
from tests.helpers import new_user, served_app

CLOSED_PORT_URL = "postgresql+asyncpg://postgres@127.0.0.1:1/kazi"  # nothing listens on 1
CHAT = {"model": "kazi/chat", "messages": [{"role": "user", "content": "Habari"}]}


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"driver error {sqlstate}")
        self.sqlstate = sqlstate


def _wrapped(kind: type[sa_exc.DBAPIError], sqlstate: str) -> sa_exc.DBAPIError:
    return kind("SELECT 1", {}, _DriverError(sqlstate))


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (_wrapped(sa_exc.DBAPIError, "55000"), True),  # database does not allow connections
        (_wrapped(sa_exc.DBAPIError, "57P01"), True),  # terminated by an administrator
        (_wrapped(sa_exc.DBAPIError, "53300"), True),  # too many connections
        (_wrapped(sa_exc.OperationalError, "XX000"), True),
        (_wrapped(sa_exc.IntegrityError, "23505"), False),  # a duplicate: the query's fault
        (_wrapped(sa_exc.ProgrammingError, "42P01"), False),  # a missing table: a bug
        (ValueError("no"), False),
        (FileNotFoundError(), False),
    ],
)
def test_outages_are_told_apart_from_query_errors(error: BaseException, outage: bool) -> None:
    assert is_database_outage(error) is outage


@asynccontextmanager
async def _serving(settings: Settings) -> AsyncIterator[httpx2.AsyncClient]:
    engine = create_engine(settings.resolved_database_url)
    try:
        async with served_app(settings, engine) as http:
            yield http
    finally:
        await engine.dispose()


def _assert_unavailable(answer: httpx2.Response) -> dict[str, Any]:
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == "5"
    body: dict[str, Any] = answer.json()["error"]
    assert body["code"] == "database_unavailable"
    assert body["message"].startswith("The database cannot be reached right now.")
    return body


def _assert_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert any("database unavailable" in r.getMessage() for r in caplog.records)


async def test_a_database_that_refuses_connections_answers_503(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with _serving(make_settings(tmp_path, CLOSED_PORT_URL)) as client:
        login = {"email": "amina@example.com", "password": "correct horse battery"}
        _assert_unavailable(await client.post("/api/v1/auth/login", json=login))
        headers = {"Authorization": "Bearer kzk_" + "x" * 40}
        gateway = await client.post("/v1/chat/completions", json=CHAT, headers=headers)
        assert _assert_unavailable(gateway)["type"] == "server_error"  # OpenAI's shape
    _assert_no_traceback(caplog)


@pytest.fixture
async def scratch_postgres() -> AsyncIterator[str]:
    """A database of this test's own: it is closed to connections while others run."""
    name = f"kazi_outage_{uuid.uuid4().hex[:10]}"
    admin_execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade, url)
        yield name
    finally:
        admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _close(database: str) -> None:
    admin_execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    admin_execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"  # noqa: S608 (our own name)
        f" WHERE datname = '{database}' AND pid <> pg_backend_pid()"
    )


async def test_postgresql_closed_to_connections_answers_503_then_recovers(
    tmp_path: Path, scratch_postgres: str, caplog: pytest.LogCaptureFixture
) -> None:
    url = make_url(POSTGRES_ADMIN_URL).set(database=scratch_postgres)
    settings = make_settings(tmp_path, url.render_as_string(hide_password=False))
    async with _serving(settings) as client:
        _, headers = await new_user(client, "wanjiku@example.com")
        caplog.set_level(logging.WARNING)
        _close(scratch_postgres)
        try:
            _assert_unavailable(await client.get("/api/v1/users/me", headers=headers))
            chat = await client.post("/v1/chat/completions", json=CHAT, headers=headers)
            assert _assert_unavailable(chat)["type"] == "server_error"
            _assert_no_traceback(caplog)
        finally:
            admin_execute(f'ALTER DATABASE "{scratch_postgres}" ALLOW_CONNECTIONS true')
        assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 200


async def test_an_admin_page_during_an_outage_is_a_page_not_json(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with _serving(make_settings(tmp_path, CLOSED_PORT_URL)) as client:
        client.cookies.set(SESSION_COOKIE, "a-session-the-database-must-look-up")
        answer = await client.get("/admin/providers")
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>Temporarily unavailable</h1>" in answer.text
    assert "The database cannot be reached right now." in answer.text
    assert f"<code>{answer.headers['x-request-id']}</code>" in answer.text
    _assert_no_traceback(caplog)
