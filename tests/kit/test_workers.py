"""`kazi serve --workers 2`: migrations once, then two worker processes serving /healthz."""

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import httpx2

from tests.conftest import TEST_SECRET

STARTUP_LIMIT_S = 120.0  # a guard against hanging, not a measured expectation


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _worker_processes(parent: int) -> list[int]:
    """The parent's children that multiprocessing spawned (uvicorn's workers)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return sorted(
        int(pid) for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    )


async def _collect(stream: asyncio.StreamReader, lines: list[str]) -> None:
    async for raw in stream:
        lines.append(raw.decode(errors="replace").rstrip())


def _still_running(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


async def _wait_for_workers(parent: int, count: int) -> list[int]:
    async with asyncio.timeout(STARTUP_LIMIT_S):
        while True:
            pids = _worker_processes(parent)
            if len(pids) >= count:
                return pids
            await asyncio.sleep(0.2)


async def _wait_until_listening(http: httpx2.AsyncClient) -> None:
    # Uvicorn logs "Started server process" before the lifespan start-up; the
    # shared socket only accepts once a worker has finished it.
    async with asyncio.timeout(STARTUP_LIMIT_S):
        while True:
            try:
                await http.get("/healthz")
                return
            except httpx2.ConnectError:
                await asyncio.sleep(0.1)


async def test_two_workers_after_one_migration(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KAZI_")},
        "KAZI_ENV": "test",
        "KAZI_SECRET_KEY": TEST_SECRET,
        "KAZI_DATA_DIR": str(tmp_path),
    }
    server = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "kazi.cli", "serve", "--workers", "2", "--port", str(port)),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert server.stdout is not None
    assert server.stderr is not None
    out: list[str] = []
    err: list[str] = []
    readers = [
        asyncio.create_task(_collect(server.stdout, out)),
        asyncio.create_task(_collect(server.stderr, err)),
    ]
    try:
        workers = await _wait_for_workers(server.pid, 2)
        async with httpx2.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            await _wait_until_listening(http)
            answers = [await http.get("/healthz") for _ in range(4)]
        assert [a.json() for a in answers] == [{"success": True, "data": {"status": "ok"}}] * 4
    finally:
        server.send_signal(signal.SIGINT)
        async with asyncio.timeout(STARTUP_LIMIT_S):
            await server.wait()
            await asyncio.gather(*readers)
    assert out.count("database is at the latest schema") == 1
    assert (tmp_path / "kazi.db").exists()
    assert sum("; 2 workers; " in line for line in err) == 1
    assert _still_running(workers) == []
