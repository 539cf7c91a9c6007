"""Metrics tests reuse the gateway's fixtures: a key holder and a chat provider."""

from tests.gateway.conftest import chat_provider, holder

__all__ = ["chat_provider", "holder"]
