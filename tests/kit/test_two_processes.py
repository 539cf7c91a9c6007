"""Two Kazi server processes sharing one PostgreSQL database and one Redis.

Both are real `kazi serve` processes on ports of their own, routed to the fake vendors
that run in this test process (so the vendors' received requests count calls from
either server). Quota counters and provider cooldowns live in the shared Redis, so a
quota holds across both processes and a provider cooled down by one is skipped by the
other.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from kazi.enums import ANY_TIER, TaskType
from kazi.kit.config import Environment, Settings
from kazi.kit.db import create_engine, session_factory
from kazi.llm.registry import ProviderType
from kazi.migrations import upgrade
from kazi.providers.keys import key_box
from kazi.providers.schemas import ProviderCreate
from kazi.providers.service import ProviderService
from kazi.quotas.schemas import QuotaLimitIn
from kazi.quotas.service import put_limit
from kazi.routing.models import RoutingCandidate
from kazi.routing.repository import RoutingRepository
from tests.conftest import POSTGRES_ADMIN_URL, TEST_SECRET, admin_execute
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.gateway.conftest import make_key_holder
from tests.kit.conftest import REDIS_URL
from tests.quotas.support import chat, iso_z, next_midnight

LIMIT = 6
STARTUP_LIMIT_S = 60.0  # a guard against hanging, not a measured expectation
STOP_LIMIT_S = 15.0


@dataclass(frozen=True)
class Cluster:
    a: httpx2.AsyncClient
    b: httpx2.AsyncClient
    redis_prefix: str


@dataclass(frozen=True)
class _Scratch:
    database_url: str
    redis_prefix: str
    data_dir: Path


@pytest.fixture(scope="module")
async def scratch(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[_Scratch]:
    """A database and a Redis key prefix of this module's own, removed afterwards."""
    name = f"kazi_test_{uuid.uuid4().hex[:12]}"
    admin_execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    prefix = f"kazi-test-{uuid.uuid4().hex[:12]}:"
    try:
        await asyncio.to_thread(upgrade, url)
        yield _Scratch(url, prefix, tmp_path_factory.mktemp("two-processes"))
    finally:
        admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        redis = Redis.from_url(REDIS_URL)
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()


async def _configure(scratch: _Scratch, fleet: LiveFleet) -> None:
    """Chat goes to the fake OpenAI first, the fake Anthropic second; free users get
    LIMIT chat calls a day. Done before the servers start, so nothing is cached stale."""
    settings = Settings(
        env=Environment.TEST,
        secret_key=TEST_SECRET,
        data_dir=scratch.data_dir,
        database_url=scratch.database_url,
    )
    engine = create_engine(scratch.database_url)
    sessions = session_factory(engine)
    vendors = [
        (ProviderType.OPENAI, "primary", "gpt-4o-mini", fleet.urls.openai),
        (ProviderType.CLAUDE, "backup", "claude-3-5-haiku-latest", fleet.urls.anthropic),
    ]
    try:
        async with sessions() as session, session.begin():
            service = ProviderService(session, key_box(settings))
            ids = []
            for provider_type, name, model, url in vendors:
                data = ProviderCreate(
                    provider_type=provider_type,
                    name=name,
                    model_name=model,
                    api_key=SecretStr(f"sk-test-{name}-0123456789"),
                    settings={"base_url": url},
                )
                ids.append((await service.create(data, None)).id)
            rows = [
                RoutingCandidate(
                    task_type=TaskType.CHAT,
                    tier=ANY_TIER,
                    position=n,
                    provider_config_id=p,
                    options={},
                )
                for n, p in enumerate(ids)
            ]
            await RoutingRepository(session).replace_rule(TaskType.CHAT, ANY_TIER, rows)
            await put_limit(session, "free", "chat", "day", QuotaLimitIn(max_calls=LIMIT))
    finally:
        await engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(scratch: _Scratch, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KAZI_")},
        "KAZI_ENV": "test",
        "KAZI_SECRET_KEY": TEST_SECRET,
        "KAZI_DATA_DIR": str(scratch.data_dir),
        "KAZI_DATABASE_URL": scratch.database_url,
        "KAZI_REDIS_URL": REDIS_URL,
        "KAZI_REDIS_KEY_PREFIX": scratch.redis_prefix,
        "KAZI_RATE_LIMITS_ENABLED": "false",  # the quota is what is under test
    }
    command = [sys.executable, "-m", "kazi.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 (this interpreter, a fixed command)
            command, env=env, stdout=out, stderr=subprocess.STDOUT
        )


