"""Helpers of the usage tests: a record factory and views of the stored tables."""

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.usage.models import AIProviderUsageLog, UsageDailyRollup
from kazi.usage.record import UsageRecord, UsageStatus


@dataclass
class Switch:
    """While `down`, every statement on the engine it guards fails as on a lost server."""

    down: bool = False


FIXED_TIME = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_sequence = itertools.count(1)


def make_record(**changes: Any) -> UsageRecord:
    """A successful, priced call; every field can be changed."""
    number = next(_sequence)
    values: dict[str, Any] = {
        "request_id": f"req-{number:08d}",
        "user_id": None,
        "provider_config_id": None,
        "provider_name": "openai-main",
        "provider_type": "openai",
        "model": "gpt-4o-mini",
        "task_type": "extraction",
        "tier": "free",
        "input_tokens": 100,
        "output_tokens": 20,
        "cached_tokens": 0,
        "tokens_estimated": False,
        "cost_micro_usd": 1_500,
        "status": UsageStatus.SUCCESS,
        "error_code": None,
        "latency_ms": 300,
        "attempt": 1,
        "created_at": FIXED_TIME,
    }
    values.update(changes)
    return UsageRecord(**values)


async def wait_for(condition: Callable[[], bool | Awaitable[bool]], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        outcome = condition()
        if not isinstance(outcome, bool):
            outcome = await outcome
        if outcome:
            return
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def stored_ids(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.scalars(select(AIProviderUsageLog.request_id))
        return sorted(rows)


async def rollup_table(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        result = await connection.execute(select(UsageDailyRollup))
        rows = [dict(row._mapping) for row in result]
    return sorted(rows, key=lambda row: (row["day"], row["model"], row["user_id"]))


async def rollup_calls(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        total = await connection.scalar(select(func.sum(UsageDailyRollup.calls)))
    return int(total or 0)


def spool_lines(directory: Path) -> list[str]:
    """Every line of every spool file, oldest file first; none when there is no spool."""
    files = sorted(spool_files(directory), key=lambda path: path.stat().st_mtime)
    return [line for path in files for line in path.read_text().splitlines()]


def spool_files(directory: Path, pattern: str = "*.jsonl") -> list[Path]:
    return sorted(directory.glob(pattern)) if directory.exists() else []
