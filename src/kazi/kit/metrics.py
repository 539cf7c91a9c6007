"""Prometheus metrics at /metrics: the registry, HTTP requests, and the endpoint.

The AI and usage-recorder series live in `kazi.usage.metrics`, on the same registry.
Labels are low-cardinality by construction: route templates, methods and status
classes; never users or raw paths.

/metrics answers only `Authorization: Bearer <KAZI_METRICS_TOKEN>`, and is 404 while
no token is configured. (To keep metrics off the public listener altogether, serve the
same registry on a private port instead, e.g. with `prometheus_client.start_http_server`
bound to an internal address.)

Several worker processes: set PROMETHEUS_MULTIPROC_DIR to an empty directory, writable
by every worker, before the workers start, and empty it again at each deployment; the
scrape then sums every worker's files. The queue-depth gauge counts live workers only.
"""

import os
import time
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kazi.kit.errors import NotFound, Unauthorized
from kazi.kit.http import bearer_token
from kazi.security.tokens import same_secret

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
REGISTRY = CollectorRegistry()
if not os.environ.get(MULTIPROCESS_ENV):
    ProcessCollector(registry=REGISTRY)

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
