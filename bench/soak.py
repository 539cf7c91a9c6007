"""Load-and-soak benchmark with fault injection: run Kazi for a while, break things on
schedule, and print what it cost.

Usage: .venv/bin/python bench/soak.py [--duration 600] [--rate 40] [--workers 2]
                                      [--warmup 30] [--grace 5] [--sigkill] [--log FILE]
                                      [--csv FILE]

It runs Kazi from a copy of src/kazi taken at start, creates a scratch PostgreSQL
database (KAZI_BENCH_POSTGRES_URL names the admin connection, as for bench/gateway.py)
and a Redis key prefix of its own (on KAZI_BENCH_REDIS_URL, default
redis://127.0.0.1:6379/0), seeds a user with an API key and the chat route `primary`
then `fallback`, both fake OpenAI upstreams (bench/soak_vendor.py), and starts
`kazi serve --workers N` with rate limits counted in Redis. After a warm-up it sends chat
completions at a fixed rate (open loop, one in three streamed) for the duration, while
injecting, at fixed fractions of it:

- a burst of 429 (Retry-After: 1) from `primary`, then a burst of 500;
- the scratch database refusing connections with every backend terminated every 0.5 s;
- SIGTERM to one worker (uvicorn's supervisor starts a replacement by itself: it polls
  its workers and replaces any that has died); with --sigkill, later, SIGKILL to another.

Each fault's window runs from its start to its end plus the grace. Then Kazi is stopped
with SIGINT (workers finish their requests and flush their usage rows) and the figures
are printed: requests, answers by status, error rates and latency inside and outside the
faults, usage rows expected (requests the upstreams received) against written, and each
worker's RSS. Everything it started is stopped, the database dropped and the Redis keys
deleted, whatever happens. The exit status is 0 only when every criterion passes.
"""

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from soak_faults import Injector, Memory, plan
from soak_load import run_open_loop
from soak_report import Run, report, write_csv
from soak_stack import (
    ROOT,
    Scratch,
    admin_execute,
    cpu_ticks,
    delete_redis_keys,
    drop_database,
    seed,
    start_kazi,
    start_vendor,
    stop_server,
    usage_rows,
    vendor_stats,
    wait_until_serving,
    worker_pids,
)
from sqlalchemy.engine import make_url

from gateway import ADMIN_URL, _free_port, _migrate

SOURCE_ENV = "KAZI_SOAK_SOURCE"  # set in the run that uses the copy of src/kazi


def main() -> int:
    if SOURCE_ENV not in os.environ:
        return _on_snapshot(sys.argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=600.0, help="measured seconds")
    parser.add_argument("--rate", type=float, default=40.0, help="requests a second")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds before measuring")
    parser.add_argument("--grace", type=float, default=5.0, help="seconds after each fault")
    parser.add_argument("--sigkill", action="store_true", help="also SIGKILL a worker")
    parser.add_argument("--log", type=Path, help="keep a copy of Kazi's log here")
    parser.add_argument("--csv", type=Path, help="write every measured request here")
    args = parser.parse_args()
    tag = uuid.uuid4().hex[:10]
    database = f"kazi_soak_{tag}"
    url = make_url(ADMIN_URL).set(database=database).render_as_string(hide_password=False)
    work = Path(tempfile.mkdtemp(prefix="kazi-soak-"))
    scratch = Scratch(database, url, f"kazi-soak-{tag}:", work)
    asyncio.run(admin_execute(f'CREATE DATABASE "{database}"'))
    started: list[subprocess.Popen[bytes]] = []
    try:
        return 0 if _soak(args, scratch, started) else 1
    except KeyboardInterrupt:
        print("\ninterrupted: no figures", file=sys.stderr)
        return 130
    finally:
        if args.log and scratch.log.exists():
            shutil.copyfile(scratch.log, args.log)
        _clean_up(scratch, started)


