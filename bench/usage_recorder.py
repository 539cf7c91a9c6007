"""Benchmark the usage recorder alone: CPU per row at a low and at a high rate.

Usage: .venv/bin/python bench/usage_recorder.py [--backend postgresql|sqlite|both]
           [--rate 4] [--seconds 40] [--rows 20000] [--flush-interval 10]

For each backend it creates a scratch database (PostgreSQL: KAZI_BENCH_POSTGRES_URL, as
bench/gateway.py; SQLite: a temporary file), then runs the recorder with the server's
settings (batch of 200, flush interval 10 s, its own pool: `writer_engine`) on uvloop,
as `kazi serve` does:
- low rate: `--rate` rows a second for `--seconds`, then a final flush;
- high rate: `--rows` rows queued as fast as possible, in bursts, then a final flush.
CPU is this process's (every thread, so aiosqlite's too), divided by the
rows stored; "loop alone" is the same paced loop with nothing recording, the floor.

The floor moves from run to run by more than the recorder costs at a low rate, so the
write itself is also measured without a loop around it: writes of 1 and of 200 rows,
back to back, give its fixed cost and its cost per row. What the recorder's writes
cost per row at `--rate` then follows from the rows a write holds there
(rate x flush interval, at most a batch) beside a full batch at high rate.
"""

import argparse
import asyncio
import contextlib
import itertools
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway import ADMIN_URL, _admin_sql, _fast_loop
from kazi.kit.db import create_engine
from kazi.migrations.tables import Base
from kazi.usage import repository
from kazi.usage.record import UsageRecord, UsageStatus
from kazi.usage.recorder import UsageRecorder

BATCH = 200  # rows a write, as the server's default (KAZI_USAGE_BATCH_SIZE)
BURST = 50  # rows queued between two yields to the loop at high rate
_numbers = itertools.count(1)


def make_record() -> UsageRecord:
    """A gateway call: one provider and model, two tasks, one call in twenty failing."""
    number = next(_numbers)
    failed = number % 20 == 0
    return UsageRecord(
        request_id=f"bench-{uuid.uuid4().hex}",
        user_id=None,
        provider_config_id=None,
        provider_name="fast",
        provider_type="openai",
        model="gpt-4o-mini",
        task_type="chat" if number % 2 else "validation",
        tier="free",
        input_tokens=12,
        output_tokens=0 if failed else 8,
        cached_tokens=0,
        tokens_estimated=False,
        cost_micro_usd=None if failed else 7,
        status=UsageStatus.ERROR if failed else UsageStatus.SUCCESS,
        error_code="upstream_error" if failed else None,
        latency_ms=3 + number % 40,
        attempt=1,
        created_at=datetime.now(UTC),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--rate", type=float, default=4.0, help="rows a second, low rate")
    parser.add_argument("--seconds", type=float, default=40.0, help="length of the low rate")
    parser.add_argument("--rows", type=int, default=20_000, help="rows at high rate")
    parser.add_argument("--flush-interval", type=float, default=10.0)
    args = parser.parse_args()
    _fast_loop()
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    backends = ("postgresql", "sqlite") if args.backend == "both" else (args.backend,)
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="kazi-bench-usage-") as work:
            if backend == "sqlite":
                asyncio.run(_bench(backend, f"sqlite+aiosqlite:///{work}/bench.db", work, args))
            else:
                with scratch_postgres() as url:
                    asyncio.run(_bench(backend, url, work, args))
    return 0


@contextlib.contextmanager
def scratch_postgres() -> Iterator[str]:
    """The URL of a new PostgreSQL database, dropped on the way out."""
    database = f"kazi_bench_{uuid.uuid4().hex[:10]}"
    url = make_url(ADMIN_URL).set(database=database).render_as_string(hide_password=False)
    _admin_sql(f'CREATE DATABASE "{database}"')
    try:
        yield url
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


