"""Writing and reading the audit log: who changed what, from which state to which, and when.

The service that makes a change calls `record` with the states it describes, as plain
values: this module sits below the domains it audits and imports none of them. Every
entry passes through `strip_secrets`, so a key, token or password handed in by mistake
never reaches the table. The entry is added to the caller's session and is
committed (or rolled back) together with the change it describes.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.audit.models import AuditEntry
from kazi.audit.repository import AuditFilters, AuditRepository
from kazi.kit.db import utcnow

# Any key made of, or containing one of, these words is dropped from recorded states.
SECRET_WORDS = frozenset({"api_key", "apikey", "key", "token", "password", "secret"})
_SEPARATORS = str.maketrans({"-": "_", " ": "_", ".": "_"})

State = Mapping[str, Any]


class Actor(Protocol):
    """Whoever made the change: a User, or the dashboard's copy of the signed-in admin."""

    @property
    def id(self) -> int: ...

    @property
    def email(self) -> str: ...


def is_secret_name(name: str) -> bool:
    normal = name.lower().translate(_SEPARATORS)
    if normal in SECRET_WORDS:
        return True
    parts = [part for part in normal.split("_") if part]
    return any(part in SECRET_WORDS for part in parts) or "api_key" in normal


def strip_secrets(value: Any) -> Any:
    """A copy of `value` without secret-looking keys, at any depth."""
    if isinstance(value, Mapping):
        return {str(k): strip_secrets(v) for k, v in value.items() if not is_secret_name(str(k))}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [strip_secrets(item) for item in value]
    return value


def record(
    session: AsyncSession,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: object | None,
    before: State | None,
    after: State | None,
) -> AuditEntry:
    """Adds one entry to the session; the caller's transaction commits it."""
    entry = AuditEntry(
        actor_id=actor.id,
        actor_email=actor.email,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        before=None if before is None else strip_secrets(before),
        after=None if after is None else strip_secrets(after),
        created_at=utcnow(),
    )
    session.add(entry)
    return entry


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[AuditEntry]
    more: bool  # older entries match too
    actions: list[str]  # every action in the log, for the filter's choices


async def read_log(
    session: AsyncSession,
    *,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before_id: int | None = None,
    size: int = 50,
) -> AuditPage:
    """Up to `size` entries older than `before_id`, newest first. `actor` matches part of
    the actor's e-mail; `since` is inclusive, `until` exclusive."""
    repo = AuditRepository(session)
    filters = AuditFilters(actor=actor, action=action, since=since, until=until)
    entries = await repo.page(filters, before_id, size + 1)
    return AuditPage(entries[:size], len(entries) > size, await repo.actions())
