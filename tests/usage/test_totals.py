"""The coarser rollups (summed over users; per user) always agree with the full rollup."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.usage import repository
from kazi.usage.models import UsageDailyRollup, UsageDailyTotal, UsageDailyUserTotal
from kazi.usage.record import UsageStatus
from tests.usage.support import FIXED_TIME, make_record


async def test_totals_match_the_rollup_and_are_idempotent(empty_usage: AsyncEngine) -> None:
    records = [
        make_record(user_id=None, cost_micro_usd=100),
        make_record(user_id=None, cost_micro_usd=None, status=UsageStatus.ERROR),
        make_record(model="gpt-4o", cost_micro_usd=700, created_at=FIXED_TIME + timedelta(days=1)),
    ]
    assert await repository.write_batch(empty_usage, records) == 3
    assert await repository.write_batch(empty_usage, records) == 0  # a retried batch
    async with empty_usage.connect() as connection:
        totals = (
            await connection.execute(
                select(
                    UsageDailyTotal.day,
                    UsageDailyTotal.model,
                    UsageDailyTotal.calls,
                    UsageDailyTotal.errors,
                    UsageDailyTotal.cost_micro_usd,
                    UsageDailyTotal.unpriced_calls,
                    UsageDailyTotal.provider_type,
                ).order_by(UsageDailyTotal.day)
            )
        ).all()
        per_user = (
            await connection.execute(
                select(
                    UsageDailyUserTotal.user_id,
                    func.sum(UsageDailyUserTotal.calls),
                    func.sum(UsageDailyUserTotal.cost_micro_usd),
                ).group_by(UsageDailyUserTotal.user_id)
            )
        ).all()
        rollup_calls = await connection.scalar(select(func.sum(UsageDailyRollup.calls)))
    day = FIXED_TIME.date()
    assert [tuple(row) for row in totals] == [
        (day, "gpt-4o-mini", 2, 1, 100, 1, "openai"),
        (day + timedelta(days=1), "gpt-4o", 1, 0, 700, 0, "openai"),
    ]
    assert [tuple(row) for row in per_user] == [(0, 3, 800)]
    assert rollup_calls == 3
