"""Statements: the kiosk's sequence number within a session (``seq``).

Revision ID: 0004_statement_seq
Revises: 0003_login_failures
Create Date: 2026-12-01

A kiosk writes "step 3 right" and "step 4 shown" in the same millisecond; the review
timeline orders a session's statements by this number. Statements stored before it
(and those of other systems) keep NULL and are ordered by time and verb.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004_statement_seq"
down_revision: str | Sequence[str] | None = "0003_login_failures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("statements", sa.Column("seq", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("seq")
