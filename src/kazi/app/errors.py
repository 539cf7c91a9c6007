"""What the app answers when a visitor must sign in, a form is refused or a page's
subject is not theirs: a page in the visitor's language, never the API's JSON."""

from fastapi import FastAPI, Request
from fastapi.responses import Response

from kazi.admin.errors import CsrfRejected
from kazi.admin.render import to_sign_in
from kazi.app.i18n import N_
from kazi.app.render import render


class AppSignInRequired(Exception):
    """No valid session: pages redirect to sign-in, forms are refused."""


class AppCsrfRejected(CsrfRejected):
    """A form of the app arrived without its token (answered by the app, not the dashboard)."""


class AppPageNotFound(Exception):
    """The page's subject does not exist or belongs to someone else: the same 404."""


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    if request.method in ("GET", "HEAD"):
        return to_sign_in(request, "/login")
    return problem(request, 403, N_("Sign-in required"), N_("Sign in first."))


async def _csrf_rejected(request: Request, exc: Exception) -> Response:
    message = N_("This form has expired or did not come from this site. Reload the page and retry.")
    return problem(request, 403, N_("Form refused"), message)


async def _page_not_found(request: Request, exc: Exception) -> Response:
    message = N_("There is nothing here; it may have been deleted.")
    return problem(request, 404, N_("Not found"), message)


def problem(request: Request, status: int, title: str, message: str) -> Response:
    """An error page; `title` and `message` are catalogue messages, translated there."""
    return render(request, "error.html", {"title": title, "message": message}, status)


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(AppSignInRequired, _sign_in_required)
    app.add_exception_handler(AppCsrfRejected, _csrf_rejected)
    app.add_exception_handler(AppPageNotFound, _page_not_found)
