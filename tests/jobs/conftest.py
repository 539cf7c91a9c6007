"""Fixtures for the job intake tests."""

import asyncio
from collections.abc import AsyncIterator

import pytest

from tests.jobs.jobs_http_doubles import LocalServer


@pytest.fixture
async def local_server() -> AsyncIterator[LocalServer]:
    server_state = LocalServer()
    server = await asyncio.start_server(server_state.handle, "127.0.0.1", 0)
    server_state.port = server.sockets[0].getsockname()[1]
    try:
        yield server_state
    finally:
        server.close()
        await server.wait_closed()
