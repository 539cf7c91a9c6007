"""The API documentation (/docs, /redoc, /openapi.json) and the favicon, all served by
Kazi itself: Swagger UI and ReDoc come from the pinned fastapi-offline package, so the
pages work without reaching any CDN."""

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs-assets"
FAVICON_URL = "/favicon.svg"
FAVICON = Path(__file__).parents[1] / "static" / "favicon.svg"  # kazi/static
_VENDORED = Path(str(files("fastapi_offline") / "static"))
# The pages' own inline start-up scripts and styles run; nothing may load from elsewhere
# (ReDoc's footer logo would otherwise come from its vendor's CDN).
_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'"
)


def install(app: FastAPI, enabled: bool) -> None:
    """The favicon always; the documentation only when `enabled` (KAZI_DOCS)."""
    app.add_api_route(FAVICON_URL, favicon, methods=["GET"], include_in_schema=False)
    app.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    if not enabled:
        return
    app.mount(ASSETS_PATH, StaticFiles(directory=_VENDORED), name="docs-assets")
    app.add_api_route("/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_api_route("/redoc", redoc, methods=["GET"], include_in_schema=False)


async def favicon() -> FileResponse:
    return FileResponse(
        FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"}
    )


async def swagger_ui() -> HTMLResponse:
    return _confined(
        get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Kazi API",
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=FAVICON_URL,
            # Swagger UI would send the document to an outside validator for its badge.
            swagger_ui_parameters={"validatorUrl": None},
        )
    )


async def redoc() -> HTMLResponse:
    return _confined(
        get_redoc_html(
            openapi_url="/openapi.json",
            title="Kazi API",
            redoc_js_url=f"{ASSETS_PATH}/redoc.standalone.js",
            redoc_favicon_url=FAVICON_URL,
            with_google_fonts=False,
        )
    )


def _confined(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = _CSP
    return page
