"""Retention of raw usage rows: the old ones go, the daily rollups and totals stay.

The latency histogram is a daily rollup too: percentiles outlive the raw rows.

Rows are deleted in batches, each in its own short transaction, so a large backlog
neither holds one long lock nor grows one huge transaction; the recorder keeps
writing meanwhile. The batch query finds its rows through `ix_usage_created`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit.db import utcnow
from kazi.usage.models import AIProviderUsageLog

Log = AIProviderUsageLog
DEFAULT_BATCH_SIZE = 5_000


@dataclass(frozen=True, slots=True)
class PruneResult:
    cutoff: datetime
    deleted: int
    batches: int
    remaining: int


def retention_cutoff(older_than_days: int, now: datetime | None = None) -> datetime:
    if older_than_days < 1:
        raise ValueError("the retention must be at least one day")
    return (now or utcnow()) - timedelta(days=older_than_days)


async def prune_usage(
    engine: AsyncEngine, cutoff: datetime, batch_size: int = DEFAULT_BATCH_SIZE
) -> PruneResult:
    """Deletes the usage rows created before `cutoff`, `batch_size` rows at a time."""
    if batch_size < 1:
        raise ValueError("the batch size must be at least 1")
    old = select(Log.id).where(Log.created_at < cutoff).limit(batch_size)
    statement = delete(Log).where(Log.id.in_(old.scalar_subquery()))
    deleted = batches = 0
    while True:
        async with engine.begin() as connection:
            count = (await connection.execute(statement)).rowcount
        if count:
            deleted += count
            batches += 1
        if count < batch_size:
            break
    async with engine.connect() as connection:
        remaining = (await connection.execute(select(func.count()).select_from(Log))).scalar_one()
    return PruneResult(cutoff=cutoff, deleted=deleted, batches=batches, remaining=remaining)
