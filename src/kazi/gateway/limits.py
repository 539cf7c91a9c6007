"""The gateway's per-user AI rate limit, refused in OpenAI's error shape."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from kazi.gateway.auth import app_callers
from kazi.gateway.wire import GatewayError
from kazi.kit.errors import KaziError, TooManyRequests
from kazi.kit.http import bearer_token
from kazi.ratelimit.throttle import COUNTED_METHODS, rate_limits


class GatewayRateLimited(TooManyRequests):
    """A refusal on the gateway, answered in OpenAI's error shape."""


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


def install(app: FastAPI) -> None:
    """Answers gateway refusals in OpenAI's shape."""
    app.add_exception_handler(GatewayRateLimited, _gateway_refusal)
