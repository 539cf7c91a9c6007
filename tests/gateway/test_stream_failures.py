"""Streamed completions that fail, read with OpenAI's SDK as a client reads a stream.

Before the first text a stream is routed like a plain call: retried, then handed to
the next candidate. Once text has reached the client it is never retried elsewhere:
the client sees the text so far and then the error.
"""

from typing import Any

import openai
import pytest

from kazi.enums import ANY_TIER
from kazi.llm.registry import ProviderType
from kazi.routing.models import RoutingCandidate
from kazi.routing.repository import RoutingRepository
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.gateway.conftest import usage_rows
from tests.routing.conftest import add_provider

HELLO = [{"role": "user", "content": "Hi"}]


@pytest.fixture
async def two_candidates(app: Any, fake_fleet: LiveFleet) -> tuple[int, int]:
    """Chat served by the fake OpenAI vendor first, the fake Anthropic vendor second."""
    first = await add_provider(app, fake_fleet, ProviderType.OPENAI, "openai-main")
    second = await add_provider(app, fake_fleet, ProviderType.CLAUDE, "claude-backup")
    rows = [
        RoutingCandidate(task_type="chat", tier=ANY_TIER, position=n, provider_config_id=p)
        for n, p in enumerate((first, second))
    ]
    async with app.state.sessions() as session, session.begin():
        await RoutingRepository(session).replace_rule("chat", ANY_TIER, rows)
    return first, second


async def _read(sdk: openai.AsyncOpenAI, received: list[str]) -> None:
    """Streams a chat completion, keeping each piece of text as it arrives."""
    stream = await sdk.chat.completions.create(model="kazi/chat", messages=HELLO, stream=True)
    async for chunk in stream:
        for choice in chunk.choices:
            if choice.delta.content:
                received.append(choice.delta.content)


async def test_a_rate_limited_stream_is_retried_then_served_by_the_same_candidate(
    app: Any,
    sdk: openai.AsyncOpenAI,
    fake_fleet: LiveFleet,
    two_candidates: tuple[int, int],
    sleeps: list[float],
) -> None:
    fake_fleet.fakes.openai.script(Reply(status=429, retry_after="2"), Reply(text="Now then."))
    received: list[str] = []
    await _read(sdk, received)
    assert "".join(received) == "Now then."
    assert sleeps == [2]  # the vendor's Retry-After, honoured
    assert len(fake_fleet.fakes.openai.requests) == 2
    assert fake_fleet.fakes.anthropic.requests == []  # no fallback
    rows = await usage_rows(app)
    assert [(r.provider_config_id, r.status) for r in rows] == [
        (two_candidates[0], "rate_limited"),
        (two_candidates[0], "success"),
    ]


async def test_a_stream_broken_after_text_is_not_continued_elsewhere(
    app: Any,
    sdk: openai.AsyncOpenAI,
    fake_fleet: LiveFleet,
    two_candidates: tuple[int, int],
    sleeps: list[float],
) -> None:
    fake_fleet.fakes.openai.script(Reply(text="One two three four.", broken_after=2))
    received: list[str] = []
    with pytest.raises(openai.APIError) as caught:
        await _read(sdk, received)
    assert "".join(received) == "One two "  # what was sent stands, nothing is appended
    assert caught.value.code == "ai_unavailable"
    assert len(fake_fleet.fakes.openai.requests) == 1  # no retry
    assert fake_fleet.fakes.anthropic.requests == []  # no fallback
    assert sleeps == []
    rows = await usage_rows(app)
    assert [(r.provider_config_id, r.status, r.error_code) for r in rows] == [
        (two_candidates[0], "error", "unavailable")
    ]


async def test_a_stream_broken_before_any_text_falls_back(
    app: Any,
    sdk: openai.AsyncOpenAI,
    fake_fleet: LiveFleet,
    two_candidates: tuple[int, int],
    sleeps: list[float],
) -> None:
    fake_fleet.fakes.openai.script(*[Reply(malformed=True)] * 3)  # broken after the role chunk
    fake_fleet.fakes.anthropic.script(Reply(text="Backup answer."))
    received: list[str] = []
    await _read(sdk, received)
    assert "".join(received) == "Backup answer."
    assert len(fake_fleet.fakes.openai.requests) == 3  # retried first, as plain calls are
    assert len(sleeps) == 2
    assert len(fake_fleet.fakes.anthropic.requests) == 1
    rows = await usage_rows(app)
    assert [(r.provider_config_id, r.status) for r in rows] == [
        *[(two_candidates[0], "error")] * 3,
        (two_candidates[1], "success"),
    ]
