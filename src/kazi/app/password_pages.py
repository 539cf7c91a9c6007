"""Password reset by e-mail: a one-hour link to a page that sets a new password.

The link carries a random token whose digest is an AccessToken of kind "password_reset";
it works once. The answer to a request never says whether the address has an account.
Without KAZI_SMTP_HOST and KAZI_PUBLIC_URL, the page says that reset is unavailable.
"""

from datetime import timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError

from kazi.admin.render import see_other
from kazi.app.account_pages import public_page
from kazi.app.i18n import N_, gettext_for, language_of, translations
from kazi.app.session import PublicFormDep
from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep, SettingsDep
from kazi.kit.errors import TooManyRequests
from kazi.kit.mail import MailNotSent, mail_configured, send_mail
from kazi.ratelimit.throttle import auth_limits
from kazi.users.schemas import Password
from kazi.users.service import UserService

router = APIRouter(include_in_schema=False)
RESET_KIND = "password_reset"
RESET_TTL = timedelta(hours=1)
NEW_PASSWORD = TypeAdapter(Password)
SUBJECT = N_("Reset your Kazi password")
BODY = N_(
    "Someone asked to reset the password of your Kazi account. If it was you, open this "
    "link within an hour to choose a new password:\n\n{link}\n\nIf it was not you, ignore "
    "this e-mail: your password stays as it is."
)
NOT_SENT = N_("The e-mail could not be sent just now. Try again in a few minutes.")
BAD_LINK = N_("This reset link is not valid any more. Ask for a new one.")
WEAK_PASSWORD = N_("The new password needs at least 10 characters.")


@router.get("/password/forgot")
async def forgot_page(request: Request, settings: SettingsDep) -> Response:
    return public_page(request, settings, "forgot.html", available=mail_configured(settings))


@router.post("/password/forgot")
async def send_reset_link(
    request: Request, form: PublicFormDep, session: SessionDep, settings: SettingsDep
) -> Response:
    email = form.text("email")[:320]
    if not mail_configured(settings):
        return public_page(request, settings, "forgot.html", 503, available=False)
    try:  # counted as sign-in attempts: the same abuse, the same limits
        await auth_limits(request).login(email)
    except TooManyRequests as exc:
        error = exc.message
        return public_page(request, settings, "forgot.html", 429, available=True, error=error)
    user = await UserService(session).by_email(email) if email else None
    if user is not None and user.is_active:
        plain, _ = await UserService(session).issue_token(
            user, RESET_KIND, None, utcnow() + RESET_TTL
        )
        link = (
            f"{str(settings.public_url).rstrip('/')}/password/reset?{urlencode({'token': plain})}"
        )
        _ = translations(language_of(request)).gettext
        try:
            await send_mail(settings, user.email, _(SUBJECT), _(BODY).format(link=link))
        except MailNotSent:
            error = gettext_for(request)(NOT_SENT)
            return public_page(request, settings, "forgot.html", 503, available=True, error=error)
    return see_other("/login", "reset_sent")


@router.get("/password/reset")
async def reset_page(request: Request, settings: SettingsDep) -> Response:
    token = request.query_params.get("token", "")[:200]
    return public_page(request, settings, "reset.html", token=token)


@router.post("/password/reset")
async def reset_password(
    request: Request, form: PublicFormDep, session: SessionDep, settings: SettingsDep
) -> Response:
    _ = gettext_for(request)
    token = form.text("token")[:200]
    found = await UserService(session).live_token(token, RESET_KIND) if token else None
    if found is None:
        return public_page(request, settings, "reset.html", 400, token="", error=_(BAD_LINK))
    try:
        password = NEW_PASSWORD.validate_python(form.raw("password"))
    except ValidationError:
        return public_page(
            request, settings, "reset.html", 422, token=token, error=_(WEAK_PASSWORD)
        )
    await UserService(session).change_password(found[1], password, keep_token_id=None)
    return see_other("/login", "password_reset")
