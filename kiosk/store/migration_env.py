"""How an Alembic run meets a database: shared by the store's and the hub's migrations.

Owns the body of both ``env.py`` files. The program calls its ``upgrade``, which passes
its open connection in ``config.attributes["connection"]`` (no ``alembic.ini`` at
runtime). For development (``alembic revision --autogenerate`` with a hand-made config)
a ``sqlalchemy.url`` main option is used instead. SQLite can only alter a table by
copying it, hence ``render_as_batch`` there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, Engine, MetaData

from kiosk.store.models import UTCDateTime


def _render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations stay frozen in time: they use plain SQLAlchemy types and never import
    # the models. UTCDateTime is a DATETIME column in the database.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run(metadata: MetaData, make_engine: Callable[[str], Engine]) -> None:
    """Run the migrations Alembic was asked for, online or offline."""
    if context.is_offline_mode():
        _run_offline(metadata)
        return
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        _configure_and_run(connection, metadata)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection in config.attributes and no sqlalchemy.url")
    engine = make_engine(url)
    try:
        with engine.begin() as own_connection:
            _configure_and_run(own_connection, metadata)
    finally:
        engine.dispose()


def _configure_and_run(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_offline(metadata: MetaData) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=bool(url and url.startswith("sqlite")),
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
