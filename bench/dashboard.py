"""Render every admin dashboard page against 5 million usage rows on PostgreSQL.

Usage: .venv/bin/python bench/dashboard.py [RUNS] [ROWS]

Creates a scratch database on the server named by KAZI_BENCH_POSTGRES_URL (default: the
local server's `test` database), migrates it, seeds ROWS usage rows (default 5,000,000)
spread over 120 days with generate_series, builds the daily rollups and the latency
histogram from them, then renders each page RUNS times (default 20) through the app
in-process and prints the median and p95 wall time per page. Usage pages are measured
twice: "cold" forgets the cached figures of closed days before every render (a first
view), "warm" keeps them (an operator reloading). The scratch database is dropped at
the end, also after a failure. The target is 300 ms per page.
"""

import asyncio
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx2
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from gateway import asyncpg_args
from kazi.enums import Role
from kazi.kit.config import Environment, Settings
from kazi.main import create_app, stop_services
from kazi.migrations import upgrade
from kazi.providers.schemas import ProviderCreate
from kazi.providers.service import ProviderService
from kazi.quotas.models import QuotaLimit
from kazi.routing.models import RoutingCandidate
from kazi.users.service import UserService

SERVER_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DAYS = 120
USERS = 2_000
CHUNK = 500_000
TARGET_MS = 300.0
PASSWORD = "bench password 1234"
ADMIN = "bench-admin@example.com"
PROVIDERS = [  # name, type, model, base_url
    ("openai-main", "openai", "gpt-4o-mini", None),
    ("claude-main", "claude", "claude-3-5-haiku-latest", None),
    ("gemini-flash", "gemini", "gemini-2.5-flash", None),
    ("ollama-local", "openai_compatible", "llama3.1:8b", "http://127.0.0.1:11434/v1"),
]
PAGES = {
    "providers": "/admin/providers",
    "routing": "/admin/routing",
    "quotas": "/admin/quotas",
    "prices": "/admin/prices",
    "usage (7 days)": "/admin/usage",
    "usage (30 days)": "/admin/usage?since={d30}",
    "usage (30 d, provider+task)": "/admin/usage?since={d30}&provider=claude-main&task=cv_draft",
    "usage (30 d, one user)": "/admin/usage?since={d30}&user=user17@example.com",
    "audit": "/admin/audit",
    "export.csv (one user, 1 day)": "/admin/usage/export.csv?since={d1}&user=user17@example.com",
}

# One row per call, in time order as the recorder appends them: the task decides the
# provider (with some fallbacks), the user's id its tier; about 3% of the calls fail.
# `r*` are independent uniform draws per row.
USAGE_SQL = """
INSERT INTO ai_provider_usage_logs (
    request_id, user_id, provider_config_id, provider_name, provider_type, model,
    task_type, tier, input_tokens, output_tokens, cached_tokens, tokens_estimated,
    cost_micro_usd, status, error_code, latency_ms, attempt, created_at)
SELECT 'bench-' || g, u, p.id, p.name, p.provider_type, p.model_name, task,
    CASE WHEN u IS NULL OR (u - 1) % 10 < 7 THEN 'free' WHEN (u - 1) % 10 < 9 THEN 'pro'
         ELSE 'premium' END,
    CASE WHEN ok THEN inp ELSE 0 END, CASE WHEN ok THEN outp ELSE 0 END,
    CASE WHEN ok AND r5 > 0.5 THEN inp / 5 ELSE 0 END, false,
    CASE WHEN NOT ok THEN 0 WHEN p.provider_type = 'openai_compatible' THEN NULL
         ELSE (inp * 0.15 + outp * 0.6)::bigint END,
    status,
    CASE status WHEN 'success' THEN NULL WHEN 'error' THEN
        (CASE WHEN r6 < 0.5 THEN 'server_error' ELSE 'auth_failed' END) ELSE status END,
    CASE status WHEN 'success' THEN 200 + (-ln(1 - r6) * 800)::int
        WHEN 'timeout' THEN 60000 ELSE 50 + (r6 * 450)::int END,
    1, now() - ({rows} - g) * (interval '{days} days' / {rows})
FROM (
    SELECT g, r5, r6,
        CASE WHEN r1 < 0.03 THEN NULL ELSE 2 + floor({users} * r1 * r1)::int END AS u,
        CASE WHEN r2 < 0.45 THEN 'extraction' WHEN r2 < 0.65 THEN 'cv_draft'
             WHEN r2 < 0.85 THEN 'cover_letter' WHEN r2 < 0.95 THEN 'validation'
             ELSE 'chat' END AS task,
        r3,
        CASE WHEN r4 < 0.97 THEN 'success' WHEN r4 < 0.985 THEN 'error'
             WHEN r4 < 0.995 THEN 'timeout' ELSE 'rate_limited' END AS status,
        r4 < 0.97 AS ok, 500 + (r5 * 3000)::int AS inp, 50 + (r6 * 800)::int AS outp
    FROM (SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5,
                 random() r6
          FROM generate_series($1::bigint, $2::bigint) g) draws
) s
JOIN ai_provider_configs p ON p.name = CASE
    WHEN task = 'chat' THEN 'ollama-local'
    WHEN task IN ('cv_draft', 'cover_letter') THEN
        CASE WHEN r3 < 0.85 THEN 'claude-main' ELSE 'openai-main' END
    ELSE CASE WHEN r3 < 0.9 THEN 'openai-main' ELSE 'gemini-flash' END END
"""
ROLLUP_SQL = """
INSERT INTO usage_daily_rollups
SELECT (created_at AT TIME ZONE 'UTC')::date, provider_name, min(provider_type), model,
    task_type, tier, coalesce(user_id, 0), count(*), count(*) FILTER (WHERE status <> 'success'),
    sum(input_tokens), sum(output_tokens), sum(cached_tokens), coalesce(sum(cost_micro_usd), 0),
    count(*) FILTER (WHERE cost_micro_usd IS NULL), sum(latency_ms)
FROM ai_provider_usage_logs
GROUP BY 1, 2, 4, 5, 6, 7
ORDER BY 1
"""
USERS_SQL = """
INSERT INTO users (email, password_hash, role, tier, is_active, created_at)
SELECT 'user' || g || '@example.com', 'not-a-hash', 'user',
    CASE WHEN g % 10 < 7 THEN 'free' WHEN g % 10 < 9 THEN 'pro' ELSE 'premium' END, true, now()
FROM generate_series(1, $1::int) g
"""


