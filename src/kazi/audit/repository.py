"""Audit log queries: newest first, filtered by actor, action and time."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.audit.models import AuditEntry


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """`actor` matches part of the actor's e-mail; `since` inclusive, `until` exclusive."""

    actor: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.actor:
            pattern = "%" + _escape_like(self.actor.lower()) + "%"
            found.append(func.lower(AuditEntry.actor_email).like(pattern, escape="\\"))
        if self.action:
            found.append(AuditEntry.action == self.action)
        if self.since is not None:
            found.append(AuditEntry.created_at >= self.since)
        if self.until is not None:
            found.append(AuditEntry.created_at < self.until)
        return found


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, filters: AuditFilters, before_id: int | None, limit: int
    ) -> list[AuditEntry]:
        """Up to `limit` entries older than `before_id` (keyset paging), newest first."""
        query = select(AuditEntry).where(*filters.conditions())
        if before_id is not None:
            query = query.where(AuditEntry.id < before_id)
        query = query.order_by(AuditEntry.id.desc()).limit(limit)
        return list(await self.session.scalars(query))

    async def actions(self) -> list[str]:
        query = select(AuditEntry.action).distinct().order_by(AuditEntry.action)
        return [str(action) for action in await self.session.scalars(query)]
