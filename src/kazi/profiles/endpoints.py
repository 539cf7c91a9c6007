"""The master profile: read, replace, and exchange as JSON Resume."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from kazi.kit.deps import SessionDep
from kazi.kit.errors import InvalidInput
from kazi.kit.http import Envelope, ok
from kazi.kit.limits import PROFILE_MAX_CHARS, check_json_value
from kazi.profiles.schemas import Profile
from kazi.profiles.service import ProfileService
from kazi.users.dependencies import CurrentUser

router = APIRouter(prefix="/api/v1/profile", tags=["profile"])


@router.get("")
async def get_profile(user: CurrentUser, session: SessionDep) -> Envelope[Profile]:
    return ok(await ProfileService(session).get(user.id))


@router.put("")
async def put_profile(body: Profile, user: CurrentUser, session: SessionDep) -> Envelope[Profile]:
    """Replace the profile (at most PROFILE_MAX_CHARS characters of JSON)."""
    return ok(await ProfileService(session).replace(user.id, checked(body)))


@router.get(
    "/export",
    response_class=JSONResponse,
    responses={
        200: {
            "description": "The profile as a JSON Resume file (no envelope).",
            "content": {"application/json": {}},
        }
    },
)
async def export_profile(user: CurrentUser, session: SessionDep) -> JSONResponse:
    """A plain JSON Resume document (no envelope), ready to save as resume.json."""
    profile = await ProfileService(session).get(user.id)
    document: dict[str, Any] = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        **profile.to_json_resume(),
    }
    headers = {"Content-Disposition": 'attachment; filename="resume.json"'}
    return JSONResponse(document, headers=headers)


@router.post("/import")
async def import_profile(
    body: Profile, user: CurrentUser, session: SessionDep
) -> Envelope[Profile]:
    """Replace the profile with a JSON Resume document; unknown JSON Resume sections are ignored."""
    return ok(await ProfileService(session).replace(user.id, checked(body)))


def checked(profile: Profile) -> Profile:
    """The profile, or 422 when it is over the size limit or holds control characters."""
    try:
        check_json_value(profile.to_json_resume(), PROFILE_MAX_CHARS, "The profile")
    except ValueError as error:
        raise InvalidInput(f"body: {error}") from None
    return profile
