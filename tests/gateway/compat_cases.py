"""Requests for the compatibility suite: every parameter and message form OpenAI's
Chat Completions takes, and what each vendor should receive for them."""

from typing import Any

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}
IMAGE_URL = "https://images.example.com/cv-scan.png"
SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string"}},
    "required": ["answer"],
    "additionalProperties": False,
}

# A conversation with every role: instructions, an image with detail, a tool call
# and its result, then a follow-up question.
CONVERSATION: list[dict[str, Any]] = [
    {"role": "system", "content": "You are a careers coach."},
    {"role": "developer", "content": "Answer in British English."},
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "Here is my CV. What is the weather where I live?"},
            {"type": "image_url", "image_url": {"url": IMAGE_URL, "detail": "high"}},
        ],
    },
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_abc",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city": "Nairobi"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_abc", "content": "Sunny, 24 C"},
    {"role": "user", "content": "So should I wear a suit to the interview?"},
]

# Parameters every vendor has an equivalent for, as the SDK sends them.
COMMON: dict[str, Any] = {
    "tools": [WEATHER_TOOL],
    "tool_choice": "required",
    "max_completion_tokens": 300,
    "stop": ["\n\n###"],
}

# Everything else, each one refused by a vendor that lacks it.
OPENAI_ONLY: dict[str, Any] = {
    "temperature": 0.2,
    "top_p": 0.9,
    "frequency_penalty": 0.5,
    "presence_penalty": -0.5,
    "logit_bias": {"50256": -100},
    "seed": 42,
    "n": 2,
    "logprobs": True,
    "top_logprobs": 2,
    "parallel_tool_calls": False,
    "user": "user-1234",
    "metadata": {"purpose": "compat"},
    "response_format": {
        "type": "json_schema",
        "json_schema": {"name": "advice", "schema": SCHEMA, "strict": True},
    },
}

# What the vendors without an equivalent refuse, by the parameter the 400 names.
CLAUDE_REFUSES = {
    "temperature": 0.2,
    "top_p": 0.9,
    "frequency_penalty": 0.5,
    "presence_penalty": 0.5,
    "logit_bias": {"50256": -100},
    "seed": 42,
    "logprobs": True,
    "top_logprobs": 2,
    "metadata": {"purpose": "compat"},
    "n": 2,
    "response_format": {"type": "json_object"},
}
GEMINI_REFUSES = {
    "logit_bias": {"50256": -100},
    "user": "user-1234",
    "metadata": {"purpose": "compat"},
    "parallel_tool_calls": False,
}
