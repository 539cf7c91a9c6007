"""The usage API: admins see every call and the rollup totals, users see their own."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx2
import pytest

from kazi.kit.db import utcnow
from kazi.providers.models import AIProviderConfig
from kazi.usage import repository
from kazi.usage.record import UsageRecord, UsageStatus
from tests.helpers import new_user
from tests.usage.support import make_record
from tests.users.test_admin_users import make_admin_headers


@dataclass
class Seeded:
    admin: dict[str, str]
    amina: dict[str, str]
    baraka: dict[str, str]
    amina_id: int
    baraka_id: int
    config_id: int
    month_start: datetime
    records: list[UsageRecord]  # oldest first

    def ids(self, chosen: list[UsageRecord]) -> list[str]:
        """Request ids newest first, the order the API answers in."""
        return [rec.request_id for rec in sorted(chosen, key=lambda r: r.created_at, reverse=True)]


@pytest.fixture
async def seeded(client: httpx2.AsyncClient, app: Any) -> Seeded:
    admin = await make_admin_headers(client, app)
    amina_id, amina = await new_user(client, "amina@example.com")
    baraka_id, baraka = await new_user(client, "baraka@example.com")
    async with app.state.sessions() as session, session.begin():
        config = AIProviderConfig(provider_type="anthropic", name="claude-main", model_name="c-1")
        session.add(config)
        await session.flush()
        config_id = config.id
    # Fixed moments inside this month (and one before it), whatever day the tests run.
    today = utcnow()
    month_start = today.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    def at(minutes: int) -> datetime:
        return month_start + timedelta(minutes=minutes)

    records = [
        make_record(user_id=amina_id, created_at=month_start - timedelta(days=5), latency_ms=900),
        make_record(user_id=amina_id, created_at=at(1), cost_micro_usd=1_234_567),
        make_record(user_id=amina_id, created_at=at(2), cost_micro_usd=None, latency_ms=100),
        make_record(
            user_id=amina_id,
            created_at=at(3),
            status=UsageStatus.RATE_LIMITED,
            error_code="rate_limited",
            output_tokens=0,
            cost_micro_usd=0,
        ),
        make_record(
            user_id=baraka_id,
            provider_config_id=config_id,
            provider_name="claude-main",
            provider_type="anthropic",
            model="c-1",
            task_type="cv_draft",
            tier="pro",
            created_at=at(4),
            cost_micro_usd=40_000,
            cached_tokens=60,
        ),
        make_record(
            user_id=baraka_id,
            provider_config_id=config_id,
            provider_name="claude-main",
            provider_type="anthropic",
            model="c-1",
            task_type="cv_draft",
            tier="pro",
            created_at=at(5),
            status=UsageStatus.TIMEOUT,
            error_code="timeout",
        ),
        make_record(created_at=at(6), task_type="validation", attempt=2),
    ]
    assert await repository.write_batch(app.state.engine, records) == len(records)
    return Seeded(admin, amina, baraka, amina_id, baraka_id, config_id, month_start, records)


async def _get(
    client: httpx2.AsyncClient, path: str, headers: dict[str, str], **params: Any
) -> Any:
    answer = await client.get(path, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


async def test_admin_pages_every_row_newest_first(
    client: httpx2.AsyncClient, seeded: Seeded
) -> None:
    url = "/api/v1/admin/usage"
    first = await _get(client, url, seeded.admin, limit=3)
    last = await _get(client, url, seeded.admin, limit=3, offset=6)
    newest_first = seeded.ids(seeded.records)
    assert [item["request_id"] for item in first["items"]] == newest_first[:3]
    assert [item["request_id"] for item in last["items"]] == newest_first[6:]
    assert (first["total"], first["offset"], first["limit"]) == (7, 0, 3)

    items = {item["request_id"]: item for item in (await _get(client, url, seeded.admin))["items"]}
    priced = items[seeded.records[1].request_id]
    assert priced["cost_usd"] == "1.234567"
    assert (priced["input_tokens"], priced["output_tokens"], priced["total_tokens"]) == (
        100,
        20,
        120,
    )
    assert priced["user_id"] == seeded.amina_id
    assert items[seeded.records[2].request_id]["cost_usd"] is None
    assert items[seeded.records[3].request_id]["cost_usd"] == "0.000000"
    anonymous = items[seeded.records[6].request_id]
    assert (anonymous["user_id"], anonymous["attempt"], anonymous["status"]) == (None, 2, "success")
    assert datetime.fromisoformat(anonymous["created_at"]) == seeded.records[6].created_at


@pytest.mark.parametrize(
    ("params", "chosen"),
    [
        ({"provider_name": "claude-main"}, [5, 4]),
        ({"model": "gpt-4o-mini", "task_type": "validation"}, [6]),
        ({"tier": "pro", "status": "timeout"}, [5]),
        ({"status": "rate_limited"}, [3]),
        ({"task_type": "extraction", "limit": 2}, [3, 2]),
    ],
)
async def test_admin_filters_rows(
    client: httpx2.AsyncClient, seeded: Seeded, params: dict[str, Any], chosen: list[int]
) -> None:
    data = await _get(client, "/api/v1/admin/usage", seeded.admin, **params)
    assert [item["request_id"] for item in data["items"]] == [
        seeded.records[n].request_id for n in chosen
    ]


async def test_admin_filters_by_ids_and_time(client: httpx2.AsyncClient, seeded: Seeded) -> None:
    url = "/api/v1/admin/usage"
    by_user = await _get(client, url, seeded.admin, user_id=seeded.amina_id)
    assert by_user["total"] == 4
    by_config = await _get(client, url, seeded.admin, provider_config_id=seeded.config_id)
    assert by_config["total"] == 2
    since = (seeded.month_start + timedelta(minutes=2)).isoformat()
    until = (seeded.month_start + timedelta(minutes=5)).replace(tzinfo=None).isoformat()
    window = await _get(client, url, seeded.admin, since=since, until=until)
    assert [item["request_id"] for item in window["items"]] == seeded.ids(seeded.records[2:5])


async def test_admin_paging_and_filters_are_validated(
    client: httpx2.AsyncClient, seeded: Seeded
) -> None:
    for params in ({"limit": 501}, {"offset": -1}, {"status": "exploded"}, {"since": "soon"}):
        answer = await client.get("/api/v1/admin/usage", params=params, headers=seeded.admin)
        assert answer.status_code == 422, params
    backwards = {"since": "2026-03-02", "until": "2026-03-01"}
    answer = await client.get("/api/v1/admin/usage/summary", params=backwards, headers=seeded.admin)
    assert answer.status_code == 422


async def test_summary_matches_the_raw_rows(client: httpx2.AsyncClient, seeded: Seeded) -> None:
    records = seeded.records
    since = records[0].created_at.date().isoformat()
    until = records[-1].created_at.date().isoformat()
    data = await _get(client, "/api/v1/admin/usage/summary", seeded.admin, since=since, until=until)
    assert data["totals"] == _expected_totals(records)
    for grouping in ("by_provider", "by_model", "by_task", "by_tier", "by_day"):
        groups = data[grouping]
        assert sum(g["calls"] for g in groups) == 7, grouping
        cost = sum(Decimal(g["cost_usd"]) for g in groups)
        assert cost == Decimal(data["totals"]["cost_usd"]) == Decimal("1.279067"), grouping
    providers = {g["key"]: g for g in data["by_provider"]}
    claude = [r for r in records if r.provider_name == "claude-main"]
    assert providers["claude-main"] == {"key": "claude-main", **_expected_totals(claude)}
    days = [g["key"] for g in data["by_day"]]
    assert days == sorted({r.created_at.date().isoformat() for r in records})

    this_month = await _get(
        client,
        "/api/v1/admin/usage/summary",
        seeded.admin,
        since=seeded.month_start.date().isoformat(),
    )
    assert this_month["totals"]["calls"] == 6


def _expected_totals(records: list[UsageRecord]) -> dict[str, Any]:
    cost = sum(r.cost_micro_usd or 0 for r in records)
    return {
        "calls": len(records),
        "errors": sum(r.status != UsageStatus.SUCCESS for r in records),
        "input_tokens": sum(r.input_tokens for r in records),
        "output_tokens": sum(r.output_tokens for r in records),
        "cached_tokens": sum(r.cached_tokens for r in records),
        "cost_usd": f"{Decimal(cost) / 1_000_000:.6f}",
        "unpriced_calls": sum(r.cost_micro_usd is None for r in records),
        "avg_latency_ms": round(sum(r.latency_ms for r in records) / len(records), 1),
    }


async def test_users_see_only_their_own_usage(client: httpx2.AsyncClient, seeded: Seeded) -> None:
    url = "/api/v1/users/me/usage"
    amina = await _get(client, url, seeded.amina)
    assert [item["request_id"] for item in amina["items"]] == seeded.ids(seeded.records[:4])
    assert amina["total"] == 4
    assert amina["month_start"] == seeded.month_start.date().isoformat()
    assert amina["month_totals"] == _expected_totals(seeded.records[1:4])
    assert amina["quota"] == []  # no limits are set for her tier

    baraka = await _get(client, url, seeded.baraka, limit=1, offset=1)
    assert [item["request_id"] for item in baraka["items"]] == [seeded.records[4].request_id]
    assert (baraka["total"], baraka["month_totals"]["calls"]) == (2, 2)
    assert {item["user_id"] for item in baraka["items"]} == {seeded.baraka_id}


async def test_a_new_user_has_no_usage(client: httpx2.AsyncClient, app: Any) -> None:
    _, headers = await new_user(client, "chebet@example.com")
    data = await _get(client, "/api/v1/users/me/usage", headers)
    assert (data["items"], data["total"]) == ([], 0)
    assert data["month_totals"]["calls"] == 0
    assert data["month_totals"]["cost_usd"] == "0.000000"
    assert data["month_totals"]["avg_latency_ms"] is None


async def test_only_admins_reach_the_admin_routes(
    client: httpx2.AsyncClient, seeded: Seeded
) -> None:
    for path in ("/api/v1/admin/usage", "/api/v1/admin/usage/summary"):
        assert (await client.get(path, headers=seeded.amina)).status_code == 403
        assert (await client.get(path)).status_code == 401
        assert (await client.get(path, headers=seeded.admin)).status_code == 200
    assert (await client.get("/api/v1/users/me/usage")).status_code == 401
