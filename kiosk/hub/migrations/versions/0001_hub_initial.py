"""Hub schema: staff users, terminals, LRS clients, enrol codes, statements, forward queue.

Revision ID: 0001_hub_initial
Revises:
Create Date: 2026-05-01

Matches kiosk.hub.models exactly (a test compares the migrated database with the
models). Datetimes are naive UTC in a DATETIME column; the models' UTCDateTime type makes
them aware again on reading.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001_hub_initial"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('animator', 'trainer')", name="ck_users_role"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "terminals",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("epn_id", sa.String(length=16), nullable=False),
        sa.Column("epn_public_key", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_terminals"),
        sa.UniqueConstraint("token_hash", name="uq_terminals_token_hash"),
    )
    op.create_table(
        "lrs_clients",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lrs_clients"),
        sa.UniqueConstraint("secret_hash", name="uq_lrs_clients_secret_hash"),
    )
    op.create_table(
        "enrol_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("code_hash", name="pk_enrol_codes"),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.Column("terminal_id", sa.String(length=32), nullable=True),
        sa.Column("actor_home", sa.String(length=255), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("verb", sa.String(length=255), nullable=False),
        sa.Column("object_id", sa.Text(), nullable=False),
        sa.Column("scenario_id", sa.String(length=255), nullable=True),
        sa.Column("step_id", sa.String(length=255), nullable=True),
        sa.Column("registration", sa.String(length=36), nullable=True),
        sa.Column("session_id", sa.String(length=255), nullable=True),
        sa.Column("success", sa.Boolean(), nullable=True),
        sa.Column("score_raw", sa.Integer(), nullable=True),
        sa.Column("hint_level", sa.Integer(), nullable=True),
        sa.Column("t_offset_ms", sa.BigInteger(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_statements"),
    )
    op.create_index(
        "ix_statements_actor_timestamp", "statements", ["actor_home", "actor_name", "timestamp"]
    )
    op.create_index("ix_statements_scenario_verb", "statements", ["scenario_id", "verb"])
    op.create_index("ix_statements_timestamp", "statements", ["timestamp"])
    op.create_index("ix_statements_funnel", "statements", ["scenario_id", "registration", "timestamp",
                                                           "verb", "step_id", "success", "score_raw"])
    op.create_table(
        "forward_queue",
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name="fk_forward_queue_statement_id_statements",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("statement_id", name="pk_forward_queue"),
    )
    op.create_index("ix_forward_queue_next_try_at", "forward_queue", ["next_try_at"])


def downgrade() -> None:
    op.drop_index("ix_forward_queue_next_try_at", table_name="forward_queue")
    op.drop_table("forward_queue")
    op.drop_index("ix_statements_funnel", table_name="statements")
    op.drop_index("ix_statements_timestamp", table_name="statements")
    op.drop_index("ix_statements_scenario_verb", table_name="statements")
    op.drop_index("ix_statements_actor_timestamp", table_name="statements")
    op.drop_table("statements")
    op.drop_table("enrol_codes")
    op.drop_table("lrs_clients")
    op.drop_table("terminals")
    op.drop_table("users")
