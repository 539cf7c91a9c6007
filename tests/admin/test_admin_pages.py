"""Routing, prices and quotas pages: what they show and what their forms change."""

import re
from typing import Any

from sqlalchemy import select

from kazi.audit.models import AuditEntry
from kazi.providers.models import ModelPriceOverride
from kazi.quotas.models import QuotaLimit
from kazi.routing.models import RoutingCandidate
from tests.admin.conftest import Dashboard, add_provider


async def rule(app: Any, task: str, tier: str) -> list[tuple[int, str | None]]:
    async with app.state.sessions() as session:
        rows = await session.scalars(
            select(RoutingCandidate)
            .where(RoutingCandidate.task_type == task, RoutingCandidate.tier == tier)
            .order_by(RoutingCandidate.position)
        )
        return [(row.provider_config_id, row.model_override) for row in rows]


def preview_of(html: str, task: str, tier: str) -> str:
    block = html.split(f'id="rule-{task}-{tier}"', 1)[1].split('<div class="rule"', 1)[0]
    found = re.search(r'<p class="preview">(.*?)</p>', block, re.S)
    assert found is not None
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


async def test_routing_rules_are_edited_and_previewed(dashboard: Dashboard, app: Any) -> None:
    first = await add_provider(app, "first", "gpt-4o-mini")
    second = await add_provider(app, "second", "gpt-4o")
    page = await dashboard.page("/admin/routing")
    assert preview_of(page.text, "cv_draft", "pro") == "Right now: built-in engine (builtin)"

    base = "/admin/routing/cv_draft/pro"
    await dashboard.post(f"{base}/add", {"provider_config_id": str(first)})
    await dashboard.post(
        f"{base}/add", {"provider_config_id": str(second), "model_override": "gpt-4.1"}
    )
    assert await rule(app, "cv_draft", "pro") == [(first, None), (second, "gpt-4.1")]
    await dashboard.post(f"{base}/move", {"position": "1", "direction": "up"})
    assert await rule(app, "cv_draft", "pro") == [(second, "gpt-4.1"), (first, None)]
    await dashboard.post(f"{base}/model", {"position": "1", "model_override": "gpt-4o-mini-2"})
    assert await rule(app, "cv_draft", "pro") == [(second, "gpt-4.1"), (first, "gpt-4o-mini-2")]

    page = await dashboard.page("/admin/routing")
    assert preview_of(page.text, "cv_draft", "pro") == (
        "Right now: second / gpt-4.1 → first / gpt-4o-mini-2 (rule:cv_draft/pro)"
    )
    assert preview_of(page.text, "cv_draft", "free") == "Right now: built-in engine (builtin)"
    await dashboard.post("/admin/routing/cv_draft/any/add", {"provider_config_id": str(first)})
    page = await dashboard.page("/admin/routing")
    assert preview_of(page.text, "cv_draft", "free") == (
        "Right now: first / gpt-4o-mini (rule:cv_draft/*)"
    )
    removed = await dashboard.post(f"{base}/remove", {"position": "0"})
    assert removed.headers["location"] == "/admin/routing?notice=saved#rule-cv_draft-pro"
    assert await rule(app, "cv_draft", "pro") == [(first, "gpt-4o-mini-2")]
    async with app.state.sessions() as session:
        last = await session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert last is not None
    assert (last.action, last.target_id) == ("routing.update", "cv_draft/pro")
    assert last.before is not None
    assert last.after is not None
    assert [c["provider_name"] for c in last.before["candidates"]] == ["second", "first"]
    assert [c["provider_name"] for c in last.after["candidates"]] == ["first"]


async def test_unknown_rules_and_positions_are_not_found(dashboard: Dashboard, app: Any) -> None:
    first = await add_provider(app, "first", "gpt-4o-mini")
    unknown_task = await dashboard.post(
        "/admin/routing/poetry/pro/add", {"provider_config_id": str(first)}
    )
    assert unknown_task.status_code == 404
    missing = await dashboard.post("/admin/routing/chat/pro/remove", {"position": "0"})
    assert missing.status_code == 404
    assert "There is nothing here" in missing.text


