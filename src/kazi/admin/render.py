"""HTML pages from Jinja2 templates, autoescaped, with the admin site's security headers."""

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kazi.providers.prices import usd_text

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

# Messages a redirect may ask the next page to show, by code: never text from the URL.
NOTICES = {
    "created": "Saved.",
    "saved": "Changes saved.",
    "deleted": "Deleted.",
    "tested": "Test finished; the result is shown below.",
    "activated": "Activated.",
    "deactivated": "Deactivated.",
    "signed_out": "You are signed out.",
}


def usd(micro_usd: int | None) -> str:
    """Micro-dollars as dollars: at least cents, down to the micro-dollar, never rounded."""
    if micro_usd is None:
        return "unknown"
    sign = "-" if micro_usd < 0 else ""
    whole, fraction = divmod(abs(micro_usd), 1_000_000)
    digits = f"{fraction:06d}".rstrip("0").ljust(2, "0")
    return f"{sign}${whole:,}.{digits}"


def usd_amount(micro_usd: int | None) -> str:
    """Micro-dollars as a plain decimal for a form field, e.g. 150000 -> "0.15"."""
    return "" if micro_usd is None else usd_text(micro_usd)


def number(value: int | float | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def when(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(usd=usd, usd_amount=usd_amount, number=number, when=when)
    return env


TEMPLATES = _environment()


def render(
    request: Request, template: str, context: Mapping[str, Any], status: int = 200
) -> HTMLResponse:
    notice = NOTICES.get(request.query_params.get("notice", ""))
    values = {"path": request.url.path, "notice": notice, "admin": None, **context}
    html = TEMPLATES.get_template(template).render(values)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def to_sign_in(request: Request, login_path: str) -> RedirectResponse:
    """Off to the sign-in page, which sends the visitor back to this page afterwards."""
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return see_other(login_path + "?" + urlencode({"next": target}))


def see_other(location: str, notice: str | None = None) -> RedirectResponse:
    """The answer to a successful form: go to `location` (a local path) with a notice."""
    if notice is not None:
        path, hash_mark, fragment = location.partition("#")
        path += ("&" if "?" in path else "?") + f"notice={notice}"
        location = path + hash_mark + fragment
    return RedirectResponse(location, status_code=303, headers={"Cache-Control": "no-store"})
