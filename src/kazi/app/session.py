"""The job seeker's session: an opaque cookie, and a CSRF token on every form.

It works as the dashboard's does (kazi.admin.auth), with its own cookie, token kind and
CSRF scopes: the cookie holds a random token whose digest is an AccessToken of kind
"app_session"; the API refuses that kind as a bearer token. Forms shown before sign-in
(sign-up, sign-in, password reset) are bound to a short-lived cookie instead.
"""

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from kazi.admin.auth import (
    CSRF_FIELD,
    AdminContext,
    AdminForm,
    _is_https,
    cookie_session,
    csrf_token,
)
from kazi.app.errors import AppCsrfRejected, AppSignInRequired
from kazi.kit.config import Settings
from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep, SettingsDep
from kazi.ratelimit.throttle import rate_limits
from kazi.security.tokens import same_secret
from kazi.users.models import User
from kazi.users.service import UserService

SESSION_COOKIE = "kazi_session"
FORM_COOKIE = "kazi_form"
SESSION_KIND = "app_session"
SESSION_TTL = timedelta(days=14)
MAX_FORM_FIELDS = 400

# The signed-in user as the pages see it: the same shape as the dashboard's.
SignedIn = AdminContext
# A form whose CSRF token was checked, with the dashboard's typed readers.
AppForm = AdminForm


async def signed_in_user(request: Request, session: SessionDep, settings: SettingsDep) -> SignedIn:
    found = await cookie_session(request, session, SESSION_COOKIE, SESSION_KIND, SESSION_TTL)
    if found is None:
        raise AppSignInRequired
    plain, token, user = found
    return SignedIn(user.id, user.email, csrf_token(settings, plain, "app-session"), token.id)


MeDep = Annotated[SignedIn, Depends(signed_in_user)]


async def checked_form(request: Request, me: MeDep) -> AppForm:
    data = await request.form(max_files=2, max_fields=MAX_FORM_FIELDS)
    check_csrf(data, me.csrf)
    return AppForm(me, data)


def check_csrf(data: FormData, expected: str) -> None:
    sent = data.get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not same_secret(sent, expected):
        raise AppCsrfRejected


FormDep = Annotated[AppForm, Depends(checked_form)]


def form_nonce(request: Request) -> str:
    """The nonce that binds the forms shown before sign-in (kept in FORM_COOKIE)."""
    return (request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(32))[:100]


def public_csrf(settings: Settings, nonce: str) -> str:
    return csrf_token(settings, nonce, "app-public")


async def public_form(request: Request, settings: SettingsDep) -> AppForm:
    """A form shown before sign-in, checked against the nonce cookie that came with it."""
    data = await request.form(max_files=0, max_fields=20)
    nonce = request.cookies.get(FORM_COOKIE, "")
    check_csrf(data, public_csrf(settings, nonce) if nonce else "")
    return AppForm(SignedIn(0, "", "", 0), data)


PublicFormDep = Annotated[AppForm, Depends(public_form)]


def keep_nonce(request: Request, response: Response, nonce: str) -> None:
    response.set_cookie(
        FORM_COOKIE, nonce, max_age=3600, secure=_is_https(request), httponly=True, samesite="lax"
    )


async def start_session(
    request: Request, session: AsyncSession, user: User, response: Response
) -> None:
    plain, _ = await UserService(session).issue_token(
        user, SESSION_KIND, "web app", utcnow() + SESSION_TTL
    )
    response.set_cookie(
        SESSION_COOKIE, plain, secure=_is_https(request), httponly=True, samesite="lax"
    )
    response.delete_cookie(FORM_COOKIE)


async def counted_ai_user(request: Request, session: AsyncSession, me: SignedIn) -> User:
    """The signed-in user, after counting one AI request against their tier's rate limit
    (as the API's AI routes do)."""
    user = await UserService(session).by_id(me.id)
    assert user is not None  # the session belongs to this active user
    await rate_limits(request.app).ai_request(user.id, user.tier)
    return user
