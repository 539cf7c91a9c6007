"""Two ways to reach a fake: in-process through httpx2's ASGI transport, or over real
HTTP from uvicorn on a background thread (for code that builds its own clients)."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import uvicorn
from starlette.types import ASGIApp

# Any host works in-process; `.invalid` can never resolve to a real server by mistake.
IN_PROCESS_ORIGIN = "http://fake.invalid"
_STARTUP_LIMIT_SECONDS = 10.0


def in_process_client(app: ASGIApp) -> httpx2.AsyncClient:
    """An httpx2 client whose requests go straight to `app`; pass it to an adapter as
    `http_client` with a base URL under `IN_PROCESS_ORIGIN`. The ASGI transport buffers
    whole responses, so streams arrive at once and network timeouts do not apply."""
    return httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url=IN_PROCESS_ORIGIN)


@contextmanager
def serve_app(app: ASGIApp, host: str = "127.0.0.1") -> Iterator[str]:
    """Run `app` with uvicorn on a free port of `host`; yields its origin, e.g.
    `http://127.0.0.1:41234`, and stops the server on exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_until_started(server, thread)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + _STARTUP_LIMIT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the fake vendor server did not start")
        time.sleep(0.01)
