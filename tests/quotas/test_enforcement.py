"""Quotas hold under concurrency, give failed calls back, and cap spending."""

import asyncio
from typing import Any

import httpx2
import pytest

from kazi.enums import TaskType, Tier
from kazi.llm.registry import ProviderType
from kazi.llm.types import Prompt
from kazi.quotas.service import QuotaExceeded
from kazi.routing.attempts import CallContext
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.gateway.conftest import KeyHolder, usage_rows
from tests.helpers import new_user
from tests.quotas.support import CHAT, chat, iso_z, next_midnight, next_month_start, set_limit
from tests.routing.conftest import add_provider

pytestmark = pytest.mark.usefixtures("chat_provider")
LIMIT = 5


async def test_concurrent_calls_at_the_limit_never_exceed_it(
    client: httpx2.AsyncClient,
    app: Any,
    admin: dict[str, str],
    holder: KeyHolder,
    fake_fleet: LiveFleet,
) -> None:
    await set_limit(client, admin, "free/chat/day", max_calls=LIMIT)
    answers = await asyncio.gather(*(chat(client, holder) for _ in range(3 * LIMIT)))

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] * LIMIT + [429] * (2 * LIMIT)
    assert len(fake_fleet.fakes.openai.requests) == LIMIT
    reset = next_midnight()
    for refused in (a for a in answers if a.status_code == 429):
        error = refused.json()["error"]
        assert (error["type"], error["code"]) == ("insufficient_quota", "quota_exceeded")
        assert f"It resets at {iso_z(reset)}." in error["message"]
        assert "5 calls" in error["message"]
        assert 0 < int(refused.headers["retry-after"]) <= 24 * 3600
    rows = await usage_rows(app)
    assert [row.status for row in rows] == ["success"] * LIMIT


async def test_the_router_counts_every_applicable_limit_atomically(
    client: httpx2.AsyncClient,
    app: Any,
    admin: dict[str, str],
    holder: KeyHolder,
    fake_fleet: LiveFleet,
) -> None:
    """A call refused by one limit leaves the others untouched, even under a race."""
    await set_limit(client, admin, "free/chat/day", max_calls=3)
    await set_limit(client, admin, "free/any/month", max_calls=5)
    router = app.state.router
    ctx = CallContext(TaskType.CHAT, Tier.FREE, holder.user_id)
    outcomes = await asyncio.gather(
        *(router.complete(ctx, Prompt("Hi")) for _ in range(9)), return_exceptions=True
    )
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 3
    refusals = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(refusals) == 6
    assert all(isinstance(o, QuotaExceeded) for o in refusals)

    quota = await _my_quota(client, holder)
    assert [(q["task_type"], q["period"], q["calls_used"]) for q in quota] == [
        ("any", "month", 3),
        ("chat", "day", 3),
    ]
    # Two calls of the month's five are left for the other tasks.
    await add_provider(
        app, fake_fleet, ProviderType.OPENAI, "letters", default_for=[TaskType.COVER_LETTER]
    )
    letter = CallContext(TaskType.COVER_LETTER, Tier.FREE, holder.user_id)
    for _ in range(2):
        await router.complete(letter, Prompt("Write"))
    with pytest.raises(QuotaExceeded) as caught:
        await router.complete(letter, Prompt("Write"))
    assert f"It resets at {iso_z(next_month_start())}." in caught.value.message
    assert "monthly quota of 5 calls for all AI tasks" in caught.value.message


async def test_a_failed_call_gives_its_reservation_back(
    client: httpx2.AsyncClient,
    admin: dict[str, str],
    holder: KeyHolder,
    fake_fleet: LiveFleet,
) -> None:
    await set_limit(client, admin, "free/chat/day", max_calls=1)
    fake_fleet.fakes.openai.script(Reply(status=400, error_message="refused"))
    assert (await chat(client, holder)).status_code == 400  # the vendor's answer, passed on
    assert (await _my_quota(client, holder))[0]["calls_used"] == 0
    assert (await chat(client, holder)).status_code == 200
    assert (await chat(client, holder)).status_code == 429


