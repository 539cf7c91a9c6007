"""Nobody but a signed-in administrator sees a page or changes anything, and every form
needs the CSRF token of the session that displayed it."""

from dataclasses import dataclass
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any

import httpx2
import pytest
from fastapi.routing import APIRoute
from pydantic import SecretStr
from sqlalchemy import select

from kazi.admin import site as admin_site
from kazi.admin.auth import LOGIN_COOKIE, SESSION_COOKIE, SESSION_KIND
from kazi.audit.models import AuditEntry
from kazi.enums import Role
from kazi.kit.db import utcnow
from kazi.providers.keys import key_box
from kazi.providers.models import AIProviderConfig, ModelPriceOverride
from kazi.providers.schemas import ProviderCreate
from kazi.providers.service import ProviderService
from kazi.quotas.models import QuotaLimit
from kazi.routing.models import RoutingCandidate
from kazi.users.models import AccessToken, User
from kazi.users.service import UserService
from tests.admin.conftest import ADMIN_EMAIL, USER_EMAIL, Dashboard, add_user, csrf_of, sign_in
from tests.helpers import DEFAULT_PASSWORD, login

PAGES = [
    "/admin",
    "/admin/providers",
    "/admin/providers/new",
    "/admin/providers/{provider_id}",
    "/admin/routing",
    "/admin/quotas",
    "/admin/prices",
    "/admin/aliases",
    "/admin/usage",
    "/admin/usage/export.csv",
    "/admin/users",
    "/admin/audit",
]
ACTIONS: list[tuple[str, dict[str, str]]] = [
    ("/admin/logout", {}),
    ("/admin/providers/new", {"provider_type": "openai", "name": "other", "model_name": "m",
                              "api_key": "sk-refused-0000000000"}),
    ("/admin/providers/{provider_id}", {"name": "renamed", "model_name": "m2"}),
    ("/admin/providers/{provider_id}/test", {}),
    ("/admin/providers/{provider_id}/activate", {}),
    ("/admin/providers/{provider_id}/deactivate", {}),
    ("/admin/providers/{provider_id}/delete", {}),
    ("/admin/routing/{task}/{tier}/add", {"provider_config_id": "{provider_id}"}),
    ("/admin/routing/{task}/{tier}/remove", {"position": "0"}),
    ("/admin/routing/{task}/{tier}/move", {"position": "0", "direction": "down"}),
    ("/admin/routing/{task}/{tier}/model", {"position": "0", "model_override": "x"}),
    ("/admin/quotas", {"tier": "free", "task": "any", "period": "day", "max_calls": "1"}),
    ("/admin/quotas/{limit_id}/delete", {}),
    ("/admin/prices", {"model_name": "new-model", "input": "1", "output": "2"}),
    ("/admin/prices/{price_id}/delete", {}),
    ("/admin/users/{user_id}", {"tier": "premium", "role": "admin", "is_active": "on"}),
]  # fmt: skip
PUBLIC = {("GET", "/admin/login"), ("POST", "/admin/login")}


@dataclass
class Ids:
    provider_id: int
    limit_id: int
    price_id: int
    task: str = "extraction"
    tier: str = "free"
    user_id: int = 0

    def fill(self, text: str) -> str:
        return text.format(**vars(self))


async def _world(app: Any) -> Ids:
    """One of everything a form can change."""
    data = ProviderCreate(
        provider_type="openai",
        name="main",
        model_name="gpt-4o-mini",
        api_key=SecretStr("sk-authz-test-key-000000"),
        settings={"base_url": "http://127.0.0.1:9/v1"},
    )
    async with app.state.sessions() as session, session.begin():
        config = await ProviderService(session, key_box(app.state.settings)).create(data, None)
        limit = QuotaLimit(tier="free", task_type="*", period="day", max_calls=10)
        price = ModelPriceOverride(
            model_name="local-model", input_micro_usd_per_mtok=0, output_micro_usd_per_mtok=0
        )
        rule = RoutingCandidate(
            task_type="extraction", tier="free", position=0, provider_config_id=config.id
        )
        member = User(email="job-seeker@example.com", password_hash="x")
        session.add_all([limit, price, rule, member])
        await session.flush()
        return Ids(config.id, limit.id, price.id, user_id=member.id)


