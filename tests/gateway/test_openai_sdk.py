"""OpenAI's own Python SDK, holding a Kazi API key, talks to the gateway."""

from typing import Any

import openai
import pytest

from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.gateway.conftest import KeyHolder, sdk_client, usage_rows

pytestmark = pytest.mark.usefixtures("chat_provider")


async def test_plain_completion_is_routed_and_recorded(
    app: Any, sdk: openai.AsyncOpenAI, holder: KeyHolder, fake_fleet: LiveFleet
) -> None:
    fake_fleet.fakes.openai.script(
        Reply(text="Habari! Ready to help.", input_tokens=31, output_tokens=6, cached_tokens=8)
    )
    answer = await sdk.chat.completions.create(
        model="kazi/chat", messages=[{"role": "user", "content": "Say hello."}]
    )

    assert answer.object == "chat.completion"
    assert answer.model == "kazi/chat"
    assert answer.id.startswith("chatcmpl-")
    assert answer.choices[0].message.role == "assistant"
    assert answer.choices[0].message.content == "Habari! Ready to help."
    assert answer.choices[0].finish_reason == "stop"
    assert answer.usage is not None
    assert (answer.usage.prompt_tokens, answer.usage.completion_tokens) == (31, 6)
    assert answer.usage.total_tokens == 37
    assert answer.usage.prompt_tokens_details is not None
    assert answer.usage.prompt_tokens_details.cached_tokens == 8

    [row] = await usage_rows(app)
    assert (row.user_id, row.task_type, row.tier) == (holder.user_id, "chat", "free")
    assert (row.provider_name, row.status) == ("openai-main", "success")
    assert (row.input_tokens, row.output_tokens, row.cached_tokens) == (31, 6, 8)


async def test_the_vendor_gets_the_providers_model_and_key(
    sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet
) -> None:
    await sdk.chat.completions.create(
        model="kazi/chat",
        messages=[
            {"role": "system", "content": "You are a careers coach."},
            {"role": "user", "content": "Say hello."},
        ],
        temperature=0.3,
        max_completion_tokens=50,
    )
    sent = fake_fleet.fakes.openai.last_request
    assert sent.body["model"] == "gpt-4o-mini"  # the provider's model, not the client's
    assert sent.body["messages"] == [
        {"role": "system", "content": "You are a careers coach."},
        {"role": "user", "content": "Say hello."},
    ]
    assert sent.body["temperature"] == 0.3
    assert sent.body["max_completion_tokens"] == 50
    assert sent.headers["authorization"] == "Bearer sk-test-openai-main-0123456789"


async def test_streamed_completion_ends_with_a_usage_chunk(
    app: Any, sdk: openai.AsyncOpenAI, holder: KeyHolder, fake_fleet: LiveFleet
) -> None:
    fake_fleet.fakes.openai.script(
        Reply(text="One two three four.", input_tokens=20, output_tokens=4)
    )
    stream = await sdk.chat.completions.create(
        model="kazi/chat",
        messages=[{"role": "user", "content": "Count to four."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = [chunk async for chunk in stream]

    assert {chunk.id for chunk in chunks} == {chunks[0].id}
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "One two three four."
    finishing = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishing[-1] == "stop"
    assert finishing[:-1] == [None] * (len(finishing) - 1)
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None
    assert (last.usage.prompt_tokens, last.usage.completion_tokens) == (20, 4)
    assert all(chunk.usage is None for chunk in chunks[:-1])

    [row] = await usage_rows(app)
    assert (row.user_id, row.task_type, row.status) == (holder.user_id, "chat", "success")
    assert (row.input_tokens, row.output_tokens) == (20, 4)


async def test_stream_without_usage_option_sends_no_usage_chunk(
    sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet
) -> None:
    fake_fleet.fakes.openai.script(Reply(text="Short answer."))
    stream = await sdk.chat.completions.create(
        model="kazi/chat", messages=[{"role": "user", "content": "Hi"}], stream=True
    )
    chunks = [chunk async for chunk in stream]
    assert all(chunk.usage is None for chunk in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"


async def test_models_lists_the_task_routes(sdk: openai.AsyncOpenAI) -> None:
    listed = await sdk.models.list()
    assert [model.id for model in listed.data] == [
        "kazi/extraction",
        "kazi/cv_draft",
        "kazi/cover_letter",
        "kazi/validation",
        "kazi/chat",
        "kazi/embedding",
    ]
    assert {model.owned_by for model in listed.data} == {"kazi"}


async def test_unknown_model_is_a_404_in_openai_shape(sdk: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        await sdk.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "Hi"}]
        )
    assert caught.value.status_code == 404
    assert caught.value.code == "model_not_found"
    assert caught.value.type == "invalid_request_error"
    assert "/v1/models" in caught.value.message


async def test_a_wrong_key_is_refused(app: Any) -> None:
    stranger = sdk_client(app, "kzk_not-a-key-that-exists")
    try:
        with pytest.raises(openai.AuthenticationError) as caught:
            await stranger.chat.completions.create(
                model="kazi/chat", messages=[{"role": "user", "content": "Hi"}]
            )
        assert caught.value.code == "invalid_api_key"
        with pytest.raises(openai.AuthenticationError):
            await stranger.models.list()
    finally:
        await stranger.close()
