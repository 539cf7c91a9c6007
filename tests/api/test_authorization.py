"""Walks every API route with each kind of caller and checks each answer.

The route table below must name every /api/v1 route the app serves: a new route that
is not added here fails `test_every_route_is_covered`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest
from fastapi.routing import APIRoute

from kazi.jobs.models import Job
from tests.api.test_admin_users import make_admin_headers
from tests.helpers import login, new_user


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # {job_id} and {user_id} are filled from the scenario
    access: str  # "public", "self" (any user, about themselves), "owned", "admin"
    body: Callable[["Scenario"], Any] | None = None
    enveloped: bool = True  # the JSON Resume export is a plain file


@dataclass
class Scenario:
    owner: dict[str, str]
    other: dict[str, str]
    admin: dict[str, str]
    revoked: dict[str, str]
    inactive: dict[str, str]
    job_id: int
    owner_id: int


PROFILE = {"basics": {"name": "Amina Wafula", "email": "amina@example.com"}}
ROUTES = [
    Route("POST", "/api/v1/auth/logout", "self"),
    Route("GET", "/api/v1/users/me", "self"),
    Route("GET", "/api/v1/profile", "self"),
    Route("PUT", "/api/v1/profile", "self", lambda s: PROFILE),
    Route("GET", "/api/v1/profile/export", "self", enveloped=False),
    Route("POST", "/api/v1/profile/import", "self", lambda s: PROFILE),
    Route("GET", "/api/v1/jobs", "self"),
    Route("GET", "/api/v1/jobs/{job_id}", "owned"),
    Route("DELETE", "/api/v1/jobs/{job_id}", "owned"),
    Route("GET", "/api/v1/admin/users", "admin"),
    Route("PATCH", "/api/v1/admin/users/{user_id}", "admin", lambda s: {"tier": "pro"}),
]
PUBLIC = {("POST", "/api/v1/auth/register"), ("POST", "/api/v1/auth/login")}


def test_every_route_is_covered(app: Any) -> None:
    served = {
        (method, route.path)
        for route in app.routes
        if isinstance(route, APIRoute) and route.path.startswith("/api/v1")
        for method in route.methods
    }
    listed = {(r.method, r.path) for r in ROUTES} | PUBLIC
    assert served - listed == set(), "add these routes to the authorization table"


async def _scenario(client: httpx2.AsyncClient, app: Any) -> Scenario:
    owner_id, owner = await new_user(client, "owner@example.com")
    _, other = await new_user(client, "other@example.com")
    _, revoked = await new_user(client, "revoked@example.com")
    await client.post("/api/v1/auth/logout", headers=revoked)
    inactive_id, inactive = await new_user(client, "inactive@example.com")
    admin = await make_admin_headers(client, app)
    await client.patch(
        f"/api/v1/admin/users/{inactive_id}", json={"is_active": False}, headers=admin
    )
    async with app.state.sessions() as session, session.begin():
        job = Job(user_id=owner_id, title="Accountant", data={"title": "Accountant"})
        session.add(job)
        await session.flush()
        job_id = job.id
    return Scenario(owner, other, admin, revoked, inactive, job_id, owner_id)


async def _call(
    client: httpx2.AsyncClient, route: Route, s: Scenario, headers: dict[str, str]
) -> httpx2.Response:
    path = route.path.format(job_id=s.job_id, user_id=s.owner_id)
    body = route.body(s) if route.body else None
    return await client.request(route.method, path, json=body, headers=headers)


def _expected(route: Route, caller: str) -> int:
    if caller in {"none", "malformed", "revoked", "inactive"}:
        return 401
    if route.access == "admin":
        return 200 if caller == "admin" else 403
    if route.access == "owned" and caller != "owner":
        return 404
    return 200


CALLERS = ["none", "malformed", "revoked", "inactive", "other", "admin", "owner"]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
async def test_route_answers_each_caller(
    client: httpx2.AsyncClient, app: Any, route: Route
) -> None:
    scenario = await _scenario(client, app)
    headers = {
        "none": {},
        "malformed": {"Authorization": "Bearer not-a-real-token"},
        "revoked": scenario.revoked,
        "inactive": scenario.inactive,
        "other": scenario.other,
        "admin": scenario.admin,
        "owner": scenario.owner,
    }
    for caller in CALLERS:  # the owner goes last: DELETE and logout change state
        answer = await _call(client, route, scenario, headers[caller])
        assert answer.status_code == _expected(route, caller), (caller, answer.text)
        if route.enveloped or answer.status_code != 200:
            assert answer.json()["success"] is (answer.status_code == 200)
    if route.access == "owned" and route.method == "DELETE":
        gone = await client.get(f"/api/v1/jobs/{scenario.job_id}", headers=scenario.owner)
        assert gone.status_code == 404


async def test_malformed_authorization_headers(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "someone@example.com")
    token = headers["Authorization"].split()[1]
    for value in [
        token,
        f"Basic {token}",
        "Bearer",
        f"Bearer {token}x",
        "Bearer \u00e9".encode("latin-1"),
    ]:
        answer = await client.get("/api/v1/users/me", headers={"Authorization": value})
        assert answer.status_code == 401, value
    assert (await login(client, "someone@example.com")).startswith("kz_")
