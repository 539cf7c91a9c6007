"""The usage page: rollup totals, charts and percentiles, raw-row errors, CSV export."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete

from kazi.admin.usage_cache import ClosedDaysCache
from kazi.admin.usage_pages import csv_line
from kazi.enums import Role
from kazi.kit.db import utcnow
from kazi.usage.models import UsageDailyLatency
from kazi.usage.record import UsageStatus
from kazi.usage.repository import write_batch
from tests.admin.conftest import Dashboard, add_user
from tests.usage.support import make_record

RANGE = "since=2026-03-01&until=2026-03-03"
DAY1 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


async def seed(app: Any) -> tuple[int, int]:
    amina = await add_user(app, "amina@example.com", Role.USER)
    baraka = await add_user(app, "baraka@example.com", Role.USER)
    alpha = {"provider_name": "alpha", "provider_type": "openai", "model": "gpt-4o-mini"}
    beta = {"provider_name": "beta", "provider_type": "claude", "model": "claude-x"}
    ok = {"input_tokens": 1000, "output_tokens": 100, "cached_tokens": 200, "cost_micro_usd": 1000}
    failed = {"input_tokens": 0, "output_tokens": 0, "cost_micro_usd": 0}
    records = [
        make_record(**alpha, **ok, user_id=amina, latency_ms=ms, created_at=DAY1 + timedelta(0, i))
        for i, ms in enumerate((400, 100, 300, 200))
    ]
    day2 = DAY1 + timedelta(days=1)
    records += [
        make_record(**beta, user_id=baraka, task_type="cv_draft", tier="pro", latency_ms=ms,
                    input_tokens=2000, output_tokens=300, cost_micro_usd=5000, created_at=day2)
        for ms in (500, 700)
    ]  # fmt: skip
    day3 = DAY1 + timedelta(days=2)
    records += [
        make_record(**beta, **failed, user_id=baraka, task_type="cv_draft", tier="pro",
                    status=UsageStatus.ERROR, error_code="auth_failed", latency_ms=50,
                    created_at=day2 + timedelta(hours=1)),
        make_record(**alpha, **failed, user_id=amina, status=UsageStatus.TIMEOUT,
                    error_code="timeout", latency_ms=60_000, created_at=day3),
        make_record(**alpha, **failed, status=UsageStatus.RATE_LIMITED,
                    error_code="rate_limited", latency_ms=80,
                    created_at=day3 + timedelta(hours=2)),
        make_record(**alpha, **ok, user_id=amina, latency_ms=1, created_at=DAY1 + timedelta(4)),
    ]  # fmt: skip
    assert await write_batch(app.state.engine, records) == len(records)
    return amina, baraka


def figures(html: str, anchor: str) -> list[list[str]]:
    """The rows of the figures table in the section with this id."""
    section = html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]
    table = section.split('<table class="figures">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", r)]
            for r in rows]  # fmt: skip


def total(html: str, name: str) -> str:
    found = re.search(rf'id="total-{name}">([^<]*)<', html)
    assert found is not None
    return found.group(1)


async def test_usage_page_totals_and_charts(dashboard: Dashboard, app: Any) -> None:
    await seed(app)
    html = (await dashboard.page(f"/admin/usage?{RANGE}")).text
    assert [total(html, n) for n in ("calls", "errors", "input", "cached", "output", "cost")] == [
        "9", "3", "8,000", "800", "1,000", "$0.014",
    ]  # fmt: skip
    assert figures(html, "cost") == [
        ["Provider", "Calls", "Cost", "Unpriced calls"],
        ["beta", "3", "$0.01", "0"],
        ["alpha", "6", "$0.004", "0"],
    ]
    assert figures(html, "statuses") == [
        ["Status", "Calls", "Share"],
        ["success", "6", "66.7 %"],
        ["error", "1", "11.1 %"],
        ["timeout", "1", "11.1 %"],
        ["rate_limited", "1", "11.1 %"],
    ]
    assert figures(html, "tokens") == [
        ["Direction", "Tokens"],
        ["Input (not cached)", "7,200"],
        ["Input (cached)", "800"],
        ["Output", "1,000"],
    ]
    # Exactly 250/385/397 and 600/690/698: the histogram is within a bucket (6 %) of it.
    assert figures(html, "latency") == [
        ["Provider", "Task", "Calls", "p50 ms", "p95 ms", "p99 ms"],
        ["alpha", "extraction", "4", "≈ 256", "≈ 394", "≈ 406"],
        ["beta", "cv_draft", "2", "≈ 587", "≈ 677", "≈ 685"],
    ]
    assert "Every successful call of the range" in html
    assert figures(html, "users") == [
        ["User", "Calls", "Cost"],
        ["baraka@example.com", "3", "$0.01"],
        ["amina@example.com", "5", "$0.004"],
        ["no user", "1", "$0.00"],
    ]
    errors = html.split('id="errors"', 1)[1]
    assert re.findall(r"<code>([^<]+)</code>", errors) == ["rate_limited", "timeout", "auth_failed"]
    assert html.count('<svg class="chart"') == 5


async def test_usage_filters(dashboard: Dashboard, app: Any) -> None:
    amina, _ = await seed(app)
    alpha = (await dashboard.page(f"/admin/usage?{RANGE}&provider=alpha")).text
    assert (total(alpha, "calls"), total(alpha, "cost")) == ("6", "$0.004")
    by_email = (await dashboard.page(f"/admin/usage?{RANGE}&user=baraka@example.com")).text
    assert (total(by_email, "calls"), total(by_email, "errors")) == ("3", "1")
    by_id = (await dashboard.page(f"/admin/usage?{RANGE}&user={amina}&task=extraction")).text
    assert (total(by_id, "calls"), total(by_id, "errors")) == ("5", "1")
    tier = (await dashboard.page(f"/admin/usage?{RANGE}&tier=pro&model=claude-x")).text
    assert total(tier, "calls") == "3"
    nobody = (await dashboard.page(f"/admin/usage?{RANGE}&user=ghost@example.com")).text
    assert "No user has this e-mail address." in nobody
    assert total(nobody, "calls") == "0"
    swapped = (await dashboard.page("/admin/usage?since=2026-03-03&until=2026-03-01")).text
    assert "they were swapped" in swapped
    assert total(swapped, "calls") == "9"
    default = (await dashboard.page("/admin/usage")).text
    assert total(default, "calls") == "0"


async def test_csv_export_streams_the_filtered_rows(dashboard: Dashboard, app: Any) -> None:
    amina, _ = await seed(app)
    answer = await dashboard.client.get(f"/admin/usage/export.csv?{RANGE}&provider=alpha")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        'filename="kazi-usage-2026-03-01-2026-03-03.csv"' in answer.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["status"], r["latency_ms"]) for r in rows] == [
        ("success", "400"), ("success", "100"), ("success", "300"), ("success", "200"),
        ("timeout", "60000"), ("rate_limited", "80"),
    ]  # fmt: skip
    first = rows[0]
    assert (first["user_id"], first["user_email"], first["cost_usd"]) == (
        str(amina), "amina@example.com", "0.001",
    )  # fmt: skip
    assert (first["input_tokens"], first["cached_tokens"], first["model"]) == (
        "1000", "200", "gpt-4o-mini",
    )  # fmt: skip
    assert first["created_at"].startswith("2026-03-01T10:00:00")
    assert (rows[5]["user_id"], rows[5]["user_email"]) == ("", "")


def test_csv_cells_cannot_start_a_formula() -> None:
    row: list[Any] = [None] * 18
    row[4], row[6], row[15] = "=HYPERLINK(1)", "-model", 1_234_567
    line = csv_line(row)
    assert (line[4], line[6], line[15], line[0]) == ("'=HYPERLINK(1)", "'-model", "1.234567", "")


async def test_one_users_percentiles_come_from_raw_rows(dashboard: Dashboard, app: Any) -> None:
    amina, _ = await seed(app)
    async with app.state.engine.begin() as connection:
        await connection.execute(delete(UsageDailyLatency))  # the histogram has no user
    header = ["Provider", "Task", "Calls", "p50 ms", "p95 ms", "p99 ms"]
    everyone = (await dashboard.page(f"/admin/usage?{RANGE}")).text
    assert figures(everyone, "latency") == [header, []]  # the "No calls." row
    html = (await dashboard.page(f"/admin/usage?{RANGE}&user={amina}")).text
    assert figures(html, "latency") == [
        header,
        ["alpha", "extraction", "4", "≈ 256", "≈ 394", "≈ 406"],
    ]
    assert "For one user: the newest 20,000 successful calls" in html


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_closed_days_are_reused_for_a_while_and_today_is_live(
    dashboard: Dashboard, app: Any
) -> None:
    await seed(app)
    clock = Clock()
    app.state.usage_figures_cache = ClosedDaysCache(ttl_s=300, clock=clock)
    assert total((await dashboard.page(f"/admin/usage?{RANGE}")).text, "calls") == "9"
    late = make_record(provider_name="alpha", created_at=DAY1 + timedelta(days=1, hours=5))
    today = make_record(provider_name="alpha", created_at=utcnow())
    await write_batch(app.state.engine, [late, today])

    assert total((await dashboard.page(f"/admin/usage?{RANGE}")).text, "calls") == "9"
    since_march = (await dashboard.page("/admin/usage?since=2026-03-01")).text
    assert total(since_march, "calls") == "12"  # a new range (with 5 March), today live
    clock.now += 301
    assert total((await dashboard.page(f"/admin/usage?{RANGE}")).text, "calls") == "10"
