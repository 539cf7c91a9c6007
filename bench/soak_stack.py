"""What the soak runs against: a scratch PostgreSQL database, a Redis key prefix, the fake
upstreams (bench/soak_vendor.py) and `kazi serve --workers N`; how they start, how their
workers are found and measured, and how everything is stopped and cleaned up.
"""

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import redis
from gateway_parts import Connection, request_bytes, wait_for_port_file
from pydantic import SecretStr
from soak_load import Outcome, chat_request, send_one
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import ADMIN_URL, SECRET, _kazi_env, _status_kb, asyncpg_args
from kazi.enums import ANY_TIER, TaskType
from kazi.kit.config import Environment, Settings
from kazi.kit.db import create_engine, session_factory
from kazi.providers.keys import key_box
from kazi.providers.schemas import ProviderCreate
from kazi.providers.service import ProviderService
from kazi.quotas.models import QuotaLimit
from kazi.routing.models import RoutingCandidate
from kazi.users.models import ApiScope
from kazi.users.service import UserService

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV_BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("KAZI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
STOP_TIMEOUT_S = 60.0  # workers finish their requests and flush their usage rows
STARTUP_LINE = b"Application startup complete"
UPSTREAMS = ("primary", "fallback")


@dataclass(frozen=True)
class Scratch:
    database: str
    url: str  # the scratch database's SQLAlchemy URL
    redis_prefix: str
    work: Path  # data directory, logs, metrics directory

    @property
    def log(self) -> Path:
        return self.work / "kazi.log"


async def admin_connection() -> asyncpg.Connection:
    """A connection to the admin database, which no fault touches."""
    return await asyncpg.connect(**asyncpg_args(ADMIN_URL))


async def admin_execute(sql: str) -> None:
    connection = await admin_connection()
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def start_vendor(work: Path) -> tuple[subprocess.Popen[bytes], int]:
    port_file = work / "vendor.port"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH)])}
    process = subprocess.Popen(
        [sys.executable, str(BENCH / "soak_vendor.py"), str(port_file)], env=env
    )
    return process, wait_for_port_file(process, port_file, 30, "the fake upstreams")


async def vendor_call(port: int, raw: bytes) -> dict[str, object]:
    connection = await Connection.open(port)
    try:
        status, body = await connection.send(raw)
    finally:
        connection.close()
    if status != 200:
        raise RuntimeError(f"fake upstream control answered {status}: {body[:200]!r}")
    answer: dict[str, object] = json.loads(body)
    return answer


async def set_vendor_mode(port: int, mode: str) -> None:
    await vendor_call(port, request_bytes("/control/mode", json.dumps({"mode": mode}).encode()))


async def vendor_stats(port: int) -> dict[str, object]:
    return await vendor_call(port, b"GET /control/stats HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n")


async def seed(scratch: Scratch, vendor_port: int) -> str:
    """A free-tier user with an API key, the chat route primary -> fallback, and a
    quota limit too high to reach (so that every call still counts in the database)."""
    engine = create_engine(scratch.url)
    try:
        async with session_factory(engine)() as session, session.begin():
            users = UserService(session)
            user = await users.register("soak@example.com", "soak-password-123")
            key, _ = await users.issue_token(user, "api_key", "soak", None, (ApiScope.GATEWAY,))
            await _seed_route(session, scratch, vendor_port)
            session.add(QuotaLimit(tier="free", task_type="*", period="day", max_calls=10**9))
        return key
    finally:
        await engine.dispose()


async def _seed_route(session: AsyncSession, scratch: Scratch, vendor_port: int) -> None:
    settings = Settings(
        env=Environment.PRODUCTION,
        secret_key=SecretStr(SECRET),
        database_url=scratch.url,
        data_dir=scratch.work / "data",
    )
    providers = ProviderService(session, key_box(settings))
    for position, name in enumerate(UPSTREAMS):
        config = ProviderCreate(
            provider_type="openai",
            name=name,
            model_name="gpt-4o-mini",
            api_key=SecretStr(f"sk-soak-{name}-0123456789"),
            settings={"base_url": f"http://127.0.0.1:{vendor_port}/{name}/v1"},
        )
        row = await providers.create(config, None)
        session.add(
            RoutingCandidate(
                task_type=TaskType.CHAT,
                tier=ANY_TIER,
                position=position,
                provider_config_id=row.id,
                options={},
            )
        )


