"""Admin API for the gateway's model aliases: /api/v1/admin/model-aliases."""

from fastapi import APIRouter

from kazi.audit.service import record
from kazi.deps import AdminUser, SessionDep
from kazi.gateway.aliases import AliasIn, AliasOut, AliasService, describe
from kazi.http import Envelope, RowId, ok

router = APIRouter(prefix="/api/v1/admin/model-aliases", tags=["admin: model aliases"])


@router.get("")
async def list_aliases(_admin: AdminUser, session: SessionDep) -> Envelope[list[AliasOut]]:
    return ok([describe(row) for row in await AliasService(session).all()])


@router.post("", status_code=201)
async def create_alias(body: AliasIn, admin: AdminUser, session: SessionDep) -> Envelope[AliasOut]:
    """`alias` becomes a model name of the gateway that routes like `kazi/<task_type>`."""
    created = describe(await AliasService(session).create(body))
    state = {"alias": created.alias, "task_type": created.task_type.value}
    record(session, admin, "model_alias.create", "model_alias", created.id, None, state)
    return ok(created)


@router.delete("/{alias_id}")
async def delete_alias(
    alias_id: RowId, admin: AdminUser, session: SessionDep
) -> Envelope[dict[str, int]]:
    row = await AliasService(session).delete(alias_id)
    state = {"alias": row.alias, "task_type": row.task_type}
    record(session, admin, "model_alias.delete", "model_alias", alias_id, state, None)
    return ok({"deleted": alias_id})
