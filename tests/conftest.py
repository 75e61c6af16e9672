"""Fixtures shared by every test folder: a throwaway PostgreSQL schema per test.

PostgreSQL tests run when ``KIOSK_TEST_PG_URL`` names a database the tests may create
schemas in (``deploy/quickstart.sh test`` starts one); otherwise they are skipped with
that reason. Each test gets its own schema (``search_path``), so parallel workers and
tests never see each other's tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

PG_ENV = "KIOSK_TEST_PG_URL"
#: Database kinds the store fixtures are parametrized over.
DATABASES = ("sqlite", "postgresql")


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A SQLAlchemy URL (psycopg 3) whose tables live in a fresh, private schema."""
    base = pg_base_url()
    if base is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (deploy/quickstart.sh test sets it up)")
    from sqlalchemy import create_engine, make_url, text

    url = make_url(base)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
        with admin.connect() as connection:
            connection.execute(text("SET lock_timeout = '10s'"))
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()
