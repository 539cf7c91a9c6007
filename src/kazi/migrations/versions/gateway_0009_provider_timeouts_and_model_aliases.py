"""provider timeouts (connect, first byte, total) and the gateway's model aliases

Revision ID: gateway_0009
Revises: app_0001
Create Date: 2026-12-04 17:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kazi.kit.db import UTCDateTime

revision: str = "gateway_0009"
down_revision: str | None = "app_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIMEOUTS = ("connect_timeout_s", "first_byte_timeout_s", "total_timeout_s")


def upgrade() -> None:
    with op.batch_alter_table("ai_provider_configs") as table:
        for column in _TIMEOUTS:  # NULL: the built-in default
            table.add_column(sa.Column(column, sa.Float(), nullable=True))
    op.create_table(
        "model_aliases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("alias", sa.String(200), nullable=False, unique=True),
        sa.Column("task_type", sa.String(30), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("model_aliases")
    with op.batch_alter_table("ai_provider_configs") as table:
        for column in _TIMEOUTS:
            table.drop_column(column)
