"""Any server that speaks OpenAI's Chat Completions API (Ollama, vLLM, LM Studio, a
gateway...), through the official `openai` SDK pointed at the operator's base URL."""

import httpx2
from openai import AsyncOpenAI, DefaultAioHttpClient

from kazi.llm.adapters._base import shared_tls_context
from kazi.llm.adapters._chat_completions import ChatCompletionsAdapter
from kazi.llm.adapters._settings import OpenAICompatibleSettings

# The SDK insists on a key; a local server that checks none ignores this one.
_PLACEHOLDER_KEY = "no-key"


class OpenAICompatibleProvider(ChatCompletionsAdapter):
    vendor = "OpenAI-compatible server"
    Settings = OpenAICompatibleSettings

    def __init__(
        self, settings: OpenAICompatibleSettings, http_client: httpx2.AsyncClient | None = None
    ):
        key = settings.api_key.get_secret_value() if settings.api_key else None
        client = AsyncOpenAI(
            api_key=key or _PLACEHOLDER_KEY,
            base_url=settings.base_url,
            max_retries=0,
            # The SDK's aiohttp transport, for the reason given in the OpenAI adapter.
            http_client=http_client or DefaultAioHttpClient(verify=shared_tls_context()),
        )
        super().__init__(
            client=client,
            secrets=[key or ""],
            owns_http_client=http_client is None,
            limits=settings,
        )
