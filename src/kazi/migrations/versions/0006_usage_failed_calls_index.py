"""usage: partial index on failed calls, for the dashboard's recent errors

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-26 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FAILED = sa.text("status <> 'success'")


def upgrade() -> None:
    # Failures are a small share of calls: the dashboard's recent errors and failures by
    # status read this small index instead of walking every call of the range. On
    # PostgreSQL it also carries the filter columns, so counting needs no table access.
    op.create_index(
        "ix_usage_failed_created",
        "ai_provider_usage_logs",
        ["created_at", "status"],
        unique=False,
        postgresql_where=FAILED,
        postgresql_include=["provider_name", "model", "task_type", "tier", "user_id"],
        sqlite_where=FAILED,
    )


def downgrade() -> None:
    op.drop_index("ix_usage_failed_created", table_name="ai_provider_usage_logs")
