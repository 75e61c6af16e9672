"""Progress passport: where a pseudonym was made, self-assessment, imported progress.

Revision ID: 0002_progress_passport
Revises: 0001_initial
Create Date: 2026-11-23

Written by hand to match kiosk.store.models exactly (a test compares the migrated
database with the models and expects no difference).

``learners`` gets ``origin_epn`` ("" for pseudonyms drawn here), and its unique key
becomes (origin_epn, pseudonym). SQLite cannot drop a constraint, so Alembic's batch mode
copies the table; ``sessions`` refers to it, which is why :func:`kiosk.store.db.upgrade`
runs migrations on SQLite with foreign keys off and checks every reference before it
commits.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002_progress_passport"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("learners", recreate="auto") as batch:
        batch.add_column(
            sa.Column("origin_epn", sa.String(length=16), server_default="", nullable=False)
        )
        batch.drop_constraint("uq_learners_pseudonym", type_="unique")
        batch.create_unique_constraint("uq_learners_origin_epn", ["origin_epn", "pseudonym"])
    op.create_table(
        "self_assessment_answers",
        sa.Column("learner_id", sa.String(length=32), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name="fk_self_assessment_answers_learner_id_learners",
        ),
        sa.PrimaryKeyConstraint(
            "learner_id", "asked_on", "question", name="pk_self_assessment_answers"
        ),
    )
    op.create_table(
        "imported_results",
        sa.Column("learner_id", sa.String(length=32), nullable=False),
        sa.Column("issuer", sa.String(length=16), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("best_stars", sa.Integer(), nullable=False),
        sa.Column("times_done", sa.Integer(), nullable=False),
        sa.Column("max_hint_level", sa.Integer(), nullable=False),
        sa.Column("counted_from", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name="fk_imported_results_learner_id_learners"
        ),
        sa.PrimaryKeyConstraint(
            "learner_id", "issuer", "scenario_id", name="pk_imported_results"
        ),
    )
    op.create_table(
        "imported_competences",
        sa.Column("learner_id", sa.String(length=32), nullable=False),
        sa.Column("competence", sa.String(length=40), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name="fk_imported_competences_learner_id_learners",
        ),
        sa.PrimaryKeyConstraint("learner_id", "competence", name="pk_imported_competences"),
    )


def downgrade() -> None:
    op.drop_table("imported_competences")
    op.drop_table("imported_results")
    op.drop_table("self_assessment_answers")
    # Pseudonyms that came from other kiosks go back to being unique on their own only
    # if they do not clash; a downgrade with clashing imported learners fails here.
    with op.batch_alter_table("learners", recreate="auto") as batch:
        batch.drop_constraint("uq_learners_origin_epn", type_="unique")
        batch.create_unique_constraint("uq_learners_pseudonym", ["pseudonym"])
        batch.drop_column("origin_epn")
