"""The hub's schema: the migrations build exactly the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from kiosk.hub.db import HEAD_REVISION, alembic_config, current_revision, make_engine, upgrade
from kiosk.hub.models import ROLES, Base

PERSONAL_HINTS = ("mail", "phone", "tel", "address", "contact", "birth", "national")


@pytest.fixture
def migrated(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def test_migration_builds_exactly_the_models(migrated: Engine) -> None:
    with migrated.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(migrated) == HEAD_REVISION


def test_head_revision_is_the_newest_migration() -> None:
    script = ScriptDirectory.from_config(alembic_config())  # type: ignore[arg-type]
    assert script.get_current_head() == HEAD_REVISION


def test_migration_can_be_undone_and_redone(migrated: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with migrated.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.downgrade(config, "base")  # type: ignore[arg-type]
    assert set(inspect(migrated).get_table_names()) == {"alembic_version"}
    upgrade(migrated)
    assert current_revision(migrated) == HEAD_REVISION


def test_statements_have_the_indexes_the_pages_query_by(migrated: Engine) -> None:
    indexes = {i["name"]: i["column_names"] for i in inspect(migrated).get_indexes("statements")}
    assert indexes["ix_statements_actor_timestamp"] == ["actor_home", "actor_name", "timestamp"]
    assert indexes["ix_statements_scenario_verb"] == ["scenario_id", "verb"]
    assert indexes["ix_statements_timestamp"] == ["timestamp"]
    assert indexes["ix_statements_network"] == ["verb", "timestamp", "actor_home", "actor_name",
                                                "scenario_id", "success", "score_raw"]


def test_no_column_suggests_personal_data_of_a_learner(migrated: Engine) -> None:
    inspector = inspect(migrated)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            name = column["name"].lower()
            assert not any(hint in name for hint in PERSONAL_HINTS), f"{table}.{name}"


ADD_USER = text("INSERT INTO users (username, role, password_hash, created_at, session_epoch, disabled) "
                "VALUES (:name, :role, 'x', '2026-11-23 09:00:00', 7, false)")


def test_the_roles_constraint_moves_to_three_roles_keeping_the_accounts(db_url: str) -> None:
    """Compare_metadata does not see CHECK constraints: the database is asked directly."""
    from alembic import command

    engine = make_engine(db_url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection  # type: ignore[attr-defined]
            command.upgrade(config, "0004_statement_seq")  # type: ignore[arg-type]
        with engine.begin() as connection:
            connection.execute(ADD_USER, {"name": "anna", "role": "animator"})
        upgrade(engine)
        assert ROLES == ("animator", "trainer", "coordinator")
        with engine.begin() as connection:
            connection.execute(ADD_USER, {"name": "cora", "role": "coordinator"})
            kept = connection.execute(
                text("SELECT username, role, session_epoch FROM users ORDER BY id")).all()
        assert [tuple(r) for r in kept] == [("anna", "animator", 7), ("cora", "coordinator", 7)]
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(ADD_USER, {"name": "boss", "role": "director"})
        with engine.begin() as connection:  # down again: the coordinator cannot stay
            config.attributes["connection"] = connection  # type: ignore[attr-defined]
            command.downgrade(config, "0004_statement_seq")  # type: ignore[arg-type]
        with engine.begin() as connection:
            assert connection.execute(text("SELECT username FROM users")).scalars().all() == ["anna"]
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(ADD_USER, {"name": "cora", "role": "coordinator"})
    finally:
        engine.dispose()
