"""The resolution order for (task, tier)."""

from typing import Any

from kazi.enums import ANY_TIER
from kazi.llm.registry import ProviderType
from kazi.routing.models import RoutingCandidate
from kazi.routing.repository import RoutingRepository
from kazi.routing.router import Router
from tests.fakes.plugin import LiveFleet
from tests.routing.conftest import add_provider


async def _rule(app: Any, task: str, tier: str, *provider_ids: int) -> None:
    rows = [
        RoutingCandidate(task_type=task, tier=tier, position=n, provider_config_id=pid, options={})
        for n, pid in enumerate(provider_ids)
    ]
    async with app.state.sessions() as session, session.begin():
        await RoutingRepository(session).replace_rule(task, tier, rows)


async def _names(router: Router, task: str, tier: str) -> tuple[str, list[str]]:
    resolution = await router.resolve(task, tier)
    return resolution.resolved_by, [c.provider.name for c in resolution.candidates]


async def test_resolution_order(app: Any, router: Router, fake_fleet: LiveFleet) -> None:
    assert await _names(router, "extraction", "pro") == ("builtin", [])
    glob = await add_provider(app, fake_fleet, ProviderType.OPENAI, "global", is_default=True)
    assert await _names(router, "extraction", "pro") == ("global_default", ["global"])
    await add_provider(app, fake_fleet, ProviderType.GEMINI, "task", default_for=["extraction"])
    assert await _names(router, "extraction", "pro") == ("task_default", ["task"])
    assert await _names(router, "cv_draft", "pro") == ("global_default", ["global"])
    anyp = await add_provider(app, fake_fleet, ProviderType.CLAUDE, "any-tier")
    await _rule(app, "extraction", ANY_TIER, anyp, glob)
    assert await _names(router, "extraction", "pro") == (
        "rule:extraction/*",
        ["any-tier", "global"],
    )
    pro = await add_provider(app, fake_fleet, ProviderType.OPENAI_COMPATIBLE, "pro-only")
    await _rule(app, "extraction", "pro", pro)
    assert await _names(router, "extraction", "pro") == ("rule:extraction/pro", ["pro-only"])
    assert await _names(router, "extraction", "free") == (
        "rule:extraction/*",
        ["any-tier", "global"],
    )


async def test_inactive_providers_are_skipped(
    app: Any, router: Router, fake_fleet: LiveFleet
) -> None:
    off = await add_provider(app, fake_fleet, ProviderType.OPENAI, "off", is_active=False)
    on = await add_provider(app, fake_fleet, ProviderType.GEMINI, "on", is_default=True)
    await _rule(app, "validation", ANY_TIER, off)
    assert await _names(router, "validation", "free") == ("global_default", ["on"])
    await _rule(app, "validation", ANY_TIER, off, on)
    assert await _names(router, "validation", "free") == ("rule:validation/*", ["on"])
