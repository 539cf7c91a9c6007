"""The migrations take an empty database to head, matching the models, and back to base."""

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from kazi.kit.db import create_engine
from kazi.migrations import (
    HEAD_REVISION,
    alembic_config,
    downgrade,
    schema_is_current,
    stored_revision,
    upgrade,
)
from kazi.migrations.tables import Base
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


def test_head_revision_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    assert script.get_heads() == [HEAD_REVISION]


async def test_the_stored_revision_tells_serve_whether_to_migrate(tmp_path: object) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/r.db"
    assert await stored_revision(url) is None  # no schema at all
    await asyncio.to_thread(upgrade, url, "0007")
    assert await stored_revision(url) == "0007"
    assert not await asyncio.to_thread(schema_is_current, url)
    await asyncio.to_thread(upgrade, url)
    assert await asyncio.to_thread(schema_is_current, url)
