"""Benchmark the OpenAI-compatible gateway end to end, and print the figures.

Usage: .venv/bin/python bench/gateway.py [--requests N] [--no-quota] [--redis URL]
           [--low-seconds S] [--only-low]

It creates a scratch PostgreSQL database (KAZI_BENCH_POSTGRES_URL, default the local
server's `test` database as the admin connection), seeds a user with an API key, two
providers (one answering at once, one after 50 ms) and a quota limit, then starts
`kazi serve` (uvloop, httptools, usage logging on) pinned to CPU 0 and a raw-asyncio
fake OpenAI upstream pinned to CPU 1, where this load generator also runs. Figures:
throughput, latency percentiles, added latency over calling the upstream directly,
server CPU per request (the kernel's CPU clock of its process), the same at a low rate
(4 req/s for `--low-seconds`, with the idle server's CPU over as long and a GET /healthz
at that rate as its floor), peak RSS (VmHWM), the time from starting the server process
to its first successful answer, plus the floor: the CPU a
GET /healthz costs through the same server and middleware. Everything it started is
stopped, and the scratch database dropped, whatever happens.
"""

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway_parts import (
    LoadResult,
    first_answer,
    process_cpu_ms,
    request_bytes,
    run_load,
    run_paced,
    serve_upstream,
    wait_for_port_file,
)
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get(
    "KAZI_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
SECRET = "bench-secret-" + "b" * 40
TARGETS = "cpu <= 1.2 ms/req; added p50 <= 1.5 ms at c=1; >= 800 req/s (0 ms); "
TARGETS += "RSS <= 150 MB; first answer <= 1.5 s"
CHAT = json.dumps({"model": "kazi/chat", "messages": [{"role": "user", "content": "Hi"}]})
HEALTHZ = b"GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n"
SLOW = json.dumps({"model": "kazi/validation", "messages": [{"role": "user", "content": "Hi"}]})


@dataclass
class Servers:
    kazi: subprocess.Popen[bytes]
    kazi_port: int
    upstream: subprocess.Popen[bytes]
    upstream_port: int
    key: str
    started_at: float


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="per 0 ms scenario")
    parser.add_argument("--no-quota", action="store_true", help="seed no quota limit")
    parser.add_argument("--redis", help="KAZI_REDIS_URL: quota counters and cooldowns in Redis")
    parser.add_argument("--low-seconds", type=float, default=40.0, help="low-rate case length")
    parser.add_argument("--only-low", action="store_true", help="skip the high-rate cases")
    parser.add_argument("--upstream", help=argparse.SUPPRESS)  # internal: serve the fake
    args = parser.parse_args()
    if args.upstream:
        _fast_loop()
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_upstream(args.upstream))
        return 0
    database = f"kazi_bench_{uuid.uuid4().hex[:10]}"
    url = make_url(ADMIN_URL).set(database=database).render_as_string(hide_password=False)
    _admin_sql(f'CREATE DATABASE "{database}"')
    work = Path(tempfile.mkdtemp(prefix="kazi-bench-"))
    started: list[subprocess.Popen[bytes]] = []
    if args.redis:  # read by _kazi_env; a prefix of its own, deleted at the end
        os.environ["KAZI_REDIS_URL"] = args.redis
        os.environ["KAZI_REDIS_KEY_PREFIX"] = f"{database}:"
    try:
        return _bench(url, work, started, args)
    finally:
        for process in started:
            _stop(process)
        if args.redis:
            _delete_redis_keys(args.redis, f"{database}:")
        _admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        subprocess.run(["rm", "-rf", str(work)], check=False)


def _bench(
    url: str, work: Path, started: list[subprocess.Popen[bytes]], args: argparse.Namespace
) -> int:
    upstream, upstream_port = _start_upstream(work)
    started.append(upstream)
    _migrate(url, work)
    key = asyncio.run(_seed(url, work, upstream_port, not args.no_quota))
    kazi_port = _free_port()
    began = time.monotonic()
    kazi = _start_kazi(url, work, kazi_port)
    started.append(kazi)
    os.sched_setaffinity(0, {1})
    _fast_loop()
    servers = Servers(kazi, kazi_port, upstream, upstream_port, key, began)
    asyncio.run(_measure(servers, args, work))
    return 0


