"""Where Kazi applies rate limits: sign-in and registration, and the AI routes by tier.

- Login and registration count per client address and per submitted e-mail address,
  so neither one address trying many accounts nor many addresses trying one account
  gets far.
- AI routes count per user, at the rate of the user's tier
  (`kazi.users.dependencies.limit_ai_requests`, on POST requests only: reading, deleting
  and exporting stored results cost no AI).
- Over a limit the answer is 429 `rate_limited` with `Retry-After` in seconds. The
  OpenAI-compatible gateway applies the AI limit itself (`kazi.gateway.limits`), to
  the caller it authenticated, and answers in OpenAI's error shape.

Every limit is per minute and comes from Settings; 0 turns one limit off.
"""

import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from kazi.enums import Tier
from kazi.kit.config import Settings
from kazi.kit.errors import TooManyRequests
from kazi.ratelimit.limiter import Rate, RateLimiter, hashed_key

WINDOW_S = 60.0
COUNTED_METHODS = frozenset({"POST"})


@dataclass(frozen=True, slots=True)
class RateLimits:
    limiter: RateLimiter
    settings: Settings

    async def enforce(self, scope: str, identity: str, limit: int, what: str) -> None:
        """Counts one request of `identity`; TooManyRequests when over `limit` a minute."""
        if not self.settings.rate_limits_enabled or limit <= 0:
            return
        decision = await self.limiter.hit(hashed_key(scope, identity), Rate(limit, WINDOW_S))
        if decision.allowed:
            return
        seconds = max(1, math.ceil(decision.retry_after_s))
        message = f"Too many {what}: at most {limit} a minute. Try again in {seconds} s."
        raise TooManyRequests(message, headers={"Retry-After": str(seconds)})

    def ai_limit(self, tier: str) -> int:
        per_tier: dict[str, int] = {
            Tier.FREE: self.settings.rate_limit_ai_free,
            Tier.PRO: self.settings.rate_limit_ai_pro,
            Tier.PREMIUM: self.settings.rate_limit_ai_premium,
        }
        return per_tier.get(tier, self.settings.rate_limit_ai_free)

    async def ai_request(self, user_id: int, tier: str) -> None:
        await self.enforce("ai", str(user_id), self.ai_limit(tier), "AI requests")


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


def install(app: FastAPI, limiter: RateLimiter, settings: Settings) -> None:
    """Puts the limits on the app."""
    app.state.rate_limits = RateLimits(limiter, settings)
