"""The AI-call and usage-recorder series of /metrics.

AI series are fed from the usage records themselves (the router's usage sink is
wrapped), so they count exactly what the usage log stores. Labels are provider types,
task types and statuses; never users or models.
"""

import asyncio
import contextlib
import logging
import os
from typing import TYPE_CHECKING

from prometheus_client import Counter, Gauge, Histogram

from kazi.kit.metrics import MULTIPROCESS_ENV, REGISTRY
from kazi.usage.record import UsageRecord, UsageSink

if TYPE_CHECKING:  # for typing only: the recorder pulls in the database layer
    from kazi.usage.recorder import RecorderStats

logger = logging.getLogger(__name__)

REFRESH_INTERVAL_S = 5.0


AI_REQUESTS = Counter(
    "kazi_ai_requests",
    "AI call attempts, by outcome.",
    ["provider_type", "task_type", "status"],
    registry=REGISTRY,
)
AI_TOKENS = Counter(
    "kazi_ai_tokens",
    "Tokens reported by vendors; input includes the cached part.",
    ["provider_type", "direction"],
    registry=REGISTRY,
)
AI_COST = Counter(
    "kazi_ai_cost_usd", "Cost of AI calls in USD.", ["provider_type"], registry=REGISTRY
)
AI_LATENCY = Histogram(
    "kazi_ai_latency_seconds",
    "Latency of AI call attempts.",
    ["provider_type", "task_type"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120),
    registry=REGISTRY,
)
USAGE_QUEUE = Gauge(
    "kazi_usage_queue_depth",
    "Usage rows waiting to be written.",
    registry=REGISTRY,
    multiprocess_mode="livesum",
)
USAGE_SPOOLED = Counter(
    "kazi_usage_rows_spooled", "Usage rows moved to the disk spool.", registry=REGISTRY
)
USAGE_DROPPED = Counter("kazi_usage_rows_dropped", "Usage rows lost.", registry=REGISTRY)


class MeteredUsageSink:
    """Passes each usage record on, and counts it in the AI series."""

    def __init__(self, inner: UsageSink) -> None:
        self.inner = inner

    def record(self, rec: UsageRecord) -> None:
        self.inner.record(rec)
        try:
            observe_usage(rec)
        except Exception:  # bookkeeping must never fail the call
            logger.exception("AI metrics could not be updated")


def observe_usage(rec: UsageRecord) -> None:
    provider = rec.provider_type
    AI_REQUESTS.labels(provider, rec.task_type, rec.status.value).inc()
    AI_LATENCY.labels(provider, rec.task_type).observe(rec.latency_ms / 1000)
    for direction, tokens in (
        ("input", rec.input_tokens),
        ("output", rec.output_tokens),
        ("cached", rec.cached_tokens),
    ):
        if tokens:
            AI_TOKENS.labels(provider, direction).inc(tokens)
    if rec.cost_micro_usd:
        AI_COST.labels(provider).inc(rec.cost_micro_usd / 1_000_000)


class RecorderMetrics:
    """Copies a usage recorder's statistics into the gauges and counters.

    Refreshed at every scrape; with several workers also every few seconds, so that
    each worker's figures reach the shared files without waiting for a scrape.
    """

    def __init__(self, stats: "RecorderStats") -> None:
        self.stats = stats
        self._spooled = 0
        self._dropped = 0
        self._task: asyncio.Task[None] | None = None

    def refresh(self) -> None:
        stats = self.stats
        USAGE_QUEUE.set(stats.queue_depth)
        USAGE_SPOOLED.inc(max(0, stats.rows_spooled - self._spooled))
        USAGE_DROPPED.inc(max(0, stats.rows_dropped - self._dropped))
        self._spooled = max(self._spooled, stats.rows_spooled)
        self._dropped = max(self._dropped, stats.rows_dropped)

    async def start(self) -> None:
        if os.environ.get(MULTIPROCESS_ENV) and self._task is None:
            self._task = asyncio.create_task(self._run(), name="recorder-metrics")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.refresh()

    async def _run(self) -> None:
        while True:
            self.refresh()
            await asyncio.sleep(REFRESH_INTERVAL_S)
