"""Compatibility: OpenAI's own SDK, through Kazi, to a fake of each vendor.

For every parameter and message form a client may send, it checks what the vendor
received and what the client got back; where a vendor has no equivalent, that the
client gets a 400 naming the parameter and the vendor gets nothing.
"""

import copy
import json
from typing import Any

import openai
import pytest

from kazi.enums import TaskType
from kazi.llm.registry import ProviderType
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import FakeToolCall, FakeVendor, Reply
from tests.gateway.compat_cases import (
    CLAUDE_REFUSES,
    COMMON,
    CONVERSATION,
    GEMINI_REFUSES,
    IMAGE_URL,
    OPENAI_ONLY,
    SCHEMA,
    WEATHER_TOOL,
)
from tests.routing.conftest import add_provider

OPENAI_WIRE = (ProviderType.OPENAI, ProviderType.OPENAI_COMPATIBLE)
ALL = (*OPENAI_WIRE, ProviderType.CLAUDE, ProviderType.GEMINI)
CALL = FakeToolCall("get_weather", {"city": "Mombasa"}, id="call_w1")


def _vendor(fleet: LiveFleet, kind: ProviderType) -> FakeVendor:
    fakes = fleet.fakes
    return {
        ProviderType.OPENAI: fakes.openai,
        ProviderType.OPENAI_COMPATIBLE: fakes.compatible,
        ProviderType.CLAUDE: fakes.anthropic,
        ProviderType.GEMINI: fakes.gemini,
    }[kind]


@pytest.fixture(params=ALL, ids=lambda kind: kind.value)
async def vendor(request: pytest.FixtureRequest, app: Any, fake_fleet: LiveFleet) -> FakeVendor:
    """The fake of the vendor under test, serving Kazi's chat task; `.kind` names it."""
    kind: ProviderType = request.param
    await add_provider(app, fake_fleet, kind, f"{kind.value}-chat", default_for=[TaskType.CHAT])
    fake = _vendor(fake_fleet, kind)
    fake.kind = kind  # type: ignore[attr-defined]
    return fake


def _kind(vendor: FakeVendor) -> ProviderType:
    kind: ProviderType = vendor.kind  # type: ignore[attr-defined]
    return kind


async def _chat(sdk: openai.AsyncOpenAI, **params: Any) -> Any:
    return await sdk.chat.completions.create(model="kazi/chat", **params)


async def test_every_openai_parameter_and_message_reaches_the_vendor_as_sent(
    sdk: openai.AsyncOpenAI, vendor: FakeVendor
) -> None:
    if _kind(vendor) not in OPENAI_WIRE:
        pytest.skip("Claude and Gemini have their own wire formats (tests below)")
    vendor.script(Reply(parsed={"answer": "Yes, wear the suit."}))
    params = {**COMMON, **OPENAI_ONLY}
    answer = await _chat(sdk, messages=CONVERSATION, **params)

    sent = vendor.last_request.body
    assert sent["messages"] == CONVERSATION  # roles, turns, tool calls, image detail
    for name, value in params.items():
        assert sent[name] == value, name  # max_completion_tokens not renamed, strict kept
    assert set(sent) == {"model", "messages", *params}
    assert [c.index for c in answer.choices] == [0, 1]
    assert json.loads(answer.choices[0].message.content) == {"answer": "Yes, wear the suit."}
    assert answer.choices[1].message.content.endswith("(choice 2)")
    logprobs = answer.choices[0].logprobs
    assert logprobs is not None
    assert logprobs.content
    assert logprobs.content[0].logprob == -0.25


async def test_json_object_stays_json_object(sdk: openai.AsyncOpenAI, vendor: FakeVendor) -> None:
    vendor.script(Reply(parsed={"ok": True}))
    ask = {"messages": [{"role": "user", "content": "JSON please"}]}
    if _kind(vendor) is ProviderType.CLAUDE:
        with pytest.raises(openai.BadRequestError, match="response_format"):
            await _chat(sdk, response_format={"type": "json_object"}, **ask)
        assert vendor.requests == []
        return
    answer = await _chat(sdk, response_format={"type": "json_object"}, **ask)
    assert json.loads(answer.choices[0].message.content) == {"ok": True}
    sent = vendor.last_request.body
    if _kind(vendor) is ProviderType.GEMINI:
        config = sent["generationConfig"]
        assert config["responseMimeType"] == "application/json"
        assert "responseJsonSchema" not in config
    else:
        assert sent["response_format"] == {"type": "json_object"}


