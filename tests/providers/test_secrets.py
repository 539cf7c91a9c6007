"""Keys at rest: rotation, row binding, and no plaintext anywhere it could leak."""

import asyncio
import logging
from typing import Any

import httpx2
import pytest
from sqlalchemy import select, text, update

from kazi import cli
from kazi.enums import TaskType, Tier
from kazi.kit.config import get_settings
from kazi.llm.registry import ProviderType
from kazi.llm.types import Prompt
from kazi.providers.models import AIProviderConfig
from kazi.routing.attempts import CallContext
from kazi.usage.models import AIProviderUsageLog
from tests.conftest import TEST_SECRET
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.routing.conftest import add_provider
from tests.users.test_admin_users import make_admin_headers

NEW_SECRET = "rotated-secret-" + "r" * 40


def _use_env(monkeypatch: pytest.MonkeyPatch, app: Any, secret: str, previous: str = "") -> None:
    settings = app.state.settings
    monkeypatch.setenv("KAZI_ENV", "test")
    monkeypatch.setenv("KAZI_SECRET_KEY", secret)
    monkeypatch.setenv("KAZI_SECRET_KEY_PREVIOUS", previous)
    monkeypatch.setenv("KAZI_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("KAZI_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()


async def _kazi(*args: str) -> int:
    try:
        return await asyncio.to_thread(cli.main, list(args))
    finally:
        get_settings.cache_clear()
        logging.getLogger().handlers.clear()  # cli.main configured logging for its run


async def test_rotation_round_trip_with_counts(
    app: Any, fake_fleet: LiveFleet, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    await add_provider(app, fake_fleet, ProviderType.OPENAI, "one")
    await add_provider(app, fake_fleet, ProviderType.GEMINI, "two")
    await add_provider(app, fake_fleet, ProviderType.OPENAI_COMPATIBLE, "keyless", api_key="")

    _use_env(monkeypatch, app, NEW_SECRET)  # the old secret is not offered: nothing decrypts
    assert await _kazi("providers", "list") == 0
    assert capsys.readouterr().out.count("needs_reconfiguration") == 2

    _use_env(monkeypatch, app, NEW_SECRET, previous=TEST_SECRET)
    assert await _kazi("rotate-keys") == 0
    assert "re-encrypted: 2, already current: 0, without key: 1, unreadable: 0" in (
        capsys.readouterr().out
    )
    assert await _kazi("rotate-keys") == 0
    assert "re-encrypted: 0, already current: 2, without key: 1, unreadable: 0" in (
        capsys.readouterr().out
    )

    _use_env(monkeypatch, app, NEW_SECRET)  # the previous secret is no longer needed
    assert await _kazi("providers", "list") == 0
    listing = capsys.readouterr().out
    assert listing.count("(ok)") == 2
    assert "needs_reconfiguration" not in listing


async def test_copied_ciphertext_fails_and_the_others_keep_serving(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    first = await add_provider(app, fake_fleet, ProviderType.OPENAI, "first", default_for=["chat"])
    second = await add_provider(app, fake_fleet, ProviderType.CLAUDE, "second", is_default=True)
    async with app.state.sessions() as session, session.begin():
        stolen = await session.scalar(
            select(AIProviderConfig.api_key_encrypted).where(AIProviderConfig.id == first)
        )
        await session.execute(
            update(AIProviderConfig)
            .where(AIProviderConfig.id == second)
            .values(api_key_encrypted=stolen)
        )
    admin = await make_admin_headers(client, app)
    listed = await client.get("/api/v1/admin/providers", headers=admin)
    assert listed.status_code == 200
    status = {p["name"]: p["key_status"] for p in listed.json()["data"]}
    assert status == {"first": "ok", "second": "needs_reconfiguration"}

    tested = await client.post(f"/api/v1/admin/providers/{second}/test", headers=admin)
    assert tested.status_code == 502
    assert tested.json()["error"]["code"] == "provider_needs_reconfiguration"

    preview = await client.get(
        "/api/v1/admin/routing/preview?task_type=extraction&tier=free", headers=admin
    )
    assert preview.json()["data"]["resolved_by"] == "builtin"  # the global default is skipped
    routed = await app.state.router.complete(
        CallContext(TaskType.CHAT, Tier.FREE, None), Prompt(user="hi")
    )
    assert routed.provider_used == "first"


async def test_the_plaintext_key_appears_nowhere(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet, caplog: pytest.LogCaptureFixture
) -> None:
    key = "sk-proj-PLAINTEXT-9f8e7d6c5b4a"
    caplog.set_level(logging.DEBUG)
    admin = await make_admin_headers(client, app)
    body = {
        "provider_type": "gemini",
        "name": "g",
        "model_name": "gemini-2.5-flash",
        "api_key": key,
        "settings": {"base_url": fake_fleet.urls.gemini},
        "is_default": True,
    }
    answers = [await client.post("/api/v1/admin/providers", json=body, headers=admin)]
    pid = answers[0].json()["data"]["id"]
    leak = f"API key not valid: {key} (https://example.invalid/v1beta?key={key})"
    fake_fleet.fakes.gemini.script(Reply(status=400, error_message=leak), *[Reply(status=500)] * 3)
    answers.append(await client.post(f"/api/v1/admin/providers/{pid}/test", headers=admin))
    errors = []
    try:
        await app.state.router.complete(
            CallContext(TaskType.CHAT, Tier.FREE, None), Prompt(user="hi")
        )
    except Exception as exc:  # the router's clean error, checked below for the key
        errors.append(f"{exc!r} {exc}")
    answers.append(await client.get("/api/v1/admin/providers", headers=admin))
    await app.state.usage_recorder.flush()
    async with app.state.sessions() as session:
        usage = [repr(r.__dict__) for r in (await session.scalars(select(AIProviderUsageLog)))]
        configs = (await session.execute(text("SELECT * FROM ai_provider_configs"))).all()
    everything = [a.text for a in answers] + errors + usage + [repr(c) for c in configs]
    everything += [r.getMessage() + repr(r.args) for r in caplog.records]
    assert len(usage) == 3  # three attempts at the one candidate, each recorded
    assert errors
    assert all(key not in item and key[-12:] not in item for item in everything)
