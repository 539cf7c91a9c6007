"""usage latency histogram, and rollup indexes for provider, task and user filters

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 10:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kazi.usage.latency import bucket_sql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Top users and per-day figures under a provider, task or user filter read these.
_ROLLUP_INDEXES = {
    "ix_usage_rollups_provider_day": "provider_name",
    "ix_usage_rollups_task_day": "task_type",
    "ix_usage_rollups_user_day": "user_id",
}
# The UTC day of a raw row, as the recorder computes it.
_DAY = {"postgresql": "(created_at AT TIME ZONE 'UTC')::date", "sqlite": "date(created_at)"}


def backfill_latency(dialect: str) -> str:
    """Counts the raw rows still kept; days whose rows retention pruned stay without."""
    return (
        "INSERT INTO usage_daily_latency"  # noqa: S608 (built from constants only)
        " (day, provider_name, model, task_type, tier, bucket, calls)"
        f" SELECT {_DAY[dialect]}, provider_name, model, task_type, tier,"
        f" {bucket_sql('latency_ms')}, count(*)"
        " FROM ai_provider_usage_logs WHERE status = 'success'"
        " GROUP BY 1, 2, 3, 4, 5, 6"
    )


def upgrade() -> None:
    op.create_table(
        "usage_daily_latency",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("provider_name", sa.String(length=100), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("task_type", sa.String(length=30), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column("bucket", sa.SmallInteger(), nullable=False),
        sa.Column("calls", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day",
            "provider_name",
            "model",
            "task_type",
            "tier",
            "bucket",
            name=op.f("pk_usage_daily_latency"),
        ),
    )
    for name, column in _ROLLUP_INDEXES.items():
        op.create_index(name, "usage_daily_rollups", [column, "day"])
    op.execute(backfill_latency(op.get_bind().dialect.name))


def downgrade() -> None:
    for name in _ROLLUP_INDEXES:
        op.drop_index(name, table_name="usage_daily_rollups")
    op.drop_table("usage_daily_latency")
