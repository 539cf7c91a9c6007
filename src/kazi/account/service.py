"""Downloading and deleting a whole account. It sits above every domain, because the
account reaches every table that names its user."""

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kazi.account.repository import UserDataRepository
from kazi.kit.db import utcnow
from kazi.usage.repository import UsageRepository
from kazi.users.models import User
from kazi.users.repository import UserRepository

logger = logging.getLogger(__name__)


class AccountService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def export(self, user_id: int) -> dict[str, Any]:
        """Everything Kazi stores about the user, ready for JSON."""
        tables = await UserDataRepository(self.session).everything(user_id)
        return {"exported_at": utcnow().isoformat(), "tables": tables}

    async def delete(self, user: User) -> None:
        """Deletes the user and everything they own (the foreign keys cascade). Usage rows
        and audit entries stay with the user detached (user column null); the daily usage
        figures move to the "no user" rows."""
        user_id = user.id
        await UsageRepository(self.session).detach_user(user_id)
        await UserRepository(self.session).delete(user)
        logger.info("deleted user %s", user_id)
