"""Shared fixtures: every database test runs on SQLite and on the real PostgreSQL.

The PostgreSQL server comes from KAZI_TEST_POSTGRES_URL (default: the local server,
database `test`); each run works in a scratch database of its own and drops it after.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import argon2
import httpx2
import pytest
from sqlalchemy import delete
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

import kazi.security.passwords as passwords
from kazi.kit.config import Environment, Settings
from kazi.kit.cpu import PoolKind
from kazi.kit.db import create_engine
from kazi.main import create_app, start_services, stop_services
from kazi.migrations import upgrade
from kazi.migrations.tables import Base

pytest_plugins = ["tests.fakes.plugin"]

POSTGRES_ADMIN_URL = os.environ.get(
    "KAZI_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgresql")
TEST_SECRET = "test-secret-" + "k" * 40


def pytest_report_header() -> list[str]:
    shown = make_url(POSTGRES_ADMIN_URL).render_as_string(hide_password=True)
    return [f"database backends: sqlite (temporary file) and postgresql ({shown})"]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts = {backend: {"passed": 0, "failed": 0} for backend in BACKENDS}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            params = report.nodeid.rpartition("[")[2].rstrip("]")
            for backend in BACKENDS:
                if backend in params.split("-") and report.when == "call":
                    counts[backend][outcome] += 1
    line = ", ".join(f"{b}: {c['passed']} passed, {c['failed']} failed" for b, c in counts.items())
    terminalreporter.write_line(f"database tests by backend: {line}")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Argon2 at its cheapest: the tests check behaviour, not hashing cost."""
    original = passwords._hasher
    passwords._hasher = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = original


async def _admin_execute(sql: str) -> None:
    import asyncpg

    url = make_url(POSTGRES_ADMIN_URL)
    connection = await asyncpg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        database=url.database,
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def admin_execute(sql: str) -> None:
    """Runs one statement on the PostgreSQL admin database, from any thread or loop."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _admin_execute(sql)).result()


@pytest.fixture(scope="session")
def postgres_scratch_url() -> Iterator[str]:
    name = f"kazi_test_{uuid.uuid4().hex[:12]}"
    admin_execute(f'CREATE DATABASE "{name}"')
    yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "kazi.db"
        url = f"sqlite+aiosqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_scratch_url")
    await asyncio.to_thread(upgrade, url)
    return url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


def make_settings(data_dir: Path, database_url: str) -> Settings:
    return Settings(
        env=Environment.TEST,
        secret_key=TEST_SECRET,
        data_dir=data_dir,
        database_url=database_url,
        # Tests make many calls a minute from one address; tests/scaling turns limits on.
        rate_limits_enabled=False,
        # In-process workers: a process pool per test app would cost a second to start.
        cpu_pool=PoolKind.THREAD,
    )


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url)


@pytest.fixture
async def app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Any]:
    application = create_app(settings, engine=engine)
    await start_services(application)
    yield application
    await stop_services(application)
    await _empty_all_tables(engine)


async def _empty_all_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(delete(table))


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx2.AsyncClient]:
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://kazi.test") as http:
        yield http
