"""The `kazi` command: serve, migrate, create-admin, providers, rotate-keys."""

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from kazi.cli_providers import add_commands as add_provider_commands
from kazi.config import Settings, get_settings
from kazi.logs import configure_logging

logger = logging.getLogger("kazi.cli")
Handler = Callable[[argparse.Namespace, Settings], int]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    configure_logging()
    try:
        settings = get_settings()
    except ValueError as exc:
        print(f"kazi: configuration error: {exc}", file=sys.stderr)
        return 2
    handler: Handler = args.handler
    return handler(args, settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kazi", description="Kazi job-application backend")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="apply pending migrations, then serve HTTP")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.set_defaults(handler=_serve)
    migrate = commands.add_parser("migrate", help="apply pending database migrations")
    migrate.set_defaults(handler=_migrate)
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", help="omit to read it from standard input")
    admin.set_defaults(handler=_create_admin)
    add_provider_commands(commands)
    return parser


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from kazi.migrations import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url)
    print("database is at the latest schema")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from kazi.main import create_app

    _migrate(args, settings)
    host = args.host or settings.host
    port = args.port or settings.port
    logger.info("Kazi listening on http://%s:%s (API docs at /docs)", host, port)
    logger.info("database: %s", _redacted_url(settings.resolved_database_url))
    logger.info("make an administrator with: kazi create-admin --email you@example.com")
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)
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
    from kazi.db import create_engine, session_factory
    from kazi.domain import Role
    from kazi.errors import Conflict
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


def _run(coroutine: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(coroutine)


def _redacted_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
