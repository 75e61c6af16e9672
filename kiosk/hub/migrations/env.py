"""Alembic environment of the hub: runs the migrations under ``versions/``.

The hub calls :func:`kiosk.hub.db.upgrade`; how the run meets the database is
:mod:`kiosk.store.migration_env`, shared with the kiosk store. Alembic executes this
file as a script for every run; that is its only use.
"""

from __future__ import annotations

from kiosk.hub.db import make_engine
from kiosk.hub.models import Base
from kiosk.store.migration_env import run

run(Base.metadata, make_engine)
