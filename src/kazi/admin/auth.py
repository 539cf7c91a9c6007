"""Administrator sign-in: an opaque session cookie, and a CSRF token on every form.

The cookie holds a random token whose SHA-256 digest is stored as an AccessToken of
kind "admin_session" with an expiry that slides while the dashboard is in use. Each
form carries an HMAC of the session token under a key derived for this purpose alone;
the sign-in form, which has no session yet, is bound to a short-lived cookie instead.
Sign-in attempts count against the API login's limits per address and per e-mail.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from kazi.admin.errors import CsrfRejected, SignInRequired
from kazi.admin.render import render, see_other
from kazi.kit.config import Settings
from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep, SettingsDep
from kazi.kit.errors import TooManyRequests, Unauthorized
from kazi.ratelimit.throttle import auth_limits
from kazi.security.crypto import derive_key
from kazi.security.tokens import same_secret
from kazi.users.models import AccessToken, User
from kazi.users.service import UserService

SESSION_COOKIE = "kazi_admin"
LOGIN_COOKIE = "kazi_admin_login"
SESSION_KIND = "admin_session"
SESSION_TTL = timedelta(hours=12)
CSRF_FIELD = "csrf_token"
CSRF_PURPOSE = "kazi/admin-csrf/v1"
HOME = "/admin/usage"
MAX_FORM_FIELDS = 200

router = APIRouter(prefix="/admin", include_in_schema=False)


@dataclass(frozen=True, slots=True)
class AdminContext:
    """The signed-in administrator, copied out of the ORM so that it survives rollbacks."""

    id: int
    email: str
    csrf: str
    session_id: int


@lru_cache(maxsize=4)
def _csrf_key(secret: str) -> bytes:
    return derive_key(secret, CSRF_PURPOSE)


def csrf_token(settings: Settings, value: str, scope: str) -> str:
    message = f"{scope}:{value}".encode()
    return hmac.new(_csrf_key(settings.secret), message, hashlib.sha256).hexdigest()


def _is_https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


async def signed_in_admin(
    request: Request, session: SessionDep, settings: SettingsDep
) -> AdminContext:
    found = await cookie_session(request, session, SESSION_COOKIE, SESSION_KIND, SESSION_TTL)
    if found is None or not found[2].is_admin:
        raise SignInRequired
    plain, token, user = found
    return AdminContext(user.id, user.email, csrf_token(settings, plain, "session"), token.id)


async def cookie_session(
    request: Request, session: AsyncSession, cookie: str, kind: str, ttl: timedelta
) -> tuple[str, AccessToken, User] | None:
    """The live token of `kind` in `cookie` and its active user, renewed; else None."""
    plain = request.cookies.get(cookie)
    if not plain or len(plain) > 200:
        return None
    service = UserService(session)
    found = await service.live_token(plain, kind)
    if found is None:
        return None
    token, user = found
    service.renew_session(token, ttl)
    return plain, token, user


AdminDep = Annotated[AdminContext, Depends(signed_in_admin)]


@dataclass(frozen=True, slots=True)
class AdminForm:
    """A form whose CSRF token was checked, with small typed readers."""

    admin: AdminContext
    data: FormData

    def text(self, name: str) -> str:
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else ""

    def raw(self, name: str) -> str:
        value = self.data.get(name)
        return value if isinstance(value, str) else ""

    def texts(self, name: str) -> list[str]:
        return [v.strip() for v in self.data.getlist(name) if isinstance(v, str) and v.strip()]

    def checked(self, name: str) -> bool:
        return self.text(name) in ("on", "true", "1", "yes")


async def checked_form(request: Request, admin: AdminDep) -> AdminForm:
    data = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
    sent = data.get(CSRF_FIELD)
    if not isinstance(sent, str) or not same_secret(sent, admin.csrf):
        raise CsrfRejected
    return AdminForm(admin, data)


FormDep = Annotated[AdminForm, Depends(checked_form)]


def _safe_next(target: str) -> str:
    """Only a path on the admin site itself; anything else goes home."""
    parts = urlsplit(target)
    path_ok = parts.path == "/admin" or parts.path.startswith("/admin/")
    if parts.scheme or parts.netloc or not path_ok or "\\" in target or target.startswith("//"):
        return HOME
    if parts.path.startswith(("/admin/login", "/admin/logout", "/admin/static")):
        return HOME
    return target


def _login_page(
    request: Request,
    settings: Settings,
    nonce: str,
    next_path: str,
    status: int = 200,
    email: str = "",
    error: str | None = None,
) -> Response:
    context = {
        "csrf": csrf_token(settings, nonce, "login"),
        "next": _safe_next(next_path),
        "email": email,
        "error": error,
    }
    response = render(request, "login.html", context, status)
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=3600,
        path="/admin/login",
        secure=_is_https(request),
        httponly=True,
        samesite="strict",
    )
    return response


@router.get("/login")
async def login_page(request: Request, settings: SettingsDep) -> Response:
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    next_path = request.query_params.get("next", HOME)
    return _login_page(request, settings, nonce[:100], next_path)


@router.post("/login")
async def sign_in(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    data = await request.form(max_files=0, max_fields=10)
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    sent = data.get(CSRF_FIELD)
    if not nonce or not isinstance(sent, str):
        raise CsrfRejected
    if not same_secret(sent, csrf_token(settings, nonce, "login")):
        raise CsrfRejected
    form = AdminForm(AdminContext(0, "", "", 0), data)
    email, password = form.text("email")[:320], form.raw("password")[:256]
    try:  # the API's sign-in counters: alternating between the two gains nothing
        await auth_limits(request).login(email)
    except TooManyRequests as refused:
        page = _login_page(request, settings, nonce, form.text("next"), 429, email, refused.message)
        page.headers.update(refused.headers)
        return page
    user = await _admin_for(session, email, password)
    if user is None:
        message = "Wrong e-mail address or password, or not an administrator account."
        return _login_page(request, settings, nonce, form.text("next"), 401, email, message)
    plain, _ = await UserService(session).issue_token(
        user, SESSION_KIND, "admin dashboard", utcnow() + SESSION_TTL
    )
    response = see_other(_safe_next(form.text("next") or HOME))
    response.set_cookie(
        SESSION_COOKIE,
        plain,
        path="/admin",
        secure=_is_https(request),
        httponly=True,
        samesite="strict",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/admin/login")
    return response


async def _admin_for(session: SessionDep, email: str, password: str) -> User | None:
    try:
        user = await UserService(session).check_password(email, password)
    except Unauthorized:
        return None
    return user if user.is_admin else None


@router.post("/logout")
async def sign_out(form: FormDep, session: SessionDep) -> Response:
    await UserService(session).revoke(form.admin.session_id, form.admin.id)
    response = see_other("/admin/login", "signed_out")
    response.delete_cookie(SESSION_COOKIE, path="/admin")
    return response


@router.get("")
async def home(_admin: AdminDep) -> Response:
    return see_other(HOME)
