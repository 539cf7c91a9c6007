"""The shapes of usage figures: the filters a query takes and the rows and totals it
returns. Plain data, shared by the usage repository, its service and the pages that
show the figures."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from kazi.usage.latency import percentile

USER_LATENCY_SAMPLE = 20_000
PERCENTILES = (0.5, 0.95, 0.99)


@dataclass(frozen=True, slots=True)
class UsageQuery:
    """A range of whole UTC days (both included) and optional equality filters."""

    since: date
    until: date
    provider: str | None = None
    model: str | None = None
    task: str | None = None
    tier: str | None = None
    user_id: int | None = None

    @property
    def filters_calls(self) -> bool:
        return any((self.provider, self.model, self.task, self.tier))


@dataclass(frozen=True, slots=True)
class DayRow:
    """Rollup sums for one day, provider and model."""

    day: date
    provider: str
    model: str
    calls: int
    errors: int
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost_micro_usd: int
    unpriced_calls: int
    latency_ms_total: int


@dataclass(frozen=True, slots=True)
class ProviderUsage:
    calls: int
    errors: int
    cost_micro_usd: int
    unpriced_calls: int


@dataclass(frozen=True, slots=True)
class UserCost:
    user_id: int
    calls: int
    cost_micro_usd: int
    unpriced_calls: int


@dataclass(frozen=True, slots=True)
class BucketCount:
    """Successful calls of one provider and task in one latency bucket."""

    provider: str
    task: str
    bucket: int
    calls: int


@dataclass(frozen=True, slots=True)
class Latency:
    provider: str
    task: str
    calls: int
    p50: float
    p95: float
    p99: float


@dataclass(frozen=True, slots=True)
class UsageFilters:
    """Raw-row filters; `since` is inclusive and `until` exclusive."""

    provider_config_id: int | None = None
    provider_name: str | None = None
    model: str | None = None
    task_type: str | None = None
    tier: str | None = None
    user_id: int | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(slots=True)
class Totals:
    calls: int = 0
    errors: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    cost_micro_usd: int = 0
    unpriced_calls: int = 0
    latency_ms_total: int = 0


@dataclass(slots=True)
class Summary:
    totals: Totals
    groups: dict[str, list[tuple[str, Totals]]] = field(default_factory=dict)


def latencies(buckets: Iterable[BucketCount]) -> list[Latency]:
    """Percentiles per provider and task, from their bucket counts (in any order)."""
    groups: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for count in buckets:
        groups[(count.provider, count.task)][count.bucket] += count.calls
    found = []
    for (provider, task), by_bucket in sorted(groups.items()):
        counts = sorted(by_bucket.items())
        p50, p95, p99 = (percentile(counts, share) for share in PERCENTILES)
        calls = sum(by_bucket.values())
        found.append(Latency(provider, task, calls, p50, p95, p99))
    return found
