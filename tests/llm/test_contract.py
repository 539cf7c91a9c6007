"""One contract for every adapter, run through the vendor's real SDK against its fake.

Each test is parametrised over the four adapters (`case`) and, where both paths build
their own request or read their own answer, over `generate` and `stream` (`mode`).
"""

import dataclasses
import logging
import socket
import time

import pytest

from kazi.llm.base import Provider
from kazi.llm.errors import (
    AuthRejected,
    BadRequest,
    ContentRefused,
    InvalidModelOutput,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from kazi.llm.registry import ProviderType, build
from kazi.llm.tokens import estimate_tokens
from kazi.llm.types import GenerationOptions, ImagePart, Prompt, TextDelta, Usage
from tests.fakes import FakeVendor, Reply
from tests.llm.calls import answer, collect
from tests.llm.conftest import API_KEY
from tests.llm.wire import VendorCase

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(200, 240))
SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "skills": {"type": "array"}},
    "required": ["name"],
}


async def test_answer_carries_text_model_request_id_and_finish_reason(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    fake.script(Reply(text="Habari ya asubuhi, Amina.", model="reported-9", request_id="req_42"))
    completion = await answer(provider, Prompt(user="Greet Amina"), case.model, mode)
    assert completion.text == "Habari ya asubuhi, Amina."
    assert completion.model == "reported-9"
    assert completion.request_id == "req_42"
    assert completion.finish_reason == "stop"
    assert completion.parsed is None
    assert case.model_sent(fake.last_request) == case.model
    assert case.user_text_sent(fake.last_request.body) == "Greet Amina"


async def test_api_key_reaches_vendor_in_its_auth_header(
    provider: Provider, fake: FakeVendor, case: VendorCase
) -> None:
    await provider.generate(Prompt(user="hi"), model=case.model, timeout=5)
    assert case.key_sent(fake.last_request) == API_KEY
    assert API_KEY not in fake.last_request.path + str(fake.last_request.query)


async def test_system_prompt_reaches_vendor(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    prompt = Prompt(user="Summarise my CV", system="You are a careful career coach.")
    await answer(provider, prompt, case.model, mode)
    assert case.system_sent(fake.last_request.body) == "You are a careful career coach."


async def test_no_system_prompt_sends_none(
    provider: Provider, fake: FakeVendor, case: VendorCase
) -> None:
    await provider.generate(Prompt(user="hi"), model=case.model, timeout=5)
    assert case.system_sent(fake.last_request.body) is None


async def test_images_reach_vendor_in_its_wire_format(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    images = (ImagePart(PNG, "image/png"), ImagePart(JPEG, "image/jpeg"))
    await answer(provider, Prompt(user="Read this certificate", images=images), case.model, mode)
    body = fake.last_request.body
    assert case.images_sent(body) == [("image/png", PNG), ("image/jpeg", JPEG)]
    assert case.user_text_sent(body) == "Read this certificate"


async def test_generation_options_reach_vendor(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    options = GenerationOptions(temperature=0.3, max_tokens=321)
    if case.provider_type is ProviderType.CLAUDE:
        # The Messages API this SDK speaks has no sampling parameters: refused, not dropped.
        with pytest.raises(BadRequest, match="temperature"):
            await answer(provider, Prompt(user="hi", options=options), case.model, mode)
        assert fake.requests == []
        options = GenerationOptions(max_tokens=321)
    await answer(provider, Prompt(user="hi", options=options), case.model, mode)
    temperature, max_tokens = case.options_sent(fake.last_request.body)
    assert max_tokens == 321
    assert temperature == (None if case.provider_type is ProviderType.CLAUDE else 0.3)


async def test_json_schema_output_is_requested_and_parsed(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    wanted = {"name": "Wanjiru", "skills": ["payroll", "audit"]}
    fake.script(Reply(parsed=wanted))
    prompt = Prompt(user="Extract the profile", json_schema=SCHEMA, schema_name="profile")
    completion = await answer(provider, prompt, case.model, mode)
    assert completion.parsed == wanted
    assert case.schema_sent(fake.last_request.body) == SCHEMA


async def test_structured_answer_that_is_not_json_is_invalid_output(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    fake.script(Reply(text="Sure! Here is the profile you asked for"))
    with pytest.raises(InvalidModelOutput):
        await answer(provider, Prompt(user="x", json_schema=SCHEMA), case.model, mode)


async def test_stream_yields_deltas_then_one_completion_with_usage(
    provider: Provider, fake: FakeVendor, case: VendorCase
) -> None:
    fake.script(Reply(text="Dear hiring manager, I am writing to apply.", output_tokens=9))
    streamed = await collect(provider, Prompt(user="Write a letter"), case.model)
    assert len(streamed.deltas) >= 2
    assert "".join(streamed.deltas) == "Dear hiring manager, I am writing to apply."
    assert streamed.completion.text == "Dear hiring manager, I am writing to apply."
    assert streamed.completion.usage == Usage(input_tokens=12, output_tokens=9)


async def test_leaving_a_stream_early_is_clean(
    provider: Provider, fake: FakeVendor, case: VendorCase
) -> None:
    fake.script(Reply(text="one two three four five six"), Reply(text="again"))
    async for event in provider.stream(Prompt(user="x"), model=case.model, timeout=5):
        assert isinstance(event, TextDelta)
        break
    completion = await provider.generate(Prompt(user="x"), model=case.model, timeout=5)
    assert completion.text == "again"


async def test_reported_usage_is_normalised(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    # 150 prompt tokens of which 100 read from the cache (and, for Anthropic, 20 written
    # to it): the fake reports them the vendor's way, Anthropic's input_tokens being 30.
    cache_write = 20 if case.provider_type is ProviderType.CLAUDE else 0
    fake.script(
        Reply(
            input_tokens=150,
            cached_tokens=100,
            cache_write_tokens=cache_write,
            output_tokens=30,
            reasoning_tokens=10,
        )
    )
    completion = await answer(provider, Prompt(user="x"), case.model, mode)
    assert completion.usage == Usage(input_tokens=150, output_tokens=30, cached_tokens=100)


async def test_missing_usage_is_estimated_with_the_tokenizer(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    text = "Your experience in logistics matches the posting well."
    fake.script(Reply(text=text, omit_usage=True))
    prompt = Prompt(user="Does my experience match?", system="Be brief.")
    completion = await answer(provider, prompt, case.model, mode)
    assert completion.usage.estimated
    assert completion.usage.output_tokens == estimate_tokens(text) > 0
    expected_input = estimate_tokens("Be brief.\nDoes my experience match?")
    assert completion.usage.input_tokens == expected_input > 0


ERRORS = {
    "401": (Reply(status=401), AuthRejected),
    "403": (Reply(status=403), AuthRejected),
    "429": (Reply(status=429, retry_after="7"), RateLimited),
    "500": (Reply(status=500), ProviderUnavailable),
    "503": (Reply(status=503), ProviderUnavailable),
    "400": (Reply(status=400), BadRequest),
    "404": (Reply(status=404), BadRequest),
    "422": (Reply(status=422), BadRequest),
    "malformed": (Reply(malformed=True), ProviderUnavailable),
    "refusal": (Reply(refusal=True), ContentRefused),
}


@pytest.mark.parametrize("scenario", list(ERRORS))
async def test_failures_map_to_the_error_tree_without_leaking_the_key(
    provider: Provider,
    fake: FakeVendor,
    case: VendorCase,
    mode: str,
    scenario: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    reply, expected = ERRORS[scenario]
    # Vendors do echo keys back (OpenAI: "Incorrect API key provided: sk-...").
    leaky = f"Incorrect API key provided: {API_KEY}; see https://x.example/?key={API_KEY}"
    fake.script(dataclasses.replace(reply, error_message=leaky))
    with pytest.raises(expected) as raised:
        await answer(provider, Prompt(user="x"), case.model, mode)
    error = raised.value
    assert type(error) is expected
    if expected is RateLimited:
        assert isinstance(error, RateLimited)
        assert error.retry_after == 7
    assert len(fake.requests) == 1, "the SDK retried"
    assert API_KEY not in str(error)
    assert API_KEY not in repr(error.args)
    assert len(str(error)) <= 200
    assert API_KEY not in caplog.text


async def test_server_error_is_not_retried(
    provider: Provider, fake: FakeVendor, case: VendorCase
) -> None:
    # Had the SDK retried, it would have received the success queued after the 500.
    fake.script(Reply(status=500), Reply(text="second attempt"))
    with pytest.raises(ProviderUnavailable):
        await provider.generate(Prompt(user="x"), model=case.model, timeout=5)
    assert len(fake.requests) == 1


async def test_answer_slower_than_the_timeout_is_a_timeout(
    provider: Provider, fake: FakeVendor, case: VendorCase, mode: str
) -> None:
    fake.script(Reply(delay=1.5))
    started = time.monotonic()
    with pytest.raises(ProviderTimeout):
        await answer(provider, Prompt(user="x"), case.model, mode, timeout=0.3)
    assert time.monotonic() - started < 1.2
    assert len(fake.requests) == 1


async def test_key_the_vendor_does_not_know_is_auth_rejected(
    provider: Provider, fake: FakeVendor, case: VendorCase, caplog: pytest.LogCaptureFixture
) -> None:
    # Gemini answers this with 400 API_KEY_INVALID rather than 401.
    caplog.set_level(logging.DEBUG)
    fake.accepted_keys = {"some-other-key"}
    with pytest.raises(AuthRejected) as raised:
        await provider.generate(Prompt(user="x"), model=case.model, timeout=5)
    assert API_KEY not in str(raised.value)
    assert API_KEY not in caplog.text


async def test_unreachable_vendor_is_unavailable(case: VendorCase, mode: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe is closed.
    settings = {"api_key": API_KEY, "base_url": f"http://127.0.0.1:{port}/v1"}
    provider = build(case.provider_type, settings)
    try:
        with pytest.raises(ProviderUnavailable) as raised:
            await answer(provider, Prompt(user="x"), case.model, mode)
        assert API_KEY not in str(raised.value)
    finally:
        await provider.aclose()
