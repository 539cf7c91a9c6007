"""Changing the password, downloading all my data, and deleting the account."""

import json
from typing import Any

from sqlalchemy import func, select

from kazi.account.repository import owned_tables
from kazi.kit.db import utcnow
from kazi.usage.models import AIProviderUsageLog, UsageDailyRollup, UsageDailyUserTotal
from kazi.users.models import User
from tests.app.conftest import Visitor, visitor
from tests.app.test_app_documents import job_with_profile
from tests.helpers import DEFAULT_PASSWORD

NEW_PASSWORD = "another good passphrase"


async def user_id_of(app: Any, email: str) -> int:
    async with app.state.sessions() as session:
        found = await session.scalar(select(User.id).where(User.email == email))
        assert found is not None
        return found


async def a_full_account(app: Any, seeker: Visitor) -> int:
    """A profile, a job with its application, a CV and one usage row."""
    job_path = await job_with_profile(seeker)
    await seeker.page(job_path)
    assert (await seeker.post(f"{job_path}/cv")).status_code == 303
    user_id = await user_id_of(app, "wanjiru@example.com")
    async with app.state.sessions() as session, session.begin():
        session.add(AIProviderUsageLog(
            request_id="req-account-data", user_id=user_id, provider_name="openai",
            provider_type="openai", model="gpt-4o-mini", task_type="extraction", tier="free",
            input_tokens=1200, output_tokens=80, cost_micro_usd=228, status="success",
            latency_ms=900, created_at=utcnow(),
        ))  # fmt: skip
    return user_id


async def counts(app: Any, user_id: int) -> dict[str, int]:
    async with app.state.sessions() as session:
        return {
            table.name: int(
                await session.scalar(
                    select(func.count()).select_from(table).where(column == user_id)
                )
                or 0
            )
            for table, column in owned_tables()
        }


async def test_the_download_holds_every_row_the_user_owns(app: Any, seeker: Visitor) -> None:
    user_id = await a_full_account(app, seeker)
    answer = await seeker.client.get("/account/export")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    tables = json.loads(answer.text)["tables"]
    expected = await counts(app, user_id)
    assert {name: len(rows) for name, rows in tables.items()} == expected
    for name in ("users", "profiles", "jobs", "applications", "documents", "access_tokens"):
        assert expected[name] >= 1, name
    assert expected["ai_provider_usage_logs"] == 1
    assert tables["profiles"][0]["data"]["basics"]["name"] == "Wanjiru Kamau"
    assert "password_hash" not in tables["users"][0]
    assert all("token_digest" not in row for row in tables["access_tokens"])


async def add_daily_figures(app: Any, user_id: int) -> None:
    """The user's rollups, and a "no user" total of the same day to merge into."""
    today = utcnow().date()
    rollup_key = {"day": today, "provider_name": "openai", "provider_type": "openai",
                  "model": "gpt-4o-mini", "task_type": "extraction", "tier": "free"}  # fmt: skip
    async with app.state.sessions() as session, session.begin():
        session.add(UsageDailyUserTotal(day=today, user_id=0, calls=1, cost_micro_usd=172))
        session.add(UsageDailyUserTotal(day=today, user_id=user_id, calls=2, cost_micro_usd=228))
        session.add(UsageDailyRollup(**rollup_key, user_id=user_id, calls=4, cost_micro_usd=228))


async def no_user_figures(app: Any) -> tuple[tuple[int, int], ...]:
    async with app.state.sessions() as session:
        total = (await session.scalars(select(UsageDailyUserTotal))).one()
        rollup = (await session.scalars(select(UsageDailyRollup))).one()
    assert total.user_id == rollup.user_id == 0
    return (total.calls, total.cost_micro_usd), (rollup.calls, rollup.cost_micro_usd)


async def test_deleting_the_account(app: Any, seeker: Visitor) -> None:
    user_id = await a_full_account(app, seeker)
    await add_daily_figures(app, user_id)
    await seeker.page("/account")
    wrong = await seeker.post("/account/delete", {"password": "not my password"})
    assert wrong.status_code == 403
    deleted = await seeker.post("/account/delete", {"password": DEFAULT_PASSWORD})
    assert deleted.headers["location"] == "/login?notice=account_deleted"
    remaining = await counts(app, user_id)
    assert {name: n for name, n in remaining.items() if n} == {}
    assert await no_user_figures(app) == ((3, 400), (4, 228))
    async with app.state.sessions() as session:
        usage = (await session.scalars(select(AIProviderUsageLog))).one()
    assert usage.user_id is None  # detached, with its figures kept
    assert (usage.input_tokens, usage.output_tokens, usage.cost_micro_usd) == (1200, 80, 228)
    assert (await seeker.client.get("/")).status_code == 303


async def test_changing_the_password(app: Any, seeker: Visitor) -> None:
    other_device = visitor(app)
    await other_device.page("/login")
    data = {"email": "wanjiru@example.com", "password": DEFAULT_PASSWORD}
    assert (await other_device.post("/login", data)).status_code == 303
    await seeker.page("/account")
    wrong = await seeker.post(
        "/account/password", {"current_password": "nope", "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 403
    weak = await seeker.post(
        "/account/password", {"current_password": DEFAULT_PASSWORD, "new_password": "short"}
    )
    assert weak.status_code == 422
    changed = await seeker.post(
        "/account/password", {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.headers["location"] == "/account?notice=password_changed"
    assert (await seeker.client.get("/account")).status_code == 200  # this session stays
    assert (await other_device.client.get("/")).status_code == 303  # the others end
    await other_device.client.aclose()
