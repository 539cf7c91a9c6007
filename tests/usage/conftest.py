"""Fixtures of the usage tests: record factories, a database that can be switched off."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit.db import create_engine
from kazi.migrations.tables import Base
from kazi.usage.recorder import UsageRecorder
from tests.usage.support import Switch


@pytest.fixture
async def empty_usage(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """The shared engine; every table is emptied after the test."""
    yield engine
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(delete(table))


@pytest.fixture
async def flaky(
    database_url: str, empty_usage: AsyncEngine
) -> AsyncIterator[tuple[AsyncEngine, Switch]]:
    """An engine of its own on the test database, with a switch that takes it down."""
    switch = Switch()
    engine = create_engine(database_url, pool_size=2)

    def refuse(*_args: Any) -> None:
        if switch.down:
            raise OperationalError("usage test", {}, ConnectionResetError("server went away"))

    event.listen(engine.sync_engine, "before_cursor_execute", refuse)
    yield engine, switch
    await engine.dispose()


@pytest.fixture
def spool_dir(tmp_path: Path) -> Path:
    return tmp_path / "usage-spool"


@pytest.fixture
async def new_recorder(spool_dir: Path) -> AsyncIterator[Callable[..., UsageRecorder]]:
    """Builds recorders with test-sized timings; one a test left running is stopped after."""
    made: list[UsageRecorder] = []

    def build(engine: AsyncEngine, **options: Any) -> UsageRecorder:
        settings: dict[str, Any] = {
            "flush_interval": 0.02,
            "batch_size": 50,
            "max_backoff": 0.1,
            "stop_timeout": 5.0,
        }
        directory = options.pop("spool_dir", spool_dir)
        settings.update(options)
        recorder = UsageRecorder(engine, directory, **settings)
        made.append(recorder)
        return recorder

    yield build
    for recorder in made:
        if recorder.running:
            await recorder.stop()
        assert recorder.stats.rows_dropped == 0
