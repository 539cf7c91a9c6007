from datetime import UTC, datetime

import pytest

from kazi.llm.adapters._errors import error_for_status, parse_retry_after
from kazi.llm.errors import (
    AuthRejected,
    BadRequest,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)

NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": " 2.5 "}, 2.5),
        ({"retry-after": "Thu, 26 Nov 2026 12:00:30 GMT"}, 30.0),
        ({"retry-after": "Thu, 26 Nov 2026 11:59:00 GMT"}, 0.0),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "inf"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_http_date(
    headers: dict[str, str], expected: float | None
) -> None:
    assert parse_retry_after(headers, now=NOW) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, BadRequest),
        (401, AuthRejected),
        (403, AuthRejected),
        (404, BadRequest),
        (408, ProviderTimeout),
        (409, ProviderError),
        (413, BadRequest),
        (422, BadRequest),
        (429, RateLimited),
        (500, ProviderUnavailable),
        (503, ProviderUnavailable),
        (529, ProviderUnavailable),
    ],
)
def test_status_codes_map_to_the_error_tree(status: int, expected: type[ProviderError]) -> None:
    error = error_for_status(status, vendor="V", headers={}, detail="model not found")
    assert type(error) is expected
    if isinstance(error, BadRequest):  # the caller's mistake: the vendor's own words
        assert (error.status, error.message) == (status, "model not found")
    else:
        assert f"HTTP {status}" in str(error)


def test_vendor_detail_is_kept_only_for_client_errors() -> None:
    assert "model not found" in str(
        error_for_status(404, vendor="V", headers={}, detail="model not found")
    )
    assert "boom" not in str(error_for_status(500, vendor="V", headers={}, detail="boom"))


def test_retry_after_header_wins_over_a_body_hint() -> None:
    error = error_for_status(429, vendor="V", headers={"retry-after": "3"}, retry_after=9)
    assert isinstance(error, RateLimited)
    assert error.retry_after == 3
    hinted = error_for_status(429, vendor="V", headers={}, retry_after=9)
    assert isinstance(hinted, RateLimited)
    assert hinted.retry_after == 9
