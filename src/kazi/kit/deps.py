"""Annotated dependencies shared by the endpoints: settings, session, current user, admin."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.kit.config import Settings
from kazi.kit.cpu import CpuPool
from kazi.kit.db import session_scope
from kazi.kit.errors import Forbidden, Unauthorized
from kazi.users.models import API_KEY_KIND, ApiScope, User
from kazi.users.service import Authenticated, UserService

_bearer = HTTPBearer(auto_error=False, description="A login token or a personal API key.")


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session_factory(request: Request) -> async_sessionmaker[AsyncSession]:
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessions
    return factory


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async for session in session_scope(get_session_factory(request)):
        yield session


def get_cpu_pool(request: Request) -> CpuPool:
    pool: CpuPool = request.app.state.cpu
    return pool


CpuDep = Annotated[CpuPool, Depends(get_cpu_pool)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# scope="function": the commit happens before the response is sent, never after.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


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
