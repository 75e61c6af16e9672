"""Initial schema: terminals, learners, sessions, attempts, step_events.

Revision ID: 0001_initial
Revises:
Create Date: 2025-01-01

Written by hand to match kiosk.store.models exactly (a test compares the migrated
database with the models and expects no difference). Datetimes are naive UTC in a
DATETIME column; the models' UTCDateTime type makes them aware again on reading.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001_initial"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "terminals",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_terminals"),
        sa.UniqueConstraint("label", name="uq_terminals_label"),
    )
    op.create_table(
        "learners",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("pseudonym", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_learners"),
        sa.UniqueConstraint("pseudonym", name="uq_learners_pseudonym"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=32), nullable=False),
        sa.Column("learner_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name="fk_sessions_terminal_id_terminals"
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name="fk_sessions_learner_id_learners"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"], unique=False)
    op.create_table(
        "attempts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("scenario_version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("device", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_attempts_session_id_sessions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_attempts"),
    )
    op.create_index("ix_attempts_session_id", "attempts", ["session_id"], unique=False)
    op.create_table(
        "step_events",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("attempt_id", sa.String(length=32), nullable=False),
        sa.Column("step_id", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("t_offset_ms", sa.Integer(), nullable=False),
        sa.Column("hint_level", sa.Integer(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"], name="fk_step_events_attempt_id_attempts"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_step_events"),
    )
    op.create_index("ix_step_events_attempt_id", "step_events", ["attempt_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_step_events_attempt_id", table_name="step_events")
    op.drop_table("step_events")
    op.drop_index("ix_attempts_session_id", table_name="attempts")
    op.drop_table("attempts")
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("learners")
    op.drop_table("terminals")
