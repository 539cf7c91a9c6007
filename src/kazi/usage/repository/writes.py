"""The recorder's idempotent batch write (its SQL is in batch_sql)."""

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import bindparam, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit.db import create_engine
from kazi.usage.models import AIProviderUsageLog as Log
from kazi.usage.record import UsageRecord
from kazi.usage.repository import batch_sql

MAX_PAGE_ROWS = 32  # rows per INSERT of a SQLite batch, a power of two; see pages()
T = TypeVar("T")

_POSTGRESQL_BATCH = text(batch_sql.POSTGRESQL_BATCH)
_SQLITE_INSERT = (
    sqlite.insert(Log).on_conflict_do_nothing(index_elements=[Log.request_id]).returning(Log.id)
)
_SQLITE_ROLLUPS = [
    text(sql).bindparams(bindparam("ids", expanding=True)) for sql in batch_sql.SQLITE_ROLLUPS
]


def supports(engine: AsyncEngine) -> bool:
    return engine.dialect.name in ("postgresql", "sqlite")


def writer_engine(engine: AsyncEngine) -> AsyncEngine:
    """The engine the recorder writes through: on PostgreSQL a pool of its own that
    keeps one connection (its flushes take turns), with no check before each use.

    The check costs three round trips, more than the batch write itself, and each
    wakes the server: at a few requests a second, most of what the recorder costs.
    `write_batch` is idempotent, so the recorder retries a batch that found its
    connection dead instead. SQLite has no such check: the engine is returned as is.
    """
    if engine.dialect.name != "postgresql":
        return engine
    url = engine.url.render_as_string(hide_password=False)
    return create_engine(url, pool_size=1, pre_ping=False)


async def write_batch(engine: AsyncEngine, records: Sequence[UsageRecord]) -> int:
    """Inserts the rows and adds the new ones to the rollups, atomically.

    Rows whose request id is already stored are skipped, and only the rows this call
    inserted reach the rollups, so writing a batch again never counts anything twice.
    Returns how many rows were new.
    """
    if engine.dialect.name == "postgresql":
        return await _write_postgresql(engine, records)
    return await _write_sqlite(engine, records)


async def _write_postgresql(engine: AsyncEngine, records: Sequence[UsageRecord]) -> int:
    # One statement, atomic on its own: no BEGIN and COMMIT round trips around it.
    columns = {name: [getattr(rec, name) for rec in records] for name in batch_sql.COLUMNS}
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return int((await autocommit.execute(_POSTGRESQL_BATCH, columns)).scalar_one())


async def _write_sqlite(engine: AsyncEngine, records: Sequence[UsageRecord]) -> int:
    rows = [rec.as_row() for rec in records]
    async with engine.begin() as connection:
        ids: list[int] = []
        for page in pages(rows):
            ids += (await connection.scalars(_SQLITE_INSERT, page)).all()
        if ids:
            for statement in _SQLITE_ROLLUPS:
                await connection.execute(statement, {"ids": ids})
    return len(ids)


def pages(rows: list[T]) -> list[list[T]]:
    """The rows cut into pages of 32, 16, 8, 4, 2 or 1 rows, largest first.

    Each row count is a statement of its own (one VALUES list per row), prepared and
    cached on the connection; six page sizes instead of one per batch size keep that
    cache small.
    """
    cut: list[list[T]] = []
    size = MAX_PAGE_ROWS
    while rows:
        while size > len(rows):
            size //= 2
        cut.append(rows[:size])
        rows = rows[size:]
    return cut
