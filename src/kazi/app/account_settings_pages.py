"""The account page: change the password, download all my data, delete the account."""

import json
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.account.service import AccountService
from kazi.admin.render import see_other
from kazi.app.i18n import N_, gettext_for
from kazi.app.render import render
from kazi.app.session import SESSION_COOKIE, AppForm, FormDep, MeDep, SignedIn
from kazi.kit.deps import SessionDep
from kazi.kit.errors import Unauthorized
from kazi.users.models import User
from kazi.users.schemas import Password
from kazi.users.service import UserService

router = APIRouter(include_in_schema=False)
WRONG_CURRENT = N_("Your current password is not right.")
WEAK_PASSWORD = N_("The new password needs at least 10 characters.")
NEW_PASSWORD = TypeAdapter(Password)


def account_page(
    request: Request, me: SignedIn, status: int = 200, error: str | None = None
) -> Response:
    return render(request, "account.html", {"me": me, "error": error}, status)


@router.get("/account")
async def show_account(request: Request, me: MeDep) -> Response:
    return account_page(request, me)


async def _confirmed(
    request: Request, form: AppForm, session: AsyncSession, field: str
) -> User | Response:
    """The user, when the form's `field` holds their password; else the page saying not."""
    try:
        return await UserService(session).check_password(form.admin.email, form.raw(field)[:256])
    except Unauthorized:
        return account_page(request, form.admin, 403, gettext_for(request)(WRONG_CURRENT))


@router.post("/account/password")
async def change_password(request: Request, form: FormDep, session: SessionDep) -> Response:
    me, _ = form.admin, gettext_for(request)
    user = await _confirmed(request, form, session, "current_password")
    if isinstance(user, Response):
        return user
    try:
        password = NEW_PASSWORD.validate_python(form.raw("new_password"))
    except ValidationError:
        return account_page(request, me, 422, _(WEAK_PASSWORD))
    await UserService(session).change_password(user, password, keep_token_id=me.session_id)
    return see_other("/account", "password_changed")


@router.get("/account/export")
async def export_data(me: MeDep, session: SessionDep) -> Response:
    """Everything Kazi stores about the user, as one JSON file."""
    document = await AccountService(session).export(me.id)
    name = f"kazi-data-{date.today().isoformat()}.json"
    return Response(
        json.dumps(document, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/account/delete")
async def delete_account(request: Request, form: FormDep, session: SessionDep) -> Response:
    user = await _confirmed(request, form, session, "password")
    if isinstance(user, Response):
        return user
    await AccountService(session).delete(user)
    response = see_other("/login", "account_deleted")
    response.delete_cookie(SESSION_COOKIE)
    return response
