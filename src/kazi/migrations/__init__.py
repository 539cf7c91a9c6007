"""Alembic migrations: the only way Kazi's schema changes.

Alembic is imported only to migrate: `kazi serve` first asks the database which
revision it is at, and skips Alembic (a third of a second of start-up) when that is
already HEAD_REVISION.
"""

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from kazi.kit.db import create_engine

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).parent
# The newest revision in versions/; tests/migrations/test_migrations.py checks it is Alembic's head.
HEAD_REVISION = "gateway_0009"


def alembic_config(database_url: str) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(HERE / "versions"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    """Alembic drives its own event loop for async engines, so run it in a thread."""
    await asyncio.to_thread(upgrade, database_url, revision)


async def stored_revision(database_url: str) -> str | None:
    """The revision the database records, or None when it has none (or no schema yet)."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            found = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return found.scalar_one_or_none()
    except SQLAlchemyError:
        return None
    finally:
        await engine.dispose()


def schema_is_current(database_url: str) -> bool:
    return asyncio.run(stored_revision(database_url)) == HEAD_REVISION
