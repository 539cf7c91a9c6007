"""Where Kazi applies rate limits: sign-in and registration, and the AI routes by tier.

- Login and registration count per client address and per submitted e-mail address,
  so neither one address trying many accounts nor many addresses trying one account
  gets far.
- AI routes count per user, at the rate of the user's tier. As a router dependency it
  counts only POST requests: reading, deleting and exporting stored results cost no AI.
- Over a limit the answer is 429 `rate_limited` with `Retry-After` in seconds; on the
  OpenAI-compatible gateway the same refusal comes in OpenAI's error shape.

Every limit is per minute and comes from Settings; 0 turns one limit off.
"""

import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from kazi.enums import Tier
from kazi.gateway.auth import app_callers
from kazi.gateway.wire import GatewayError
from kazi.kit.config import Settings
from kazi.kit.errors import KaziError, TooManyRequests
from kazi.kit.http import bearer_token
from kazi.ratelimit.limiter import Rate, RateLimiter, hashed_key
from kazi.users.dependencies import CurrentUser

WINDOW_S = 60.0
COUNTED_METHODS = frozenset({"POST"})


class GatewayRateLimited(TooManyRequests):
    """A refusal on the gateway, answered in OpenAI's error shape."""


@dataclass(frozen=True, slots=True)
class RateLimits:
    limiter: RateLimiter
    settings: Settings

    async def enforce(
        self,
        scope: str,
        identity: str,
        limit: int,
        what: str,
        error: type[TooManyRequests] = TooManyRequests,
    ) -> None:
        """Counts one request of `identity`; raises `error` when over `limit` a minute."""
        if not self.settings.rate_limits_enabled or limit <= 0:
            return
        decision = await self.limiter.hit(hashed_key(scope, identity), Rate(limit, WINDOW_S))
        if decision.allowed:
            return
        seconds = max(1, math.ceil(decision.retry_after_s))
        message = f"Too many {what}: at most {limit} a minute. Try again in {seconds} s."
        raise error(message, headers={"Retry-After": str(seconds)})

    def ai_limit(self, tier: str) -> int:
        per_tier: dict[str, int] = {
            Tier.FREE: self.settings.rate_limit_ai_free,
            Tier.PRO: self.settings.rate_limit_ai_pro,
            Tier.PREMIUM: self.settings.rate_limit_ai_premium,
        }
        return per_tier.get(tier, self.settings.rate_limit_ai_free)

    async def ai_request(
        self, user_id: int, tier: str, error: type[TooManyRequests] = TooManyRequests
    ) -> None:
        await self.enforce("ai", str(user_id), self.ai_limit(tier), "AI requests", error)


def client_address(request: Request, trust_proxy_headers: bool) -> str:
    """The peer's address; behind a trusted proxy, the address that proxy saw.

    The proxy appends the address it received the request from to X-Forwarded-For, so
    only the last entry is the proxy's word: the entries before it came with the request
    and may be anything the client wrote.
    """
    if trust_proxy_headers:
        entries = ",".join(request.headers.getlist("x-forwarded-for")).split(",")
        forwarded = [entry.strip() for entry in entries if entry.strip()]
        if forwarded:
            return forwarded[-1]
    return request.client.host if request.client else "unknown"


@dataclass(frozen=True, slots=True)
class AuthLimits:
    """The sign-in and registration limits for one request's client."""

    limits: RateLimits
    address: str

    async def login(self, email: str) -> None:
        settings = self.limits.settings
        what = "sign-in attempts"
        await self.limits.enforce(
            "login-address", self.address, settings.rate_limit_login_per_address, what
        )
        await self.limits.enforce(
            "login-email", _normalized(email), settings.rate_limit_login_per_email, what
        )

    async def registration(self, email: str) -> None:
        settings = self.limits.settings
        what = "registrations"
        await self.limits.enforce(
            "register-address", self.address, settings.rate_limit_register_per_address, what
        )
        await self.limits.enforce(
            "register-email", _normalized(email), settings.rate_limit_register_per_email, what
        )


def _normalized(email: str) -> str:
    return email.strip().lower()


def rate_limits(app: FastAPI) -> RateLimits:
    limits: RateLimits = app.state.rate_limits
    return limits


def auth_limits(request: Request) -> AuthLimits:
    limits = rate_limits(request.app)
    return AuthLimits(limits, client_address(request, limits.settings.trust_proxy_headers))


AuthLimitsDep = Annotated[AuthLimits, Depends(auth_limits)]


async def limit_ai_requests(request: Request, user: CurrentUser) -> None:
    """Router dependency of Kazi's AI routes: counts the user's POST requests."""
    if request.method in COUNTED_METHODS:
        await rate_limits(request.app).ai_request(user.id, user.tier)


async def limit_gateway_requests(request: Request) -> None:
    """Router dependency of the gateway: counts the caller's completions.

    Callers it cannot identify pass through, so the gateway answers them 401 itself.
    """
    if request.method not in COUNTED_METHODS:
        return
    token = bearer_token(request)
    if token is None:
        return
    try:
        caller = await app_callers(request.app).authenticate(token)
    except KaziError:
        return
    await rate_limits(request.app).ai_request(caller.user_id, caller.tier, GatewayRateLimited)


async def _gateway_refusal(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, GatewayRateLimited)
    error = GatewayError(429, exc.message, type="rate_limit_error", code=exc.code)
    return JSONResponse(error.body(), status_code=429, headers=exc.headers)


def install(app: FastAPI, limiter: RateLimiter, settings: Settings) -> None:
    """Puts the limits on the app and answers gateway refusals in OpenAI's shape."""
    app.state.rate_limits = RateLimits(limiter, settings)
    app.add_exception_handler(GatewayRateLimited, _gateway_refusal)
