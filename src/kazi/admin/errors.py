"""What the admin site answers when a visitor may not see a page or a form is refused."""

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import Response

from kazi.admin.render import render, see_other


class SignInRequired(Exception):
    """No valid administrator session: pages redirect to sign-in, forms are refused."""


class CsrfRejected(Exception):
    """A form arrived without the token of the session that displayed it."""


class PageNotFound(Exception):
    """The page's subject (a provider, a rule...) does not exist."""


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    if request.method in ("GET", "HEAD"):
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return see_other("/admin/login?" + urlencode({"next": target}))
    return _problem(request, 403, "Sign-in required", "Sign in as an administrator first.")


async def _csrf_rejected(request: Request, exc: Exception) -> Response:
    message = "This form has expired or did not come from this site. Reload the page and retry."
    return _problem(request, 403, "Form refused", message)


async def _page_not_found(request: Request, exc: Exception) -> Response:
    return _problem(request, 404, "Not found", "There is nothing here; it may have been deleted.")


def _problem(request: Request, status: int, title: str, message: str) -> Response:
    return render(request, "error.html", {"title": title, "message": message}, status)


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(PageNotFound, _page_not_found)