async def _wait_until_serving(
    http: httpx2.AsyncClient, server: subprocess.Popen[bytes], log: Path
) -> None:
    async with asyncio.timeout(STARTUP_LIMIT_S):
        while server.poll() is None:
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            await asyncio.sleep(0.1)  # nothing to wait on but the port
    raise AssertionError(f"server exited with {server.returncode}; its output: {log}")


async def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
    try:
        await asyncio.to_thread(server.wait, STOP_LIMIT_S)
    except subprocess.TimeoutExpired:
        server.kill()
        await asyncio.to_thread(server.wait)


@pytest.fixture(scope="module")
async def cluster(scratch: _Scratch, fake_fleet_server: LiveFleet) -> AsyncIterator[Cluster]:
    await _configure(scratch, fake_fleet_server)
    ports = [_free_port(), _free_port()]
    logs = [scratch.data_dir / f"server-{n}.log" for n in range(len(ports))]
    servers = [_start(scratch, port, log) for port, log in zip(ports, logs, strict=True)]
    clients = [httpx2.AsyncClient(base_url=f"http://127.0.0.1:{p}", timeout=30) for p in ports]
    try:
        await asyncio.gather(*map(_wait_until_serving, clients, servers, logs))
        yield Cluster(*clients, scratch.redis_prefix)
    finally:
        for client in clients:
            await client.aclose()
        await asyncio.gather(*(_stop(server) for server in servers))


async def test_concurrent_calls_across_both_processes_never_exceed_the_quota(
    cluster: Cluster, fake_fleet: LiveFleet
) -> None:
    holder = await make_key_holder(cluster.a, "amina@example.com")
    servers = [cluster.a, cluster.b]
    answers = await asyncio.gather(*(chat(servers[n % 2], holder) for n in range(20)))

    assert sorted(a.status_code for a in answers) == [200] * LIMIT + [429] * (20 - LIMIT)
    vendors = fake_fleet.fakes
    assert len(vendors.openai.requests) + len(vendors.anthropic.requests) == LIMIT
    for refused in (a for a in answers if a.status_code == 429):
        assert refused.json()["error"]["code"] == "quota_exceeded"
        assert f"It resets at {iso_z(next_midnight())}." in refused.json()["error"]["message"]
        assert int(refused.headers["retry-after"]) > 0
    redis = Redis.from_url(REDIS_URL)
    try:  # the counter both processes took from is in Redis
        [counter] = [key async for key in redis.scan_iter(match=f"{cluster.redis_prefix}quota:*")]
        assert await redis.hget(counter, "calls") == str(LIMIT).encode()
    finally:
        await redis.aclose()
    for server in servers:  # and each process reads it for the user's status
        usage = await server.get("/api/v1/users/me/usage", headers=holder.headers)
        [day] = usage.json()["data"]["quota"]
        assert (day["calls_used"], day["calls_remaining"]) == (LIMIT, 0)


async def test_a_provider_cooled_down_by_one_process_is_skipped_by_the_other(
    cluster: Cluster, fake_fleet: LiveFleet
) -> None:
    holder = await make_key_holder(cluster.a, "baraka@example.com")
    vendors = fake_fleet.fakes
    failures_to_trip = 3  # the default cooldown policy: 3 failed requests
    attempts = 3  # the default retries of one request, which count once
    # 503 with Retry-After: 0, so the retries do not wait.
    vendors.openai.script(*[Reply(status=503, retry_after="0")] * failures_to_trip * attempts)
    for _ in range(failures_to_trip):  # each call fails on primary, backup answers
        assert (await chat(cluster.a, holder)).status_code == 200
    assert (len(vendors.openai.requests), len(vendors.anthropic.requests)) == (9, 3)

    # Primary would answer now (its script is spent), but B knows it is cooled down.
    assert (await chat(cluster.b, holder)).status_code == 200
    assert (len(vendors.openai.requests), len(vendors.anthropic.requests)) == (9, 4)
