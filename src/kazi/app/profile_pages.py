"""The profile: edit it as a form, or replace it with a JSON Resume file."""

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from kazi.admin.render import see_other
from kazi.app.i18n import N_, gettext_for
from kazi.app.profile_form import BASICS, SECTIONS, form_values, parse_profile, problems
from kazi.app.render import render
from kazi.app.session import AppForm, FormDep, MeDep, SignedIn, counted_ai_user
from kazi.enums import TaskType, Tier
from kazi.kit.deps import CpuDep, SessionDep
from kazi.kit.errors import InvalidInput
from kazi.profiles.cv_import import draft_from_cv
from kazi.profiles.cv_text import MAX_CV_BYTES, cv_text
from kazi.profiles.schemas import Profile
from kazi.profiles.service import ProfileService
from kazi.routing.attempts import CallContext

router = APIRouter(include_in_schema=False)
MAX_JSON_BYTES = 1_000_000
NOT_JSON_RESUME = N_("That is not a JSON Resume file: {reason}")


def profile_page(
    request: Request, me: SignedIn, profile: Profile, status: int = 200, **context: Any
) -> Response:
    values = {
        "me": me,
        "values": form_values(profile),
        "basics_fields": BASICS,
        "sections": SECTIONS,
        "errors": [],
        "draft": False,
        "action": "/profile",
        **context,
    }
    return render(request, "profile.html", values, status)


@router.get("/profile")
async def show_profile(request: Request, me: MeDep, session: SessionDep) -> Response:
    return profile_page(request, me, await ProfileService(session).get(me.id))


@router.post("/profile")
async def save_profile(request: Request, form: FormDep, session: SessionDep) -> Response:
    profiles = ProfileService(session)
    current = await profiles.get(form.admin.id)
    try:
        profile = parse_profile(form, current)
    except ValidationError as exc:
        return profile_page(request, form.admin, current, 422, errors=problems(exc))
    await profiles.replace(form.admin.id, profile)
    return see_other("/profile", "saved")


async def _json_resume(form: AppForm) -> Any:
    upload = form.data.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        return json.loads(await upload.read(MAX_JSON_BYTES))
    return json.loads(form.raw("json")[:MAX_JSON_BYTES])


@router.post("/profile/import")
async def import_profile(request: Request, form: FormDep, session: SessionDep) -> Response:
    """Replaces the profile with a JSON Resume document, as POST /api/v1/profile/import."""
    profiles = ProfileService(session)
    _ = gettext_for(request)
    try:
        profile = Profile.model_validate(await _json_resume(form))
    except (ValueError, ValidationError) as exc:
        reason = "; ".join(problems(exc)) if isinstance(exc, ValidationError) else str(exc)
        error = _(NOT_JSON_RESUME).format(reason=reason)
        current = await profiles.get(form.admin.id)
        return profile_page(request, form.admin, current, 422, import_error=error)
    await profiles.replace(form.admin.id, profile)
    return see_other("/profile", "saved")


@router.get("/profile/upload")
async def upload_page(request: Request, me: MeDep) -> Response:
    return render(request, "cv_upload.html", {"me": me, "error": None})


@router.post("/profile/upload")
async def read_cv(request: Request, form: FormDep, session: SessionDep, cpu: CpuDep) -> Response:
    """A draft profile from the uploaded CV, shown for the user to check section by section."""
    upload = form.data.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("Choose a CV file.")
        text = await cv_text(cpu, await upload.read(MAX_CV_BYTES + 1))
    except InvalidInput as exc:
        page = {"me": form.admin, "error": exc.message}
        return render(request, "cv_upload.html", page, 422)
    user = await counted_ai_user(request, session, form.admin)
    ctx = CallContext(TaskType.EXTRACTION, Tier(user.tier), user.id)
    draft = await draft_from_cv(request.app.state.router, cpu, ctx, text)
    return profile_page(request, form.admin, draft, draft=True, action="/profile/confirm")


@router.post("/profile/confirm")
async def confirm_draft(request: Request, form: FormDep, session: SessionDep) -> Response:
    """Saves the sections the user kept; the others stay as they were."""
    profiles = ProfileService(session)
    current = await profiles.get(form.admin.id)
    kept = set(form.texts("keep"))
    try:
        profile = parse_profile(form, current, only=kept)
    except ValidationError as exc:
        return profile_page(request, form.admin, current, 422, errors=problems(exc))
    await profiles.replace(form.admin.id, profile)
    return see_other("/profile", "saved")
