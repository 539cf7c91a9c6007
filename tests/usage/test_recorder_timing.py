"""When the recorder writes: a due write starts from the record() call that finds it
due, while the process is awake anyway; its own timer is the backstop when calls stop."""

import asyncio
import types
from collections.abc import Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.usage import recorder as recorder_module
from kazi.usage.recorder import UsageRecorder
from tests.usage.support import make_record, stored_ids, wait_for

Builder = Callable[..., UsageRecorder]


class _Clock:
    """The recorder's monotonic clock, moved by hand; the event loop keeps real time."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    clock = _Clock()
    monkeypatch.setattr(recorder_module, "time", types.SimpleNamespace(monotonic=clock.monotonic))
    return clock


async def _started(recorder: UsageRecorder) -> UsageRecorder:
    """Started, its first write (of nothing) done: the writer then waits for rows."""
    await recorder.start()
    await recorder.flush()
    await asyncio.sleep(0.05)
    return recorder


async def test_a_due_write_starts_from_the_record_call_that_finds_it_due(
    empty_usage: AsyncEngine, new_recorder: Builder, clock: _Clock
) -> None:
    # The backstop timer would fire only after 60 s + 1 s of real time.
    recorder = await _started(new_recorder(empty_usage, flush_interval=60.0))
    first, second = make_record(), make_record()
    recorder.record(first)
    await asyncio.sleep(0.05)  # the writer wakes for the first row, then sleeps
    clock.now += 59.0
    recorder.record(second)  # not yet due: nothing is written
    await asyncio.sleep(0.05)
    clock.now += 1.0
    third = make_record()
    recorder.record(third)  # the oldest has waited 60 s: this call starts the write
    expected = sorted(rec.request_id for rec in (first, second, third))
    await wait_for(lambda: recorder.stats.rows_written == 3, timeout=5.0)
    assert await stored_ids(empty_usage) == expected


async def test_a_record_call_before_the_deadline_writes_nothing(
    empty_usage: AsyncEngine, new_recorder: Builder, clock: _Clock
) -> None:
    recorder = await _started(new_recorder(empty_usage, flush_interval=60.0))
    recorder.record(make_record())
    await asyncio.sleep(0.05)  # the writer wakes for the first row, then sleeps
    clock.now += 59.0
    recorder.record(make_record())
    await asyncio.sleep(0.5)  # time enough for a write the call would have started
    assert recorder.stats.rows_written == 0
    assert await stored_ids(empty_usage) == []


async def test_the_timer_writes_once_calls_stop(
    empty_usage: AsyncEngine, new_recorder: Builder
) -> None:
    recorder = new_recorder(empty_usage, flush_interval=0.2)  # backstop 0.05 s later
    await recorder.start()
    rec = make_record()
    recorder.record(rec)
    await wait_for(lambda: recorder.stats.rows_written == 1, timeout=5.0)
    assert await stored_ids(empty_usage) == [rec.request_id]
