"""ConfigCache: what it keeps, when it loads again, and which writes drop its values.

The writes go through real ORM sessions on an in-memory SQLite database, with tables
of this file's own, so no other test's writes move their change counts.
"""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import String, delete, update
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kazi.kit.config_cache import ConfigCache, change_count

WATCHED = "config_cache_watched"
OTHER = "config_cache_other"


class Base(DeclarativeBase):
    pass


class Watched(Base):
    __tablename__ = WATCHED

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Other(Base):
    __tablename__ = OTHER

    id: Mapped[int] = mapped_column(primary_key=True)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()


def cache_with(value: str, clock: Clock, ttl_s: float = 60) -> ConfigCache[str, str]:
    cache: ConfigCache[str, str] = ConfigCache([WATCHED], ttl_s, clock)
    cache.put("key", value, cache.version())
    return cache


def test_keeps_a_value_per_key_until_its_time_to_live_ends() -> None:
    clock = Clock()
    cache = cache_with("loaded", clock, ttl_s=30)
    assert cache.get("key") == "loaded"
    assert cache.get("absent") is None
    clock.now += 29.9
    assert cache.get("key") == "loaded"
    clock.now += 0.1
    assert cache.get("key") is None
    assert len(cache) == 0  # an expired value is dropped, not kept beside a new one


def test_a_time_to_live_of_zero_keeps_nothing() -> None:
    cache = cache_with("loaded", Clock(), ttl_s=0)
    assert cache.get("key") is None
    assert len(cache) == 0


def test_clear_drops_every_value() -> None:
    cache = cache_with("loaded", Clock())
    cache.put("second", "also", cache.version())
    cache.clear()
    assert len(cache) == 0
    assert cache.get("key") is None


async def test_a_committed_write_to_a_watched_table_drops_the_value(engine: AsyncEngine) -> None:
    cache = cache_with("loaded", Clock())
    async with async_sessionmaker(engine)() as session:
        session.add(Watched(id=1, name="first"))
        await session.flush()
        assert cache.get("key") == "loaded"  # flushed but not committed: nothing changed yet
        await session.commit()
    assert cache.get("key") is None


async def test_updates_deletes_and_orm_statements_all_count(engine: AsyncEngine) -> None:
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        counts = [change_count([WATCHED])]
        row = Watched(id=1, name="first")
        session.add(row)
        await session.commit()
        counts.append(change_count([WATCHED]))
        row.name = "changed"
        await session.commit()
        counts.append(change_count([WATCHED]))
        await session.execute(update(Watched).values(name="bulk"))
        await session.commit()
        counts.append(change_count([WATCHED]))
        await session.delete(row)
        await session.commit()
        counts.append(change_count([WATCHED]))
        await session.execute(delete(Watched))
        await session.commit()
        counts.append(change_count([WATCHED]))
    first = counts[0]
    assert counts == list(range(first, first + 6))


async def test_other_tables_and_rolled_back_writes_leave_the_value(engine: AsyncEngine) -> None:
    cache = cache_with("loaded", Clock())
    async with async_sessionmaker(engine)() as session:
        session.add(Watched(id=1, name="first"))
        await session.flush()
        await session.rollback()
        session.add(Other(id=1))  # the next commit must not count the rolled-back write
        await session.commit()
    assert cache.get("key") == "loaded"


async def test_a_value_loaded_across_a_change_is_not_kept(engine: AsyncEngine) -> None:
    """The version is taken before loading: a change that lands during the load makes
    the value stale at once, rather than valid for a whole time-to-live."""
    cache: ConfigCache[str, str] = ConfigCache([WATCHED, OTHER], 60, Clock())
    version = cache.version()
    async with async_sessionmaker(engine)() as session:
        session.add(Other(id=1))
        await session.commit()
    cache.put("key", "loaded before the change", version)
    assert cache.get("key") is None
    cache.put("key", "loaded after it", cache.version())
    assert cache.get("key") == "loaded after it"
