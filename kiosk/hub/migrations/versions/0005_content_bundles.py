"""Content bundles: the extra scenarios trainers publish, signed, for the terminals.

Revision ID: 0005_content_bundles
Revises: 0004_statement_seq
Create Date: 2027-01-10

One row per published version (kiosk.hub.content): the whole signed bundle the
terminals fetch, who published it and from which uploaded file.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005_content_bundles"
down_revision: str | Sequence[str] | None = "0004_statement_seq"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_bundles",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("upload", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_content_bundles"),
    )


def downgrade() -> None:
    op.drop_table("content_bundles")
