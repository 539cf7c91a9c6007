"""Retention: raw usage rows past the cut-off are deleted in batches; rollups stay."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi import cli
from kazi.kit.config import Settings
from kazi.kit.db import utcnow
from kazi.usage import repository
from kazi.usage.models import (
    AIProviderUsageLog,
    UsageDailyLatency,
    UsageDailyRollup,
    UsageDailyTotal,
    UsageDailyUserTotal,
)
from kazi.usage.retention import prune_usage, retention_cutoff
from tests.usage.support import make_record

KEPT = "daily rollups, totals and latency histograms are kept\n"

AGES_IN_DAYS = (400, 200, 91, 89, 10, 0)


async def _count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(model))).scalar_one())


async def _calls_in_rollups(engine: AsyncEngine) -> list[int]:
    totals = []
    async with engine.connect() as connection:
        for model in (UsageDailyRollup, UsageDailyTotal, UsageDailyUserTotal, UsageDailyLatency):
            total = await connection.execute(select(func.sum(model.calls)))
            totals.append(int(total.scalar_one()))
    return totals


async def _rows_aged(engine: AsyncEngine) -> None:
    now = utcnow()
    records = [make_record(created_at=now - timedelta(days=days)) for days in AGES_IN_DAYS]
    assert await repository.write_batch(engine, records) == len(AGES_IN_DAYS)


async def test_old_rows_go_in_batches_and_rollups_stay(empty_usage: AsyncEngine) -> None:
    await _rows_aged(empty_usage)
    assert await _calls_in_rollups(empty_usage) == [6, 6, 6, 6]

    result = await prune_usage(empty_usage, retention_cutoff(90), batch_size=2)
    assert (result.deleted, result.batches, result.remaining) == (3, 2, 3)
    async with empty_usage.connect() as connection:
        kept = (await connection.execute(select(AIProviderUsageLog.created_at))).scalars().all()
    ages = sorted((utcnow() - created).days for created in kept)
    assert ages == [0, 10, 89]
    assert await _calls_in_rollups(empty_usage) == [6, 6, 6, 6]

    again = await prune_usage(empty_usage, retention_cutoff(90), batch_size=2)
    assert (again.deleted, again.batches, again.remaining) == (0, 0, 3)


def test_the_retention_is_at_least_a_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        retention_cutoff(0)


async def test_the_prune_usage_command_prints_its_counts(
    empty_usage: AsyncEngine, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    await _rows_aged(empty_usage)
    configured = settings.model_copy(update={"usage_retention_days": 150})
    out = await _prune_usage(configured, capsys, "--batch-size", "1")  # the settings' days
    cutoff = f"{utcnow() - timedelta(days=150):%Y-%m-%d}"
    assert out.startswith("deleted 2 usage rows created before " + cutoff)
    assert out.endswith("in 2 batches; 4 rows remain; " + KEPT)
    out = await _prune_usage(configured, capsys, "--older-than-days", "30")
    assert out.startswith("deleted 2 usage rows")
    assert out.endswith("in 1 batches; 2 rows remain; " + KEPT)
    assert await _count(empty_usage, AIProviderUsageLog) == 2
    assert await _calls_in_rollups(empty_usage) == [6, 6, 6, 6]


async def _prune_usage(settings: Settings, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """`kazi prune-usage ARGV` in this process (the command runs its own event loop)."""
    args = cli.build_parser().parse_args(["prune-usage", *argv])
    assert await asyncio.to_thread(args.handler, args, settings) == 0
    return capsys.readouterr().out
