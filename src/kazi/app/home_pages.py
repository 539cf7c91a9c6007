"""The home page: what to do next."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.app.render import render
from kazi.app.session import MeDep

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(request: Request, me: MeDep) -> Response:
    return render(request, "home.html", {"me": me})
