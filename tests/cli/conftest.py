"""The `kazi` command run as an operator runs it: a new process per command, against a
scratch database of its own (a SQLite file, or a PostgreSQL database made for the test)."""

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kazi.kit.db import create_engine
from tests.conftest import BACKENDS, POSTGRES_ADMIN_URL, TEST_SECRET, admin_execute

KAZI = Path(sys.executable).with_name("kazi")
REPOSITORY = Path(__file__).resolve().parents[2]
COMMAND_LIMIT_SECONDS = 60


@dataclass
class Cli:
    """Runs `.venv/bin/kazi` with a clean environment pointing at one scratch database."""

    database_url: str
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def environment(self, **overrides: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KAZI_")}
        env.update(
            KAZI_ENV="test",
            KAZI_SECRET_KEY=TEST_SECRET,
            KAZI_DATA_DIR=str(self.data_dir),
            KAZI_DATABASE_URL=self.database_url,
        )
        env.update(self.env)
        env.update(overrides)
        return env

    def run(
        self, *args: str, stdin: str = "", expect: int = 0, **env: str
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603 (the kazi command of this checkout)
            [str(KAZI), *args],
            cwd=REPOSITORY,
            input=stdin,
            capture_output=True,
            text=True,
            env=self.environment(**env),
            timeout=COMMAND_LIMIT_SECONDS,
        )
        assert done.returncode == expect, (done.returncode, done.stdout, done.stderr)
        return done

    def popen(self, *args: str, **env: str) -> "subprocess.Popen[str]":
        return subprocess.Popen(  # noqa: S603 (the kazi command of this checkout)
            [str(KAZI), *args],
            cwd=REPOSITORY,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.environment(**env),
        )

    @property
    def backend(self) -> str:
        return make_url(self.database_url).get_backend_name()

    def query(self, sql: str, **params: Any) -> Sequence[Any]:
        """Rows of one SQL query, read outside the command under test."""
        return asyncio.run(_execute(self.database_url, sql, params, commit=False))

    def execute(self, sql: str) -> None:
        asyncio.run(_execute(self.database_url, sql, {}, commit=True))


async def _execute(url: str, sql: str, params: dict[str, Any], commit: bool) -> Sequence[Any]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text(sql), params)
            rows = result.all() if result.returns_rows else []
            if commit:
                await connection.commit()
            return rows
    finally:
        await engine.dispose()


@pytest.fixture(params=BACKENDS)
def scratch_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own: the commands under test make the schema."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'kazi.db'}"
        return
    name = f"kazi_cli_{uuid.uuid4().hex[:12]}"
    admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_cli(scratch_url: str, tmp_path: Path) -> Cli:
    """A scratch database without any schema yet."""
    return Cli(scratch_url, tmp_path / "data")


@pytest.fixture
def cli(fresh_cli: Cli) -> Cli:
    """A migrated scratch database, migrated by `kazi migrate` itself."""
    runner = fresh_cli
    done = runner.run("migrate")
    assert done.stdout == "database is at the latest schema\n"
    return runner
