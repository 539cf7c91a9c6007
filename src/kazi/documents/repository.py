"""Stored document queries; every one is scoped to its owner."""

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.documents.models import StoredDocument


class DocumentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, document: StoredDocument) -> StoredDocument:
        self.session.add(document)
        await self.session.flush()
        return document

    async def get(self, user_id: int, document_id: int) -> StoredDocument | None:
        return await self.session.scalar(
            select(StoredDocument).where(
                StoredDocument.id == document_id, StoredDocument.user_id == user_id
            )
        )

    async def page(self, user_id: int, offset: int, limit: int) -> tuple[list[StoredDocument], int]:
        owned = StoredDocument.user_id == user_id
        total = (
            await self.session.scalar(select(func.count()).select_from(StoredDocument).where(owned))
            or 0
        )
        rows = await self.session.scalars(
            select(StoredDocument)
            .where(owned)
            .order_by(StoredDocument.created_at.desc(), StoredDocument.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows), total

    async def delete(self, user_id: int, document_id: int) -> bool:
        result = await self.session.execute(
            delete(StoredDocument).where(
                StoredDocument.id == document_id, StoredDocument.user_id == user_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
