"""Admins set, list and delete limits; users see what is left of theirs."""

from datetime import UTC, datetime
from typing import Any

import httpx2
import pytest

from tests.gateway.conftest import KeyHolder
from tests.quotas.support import QUOTAS, chat, iso_z, next_midnight, next_month_start, set_limit


async def test_limits_are_put_listed_replaced_and_deleted(
    client: httpx2.AsyncClient, admin: dict[str, str]
) -> None:
    made = await set_limit(client, admin, "free/any/month", max_calls=300, max_cost_usd="2.5")
    assert made == {
        "id": made["id"],
        "tier": "free",
        "task_type": "any",
        "period": "month",
        "max_calls": 300,
        "max_cost_usd": "2.500000",
    }
    await set_limit(client, admin, "pro/cv_draft/day", max_calls=50)
    replaced = await set_limit(client, admin, "free/any/month", max_calls=100)
    assert replaced["id"] == made["id"]
    assert (replaced["max_calls"], replaced["max_cost_usd"]) == (100, None)

    listed = (await client.get(QUOTAS, headers=admin)).json()["data"]
    assert [(q["tier"], q["task_type"], q["period"], q["max_calls"]) for q in listed] == [
        ("free", "any", "month", 100),
        ("pro", "cv_draft", "day", 50),
    ]

    gone = await client.delete(f"{QUOTAS}/free/any/month", headers=admin)
    assert gone.json() == {"success": True, "data": {"deleted": True}}
    again = await client.delete(f"{QUOTAS}/free/any/month", headers=admin)
    assert again.status_code == 404
    assert len((await client.get(QUOTAS, headers=admin)).json()["data"]) == 1


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("free/chat/day", {}),
        ("free/chat/day", {"max_calls": None, "max_cost_usd": None}),
        ("free/chat/day", {"max_calls": -1}),
        ("free/chat/day", {"max_cost_usd": "0.0000001"}),
        ("free/chat/day", {"max_calls": 5, "tier": "pro"}),
        ("gold/chat/day", {"max_calls": 5}),
        ("free/poetry/day", {"max_calls": 5}),
        ("free/chat/week", {"max_calls": 5}),
    ],
)
async def test_invalid_limits_are_refused(
    client: httpx2.AsyncClient, admin: dict[str, str], path: str, body: dict[str, Any]
) -> None:
    answer = await client.put(f"{QUOTAS}/{path}", json=body, headers=admin)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_input"


@pytest.mark.usefixtures("chat_provider")
async def test_usage_shows_what_is_left_of_each_limit(
    client: httpx2.AsyncClient, app: Any, admin: dict[str, str], holder: KeyHolder
) -> None:
    await set_limit(client, admin, "free/chat/day", max_calls=5)
    await set_limit(client, admin, "free/any/month", max_cost_usd="1")
    for _ in range(2):
        assert (await chat(client, holder)).status_code == 200
    assert await app.state.usage_recorder.flush()  # the month's totals come from its rollups

    usage = (await client.get("/api/v1/users/me/usage", headers=holder.headers)).json()["data"]
    month, day = usage["quota"]
    assert day == {
        "task_type": "chat",
        "period": "day",
        "period_start": datetime.now(UTC).date().isoformat(),
        "resets_at": iso_z(next_midnight()),
        "max_calls": 5,
        "calls_used": 2,
        "calls_remaining": 3,
        "max_cost_usd": None,
        "cost_used_usd": "0.000000",  # spend is kept only where it is capped
        "cost_remaining_usd": None,
    }
    spent = usage["month_totals"]["cost_usd"]
    assert (month["task_type"], month["period"], month["calls_used"]) == ("any", "month", 2)
    assert month["resets_at"] == iso_z(next_month_start())
    assert (month["max_calls"], month["calls_remaining"]) == (None, None)
    assert month["max_cost_usd"] == "1.000000"
    assert month["cost_used_usd"] == spent
    assert month["cost_remaining_usd"] == f"{1 - float(spent):.6f}"
