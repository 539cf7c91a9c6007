"""Count the instructions `kazi serve` executes per request, at a high and at a low rate.

Usage: .venv/bin/python bench/gateway_instructions.py [--requests 400] [--rate 4]
           [--low-seconds 60]

CPU time per request at a low rate also holds what the machine charges for waking an
idle process (cold caches, a slower clock), which moves from run to run by more than
Kazi's own work. Instructions executed do not: the same work counts the same. This
starts the server of bench/gateway.py (scratch PostgreSQL database, fake upstream,
usage logging on) under valgrind's callgrind, then counts, for chat and GET /healthz:
- high rate: `--requests` requests from 10 connections, back to back;
- low rate: `--rate` requests a second for `--low-seconds`, on one connection.
Each count runs from an empty usage queue until the phase's last usage row is written
(a flush interval after its last request), so both rates pay for their own writes,
and the low rate for its timers and idle wake-ups. Needs valgrind (callgrind_control).
"""

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable
from pathlib import Path

from gateway_parts import LoadResult, first_answer, request_bytes, run_load, run_paced
from usage_recorder import scratch_postgres

from gateway import (
    CHAT,
    HEALTHZ,
    _fast_loop,
    _free_port,
    _migrate,
    _seed,
    _start_kazi,
    _start_upstream,
    _stop,
)

FLUSH_INTERVAL_S = 10.0  # the server's default: the low rate writes rate x 10 rows a write
OUT_NAME = "callgrind.out"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="per high-rate phase")
    parser.add_argument("--rate", type=float, default=4.0, help="requests a second, low rate")
    parser.add_argument("--low-seconds", type=float, default=60.0, help="low-rate phase length")
    args = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("valgrind (with callgrind_control) is needed: apt-get install valgrind")
        return 2
    started: list[subprocess.Popen[bytes]] = []
    with scratch_postgres() as url, tempfile.TemporaryDirectory(prefix="kazi-bench-") as tmp:
        work = Path(tmp)
        try:
            upstream, upstream_port = _start_upstream(work)
            started.append(upstream)
            _migrate(url, work)
            key = asyncio.run(_seed(url, work, upstream_port, True))
            port = _free_port()
            callgrind = ("valgrind", "--tool=callgrind", "--quiet")
            callgrind += (f"--callgrind-out-file={work / OUT_NAME}",)
            flush = str(FLUSH_INTERVAL_S)
            kazi = _start_kazi(url, work, port, callgrind, KAZI_USAGE_FLUSH_INTERVAL_S=flush)
            started.append(kazi)
            os.sched_setaffinity(0, {1})
            _fast_loop()
            asyncio.run(_measure(kazi.pid, port, key, work, args))
        finally:
            for process in started:
                _stop(process)
    return 0


async def _measure(pid: int, port: int, key: str, work: Path, args: argparse.Namespace) -> None:
    chat = request_bytes("/v1/chat/completions", CHAT.encode(), key)
    try:
        await first_answer(port, chat, deadline_s=600)
    except TimeoutError:
        print((work / "kazi.log").read_text()[-3000:])
        raise
    await run_load(port, chat, 10, 200)  # warm-up: connections, caches, prepared statements
    await asyncio.sleep(FLUSH_INTERVAL_S + 1)  # its usage rows written
    low_count = int(args.rate * args.low_seconds)
    print(f"instructions per request (callgrind; usage flush interval {FLUSH_INTERVAL_S:g} s)")
    for name, raw in (("chat", chat), ("GET /healthz", HEALTHZ)):
        high = await _counted(pid, work, run_load(port, raw, 10, args.requests))
        print(f"  {name:<12} high rate c=10 n={args.requests}: {high}", flush=True)
        low = await _counted(pid, work, run_paced(port, raw, args.rate, low_count))
        print(f"  {name:<12} low rate {args.rate:g} req/s n={low_count}: {low}", flush=True)


async def _counted(pid: int, work: Path, load: Awaitable[LoadResult]) -> str:
    """Instructions per request over the load and the usage write after it."""
    _callgrind_control("--zero", pid)
    result = await load  # created by the caller, started only now
    await asyncio.sleep(FLUSH_INTERVAL_S + 1)
    _callgrind_control("--dump", pid)
    count = len(result.latencies_ms)
    per_request = _newest_dump_total(work) / count
    failures = f", {result.failures} FAILED" if result.failures else ""
    return f"{per_request / 1e6:7.3f} M (p50 {result.percentile(0.5):7.1f} ms{failures})"


def _callgrind_control(action: str, pid: int) -> None:
    subprocess.run(["callgrind_control", action, str(pid)], check=True, capture_output=True)


def _newest_dump_total(work: Path) -> int:
    """The event total of the last dump (`callgrind.out.N`, N counting up)."""
    dumps = sorted(work.glob(f"{OUT_NAME}.*"), key=lambda path: int(path.suffix[1:]))
    for line in dumps[-1].read_text().splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise RuntimeError(f"no summary line in {dumps[-1]}")


if __name__ == "__main__":
    sys.exit(main())
