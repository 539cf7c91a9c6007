"""Retries, fallbacks, cooldowns, and one usage record per attempt with the exact cost."""

from decimal import Decimal
from typing import Any

import genai_prices
import pytest

from kazi.enums import ANY_TIER, TaskType, Tier
from kazi.llm.registry import ProviderType
from kazi.llm.types import Prompt
from kazi.routing.attempts import CallContext
from kazi.routing.models import RoutingCandidate
from kazi.routing.repository import RoutingRepository
from kazi.routing.router import AllProvidersFailed, NoProviderConfigured, Router
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.routing.conftest import CooldownStore, ListSink, add_provider

CTX = CallContext(task_type=TaskType.CV_DRAFT, tier=Tier.PRO, user_id=None)
PROMPT = Prompt(user="Write a summary.", system="You write CVs.")


async def _two_candidates(app: Any, fleet: LiveFleet) -> tuple[int, int]:
    primary = await add_provider(app, fleet, ProviderType.OPENAI, "primary")
    backup = await add_provider(app, fleet, ProviderType.CLAUDE, "backup")
    rows = [
        RoutingCandidate(
            task_type="cv_draft", tier=ANY_TIER, position=n, provider_config_id=p, options={}
        )
        for n, p in enumerate((primary, backup))
    ]
    async with app.state.sessions() as session, session.begin():
        await RoutingRepository(session).replace_rule("cv_draft", ANY_TIER, rows)
    return primary, backup


@pytest.mark.parametrize(
    ("failure", "status"),
    [
        (Reply(status=429, retry_after="3"), "rate_limited"),
        (Reply(status=500), "error"),
        (Reply(delay=3.0), "timeout"),
    ],
    ids=["429", "500", "timeout"],
)
async def test_primary_failure_falls_back(
    app: Any, router: Router, sink: ListSink, fake_fleet: LiveFleet, failure: Reply, status: str
) -> None:
    await _two_candidates(app, fake_fleet)
    fake_fleet.fakes.openai.script(failure, failure)
    fake_fleet.fakes.anthropic.script(
        Reply(text="Backup answer", model="claude-3-5-haiku-20241022")
    )
    routed = await router.complete(CTX, PROMPT)
    assert routed.completion.text == "Backup answer"
    assert (routed.provider_used, routed.model, routed.attempts) == (
        "backup",
        "claude-3-5-haiku-20241022",
        3,
    )
    assert [(r.provider_name, r.status, r.attempt) for r in sink.records] == [
        ("primary", status, 1),
        ("primary", status, 2),
        ("backup", "success", 3),
    ]
    assert sink.records[2].model == "claude-3-5-haiku-20241022"
    assert len({r.request_id for r in sink.records}) == 3


async def test_retry_after_is_honoured(
    app: Any, router: Router, fake_fleet: LiveFleet, sink: ListSink
) -> None:
    await _two_candidates(app, fake_fleet)
    waited: list[float] = []

    async def record_sleep(seconds: float) -> None:
        waited.append(seconds)

    router.sleep = record_sleep
    fake_fleet.fakes.openai.script(Reply(status=429, retry_after="4"), Reply(text="second try"))
    routed = await router.complete(CTX, PROMPT)
    assert (routed.completion.text, routed.provider_used, routed.attempts) == (
        "second try",
        "primary",
        2,
    )
    assert waited == [4.0]


async def test_auth_failure_moves_on_without_retrying(
    app: Any, router: Router, fake_fleet: LiveFleet, sink: ListSink
) -> None:
    await _two_candidates(app, fake_fleet)
    fake_fleet.fakes.openai.script(Reply(status=401))
    routed = await router.complete(CTX, PROMPT)
    assert routed.provider_used == "backup"
    assert [(r.provider_name, r.error_code) for r in sink.records] == [
        ("primary", "auth_rejected"),
        ("backup", None),
    ]


