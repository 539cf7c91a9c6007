"""The user's profile: read it, replace it."""

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.profiles.repository import ProfileRepository
from kazi.profiles.schemas import Profile


class ProfileService:
    def __init__(self, session: AsyncSession) -> None:
        self.repo = ProfileRepository(session)

    async def get(self, user_id: int) -> Profile:
        """The user's profile; an empty one if they have not written it yet."""
        return await self.repo.get(user_id)

    async def replace(self, user_id: int, profile: Profile) -> Profile:
        return await self.repo.put(user_id, profile)
