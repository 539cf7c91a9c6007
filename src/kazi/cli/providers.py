"""Operator commands for providers and keys; the same service code as the admin API.

Each action runs in one transaction and returns what to print; nothing is printed
until that transaction has committed, so a printed result is always a saved one.
"""

import argparse
import sys
from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr, ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.kit.config import Settings
from kazi.kit.db import create_engine, session_factory
from kazi.kit.errors import KaziError
from kazi.llm.registry import ProviderType
from kazi.providers.clients import ProviderClients
from kazi.providers.keys import key_box, reencrypt
from kazi.providers.repository import ProviderRepository
from kazi.providers.schemas import ProviderCreate
from kazi.providers.service import ProviderService
from kazi.security.crypto import DecryptionFailed


def add_commands(commands: Any) -> None:
    providers = commands.add_parser("providers", help="manage AI providers")
    actions = providers.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a provider; the API key is read from standard input")
    add.add_argument("--type", required=True, choices=[t.value for t in ProviderType])
    add.add_argument("--name", required=True)
    add.add_argument("--model", required=True)
    add.add_argument("--base-url")
    add.add_argument("--default", action="store_true", help="make it the global default")
    add.add_argument("--default-for", action="append", default=[], metavar="TASK")
    add.set_defaults(handler=lambda a, s: _run(s, _add, a))
    listing = actions.add_parser("list", help="list providers")
    listing.set_defaults(handler=lambda a, s: _run(s, _list, a))
    test = actions.add_parser("test", help="make one minimal real call")
    test.add_argument("id", type=int)
    test.set_defaults(handler=lambda a, s: _run(s, _test, a))
    rotate = commands.add_parser(
        "rotate-keys", help="re-encrypt stored keys under the current secret"
    )
    rotate.set_defaults(handler=lambda a, s: _run(s, _rotate, a))


@dataclass
class Outcome:
    """What an action has to say, printed once its transaction has committed."""

    code: int = 0
    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def show(self) -> int:
        for line in self.lines:
            print(line)
        for line in self.errors:
            print(line, file=sys.stderr)
        return self.code


def _run(settings: Settings, action: Any, args: argparse.Namespace) -> int:
    import asyncio

    async def main() -> int:
        engine = create_engine(settings.resolved_database_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                outcome: Outcome = await action(session, settings, args)
        except (KaziError, ValidationError) as exc:
            print(f"kazi: {getattr(exc, 'message', exc)}", file=sys.stderr)
            return 1
        except SQLAlchemyError as exc:
            print(f"kazi: database error, nothing was saved: {type(exc).__name__}", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        return outcome.show()

    return asyncio.run(main())


async def _add(session: AsyncSession, settings: Settings, args: argparse.Namespace) -> Outcome:
    key = sys.stdin.readline().strip() if not sys.stdin.isatty() else _prompt_key()
    data = ProviderCreate(
        provider_type=args.type,
        name=args.name,
        model_name=args.model,
        api_key=SecretStr(key) if key else None,
        settings={"base_url": args.base_url} if args.base_url else {},
        is_default=args.default,
        default_for=args.default_for,
    )
    config = await ProviderService(session, key_box(settings)).create(data, actor=None)
    return Outcome(
        lines=[
            f"added provider {config.id} ({config.name}, {config.provider_type}, "
            f"{config.model_name})"
        ]
    )


def _prompt_key() -> str:
    import getpass

    return getpass.getpass("API key (empty for none): ")


async def _list(session: AsyncSession, settings: Settings, _args: argparse.Namespace) -> Outcome:
    outcome = Outcome()
    for p in await ProviderService(session, key_box(settings)).describe_all():
        flags = ("active" if p.is_active else "inactive") + (" default" if p.is_default else "")
        tasks = ",".join(p.default_for) or "-"
        outcome.lines.append(
            f"{p.id}\t{p.name}\t{p.provider_type}\t{p.model_name}\tkey {p.api_key_hint or '-'}"
            f" ({p.key_status})\t{flags}\tdefault for: {tasks}"
        )
    return outcome


async def _test(session: AsyncSession, settings: Settings, args: argparse.Namespace) -> Outcome:
    box = key_box(settings)
    clients = ProviderClients(box)
    try:
        result = await ProviderService(session, box).test(args.id, clients)
    finally:
        await clients.aclose()
    if result.ok:
        return Outcome(lines=[f"ok: {result.model} answered in {result.latency_ms} ms"])
    return Outcome(code=1, errors=[f"failed: {result.error_code}: {result.message}"])


async def _rotate(session: AsyncSession, settings: Settings, _args: argparse.Namespace) -> Outcome:
    """Re-encrypts every key in the one transaction `_run` opened: all or nothing."""
    box = key_box(settings)
    counts = {"re-encrypted": 0, "already current": 0, "without key": 0, "unreadable": 0}
    for config in await ProviderRepository(session).all():
        if config.api_key_encrypted is None:
            counts["without key"] += 1
            continue
        try:
            counts["re-encrypted" if reencrypt(box, config) else "already current"] += 1
        except DecryptionFailed:
            counts["unreadable"] += 1
    summary = ", ".join(f"{name}: {n}" for name, n in counts.items())
    return Outcome(code=1 if counts["unreadable"] else 0, lines=[summary])