async def _measure(servers: Servers, args: argparse.Namespace, work: Path) -> None:
    chat = request_bytes("/v1/chat/completions", CHAT.encode(), servers.key)
    try:
        answered = await first_answer(servers.kazi_port, chat, deadline_s=60)
    except TimeoutError:
        print((work / "kazi.log").read_text()[-3000:])
        raise
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    print(f"first answer after {answered - servers.started_at:.2f} s (target <= 1.5 s)")
    await run_load(servers.kazi_port, chat, 10, 300)  # warm-up
    if not args.only_low:
        await _high_rate(servers, args.requests)
    await _report_low_rate(servers, chat, args.low_seconds)
    print(f"\npeak RSS (VmHWM) {_status_kb(servers.kazi.pid, 'VmHWM') / 1024:.1f} MB")
    print(f"targets: {TARGETS}")


async def _high_rate(servers: Servers, total: int) -> None:
    chat = request_bytes("/v1/chat/completions", CHAT.encode(), servers.key)
    await _report_floor(servers, total)
    slow = request_bytes("/v1/chat/completions", SLOW.encode(), servers.key)
    scenarios = [
        (0, chat, _direct("fast"), {1: total, 10: total, 50: total}),
        (50, slow, _direct("slow"), {1: 100, 10: 400, 50: 2000}),
    ]
    for delay, raw, direct_raw, counts in scenarios:
        direct = await run_load(servers.upstream_port, direct_raw, 1, min(counts[1], 1000))
        print(f"\nupstream latency {delay} ms (direct c=1 p50 {direct.percentile(0.5):.2f} ms)")
        for concurrency, count in counts.items():
            before = process_cpu_ms(servers.kazi.pid)
            result = await run_load(servers.kazi_port, raw, concurrency, count)
            _report(concurrency, result, process_cpu_ms(servers.kazi.pid) - before, direct)


async def _report_floor(servers: Servers, total: int) -> None:
    """What the HTTP server, framework and middleware alone cost: GET /healthz."""
    before = process_cpu_ms(servers.kazi.pid)
    result = await run_load(servers.kazi_port, HEALTHZ, 10, total)
    cpu = (process_cpu_ms(servers.kazi.pid) - before) / len(result.latencies_ms)
    print(f"floor: GET /healthz c=10 {result.throughput:.1f} req/s, cpu {cpu:.2f} ms/req")


async def _report_low_rate(servers: Servers, chat: bytes, seconds: float) -> None:
    """A quiet server: the per-request CPU must not grow when requests are sparse
    (timers and per-flush costs are then shared by few requests). The idle figure is
    what the server costs with no request at all, over the same time; the floor is a
    GET /healthz at the same rate, what any sparse request costs this machine."""
    rate = 4.0
    # Let the high-rate cases' tail pass: the last usage flush (at most 10 s) and the
    # closing of idle keep-alive connections (upstream ones after 15 s).
    await asyncio.sleep(16.0)
    before = process_cpu_ms(servers.kazi.pid)
    await asyncio.sleep(seconds)
    idle = (process_cpu_ms(servers.kazi.pid) - before) / seconds
    print(f"\nlow rate: {rate:.0f} req/s for {seconds:.0f} s (upstream 0 ms)")
    print(f"  idle server {idle:.2f} ms cpu/s, {idle / rate:.2f} ms/req at this rate")
    for name, raw in (("chat", chat), ("GET /healthz", HEALTHZ)):
        result, cpu = await _paced_cpu(servers, raw, rate, seconds)
        line = f"  {name:<12} c=1 n={len(result.latencies_ms):<4} p50 "
        line += f"{result.percentile(0.5):6.2f} ms  cpu {cpu:5.2f} ms/req"
        print(line + (f"  FAILURES {result.failures}" if result.failures else ""), flush=True)


async def _paced_cpu(
    servers: Servers, raw: bytes, rate: float, seconds: float
) -> tuple[LoadResult, float]:
    count = int(rate * seconds)
    before = process_cpu_ms(servers.kazi.pid)
    result = await run_paced(servers.kazi_port, raw, rate, count)
    return result, (process_cpu_ms(servers.kazi.pid) - before) / count


def _report(concurrency: int, result: LoadResult, cpu_ms: float, direct: LoadResult) -> None:
    count = len(result.latencies_ms)
    line = (
        f"  c={concurrency:<3} n={count:<5} {result.throughput:8.1f} req/s  "
        f"p50 {result.percentile(0.5):7.2f}  p95 {result.percentile(0.95):7.2f}  "
        f"p99 {result.percentile(0.99):7.2f} ms  cpu {cpu_ms / count:5.2f} ms/req"
    )
    if concurrency == 1:
        line += f"  added p50 {result.percentile(0.5) - direct.percentile(0.5):+.2f} ms"
    if result.failures:
        line += f"  FAILURES {result.failures}"
    print(line, flush=True)


