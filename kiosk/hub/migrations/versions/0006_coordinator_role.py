"""The network coordinator: a third staff role, the room's help calls kept for their totals,
and an index covering those totals.

Revision ID: 0006_coordinator_role
Revises: 0005_content_bundles
Create Date: 2027-01-11

Written by hand to match kiosk.hub.models (a test compares the migrated database with
the models; another checks the role constraint, which that comparison does not see).
SQLite cannot change a CHECK constraint in place: batch mode copies the ``users`` table
with the new one (PostgreSQL drops and adds it). ``help_calls`` starts empty: the room kept its
calls in memory only before this revision. ``ix_statements_network`` covers the
coordinator's queries (verbs over a period, per EPN and learner): a year's sessions per
week on 100,000 statements took 2.2 s through the timestamp index and the table, 0.26 s
with it.

Downgrading removes the coordinator accounts (the old constraint has no room for them).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006_coordinator_role"
down_revision: str | Sequence[str] | None = "0005_content_bundles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ROLES = "role IN ('animator', 'trainer')"
NEW_ROLES = "role IN ('animator', 'trainer', 'coordinator')"


def _users_without_roles() -> sa.Table:
    """``users`` as the database has it now (whatever columns earlier revisions added),
    minus its CHECK constraints."""
    users = sa.Table("users", sa.MetaData(), autoload_with=op.get_bind())
    for check in [c for c in users.constraints if isinstance(c, sa.CheckConstraint)]:
        users.constraints.discard(check)
    return users


def _roles(condition: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Batch mode's own reflection renames the CHECK constraint after the naming
        # convention (it cannot be dropped by its name): the copy is made from a table
        # reflected here without it, and gets the new one.
        with op.batch_alter_table("users", copy_from=_users_without_roles(), recreate="always") as batch:
            batch.create_check_constraint(op.f("ck_users_role"), sa.text(condition))
        return
    # Revision 0001 named it ck_users_ck_users_role (the naming convention applied to a
    # full name): drop the role constraint by whatever name the database gives it.
    for check in sa.inspect(op.get_bind()).get_check_constraints("users"):
        if check["name"] and "role" in str(check["sqltext"]):
            op.drop_constraint(op.f(check["name"]), "users", type_="check")
    op.create_check_constraint(op.f("ck_users_role"), "users", sa.text(condition))


def upgrade() -> None:
    _roles(NEW_ROLES)
    op.create_table(
        "help_calls",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=32), nullable=False),
        sa.Column("epn_id", sa.String(length=16), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("wait_seconds", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_calls")),
    )
    op.create_index(op.f("ix_help_calls_called_at"), "help_calls", ["called_at"])
    op.create_index("ix_statements_network", "statements", ["verb", "timestamp", "actor_home", "actor_name",
                                                            "scenario_id", "success", "score_raw"])


def downgrade() -> None:
    op.drop_index("ix_statements_network", table_name="statements")
    op.drop_index(op.f("ix_help_calls_called_at"), table_name="help_calls")
    op.drop_table("help_calls")
    op.execute("DELETE FROM users WHERE role = 'coordinator'")
    _roles(OLD_ROLES)
