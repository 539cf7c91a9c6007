"""What the admin site answers when a visitor may not see a page, a form is refused,
or the server cannot answer (the database is down): a page, never the API's JSON."""

import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from kazi.admin.render import render, to_sign_in

ErrorHandler = Callable[[Request, Any], Response | Awaitable[Response]]
_KEPT_HEADERS = ("retry-after", "x-request-id")


class SignInRequired(Exception):
    """No valid administrator session: pages redirect to sign-in, forms are refused."""


class CsrfRejected(Exception):
    """A form arrived without the token of the session that displayed it."""


class PageNotFound(Exception):
    """The page's subject (a provider, a rule...) does not exist."""


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    if request.method in ("GET", "HEAD"):
        return to_sign_in(request, "/admin/login")
    return _problem(request, 403, "Sign-in required", "Sign in as an administrator first.")


async def _csrf_rejected(request: Request, exc: Exception) -> Response:
    message = "This form has expired or did not come from this site. Reload the page and retry."
    return _problem(request, 403, "Form refused", message)


async def _page_not_found(request: Request, exc: Exception) -> Response:
    return _problem(request, 404, "Not found", "There is nothing here; it may have been deleted.")


def _problem(
    request: Request, status: int, title: str, message: str, reference: str | None = None
) -> Response:
    context = {"title": title, "message": message, "reference": reference}
    return render(request, "error.html", context, status)


def _as_page_on_admin_paths(api_handler: ErrorHandler) -> ErrorHandler:
    """Keeps the API's answer, but shows an admin's browser a page for a server fault."""

    async def handle(request: Request, exc: Exception) -> Response:
        answer = api_handler(request, exc)
        if inspect.isawaitable(answer):
            answer = await answer
        if answer.status_code < 500 or not request.url.path.startswith("/admin"):
            return answer
        error = json.loads(bytes(answer.body))["error"]
        title = "Temporarily unavailable" if answer.status_code == 503 else "Server error"
        page = _problem(request, answer.status_code, title, error["message"], error["request_id"])
        for name in _KEPT_HEADERS:
            if name in answer.headers:
                page.headers[name] = answer.headers[name]
        return page

    return handle


def install_error_pages(app: FastAPI) -> None:
    """Call after the API's handlers are installed: it wraps them for admin paths."""
    for error_class, api_handler in list(app.exception_handlers.items()):
        app.add_exception_handler(error_class, _as_page_on_admin_paths(api_handler))
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(PageNotFound, _page_not_found)
