"""The extraction cache in Redis, and the choice between Redis and in-process state."""

import hashlib
import logging
from typing import Any
from urllib.parse import urlsplit

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from kazi.jobs.cache import CachedExtraction, MemoryExtractionCache, cache_key
from kazi.jobs.posting import JobData
from kazi.jobs.redis_cache import RedisExtractionCache
from kazi.kit.config import Settings
from kazi.main import create_app, stop_services
from kazi.ratelimit.limiter import MemoryRateLimiter, RedisRateLimiter
from tests.fakes.server import serve_app
from tests.helpers import new_user, served_app
from tests.kit.conftest import REDIS_URL, keys_under, unreachable_redis

URL = "https://jobs.example.co.ke/postings/42?utm_source=whatsapp"
PAGE = """<!doctype html><html lang="en"><head><title>Data Analyst - Twiga Foods</title></head>
<body><main><h1>Data Analyst</h1>
<dl><dt>Company</dt><dd>Twiga Foods</dd><dt>Location</dt><dd>Nairobi, Kenya</dd></dl>
<h2>Job Summary</h2><p>We are hiring a data analyst to build dashboards and weekly reports
for our logistics team across East Africa, working with operations and finance.</p>
<h2>Requirements</h2><ul><li>SQL</li><li>Python</li></ul></main></body></html>"""


def _extraction() -> CachedExtraction:
    data = JobData(title="Nurse", company="Aga Khan Hospital", skills=["Triage"])
    return CachedExtraction(
        data=data, provenance={"title": "structured_data"}, provider_used="builtin", model=None
    )


async def test_values_round_trip_as_json_with_a_ttl(redis: Redis, redis_prefix: str) -> None:
    cache = RedisExtractionCache(redis, redis_prefix)
    key = cache_key(URL)
    assert await cache.get(key) is None
    await cache.set(key, _extraction(), ttl_s=120.4)
    assert await cache.get(key) == _extraction()
    digest = hashlib.sha256(key.encode()).hexdigest()
    assert await keys_under(redis, redis_prefix) == [f"{redis_prefix}extraction:{digest}"]
    stored = await redis.get(f"{redis_prefix}extraction:{digest}")
    assert CachedExtraction.model_validate_json(stored) == _extraction()
    assert 120_000 < await redis.pttl(f"{redis_prefix}extraction:{digest}") <= 121_000


async def test_an_entry_that_does_not_parse_is_a_miss_and_removed(
    redis: Redis, redis_prefix: str
) -> None:
    cache = RedisExtractionCache(redis, redis_prefix)
    name = cache.redis_key("https://a.example/")
    await redis.set(name, b'{"data": "from an older version"}')
    assert await cache.get("https://a.example/") is None
    assert await redis.exists(name) == 0


async def test_an_unreachable_redis_is_a_miss_not_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = unreachable_redis()
    cache = RedisExtractionCache(client, "kazi-test-down:")
    with caplog.at_level(logging.WARNING, logger="kazi.jobs.redis_cache"):
        await cache.set("https://a.example/", _extraction(), ttl_s=60)
        assert await cache.get("https://a.example/") is None
    await client.aclose()
    logged = [r.getMessage() for r in caplog.records if r.name == "kazi.jobs.redis_cache"]
    assert logged == ["extraction cache: Redis unavailable (ConnectionError)"]


def test_without_redis_the_state_is_in_process(app: Any) -> None:
    assert app.state.redis is None
    assert isinstance(app.state.extraction_cache, MemoryExtractionCache)
    assert isinstance(app.state.rate_limits.limiter, MemoryRateLimiter)


async def test_with_redis_every_worker_shares_the_cache(
    app: Any, settings: Settings, engine: AsyncEngine, redis: Redis, redis_prefix: str
) -> None:
    shared = settings.model_copy(update={"redis_url": REDIS_URL, "redis_key_prefix": redis_prefix})
    workers = [create_app(shared, engine=engine) for _ in range(2)]
    for worker in workers:
        assert isinstance(worker.state.redis, Redis)
        assert isinstance(worker.state.extraction_cache, RedisExtractionCache)
        assert isinstance(worker.state.rate_limits.limiter, RedisRateLimiter)
    value = _extraction()
    try:
        await workers[0].state.extraction_cache.set(cache_key(URL), value, 60)
        assert await workers[1].state.extraction_cache.get(cache_key(URL)) == value
    finally:
        for worker in workers:
            await stop_services(worker)


async def test_a_link_extracted_by_one_worker_is_served_from_cache_by_another(
    app: Any, settings: Settings, engine: AsyncEngine, redis_prefix: str, redis: Redis
) -> None:
    shared = settings.model_copy(
        update={
            "redis_url": REDIS_URL,
            "redis_key_prefix": redis_prefix,
            "fetch_allow_private": True,  # the posting is served on 127.0.0.1
        }
    )
    fetched: list[str] = []

    async def posting(request: Request) -> HTMLResponse:
        fetched.append(request.url.path)
        return HTMLResponse(PAGE)

    with serve_app(Starlette(routes=[Route("/jobs/7", posting)])) as origin:
        shared.fetch_allowed_ports = [urlsplit(origin).port or 80]
        first = await _extract(shared, engine, "first@example.com", f"{origin}/jobs/7")
        second = await _extract(shared, engine, "second@example.com", f"{origin}/jobs/7#apply")
    assert (first["from_cache"], second["from_cache"]) == (False, True)
    assert second["job"]["title"] == first["job"]["title"] == "Data Analyst"
    assert fetched == ["/jobs/7"]
    cached = await keys_under(redis, f"{redis_prefix}extraction:")
    assert len(cached) == 1


async def _extract(settings: Settings, engine: AsyncEngine, email: str, url: str) -> dict[str, Any]:
    """One extraction by a worker of its own, as another process would serve it."""
    async with served_app(settings, engine) as http:
        _, headers = await new_user(http, email)
        answer = await http.post("/api/v1/jobs/extract", json={"url": url}, headers=headers)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()["data"]
    return data
