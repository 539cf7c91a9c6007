"""Rate limits on sign-in, registration, the AI routes and the gateway, over HTTP."""

from typing import Any

import httpx2
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request

from kazi.admin.auth import SESSION_COOKIE
from kazi.enums import Role
from kazi.kit.config import Settings
from kazi.ratelimit.limiter import MemoryRateLimiter
from kazi.ratelimit.throttle import RateLimits, client_address
from kazi.users.models import User
from tests.admin.conftest import add_user, sign_in
from tests.helpers import DEFAULT_PASSWORD, new_user, served_app
from tests.kit.conftest import REDIS_URL, Clock

LIMITS = {
    "rate_limits_enabled": True,
    "rate_limit_login_per_address": 4,
    "rate_limit_login_per_email": 2,
    "rate_limit_register_per_address": 3,
    "rate_limit_register_per_email": 2,
    "rate_limit_ai_free": 2,
    "rate_limit_ai_pro": 3,
    "rate_limit_ai_premium": 0,
}
LOGIN = "/api/v1/auth/login"
REGISTER = "/api/v1/auth/register"
EXTRACT = "/api/v1/jobs/extract"
POSTING = {
    "text": "Data Analyst\nCompany: Twiga Foods\nLocation: Nairobi, Kenya\n"
    "We are hiring a data analyst to build dashboards and weekly reports for our logistics "
    "team across East Africa, working with operations and finance.\n"
    "Requirements:\n- SQL\n- Python\n"
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update=LIMITS)


@pytest.fixture
def clock(app: Any) -> Clock:
    """The app's limiter, in process, on a clock the test moves."""
    now = Clock(5_000.0)
    app.state.rate_limits = RateLimits(MemoryRateLimiter(clock=now), app.state.settings)
    return now


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": f"10.0.0.1, {address}"}


async def _login(
    client: httpx2.AsyncClient, email: str, headers: dict[str, str] | None = None
) -> httpx2.Response:
    body = {"email": email, "password": "not the password"}
    return await client.post(LOGIN, json=body, headers=headers)


def _assert_limited(answer: httpx2.Response, message: str, retry_after: str = "60") -> None:
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == retry_after
    error = answer.json()["error"]
    assert (error["code"], error["message"]) == ("rate_limited", message)


async def test_sign_in_is_limited_per_client_address(
    client: httpx2.AsyncClient, clock: Clock
) -> None:
    statuses = [(await _login(client, f"guess{n}@example.com")).status_code for n in range(4)]
    assert statuses == [401, 401, 401, 401]
    refused = await _login(client, "guess5@example.com")
    _assert_limited(refused, "Too many sign-in attempts: at most 4 a minute. Try again in 60 s.")
    clock.now += 45
    _assert_limited(
        await _login(client, "guess6@example.com"),
        "Too many sign-in attempts: at most 4 a minute. Try again in 15 s.",
        retry_after="15",
    )
    clock.now += 15
    assert (await _login(client, "guess7@example.com")).status_code == 401


async def test_sign_in_is_limited_per_email_across_addresses(
    client: httpx2.AsyncClient, app: Any, clock: Clock
) -> None:
    app.state.settings.trust_proxy_headers = True
    await new_user(client, "amina@example.com")  # one registration and one login
    assert (await _login(client, "amina@example.com", _from("203.0.113.7"))).status_code == 401
    refused = await _login(client, "Amina@Example.com", _from("198.51.100.4"))
    _assert_limited(refused, "Too many sign-in attempts: at most 2 a minute. Try again in 60 s.")
    right = {"email": "amina@example.com", "password": DEFAULT_PASSWORD}
    assert (await client.post(LOGIN, json=right, headers=_from("192.0.2.1"))).status_code == 429
    other = await _login(client, "baraka@example.com", _from("198.51.100.4"))
    assert other.status_code == 401
    clock.now += 60
    assert (await client.post(LOGIN, json=right, headers=_from("192.0.2.1"))).status_code == 200


async def test_forwarded_for_counts_only_when_trusted(
    client: httpx2.AsyncClient, clock: Clock
) -> None:
    for n in range(4):  # untrusted: every attempt comes from the peer's own address
        assert (await _login(client, f"u{n}@example.com", _from(f"192.0.2.{n}"))).status_code == 401
    assert (await _login(client, "u9@example.com", _from("192.0.2.9"))).status_code == 429


def test_client_address_reads_only_the_entry_the_proxy_added() -> None:
    scope: dict[str, Any] = {
        "type": "http",
        "client": ("172.18.0.5", 51234),
        "headers": [
            (b"x-forwarded-for", b"6.6.6.6, 10.1.1.1"),
            (b"x-forwarded-for", b"198.51.100.23 "),
        ],
    }
    request = Request(scope)
    assert client_address(request, trust_proxy_headers=True) == "198.51.100.23"
    assert client_address(request, trust_proxy_headers=False) == "172.18.0.5"
    bare = Request({"type": "http", "client": None, "headers": []})
    assert client_address(bare, trust_proxy_headers=True) == "unknown"


