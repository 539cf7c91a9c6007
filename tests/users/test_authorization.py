"""Walks every API route with each kind of caller and checks each answer.

The route table below must name every /api/v1 route the app serves: a new route that
is not added here fails `test_every_route_is_covered`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from kazi.applications.models import Application
from kazi.documents.models import StoredDocument
from kazi.enums import TaskType
from kazi.gateway.models import ModelAlias
from kazi.jobs.models import Job
from kazi.llm.registry import ProviderType
from kazi.providers.models import ModelPriceOverride
from kazi.quotas.models import QuotaLimit
from tests.fakes.plugin import LiveFleet
from tests.helpers import login, new_user
from tests.routing.conftest import add_provider
from tests.users.test_admin_users import make_admin_headers


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # {job_id} and {user_id} are filled from the scenario
    access: str  # "public", "self" (any user, about themselves), "owned", "admin"
    body: Callable[["Scenario"], Any] | None = None
    enveloped: bool = True  # the JSON Resume export is a plain file
    query: str = ""
    ok_status: int = 200
    params: dict[str, Any] | None = None  # path values of this route only


@dataclass
class Scenario:
    owner: dict[str, str]
    other: dict[str, str]
    admin: dict[str, str]
    revoked: dict[str, str]
    inactive: dict[str, str]
    job_id: int
    owner_id: int
    provider_id: int
    document_id: int = 0
    api_key_id: int = 0
    application_id: int = 0
    alias_id: int = 0


PROFILE = {"basics": {"name": "Amina Wafula", "email": "amina@example.com"}}
QUOTA_PATH = "/api/v1/admin/quotas/{tier}/{task_type}/{period}"
QUOTA_KEY = {"tier": "free", "task_type": "any", "period": "day"}
# A paste the built-in engine reads offline: a clear title line and enough text.
PASTED_POSTING = (
    "Records Clerk\nCompany: Pwani County Hospital\nLocation: Mombasa, Kenya\n"
    "We are hiring a records clerk to file, retrieve and digitise patient records "
    "for the outpatient department, working with nurses and front-office staff."
)
PRICE_PATH = "/api/v1/admin/prices/{model_name}"
PRICE_KEY = {"model_name": "vendor/priced-model"}
PRICE = {"input_usd_per_mtok": "0.5", "output_usd_per_mtok": "1.5"}
ROUTES = [
    Route("POST", "/api/v1/auth/logout", "self"),
    Route("GET", "/api/v1/users/me", "self"),
    Route("GET", "/api/v1/profile", "self"),
    Route("PUT", "/api/v1/profile", "self", lambda s: PROFILE),
    Route("GET", "/api/v1/profile/export", "self", enveloped=False),
    Route("POST", "/api/v1/profile/import", "self", lambda s: PROFILE),
    Route("GET", "/api/v1/jobs", "self"),
    Route("GET", "/api/v1/jobs/{job_id}", "owned"),
    Route("PATCH", "/api/v1/jobs/{job_id}", "owned", lambda s: {"location": "Nairobi"}),
    Route("DELETE", "/api/v1/jobs/{job_id}", "owned"),
    Route("POST", "/api/v1/jobs/extract", "self", lambda s: {"text": PASTED_POSTING}),
    Route("POST", "/api/v1/job-extractor/extract", "self", lambda s: {"text": PASTED_POSTING}),
    Route("GET", "/api/v1/applications", "self"),
    Route("POST", "/api/v1/applications", "owned", lambda s: {"job_id": s.job_id}, ok_status=201),
    Route("GET", "/api/v1/applications/{application_id}", "owned"),
    Route("PATCH", "/api/v1/applications/{application_id}", "owned", lambda s: {"notes": "n"}),
    Route("DELETE", "/api/v1/applications/{application_id}", "owned"),
    Route("GET", "/api/v1/admin/users", "admin"),
    Route("PATCH", "/api/v1/admin/users/{user_id}", "admin", lambda s: {"tier": "pro"}),
    Route("GET", "/api/v1/admin/providers/types", "admin"),
    Route("GET", "/api/v1/admin/model-aliases", "admin"),
    Route(
        "POST",
        "/api/v1/admin/model-aliases",
        "admin",
        lambda s: {"alias": "gpt-4o-mini", "task_type": "chat"},
        ok_status=201,
    ),
    Route("DELETE", "/api/v1/admin/model-aliases/{alias_id}", "admin"),
    Route("POST", "/api/v1/admin/providers", "admin", lambda s: NEW_PROVIDER, ok_status=201),
    Route("GET", "/api/v1/admin/providers", "admin"),
    Route("GET", "/api/v1/admin/providers/{provider_id}", "admin"),
    Route(
        "PATCH", "/api/v1/admin/providers/{provider_id}", "admin", lambda s: {"model_name": "m2"}
    ),
    Route("POST", "/api/v1/admin/providers/{provider_id}/test", "admin"),
    Route("POST", "/api/v1/admin/providers/{provider_id}/deactivate", "admin"),
    Route("DELETE", "/api/v1/admin/providers/{provider_id}", "admin"),
    Route("GET", "/api/v1/admin/prices", "admin"),
    Route("PUT", PRICE_PATH, "admin", lambda s: PRICE, params=PRICE_KEY),
    Route("DELETE", PRICE_PATH, "admin", params=PRICE_KEY),
    Route("GET", "/api/v1/admin/routing", "admin"),
    Route(
        "PUT",
        "/api/v1/admin/routing/{task_type}/{tier}",
        "admin",
        lambda s: {"candidates": [{"provider_config_id": s.provider_id}]},
    ),
    Route("GET", "/api/v1/admin/routing/preview", "admin", query="?task_type=extraction&tier=free"),
    Route("GET", "/api/v1/admin/usage", "admin"),
    Route("GET", "/api/v1/admin/usage/summary", "admin"),
    Route("GET", "/api/v1/users/me/usage", "self"),
    Route("POST", "/api/v1/users/me/api-keys", "self", lambda s: {"name": "ci"}, ok_status=201),
    Route("GET", "/api/v1/users/me/api-keys", "self"),
    Route("GET", "/api/v1/users/me/api-keys/{key_id}", "owned"),
    Route("DELETE", "/api/v1/users/me/api-keys/{key_id}", "owned"),
    Route("GET", "/api/v1/admin/quotas", "admin"),
    Route("PUT", QUOTA_PATH, "admin", lambda s: {"max_calls": 100}, params=QUOTA_KEY),
    Route("DELETE", QUOTA_PATH, "admin", params=QUOTA_KEY),
    Route("POST", "/api/v1/documents/cv", "owned", lambda s: {"job_id": s.job_id}, ok_status=201),
    Route(
        "POST",
        "/api/v1/documents/cover-letter",
        "owned",
        lambda s: {"job_id": s.job_id},
        ok_status=201,
    ),
    Route("POST", "/api/v1/documents/validate", "self", lambda s: {"document": "# Owner\n"}),
    Route("GET", "/api/v1/documents", "self"),
    Route("GET", "/api/v1/documents/{document_id}", "owned"),
    Route("DELETE", "/api/v1/documents/{document_id}", "owned"),
    Route("POST", "/api/v1/documents/{document_id}/validate", "owned"),
    Route(
        "GET",
        "/api/v1/documents/{document_id}/export",
        "owned",
        enveloped=False,
        query="?format=md",
    ),
]
NEW_PROVIDER = {
    "provider_type": "openai",
    "name": "new",
    "model_name": "gpt-4o-mini",
    "api_key": "sk-new-provider-key-1234",
}
PUBLIC = {("POST", "/api/v1/auth/register"), ("POST", "/api/v1/auth/login")}


def test_every_route_is_covered(app: Any) -> None:
    # The OpenAPI document lists every route, including those of included routers.
    served = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/api/v1")
        for method in operations
    }
    assert len(served) > 40
    listed = {(r.method, r.path) for r in ROUTES} | PUBLIC
    assert served - listed == set(), "add these routes to the authorization table"
    assert listed - served == set(), "these routes are listed but not served"


async def _scenario(client: httpx2.AsyncClient, app: Any, fleet: LiveFleet) -> Scenario:
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
        document = StoredDocument(
            user_id=owner_id,
            job_id=job_id,
            kind="cv",
            title="CV",
            content={"basics": {"name": "Owner"}},
            markdown="# Owner\n",
            report={},
            provider_used="builtin",
        )
        session.add(document)
        await session.flush()
        document_id = document.id
        session.add(QuotaLimit(tier="free", task_type="*", period="day", max_calls=1000))
        session.add(
            ModelPriceOverride(
                model_name=PRICE_KEY["model_name"],
                input_micro_usd_per_mtok=1,
                output_micro_usd_per_mtok=2,
            )
        )
        tracked = Job(user_id=owner_id, title="Clerk", data={"title": "Clerk"})
        session.add(tracked)
        await session.flush()
        application = Application(user_id=owner_id, job_id=tracked.id, status="saved", notes="")
        session.add(application)
        await session.flush()
        application_id = application.id
        alias = ModelAlias(alias="gpt-4o", task_type=TaskType.CHAT)
        session.add(alias)
        await session.flush()
        alias_id = alias.id
    provider_id = await add_provider(app, fleet, ProviderType.OPENAI_COMPATIBLE, "scenario")
    key = await client.post("/api/v1/users/me/api-keys", json={"name": "s"}, headers=owner)
    return Scenario(
        owner,
        other,
        admin,
        revoked,
        inactive,
        job_id,
        owner_id,
        provider_id,
        document_id,
        key.json()["data"]["id"],
        application_id,
        alias_id,
    )


async def _call(
    client: httpx2.AsyncClient, route: Route, s: Scenario, headers: dict[str, str]
) -> httpx2.Response:
    values = {
        "job_id": s.job_id,
        "user_id": s.owner_id,
        "provider_id": s.provider_id,
        "task_type": "extraction",
        "document_id": s.document_id,
        "tier": "any",
        "key_id": s.api_key_id,
        "application_id": s.application_id,
        "alias_id": s.alias_id,
    } | (route.params or {})
    path = route.path.format(**values) + route.query
    body = route.body(s) if route.body else None
    return await client.request(route.method, path, json=body, headers=headers)


def _expected(route: Route, caller: str) -> int:
    if caller in {"none", "malformed", "revoked", "inactive"}:
        return 401
    if route.access == "admin":
        return route.ok_status if caller == "admin" else 403
    if route.access == "owned" and caller != "owner":
        return 404
    return route.ok_status


CALLERS = ["none", "malformed", "revoked", "inactive", "other", "admin", "owner"]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
async def test_route_answers_each_caller(
    client: httpx2.AsyncClient, app: Any, route: Route, fake_fleet: LiveFleet
) -> None:
    scenario = await _scenario(client, app, fake_fleet)
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
            assert answer.json()["success"] is (answer.status_code == route.ok_status)
    if route.access == "owned" and route.method == "DELETE":
        gone = await _call(client, Route("GET", route.path, "owned"), scenario, scenario.owner)
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
