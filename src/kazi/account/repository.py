"""Everything stored about one user, for the user to download (Kenya's Data Protection
Act 2019, s. 26: the right of access). Found by the schema itself, so a table added
later is included without changing this file: the users row and every row of every
table with a `user_id` column. Secrets (password and token digests) are left out."""

from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import Column, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.migrations.tables import Base

SECRET_MARKS = ("password", "digest", "encrypted")


def _owner_column(table: Table) -> Column[Any] | None:
    if table.name == "users":
        return table.c.id
    return table.c.get("user_id")


def owned_tables() -> list[tuple[Table, Column[Any]]]:
    found = [(table, _owner_column(table)) for table in Base.metadata.sorted_tables]
    return [(table, column) for table, column in found if column is not None]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in row.items() if not any(m in k for m in SECRET_MARKS)}
    return dict(to_jsonable_python(kept))


class UserDataRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def everything(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Table name -> the user's rows in it, as JSON-ready dictionaries."""
        data: dict[str, list[dict[str, Any]]] = {}
        for table, column in owned_tables():
            rows = await self.session.execute(select(table).where(column == user_id))
            data[table.name] = [_public(dict(row._mapping)) for row in rows]
        return data
