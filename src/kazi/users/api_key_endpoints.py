"""Personal API keys: /api/v1/users/me/api-keys.

A key is an access token of kind "api_key"; only its digest is stored, so the plain
key is shown once, in the answer that creates it. A key reaches only what its scopes
name (`Authorization: Bearer kzk_...`): `gateway`, the OpenAI-compatible /v1 routes;
`usage`, reading the caller's account and usage; `admin`, the admin API, for an
administrator's key that expires (at most ADMIN_KEY_MAX_DAYS), its creation audited.
Everything else takes a login session.
"""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.audit.service import record
from kazi.db import utcnow
from kazi.deps import CurrentUser, SessionDep
from kazi.errors import Conflict, Forbidden, InvalidInput, NotFound
from kazi.http import Envelope, RowId, ok
from kazi.limits import NoControlChars
from kazi.users.models import API_KEY_KIND, AccessToken, ApiScope, User
from kazi.users.repository import UserRepository
from kazi.users.service import UserService

MAX_KEYS_PER_USER = 20
ADMIN_KEY_MAX_DAYS = 90
DEFAULT_SCOPES = [ApiScope.GATEWAY, ApiScope.USAGE]

router = APIRouter(prefix="/api/v1/users/me/api-keys", tags=["api keys"])


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NoControlChars
    ]
    scopes: Annotated[list[ApiScope], Field(min_length=1, max_length=3)] = Field(
        default_factory=lambda: list(DEFAULT_SCOPES),
        description="gateway, usage, and admin (administrators only, with an expiry)",
    )
    expires_in_days: Annotated[int, Field(ge=1, le=3650)] | None = Field(
        None, description=f"Required with the admin scope, at most {ADMIN_KEY_MAX_DAYS}."
    )


class ApiKeyOut(BaseModel):
    id: int
    name: str
    last4: str
    scopes: list[ApiScope]
    expires_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, token: AccessToken) -> "ApiKeyOut":
        return cls(
            id=token.id,
            name=token.name or "",
            last4=token.last4,
            scopes=[ApiScope(scope) for scope in (token.scopes or "").split()],
            expires_at=token.expires_at,
            created_at=token.created_at,
        )


class NewApiKeyOut(ApiKeyOut):
    key: Annotated[str, Field(description="The key itself; shown only this once.")]


@router.post("", status_code=201)
async def create_api_key(
    body: ApiKeyIn, user: CurrentUser, session: SessionDep
) -> Envelope[NewApiKeyOut]:
    """Makes a key; store it now, it cannot be shown again."""
    existing = await UserRepository(session).tokens_of(user.id, API_KEY_KIND)
    if len(existing) >= MAX_KEYS_PER_USER:
        raise Conflict(f"You already have {MAX_KEYS_PER_USER} API keys; revoke one first.")
    expires_at = _checked_expiry(user, body)
    scopes = sorted(set(body.scopes))
    plain, token = await UserService(session).issue_token(
        user, API_KEY_KIND, body.name, expires_at, scopes
    )
    if ApiScope.ADMIN in scopes:
        state = {"name": body.name, "scopes": " ".join(scopes), "expires_at": str(expires_at)}
        record(session, user, "api_key.create_admin", "api_key", token.id, None, state)
    return ok(NewApiKeyOut(**ApiKeyOut.of(token).model_dump(), key=plain))


def _checked_expiry(user: User, body: ApiKeyIn) -> datetime | None:
    """When the key expires; an admin key must be an administrator's and must expire."""
    if ApiScope.ADMIN in body.scopes:
        if not user.is_admin:
            raise Forbidden("Only administrators may make keys with the admin scope.")
        if body.expires_in_days is None or body.expires_in_days > ADMIN_KEY_MAX_DAYS:
            raise InvalidInput(
                f"A key with the admin scope needs expires_in_days, at most {ADMIN_KEY_MAX_DAYS}."
            )
    return utcnow() + timedelta(days=body.expires_in_days) if body.expires_in_days else None


@router.get("")
async def list_api_keys(user: CurrentUser, session: SessionDep) -> Envelope[list[ApiKeyOut]]:
    """The caller's keys that are not revoked, oldest first."""
    keys = await UserRepository(session).tokens_of(user.id, API_KEY_KIND)
    return ok([ApiKeyOut.of(token) for token in keys])


@router.get("/{key_id}")
async def get_api_key(key_id: RowId, user: CurrentUser, session: SessionDep) -> Envelope[ApiKeyOut]:
    """One of the caller's keys that is not revoked (never the key itself)."""
    return ok(ApiKeyOut.of(await _own_key(session, user.id, key_id)))


@router.delete("/{key_id}")
async def revoke_api_key(
    key_id: RowId, user: CurrentUser, session: SessionDep
) -> Envelope[dict[str, bool]]:
    """Revokes one of the caller's keys; it stops working at once."""
    await _own_key(session, user.id, key_id)
    await UserService(session).revoke(key_id, user.id)
    return ok({"revoked": True})


async def _own_key(session: AsyncSession, user_id: int, key_id: int) -> AccessToken:
    for token in await UserRepository(session).tokens_of(user_id, API_KEY_KIND):
        if token.id == key_id:
            return token
    raise NotFound("You have no API key with this id.")
