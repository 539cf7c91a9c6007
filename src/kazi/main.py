"""The application factory: routers, error handlers, lifespan, health checks."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.config import Settings, get_settings
from kazi.db import create_engine, session_factory
from kazi.errors import ServiceUnavailable
from kazi.http import Envelope, ErrorEnvelope, RequestContextMiddleware, install_error_handlers, ok
from kazi.jobs import endpoints as jobs_endpoints
from kazi.profiles import endpoints as profile_endpoints
from kazi.users import endpoints as user_endpoints

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, engine: AsyncEngine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Kazi",
        version="0.1.0",
        description="Backend of an AI job-application assistant.",
        lifespan=_lifespan,
        responses={"4XX": {"model": ErrorEnvelope}, "5XX": {"model": ErrorEnvelope}},
    )
    app.state.settings = settings
    app.state.engine = engine or create_engine(
        settings.resolved_database_url, settings.database_pool_size
    )
    app.state.sessions = session_factory(app.state.engine)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)
    install_error_handlers(app)
    _include_routers(app)
    return app


def _include_routers(app: FastAPI) -> None:
    app.include_router(user_endpoints.auth_router)
    app.include_router(user_endpoints.users_router)
    app.include_router(user_endpoints.admin_users_router)
    app.include_router(profile_endpoints.router)
    app.include_router(jobs_endpoints.router)
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    app.add_api_route("/readyz", readyz, methods=["GET"], tags=["health"])


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
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
