"""How each vendor's wire format carries the parts of a prompt, read back from what a
fake vendor recorded, so one contract suite can check all adapters."""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kazi.llm.registry import ProviderType
from tests.fakes import FakeFleet, FakeVendor, FleetUrls, RecordedRequest
from tests.fakes.script import bearer_token

Image = tuple[str, bytes]
Options = tuple[float | None, int | None]


def _data_url(url: str) -> Image:
    header, _, data = url.partition(",")
    prefix, suffix = "data:", ";base64"
    assert header.startswith(prefix), header
    assert header.endswith(suffix), header
    return header[len(prefix) : -len(suffix)], base64.b64decode(data, validate=True)


def _openai_user_parts(body: dict[str, Any]) -> list[Any]:
    user = next(m for m in body["messages"] if m["role"] == "user")
    content = user["content"]
    return [{"type": "text", "text": content}] if isinstance(content, str) else content


def _openai_system(body: dict[str, Any]) -> str | None:
    system = [m["content"] for m in body["messages"] if m["role"] in ("system", "developer")]
    return system[0] if system else None


def _openai_images(body: dict[str, Any]) -> list[Image]:
    parts = _openai_user_parts(body)
    return [_data_url(p["image_url"]["url"]) for p in parts if p["type"] == "image_url"]


def _openai_user_text(body: dict[str, Any]) -> str:
    return "".join(p["text"] for p in _openai_user_parts(body) if p["type"] == "text")


def _anthropic_blocks(body: dict[str, Any]) -> list[Any]:
    content = body["messages"][0]["content"]
    return [{"type": "text", "text": content}] if isinstance(content, str) else content


def _anthropic_images(body: dict[str, Any]) -> list[Image]:
    sources = [b["source"] for b in _anthropic_blocks(body) if b["type"] == "image"]
    assert all(s["type"] == "base64" for s in sources)
    return [(s["media_type"], base64.b64decode(s["data"], validate=True)) for s in sources]


def _gemini_parts(body: dict[str, Any]) -> list[Any]:
    return [part for content in body["contents"] for part in content["parts"]]


def _proto_bytes(text: str) -> bytes:
    """Bytes in protobuf JSON: base64 in the standard or the URL-safe alphabet (the
    google-genai SDK sends the latter)."""
    return base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)


def _gemini_images(body: dict[str, Any]) -> list[Image]:
    blobs = [p["inlineData"] for p in _gemini_parts(body) if "inlineData" in p]
    return [(b.get("mimeType") or b["mime_type"], _proto_bytes(b["data"])) for b in blobs]


def _gemini_system(body: dict[str, Any]) -> str | None:
    instruction = body.get("systemInstruction")
    return "".join(p["text"] for p in instruction["parts"]) if instruction else None


@dataclass(frozen=True)
class VendorCase:
    """One adapter under contract: how to reach its fake and read its wire format."""

    provider_type: ProviderType
    model: str
    fake: Callable[[FakeFleet], FakeVendor]
    base_url: Callable[[FleetUrls], str]
    key_sent: Callable[[RecordedRequest], str | None]
    model_sent: Callable[[RecordedRequest], str]
    system_sent: Callable[[dict[str, Any]], str | None]
    user_text_sent: Callable[[dict[str, Any]], str]
    images_sent: Callable[[dict[str, Any]], list[Image]]
    schema_sent: Callable[[dict[str, Any]], Any]
    options_sent: Callable[[dict[str, Any]], Options]

    def __str__(self) -> str:
        return self.provider_type.value


def _chat_completions_case(
    provider_type: ProviderType,
    fake: Callable[[FakeFleet], FakeVendor],
    base_url: Callable[[FleetUrls], str],
    limit_field: str,
) -> VendorCase:
    return VendorCase(
        provider_type=provider_type,
        model=f"{provider_type.value}-model",
        fake=fake,
        base_url=base_url,
        key_sent=lambda r: bearer_token(r.headers),
        model_sent=lambda r: r.body["model"],
        system_sent=_openai_system,
        user_text_sent=_openai_user_text,
        images_sent=_openai_images,
        schema_sent=lambda b: b["response_format"]["json_schema"]["schema"],
        options_sent=lambda b: (b.get("temperature"), b.get(limit_field)),
    )


OPENAI = _chat_completions_case(
    ProviderType.OPENAI, lambda f: f.openai, lambda u: u.openai, "max_tokens"
)
OPENAI_COMPATIBLE = _chat_completions_case(
    ProviderType.OPENAI_COMPATIBLE, lambda f: f.compatible, lambda u: u.compatible, "max_tokens"
)
CLAUDE = VendorCase(
    provider_type=ProviderType.CLAUDE,
    model="claude-model",
    fake=lambda f: f.anthropic,
    base_url=lambda u: u.anthropic,
    key_sent=lambda r: r.headers.get("x-api-key") or bearer_token(r.headers),
    model_sent=lambda r: r.body["model"],
    system_sent=lambda b: b.get("system"),
    user_text_sent=lambda b: "".join(
        block["text"] for block in _anthropic_blocks(b) if block["type"] == "text"
    ),
    images_sent=_anthropic_images,
    schema_sent=lambda b: b["output_config"]["format"]["schema"],
    options_sent=lambda b: (b.get("temperature"), b.get("max_tokens")),
)
GEMINI = VendorCase(
    provider_type=ProviderType.GEMINI,
    model="gemini-model",
    fake=lambda f: f.gemini,
    base_url=lambda u: u.gemini,
    key_sent=lambda r: r.headers.get("x-goog-api-key") or r.query.get("key"),
    model_sent=lambda r: r.path.rpartition("/")[2].partition(":")[0],
    system_sent=_gemini_system,
    user_text_sent=lambda b: "".join(p.get("text", "") for p in _gemini_parts(b)),
    images_sent=_gemini_images,
    schema_sent=lambda b: b["generationConfig"]["responseJsonSchema"],
    options_sent=lambda b: (
        b.get("generationConfig", {}).get("temperature"),
        b.get("generationConfig", {}).get("maxOutputTokens"),
    ),
)

CASES = (OPENAI, CLAUDE, GEMINI, OPENAI_COMPATIBLE)
