"""/metrics: closed without the token; AI, recorder and HTTP series that count exactly."""

import asyncio
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx2
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.gateway.conftest import KeyHolder, chat_provider, holder, usage_rows

__all__ = ["chat_provider", "holder"]  # fixtures of the gateway's tests
from tests.quotas.support import chat

TOKEN = "metrics-" + "m" * 40
BEARER = {"Authorization": f"Bearer {TOKEN}"}
CALLS = 3


@pytest.fixture
def metrics_on(app: Any) -> None:
    app.state.settings = app.state.settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one series in a scrape; 0 when it does not exist yet."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return 0.0


async def scrape(client: httpx2.AsyncClient) -> str:
    answer = await client.get("/metrics", headers=BEARER)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return answer.text


async def test_metrics_are_not_served_without_a_configured_token(
    client: httpx2.AsyncClient,
) -> None:
    assert (await client.get("/metrics")).status_code == 404
    assert (await client.get("/metrics", headers=BEARER)).status_code == 404


@pytest.mark.usefixtures("metrics_on")
async def test_metrics_need_the_token(client: httpx2.AsyncClient) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
    ):
        answer = await client.get("/metrics", headers=headers)
        assert answer.status_code == 401, headers
        assert "kazi_" not in answer.text


@pytest.mark.usefixtures("metrics_on", "chat_provider")
async def test_ai_series_move_by_exactly_the_calls_made(
    client: httpx2.AsyncClient, app: Any, holder: KeyHolder, fake_fleet: LiveFleet
) -> None:
    fake_fleet.fakes.openai.script(
        *[Reply(input_tokens=40, output_tokens=9, cached_tokens=16) for _ in range(CALLS)]
    )
    before = await scrape(client)
    for _ in range(CALLS):
        assert (await chat(client, holder)).status_code == 200
    rows = await usage_rows(app)
    after = await scrape(client)

    def moved(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    openai = {"provider_type": "openai"}
    assert moved("kazi_ai_requests_total", task_type="chat", status="success", **openai) == CALLS
    assert moved("kazi_ai_tokens_total", direction="input", **openai) == 40 * CALLS
    assert moved("kazi_ai_tokens_total", direction="output", **openai) == 9 * CALLS
    assert moved("kazi_ai_tokens_total", direction="cached", **openai) == 16 * CALLS
    assert moved("kazi_ai_latency_seconds_count", task_type="chat", **openai) == CALLS
    assert len(rows) == CALLS
    row_cost = sum(row.cost_micro_usd or 0 for row in rows) / 1_000_000
    assert row_cost > 0
    assert moved("kazi_ai_cost_usd_total", **openai) == pytest.approx(row_cost, rel=1e-9)
    route = {"route": "/v1/chat/completions", "method": "POST"}
    assert moved("kazi_http_requests_total", status="2xx", **route) == CALLS
    assert moved("kazi_http_request_duration_seconds_count", **route) == CALLS
    assert sample(after, "kazi_usage_queue_depth") == 0
    assert "kazi_usage_rows_spooled_total" in after
    assert "kazi_usage_rows_dropped_total" in after


@pytest.mark.usefixtures("metrics_on")
async def test_http_series_are_labelled_by_route_template(client: httpx2.AsyncClient) -> None:
    before = await scrape(client)
    await asyncio.gather(
        client.get("/api/v1/jobs/41"),
        client.get("/api/v1/jobs/42"),
        client.get("/no/such/page/77"),
        client.request("BREW", "/healthz"),
    )
    after = await scrape(client)

    def moved(**labels: str) -> float:
        name = "kazi_http_requests_total"
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert moved(route="/api/v1/jobs/{job_id}", method="GET", status="4xx") == 2
    assert moved(route="unmatched", method="GET", status="4xx") == 1
    assert moved(route="/healthz", method="OTHER", status="4xx") == 1
    assert "/api/v1/jobs/41" not in after
    assert "/no/such/page" not in after
    labels = {
        name
        for family in text_string_to_metric_families(after)
        if family.name.startswith("kazi_")
        for found in family.samples
        for name in found.labels
    }
    assert labels <= {"provider_type", "task_type", "status", "direction", "route", "method", "le"}


MULTIPROCESS_WORKER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from kazi.usage.metrics import observe_usage
    from kazi.kit.metrics import render
    from kazi.usage.record import UsageRecord, UsageStatus

    record = UsageRecord(
        "req-1", None, None, "gemini-main", "gemini", "gemini-2.5-flash", "extraction",
        "free", 100, 20, 0, False, 250_000, UsageStatus.SUCCESS, None, 300, 1,
        datetime.now(UTC),
    )
    for _ in range(int(sys.argv[1])):
        observe_usage(record)
    sys.stdout.write(render().decode())
    """
)


def test_several_worker_processes_are_summed(tmp_path: Path) -> None:
    """With PROMETHEUS_MULTIPROC_DIR, a scrape in any worker sums every worker's counts."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    root = Path(__file__).resolve().parents[2]
    outputs = [
        subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
            [sys.executable, "-c", MULTIPROCESS_WORKER, str(calls)],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        for calls in (2, 3)
    ]
    labels = {"provider_type": "gemini", "task_type": "extraction", "status": "success"}
    assert sample(outputs[0], "kazi_ai_requests_total", **labels) == 2
    assert sample(outputs[1], "kazi_ai_requests_total", **labels) == 5
    assert sample(outputs[1], "kazi_ai_cost_usd_total", provider_type="gemini") == 1.25
