"""The dashboard's own queries: user look-ups."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.users.models import User


class AdminRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def emails(self, user_ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(user_ids))
        if not wanted:
            return {}
        rows = await self.session.execute(select(User.id, User.email).where(User.id.in_(wanted)))
        return {int(row[0]): str(row[1]) for row in rows}

    async def user_id_for(self, email: str) -> int | None:
        query = select(User.id).where(User.email == email.lower())
        found = await self.session.scalar(query)
        return None if found is None else int(found)
