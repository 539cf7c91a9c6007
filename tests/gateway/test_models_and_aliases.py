"""GET /v1/models/{id}, model aliases, and OpenAI's error shape on every /v1 path."""

from typing import Any

import httpx2
import openai
import pytest

from kazi.enums import TaskType
from kazi.llm.registry import ProviderType
from tests.fakes.plugin import LiveFleet
from tests.gateway.conftest import KeyHolder, usage_rows
from tests.routing.conftest import add_provider
from tests.users.test_admin_users import make_admin_headers

ALIASES = "/api/v1/admin/model-aliases"


async def _alias(client: httpx2.AsyncClient, app: Any, alias: str, task: str) -> httpx2.Response:
    admin = await make_admin_headers(client, app)
    return await client.post(ALIASES, json={"alias": alias, "task_type": task}, headers=admin)


async def test_an_alias_is_listed_retrieved_and_routed(
    app: Any, client: httpx2.AsyncClient, sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet
) -> None:
    await add_provider(app, fake_fleet, ProviderType.OPENAI, "main", default_for=[TaskType.CHAT])
    made = await _alias(client, app, "gpt-4o-mini", "chat")
    assert made.status_code == 201, made.text
    assert made.json()["data"]["model"] == "kazi/chat"

    listed = {model.id: model.owned_by for model in (await sdk.models.list()).data}
    assert listed["gpt-4o-mini"] == "kazi/chat"
    assert listed["kazi/chat"] == "kazi"
    one = await sdk.models.retrieve("gpt-4o-mini")
    assert (one.id, one.object, one.owned_by) == ("gpt-4o-mini", "model", "kazi/chat")
    assert (await sdk.models.retrieve("kazi/chat")).id == "kazi/chat"

    answer = await sdk.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}]
    )
    assert answer.model == "gpt-4o-mini"
    [row] = await usage_rows(app)
    assert (row.task_type, row.provider_name, row.model) == ("chat", "main", "gpt-4o-mini")


async def test_aliases_are_checked_and_deleted(app: Any, client: httpx2.AsyncClient) -> None:
    admin = await make_admin_headers(client, app)
    route_name = await client.post(
        ALIASES, json={"alias": "kazi/mine", "task_type": "chat"}, headers=admin
    )
    assert route_name.status_code == 422
    unknown_task = await client.post(
        ALIASES, json={"alias": "mine", "task_type": "poetry"}, headers=admin
    )
    assert unknown_task.status_code == 422
    made = await client.post(ALIASES, json={"alias": "mine", "task_type": "chat"}, headers=admin)
    again = await client.post(
        ALIASES, json={"alias": "mine", "task_type": "cv_draft"}, headers=admin
    )
    assert again.status_code == 409
    alias_id = made.json()["data"]["id"]
    assert (await client.delete(f"{ALIASES}/{alias_id}", headers=admin)).status_code == 200
    assert (await client.get(ALIASES, headers=admin)).json()["data"] == []


async def test_an_unknown_model_is_a_404_in_openai_shape(sdk: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        await sdk.models.retrieve("gpt-5-imaginary")
    assert caught.value.code == "model_not_found"
    assert caught.value.type == "invalid_request_error"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/v1/no/such/thing", 404, "unknown_url"),
        ("POST", "/v1/completions", 404, "unknown_url"),
        ("GET", "/v1/chat/completions", 405, "method_not_allowed"),
        ("DELETE", "/v1/models", 405, "method_not_allowed"),
    ],
)
async def test_unknown_paths_and_methods_answer_in_openai_shape(
    client: httpx2.AsyncClient, holder: KeyHolder, method: str, path: str, status: int, code: str
) -> None:
    answer = await client.request(method, path, headers=holder.headers)
    assert answer.status_code == status
    error = answer.json()["error"]
    assert (error["type"], error["code"]) == ("invalid_request_error", code)
    assert error["message"]
    if status == 405:
        assert answer.headers["allow"] in ("GET", "POST")