async def test_registration_is_limited_per_email_and_per_address(
    client: httpx2.AsyncClient, app: Any, clock: Clock
) -> None:
    body = {"email": "chebet@example.com", "password": DEFAULT_PASSWORD}
    assert (await client.post(REGISTER, json=body)).status_code == 201
    assert (await client.post(REGISTER, json=body)).status_code == 201  # same as a new one
    _assert_limited(
        await client.post(REGISTER, json=body),
        "Too many registrations: at most 2 a minute. Try again in 60 s.",
    )
    other = {"email": "otieno@example.com", "password": DEFAULT_PASSWORD}
    _assert_limited(  # the address has used its three
        await client.post(REGISTER, json=other),
        "Too many registrations: at most 3 a minute. Try again in 60 s.",
    )
    app.state.settings.trust_proxy_headers = True
    assert (
        await client.post(REGISTER, json=other, headers=_from("203.0.113.50"))
    ).status_code == 201


async def _set_tier(app: Any, user_id: int, tier: str) -> None:
    async with app.state.sessions() as session, session.begin():
        await session.execute(update(User).where(User.id == user_id).values(tier=tier))


async def test_ai_routes_are_limited_per_user_by_tier(
    client: httpx2.AsyncClient, app: Any, clock: Clock
) -> None:
    app.state.settings.trust_proxy_headers = True  # users sign up from their own addresses
    _, free = await new_user(client, "free@example.com")
    pro_id, pro = await new_user(client, "pro@example.com")
    premium_id, premium = await new_user(client, "premium@example.com")
    await _set_tier(app, pro_id, "pro")
    await _set_tier(app, premium_id, "premium")

    async def extract(headers: dict[str, str], times: int) -> list[int]:
        return [
            (await client.post(EXTRACT, json=POSTING, headers=headers)).status_code
            for _ in range(times)
        ]

    assert await extract(free, 3) == [200, 200, 429]
    assert await extract(pro, 4) == [200, 200, 200, 429]
    assert await extract(premium, 5) == [200] * 5  # a limit of 0: none
    refused = await client.post("/api/v1/documents/validate", json={}, headers=free)
    _assert_limited(refused, "Too many AI requests: at most 2 a minute. Try again in 60 s.")
    listed = await client.get("/api/v1/documents", headers=free)  # reads are not counted
    assert listed.status_code == 200
    assert (await client.get("/api/v1/jobs", headers=free)).status_code == 200
    clock.now += 60
    assert await extract(free, 1) == [200]


async def test_the_gateway_refuses_in_openai_shape(
    client: httpx2.AsyncClient, clock: Clock
) -> None:
    _, headers = await new_user(client, "dev@example.com")
    body = {"model": "kazi/chat", "messages": [{"role": "user", "content": "Habari?"}]}
    first = [
        (await client.post("/v1/chat/completions", json=body, headers=headers)) for _ in range(2)
    ]
    # No provider serves chat in this test: 503, but each request still counts.
    assert [answer.status_code for answer in first] == [503, 503]
    refused = await client.post("/v1/chat/completions", json=body, headers=headers)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "60"
    assert refused.json() == {
        "error": {
            "message": "Too many AI requests: at most 2 a minute. Try again in 60 s.",
            "type": "rate_limit_error",
            "param": None,
            "code": "rate_limited",
        }
    }
    assert (await client.get("/v1/models", headers=headers)).status_code == 200
    anonymous = await client.post("/v1/chat/completions", json=body)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["type"] == "authentication_error"


async def test_workers_share_the_counts_through_redis(
    app: Any, settings: Settings, engine: AsyncEngine, redis_prefix: str, redis: Any
) -> None:
    shared = settings.model_copy(update={"redis_url": REDIS_URL, "redis_key_prefix": redis_prefix})
    async with served_app(shared, engine) as first, served_app(shared, engine) as second:
        assert (await _login(first, "wairimu@example.com")).status_code == 401
        assert (await _login(second, "wairimu@example.com")).status_code == 401
        refused = await _login(first, "wairimu@example.com")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    keys = [key async for key in redis.scan_iter(match=f"{redis_prefix}ratelimit:*")]
    assert sorted(k.decode().split(":")[2] for k in keys) == ["login-address", "login-email"]


async def test_admin_sign_in_shares_the_login_limits(
    app: Any, client: httpx2.AsyncClient, clock: Clock
) -> None:
    email = "ops@example.com"
    await add_user(app, email, Role.ADMIN)
    first = await _login(client, email)  # one attempt through the API...
    second = await sign_in(client, email, "not the password")  # ...one on the dashboard
    assert (first.status_code, second.status_code) == (401, 401)
    refused = await sign_in(client, email, DEFAULT_PASSWORD)  # even the right password
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "60"
    assert "Too many sign-in attempts: at most 2 a minute." in refused.text
    assert f"{SESSION_COOKIE}=" not in refused.headers.get("set-cookie", "")
    clock.now += 61
    assert (await sign_in(client, email, DEFAULT_PASSWORD)).status_code == 303
