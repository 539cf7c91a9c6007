"""The recorder writes batches exactly once, and keeps every row through an outage."""

import asyncio
import json
import logging
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit.db import create_engine
from kazi.usage import repository
from kazi.usage.record import UsageStatus
from kazi.usage.recorder import UsageRecorder
from tests.conftest import admin_execute, make_settings
from tests.usage.support import (
    Switch,
    make_record,
    rollup_calls,
    rollup_table,
    spool_files,
    spool_lines,
    stored_ids,
    wait_for,
)

EAST_AFRICA = timezone(timedelta(hours=3))
Builder = Callable[..., UsageRecorder]


async def test_a_batch_writes_its_rows_and_rollups(
    empty_usage: AsyncEngine, new_recorder: Builder
) -> None:
    records = [
        # 23:30 in Nairobi is still 1 March in UTC, as is 01:00 on the 2nd.
        make_record(created_at=datetime(2026, 3, 1, 23, 30, tzinfo=EAST_AFRICA)),
        make_record(created_at=datetime(2026, 3, 2, 1, 0, tzinfo=EAST_AFRICA), latency_ms=500),
        make_record(
            status=UsageStatus.TIMEOUT, error_code="timeout", cost_micro_usd=0, output_tokens=0
        ),
        make_record(model="gpt-4o", cost_micro_usd=None, cached_tokens=40),
        make_record(created_at=datetime(2026, 3, 2, 8, 0, tzinfo=EAST_AFRICA)),
    ]
    recorder = new_recorder(empty_usage)
    for rec in records:
        recorder.record(rec)
    assert recorder.stats.queue_depth == 5

    assert await recorder.flush() is True

    assert await stored_ids(empty_usage) == sorted(r.request_id for r in records)
    assert (recorder.stats.rows_written, recorder.stats.queue_depth) == (5, 0)
    rollups = await rollup_table(empty_usage)
    assert [(r["day"], r["model"], r["calls"]) for r in rollups] == [
        (date(2026, 3, 1), "gpt-4o", 1),
        (date(2026, 3, 1), "gpt-4o-mini", 3),
        (date(2026, 3, 2), "gpt-4o-mini", 1),
    ]
    unpriced, mini, next_day = rollups
    assert unpriced["unpriced_calls"] == 1
    assert (unpriced["cost_micro_usd"], unpriced["cached_tokens"]) == (0, 40)
    assert mini["errors"] == 1
    assert mini["input_tokens"] == 300
    assert mini["output_tokens"] == 40
    assert mini["cost_micro_usd"] == 3_000
    assert mini["latency_ms_total"] == 1_100
    assert (mini["user_id"], mini["provider_type"], mini["unpriced_calls"]) == (0, "openai", 0)
    assert next_day["calls"] == 1


async def test_writing_the_same_records_again_changes_nothing(
    empty_usage: AsyncEngine, new_recorder: Builder
) -> None:
    records = [make_record(cost_micro_usd=1_000 * n) for n in range(1, 8)]
    first = new_recorder(empty_usage)
    for rec in records:
        first.record(rec)
    await first.flush()
    rollups_before = await rollup_table(empty_usage)

    again = new_recorder(empty_usage, batch_size=3)
    for rec in [*records, records[0]]:  # a repeat inside one batch too
        again.record(rec)
    await again.flush()

    assert await stored_ids(empty_usage) == sorted(r.request_id for r in records)
    assert await rollup_table(empty_usage) == rollups_before
    assert (again.stats.rows_written, again.stats.rows_duplicate) == (0, 8)

    extra = make_record(cost_micro_usd=500)
    again.record(records[1])
    again.record(extra)
    await again.flush()
    [rollup] = await rollup_table(empty_usage)
    assert rollup["calls"] == 8
    assert rollup["cost_micro_usd"] == 28_000 + 500


async def test_calls_without_a_price_count_as_unpriced(
    empty_usage: AsyncEngine, new_recorder: Builder
) -> None:
    recorder = new_recorder(empty_usage)
    for cost in (None, 2_500, None, 0):
        recorder.record(make_record(cost_micro_usd=cost))
    await recorder.flush()
    [rollup] = await rollup_table(empty_usage)
    assert (rollup["calls"], rollup["unpriced_calls"], rollup["cost_micro_usd"]) == (4, 2, 2_500)


