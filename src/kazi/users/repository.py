"""User and token queries, and everything stored about one user."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.enums import Role
from kazi.users.models import AccessToken, User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == email.lower()))

    async def by_id(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def any_admin(self) -> bool:
        found = await self.session.scalar(select(User.id).where(User.role == Role.ADMIN).limit(1))
        return found is not None

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def delete(self, user: User) -> None:
        """Deletes the user; the foreign keys cascade to everything they own."""
        await self.session.delete(user)
        await self.session.flush()

    async def page(self, offset: int, limit: int) -> tuple[list[User], int]:
        total = await self.session.scalar(select(func.count()).select_from(User)) or 0
        rows = await self.session.scalars(
            select(User).order_by(User.id).offset(offset).limit(limit)
        )
        return list(rows), total

    async def add_token(self, token: AccessToken) -> AccessToken:
        self.session.add(token)
        await self.session.flush()
        return token

    async def delete_dead_tokens(self, user_id: int, kind: str, now: datetime) -> None:
        """Drops the user's expired or revoked tokens of one kind: nothing reads them."""
        await self.session.execute(
            delete(AccessToken)
            .where(AccessToken.user_id == user_id, AccessToken.kind == kind)
            .where(or_(AccessToken.expires_at <= now, AccessToken.revoked_at.is_not(None)))
        )

    async def user_for_token(self, digest: str, now: datetime) -> tuple[AccessToken, User] | None:
        query = (
            select(AccessToken, User)
            .join(User, User.id == AccessToken.user_id)
            .where(AccessToken.token_digest == digest, AccessToken.revoked_at.is_(None))
        )
        row = (await self.session.execute(query)).first()
        if row is None or (row[0].expires_at is not None and row[0].expires_at <= now):
            return None
        return row[0], row[1]

    async def revoke_token(self, token_id: int, user_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(AccessToken)
            .where(AccessToken.id == token_id, AccessToken.user_id == user_id)
            .where(AccessToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def revoke_all_tokens(self, user_id: int, now: datetime) -> int:
        """Revokes every live token of the user, of every kind; returns how many."""
        result = await self.session.execute(
            update(AccessToken)
            .where(AccessToken.user_id == user_id, AccessToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def tokens_of(self, user_id: int, kind: str) -> list[AccessToken]:
        rows = await self.session.scalars(
            select(AccessToken)
            .where(AccessToken.user_id == user_id, AccessToken.kind == kind)
            .where(AccessToken.revoked_at.is_(None))
            .order_by(AccessToken.id)
        )
        return list(rows)

    async def revoke_all(self, user_id: int, now: datetime, keep_id: int | None = None) -> None:
        """Revokes every live token of the user (sessions and API keys) but `keep_id`."""
        await self.session.execute(
            update(AccessToken)
            .where(AccessToken.user_id == user_id, AccessToken.revoked_at.is_(None))
            .where(AccessToken.id != (keep_id or 0))
            .values(revoked_at=now)
        )

    async def emails(self, user_ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(user_ids))
        if not wanted:
            return {}
        rows = await self.session.execute(select(User.id, User.email).where(User.id.in_(wanted)))
        return {int(row[0]): str(row[1]) for row in rows}

    async def id_for_email(self, email: str) -> int | None:
        found = await self.session.scalar(select(User.id).where(User.email == email.lower()))
        return None if found is None else int(found)
