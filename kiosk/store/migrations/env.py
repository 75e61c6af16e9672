"""Alembic environment of the kiosk store: runs the migrations under ``versions/``.

The kiosk calls :func:`kiosk.store.db.upgrade`; how the run meets the database is
:mod:`kiosk.store.migration_env`, shared with the hub. Alembic executes this file as a
script for every run; that is its only use.
"""

from __future__ import annotations

from kiosk.store.db import make_engine
from kiosk.store.migration_env import run
from kiosk.store.models import Base

run(Base.metadata, make_engine)
