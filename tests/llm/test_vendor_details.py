"""Behaviour that only one vendor's wire format has."""

import pytest

from kazi.llm.base import Provider
from kazi.llm.errors import BadRequest, ContentRefused, RateLimited
from kazi.llm.registry import ProviderType, build
from kazi.llm.types import ImagePart, Prompt
from tests.fakes import Reply
from tests.fakes.plugin import LiveFleet
from tests.llm.conftest import API_KEY
from tests.llm.wire import CASES, GEMINI, VendorCase


def _provider(case: VendorCase, fleet: LiveFleet, **settings: object) -> Provider:
    return build(case.provider_type, {"base_url": case.base_url(fleet.urls), **settings})


async def test_gemini_prompt_blocked_is_content_refused(fake_fleet: LiveFleet) -> None:
    fake_fleet.fakes.gemini.script(
        Reply(raw_body={"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}})
    )
    provider = _provider(GEMINI, fake_fleet, api_key=API_KEY)
    with pytest.raises(ContentRefused):
        await provider.generate(Prompt(user="x"), model="gemini-model", timeout=5)
    await provider.aclose()


async def test_gemini_retry_delay_in_the_body_becomes_retry_after(fake_fleet: LiveFleet) -> None:
    retry_info = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s"}
    body = {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "details": [retry_info]}}
    fake_fleet.fakes.gemini.script(Reply(status=429, raw_body=body))
    provider = _provider(GEMINI, fake_fleet, api_key=API_KEY)
    with pytest.raises(RateLimited) as raised:
        await provider.generate(Prompt(user="x"), model="gemini-model", timeout=5)
    assert raised.value.retry_after == 37
    await provider.aclose()


async def test_openai_content_filter_is_content_refused(fake_fleet: LiveFleet) -> None:
    message = {"role": "assistant", "content": ""}
    choice = {"index": 0, "message": message, "finish_reason": "content_filter"}
    body = {"id": "c", "object": "chat.completion", "created": 0, "model": "m", "choices": [choice]}
    fake_fleet.fakes.openai.script(Reply(raw_body=body))
    provider = _provider(CASES[0], fake_fleet, api_key=API_KEY)
    with pytest.raises(ContentRefused):
        await provider.generate(Prompt(user="x"), model="gpt", timeout=5)
    await provider.aclose()


async def test_claude_refuses_image_types_it_cannot_read_before_sending(
    fake_fleet: LiveFleet,
) -> None:
    claude = next(c for c in CASES if c.provider_type is ProviderType.CLAUDE)
    provider = _provider(claude, fake_fleet, api_key=API_KEY)
    with pytest.raises(BadRequest, match="image/bmp"):
        await provider.generate(
            Prompt(user="x", images=(ImagePart(b"BM", "image/bmp"),)), model="c", timeout=5
        )
    assert fake_fleet.fakes.anthropic.requests == []
    await provider.aclose()


async def test_compatible_server_without_a_key_gets_no_real_credential(
    fake_fleet: LiveFleet,
) -> None:
    compatible = next(c for c in CASES if c.provider_type is ProviderType.OPENAI_COMPATIBLE)
    provider = _provider(compatible, fake_fleet)
    completion = await provider.generate(Prompt(user="x"), model="llama", timeout=5)
    assert completion.text
    assert compatible.key_sent(fake_fleet.fakes.compatible.last_request) == "no-key"
    await provider.aclose()


async def test_environment_variables_do_not_steer_adapters(
    case: VendorCase, fake_fleet: LiveFleet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Settings come from Kazi only; an SDK reading these would send the wrong key,
    # leak OpenAI ids to another server, or switch Gemini to Vertex or another version.
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY"):
        monkeypatch.setenv(name, "sk-from-the-environment")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-from-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-from-env")
    monkeypatch.setenv("GOOGLE_GENAI_USE_VERTEXAI", "true")
    monkeypatch.setenv("GOOGLE_GENAI_API_VERSION", "v1")
    monkeypatch.setenv("GOOGLE_GENAI_CLIENT_MODE", "replay")
    provider = _provider(case, fake_fleet, api_key=API_KEY)
    await provider.generate(Prompt(user="x"), model=case.model, timeout=5)
    await provider.aclose()
    request = case.fake(fake_fleet.fakes).last_request
    assert case.key_sent(request) == API_KEY
    assert "openai-organization" not in request.headers
    assert "openai-project" not in request.headers
    if case is GEMINI:
        assert request.path == "/gemini/v1beta/models/gemini-model:generateContent"
