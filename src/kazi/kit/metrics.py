"""Prometheus metrics at /metrics: AI calls, the usage recorder, HTTP requests.

AI series are fed from the usage records themselves (the router's usage sink is
wrapped), so they count exactly what the usage log stores. Labels are low-cardinality
by construction: provider types, task types, statuses, route templates, methods and
status classes; never users, models or raw paths.

/metrics answers only `Authorization: Bearer <KAZI_METRICS_TOKEN>`, and is 404 while
no token is configured. (To keep metrics off the public listener altogether, serve the
same registry on a private port instead, e.g. with `prometheus_client.start_http_server`
bound to an internal address.)

Several worker processes: set PROMETHEUS_MULTIPROC_DIR to an empty directory, writable
by every worker, before the workers start, and empty it again at each deployment; the
scrape then sums every worker's files. The queue-depth gauge counts live workers only.
"""

import asyncio
import contextlib
import logging
import os
import time
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kazi.kit.errors import NotFound, Unauthorized
from kazi.kit.http import bearer_token
from kazi.security.tokens import same_secret
from kazi.usage.record import UsageRecord

if TYPE_CHECKING:  # for typing only: importing them at run time loads every vendor SDK
    from kazi.routing.attempts import UsageSink
    from kazi.usage.recorder import RecorderStats

logger = logging.getLogger(__name__)

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
REFRESH_INTERVAL_S = 5.0
REGISTRY = CollectorRegistry()
if not os.environ.get(MULTIPROCESS_ENV):
    ProcessCollector(registry=REGISTRY)

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
HTTP_REQUESTS = Counter(
    "kazi_http_requests",
    "HTTP requests, by route template, method and status class.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
HTTP_DURATION = Histogram(
    "kazi_http_request_duration_seconds",
    "Time to answer HTTP requests (whole streams included).",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
    registry=REGISTRY,
)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"


class MeteredUsageSink:
    """Passes each usage record on, and counts it in the AI series."""

    def __init__(self, inner: "UsageSink") -> None:
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


def render() -> bytes:
    if os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


async def metrics_endpoint(request: Request) -> Response:
    """Prometheus text format, for the holder of the metrics token only."""
    configured = request.app.state.settings.metrics_token
    if configured is None:
        raise NotFound("Not found.")
    token = bearer_token(request)
    if token is None or not same_secret(token, configured.get_secret_value()):
        raise Unauthorized("A valid metrics token is required.")
    request.app.state.recorder_metrics.refresh()
    return Response(render(), media_type=CONTENT_TYPE_LATEST)


class HttpMetricsMiddleware:
    """Counts and times each HTTP request by its route template. Plain ASGI: it wraps
    every request, so it stays as thin as it can be."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception that escapes is answered with a 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            route = route_template(scope)
            HTTP_REQUESTS.labels(route, method, f"{status // 100}xx").inc()
            HTTP_DURATION.labels(route, method).observe(time.perf_counter() - started)


def route_template(scope: Scope) -> str:
    """The matched route's path template, e.g. /api/v1/jobs/{job_id}; never the raw path."""
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    endpoint = scope.get("endpoint")
    app = scope.get("app")
    if endpoint is None or app is None:
        return UNMATCHED
    for candidate in getattr(app, "routes", ()):
        if getattr(candidate, "endpoint", None) is endpoint:
            return str(candidate.path)
        if getattr(candidate, "app", None) is endpoint:  # a mounted app
            return f"{candidate.path}/{{path}}"
    return UNMATCHED
