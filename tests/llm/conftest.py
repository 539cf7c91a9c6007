"""Fixtures of the llm tests: one configured provider per adapter, talking to the fake
vendors of `tests.fakes.plugin` (registered by the root conftest)."""

from collections.abc import AsyncIterator

import pytest

from kazi.llm.base import Provider
from kazi.llm.registry import build
from tests.fakes import FakeVendor
from tests.fakes.plugin import LiveFleet
from tests.llm.calls import MODES
from tests.llm.wire import CASES, VendorCase

# Distinctive, so a leak into a message or a log line cannot go unnoticed.
API_KEY = "sk-kazi-contract-7Q2xZr9LmW4vT8pN"


@pytest.fixture(params=CASES, ids=str)
def case(request: pytest.FixtureRequest) -> VendorCase:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def fake(case: VendorCase, fake_fleet: LiveFleet) -> FakeVendor:
    return case.fake(fake_fleet.fakes)


@pytest.fixture
async def provider(case: VendorCase, fake_fleet: LiveFleet) -> AsyncIterator[Provider]:
    """The adapter as an operator would configure it, its SDK talking HTTP to the fake."""
    built = build(
        case.provider_type, {"api_key": API_KEY, "base_url": case.base_url(fake_fleet.urls)}
    )
    yield built
    await built.aclose()
