"""The OpenAI-compatible gateway: /v1/chat/completions and /v1/models over Kazi's router."""
