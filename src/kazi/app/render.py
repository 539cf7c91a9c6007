"""The app's pages: Jinja2 templates per language, with the dashboard's security headers."""

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kazi.admin.render import SECURITY_HEADERS, number, when
from kazi.app.i18n import LANGUAGES, N_, language_of, translations

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# Messages a redirect may ask the next page to show, by code: never text from the URL.
NOTICES = {
    "saved": N_("Saved."),
    "invalid_field": N_("Not saved: that value does not fit the field (dates are YYYY-MM-DD)."),
    "invalid": N_("Not saved: a date is not a real date (use YYYY-MM-DD)."),
    "deleted": N_("Deleted."),
    "signed_out": N_("You are signed out."),
    "registered": N_(
        "If this address was new, your account is ready. Sign in to start with your profile."
    ),
    "password_changed": N_("Your password is changed."),
    "reset_sent": N_("If an account uses that address, a reset link is on its way."),
    "password_reset": N_("Your password is changed. Sign in with the new one."),
    "account_deleted": N_("Your account and everything in it are deleted."),
}


def day(value: date | datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else "–"


@cache
def _environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(number=number, when=when, day=day)
    env.globals.update(languages=LANGUAGES, language=language)
    return env


def render(
    request: Request, template: str, context: Mapping[str, Any], status: int = 200
) -> HTMLResponse:
    language = language_of(request)
    notice = NOTICES.get(request.query_params.get("notice", ""))
    values = {"path": request.url.path, "notice": notice, "me": None, **context}
    html = _environment(language).get_template(template).render(values)
    headers = {**SECURITY_HEADERS, "Content-Language": language}
    return HTMLResponse(html, status_code=status, headers=headers)
