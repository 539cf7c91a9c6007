"""What the gateway makes of a request: turns, images, JSON schemas, refusals, errors."""

import base64
from typing import Any

import httpx2
import pytest
from sqlalchemy import select

from kazi.enums import TaskType
from kazi.llm.registry import ProviderType
from kazi.providers.models import AIProviderConfig
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.gateway.conftest import KeyHolder, usage_rows
from tests.helpers import new_user
from tests.routing.conftest import add_provider

URL = "/v1/chat/completions"
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 24).decode()


async def admin_providers(app: Any) -> list[AIProviderConfig]:
    async with app.state.sessions() as session:
        return list(await session.scalars(select(AIProviderConfig)))


async def _post(client: httpx2.AsyncClient, holder: KeyHolder, body: Any) -> httpx2.Response:
    return await client.post(URL, json=body, headers=holder.headers)


@pytest.mark.usefixtures("chat_provider")
async def test_a_conversation_keeps_its_roles_and_turns(
    client: httpx2.AsyncClient, holder: KeyHolder, fake_fleet: LiveFleet
) -> None:
    body = {
        "model": "kazi/chat",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "developer", "content": [{"type": "text", "text": "Use British English."}]},
            {"role": "user", "content": "Which CV format suits a nurse?"},
            {"role": "assistant", "content": "A chronological one."},
            {"role": "user", "content": [{"type": "text", "text": "Why?"}]},
        ],
    }
    answer = await _post(client, holder, body)
    assert answer.status_code == 200, answer.text

    sent = fake_fleet.fakes.openai.last_request.body["messages"]
    assert sent == body["messages"]


@pytest.mark.usefixtures("chat_provider")
async def test_images_and_json_schema_reach_the_vendor(
    client: httpx2.AsyncClient, holder: KeyHolder, fake_fleet: LiveFleet
) -> None:
    schema = {"type": "object", "properties": {"title": {"type": "string"}}}
    fake_fleet.fakes.openai.script(Reply(parsed={"title": "Nurse"}))
    body = {
        "model": "kazi/chat",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Read the job title."},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
                ],
            }
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "job", "schema": schema},
        },
        "max_tokens": 40,
    }
    answer = await _post(client, holder, body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["choices"][0]["message"]["content"] == '{"title": "Nurse"}'

    sent = fake_fleet.fakes.openai.last_request.body
    assert sent["messages"][0]["content"] == [
        {"type": "text", "text": "Read the job title."},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
    ]
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "job", "schema": schema},
    }
    assert sent["max_tokens"] == 40
    assert "max_completion_tokens" not in sent


@pytest.mark.usefixtures("chat_provider")
async def test_client_supplied_addresses_and_keys_are_refused(
    client: httpx2.AsyncClient, holder: KeyHolder, fake_fleet: LiveFleet
) -> None:
    body = {
        "model": "kazi/chat",
        "messages": [{"role": "user", "content": "Hi"}],
        "base_url": "http://attacker.invalid/v1",
        "api_key": "sk-attacker",
        "provider": {"base_url": "http://attacker.invalid"},
        "user": "someone",
    }
    answer = await _post(client, holder, body)
    assert answer.status_code == 400, answer.text
    message = answer.json()["error"]["message"]
    assert all(name in message for name in ("base_url", "api_key", "provider"))
    assert fake_fleet.fakes.openai.requests == []


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"model": "kazi/chat", "messages": []}, "messages"),
        ({"model": "kazi/chat", "messages": [{"role": "critic", "content": "x"}]}, "role"),
        (
            {
                "model": "kazi/chat",
                "messages": [{"role": "user", "content": "x"}, {"role": "tool", "content": "x"}],
            },
            "tool_call_id",
        ),
        ({"model": "kazi/chat", "messages": [{"role": "system", "content": "x"}]}, "user message"),
        ({"model": "kazi/chat", "messages": [{"role": "user", "content": "x"}], "n": 17}, "n"),
        (
            {
                "model": "kazi/chat",
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "image_url", "image_url": {"url": "ftp://x.test/a.png"}}
                        ],
                    }
                ],
            },
            "http(s) URLs",
        ),
    ],
)
@pytest.mark.usefixtures("chat_provider")
async def test_invalid_requests_are_400_in_openai_shape(
    client: httpx2.AsyncClient, holder: KeyHolder, fake_fleet: LiveFleet, body: Any, fragment: str
) -> None:
    answer = await _post(client, holder, body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert fragment in error["message"]
    assert "Traceback" not in answer.text
    assert fake_fleet.fakes.openai.requests == []


async def test_not_json_is_400(client: httpx2.AsyncClient, holder: KeyHolder) -> None:
    answer = await client.post(
        URL, content=b"{not json", headers={**holder.headers, "content-type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "the body is not valid JSON"


async def test_missing_or_malformed_credentials_are_401(client: httpx2.AsyncClient) -> None:
    body = {"model": "kazi/chat", "messages": [{"role": "user", "content": "Hi"}]}
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer kzk_nope"}):
        answer = await client.post(URL, json=body, headers=headers)
        assert answer.status_code == 401
        assert answer.json()["error"]["code"] == "invalid_api_key"


async def test_login_tokens_work_too(client: httpx2.AsyncClient, app: Any) -> None:
    _, login_headers = await new_user(client, "otieno@example.com")
    answer = await client.get("/v1/models", headers=login_headers)
    assert answer.status_code == 200
    assert len(answer.json()["data"]) == len(TaskType)


async def test_no_provider_is_503(client: httpx2.AsyncClient, holder: KeyHolder, app: Any) -> None:
    body = {"model": "kazi/cv_draft", "messages": [{"role": "user", "content": "Hi"}]}
    answer = await _post(client, holder, body)
    assert answer.status_code == 503
    assert answer.json() == {
        "error": {
            "message": "No AI provider is configured for this task.",
            "type": "server_error",
            "param": None,
            "code": "no_provider_configured",
        }
    }
    assert await usage_rows(app) == []


async def test_vendor_rejecting_its_key_is_503_and_the_attempt_is_recorded(
    client: httpx2.AsyncClient, holder: KeyHolder, app: Any, fake_fleet: LiveFleet
) -> None:
    await add_provider(
        app, fake_fleet, ProviderType.OPENAI, "flaky", default_for=[TaskType.COVER_LETTER]
    )
    fake_fleet.fakes.openai.script(Reply(status=401, error_message="Incorrect API key"))
    body = {"model": "kazi/cover_letter", "messages": [{"role": "user", "content": "Hi"}]}
    answer = await _post(client, holder, body)
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "ai_unavailable"
    [row] = await usage_rows(app)
    assert (row.user_id, row.task_type, row.status) == (holder.user_id, "cover_letter", "error")
    assert row.error_code == "auth_rejected"
    # The admins see it on the provider list, as a failed check.
    listed = await admin_providers(app)
    assert [(p.name, p.last_test_ok, p.last_test_error) for p in listed] == [
        ("flaky", False, "auth_rejected")
    ]


async def test_stream_refused_before_it_starts_keeps_its_status(
    client: httpx2.AsyncClient, holder: KeyHolder
) -> None:
    body = {"model": "kazi/chat", "messages": [{"role": "user", "content": "Hi"}], "stream": True}
    answer = await _post(client, holder, body)
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["error"]["code"] == "no_provider_configured"
