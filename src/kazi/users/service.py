"""Registration, login, token checks and admin changes to users."""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.audit.service import Actor, record
from kazi.enums import Role, Tier
from kazi.kit.db import utcnow
from kazi.kit.errors import Conflict, Forbidden, NotFound, Unauthorized
from kazi.security.passwords import hash_password, verify_password
from kazi.security.tokens import new_token, token_digest
from kazi.users.models import API_KEY_KIND, AccessToken, ApiScope, User
from kazi.users.repository import UserRepository
from kazi.users.schemas import UserUpdate

logger = logging.getLogger(__name__)
BEARER_KINDS = frozenset({"session", "api_key"})


def user_state(user: User) -> dict[str, Any]:
    """A user as audit entries show it."""
    return {
        "email": user.email,
        "role": str(user.role),
        "tier": str(user.tier),
        "is_active": user.is_active,
    }


@dataclass(frozen=True)
class Authenticated:
    user: User
    token: AccessToken


class UserService:
    def __init__(self, session: AsyncSession) -> None:
        self.repo = UserRepository(session)
        self.session = session

    async def register(
        self, email: str, password: str, role: Role = Role.USER, tier: Tier = Tier.FREE
    ) -> User:
        email = email.lower()
        if await self.repo.by_email(email) is not None:
            raise Conflict("An account with this e-mail address already exists.")
        user = User(email=email, password_hash=await hash_password(password), role=role, tier=tier)
        try:
            async with self.session.begin_nested():
                await self.repo.add(user)
        except IntegrityError as exc:  # a concurrent registration won the race
            raise Conflict("An account with this e-mail address already exists.") from exc
        logger.info("registered user %s", user.id)
        return user

    async def register_quietly(self, email: str, password: str) -> None:
        """Self-service registration that never tells whether the address had an account:
        the password is hashed either way, so the answer takes as long as a real one."""
        email = email.lower()
        password_hash = await hash_password(password)
        if await self.repo.by_email(email) is not None:
            return
        try:
            async with self.session.begin_nested():
                await self.repo.add(User(email=email, password_hash=password_hash))
        except IntegrityError:  # a concurrent registration of the same address won
            return
        logger.info("registered a user")

    async def login(self, email: str, password: str, ttl: timedelta) -> tuple[str, AccessToken]:
        user = await self.check_password(email, password)
        return await self.issue_token(user, "session", None, utcnow() + ttl)

    async def check_password(self, email: str, password: str) -> User:
        """The active user with these credentials; Unauthorized otherwise."""
        user = await self.repo.by_email(email)
        valid = await verify_password(user.password_hash if user else None, password)
        if user is None or not valid or not user.is_active:
            raise Unauthorized(
                "The e-mail address or password is wrong, or the account is disabled."
            )
        return user

    async def issue_token(
        self,
        user: User,
        kind: str,
        name: str | None,
        expires_at: datetime | None,
        scopes: Sequence[ApiScope] = (),
    ) -> tuple[str, AccessToken]:
        prefix = "kzk_" if kind == "api_key" else "kz_"
        if kind != "api_key":  # each sign-in clears dead sessions; revoked keys keep their record
            await self.repo.delete_dead_tokens(user.id, kind, utcnow())
        plain = new_token(prefix)
        token = AccessToken(
            user_id=user.id,
            token_digest=token_digest(plain),
            kind=kind,
            name=name,
            last4=plain[-4:],
            expires_at=expires_at,
            scopes=" ".join(scope.value for scope in scopes) or None,
        )
        await self.repo.add_token(token)
        return plain, token

    async def create_api_key(
        self, user: User, name: str, expires_at: datetime | None, scopes: Sequence[ApiScope]
    ) -> tuple[str, AccessToken]:
        """A personal API key; one that reaches the admin API is audited."""
        plain, token = await self.issue_token(user, API_KEY_KIND, name, expires_at, scopes)
        if ApiScope.ADMIN in scopes:
            state = {"name": name, "scopes": " ".join(scopes), "expires_at": str(expires_at)}
            record(self.session, user, "api_key.create_admin", "api_key", token.id, None, state)
        return plain, token

    async def authenticate(self, plain_token: str, scope: ApiScope | None = None) -> Authenticated:
        """The token's user; 403 when `scope` is given and an API key was not made for it."""
        found = await self.repo.user_for_token(token_digest(plain_token), utcnow())
        if found is None:
            raise Unauthorized("The token is invalid, expired or revoked.")
        token, user = found
        if token.kind not in BEARER_KINDS:  # e.g. a dashboard cookie is no API credential
            raise Unauthorized("The token is invalid, expired or revoked.")
        if not user.is_active:
            raise Unauthorized("The account is disabled.")
        if scope is not None and not token.allows(scope):
            raise Forbidden(f"This API key was not made for this: it needs the {scope} scope.")
        return Authenticated(user=user, token=token)

    async def revoke(self, token_id: int, user_id: int) -> bool:
        return await self.repo.revoke_token(token_id, user_id, utcnow())

    async def update(self, user_id: int, changes: UserUpdate, actor: Actor) -> User:
        """An administrator's change to a user, with its audit entry."""
        user = await self.repo.by_id(user_id)
        if user is None:
            raise NotFound("No such user.")
        demotes = changes.role is Role.USER or changes.is_active is False
        if user_id == actor.id and demotes:  # keeps at least the acting admin able to log in
            raise Conflict("Administrators cannot demote or disable their own account.")
        before = user_state(user)
        if changes.is_active is False and user.is_active:
            # Sessions and keys die with the disabling: enabling the account again later
            # must not bring back tokens that may have leaked meanwhile.
            revoked = await self.repo.revoke_all_tokens(user_id, utcnow())
            logger.info("user %s disabled: %d tokens revoked", user_id, revoked)
        for field, value in changes.model_dump(exclude_none=True).items():
            setattr(user, field, value)
        await self.session.flush()
        record(self.session, actor, "user.update", "user", user_id, before, user_state(user))
        return user

    async def change_password(self, user: User, password: str, keep_token_id: int | None) -> None:
        """A new password; every other session and API key of the user stops working."""
        user.password_hash = await hash_password(password)
        await self.repo.revoke_all(user.id, utcnow(), keep_token_id)
        logger.info("password changed for user %s", user.id)

    async def by_id(self, user_id: int) -> User | None:
        return await self.repo.by_id(user_id)

    async def by_email(self, email: str) -> User | None:
        return await self.repo.by_email(email)

    async def page(self, offset: int, limit: int) -> tuple[list[User], int]:
        """Users by id, and how many there are in all."""
        return await self.repo.page(offset, limit)

    async def live_token(self, plain_token: str, kind: str) -> tuple[AccessToken, User] | None:
        """The unexpired, unrevoked token of `kind` and its user, when that user is active."""
        found = await self.repo.user_for_token(token_digest(plain_token), utcnow())
        if found is None or found[0].kind != kind or not found[1].is_active:
            return None
        return found

    def renew_session(self, token: AccessToken, ttl: timedelta) -> None:
        """Pushes a cookie session's expiry out again once half its lifetime has passed."""
        now = utcnow()
        if token.expires_at is None or token.expires_at - now < ttl / 2:
            token.expires_at = now + ttl

    async def api_keys(self, user_id: int) -> list[AccessToken]:
        """The user's API keys that are not revoked, oldest first."""
        return await self.repo.tokens_of(user_id, API_KEY_KIND)

    async def api_key(self, user_id: int, key_id: int) -> AccessToken:
        """One of the user's API keys that is not revoked; NotFound for any other id."""
        for token in await self.api_keys(user_id):
            if token.id == key_id:
                return token
        raise NotFound("You have no API key with this id.")

    async def emails(self, user_ids: Iterable[int]) -> dict[int, str]:
        """User id -> e-mail address, for the ids that exist."""
        return await self.repo.emails(user_ids)

    async def id_for_email(self, email: str) -> int | None:
        return await self.repo.id_for_email(email)