def _soak(
    args: argparse.Namespace, scratch: Scratch, started: list[subprocess.Popen[bytes]]
) -> bool:
    vendor, vendor_port = start_vendor(scratch.work)
    started.append(vendor)
    _migrate(scratch.url, scratch.work)
    key = asyncio.run(seed(scratch, vendor_port))
    kazi_port = _free_port()
    kazi = start_kazi(scratch, kazi_port, args.workers)
    started.append(kazi)
    injector = Injector(vendor_port, scratch, kazi.pid, Memory(args.warmup), args.grace)
    run = asyncio.run(_load(args, scratch, kazi_port, key, injector))
    stopped = stop_server(kazi)
    print(f"\nKazi {stopped}")
    if not stopped.startswith("stopped cleanly"):
        run.problems.append(f"Kazi {stopped}")
    stats = asyncio.run(vendor_stats(vendor_port))
    rows = asyncio.run(usage_rows(scratch))
    if args.csv:
        write_csv(args.csv, run)
    return report(run, stats, rows, scratch.log)


async def _load(
    args: argparse.Namespace, scratch: Scratch, port: int, key: str, injector: Injector
) -> Run:
    unmeasured = await wait_until_serving(scratch, port, key, args.workers)
    print(f"Kazi serving with {args.workers} workers; warm-up {args.warmup:.0f} s", flush=True)
    unmeasured += await run_open_loop(port, key, args.rate, args.warmup)
    memory = injector.memory
    for pid in worker_pids(injector.supervisor):
        memory.start(pid, "first")
    print(f"measuring {args.duration:.0f} s at {args.rate:g} req/s", flush=True)
    injector.began = time.time()
    faults = asyncio.create_task(injector.run(plan(args.duration, args.sigkill)))
    cpu: list[tuple[float, int, int]] = []
    watcher = asyncio.create_task(_watch_cpu(cpu))
    outcomes = await run_open_loop(port, key, args.rate, args.duration)
    await faults
    watcher.cancel()
    memory.cancel_pending()
    for pid in worker_pids(injector.supervisor):
        memory.end(pid, "end of run")
    return Run(
        args.rate,
        args.duration,
        injector.began,
        outcomes,
        unmeasured,
        injector.windows,
        memory,
        injector.problems,
        cpu,
    )


async def _watch_cpu(samples: list[tuple[float, int, int]]) -> None:
    """The machine's CPU counters each second: the machine is shared, which the figures
    should show."""
    while True:
        samples.append((time.time(), *cpu_ticks()))
        await asyncio.sleep(1.0)


def _on_snapshot(argv: list[str]) -> int:
    """Runs the soak again on a copy of src/kazi, so that edits made to the checkout
    during a long run cannot change the code a restarted worker loads (a deployed
    release does not change under its workers either)."""
    copy = Path(tempfile.mkdtemp(prefix="kazi-soak-src-"))
    try:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / "src" / "kazi", copy / "kazi", ignore=ignore)
        print(f"code under test: src/kazi {_revision()}, copied at start", flush=True)
        paths = [str(copy), os.environ.get("PYTHONPATH", "")]
        env = {**os.environ, SOURCE_ENV: str(copy), "PYTHONPATH": os.pathsep.join(paths)}
        child = subprocess.Popen([sys.executable, __file__, *argv], env=env)
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # the soak got it too, and is cleaning up
                continue
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def _revision() -> str:
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)

    head = git("rev-parse", "--short", "HEAD").stdout.strip() or "(no git)"
    edited = bool(git("status", "--porcelain", "--", "src").stdout.strip())
    return f"at {head}" + (" with uncommitted changes" if edited else "")


def _clean_up(scratch: Scratch, started: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(started):  # Kazi first, then the upstreams
        stop_server(process)
    drop_database(scratch.database)
    keys = delete_redis_keys(scratch.redis_prefix)
    shutil.rmtree(scratch.work, ignore_errors=True)
    print(f"cleaned up: database {scratch.database} dropped, {keys} Redis keys deleted")


if __name__ == "__main__":
    sys.exit(main())
