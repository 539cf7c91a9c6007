"""Annotated dependencies every endpoint may use: settings, the session, the CPU pool."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.kit.config import Settings
from kazi.kit.cpu import CpuPool
from kazi.kit.db import session_scope


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
