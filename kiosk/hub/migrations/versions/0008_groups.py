"""Groups: a trainer's groups of learners, by pseudonym, and the path each follows.

Revision ID: 0008_groups
Revises: 0007_staff_language
Create Date: 2026-12-05

A group is a label ("Groupe du mardi") and an optional path id; its members are
pseudonyms (kiosk.hub.groups). No name of a learner is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008_groups"
down_revision: str | Sequence[str] | None = "0007_staff_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("path_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_groups"),
    )
    op.create_table(
        "group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], name="fk_group_members_group_id_groups",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "pseudonym", name="pk_group_members"),
    )


def downgrade() -> None:
    op.drop_table("group_members")
    op.drop_table("groups")
