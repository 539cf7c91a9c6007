"""The `kazi` command: serve, migrate, create-admin, providers, rotate-keys, prune-usage."""

import argparse
import asyncio
import contextlib
import getpass
import logging
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from kazi.cli.providers import add_commands as add_provider_commands
from kazi.kit.config import Settings, get_settings
from kazi.kit.logs import configure_logging

logger = logging.getLogger("kazi.cli")
Handler = Callable[[argparse.Namespace, Settings], int]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging()
    # Every table must be known before any mapper is used: a foreign key to a table whose
    # module nobody imported fails only at flush time, after the work is done.
    import kazi.migrations.tables  # noqa: F401

    try:
        settings = get_settings()
    except ValueError as exc:
        print(f"kazi: configuration error: {exc}", file=sys.stderr)
        return 2
    handler: Handler = args.handler
    return handler(args, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kazi", description="Kazi job-application backend")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="apply pending migrations, then serve HTTP")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=None, help="processes (KAZI_WORKERS)")
    serve.set_defaults(handler=_serve)
    migrate = commands.add_parser("migrate", help="apply pending database migrations")
    migrate.set_defaults(handler=_migrate)
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", help="omit to read it from standard input")
    admin.set_defaults(handler=_create_admin)
    add_provider_commands(commands)
    prune = commands.add_parser("prune-usage", help="delete raw usage rows past the retention")
    prune.add_argument("--older-than-days", type=int, default=None, metavar="N")
    prune.add_argument("--batch-size", type=int, default=5_000)
    prune.set_defaults(handler=_prune_usage)
    return parser


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from kazi.migrations import schema_is_current, upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not schema_is_current(settings.resolved_database_url):
        # Alembic's INFO lines name each revision; the operator needs only the outcome.
        logging.getLogger("alembic").setLevel(logging.WARNING)
        upgrade(settings.resolved_database_url)
    print("database is at the latest schema")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    _migrate(args, settings)  # once, before any worker starts
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    if workers < 1:
        print("kazi: --workers must be at least 1", file=sys.stderr)
        return 2
    logger.info(
        "Kazi listening on http://%s:%s (%s; %d worker%s; database %s)",
        host,
        port,
        "API docs at /docs" if settings.docs_enabled else "API docs off",
        workers,
        "" if workers == 1 else "s",
        _redacted_url(settings.resolved_database_url),
    )
    if workers > 1 and not settings.redis_url:
        logger.warning("without KAZI_REDIS_URL each worker keeps its own rate limits and cache")
    if not _run(_has_admin(settings)):
        logger.info(
            "no administrator yet; make one with: %s create-admin --email you@example.com",
            _command_path(),
        )
    _run_uvicorn(host, port, workers)
    return 0


def _run_uvicorn(host: str, port: int, workers: int) -> None:
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    from kazi.kit.server import KaziServer

    # Each worker builds its own app (engine, usage recorder, Redis client) from the
    # environment. X-Forwarded-For is read by Kazi itself (KAZI_TRUST_PROXY_HEADERS).
    app = "kazi.main:create_app_from_env"
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "log_config": None,
        "log_level": "warning",  # uvicorn's start and stop lines: Kazi says where it listens
        "access_log": False,
        "proxy_headers": False,
        "http": "kazi.kit.server:KaziHttpProtocol",  # Kazi's envelope for refused requests
    }
    if workers > 1:  # uvicorn's supervisor, each worker with uvicorn's own server
        uvicorn.run(app, **options)
        return
    server = KaziServer(uvicorn.Config(app, **options))
    with contextlib.suppress(KeyboardInterrupt):  # SIGINT, raised again once stopped
        server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _prune_usage(args: argparse.Namespace, settings: Settings) -> int:
    days = args.older_than_days
    if days is None:
        days = settings.usage_retention_days
    if days < 1 or args.batch_size < 1:
        print("kazi: --older-than-days and --batch-size must be at least 1", file=sys.stderr)
        return 2
    return _run(_prune(settings, days, args.batch_size))


async def _prune(settings: Settings, days: int, batch_size: int) -> int:
    from kazi.kit.db import create_engine
    from kazi.usage.retention import prune_usage, retention_cutoff

    engine = create_engine(settings.resolved_database_url)
    try:
        result = await prune_usage(engine, retention_cutoff(days), batch_size)
    finally:
        await engine.dispose()
    print(
        f"deleted {result.deleted} usage rows created before {result.cutoff:%Y-%m-%d %H:%M} UTC "
        f"in {result.batches} batches; {result.remaining} rows remain; "
        "daily rollups, totals and latency histograms are kept"
    )
    return 0


def _create_admin(args: argparse.Namespace, settings: Settings) -> int:
    password = args.password or _read_password()
    if len(password) < 10:
        print("kazi: the password must have at least 10 characters", file=sys.stderr)
        return 2
    return _run(_make_admin(settings, args.email, password))


def _read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\n")


async def _make_admin(settings: Settings, email: str, password: str) -> int:
    from kazi.enums import Role
    from kazi.kit.db import create_engine, session_factory
    from kazi.kit.errors import Conflict
    from kazi.users.service import UserService

    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            user = await UserService(session).register(email, password, role=Role.ADMIN)
        print(f"created administrator {user.email} (id {user.id})")
        return 0
    except Conflict as exc:
        print(f"kazi: {exc.message}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()


async def _has_admin(settings: Settings) -> bool:
    from kazi.kit.db import create_engine, session_factory
    from kazi.users.repository import UserRepository

    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_factory(engine)() as session:
            return await UserRepository(session).any_admin()
    finally:
        await engine.dispose()


def _command_path() -> str:
    """How this shell reaches `kazi`: `.venv/bin/kazi` in a checkout, `kazi` on the PATH."""
    invoked = Path(sys.argv[0])
    if invoked.name != "kazi" or invoked.parent == Path():
        return "kazi"
    try:
        return str(invoked.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(invoked)


def _run(coroutine: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(coroutine)


def _redacted_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
