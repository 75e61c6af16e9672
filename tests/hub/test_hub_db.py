"""The hub's schema: the migrations build exactly the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from kiosk.hub.db import HEAD_REVISION, alembic_config, current_revision, make_engine, upgrade
from kiosk.hub.models import Base

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


def test_no_column_suggests_personal_data_of_a_learner(migrated: Engine) -> None:
    inspector = inspect(migrated)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            name = column["name"].lower()
            assert not any(hint in name for hint in PERSONAL_HINTS), f"{table}.{name}"
