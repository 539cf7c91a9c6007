"""Pytest fixtures for the fake vendors. Make them available to a test package with
`from tests.fakes.plugin import fake_fleet, fake_fleet_server  # noqa: F401` in its
conftest.py, or to every test with `pytest_plugins = ["tests.fakes.plugin"]` in the
root tests/conftest.py."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from .fleet import FakeFleet, FleetUrls
from .server import serve_app


@dataclass(frozen=True)
class LiveFleet:
    """The fakes (to script and inspect) and the base URLs that reach them over HTTP."""

    fakes: FakeFleet
    urls: FleetUrls


@pytest.fixture(scope="session")
def fake_fleet_server() -> Iterator[LiveFleet]:
    """One uvicorn server for the whole session; prefer `fake_fleet`, which also resets."""
    fakes = FakeFleet()
    with serve_app(fakes.app()) as origin:
        yield LiveFleet(fakes, FleetUrls(origin))


@pytest.fixture
def fake_fleet(fake_fleet_server: LiveFleet) -> LiveFleet:
    """The session's fake vendors, with empty scripts, no recorded requests, any key accepted."""
    fake_fleet_server.fakes.reset()
    return fake_fleet_server
