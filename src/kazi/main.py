"""The application factory: routers, error handlers, lifespan, health checks."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.admin import site as admin_site
from kazi.app import site as app_site
from kazi.applications import endpoints as application_endpoints
from kazi.documents import endpoints as document_endpoints
from kazi.gateway import alias_endpoints
from kazi.gateway import endpoints as gateway_endpoints
from kazi.jobs import endpoints as jobs_endpoints
from kazi.jobs import extract_endpoints as job_extract_endpoints
from kazi.jobs.redis_cache import extraction_cache
from kazi.kit import api_docs
from kazi.kit.config import Settings, get_settings
from kazi.kit.cpu import CpuPool
from kazi.kit.db import create_engine, session_factory
from kazi.kit.errors import ServiceUnavailable
from kazi.kit.http import (
    Envelope,
    ErrorEnvelope,
    RequestContextMiddleware,
    install_error_handlers,
    ok,
)
from kazi.kit.logs import configure_logging
from kazi.kit.metrics import HttpMetricsMiddleware, metrics_endpoint
from kazi.kit.redis import redis_client
from kazi.profiles import endpoints as profile_endpoints
from kazi.providers import endpoints as provider_endpoints
from kazi.providers import price_endpoints
from kazi.providers.clients import ProviderClients
from kazi.providers.keys import key_box
from kazi.quotas import endpoints as quota_endpoints
from kazi.quotas.redis_counters import quota_guard
from kazi.ratelimit import throttle
from kazi.ratelimit.limiter import rate_limiter
from kazi.routing import endpoints as routing_endpoints
from kazi.routing.cache import CachedRouter
from kazi.routing.cooldown import cooldowns
from kazi.routing.failures import MarkedAlerts
from kazi.usage import endpoints as usage_endpoints
from kazi.usage.metrics import MeteredUsageSink, RecorderMetrics
from kazi.usage.recorder import UsageRecorder
from kazi.users import api_key_endpoints
from kazi.users import endpoints as user_endpoints
from kazi.users.dependencies import limit_ai_requests

logger = logging.getLogger(__name__)
# What the CPU pool's workers run, imported once by their fork server.
CPU_POOL_PRELOAD = ("kazi.documents.checking", "kazi.documents.service", "kazi.jobs.intake")


def create_app(settings: Settings | None = None, engine: AsyncEngine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Kazi",
        version="0.1.0",
        description="Backend of an AI job-application assistant.",
        lifespan=_lifespan,
        docs_url=None,  # kazi.kit.api_docs serves them without a CDN
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
        responses={"4XX": {"model": ErrorEnvelope}, "5XX": {"model": ErrorEnvelope}},
    )
    app.state.settings = settings
    app.state.engine = engine or create_engine(
        settings.resolved_database_url, settings.database_pool_size
    )
    app.state.sessions = session_factory(app.state.engine)
    _install_shared_state(app, settings)
    app.state.cpu = CpuPool(
        settings.cpu_pool, settings.cpu_workers, settings.cpu_deadline_s, CPU_POOL_PRELOAD
    )
    _build_ai_services(app, settings)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(HttpMetricsMiddleware)
    install_error_handlers(app)
    _include_routers(app)
    api_docs.install(app, settings.docs_enabled)
    return app


def create_app_from_env() -> FastAPI:
    """The app factory each `kazi serve` worker process calls: settings from the environment."""
    configure_logging()
    return create_app(get_settings())


def _install_shared_state(app: FastAPI, settings: Settings) -> None:
    """What several workers must share lives in Redis when KAZI_REDIS_URL is set, each
    piece in process otherwise: the client, the extraction cache and the rate limits."""
    app.state.redis = redis_client(settings)
    app.state.extraction_cache = extraction_cache(app.state.redis, settings)
    throttle.install(app, rate_limiter(app.state.redis, settings), settings)


def _build_ai_services(app: FastAPI, settings: Settings) -> None:
    """Everything an AI call needs, built once per process and kept on the app."""
    app.state.key_box = key_box(settings)
    app.state.provider_clients = ProviderClients(app.state.key_box)
    app.state.usage_recorder = UsageRecorder.from_settings(app.state.engine, settings)
    app.state.recorder_metrics = RecorderMetrics(app.state.usage_recorder.stats)
    app.state.quota_guard = quota_guard(app.state.redis, app.state.engine, settings)
    # One INFO line per vendor request costs CPU on every AI call; usage rows record them.
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    app.state.router = CachedRouter(
        app.state.sessions,
        app.state.key_box,
        app.state.provider_clients,
        MeteredUsageSink(app.state.usage_recorder),
        cooldowns=cooldowns(app.state.redis, settings),
        quotas=app.state.quota_guard,
        alerts=MarkedAlerts(app.state.sessions),
    )


async def start_services(app: FastAPI) -> None:
    await app.state.usage_recorder.start()
    await app.state.recorder_metrics.start()


async def stop_services(app: FastAPI) -> None:
    """Flushes the usage log (or spools it) and closes vendor clients and the pool."""
    await app.state.usage_recorder.stop()
    await app.state.recorder_metrics.stop()
    await app.state.quota_guard.aclose()
    await app.state.provider_clients.aclose()
    if app.state.redis is not None:
        await app.state.redis.aclose()
    app.state.cpu.close()


# Per user and tier, on the POST requests of the routers that call AI (kazi.ratelimit.throttle).
_AI_RATE_LIMIT = Depends(limit_ai_requests)


def _include_routers(app: FastAPI) -> None:
    # Routes are matched in order, each candidate costing a few microseconds: first the
    # health checks, which orchestrators call all the time and which do next to nothing
    # else, then the gateway, the busiest path.
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    app.add_api_route("/readyz", readyz, methods=["GET"], tags=["health"])
    app.include_router(gateway_endpoints.router)  # limits its callers itself (gateway.limits)
    app.include_router(user_endpoints.auth_router)
    app.include_router(user_endpoints.users_router)
    app.include_router(user_endpoints.admin_users_router)
    app.include_router(profile_endpoints.router)
    app.include_router(job_extract_endpoints.router, dependencies=[_AI_RATE_LIMIT])
    app.include_router(jobs_endpoints.router)
    app.include_router(application_endpoints.router)
    app.include_router(document_endpoints.router, dependencies=[_AI_RATE_LIMIT])
    app.include_router(provider_endpoints.router)
    app.include_router(price_endpoints.router)
    app.include_router(routing_endpoints.router)
    app.include_router(usage_endpoints.admin_router)
    app.include_router(usage_endpoints.me_router)
    app.include_router(api_key_endpoints.router)
    app.include_router(quota_endpoints.router)
    app.include_router(alias_endpoints.router)
    app.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    admin_site.install(app)  # /admin pages and /admin/static
    app_site.install(app)  # the job seeker's pages at / and /static
    app.include_router(gateway_endpoints.unmatched_router)  # last: what nothing else matched


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    await start_services(app)
    # Everything loaded so far lives as long as the process. Frozen, it is left out of
    # the garbage collector's full passes, which otherwise walk it all and stall a
    # request for 100-200 ms now and then.
    gc.collect()
    gc.freeze()
    yield
    await stop_services(app)
    await app.state.engine.dispose()


async def healthz() -> Envelope[dict[str, str]]:
    """The process is alive."""
    return ok({"status": "ok"})


async def readyz(request: Request) -> Envelope[dict[str, str]]:
    """The database answers."""
    engine: AsyncEngine = request.app.state.engine
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        logger.warning("readiness check failed: %s", type(exc).__name__)
        raise ServiceUnavailable("The database is not reachable.") from exc
    return ok({"status": "ready"})
