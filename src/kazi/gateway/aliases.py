"""Model aliases: their storage, the admin's changes (each with its audit entry), and the
lookup each request makes.

The lookup keeps the whole (small) table for a few seconds; a change committed in this
process is seen at once, another process's within the TTL (see `kazi.kit.config_cache`).
"""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.audit.service import Actor, record
from kazi.enums import TaskType
from kazi.gateway.models import ModelAlias
from kazi.kit.config_cache import ConfigCache
from kazi.kit.errors import Conflict, InvalidInput, NotFound

MODEL_PREFIX = "kazi/"
ALIAS_TABLES = ("model_aliases",)
DEFAULT_TTL_S = 5.0


class AliasIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alias: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:/-]+$")]
    task_type: TaskType


class AliasOut(BaseModel):
    id: int
    alias: str
    task_type: TaskType
    model: str  # the route it stands for, as /v1/models lists it
    created_at: datetime


def describe(row: ModelAlias) -> AliasOut:
    task = TaskType(row.task_type)
    return AliasOut(
        id=row.id,
        alias=row.alias,
        task_type=task,
        model=f"{MODEL_PREFIX}{task.value}",
        created_at=row.created_at,
    )


def alias_state(row: ModelAlias) -> dict[str, str]:
    """An alias as audit entries show it."""
    return {"alias": row.alias, "task_type": row.task_type}


class AliasService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[ModelAlias]:
        return list(await self.session.scalars(select(ModelAlias).order_by(ModelAlias.alias)))

    async def create(self, data: AliasIn, actor: Actor) -> ModelAlias:
        if data.alias.startswith(MODEL_PREFIX):
            raise InvalidInput(f"Aliases may not start with {MODEL_PREFIX}: those are the routes.")
        taken = await self.session.scalar(select(ModelAlias).where(ModelAlias.alias == data.alias))
        if taken is not None:
            raise Conflict("This alias already exists.")
        row = ModelAlias(alias=data.alias, task_type=data.task_type.value)
        self.session.add(row)
        await self.session.flush()
        record(
            self.session, actor, "model_alias.create", "model_alias", row.id, None, alias_state(row)
        )
        return row

    async def delete(self, alias_id: int, actor: Actor) -> ModelAlias:
        row = await self.session.get(ModelAlias, alias_id)
        if row is None:
            raise NotFound("No such alias.")
        before = alias_state(row)
        await self.session.execute(delete(ModelAlias).where(ModelAlias.id == alias_id))
        record(self.session, actor, "model_alias.delete", "model_alias", alias_id, before, None)
        return row


class AliasLookup:
    """alias -> task, for every request that names a model other than `kazi/...`."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], ttl_s: float = DEFAULT_TTL_S
    ) -> None:
        self.sessions = sessions
        self._cache: ConfigCache[str, dict[str, TaskType]] = ConfigCache(ALIAS_TABLES, ttl_s)

    async def all(self) -> dict[str, TaskType]:
        cached = self._cache.get("all")
        if cached is not None:
            return cached
        version = self._cache.version()
        async with self.sessions() as session:
            rows = await AliasService(session).all()
        aliases = {row.alias: TaskType(row.task_type) for row in rows}
        self._cache.put("all", aliases, version)
        return aliases
