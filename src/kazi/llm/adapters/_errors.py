"""Map what the transport tells us (HTTP status, headers, exception types) onto the
error tree. Vendor-specific SDK exceptions are unpacked by each adapter first."""

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import aiohttp
import httpx2

from kazi.llm.errors import (
    AuthRejected,
    BadRequest,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)

# Vendor answers that blame the request itself: passed back to the caller as they are.
_CALLERS_FAULT = frozenset({400, 404, 413, 422})
# What a broken or unexpected body surfaces as inside the SDKs: JSON and pydantic
# errors are ValueErrors; lenient model construction turns missing fields into the rest.
_UNDECODABLE = (ValueError, KeyError, AttributeError, TypeError, IndexError)


def _non_negative_seconds(text: str) -> float | None:
    try:
        seconds = float(text)
    except ValueError:
        return None
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def parse_retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds to wait, from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis is not None and (seconds := _non_negative_seconds(millis.strip())) is not None:
        return seconds / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if (seconds := _non_negative_seconds(value)) is not None:
        return seconds
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def error_for_status(
    status: int,
    *,
    vendor: str,
    headers: Mapping[str, str],
    detail: str | None = None,
    retry_after: float | None = None,
) -> ProviderError:
    """The error for an HTTP error answer. `detail` (the vendor's own short error message)
    is kept only for the caller's mistakes, where it tells the caller what to fix."""
    if status in (401, 403):
        return AuthRejected(f"{vendor} rejected the API key (HTTP {status})")
    if status == 429:
        wait = parse_retry_after(headers)
        return RateLimited(
            f"{vendor} is rate limiting requests (HTTP 429)",
            retry_after=wait if wait is not None else retry_after,
        )
    if status == 408:
        return ProviderTimeout(f"{vendor} timed out the request (HTTP 408)")
    if status >= 500:
        return ProviderUnavailable(f"{vendor} is failing (HTTP {status})")
    if status in _CALLERS_FAULT:
        return BadRequest(detail or f"{vendor} rejected the request (HTTP {status})", status)
    if status >= 400:
        return ProviderError(f"{vendor} refused the request (HTTP {status})")
    # An error event inside a stream that had started with 200.
    return ProviderUnavailable(f"{vendor} reported an error in the middle of its answer")


def connection_failed(exc: BaseException) -> bool:
    """Whether an aiohttp error other than a timeout caused `exc`. The openai SDK's
    aiohttp transport reports a refused or dropped connection as a connect timeout."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, TimeoutError):
            return False
        if isinstance(cause, aiohttp.ClientError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def error_for_failure(exc: Exception, *, vendor: str) -> ProviderError:
    """The error for anything that is not an HTTP error answer."""
    if isinstance(exc, TimeoutError | httpx2.TimeoutException):
        return ProviderTimeout(f"{vendor} did not answer in time")
    if isinstance(exc, httpx2.HTTPError | OSError | aiohttp.ClientError):
        return ProviderUnavailable(f"{vendor} could not be reached ({type(exc).__name__})")
    if isinstance(exc, _UNDECODABLE):
        return ProviderUnavailable(f"{vendor} sent an answer that could not be understood")
    return ProviderUnavailable(f"{vendor} call failed unexpectedly ({type(exc).__name__})")


def vendor_error_message(body: object) -> str | None:
    """`error.message` from a JSON error body of the usual `{"error": {"message": ...}}` shape."""
    if not isinstance(body, Mapping):
        return None
    error = body.get("error", body)
    message = error.get("message") if isinstance(error, Mapping) else None
    return message if isinstance(message, str) else None