async def _state(app: Any) -> list[Any]:
    """Everything a refused form must leave as it was."""
    async with app.state.sessions() as session:
        providers = (await session.scalars(select(AIProviderConfig))).all()
        rules = (await session.scalars(select(RoutingCandidate))).all()
        limits = (await session.scalars(select(QuotaLimit))).all()
        prices = (await session.scalars(select(ModelPriceOverride))).all()
        audit = (await session.scalars(select(AuditEntry))).all()
        sessions = (await session.scalars(select(AccessToken.revoked_at))).all()
        users = (await session.scalars(select(User).order_by(User.id))).all()
    return [
        [(u.email, u.tier, u.role, u.is_active) for u in users],
        [(p.name, p.model_name, p.is_active, p.last_tested_at) for p in providers],
        [(r.provider_config_id, r.position, r.model_override) for r in rules],
        [(q.tier, q.max_calls) for q in limits],
        [(p.model_name, p.input_micro_usd_per_mtok) for p in prices],
        len(audit),
        list(sessions),
    ]


def test_every_admin_route_is_listed() -> None:
    served = {
        (method, route.path)
        for router in admin_site.PAGES
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    listed = {("GET", p) for p in PAGES} | {("POST", p) for p, _ in ACTIONS} | PUBLIC
    assert served == listed


async def _refused_everywhere(client: httpx2.AsyncClient, app: Any, ids: Ids) -> None:
    before = await _state(app)
    for page in PAGES:
        answer = await client.get(ids.fill(page))
        assert answer.status_code == 303, page
        assert answer.headers["location"].startswith("/admin/login?next=")
    for path, data in ACTIONS:
        filled = {k: ids.fill(v) for k, v in data.items()}
        answer = await client.post(ids.fill(path), data={"csrf_token": "x" * 64, **filled})
        assert answer.status_code == 403, path
        assert "Sign-in required" in answer.text
    assert await _state(app) == before


async def test_anonymous_visitors_are_sent_to_sign_in(client: httpx2.AsyncClient, app: Any) -> None:
    ids = await _world(app)
    answer = await client.get("/admin/usage?since=2026-01-01")
    assert answer.headers["location"] == "/admin/login?next=%2Fadmin%2Fusage%3Fsince%3D2026-01-01"
    await _refused_everywhere(client, app, ids)


async def test_a_non_admin_cannot_sign_in(client: httpx2.AsyncClient, app: Any) -> None:
    ids = await _world(app)
    await add_user(app, USER_EMAIL)
    answer = await sign_in(client, USER_EMAIL)
    assert answer.status_code == 401
    assert "not an administrator" in answer.text
    assert SESSION_COOKIE not in client.cookies
    await _refused_everywhere(client, app, ids)


@pytest.mark.parametrize("how", ["bearer_token", "non_admin_session", "demoted", "disabled"])
async def test_sessions_that_are_not_an_active_admins_are_refused(
    client: httpx2.AsyncClient, app: Any, how: str
) -> None:
    ids = await _world(app)
    if how == "bearer_token":  # an API login token is not a dashboard session
        await add_user(app, ADMIN_EMAIL, Role.ADMIN)
        client.cookies.set(SESSION_COOKIE, await login(client, ADMIN_EMAIL), path="/admin")
    elif how == "non_admin_session":
        user_id = await add_user(app, USER_EMAIL)
        async with app.state.sessions() as session, session.begin():
            user = await session.get(User, user_id)
            assert user is not None
            plain, _ = await UserService(session).issue_token(
                user, SESSION_KIND, None, utcnow() + timedelta(hours=1)
            )
        client.cookies.set(SESSION_COOKIE, plain, path="/admin")
    else:
        admin_id = await add_user(app, ADMIN_EMAIL, Role.ADMIN)
        assert (await sign_in(client, ADMIN_EMAIL)).status_code == 303
        assert (await client.get("/admin/providers")).status_code == 200
        async with app.state.sessions() as session, session.begin():
            admin = await session.get(User, admin_id)
            assert admin is not None
            if how == "demoted":
                admin.role = Role.USER
            else:
                admin.is_active = False
    await _refused_everywhere(client, app, ids)


async def test_forms_without_the_sessions_csrf_token_are_refused(
    dashboard: Dashboard, app: Any, client: httpx2.AsyncClient
) -> None:
    ids = await _world(app)
    await dashboard.page("/admin/providers")
    own_token = dashboard.csrf
    # A second administrator's session has a token of its own, which must not work here.
    await add_user(app, "second@example.com", Role.ADMIN)
    other = httpx2.AsyncClient(transport=client._transport, base_url="http://kazi.test")
    async with other:
        assert (await sign_in(other, "second@example.com")).status_code == 303
        other_token = Dashboard(other)
        await other_token.page("/admin/providers")
    assert other_token.csrf != own_token
    before = await _state(app)
    for path, data in ACTIONS:
        filled = {k: ids.fill(v) for k, v in data.items()}
        for token in (None, "", "0" * 64, own_token[:-1], other_token.csrf):
            body = filled if token is None else {"csrf_token": token, **filled}
            answer = await client.post(ids.fill(path), data=body)
            assert answer.status_code == 403, (path, token)
            assert "Form refused" in answer.text
    assert await _state(app) == before
    saved = await dashboard.post("/admin/prices", {"model_name": "m", "input": "1", "output": "2"})
    assert saved.status_code == 303


async def test_sign_in_form_needs_its_own_token(client: httpx2.AsyncClient, app: Any) -> None:
    await add_user(app, ADMIN_EMAIL, Role.ADMIN)
    data = {"email": ADMIN_EMAIL, "password": DEFAULT_PASSWORD}
    assert (await client.post("/admin/login", data=data)).status_code == 403
    await client.get("/admin/login")  # sets the sign-in cookie, but the field is missing
    assert (await client.post("/admin/login", data=data)).status_code == 403
    forged = {**data, "csrf_token": "f" * 64}
    assert (await client.post("/admin/login", data=forged)).status_code == 403
    assert SESSION_COOKIE not in client.cookies


async def test_session_cookie_attributes_and_sign_out(client: httpx2.AsyncClient, app: Any) -> None:
    await add_user(app, ADMIN_EMAIL, Role.ADMIN)
    answer = await sign_in(client, ADMIN_EMAIL)
    cookie = answer.headers["set-cookie"].split(",")[0].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "path=/admin" in cookie
    assert "secure" not in cookie
    plain = client.cookies[SESSION_COOKIE]
    async with app.state.sessions() as session:
        token = await session.scalar(select(AccessToken).where(AccessToken.kind == SESSION_KIND))
    assert token is not None
    assert token.expires_at is not None
    assert plain not in token.token_digest  # only the digest is stored
    assert token.token_digest != plain

    page = Dashboard(client)
    await page.page("/admin/audit")
    assert (await page.post("/admin/logout")).headers["location"] == (
        "/admin/login?notice=signed_out"
    )
    client.cookies.set(SESSION_COOKIE, plain, path="/admin")
    assert (await client.get("/admin/providers")).status_code == 303


async def test_secure_cookie_behind_an_https_proxy(client: httpx2.AsyncClient, app: Any) -> None:
    await add_user(app, ADMIN_EMAIL, Role.ADMIN)
    proxied = {"X-Forwarded-Proto": "https"}
    form = await client.get("/admin/login", headers=proxied)
    sign_in_cookie = SimpleCookie(form.headers["set-cookie"])[LOGIN_COOKIE]
    assert sign_in_cookie["secure"] is True
    data = {"csrf_token": csrf_of(form.text), "email": ADMIN_EMAIL, "password": DEFAULT_PASSWORD}
    # The client keeps Secure cookies for https; the proxy's request carries it as a header.
    headers = {**proxied, "Cookie": f"{LOGIN_COOKIE}={sign_in_cookie.value}"}
    answer = await client.post("/admin/login", data=data, headers=headers)
    assert answer.status_code == 303
    session_cookie = SimpleCookie(answer.headers.get_list("set-cookie")[0])[SESSION_COOKIE]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"].lower() == "strict"


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/admin/prices", "/admin/prices"),
        ("https://evil.example/admin", "/admin/usage"),
        ("//evil.example/admin", "/admin/usage"),
        ("/api/v1/users/me", "/admin/usage"),
        ("/admin/logout", "/admin/usage"),
    ],
)
async def test_sign_in_returns_only_to_admin_pages(
    client: httpx2.AsyncClient, app: Any, target: str, landing: str
) -> None:
    await add_user(app, ADMIN_EMAIL, Role.ADMIN)
    form = await client.get("/admin/login", params={"next": target})
    data = {
        "csrf_token": csrf_of(form.text),
        "email": ADMIN_EMAIL,
        "password": DEFAULT_PASSWORD,
        "next": target,
    }
    answer = await client.post("/admin/login", data=data)
    assert answer.headers["location"] == landing
