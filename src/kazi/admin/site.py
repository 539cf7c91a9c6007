"""The admin dashboard's routes, static files and error pages, installed on the app."""

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from kazi.admin import (
    aliases_pages,
    audit_pages,
    auth,
    prices_pages,
    providers_pages,
    quotas_pages,
    routing_pages,
    usage_pages,
    users_pages,
)
from kazi.admin.errors import install_error_pages
from kazi.admin.render import STATIC_DIR

PAGES: list[APIRouter] = [
    auth.router,
    providers_pages.router,
    routing_pages.router,
    quotas_pages.router,
    prices_pages.router,
    aliases_pages.router,
    usage_pages.router,
    users_pages.router,
    audit_pages.router,
]


def install(app: FastAPI) -> None:
    for router in PAGES:
        app.include_router(router)
    app.mount("/admin/static", StaticFiles(directory=STATIC_DIR), name="admin-static")
    install_error_pages(app)
