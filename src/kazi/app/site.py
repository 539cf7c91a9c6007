"""The app's routes, static files and error pages, installed on the application."""

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from kazi.app import (
    account_pages,
    account_settings_pages,
    applications_pages,
    documents_pages,
    jobs_pages,
    password_pages,
    profile_pages,
    usage_pages,
)
from kazi.app.errors import install_error_pages
from kazi.app.render import STATIC_DIR

PAGES: list[APIRouter] = [
    account_pages.router,
    applications_pages.router,
    profile_pages.router,
    jobs_pages.router,
    documents_pages.router,
    usage_pages.router,
    account_settings_pages.router,
    password_pages.router,
]


def install(app: FastAPI) -> None:
    for router in PAGES:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="app-static")
    install_error_pages(app)
