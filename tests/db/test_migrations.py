"""The migrations take an empty database to head, matching the models, and back to base."""

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from kazi.db import create_engine
from kazi.migrations import downgrade, upgrade
from kazi.models import Base
from tests.conftest import POSTGRES_ADMIN_URL, admin_execute


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    name = f"kazi_migrate_{uuid.uuid4().hex[:10]}"
    admin_execute(f'CREATE DATABASE "{name}"')
    yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    return names


async def _differences(url: str) -> list[object]:
    """What Alembic's autogenerate would still change: nothing, if head matches the models."""
    engine = create_engine(url)
    async with engine.connect() as connection:
        found = await connection.run_sync(
            lambda c: compare_metadata(
                MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata
            )
        )
    await engine.dispose()
    return list(found)


async def test_postgres_upgrade_to_head_and_back_to_base(empty_postgres: str) -> None:
    assert await _tables(empty_postgres) == set()
    await asyncio.to_thread(upgrade, empty_postgres)
    assert await _tables(empty_postgres) == set(Base.metadata.tables) | {"alembic_version"}
    assert await _differences(empty_postgres) == []
    await asyncio.to_thread(downgrade, empty_postgres, "base")
    assert await _tables(empty_postgres) == {"alembic_version"}


async def test_sqlite_upgrade_to_head_and_back_to_base(tmp_path: object) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/m.db"
    await asyncio.to_thread(upgrade, url)
    assert await _tables(url) == set(Base.metadata.tables) | {"alembic_version"}
    assert await _differences(url) == []
    await asyncio.to_thread(downgrade, url, "base")
    assert await _tables(url) == {"alembic_version"}
