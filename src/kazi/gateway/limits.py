"""The gateway's rate limit: each caller's completions and embeddings, at its tier's rate.

Counted with the caller the gateway has just authenticated, so a token is checked once
per request. Over the limit the caller gets 429 `rate_limited` with `Retry-After`, in
OpenAI's error shape like every gateway error.
"""

from fastapi import Request

from kazi.gateway.auth import Caller
from kazi.ratelimit.throttle import rate_limits


async def limit_caller(request: Request, caller: Caller) -> None:
    """Counts one AI request of the caller; TooManyRequests when over its tier's rate."""
    await rate_limits(request.app).ai_request(caller.user_id, caller.tier)