async def test_rows_wait_in_memory_while_the_database_is_down(
    empty_usage: AsyncEngine,
    flaky: tuple[AsyncEngine, Switch],
    new_recorder: Builder,
    caplog: pytest.LogCaptureFixture,
    spool_dir: Path,
) -> None:
    engine, switch = flaky
    switch.down = True
    recorder = new_recorder(engine)
    await recorder.start()
    records = [make_record() for _ in range(120)]
    with caplog.at_level(logging.INFO, logger="kazi.usage.recorder"):
        for rec in records:
            recorder.record(rec)
        await wait_for(lambda: recorder.stats.flush_failures >= 3)
        assert await stored_ids(empty_usage) == []
        assert recorder.stats.queue_depth == 120
        assert spool_files(spool_dir) == []

        switch.down = False
        await wait_for(lambda: recorder.stats.rows_written == 120)
        await recorder.stop()

    assert await stored_ids(engine) == sorted(r.request_id for r in records)
    assert await rollup_calls(engine) == 120
    outage_lines = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert len(outage_lines) == 1
    assert "OperationalError" in outage_lines[0].getMessage()
    assert any("database back" in r.getMessage() for r in caplog.records)
    assert all("req-" not in r.getMessage() for r in caplog.records)


async def test_rows_beyond_the_memory_limit_go_to_the_spool(
    flaky: tuple[AsyncEngine, Switch], new_recorder: Builder, spool_dir: Path
) -> None:
    engine, switch = flaky
    switch.down = True
    recorder = new_recorder(engine, batch_size=10, max_memory_rows=40)
    await recorder.start()
    records = [make_record() for _ in range(100)]
    for rec in records:
        recorder.record(rec)
    await wait_for(lambda: recorder.stats.rows_spooled == 60)
    assert recorder.stats.queue_depth == 40
    spooled = [json.loads(line)["request_id"] for line in spool_lines(spool_dir)]
    assert len(spooled) == 60
    assert set(spooled) == {rec.request_id for rec in records[:60]}  # the oldest leave first

    switch.down = False
    await wait_for(lambda: recorder.stats.rows_written == 100)
    await recorder.stop()
    assert await stored_ids(engine) == sorted(r.request_id for r in records)
    assert await rollup_calls(engine) == 100
    assert spool_files(spool_dir) == []


async def test_stop_spools_and_the_next_recorder_drains_the_spool(
    database_url: str, empty_usage: AsyncEngine, new_recorder: Builder, spool_dir: Path
) -> None:
    unreachable = create_engine(_unreachable(database_url, spool_dir.parent))
    first = new_recorder(unreachable)
    await first.start()
    records = [make_record(user_id=None) for _ in range(30)]
    for rec in records:
        first.record(rec)
    await first.stop()
    await unreachable.dispose()
    assert first.stats.flush_failures >= 1
    assert first.stats.rows_spooled == 30
    assert len(spool_lines(spool_dir)) == 30

    second = new_recorder(empty_usage)
    await second.start()
    await wait_for(lambda: second.stats.rows_written == 30)
    await second.stop()
    assert await stored_ids(empty_usage) == sorted(r.request_id for r in records)
    assert spool_files(spool_dir, "*") == []  # lock files included


def _unreachable(database_url: str, scratch: Path) -> str:
    """The same database on a closed port, or an SQLite file that cannot be opened."""
    if database_url.startswith("sqlite"):
        return f"sqlite+aiosqlite:///{scratch / 'no-such-dir' / 'kazi.db'}"
    return make_url(database_url).set(port=1).render_as_string(hide_password=False)


async def test_a_row_the_database_refuses_does_not_block_the_others(
    empty_usage: AsyncEngine, new_recorder: Builder
) -> None:
    good = [make_record() for _ in range(4)]
    orphan = make_record(provider_config_id=987_654)  # the config was deleted meanwhile
    recorder = new_recorder(empty_usage)
    for rec in [*good[:2], orphan, *good[2:]]:
        recorder.record(rec)
    assert await recorder.flush() is True
    assert await stored_ids(empty_usage) == sorted(r.request_id for r in [*good, orphan])
    assert await rollup_calls(empty_usage) == 5
    assert recorder.stats.rows_written == 5


async def test_records_after_stop_go_straight_to_the_spool(
    empty_usage: AsyncEngine, new_recorder: Builder, spool_dir: Path
) -> None:
    recorder = new_recorder(empty_usage)
    await recorder.start()
    await recorder.stop()
    late = make_record()
    recorder.record(late)
    assert recorder.stats.rows_spooled == 1

    successor = new_recorder(empty_usage)
    await successor.start()
    await successor.stop()
    assert await stored_ids(empty_usage) == [late.request_id]