def _direct(speed: str) -> bytes:
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]})
    return request_bytes(f"/{speed}/v1/chat/completions", body.encode())


def _start_upstream(work: Path) -> tuple[subprocess.Popen[bytes], int]:
    port_file = work / "upstream.port"
    process = subprocess.Popen(
        ["taskset", "-c", "1", sys.executable, __file__, "--upstream", str(port_file)]
    )
    return process, wait_for_port_file(process, port_file, 10, "the fake upstream")


def _kazi_env(url: str, work: Path, port: int = 0) -> dict[str, str]:
    return {
        **os.environ,
        "KAZI_ENV": "production",
        "KAZI_SECRET_KEY": SECRET,
        "KAZI_DATABASE_URL": url,
        "KAZI_DATA_DIR": str(work / "data"),
        "KAZI_HOST": "127.0.0.1",
        "KAZI_PORT": str(port),
        "KAZI_RATE_LIMITS_ENABLED": "false",  # the per-minute limits would refuse the load
    }


def _migrate(url: str, work: Path) -> None:
    subprocess.run(
        [str(VENV_BIN / "kazi"), "migrate"],
        env=_kazi_env(url, work),
        check=True,
        capture_output=True,
    )


def _start_kazi(
    url: str, work: Path, port: int, wrapper: tuple[str, ...] = (), **env: str
) -> subprocess.Popen[bytes]:
    """`kazi serve` on CPU 0, under `wrapper` (a profiler, say) when given, with `env`
    added to its environment. The interpreter is named, as a wrapper does not read #!."""
    log = (work / "kazi.log").open("wb")
    serve = [str(VENV_BIN / "python"), str(VENV_BIN / "kazi"), "serve"]
    return subprocess.Popen(
        ["taskset", "-c", "0", *wrapper, *serve],
        env=_kazi_env(url, work, port) | env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


async def _seed(url: str, work: Path, upstream_port: int, quota: bool) -> str:
    """A user with an API key, the two providers, and (by default) a generous quota."""
    from kazi.kit.db import create_engine, session_factory
    from kazi.quotas.models import QuotaLimit
    from kazi.users.models import ApiScope
    from kazi.users.service import UserService

    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            users = UserService(session)
            user = await users.register("bench@example.com", "bench-password-123")
            key, _ = await users.issue_token(user, "api_key", "bench", None, (ApiScope.GATEWAY,))
            await _seed_providers(session, url, work, upstream_port)
            if quota:
                limit = QuotaLimit(tier="free", task_type="*", period="day", max_calls=10**9)
                session.add(limit)
        return key
    finally:
        await engine.dispose()


async def _seed_providers(session: Any, url: str, work: Path, upstream_port: int) -> None:
    """`fast` serves the chat task, `slow` (50 ms) the validation task."""
    from pydantic import SecretStr

    from kazi.enums import TaskType
    from kazi.kit.config import Environment, Settings
    from kazi.providers.keys import key_box
    from kazi.providers.schemas import ProviderCreate
    from kazi.providers.service import ProviderService

    settings = Settings(
        env=Environment.PRODUCTION, secret_key=SECRET, database_url=url, data_dir=work / "data"
    )
    providers = ProviderService(session, key_box(settings))
    for name, task in (("fast", TaskType.CHAT), ("slow", TaskType.VALIDATION)):
        config = ProviderCreate(
            provider_type="openai",
            name=name,
            model_name="gpt-4o-mini",
            api_key=SecretStr(f"sk-bench-{name}-0123456789"),
            settings={"base_url": f"http://127.0.0.1:{upstream_port}/{name}/v1"},
            default_for=[task],
        )
        await providers.create(config, None)


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fast_loop() -> None:
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def _delete_redis_keys(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
    finally:
        client.close()


def asyncpg_args(url: str) -> dict[str, Any]:
    """asyncpg.connect's arguments for a SQLAlchemy URL (the benchmarks use asyncpg directly)."""
    parsed = make_url(url)
    return {
        "host": parsed.host,
        "port": parsed.port,
        "user": parsed.username,
        "password": parsed.password,
        "database": parsed.database,
    }


def _admin_sql(sql: str) -> None:
    async def run() -> None:
        import asyncpg

        connection = await asyncpg.connect(**asyncpg_args(ADMIN_URL))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
