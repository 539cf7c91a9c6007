"""Annotated dependencies for who is calling: the user, a reader, an admin; and the
per-user limit of Kazi's AI routes."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kazi.kit.deps import SessionDep
from kazi.kit.errors import Forbidden, Unauthorized
from kazi.ratelimit.throttle import COUNTED_METHODS, rate_limits
from kazi.users.models import API_KEY_KIND, ApiScope, User
from kazi.users.service import Authenticated, UserService

_bearer = HTTPBearer(auto_error=False, description="A login token or a personal API key.")


async def get_auth(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Authenticated:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    return await UserService(session).authenticate(credentials.credentials)


AuthDep = Annotated[Authenticated, Depends(get_auth)]


async def get_current_user(auth: AuthDep) -> User:
    """The signed-in user. API keys reach only the routes of their scopes, not these."""
    if auth.token.kind == API_KEY_KIND:
        raise Forbidden(
            "API keys may call the gateway, read usage, or (with the admin scope) the admin "
            "API; sign in for this route."
        )
    return auth.user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_reader(auth: AuthDep) -> User:
    """The user, for read-only routes about their own account: a session, or a key with
    the `usage` scope."""
    if not auth.token.allows(ApiScope.USAGE):
        raise Forbidden("This API key was not made for this: it needs the usage scope.")
    return auth.user


ReadingUser = Annotated[User, Depends(get_reader)]


async def get_admin(auth: AuthDep) -> User:
    """An administrator: by a session, or by a key made with the admin scope (which
    always has an expiry)."""
    if not auth.token.allows(ApiScope.ADMIN):
        raise Forbidden("This API key was not made for this: it needs the admin scope.")
    if not auth.user.is_admin:
        raise Forbidden("Administrators only.")
    return auth.user


AdminUser = Annotated[User, Depends(get_admin)]


async def limit_ai_requests(request: Request, user: CurrentUser) -> None:
    """Router dependency of Kazi's AI routes: counts the user's POST requests."""
    if request.method in COUNTED_METHODS:
        await rate_limits(request.app).ai_request(user.id, user.tier)
