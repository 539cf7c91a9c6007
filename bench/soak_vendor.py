"""The soak's fake OpenAI upstreams: `primary` (switchable into fault modes) and
`fallback` (always answers), behind one uvicorn server, on the wire format of the test
suite's fake vendor (tests/fakes).

Run as `python bench/soak_vendor.py PORT_FILE` with the repository root on PYTHONPATH.
Control channel (HTTP, same port):
- `POST /control/mode` with `{"mode": "ok" | "429" | "500"}` switches `primary`;
- `GET /control/stats` gives what each upstream received and answered, and the tag of
  every successful answer with its wall-clock time.

Each successful answer reports a unique number as its prompt token count (a "tag"), so
that every usage row of a success names the upstream request it records.
"""

import contextlib
import json
import socket
import sys
import time
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from tests.fakes.openai_fake import openai_app
from tests.fakes.script import FakeVendor, RecordedRequest, Reply

FAULTS = {
    "429": Reply(status=429, error_message="soak: rate limited", retry_after="1"),
    "500": Reply(status=500, error_message="soak: upstream failure"),
}


class Tags:
    """The tag counter shared by both upstreams, and the log of tagged answers."""

    def __init__(self) -> None:
        self.last = 0
        self.served: list[tuple[int, float]] = []  # (tag, wall-clock time)

    def next(self) -> int:
        self.last += 1
        self.served.append((self.last, time.time()))
        return self.last


class SwitchableVendor(FakeVendor):
    """Answers from its fault mode instead of a script, and only counts its requests
    (the test fake keeps every request, which a long run cannot afford)."""

    def __init__(self, name: str, tags: Tags) -> None:
        super().__init__(name)
        self.tags = tags
        self.fault: Reply | None = None
        self.received = 0
        self.failed = 0

    async def receive(self, request: Request) -> tuple[RecordedRequest, Reply]:
        raw = await request.body()
        body = json.loads(raw) if raw else None
        self.received += 1
        recorded = RecordedRequest(request.method, request.url.path, {}, {}, body)
        if self.fault is not None:
            self.failed += 1
            return recorded, self.fault
        return recorded, Reply(input_tokens=self.tags.next(), output_tokens=8)

    def counts(self) -> dict[str, int]:
        return {"received": self.received, "failed": self.failed}


def vendor_app() -> Starlette:
    tags = Tags()
    primary = SwitchableVendor("primary", tags)
    fallback = SwitchableVendor("fallback", tags)

    async def set_mode(request: Request) -> Response:
        mode = (await request.json()).get("mode")
        if mode != "ok" and mode not in FAULTS:
            return JSONResponse({"error": f"unknown mode {mode!r}"}, status_code=400)
        primary.fault = FAULTS.get(mode)
        return JSONResponse({"mode": mode})

    async def stats(_request: Request) -> Response:
        body: dict[str, Any] = {
            "primary": primary.counts(),
            "fallback": fallback.counts(),
            "served": tags.served,
        }
        return JSONResponse(body)

    return Starlette(
        routes=[
            Route("/control/mode", set_mode, methods=["POST"]),
            Route("/control/stats", stats, methods=["GET"]),
            Mount("/primary", openai_app(primary)),
            Mount("/fallback", openai_app(fallback)),
        ]
    )


def serve(port_file: Path) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)  # connections made from now on wait for the server
    config = uvicorn.Config(
        vendor_app(), log_level="warning", lifespan="off", access_log=False, backlog=1024
    )
    server = uvicorn.Server(config)
    port_file.write_text(str(sock.getsockname()[1]))
    with contextlib.suppress(KeyboardInterrupt):  # how the soak stops it
        server.run(sockets=[sock])


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