def kazi_env(scratch: Scratch, port: int) -> dict[str, str]:
    (scratch.work / "metrics").mkdir(exist_ok=True)
    return {
        **_kazi_env(scratch.url, scratch.work, port),
        # Rate limits on (counted in Redis on every call) but far above the load.
        "KAZI_RATE_LIMITS_ENABLED": "true",
        "KAZI_RATE_LIMIT_AI_FREE": str(10**6),
        "KAZI_REDIS_URL": REDIS_URL,
        "KAZI_REDIS_KEY_PREFIX": scratch.redis_prefix,
        "PROMETHEUS_MULTIPROC_DIR": str(scratch.work / "metrics"),
    }


def start_kazi(scratch: Scratch, port: int, workers: int) -> subprocess.Popen[bytes]:
    log = scratch.log.open("ab")
    return subprocess.Popen(
        [str(VENV_BIN / "kazi"), "serve", "--workers", str(workers)],
        env=kazi_env(scratch, port),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


async def wait_until_serving(scratch: Scratch, port: int, key: str, workers: int) -> list[Outcome]:
    """Probes until every worker has started and a completion comes back; the probes'
    outcomes, which left usage rows like any other request."""
    probes: list[Outcome] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        probe = await send_one(port, chat_request(key, False), False)
        if probe.status:
            probes.append(probe)
        if probe.ok and startups(scratch.log) >= workers:
            return probes
        await asyncio.sleep(0.1)
    print(scratch.log.read_text()[-3000:])
    raise RuntimeError("Kazi did not start serving within 120 s")


def stop_server(process: subprocess.Popen[bytes]) -> str:
    """SIGINT to the supervisor, which stops its workers gracefully; how it went.
    (Also stops the fake upstreams, which have no workers.)"""
    if process.poll() is not None:
        return f"had already exited with {process.returncode}"
    workers = worker_pids(process.pid)
    began = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        for pid in workers & worker_pids_anywhere():
            os.kill(pid, signal.SIGKILL)
        return f"did NOT stop within {STOP_TIMEOUT_S:.0f} s: killed"
    return f"stopped cleanly in {time.monotonic() - began:.1f} s (exit {process.returncode})"


def worker_pids(supervisor: int) -> set[int]:
    """The supervisor's live worker processes (not its multiprocessing helper)."""
    return {pid for pid, parent in _spawned() if parent == supervisor and _alive(pid)}


def worker_pids_anywhere() -> set[int]:
    return {pid for pid, _ in _spawned()}


def _spawned() -> list[tuple[int, int]]:
    """(pid, parent pid) of every multiprocessing-spawned Kazi process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if b"spawn_main" in (entry / "cmdline").read_bytes():
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                found.append((int(entry.name), int(stat[1])))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def started_at(pid: int) -> int:
    """The process's start time in clock ticks since boot; orders processes by age."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def rss_kb(pid: int) -> int:
    try:
        return _status_kb(pid, "VmRSS")
    except OSError:
        return 0


def startups(log: Path) -> int:
    """How many workers have finished their start-up, from the server's log."""
    try:
        return log.read_bytes().count(STARTUP_LINE)
    except OSError:
        return 0


def delete_redis_keys(prefix: str) -> int:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
        return len(keys)
    finally:
        client.close()


def drop_database(database: str) -> None:
    asyncio.run(admin_execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


@dataclass(frozen=True)
class UsageRows:
    by_status: dict[str, int]
    disconnected: int  # rows of streams the client left (their tokens are estimates)
    tags: list[int]  # prompt token counts of the answered calls: the upstream's tags
    spooled: int  # rows still in the disk spool, not in the database

    @property
    def written(self) -> int:
        return sum(self.by_status.values())


async def usage_rows(scratch: Scratch) -> UsageRows:
    connection = await asyncpg.connect(**asyncpg_args(scratch.url))
    try:
        statuses = await connection.fetch(
            "SELECT status, count(*) FROM ai_provider_usage_logs GROUP BY status"
        )
        disconnected = await connection.fetchval(
            "SELECT count(*) FROM ai_provider_usage_logs WHERE error_code = 'client_disconnected'"
        )
        tags = await connection.fetch(
            "SELECT input_tokens FROM ai_provider_usage_logs "
            "WHERE status = 'success' AND error_code IS NULL"
        )
    finally:
        await connection.close()
    by_status = {row[0]: int(row[1]) for row in statuses}
    return UsageRows(by_status, int(disconnected), [row[0] for row in tags], _spooled(scratch))


def _spooled(scratch: Scratch) -> int:
    spool = scratch.work / "data" / "usage-spool"
    if not spool.is_dir():
        return 0
    return sum(path.read_bytes().count(b"\n") for path in spool.glob("*.jsonl"))


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine since boot, from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields) - idle, sum(fields)