async def _bench(backend: str, url: str, work: str, args: argparse.Namespace) -> None:
    engine = create_engine(url)
    writer = repository.writer_engine(engine)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        print(f"\n{backend}: batch {BATCH}, flush interval {args.flush_interval:g} s")
        floor = await _paced(None, args.rate, args.seconds)
        print(f"  loop alone  {args.rate:g} rows/s for {args.seconds:g} s: {floor}")
        warm = await _high_rate(writer, Path(work) / "warm", args.flush_interval, 2_000)
        del warm  # connections opened, statements prepared and cached, as in a live server
        low = await _low_rate(writer, Path(work) / "low", args)
        print(f"  low rate    {args.rate:g} rows/s for {args.seconds:g} s: {low}")
        high = await _high_rate(writer, Path(work) / "high", args.flush_interval, args.rows)
        print(f"  high rate   {args.rows} rows in bursts of {BURST}: {high}", flush=True)
        fixed_ms, row_ms = await _write_cost(writer)
        per_write = min(BATCH, max(1, int(args.rate * args.flush_interval)))
        print(
            f"  one write   {fixed_ms:.3f} ms + {row_ms * 1000:.1f} us a row; a row's share"
            f" at {args.rate:g} rows/s ({per_write} a write)"
            f" {(fixed_ms / per_write + row_ms) * 1000:.1f} us,"
            f" at high rate ({BATCH} a write) {(fixed_ms / BATCH + row_ms) * 1000:.1f} us"
        )
    finally:
        await writer.dispose()
        await engine.dispose()


async def _low_rate(engine: AsyncEngine, spool: Path, args: argparse.Namespace) -> str:
    recorder = UsageRecorder(engine, spool, flush_interval=args.flush_interval, batch_size=BATCH)
    await recorder.start()
    await recorder.flush()
    try:
        return await _paced(recorder, args.rate, args.seconds)
    finally:
        await recorder.stop()


async def _paced(recorder: UsageRecorder | None, rate: float, seconds: float) -> str:
    """Rows `1 / rate` seconds apart, open loop, then a flush; CPU per row over it all."""
    count = int(rate * seconds)
    cpu_before, started = _cpu_ms(), time.perf_counter()
    for index in range(count):
        await asyncio.sleep(max(0.0, started + index / rate - time.perf_counter()))
        record = make_record()
        if recorder is not None:
            recorder.record(record)
    if recorder is not None:
        await recorder.flush()
        _check(recorder, count)
    return _figures(count, _cpu_ms() - cpu_before, time.perf_counter() - started)


async def _high_rate(engine: AsyncEngine, spool: Path, flush_interval: float, count: int) -> str:
    recorder = UsageRecorder(engine, spool, flush_interval=flush_interval, batch_size=BATCH)
    await recorder.start()
    await recorder.flush()
    cpu_before, started = _cpu_ms(), time.perf_counter()
    try:
        for first in range(0, count, BURST):
            for _ in range(min(BURST, count - first)):
                recorder.record(make_record())
            await asyncio.sleep(0)
        await recorder.flush()
        _check(recorder, count)
    finally:
        await recorder.stop()
    return _figures(count, _cpu_ms() - cpu_before, time.perf_counter() - started)


async def _write_cost(engine: AsyncEngine, writes: int = 400) -> tuple[float, float]:
    """CPU ms of one write's fixed part and of each row in it, from `writes` writes of
    one row and as many of a full batch, the median of three rounds each."""
    single, full = [], []
    for _ in range(3):
        single.append(await _cpu_per_write(engine, 1, writes))
        full.append(await _cpu_per_write(engine, BATCH, writes))
    one, batch = statistics.median(single), statistics.median(full)
    per_row = (batch - one) / (BATCH - 1)
    return one - per_row, per_row


async def _cpu_per_write(engine: AsyncEngine, size: int, writes: int) -> float:
    batches = [[make_record() for _ in range(size)] for _ in range(writes)]
    cpu_before = _cpu_ms()
    for batch in batches:
        await repository.write_batch(engine, batch)
    return (_cpu_ms() - cpu_before) / writes


def _check(recorder: UsageRecorder, count: int) -> None:
    stats = recorder.stats
    if stats.rows_written != count or stats.rows_dropped or stats.rows_spooled:
        raise RuntimeError(f"expected {count} rows written, got {stats}")


def _figures(rows: int, cpu_ms: float, wall_s: float) -> str:
    return f"cpu {cpu_ms / rows:6.3f} ms/row  ({rows} rows, {cpu_ms:7.1f} ms cpu, {wall_s:5.1f} s)"


def _cpu_ms() -> float:
    return time.process_time() * 1000  # every thread of the process, finer than /proc ticks


if __name__ == "__main__":
    sys.exit(main())