async def test_claude_gets_each_form_in_its_own_types(
    sdk: openai.AsyncOpenAI, vendor: FakeVendor
) -> None:
    if _kind(vendor) is not ProviderType.CLAUDE:
        pytest.skip("Claude only")
    conversation = copy.deepcopy(CONVERSATION)
    del conversation[2]["content"][1]["image_url"]["detail"]  # Claude has no detail
    vendor.script(Reply(parsed={"answer": "Yes."}))
    schema = {"type": "json_schema", "json_schema": {"name": "advice", "schema": SCHEMA}}
    await _chat(
        sdk,
        messages=conversation,
        parallel_tool_calls=False,
        user="user-1234",
        response_format=schema,
        **COMMON,
    )
    sent = vendor.last_request.body
    assert sent["system"] == [
        {"type": "text", "text": "You are a careers coach."},
        {"type": "text", "text": "Answer in British English."},
    ]
    assert sent["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Here is my CV. What is the weather where I live?"},
                {"type": "image", "source": {"type": "url", "url": IMAGE_URL}},
            ],
        },
        {
            "role": "assistant",
            "content": [
                {
                    "type": "tool_use",
                    "id": "call_abc",
                    "name": "get_weather",
                    "input": {"city": "Nairobi"},
                }
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "call_abc", "content": "Sunny, 24 C"},
                {"type": "text", "text": "So should I wear a suit to the interview?"},
            ],
        },
    ]
    function = WEATHER_TOOL["function"]
    assert sent["tools"] == [
        {
            "name": "get_weather",
            "description": function["description"],
            "input_schema": function["parameters"],
        }
    ]
    assert sent["tool_choice"] == {"type": "any", "disable_parallel_tool_use": True}
    assert sent["max_tokens"] == 300
    assert sent["stop_sequences"] == ["\n\n###"]
    assert sent["metadata"] == {"user_id": "user-1234"}
    assert sent["output_config"] == {"format": {"type": "json_schema", "schema": SCHEMA}}


async def test_gemini_gets_each_form_in_its_own_types(
    sdk: openai.AsyncOpenAI, vendor: FakeVendor
) -> None:
    if _kind(vendor) is not ProviderType.GEMINI:
        pytest.skip("Gemini only")
    sampling = {
        "temperature": 0.2,
        "top_p": 0.9,
        "frequency_penalty": 0.5,
        "presence_penalty": -0.5,
        "seed": 42,
        "n": 2,
        "logprobs": True,
        "top_logprobs": 2,
    }
    answer = await _chat(sdk, messages=CONVERSATION, **COMMON, **sampling)
    sent = vendor.last_request.body
    assert sent["systemInstruction"] == {
        "parts": [{"text": "You are a careers coach."}, {"text": "Answer in British English."}]
    }
    image, call, result = (
        sent["contents"][0]["parts"][1],
        sent["contents"][1],
        sent["contents"][2],
    )
    assert image["fileData"] == {"file_uri": IMAGE_URL, "mime_type": "image/png"}
    assert image["mediaResolution"] == {"level": "MEDIA_RESOLUTION_HIGH"}
    assert call == {
        "role": "model",
        "parts": [
            {"functionCall": {"id": "call_abc", "name": "get_weather", "args": {"city": "Nairobi"}}}
        ],
    }
    assert result["parts"][0]["functionResponse"] == {
        "id": "call_abc",
        "name": "get_weather",
        "response": {"result": "Sunny, 24 C"},
    }
    assert [c["role"] for c in sent["contents"]] == ["user", "model", "user", "user"]
    [declaration] = sent["tools"][0]["functionDeclarations"]
    assert declaration["name"] == "get_weather"
    assert sent["toolConfig"] == {"functionCallingConfig": {"mode": "ANY"}}
    assert sent["generationConfig"] == {
        "temperature": 0.2,
        "topP": 0.9,
        "frequencyPenalty": 0.5,
        "presencePenalty": -0.5,
        "seed": 42,
        "candidateCount": 2,
        "responseLogprobs": True,
        "logprobs": 2,
        "maxOutputTokens": 300,
        "stopSequences": ["\n\n###"],
    }
    assert [c.index for c in answer.choices] == [0, 1]


