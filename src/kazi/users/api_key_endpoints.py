"""Personal API keys: /api/v1/users/me/api-keys.

A key is an access token of kind "api_key"; only its digest is stored, so the plain
key is shown once, in the answer that creates it. A key reaches only what its scopes
name (`Authorization: Bearer kzk_...`): `gateway`, the OpenAI-compatible /v1 routes;
`usage`, reading the caller's account and usage; `admin`, the admin API, for an
administrator's key that expires (at most ADMIN_KEY_MAX_DAYS), its creation audited.
Everything else takes a login session.
"""

from datetime import datetime, timedelta

from fastapi import APIRouter

from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep
from kazi.kit.errors import Conflict, Forbidden, InvalidInput
from kazi.kit.http import Envelope, RowId, ok
from kazi.users.dependencies import CurrentUser
from kazi.users.models import ApiScope, User
from kazi.users.schemas import ADMIN_KEY_MAX_DAYS, ApiKeyIn, ApiKeyOut, NewApiKeyOut
from kazi.users.service import UserService

MAX_KEYS_PER_USER = 20

router = APIRouter(prefix="/api/v1/users/me/api-keys", tags=["api keys"])


@router.post("", status_code=201)
async def create_api_key(
    body: ApiKeyIn, user: CurrentUser, session: SessionDep
) -> Envelope[NewApiKeyOut]:
    """Makes a key; store it now, it cannot be shown again."""
    existing = await UserService(session).api_keys(user.id)
    if len(existing) >= MAX_KEYS_PER_USER:
        raise Conflict(f"You already have {MAX_KEYS_PER_USER} API keys; revoke one first.")
    expires_at = _checked_expiry(user, body)
    scopes = sorted(set(body.scopes))
    plain, token = await UserService(session).create_api_key(user, body.name, expires_at, scopes)
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
    keys = await UserService(session).api_keys(user.id)
    return ok([ApiKeyOut.of(token) for token in keys])


@router.get("/{key_id}")
async def get_api_key(key_id: RowId, user: CurrentUser, session: SessionDep) -> Envelope[ApiKeyOut]:
    """One of the caller's keys that is not revoked (never the key itself)."""
    return ok(ApiKeyOut.of(await UserService(session).api_key(user.id, key_id)))


@router.delete("/{key_id}")
async def revoke_api_key(
    key_id: RowId, user: CurrentUser, session: SessionDep
) -> Envelope[dict[str, bool]]:
    """Revokes one of the caller's keys; it stops working at once."""
    service = UserService(session)
    await service.api_key(user.id, key_id)
    await service.revoke(key_id, user.id)
    return ok({"revoked": True})
