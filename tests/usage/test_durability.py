"""Thousands of records from concurrent callers survive the database going away mid-stream."""

import asyncio
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit.db import create_engine
from kazi.usage.models import AIProviderUsageLog, UsageDailyRollup
from kazi.usage.record import UsageRecord
from kazi.usage.recorder import UsageRecorder
from tests.conftest import admin_execute
from tests.usage.support import make_record, spool_files, stored_ids

CALLERS = 30
CALLS_EACH = 100
OUTAGE_AFTER_S = 0.6
OUTAGE_FOR_S = 1.5


async def _call_steadily(recorder: UsageRecorder, records: list[UsageRecord]) -> None:
    for rec in records:
        recorder.record(rec)
        await asyncio.sleep(random.uniform(0.01, 0.04))


async def _take_database_away(name: str) -> None:
    """Refuses new connections, ends the open ones, and lets clients back in later."""
    await asyncio.sleep(OUTAGE_AFTER_S)
    try:
        await asyncio.to_thread(
            admin_execute, f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'
        )
        await asyncio.to_thread(admin_execute, _end_sessions_sql(name))
        await asyncio.sleep(OUTAGE_FOR_S)
    finally:
        await asyncio.to_thread(
            admin_execute, f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'
        )


def _end_sessions_sql(name: str) -> str:
    """Ends every session on the scratch database, whose name the fixtures generated."""
    return (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_no_row_is_lost_or_doubled_through_an_outage(
    database_url: str,
    empty_usage: AsyncEngine,
    new_recorder: Callable[..., UsageRecorder],
    spool_dir: Path,
) -> None:
    engine = create_engine(database_url, pool_size=4)
    recorder = new_recorder(engine, flush_interval=0.05, batch_size=100, max_memory_rows=300)
    recorder.max_backoff = 0.4
    await recorder.start()
    batches = [[make_record() for _ in range(CALLS_EACH)] for _ in range(CALLERS)]
    name = make_url(database_url).database
    assert name is not None

    await asyncio.gather(
        _take_database_away(name), *(_call_steadily(recorder, batch) for batch in batches)
    )
    await recorder.stop()
    await engine.dispose()

    expected = sorted(rec.request_id for batch in batches for rec in batch)
    assert recorder.stats.flush_failures >= 1, "the outage did not reach the recorder"
    assert recorder.stats.rows_spooled > 0, "the outage was too short to fill memory"
    assert await stored_ids(empty_usage) == expected
    async with empty_usage.connect() as connection:
        distinct = await connection.scalar(
            select(func.count(func.distinct(AIProviderUsageLog.request_id)))
        )
        calls = await connection.scalar(select(func.sum(UsageDailyRollup.calls)))
        tokens = await connection.scalar(select(func.sum(UsageDailyRollup.input_tokens)))
    assert distinct == len(expected) == CALLERS * CALLS_EACH
    assert calls == len(expected)
    assert tokens == 100 * len(expected)
    assert spool_files(spool_dir) == []
