"""access tokens: scopes of API keys

Revision ID: harden_0001
Revises: 0008
Create Date: 2026-12-04 17:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "harden_0001"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("access_tokens") as batch:
        batch.add_column(sa.Column("scopes", sa.String(100), nullable=True))
    # Keys made before scopes keep what they were made for: the gateway and reading usage.
    op.execute("UPDATE access_tokens SET scopes = 'gateway usage' WHERE kind = 'api_key'")


def downgrade() -> None:
    with op.batch_alter_table("access_tokens") as batch:
        batch.drop_column("scopes")
