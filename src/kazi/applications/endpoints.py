"""A user's applications. Other users' applications and jobs answer 404."""

from fastapi import APIRouter

from kazi.applications.schemas import (
    ApplicationCreate,
    ApplicationOut,
    ApplicationPage,
    ApplicationUpdate,
)
from kazi.applications.service import ApplicationService, application_out
from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep
from kazi.kit.http import Envelope, RowId, ok
from kazi.users.dependencies import CurrentUser

router = APIRouter(prefix="/api/v1/applications", tags=["applications"])


@router.get("")
async def list_applications(user: CurrentUser, session: SessionDep) -> Envelope[ApplicationPage]:
    """Every application, the nearest deadline first; those without a deadline last."""
    items = await ApplicationService(session).by_deadline(user.id)
    return ok(ApplicationPage(items=items, total=len(items)))


@router.post("", status_code=201)
async def create_application(
    body: ApplicationCreate, user: CurrentUser, session: SessionDep
) -> Envelope[ApplicationOut]:
    application, job = await ApplicationService(session).create(user.id, body)
    return ok(application_out(application, job, utcnow().date()))


@router.get("/{application_id}")
async def get_application(
    application_id: RowId, user: CurrentUser, session: SessionDep
) -> Envelope[ApplicationOut]:
    application, job = await ApplicationService(session).get(user.id, application_id)
    return ok(application_out(application, job, utcnow().date()))


@router.patch("/{application_id}")
async def update_application(
    application_id: RowId, body: ApplicationUpdate, user: CurrentUser, session: SessionDep
) -> Envelope[ApplicationOut]:
    application, job = await ApplicationService(session).update(user.id, application_id, body)
    return ok(application_out(application, job, utcnow().date()))


@router.delete("/{application_id}")
async def delete_application(
    application_id: RowId, user: CurrentUser, session: SessionDep
) -> Envelope[dict[str, int]]:
    await ApplicationService(session).delete(user.id, application_id)
    return ok({"deleted": application_id})
