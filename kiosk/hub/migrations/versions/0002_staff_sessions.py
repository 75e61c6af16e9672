"""Staff logins that can be ended: users.session_epoch and users.disabled.

Revision ID: 0002_staff_sessions
Revises: 0001_hub_initial
Create Date: 2026-12-08

Written by hand to match kiosk.hub.models (a test compares the migrated database with
the models). Existing accounts start at epoch 0: the cookies made before this revision
hold no epoch, so their staff log in once more.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002_staff_sessions"
down_revision: str | Sequence[str] | None = "0001_hub_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))
    op.add_column("users", sa.Column("disabled", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    # SQLite drops a column by copying the table: batch mode does it
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled")
        batch.drop_column("session_epoch")
