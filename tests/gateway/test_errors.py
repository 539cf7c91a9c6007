"""Errors that mean what they say, seen by OpenAI's SDK (with its default retries)."""

from collections.abc import AsyncIterator
from typing import Any

import openai
import pytest

from kazi.enums import ANY_TIER, TaskType
from kazi.llm.registry import ProviderType
from kazi.routing.models import RoutingCandidate
from kazi.routing.repository import RoutingRepository
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.gateway.conftest import KeyHolder, make_key_holder, sdk_client, usage_rows
from tests.routing.conftest import add_provider

HELLO = [{"role": "user", "content": "Hi"}]


@pytest.fixture
async def provider_id(app: Any, fake_fleet: LiveFleet) -> int:
    return await add_provider(
        app, fake_fleet, ProviderType.OPENAI, "openai-main", default_for=[TaskType.CHAT]
    )


@pytest.fixture
async def retrying_sdk(app: Any, holder: KeyHolder) -> AsyncIterator[openai.AsyncOpenAI]:
    """The SDK as clients use it: two retries of what it deems retryable."""
    client = sdk_client(app, holder.key).with_options(max_retries=2)
    yield client
    await client.close()


def _vendor_message(error: openai.APIStatusError) -> object:
    """The `error.message` of the answer's body (the SDK prefixes its own text)."""
    assert isinstance(error.body, dict)
    return error.body["message"]


async def _cooled_down(app: Any, provider_id: int) -> bool:
    return bool(await app.state.router.cooldowns.is_cooled_down(provider_id))


async def test_an_upstream_400_is_the_callers_400_and_harms_no_one_else(
    app: Any,
    client: Any,
    retrying_sdk: openai.AsyncOpenAI,
    fake_fleet: LiveFleet,
    provider_id: int,
) -> None:
    message = "Invalid 'messages[0].content': string too long."
    vendor = fake_fleet.fakes.openai
    for _ in range(3):  # more than the failures that would trip a cooldown
        vendor.script(Reply(status=400, error_message=message))
        with pytest.raises(openai.BadRequestError) as caught:
            await retrying_sdk.chat.completions.create(model="kazi/chat", messages=HELLO)
        assert caught.value.status_code == 400
        assert _vendor_message(caught.value) == message
        assert caught.value.code == "upstream_rejected"
    assert len(vendor.requests) == 3  # one upstream call per request: no retry, no fallback
    assert not await _cooled_down(app, provider_id)

    other = await make_key_holder(client, "baraka@example.com")
    other_sdk = sdk_client(app, other.key)
    answer = await other_sdk.chat.completions.create(model="kazi/chat", messages=HELLO)
    await other_sdk.close()
    assert answer.choices[0].message.content == "Hello from the fake vendor."
    rows = await usage_rows(app)
    assert [(r.status, r.error_code) for r in rows] == [("error", "bad_request")] * 3 + [
        ("success", None)
    ]


@pytest.mark.parametrize("status", [404, 413, 422])
async def test_other_caller_faults_keep_their_status(
    sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet, provider_id: int, status: int
) -> None:
    fake_fleet.fakes.openai.script(Reply(status=status, error_message=f"vendor says {status}"))
    with pytest.raises(openai.APIStatusError) as caught:
        await sdk.chat.completions.create(model="kazi/chat", messages=HELLO)
    error = caught.value
    assert (error.status_code, _vendor_message(error)) == (status, f"vendor says {status}")
    assert len(fake_fleet.fakes.openai.requests) == 1


async def test_upstream_429_is_retried_then_answered_429_with_the_smallest_retry_after(
    app: Any, sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet, sleeps: list[float]
) -> None:
    first = await add_provider(app, fake_fleet, ProviderType.OPENAI, "openai-main")
    second = await add_provider(app, fake_fleet, ProviderType.CLAUDE, "claude-backup")
    rows = [
        RoutingCandidate(task_type="chat", tier=ANY_TIER, position=n, provider_config_id=p)
        for n, p in enumerate((first, second))
    ]
    async with app.state.sessions() as session, session.begin():
        await RoutingRepository(session).replace_rule("chat", ANY_TIER, rows)
    fake_fleet.fakes.openai.script(*[Reply(status=429, retry_after="7")] * 3)
    fake_fleet.fakes.anthropic.script(*[Reply(status=429, retry_after="3")] * 3)
    with pytest.raises(openai.RateLimitError) as caught:
        await sdk.chat.completions.create(model="kazi/chat", messages=HELLO)
    assert caught.value.response.headers["retry-after"] == "3"
    assert caught.value.code == "upstream_rate_limited"
    assert sleeps == [7, 7, 3, 3]  # each candidate retried, honouring its Retry-After
    assert len(fake_fleet.fakes.openai.requests) == len(fake_fleet.fakes.anthropic.requests) == 3


async def test_a_rate_limit_that_clears_is_served(
    sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet, provider_id: int, sleeps: list[float]
) -> None:
    fake_fleet.fakes.openai.script(Reply(status=429, retry_after="2"), Reply(text="Now then."))
    answer = await sdk.chat.completions.create(model="kazi/chat", messages=HELLO)
    assert answer.choices[0].message.content == "Now then."
    assert sleeps == [2]


async def test_non_json_to_a_json_request_is_502_without_cooldown(
    app: Any, sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet, provider_id: int
) -> None:
    for _ in range(3):
        fake_fleet.fakes.openai.script(Reply(text="Sure! Here is your JSON: {oops"))
        with pytest.raises(openai.InternalServerError) as caught:
            await sdk.chat.completions.create(
                model="kazi/chat", messages=HELLO, response_format={"type": "json_object"}
            )
        assert caught.value.status_code == 502
        assert caught.value.code == "invalid_model_output"
    assert len(fake_fleet.fakes.openai.requests) == 3  # one attempt each
    assert not await _cooled_down(app, provider_id)
    rows = await usage_rows(app)
    assert {r.error_code for r in rows} == {"invalid_model_output"}


async def test_a_500_streak_from_several_requests_trips_the_cooldown_one_requests_retries_do_not(
    app: Any, sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet, provider_id: int, sleeps: list[float]
) -> None:
    vendor = fake_fleet.fakes.openai
    failures_to_trip = 3  # the app's policy; each request tries the provider 3 times
    for request in range(1, failures_to_trip + 1):
        vendor.script(*[Reply(status=500)] * 3)
        with pytest.raises(openai.APIStatusError) as caught:
            await sdk.chat.completions.create(model="kazi/chat", messages=HELLO)
        assert caught.value.status_code == 503
        assert len(vendor.requests) == 3 * request  # each request reached the vendor
        assert await _cooled_down(app, provider_id) == (request == failures_to_trip)
    with pytest.raises(openai.APIStatusError):
        await sdk.chat.completions.create(model="kazi/chat", messages=HELLO)
    assert len(vendor.requests) == 3 * failures_to_trip  # cooled down: not called


async def test_a_stream_the_vendor_refuses_is_the_callers_400_before_it_starts(
    app: Any, sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet, provider_id: int
) -> None:
    fake_fleet.fakes.openai.script(Reply(status=400, error_message="Unknown parameter: 'x'."))
    with pytest.raises(openai.BadRequestError) as caught:
        await sdk.chat.completions.create(model="kazi/chat", messages=HELLO, stream=True)
    assert _vendor_message(caught.value) == "Unknown parameter: 'x'."
    assert len(fake_fleet.fakes.openai.requests) == 1
    assert not await _cooled_down(app, provider_id)
