"""The design document's own integration scenario, on both databases."""

from typing import Any

from sqlalchemy import select

from kazi.enums import TaskType, Tier
from kazi.llm.registry import ProviderType
from kazi.llm.types import Prompt
from kazi.routing.attempts import CallContext
from kazi.usage.models import AIProviderUsageLog
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.helpers import new_user
from tests.routing.conftest import add_provider


async def test_provider_config_routed_call_and_usage_row(
    client: Any, app: Any, fake_fleet: LiveFleet
) -> None:
    user_id, _ = await new_user(client, "seeker@example.com")
    await add_provider(
        app,
        fake_fleet,
        ProviderType.GEMINI,
        "gemini",
        model_name="gemini-2.5-flash",
        default_for=["extraction"],
    )
    fake_fleet.fakes.gemini.script(
        Reply(text='{"title": "Accountant"}', input_tokens=900, output_tokens=60)
    )
    routed = await app.state.router.complete(
        CallContext(TaskType.EXTRACTION, Tier.FREE, user_id), Prompt(user="Extract the job.")
    )
    assert (routed.provider_used, routed.provider_type) == ("gemini", "gemini")
    assert routed.latency_ms >= 0
    await app.state.usage_recorder.flush()
    async with app.state.sessions() as session:
        (row,) = (await session.scalars(select(AIProviderUsageLog))).all()
    assert row.status == "success"
    assert row.task_type == "extraction"
    assert row.user_id == user_id
    assert row.total_tokens == 960 > 0
    # gemini-2.5-flash: 900 x $0.30/M in + 60 x $2.50/M out = $0.000420
    assert row.cost_micro_usd == 420
    assert row.tokens_estimated is False
