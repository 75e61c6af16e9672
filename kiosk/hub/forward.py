"""Forwarding received statements to an external LRS (e.g. Ralph), from a durable queue.

Owns the ``forward_queue`` worker: a thread started and stopped with the app.
"""

from __future__ import annotations

import threading

from fastapi import FastAPI


class Forwarder:
    """Drains the forward queue towards ``settings.lrs_url`` on a worker thread."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._stop = threading.Event()

    @classmethod
    def from_app(cls, app: FastAPI) -> Forwarder:
        return cls(app)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self._stop.set()
