"""Profile reads and writes."""

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.kit.db import utcnow
from kazi.profiles.models import StoredProfile
from kazi.profiles.schemas import Profile


class ProfileRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> Profile:
        """The user's profile; an empty one if they have not written it yet."""
        stored = await self.session.get(StoredProfile, user_id)
        return Profile.model_validate(stored.data) if stored else Profile()

    async def put(self, user_id: int, profile: Profile) -> Profile:
        stored = await self.session.get(StoredProfile, user_id)
        data = profile.to_json_resume()
        if stored is None:
            self.session.add(StoredProfile(user_id=user_id, data=data))
        else:
            stored.data = data
            stored.updated_at = utcnow()
        await self.session.flush()
        return profile
