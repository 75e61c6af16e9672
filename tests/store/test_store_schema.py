"""The schema: privacy by construction, and migrations that build exactly the models."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from kiosk.store import make_engine
from kiosk.store.db import upgrade
from kiosk.store.models import Base

PERSONAL_HINTS = ("name", "mail", "phone", "tel", "address", "contact", "birth", "national")


@pytest.fixture
def migrated(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def test_learner_has_only_an_id_a_pseudonym_its_origin_and_a_date(migrated: Engine) -> None:
    columns = {column["name"] for column in inspect(migrated).get_columns("learners")}
    assert columns == {"id", "pseudonym", "origin_epn", "created_at"}


def test_no_column_anywhere_suggests_personal_data(migrated: Engine) -> None:
    inspector = inspect(migrated)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            name = column["name"].lower()
            assert not any(hint in name for hint in PERSONAL_HINTS), f"{table}.{name}"


def test_tables_and_columns_are_exactly_these(migrated: Engine) -> None:
    inspector = inspect(migrated)
    tables = {
        table: {column["name"] for column in inspector.get_columns(table)}
        for table in inspector.get_table_names()
    }
    assert tables == {
        "alembic_version": {"version_num"},
        "terminals": {"id", "label", "created_at"},
        "learners": {"id", "pseudonym", "origin_epn", "created_at"},
        "sessions": {
            "id",
            "terminal_id",
            "learner_id",
            "language",
            "started_at",
            "ended_at",
            "end_reason",
        },
        "attempts": {
            "id",
            "session_id",
            "scenario_id",
            "scenario_version",
            "language",
            "device",
            "started_at",
        },
        "step_events": {
            "id",
            "attempt_id",
            "step_id",
            "kind",
            "t_offset_ms",
            "hint_level",
            "stars",
        },
        "self_assessment_answers": {"learner_id", "asked_on", "question", "answer"},
        "placements": {"id", "learner_id", "taken_at", "taken_on", "levels"},
        "learner_paths": {"learner_id", "path_id", "exercises", "place", "chosen_at"},
        "imported_results": {
            "learner_id",
            "issuer",
            "scenario_id",
            "best_stars",
            "times_done",
            "max_hint_level",
            "counted_from",
        },
        "imported_competences": {"learner_id", "competence", "level"},
        "outbox": {"id", "body", "queued_at", "sent_at", "tries", "next_try_at", "rejected"},
    }


def test_queries_have_their_indexes(migrated: Engine) -> None:
    inspector = inspect(migrated)
    assert {"ix_sessions_started_at"} <= {i["name"] for i in inspector.get_indexes("sessions")}
    assert {"ix_step_events_attempt_id"} <= {
        i["name"] for i in inspector.get_indexes("step_events")
    }


def test_migration_builds_exactly_the_models(migrated: Engine) -> None:
    with migrated.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migration_can_be_undone_and_redone(migrated: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    from kiosk.store.db import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with migrated.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(migrated).get_table_names()) == {"alembic_version"}
    upgrade(migrated)
    with migrated.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.sqlite_only
def test_first_schema_upgrades_with_its_data(db_url: str) -> None:
    """A kiosk at 0001 with learners and sessions upgrades in place (the table copy keeps rows)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from kiosk.store.db import MIGRATIONS_DIR

    engine = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001_initial")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO terminals VALUES ('t1', 'EPN', '2026-01-01 10:00:00');"))
            connection.execute(text(
                "INSERT INTO learners VALUES ('l1', 'Tulipe-0001', '2026-01-01 10:00:00');"))
            connection.execute(text(
                "INSERT INTO sessions VALUES ('s1', 't1', 'l1', 'fr', '2026-01-01 10:00:00', "
                "NULL, NULL);"))
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, pseudonym, origin_epn FROM learners")).all()
            assert [tuple(r) for r in rows] == [("l1", "Tulipe-0001", "")]
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