async def test_prices_are_entered_in_dollars_and_stored_in_micro_dollars(
    dashboard: Dashboard, app: Any
) -> None:
    await add_provider(app, "local", "mystery-model-9", "openai_compatible")
    await add_provider(app, "hosted", "gpt-4o-mini")
    page = await dashboard.page("/admin/prices")
    unknown = re.findall(r'<tr class="unpriced">\s*<td data-label="Model">([^<]+)</td>', page.text)
    assert unknown == ["mystery-model-9"]

    bad = await dashboard.post(
        "/admin/prices", {"model_name": "mystery-model-9", "input": "0.1234567", "output": "1"}
    )
    assert bad.status_code == 422
    assert "Input price: at most 6 decimal places" in bad.text
    saved = await dashboard.post(
        "/admin/prices",
        {"model_name": "mystery-model-9", "input": "0.15", "output": "$0.60", "cached": ""},
    )
    assert saved.status_code == 303
    async with app.state.sessions() as session:
        row = await session.scalar(select(ModelPriceOverride))
    assert row is not None
    assert (row.input_micro_usd_per_mtok, row.output_micro_usd_per_mtok) == (150_000, 600_000)
    assert row.cached_input_micro_usd_per_mtok is None

    page = await dashboard.page("/admin/prices")
    assert '<tr class="unpriced">' not in page.text
    assert "$0.15" in page.text
    assert "$0.60" in page.text
    edit = await dashboard.page("/admin/prices?model=mystery-model-9")
    assert 'name="input" value="0.15"' in edit.text
    deleted = await dashboard.post(f"/admin/prices/{row.id}/delete")
    assert deleted.status_code == 303
    page = await dashboard.page("/admin/prices")
    assert len(re.findall(r'<tr class="unpriced">', page.text)) == 1


async def test_quotas_are_set_changed_and_deleted(dashboard: Dashboard, app: Any) -> None:
    form = {"tier": "free", "task": "any", "period": "day", "max_calls": "20", "max_cost": ""}
    assert (await dashboard.post("/admin/quotas", form)).status_code == 303
    cheaper = {**form, "max_calls": "", "max_cost": "0.50"}
    assert (await dashboard.post("/admin/quotas", cheaper)).status_code == 303
    empty = await dashboard.post("/admin/quotas", {**form, "max_calls": "", "max_cost": ""})
    assert empty.status_code == 422
    assert "set max_calls, max_cost_usd or both" in empty.text
    async with app.state.sessions() as session:
        (limit,) = (await session.scalars(select(QuotaLimit))).all()
    assert (limit.tier, limit.task_type, limit.period) == ("free", "*", "day")
    assert (limit.max_calls, limit.max_cost_micro_usd) == (None, 500_000)
    page = await dashboard.page("/admin/quotas")
    assert 'name="max_cost" value="0.5"' in page.text
    assert (await dashboard.post(f"/admin/quotas/{limit.id}/delete")).status_code == 303
    async with app.state.sessions() as session:
        assert (await session.scalars(select(QuotaLimit))).all() == []
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert actions == ["quota.set", "quota.set", "quota.delete"]


async def test_the_providers_page_shows_a_cooldown(dashboard: Dashboard, app: Any) -> None:
    failing = await add_provider(app, "failing", "gpt-4o-mini")
    await add_provider(app, "healthy", "gpt-4o")
    cooldowns = app.state.router.cooldowns
    for _ in range(3):  # three failures in a row cool a provider down
        await cooldowns.failed(failing)
    assert await cooldowns.is_cooled_down(failing)
    page = (await dashboard.page("/admin/providers")).text
    statuses = re.findall(r'<span class="status status-[a-z-]+">([a-z ]+)</span>', page)
    assert statuses == ["cooled down", "active"]
