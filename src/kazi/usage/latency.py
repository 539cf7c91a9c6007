"""Latency histograms: log-spaced buckets, and percentiles read back from bucket counts.

Buckets are 40 to a decade (each about 6 % wider than the one before) from 1 ms to
about 10.5 minutes; latencies are whole milliseconds, so below 18 ms every millisecond
is a bucket of its own. A percentile is interpolated inside the bucket that holds its
rank: it is exact to a bucket's width, and it covers every call counted, not a sample.

The bounds are part of the stored data: changing them needs a migration that rebuilds
`usage_daily_latency`.
"""

import math
from bisect import bisect_right
from collections.abc import Sequence

PER_DECADE = 40
STEPS = 233  # the last lower bound is 10 ** (232 / 40) ms, about 10.5 minutes
RELATIVE_WIDTH = 10 ** (1 / PER_DECADE) - 1  # about 5.9 %
LOWER_BOUNDS: tuple[int, ...] = tuple(
    sorted({0} | {round(10 ** (step / PER_DECADE)) for step in range(STEPS)})
)

BucketCounts = Sequence[tuple[int, int]]  # (bucket, calls), sorted by bucket


def bucket_of(latency_ms: int) -> int:
    return max(bisect_right(LOWER_BOUNDS, latency_ms) - 1, 0)


def bucket_span(bucket: int) -> tuple[int, int]:
    """The first and last whole millisecond of a bucket; the last bucket is open-ended."""
    first = LOWER_BOUNDS[bucket]
    if bucket + 1 == len(LOWER_BOUNDS):
        return first, first
    return first, LOWER_BOUNDS[bucket + 1] - 1


def bucket_sql(column: str) -> str:
    """`bucket_of` as a SQL expression any dialect runs: a binary search of nested CASEs."""

    def search(first: int, last: int) -> str:
        if first == last:
            return str(first)
        middle = (first + last + 1) // 2
        below, above = search(first, middle - 1), search(middle, last)
        return f"CASE WHEN {column} < {LOWER_BOUNDS[middle]} THEN {below} ELSE {above} END"

    return search(0, len(LOWER_BOUNDS) - 1)


def percentile(counts: BucketCounts, share: float) -> float:
    """The latency `share` of the way through the calls counted.

    Between ranks it interpolates as PostgreSQL's `percentile_cont` does; inside a bucket
    the calls are taken as spread evenly over its milliseconds.
    """
    total = sum(calls for _, calls in counts)
    if total == 0:
        raise ValueError("no calls counted")
    position = (total - 1) * share
    low = math.floor(position)
    value = _value_at(counts, low)
    if position > low:
        value += (_value_at(counts, low + 1) - value) * (position - low)
    return value


def _value_at(counts: BucketCounts, rank: int) -> float:
    seen = 0
    for bucket, calls in counts:
        if rank < seen + calls:
            first, last = bucket_span(bucket)
            return first + (last - first) * (rank - seen + 0.5) / calls
        seen += calls
    raise ValueError("rank beyond the calls counted")