async def test_damaged_spool_lines_are_skipped_and_counted(
    empty_usage: AsyncEngine, new_recorder: Builder, spool_dir: Path
) -> None:
    whole = make_record()
    writer = new_recorder(empty_usage)
    writer._spool.append([whole])  # as a process that crashed mid-write would leave it
    with writer._spool.active_path.open("a") as file:
        file.write('{"request_id": "req-cut-sho')

    reader = new_recorder(empty_usage)
    await reader.start()
    await wait_for(lambda: reader.stats.rows_written == 1)
    await reader.stop()
    assert reader.stats.rows_dropped == 1
    reader.stats.rows_dropped = 0  # expected here; the fixture checks the rest
    assert await stored_ids(empty_usage) == [whole.request_id]
    assert spool_files(spool_dir) == []


async def test_a_hanging_database_cannot_hold_up_the_shutdown(
    empty_usage: AsyncEngine,
    new_recorder: Builder,
    spool_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def never_answers(*_args: object) -> int:
        await asyncio.Event().wait()
        return 0

    with monkeypatch.context() as patch:
        patch.setattr(repository, "write_batch", never_answers)
        recorder = new_recorder(empty_usage, stop_timeout=0.3)
        await recorder.start()
        records = [make_record() for _ in range(10)]
        for rec in records:
            recorder.record(rec)
        await asyncio.sleep(0.05)  # the first flush is now waiting on the database
        started = time.monotonic()
        await recorder.stop()
        assert time.monotonic() - started < 2
    assert recorder.stats.rows_spooled == 10
    assert recorder.stats.queue_depth == 0

    successor = new_recorder(empty_usage)
    await successor.start()
    await successor.stop()
    assert await stored_ids(empty_usage) == sorted(r.request_id for r in records)


def test_a_batch_is_cut_into_few_page_sizes_in_order() -> None:
    sizes_seen: set[int] = set()
    for count in range(0, 500):
        rows = list(range(count))
        cut = repository.pages(rows)
        assert [row for page in cut for row in page] == rows
        sizes = [len(page) for page in cut]
        assert sizes == sorted(sizes, reverse=True)
        sizes_seen.update(sizes)
    assert sizes_seen == {1, 2, 4, 8, 16, 32}


async def test_a_batch_of_many_pages_writes_each_row_once(
    empty_usage: AsyncEngine, new_recorder: Builder
) -> None:
    stored_before = make_record(cost_micro_usd=9)
    first = new_recorder(empty_usage)
    first.record(stored_before)
    await first.flush()
    # 77 rows are pages of 32, 32, 8, 4 and 1; the stored one sits in the third page.
    records = [make_record(cost_micro_usd=10) for _ in range(76)]
    records.insert(70, stored_before)
    recorder = new_recorder(empty_usage, batch_size=500)
    for rec in records:
        recorder.record(rec)
    await recorder.flush()
    assert (recorder.stats.rows_written, recorder.stats.rows_duplicate) == (76, 1)
    assert await stored_ids(empty_usage) == sorted(r.request_id for r in records)
    [rollup] = await rollup_table(empty_usage)
    assert (rollup["calls"], rollup["cost_micro_usd"]) == (77, 9 + 76 * 10)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_batch_whose_connection_died_is_written_on_a_new_one(
    database_url: str, empty_usage: AsyncEngine, new_recorder: Builder
) -> None:
    writer = repository.writer_engine(empty_usage)
    try:
        async with writer.connect() as connection:  # the pool's one connection, kept
            pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        admin_execute(f"SELECT pg_terminate_backend({int(pid)})")
        recorder = new_recorder(writer)
        records = [make_record() for _ in range(3)]
        for record in records:
            recorder.record(record)

        assert await recorder.flush()  # no outage, no waiting for a retry
        assert recorder.stats.flush_failures == 0
        assert recorder.stats.rows_written == 3
        assert await stored_ids(empty_usage) == sorted(r.request_id for r in records)
    finally:
        await writer.dispose()


async def test_the_server_recorder_writes_through_a_pool_of_its_own(
    database_url: str, empty_usage: AsyncEngine, tmp_path: Path
) -> None:
    recorder = UsageRecorder.from_settings(empty_usage, make_settings(tmp_path, database_url))
    await recorder.start()
    recorder.record(make_record())
    assert await recorder.flush()
    await recorder.stop()

    writer = recorder.engine
    if empty_usage.dialect.name == "sqlite":
        assert writer is empty_usage
        return
    assert writer is not empty_usage
    assert writer.pool.size() == 1
    assert not writer.pool._pre_ping
    assert writer.pool.checkedin() == 0  # closed by stop()
    assert empty_usage.pool.checkedout() == 0