@asynccontextmanager
async def scratch_database(server_url: str) -> AsyncIterator[str]:
    name = f"kazi_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(**asyncpg_args(server_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        print(f"dropped scratch database {name}")


async def seed_configuration(app: Any) -> None:
    """Admin, providers, routing, quotas and some audit history, through Kazi itself."""
    async with app.state.sessions() as session, session.begin():
        await UserService(session).register(ADMIN, PASSWORD, role=Role.ADMIN)
        service = ProviderService(session, app.state.key_box)
        for name, kind, model, base_url in PROVIDERS:
            data = ProviderCreate(
                provider_type=kind,
                name=name,
                model_name=model,
                api_key=SecretStr("sk-bench-" + secrets.token_hex(12)),
                settings={"base_url": base_url} if base_url else {},
            )
            await service.create(data, None)
        for tier in ("free", "pro", "premium"):
            session.add(QuotaLimit(tier=tier, task_type="*", period="day", max_calls=200))
            for position, provider_id in enumerate((2, 1)):
                session.add(
                    RoutingCandidate(
                        task_type="cv_draft",
                        tier=tier,
                        position=position,
                        provider_config_id=provider_id,
                    )
                )


SECONDARY_INDEXES_SQL = """
SELECT i.indexname, i.indexdef, c.conname, pg_get_constraintdef(c.oid) AS condef
FROM pg_indexes i LEFT JOIN pg_constraint c ON c.conname = i.indexname
WHERE i.tablename = 'ai_provider_usage_logs' AND (c.contype IS NULL OR c.contype = 'u')
"""


async def drop_secondary_indexes(connection: asyncpg.Connection) -> list[str]:
    """Drops the usage table's indexes but its primary key; returns how to rebuild them.

    Building an index once over the loaded rows is much faster than keeping it current
    row by row during the load.
    """
    rebuild = []
    for row in await connection.fetch(SECONDARY_INDEXES_SQL):
        if row["conname"]:
            table = "ALTER TABLE ai_provider_usage_logs"
            await connection.execute(f'{table} DROP CONSTRAINT "{row["conname"]}"')
            rebuild.append(f'{table} ADD CONSTRAINT "{row["conname"]}" {row["condef"]}')
        else:
            await connection.execute(f'DROP INDEX "{row["indexname"]}"')
            rebuild.append(row["indexdef"])
    return rebuild


async def seed_usage(url: str, rows: int) -> None:
    connection = await asyncpg.connect(**asyncpg_args(url))
    try:
        await connection.execute("SET synchronous_commit = off")
        await connection.execute("SET maintenance_work_mem = '256MB'")
        await connection.execute(USERS_SQL, USERS)
        rebuild = await drop_secondary_indexes(connection)
        for start in range(1, rows + 1, CHUNK):
            began = time.perf_counter()
            sql = USAGE_SQL.format(days=DAYS, users=USERS, rows=rows)
            await connection.execute(sql, start, min(rows, start + CHUNK - 1))
            done = min(rows, start + CHUNK - 1)
            print(f"  usage rows {done:>10,} ({time.perf_counter() - began:.1f} s)", flush=True)
        began = time.perf_counter()
        for statement in rebuild:
            await connection.execute(statement)
        print(f"  {len(rebuild)} indexes rebuilt ({time.perf_counter() - began:.1f} s)")
        began = time.perf_counter()
        await connection.execute(ROLLUP_SQL)
        for statement in _rollup_backfills():
            await connection.execute(statement)
        print(f"  rollups built ({time.perf_counter() - began:.1f} s)")
        await connection.execute("VACUUM ANALYZE")
        counts = await connection.fetchrow(
            "SELECT (SELECT count(*) FROM ai_provider_usage_logs),"
            " (SELECT count(*) FROM usage_daily_rollups)"
        )
        print(f"  {counts[0]:,} usage rows, {counts[1]:,} rollup rows")
    finally:
        await connection.close()


