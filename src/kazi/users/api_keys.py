"""Personal API keys: /api/v1/users/me/api-keys.

A key is an access token of kind "api_key" with no expiry; only its digest is stored,
so the plain key is shown once, in the answer that creates it. Keys work wherever a
login token does (`Authorization: Bearer kzk_...`), the OpenAI-compatible gateway too.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.deps import CurrentUser, SessionDep
from kazi.errors import Conflict, NotFound
from kazi.http import Envelope, RowId, ok
from kazi.limits import NoControlChars
from kazi.users.models import AccessToken
from kazi.users.repository import UserRepository
from kazi.users.service import UserService

API_KEY_KIND = "api_key"
MAX_KEYS_PER_USER = 20

router = APIRouter(prefix="/api/v1/users/me/api-keys", tags=["api keys"])


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NoControlChars
    ]


class ApiKeyOut(BaseModel):
    id: int
    name: str
    last4: str
    created_at: datetime

    @classmethod
    def of(cls, token: AccessToken) -> "ApiKeyOut":
        return cls(
            id=token.id, name=token.name or "", last4=token.last4, created_at=token.created_at
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
    plain, token = await UserService(session).issue_token(user, API_KEY_KIND, body.name, None)
    return ok(NewApiKeyOut(**ApiKeyOut.of(token).model_dump(), key=plain))


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
