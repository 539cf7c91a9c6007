"""The usage page shows the figures of GET /api/v1/users/me/usage."""

from datetime import datetime
from typing import Any

from sqlalchemy import select

from kazi.admin.render import when
from kazi.kit.db import utcnow
from kazi.quotas.models import QuotaCounter, QuotaLimit
from kazi.users.models import User
from tests.app.conftest import Visitor
from tests.helpers import login


async def test_the_page_and_the_api_show_the_same_figures(app: Any, seeker: Visitor) -> None:
    today = utcnow().date()
    async with app.state.sessions() as session, session.begin():
        user_id = await session.scalar(select(User.id).where(User.email == "wanjiru@example.com"))
        assert user_id is not None
        session.add(QuotaLimit(tier="free", task_type="extraction", period="day", max_calls=5))
        session.add(QuotaLimit(tier="free", task_type="*", period="month", max_calls=3))
        month = today.replace(day=1)
        used_up = QuotaCounter(user_id=user_id, task_type="*", period="month", period_start=month)
        used_up.calls, used_up.cost_micro_usd = 3, 0
        session.add(used_up)
    token = await login(seeker.client, "wanjiru@example.com")
    api = await seeker.client.get(
        "/api/v1/users/me/usage", headers={"Authorization": f"Bearer {token}"}
    )
    quota = {row["task_type"]: row for row in api.json()["data"]["quota"]}
    assert quota["extraction"]["calls_remaining"] == 5
    assert quota["any"]["calls_remaining"] == 0
    page = await seeker.page("/usage")
    assert "Reading job postings, today" in page.text
    assert "All AI work, this month" in page.text
    assert "0 / 5" in page.text
    assert "3 / 3" in page.text
    assert page.text.count("Limit reached; resets") == 1
    for row in quota.values():
        assert when(datetime.fromisoformat(row["resets_at"])) in page.text
    assert "at most 10 AI requests a minute" in page.text


async def test_a_plan_without_limits(seeker: Visitor) -> None:
    page = await seeker.page("/usage")
    assert 'id="no-quotas"' in page.text
    assert "No calls to an AI provider yet." in page.text
