"""Staff users: the language of their hub pages (``users.language``: fr, nl or en).

Revision ID: 0007_staff_language
Revises: 0006_coordinator_role
Create Date: 2026-12-15

Written by hand to match kiosk.hub.models (a test compares the migrated database with
the models). NULL means "not chosen yet": the pages follow the browser's
Accept-Language (kiosk.hub.language), so existing accounts need no value.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007_staff_language"
down_revision: str | Sequence[str] | None = "0006_coordinator_role"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
