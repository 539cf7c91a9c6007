"""POST /v1/embeddings through OpenAI's SDK: routed by the `embedding` task, recorded."""

from typing import Any

import openai
import pytest

from kazi.enums import TaskType
from kazi.llm.registry import ProviderType
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.gateway.conftest import KeyHolder, usage_rows
from tests.routing.conftest import add_provider


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        (ProviderType.OPENAI, "text-embedding-3-small"),
        (ProviderType.OPENAI_COMPATIBLE, "nomic-embed-text"),
        (ProviderType.GEMINI, "gemini-embedding-001"),
    ],
)
async def test_embeddings_are_routed_returned_and_recorded(
    app: Any,
    sdk: openai.AsyncOpenAI,
    holder: KeyHolder,
    fake_fleet: LiveFleet,
    kind: ProviderType,
    model: str,
) -> None:
    await add_provider(
        app, fake_fleet, kind, "embedder", model_name=model, default_for=[TaskType.EMBEDDING]
    )
    fake_fleet.fakes.openai.script(Reply(input_tokens=9))
    fake_fleet.fakes.compatible.script(Reply(input_tokens=9))
    answer = await sdk.embeddings.create(
        model="kazi/embedding", input=["nurse", "payroll clerk"], dimensions=4
    )
    # The SDK asks for base64 by default and decodes it: the floats survive the trip.
    assert [item.embedding for item in answer.data] == [
        [5.0, 0.5, 0.5, 0.5],
        [13.0, 0.5, 0.5, 0.5],
    ]
    assert answer.model == "kazi/embedding"
    [row] = await usage_rows(app)
    assert (row.user_id, row.task_type, row.status) == (holder.user_id, "embedding", "success")
    assert row.model == model
    if kind is ProviderType.GEMINI:  # the Developer API reports no token counts here
        assert row.tokens_estimated
        assert answer.usage.prompt_tokens == row.input_tokens > 0
    else:
        assert (answer.usage.prompt_tokens, row.input_tokens) == (9, 9)
        sent = (
            fake_fleet.fakes.openai if kind is ProviderType.OPENAI else fake_fleet.fakes.compatible
        ).last_request.body
        assert (sent["model"], sent["input"], sent["dimensions"]) == (
            model,
            ["nurse", "payroll clerk"],
            4,
        )


async def test_floats_on_request_and_cost_from_the_price_list(
    app: Any, sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet
) -> None:
    await add_provider(
        app,
        fake_fleet,
        ProviderType.OPENAI,
        "embedder",
        model_name="text-embedding-3-small",
        default_for=[TaskType.EMBEDDING],
    )
    fake_fleet.fakes.openai.script(Reply(input_tokens=1_000_000))
    answer = await sdk.embeddings.create(
        model="kazi/embedding", input="nurse", encoding_format="float"
    )
    assert answer.data[0].embedding == [5.0, 0.5, 0.5]
    [row] = await usage_rows(app)
    assert row.cost_micro_usd is not None
    assert row.cost_micro_usd > 0  # a million input tokens of a priced model


async def test_claude_has_no_embeddings_and_chat_models_are_not_for_embedding(
    app: Any, sdk: openai.AsyncOpenAI, fake_fleet: LiveFleet
) -> None:
    await add_provider(app, fake_fleet, ProviderType.CLAUDE, "c", default_for=[TaskType.EMBEDDING])
    with pytest.raises(openai.BadRequestError, match="no embeddings"):
        await sdk.embeddings.create(model="kazi/embedding", input="nurse")
    assert fake_fleet.fakes.anthropic.requests == []
    with pytest.raises(openai.BadRequestError, match="/v1/chat/completions"):
        await sdk.embeddings.create(model="kazi/chat", input="nurse")
    with pytest.raises(openai.BadRequestError, match="/v1/embeddings"):
        await sdk.chat.completions.create(
            model="kazi/embedding", messages=[{"role": "user", "content": "Hi"}]
        )
