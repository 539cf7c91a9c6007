import pytest
from pydantic import SecretStr, ValidationError

from kazi.llm.adapters.anthropic import AnthropicProvider, AnthropicSettings
from kazi.llm.adapters.gemini import GeminiProvider, GeminiSettings
from kazi.llm.adapters.openai import OpenAIProvider, OpenAISettings
from kazi.llm.adapters.openai_compatible import (
    OpenAICompatibleProvider,
    OpenAICompatibleSettings,
)
from kazi.llm.registry import ProviderType, build, settings_model

KEY = "sk-registry-test-5e6f7a8b"
EXPECTED = [
    (ProviderType.GEMINI, GeminiProvider, GeminiSettings),
    (ProviderType.OPENAI, OpenAIProvider, OpenAISettings),
    (ProviderType.CLAUDE, AnthropicProvider, AnthropicSettings),
    (ProviderType.OPENAI_COMPATIBLE, OpenAICompatibleProvider, OpenAICompatibleSettings),
]


def test_provider_type_values_are_the_stored_names() -> None:
    assert [t.value for t in ProviderType] == ["gemini", "openai", "claude", "openai_compatible"]


@pytest.mark.parametrize(("provider_type", "adapter", "settings"), EXPECTED)
async def test_build_validates_a_mapping_and_returns_the_adapter(
    provider_type: ProviderType, adapter: type, settings: type
) -> None:
    assert settings_model(provider_type) is settings
    assert settings_model(provider_type.value) is settings
    provider = build(provider_type.value, {"api_key": KEY, "base_url": "https://llm.example/v1/"})
    try:
        assert type(provider) is adapter
    finally:
        await provider.aclose()


@pytest.mark.parametrize(("provider_type", "adapter", "settings"), EXPECTED)
async def test_build_accepts_a_settings_model(
    provider_type: ProviderType, adapter: type, settings: type
) -> None:
    provider = build(provider_type, settings(api_key=KEY, base_url="http://127.0.0.1:11434/v1"))
    try:
        assert type(provider) is adapter
    finally:
        await provider.aclose()


def test_build_refuses_settings_of_another_provider_type() -> None:
    with pytest.raises(TypeError, match="GeminiSettings"):
        build(ProviderType.GEMINI, OpenAISettings(api_key=KEY))


def test_unknown_provider_type_is_refused() -> None:
    with pytest.raises(ValueError, match="mistral"):
        settings_model("mistral")


@pytest.mark.parametrize(
    "base_url",
    ["ftp://llm.example", "llm.example/v1", "http://", "https://llm.example/v1?key=x", ""],
)
@pytest.mark.parametrize("settings", [OpenAISettings, AnthropicSettings, GeminiSettings])
def test_base_url_must_be_plain_http_or_https(settings: type, base_url: str) -> None:
    with pytest.raises(ValidationError):
        settings(api_key=KEY, base_url=base_url)


def test_base_url_is_optional_for_hosted_vendors_and_loses_its_trailing_slash() -> None:
    assert OpenAISettings(api_key=KEY).base_url is None
    assert GeminiSettings(api_key=KEY, base_url="https://proxy.example/g/").base_url == (
        "https://proxy.example/g"
    )


@pytest.mark.parametrize("api_key", [None, "", "   "])
def test_hosted_vendors_need_a_key(api_key: str | None) -> None:
    fields = {} if api_key is None else {"api_key": api_key}
    with pytest.raises(ValidationError):
        AnthropicSettings.model_validate(fields)


def test_pasted_key_whitespace_is_dropped() -> None:
    assert OpenAISettings(api_key=SecretStr(f"  {KEY}\n")).api_key.get_secret_value() == KEY


def test_compatible_server_needs_a_base_url_but_no_key() -> None:
    with pytest.raises(ValidationError):
        OpenAICompatibleSettings.model_validate({"api_key": KEY})
    settings = OpenAICompatibleSettings(base_url="http://localhost:11434/v1")
    assert settings.api_key is None


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        OpenAISettings.model_validate({"api_key": KEY, "organisation": "x"})


def test_settings_never_show_the_key() -> None:
    settings = OpenAISettings(api_key=KEY)
    assert KEY not in repr(settings)
    assert KEY not in str(settings.model_dump())
