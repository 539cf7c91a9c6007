"""Admin API for the gateway's model aliases: /api/v1/admin/model-aliases."""

from fastapi import APIRouter

from kazi.gateway.aliases import AliasIn, AliasOut, AliasService, describe
from kazi.kit.deps import SessionDep
from kazi.kit.http import Envelope, RowId, ok
from kazi.users.dependencies import AdminUser

router = APIRouter(prefix="/api/v1/admin/model-aliases", tags=["admin: model aliases"])


@router.get("")
async def list_aliases(_admin: AdminUser, session: SessionDep) -> Envelope[list[AliasOut]]:
    return ok([describe(row) for row in await AliasService(session).all()])


@router.post("", status_code=201)
async def create_alias(body: AliasIn, admin: AdminUser, session: SessionDep) -> Envelope[AliasOut]:
    """`alias` becomes a model name of the gateway that routes like `kazi/<task_type>`."""
    return ok(describe(await AliasService(session).create(body, admin)))


@router.delete("/{alias_id}")
async def delete_alias(
    alias_id: RowId, admin: AdminUser, session: SessionDep
) -> Envelope[dict[str, int]]:
    await AliasService(session).delete(alias_id, admin)
    return ok({"deleted": alias_id})
