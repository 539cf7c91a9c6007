"""Sign-up, sign-in, sign-out and the language switch."""

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from kazi.admin.render import see_other
from kazi.app.i18n import LANGUAGE_COOKIE, LANGUAGES, N_, gettext_for
from kazi.app.render import render
from kazi.app.session import (
    SESSION_COOKIE,
    FormDep,
    PublicFormDep,
    form_nonce,
    keep_nonce,
    public_csrf,
    start_session,
)
from kazi.kit.deps import SessionDep, SettingsDep
from kazi.kit.errors import TooManyRequests, Unauthorized
from kazi.ratelimit.throttle import auth_limits
from kazi.users.schemas import Credentials
from kazi.users.service import UserService

router = APIRouter(include_in_schema=False)
HOME = "/"
WRONG_PASSWORD = N_("Wrong e-mail address or password.")
WEAK_INPUT = N_("Enter a valid e-mail address and a password of at least 10 characters.")
TOO_MANY = N_("Too many attempts. Try again in {seconds} s.")


def safe_next(target: str) -> str:
    """Only a page of the app itself; anything else (another site, the API) goes home."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return HOME
    if "\\" in target or parts.path.startswith(("/api", "/admin", "/v1", "/login", "/logout")):
        return HOME
    return target


def public_page(
    request: Request, settings: SettingsDep, template: str, status: int = 200, **context: Any
) -> Response:
    nonce = form_nonce(request)
    values = {"csrf": public_csrf(settings, nonce), "email": "", "error": None, **context}
    response = render(request, template, values, status)
    keep_nonce(request, response, nonce)
    return response


def _refused(exc: TooManyRequests, request: Request) -> str:
    return gettext_for(request)(TOO_MANY).format(seconds=exc.headers.get("Retry-After", "60"))


@router.get("/signup")
async def signup_page(request: Request, settings: SettingsDep) -> Response:
    return public_page(request, settings, "signup.html")


@router.post("/signup")
async def sign_up(
    request: Request, form: PublicFormDep, session: SessionDep, settings: SettingsDep
) -> Response:
    email, password = form.text("email")[:320], form.raw("password")[:256]
    _ = gettext_for(request)
    try:
        await auth_limits(request).registration(email)
        credentials = Credentials(email=email, password=password)
    except TooManyRequests as exc:
        error = _refused(exc, request)
        page = public_page(request, settings, "signup.html", 429, email=email, error=error)
        page.headers.update(exc.headers)
        return page
    except ValidationError:
        return public_page(request, settings, "signup.html", 422, email=email, error=_(WEAK_INPUT))
    # As the API's registration: the same answer whether or not the address had an account.
    await UserService(session).register_quietly(credentials.email, credentials.password)
    return see_other("/login?next=%2Fprofile", "registered")


@router.get("/login")
async def login_page(request: Request, settings: SettingsDep) -> Response:
    next_path = safe_next(request.query_params.get("next", HOME))
    return public_page(request, settings, "login.html", next=next_path)


@router.post("/login")
async def sign_in(
    request: Request, form: PublicFormDep, session: SessionDep, settings: SettingsDep
) -> Response:
    email, password = form.text("email")[:320], form.raw("password")[:256]
    next_path = safe_next(form.text("next") or HOME)
    service = UserService(session)
    try:  # the API's sign-in counters: the page and the API share them
        await auth_limits(request).login(email)
        user = await service.check_password(email, password)
    except TooManyRequests as exc:
        error = _refused(exc, request)
        page = public_page(
            request, settings, "login.html", 429, email=email, error=error, next=next_path
        )
        page.headers.update(exc.headers)
        return page
    except Unauthorized:
        error = gettext_for(request)(WRONG_PASSWORD)
        return public_page(
            request, settings, "login.html", 401, email=email, error=error, next=next_path
        )
    response = see_other(next_path)
    await start_session(request, session, user, response)
    return response


@router.post("/logout")
async def sign_out(form: FormDep, session: SessionDep) -> Response:
    await UserService(session).revoke(form.admin.session_id, form.admin.id)
    response = see_other("/login", "signed_out")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/language/{code}")
async def choose_language(code: str, request: Request) -> Response:
    """Sets the interface language (a display preference, no account change) and goes back."""
    response = see_other(safe_next(request.query_params.get("next", HOME)))
    if code in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 86400, samesite="lax")
    return response