@pytest.mark.parametrize("cooldown_store", ["memory", "redis"], indirect=True)
async def test_cooled_down_provider_is_skipped_then_tried_again(
    app: Any, router: Router, fake_fleet: LiveFleet, sink: ListSink, cooldown_store: CooldownStore
) -> None:
    await _two_candidates(app, fake_fleet)
    # Two failures trip (POLICY); each request retries the primary once.
    fake_fleet.fakes.openai.script(*[Reply(status=500)] * 4)
    assert (await router.complete(CTX, PROMPT)).provider_used == "backup"
    assert [r.provider_name for r in sink.records] == ["primary", "primary", "backup"]
    sink.records.clear()
    # One request's retries counted once: the primary is still tried, and trips now.
    assert (await router.complete(CTX, PROMPT)).provider_used == "backup"
    assert [r.provider_name for r in sink.records] == ["primary", "primary", "backup"]
    sink.records.clear()
    assert (await router.complete(CTX, PROMPT)).provider_used == "backup"
    assert [r.provider_name for r in sink.records] == ["backup"]  # primary not even tried
    await cooldown_store.time.advance(31)
    sink.records.clear()
    assert (await router.complete(CTX, PROMPT)).provider_used == "primary"
    assert [r.provider_name for r in sink.records] == ["primary"]


async def test_every_candidate_failing_is_a_clean_503(
    app: Any, router: Router, fake_fleet: LiveFleet, sink: ListSink
) -> None:
    await _two_candidates(app, fake_fleet)
    fake_fleet.fakes.openai.script(Reply(status=500), Reply(status=500))
    fake_fleet.fakes.anthropic.script(Reply(status=503), Reply(status=503))
    with pytest.raises(AllProvidersFailed) as raised:
        await router.complete(CTX, PROMPT)
    assert raised.value.code == "ai_unavailable"
    assert len(sink.records) == 4


async def test_nothing_configured(router: Router) -> None:
    with pytest.raises(NoProviderConfigured):
        await router.complete(CTX, PROMPT)


@pytest.mark.parametrize(
    ("provider_type", "model", "vendor_id"),
    [
        (ProviderType.OPENAI, "gpt-4o-mini", "openai"),
        (ProviderType.CLAUDE, "claude-3-5-haiku-latest", "anthropic"),
        (ProviderType.GEMINI, "gemini-2.5-flash", "google"),
    ],
)
async def test_cost_equals_genai_prices(
    app: Any,
    router: Router,
    fake_fleet: LiveFleet,
    sink: ListSink,
    provider_type: ProviderType,
    model: str,
    vendor_id: str,
) -> None:
    await add_provider(app, fake_fleet, provider_type, "priced", model_name=model, is_default=True)
    vendor = {
        "openai": fake_fleet.fakes.openai,
        "anthropic": fake_fleet.fakes.anthropic,
        "google": fake_fleet.fakes.gemini,
    }[vendor_id]
    vendor.script(Reply(input_tokens=12_000, output_tokens=3_000, cached_tokens=2_000, model=model))
    await router.complete(CTX, PROMPT)
    (record,) = sink.records
    assert (record.input_tokens, record.output_tokens, record.cached_tokens) == (
        12_000,
        3_000,
        2_000,
    )
    expected = genai_prices.calc_price(
        genai_prices.Usage(input_tokens=12_000, output_tokens=3_000, cache_read_tokens=2_000),
        model,
        provider_id=vendor_id,
    ).total_price
    assert record.cost_micro_usd == int((Decimal(expected) * 1_000_000).to_integral_value())
    assert record.cost_micro_usd > 0


async def test_unknown_model_has_unknown_cost(
    app: Any, router: Router, fake_fleet: LiveFleet, sink: ListSink
) -> None:
    await add_provider(app, fake_fleet, ProviderType.OPENAI_COMPATIBLE, "local", is_default=True)
    await router.complete(CTX, PROMPT)
    assert sink.records[0].cost_micro_usd is None
    assert sink.records[0].status == "success"