async def sign_in(client: httpx2.AsyncClient) -> None:
    form = await client.get("/admin/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    data = {"csrf_token": token.group(1), "email": ADMIN, "password": PASSWORD}
    answer = await client.post("/admin/login", data=data)
    assert answer.status_code == 303, answer.text


async def make_audit_history(client: httpx2.AsyncClient) -> None:
    """A few hundred real changes through the dashboard's own forms."""
    page = await client.get("/admin/prices")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    for number in range(300):
        data = {
            "csrf_token": token.group(1),
            "model_name": f"model-{number % 30}",
            "input": f"0.{number:03d}",
            "output": "1.5",
        }
        assert (await client.post("/admin/prices", data=data)).status_code == 303


def pages() -> dict[str, str]:
    today = datetime.now(UTC).date()
    d30 = (today - timedelta(days=29)).isoformat()
    return {label: path.format(d30=d30, d1=today.isoformat()) for label, path in PAGES.items()}


async def timed(client: httpx2.AsyncClient, path: str, runs: int, before: Any) -> list[float]:
    timings = []
    for _ in range(runs):
        before()
        began = time.perf_counter()
        answer = await client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return sorted(timings)


def cache_clearer(app: Any) -> Any:
    """Forgets the usage page's cached closed days, so that each render reads them all."""

    def clear() -> None:
        cache = getattr(app.state, "usage_figures_cache", None)
        if cache is not None:
            cache.clear()

    return clear


async def measure(
    client: httpx2.AsyncClient, app: Any, runs: int
) -> list[tuple[str, list[float], int]]:
    found = []
    for label, path in pages().items():
        answer = await client.get(path)  # warm-up, and a check that the page works
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
        if label.startswith("usage"):
            cold = await timed(client, path, runs, cache_clearer(app))
            found.append((f"{label}, cold", cold, len(answer.content)))
            label += ", warm"
        found.append((label, await timed(client, path, runs, lambda: None), len(answer.content)))
    return found


def report(results: list[tuple[str, list[float], int]], runs: int) -> bool:
    print(f"\n{'page':<36} {'median ms':>10} {'p95 ms':>10} {'bytes':>10}   ({runs} runs)")
    within = True
    for label, timings, size in results:
        median = statistics.median(timings)
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        within = within and (p95 <= TARGET_MS or label.startswith("export"))
        print(f"{label:<36} {median:>10.1f} {p95:>10.1f} {size:>10,}")
    print(f"target: every page <= {TARGET_MS:.0f} ms")
    return within


async def run(runs: int, rows: int) -> bool:
    server = os.environ.get("KAZI_BENCH_POSTGRES_URL", SERVER_URL)
    async with scratch_database(server) as url:
        await asyncio.to_thread(upgrade, url)
        with tempfile.TemporaryDirectory() as data_dir:
            settings = Settings(
                env=Environment.TEST,
                secret_key=secrets.token_urlsafe(48),
                data_dir=Path(data_dir),
                database_url=url,
            )
            app = create_app(settings)
            try:
                await seed_configuration(app)
                print(f"seeding {rows:,} usage rows over {DAYS} days for {USERS:,} users")
                await seed_usage(url, rows)
                transport = httpx2.ASGITransport(app=app)
                async with httpx2.AsyncClient(transport=transport, base_url="http://b") as client:
                    await sign_in(client)
                    await make_audit_history(client)
                    return report(await measure(client, app, runs), runs)
            finally:
                await stop_services(app)
                await app.state.engine.dispose()


def _migration(revision: str) -> Any:
    """A migration module, loaded from its file (the versions folder is no package)."""
    import importlib.util

    import kazi.migrations

    (path,) = Path(kazi.migrations.__file__).parent.glob(f"versions/{revision}_*.py")
    spec = importlib.util.spec_from_file_location(f"kazi_migration_{revision}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rollup_backfills() -> tuple[str, ...]:
    """The coarser rollups and the latency histogram, derived as their migrations do."""
    totals, latency = _migration("0007"), _migration("0008")
    return (
        totals.BACKFILL_TOTALS,
        totals.BACKFILL_USER_TOTALS,
        latency.backfill_latency("postgresql"),
    )


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000_000
    return 0 if asyncio.run(run(runs, rows)) else 1


if __name__ == "__main__":
    sys.exit(main())
