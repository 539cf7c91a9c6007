"""The latency histogram: bucket bounds, percentiles from counts, and how it is stored."""

import importlib.util
import math
import random
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

import kazi.migrations
from kazi.usage import repository
from kazi.usage.latency import (
    LOWER_BOUNDS,
    RELATIVE_WIDTH,
    bucket_of,
    bucket_span,
    bucket_sql,
    percentile,
)
from kazi.usage.models import UsageDailyLatency
from kazi.usage.record import UsageStatus
from tests.usage.support import FIXED_TIME, make_record

SHARES = (0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0)


def exact_percentile(values: list[int], share: float) -> float:
    """Linear interpolation between the closest ranks, as PostgreSQL's percentile_cont."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def histogram(values: list[int]) -> list[tuple[int, int]]:
    return sorted(Counter(bucket_of(value) for value in values).items())


def test_buckets_cover_every_millisecond_once_and_are_about_six_percent_wide() -> None:
    assert LOWER_BOUNDS[:3] == (0, 1, 2)
    assert 600_000 < LOWER_BOUNDS[-1] < 700_000  # about ten minutes
    for bucket in range(len(LOWER_BOUNDS) - 1):
        first, last = bucket_span(bucket)
        assert (bucket_of(first), bucket_of(last), bucket_of(last + 1)) == (
            bucket,
            bucket,
            bucket + 1,
        )
        assert last - first <= RELATIVE_WIDTH * max(first, 1)
    assert bucket_of(-5) == 0
    assert bucket_of(10**9) == len(LOWER_BOUNDS) - 1
    assert 0.05 < RELATIVE_WIDTH < 0.06


DISTRIBUTIONS: dict[str, Callable[[random.Random], int]] = {
    "exponential": lambda r: 200 + int(r.expovariate(1 / 800)),
    "log-normal": lambda r: int(r.lognormvariate(7, 1.2)),
    "two modes": lambda r: int(r.gauss(150, 20)) if r.random() < 0.7 else int(r.gauss(4000, 900)),
    "small": lambda r: r.randrange(0, 40),
}


@pytest.mark.parametrize("name", sorted(DISTRIBUTIONS))
@pytest.mark.parametrize("calls", [1, 2, 7, 1_000, 50_000])
def test_percentiles_from_buckets_are_within_a_bucket_of_the_exact_ones(
    name: str, calls: int
) -> None:
    draw = random.Random(f"{name}-{calls}")
    values = [max(0, min(DISTRIBUTIONS[name](draw), 600_000)) for _ in range(calls)]
    counts = histogram(values)
    for share in SHARES:
        exact = exact_percentile(values, share)
        assert abs(percentile(counts, share) - exact) <= RELATIVE_WIDTH * exact + 1e-9, share


def test_a_single_millisecond_bucket_gives_the_exact_value() -> None:
    assert [percentile(histogram([7, 7, 9]), share) for share in (0, 0.5, 1)] == [7, 7, 9]
    with pytest.raises(ValueError, match="no calls"):
        percentile([], 0.5)


def _migration_0008() -> Any:
    (path,) = Path(kazi.migrations.__file__).parent.glob("versions/0008_*.py")
    spec = importlib.util.spec_from_file_location("kazi_migration_0008", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _stored(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(UsageDailyLatency))
        return sorted(tuple(row) for row in rows)


LATENCIES = (0, 1, 17, 18, 99, 100, 105, 106, 2_500, 60_000, 630_956, 630_957, 900_000)


def _records() -> list[Any]:
    records = [make_record(latency_ms=ms) for ms in LATENCIES]
    records += [make_record(latency_ms=100, task_type="cv_draft", tier="pro")]
    records += [make_record(latency_ms=100, created_at=FIXED_TIME + timedelta(days=1))]
    records += [make_record(latency_ms=50, status=UsageStatus.ERROR)]  # failures: not counted
    return records


async def test_write_batch_counts_successful_calls_per_bucket_once(
    empty_usage: AsyncEngine,
) -> None:
    records = _records()
    assert await repository.write_batch(empty_usage, records) == len(records)
    assert await repository.write_batch(empty_usage, records) == 0  # a retried batch
    stored = await _stored(empty_usage)
    day = FIXED_TIME.date()
    key = ("openai-main", "gpt-4o-mini")
    expected = Counter((day, *key, "extraction", "free", bucket_of(ms)) for ms in LATENCIES)
    expected[(day, *key, "cv_draft", "pro", bucket_of(100))] += 1
    expected[(day + timedelta(days=1), *key, "extraction", "free", bucket_of(100))] += 1
    assert stored == sorted((*group, calls) for group, calls in expected.items())

    more = [make_record(latency_ms=100), make_record(latency_ms=100)]
    assert await repository.write_batch(empty_usage, more) == 2
    after = {row[:6]: row[6] for row in await _stored(empty_usage)}
    assert after[(day, *key, "extraction", "free", bucket_of(100))] == 4


async def test_the_migration_backfill_counts_as_the_recorder_does(
    empty_usage: AsyncEngine,
) -> None:
    records = _records()
    assert await repository.write_batch(empty_usage, records) == len(records)
    written = await _stored(empty_usage)
    async with empty_usage.begin() as connection:
        await connection.execute(delete(UsageDailyLatency))
        backfill = _migration_0008().backfill_latency(empty_usage.dialect.name)
        await connection.execute(text(backfill))
    assert await _stored(empty_usage) == written


async def test_the_sql_bucket_is_the_python_bucket(empty_usage: AsyncEngine) -> None:
    probes = sorted({0, -3, *LATENCIES} | {b + d for b in LOWER_BOUNDS for d in (-1, 0, 1)})
    values = ", ".join(f"({ms})" for ms in probes)  # one column, named column1 by both
    query = f"SELECT column1, {bucket_sql('column1')} FROM (VALUES {values}) AS probes"  # noqa: S608
    async with empty_usage.connect() as connection:
        found = {int(ms): int(bucket) for ms, bucket in await connection.execute(text(query))}
    assert found == {ms: bucket_of(ms) for ms in probes}