@pytest.mark.parametrize(
    ("kind", "refused"),
    [(ProviderType.CLAUDE, CLAUDE_REFUSES), (ProviderType.GEMINI, GEMINI_REFUSES)],
    ids=["claude", "gemini"],
)
async def test_a_parameter_without_equivalent_is_a_400_naming_it(
    sdk: openai.AsyncOpenAI, vendor: FakeVendor, kind: ProviderType, refused: dict[str, Any]
) -> None:
    if _kind(vendor) is not kind:
        pytest.skip(f"{kind.value} only")
    for name, value in refused.items():
        with pytest.raises(openai.BadRequestError) as caught:
            await _chat(sdk, messages=[{"role": "user", "content": "Hi"}], **{name: value})
        assert name in caught.value.message, name
        assert caught.value.code == "upstream_rejected"
    assert vendor.requests == []


async def test_tool_calls_come_back(sdk: openai.AsyncOpenAI, vendor: FakeVendor) -> None:
    vendor.script(Reply(tool_calls=(CALL,)))
    answer = await _chat(
        sdk, messages=[{"role": "user", "content": "Weather in Mombasa?"}], tools=[WEATHER_TOOL]
    )
    choice = answer.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    [call] = choice.message.tool_calls
    assert (call.id, call.type, call.function.name) == ("call_w1", "function", "get_weather")
    assert json.loads(call.function.arguments) == {"city": "Mombasa"}


async def test_streamed_tool_calls_come_back(sdk: openai.AsyncOpenAI, vendor: FakeVendor) -> None:
    vendor.script(Reply(tool_calls=(CALL,)))
    stream = await _chat(
        sdk,
        messages=[{"role": "user", "content": "Weather in Mombasa?"}],
        tools=[WEATHER_TOOL],
        stream=True,
    )
    chunks = [chunk async for chunk in stream]
    deltas = [call for c in chunks if c.choices for call in c.choices[0].delta.tool_calls or []]
    assert deltas[0].id == "call_w1"
    assert deltas[0].function.name == "get_weather"
    assert {d.index for d in deltas} == {0}
    arguments = "".join(d.function.arguments or "" for d in deltas)
    assert json.loads(arguments) == {"city": "Mombasa"}
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishes[-1] == "tool_calls"


async def test_two_choices(sdk: openai.AsyncOpenAI, vendor: FakeVendor) -> None:
    vendor.script(Reply(text="Wear the suit."))
    ask = {"messages": [{"role": "user", "content": "Suit?"}], "n": 2}
    if _kind(vendor) is ProviderType.CLAUDE:
        with pytest.raises(openai.BadRequestError, match="`n`"):
            await _chat(sdk, **ask)
        return
    answer = await _chat(sdk, **ask)
    assert [c.message.content for c in answer.choices] == [
        "Wear the suit.",
        "Wear the suit. (choice 2)",
    ]


async def test_two_streamed_choices(sdk: openai.AsyncOpenAI, vendor: FakeVendor) -> None:
    if _kind(vendor) is ProviderType.CLAUDE:
        pytest.skip("Claude answers n=2 with a 400 (test_two_choices)")
    vendor.script(Reply(text="Wear the suit."))
    stream = await _chat(sdk, messages=[{"role": "user", "content": "Suit?"}], n=2, stream=True)
    texts = {0: "", 1: ""}
    finished = set()
    async for chunk in stream:
        for choice in chunk.choices:
            texts[choice.index] += choice.delta.content or ""
            if choice.finish_reason:
                finished.add((choice.index, choice.finish_reason))
    assert texts == {0: "Wear the suit.", 1: "Wear the suit. (choice 2)"}
    assert finished == {(0, "stop"), (1, "stop")}


async def test_an_image_url_reaches_the_vendor(sdk: openai.AsyncOpenAI, vendor: FakeVendor) -> None:
    part = {"type": "image_url", "image_url": {"url": IMAGE_URL}}
    content = [{"type": "text", "text": "What is in this scan?"}, part]
    answer = await _chat(sdk, messages=[{"role": "user", "content": content}])
    assert answer.choices[0].message.content == "Hello from the fake vendor."
    sent = vendor.last_request.body
    if _kind(vendor) in OPENAI_WIRE:
        assert sent["messages"][0]["content"] == content
    elif _kind(vendor) is ProviderType.CLAUDE:
        assert sent["messages"][0]["content"][1]["source"] == {"type": "url", "url": IMAGE_URL}
    else:
        assert sent["contents"][0]["parts"][1]["fileData"]["file_uri"] == IMAGE_URL
