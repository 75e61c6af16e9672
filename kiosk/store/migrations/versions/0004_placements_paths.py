"""Placement by doing and paths: each placement's profile, each learner's path and place.

Revision ID: 0004_placements_paths
Revises: 0003_outbox
Create Date: 2026-12-05

Written by hand to match kiosk.store.models exactly (a test compares them).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004_placements_paths"
down_revision: str | Sequence[str] | None = "0003_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "placements",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("learner_id", sa.String(length=32), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("levels", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name="fk_placements_learner_id_learners"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_placements"),
    )
    op.create_index("ix_placements_learner_id", "placements", ["learner_id"], unique=False)
    op.create_table(
        "learner_paths",
        sa.Column("learner_id", sa.String(length=32), nullable=False),
        sa.Column("path_id", sa.String(length=40), nullable=True),
        sa.Column("exercises", sa.Text(), nullable=False),
        sa.Column("place", sa.Integer(), nullable=False),
        sa.Column("chosen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name="fk_learner_paths_learner_id_learners"
        ),
        sa.PrimaryKeyConstraint("learner_id", name="pk_learner_paths"),
    )


def downgrade() -> None:
    op.drop_table("learner_paths")
    op.drop_index("ix_placements_learner_id", table_name="placements")
    op.drop_table("placements")
