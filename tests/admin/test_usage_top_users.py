"""Top users by cost: closed days (cached) and today (live) merged exactly, reading little."""

import heapq
import random
import re
from collections.abc import Collection
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from kazi.admin.usage_cache import TOP_USERS, top_users
from kazi.kit.db import utcnow
from kazi.usage.figures import UsageQuery, UserCost
from kazi.usage.repository import write_batch
from tests.admin.conftest import Dashboard, add_provider
from tests.usage.support import make_record

TODAY = UsageQuery(since=utcnow().date(), until=utcnow().date())


def rank(user: UserCost) -> tuple[int, int, int]:
    return (-user.cost_micro_usd, -user.calls, user.user_id)


class Today:
    """Today's calls and cost per user, answering `user_totals` as the database does."""

    def __init__(self, users: list[UserCost]) -> None:
        self.users = sorted(users, key=rank)
        self.full_reads = 0

    async def user_totals(
        self, query: UsageQuery, limit: int | None = None, user_ids: Collection[int] | None = None
    ) -> list[UserCost]:
        assert query == TODAY
        if limit is None and user_ids is None:
            self.full_reads += 1
        found = [u for u in self.users if user_ids is None or u.user_id in user_ids]
        return found[:limit]


def brute_force(closed: list[UserCost], today: list[UserCost]) -> list[UserCost]:
    sums: dict[int, list[int]] = {}
    for user in closed + today:
        total = sums.setdefault(user.user_id, [0, 0, 0])
        total[0] += user.calls
        total[1] += user.cost_micro_usd
        total[2] += user.unpriced_calls
    merged = [UserCost(user_id, *values) for user_id, values in sums.items()]
    return heapq.nsmallest(TOP_USERS, merged, key=rank)


SHAPES = ("ties", "long tail", "even")


def spend(draw: random.Random, users: int, scale: int, shape: str) -> list[UserCost]:
    """Calls and cost of `users` users: a few costs shared, a long tail or spread evenly."""
    found = []
    for place, user_id in enumerate(draw.sample(range(users * 2), users)):
        if shape == "ties":
            cost = draw.choice((0, scale))
        else:
            cost = scale // (1 + place) if shape == "long tail" else draw.randrange(scale)
        found.append(UserCost(user_id, draw.randrange(1, 50), cost, draw.randrange(3)))
    return found


@pytest.mark.parametrize("seed", range(60))
async def test_the_merge_is_exact(seed: int) -> None:
    draw = random.Random(seed)
    shape = SHAPES[seed % len(SHAPES)]
    closed = sorted(spend(draw, draw.randrange(0, 300), 10**6, shape), key=rank)
    today = spend(draw, draw.randrange(0, 300), draw.choice((10**3, 10**5, 10**6)), shape)
    found = await top_users(Today(today), closed, TODAY)  # type: ignore[arg-type]
    assert found == brute_force(closed, today)


async def test_a_busy_day_is_not_read_whole() -> None:
    draw = random.Random(7)
    closed = sorted(spend(draw, 2_000, 10**7, "long tail"), key=rank)
    data = Today(spend(draw, 2_000, 10**5, "even"))
    found = await top_users(data, closed, TODAY)  # type: ignore[arg-type]
    assert found == brute_force(closed, data.users)
    assert data.full_reads == 0


async def test_the_providers_page_shows_the_last_seven_days(dashboard: Dashboard, app: Any) -> None:
    config_id = await add_provider(app, "alpha", "gpt-4o-mini")
    midnight = datetime.combine(utcnow().date(), time(), UTC)
    # (days ago, cost): the call of 7 days ago is outside the week.
    records = [
        make_record(
            provider_name="alpha", cost_micro_usd=cost, created_at=midnight - timedelta(age)
        )
        for age, cost in ((0, 250_000), (0, None), (6, 250_000), (0, 250_000), (7, 250_000))
    ]
    await write_batch(app.state.engine, records)
    html = (await dashboard.page("/admin/providers")).text
    row = html.split(f'id="provider-{config_id}"', 1)[1].split("</tr>", 1)[0]
    cells = dict(re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S))
    assert 'class="status status-active"' in row  # not cooled down
    assert cells["Calls (7 d)"] == "4"
    assert cells["Cost (7 d)"].startswith("$0.75<br><small>+1 unpriced</small>")