async def test_a_spending_cap_refuses_once_reached(
    client: httpx2.AsyncClient, app: Any, admin: dict[str, str], holder: KeyHolder
) -> None:
    await set_limit(client, admin, "free/chat/day", max_cost_usd="0.000005")
    first = await chat(client, holder)
    assert first.status_code == 200
    [row] = await usage_rows(app)
    assert row.cost_micro_usd is not None
    assert row.cost_micro_usd >= 5  # the default reply's tokens cost more than the cap

    refused = await chat(client, holder)
    assert refused.status_code == 429
    assert "$0.000005 of spending" in refused.json()["error"]["message"]
    [status] = await _my_quota(client, holder)
    assert status["cost_used_usd"] == f"{row.cost_micro_usd / 1_000_000:.6f}"
    assert status["cost_remaining_usd"] == "0.000000"
    assert (status["max_calls"], status["calls_remaining"]) == (None, None)


async def test_a_zero_limit_refuses_kazis_own_routes_too(
    client: httpx2.AsyncClient, app: Any, admin: dict[str, str], fake_fleet: LiveFleet
) -> None:
    await add_provider(
        app, fake_fleet, ProviderType.OPENAI, "extractor", default_for=[TaskType.EXTRACTION]
    )
    await set_limit(client, admin, "free/extraction/month", max_calls=0)
    _, headers = await new_user(client, "chege@example.com")
    answer = await client.post(
        "/api/v1/jobs/extract", json={"text": "Records clerk wanted in Mombasa."}, headers=headers
    )
    assert answer.status_code == 429
    assert answer.json()["error"]["code"] == "quota_exceeded"
    assert int(answer.headers["retry-after"]) > 0
    assert fake_fleet.fakes.openai.requests == []


async def test_other_tiers_are_not_limited(
    client: httpx2.AsyncClient, app: Any, admin: dict[str, str], holder: KeyHolder
) -> None:
    await set_limit(client, admin, "pro/chat/day", max_calls=0)
    assert (await chat(client, holder)).status_code == 200
    assert await _my_quota(client, holder) == []


async def _my_quota(client: httpx2.AsyncClient, holder: KeyHolder) -> list[dict[str, Any]]:
    answer = await client.get("/api/v1/users/me/usage", headers=holder.headers)
    assert answer.status_code == 200
    quota: list[dict[str, Any]] = answer.json()["data"]["quota"]
    return quota


async def test_streams_are_counted_and_refused_before_they_start(
    client: httpx2.AsyncClient, admin: dict[str, str], holder: KeyHolder, fake_fleet: LiveFleet
) -> None:
    await set_limit(client, admin, "free/chat/day", max_calls=1)
    stream = {**CHAT, "stream": True}
    fake_fleet.fakes.openai.script(Reply(status=400, error_message="refused"))
    failed = await client.post("/v1/chat/completions", json=stream, headers=holder.headers)
    assert failed.status_code == 400  # the vendor's refusal; the call is given back
    assert (await _my_quota(client, holder))[0]["calls_used"] == 0

    served = await client.post("/v1/chat/completions", json=stream, headers=holder.headers)
    assert served.status_code == 200
    assert served.text.endswith("data: [DONE]\n\n")
    refused = await client.post("/v1/chat/completions", json=stream, headers=holder.headers)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/json"
    assert refused.json()["error"]["code"] == "quota_exceeded"
    assert (await _my_quota(client, holder))[0]["calls_used"] == 1


async def test_the_refusal_names_the_task_as_a_person_says_it(
    client: httpx2.AsyncClient,
    app: Any,
    admin: dict[str, str],
    holder: KeyHolder,
    fake_fleet: LiveFleet,
) -> None:
    await set_limit(client, admin, "free/cv_draft/day", max_calls=1)
    await add_provider(app, fake_fleet, ProviderType.OPENAI, "cvs", default_for=[TaskType.CV_DRAFT])
    cv = CallContext(TaskType.CV_DRAFT, Tier.FREE, holder.user_id)
    await app.state.router.complete(cv, Prompt("Draft"))
    with pytest.raises(QuotaExceeded) as caught:
        await app.state.router.complete(cv, Prompt("Draft"))
    assert caught.value.message == (
        f"You have reached your daily quota of 1 call for CV drafting. "
        f"It resets at {iso_z(next_midnight())}."
    )
