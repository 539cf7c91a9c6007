"""/admin/aliases: the model names the gateway answers to besides its `kazi/...` routes."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.admin.auth import AdminDep
from kazi.admin.render import render
from kazi.gateway.aliases import AliasService, describe
from kazi.kit.deps import SessionDep

router = APIRouter(prefix="/admin/aliases", include_in_schema=False)


@router.get("")
async def aliases_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    aliases = [describe(row) for row in await AliasService(session).all()]
    return render(request, "aliases.html", {"admin": admin, "aliases": aliases})
