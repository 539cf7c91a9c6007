"""OpenAI, through the official `openai` SDK and the Chat Completions API."""

import httpx2
from openai import AsyncOpenAI, DefaultAioHttpClient

from kazi.llm.adapters._base import shared_tls_context
from kazi.llm.adapters._chat_completions import ChatCompletionsAdapter
from kazi.llm.adapters._settings import OpenAISettings

DEFAULT_BASE_URL = "https://api.openai.com/v1"


class OpenAIProvider(ChatCompletionsAdapter):
    vendor = "OpenAI"
    Settings = OpenAISettings

    def __init__(self, settings: OpenAISettings, http_client: httpx2.AsyncClient | None = None):
        key = settings.api_key.get_secret_value()
        client = AsyncOpenAI(
            api_key=key,
            # Always explicit, so OPENAI_BASE_URL in the environment is never used.
            base_url=settings.base_url or DEFAULT_BASE_URL,
            max_retries=0,
            # The SDK's documented aiohttp transport: a third less CPU per call than its
            # httpx2 default (bench/gateway.py), same defaults, proxies still honoured.
            http_client=http_client or DefaultAioHttpClient(verify=shared_tls_context()),
        )
        super().__init__(
            client=client,
            secrets=[key],
            owns_http_client=http_client is None,
            limits=settings,
        )
