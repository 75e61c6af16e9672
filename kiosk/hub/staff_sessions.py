"""Staff logins that can be ended: the session epoch, checked on every request and in open streams.

Owns:

- what the signed session cookie says about its staff member: the user's id and their
  **session epoch** (``users.session_epoch``) at login. A cookie holds only while the
  account exists, is not disabled and still has that epoch. Logging out, a new password
  and disabling the account move the epoch on, so every cookie made before — a copied
  one too — stops working at its next request;
- :func:`lookup`: the account behind a cookie, read in one short database session that
  is closed before it returns. No session is ever held across a request's life: a
  stream that lasts for hours must not keep a pooled connection (50 open room pages
  once starved the kiosks' posts of connections);
- :class:`StaffCheck`: the same answer for long-lived streams, kept in memory a few
  seconds (``staff_recheck_seconds``) so that fifty open pages cost one short query per
  account every few seconds, not fifty;
- :class:`LoginStreams`: how many streams each login holds open (capped by
  ``room_streams_per_login``; the route says 429 beyond it);
- the account changes the command line makes: :func:`end_sessions`,
  :func:`set_disabled`, :func:`remove_user`.

Epochs start at a random number (:func:`kiosk.hub.models.new_session_epoch`), not 0:
SQLite may give a removed user's id to the next account made, and an old cookie must
not fit the new account.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.hub.models import EPOCH_LIMIT, User

SESSION_USER_KEY = "user_id"
SESSION_EPOCH_KEY = "epoch"


class AccountError(ValueError):
    """A staff account cannot be changed as asked; the message says why, in plain words."""


def next_epoch(epoch: int) -> int:
    """A new epoch, never the same as ``epoch`` (and not guessable from it)."""
    return (epoch + 1 + secrets.randbelow(EPOCH_LIMIT - 1)) % EPOCH_LIMIT


@dataclass(frozen=True)
class StaffRecord:
    """What the hub needs to know about an account to honour one of its cookies."""

    id: int
    username: str
    role: str
    epoch: int
    disabled: bool
    language: str | None = None  # the language of their pages, once chosen

    def honours(self, epoch: object) -> bool:
        return not self.disabled and isinstance(epoch, int) and epoch == self.epoch


def lookup(app: Any, user_id: int) -> StaffRecord | None:
    """The account ``user_id`` as stored now (blocking, one short session), or None if removed."""
    with app.state.sessionmaker() as session:
        user = session.get(User, user_id)
        if user is None:
            return None
        return StaffRecord(user.id, user.username, user.role, user.session_epoch, user.disabled,
                           user.language)


def cookie_login(cookie: Any) -> tuple[int, int] | None:
    """(user id, epoch) from a session cookie's contents, or None when it holds no login."""
    user_id, epoch = cookie.get(SESSION_USER_KEY), cookie.get(SESSION_EPOCH_KEY)
    if isinstance(user_id, int) and isinstance(epoch, int):
        return user_id, epoch
    return None


class StaffCheck:
    """Whether a login still holds, re-read from the database at most every ``max_age`` s.

    For streams only: a request reads the account afresh (:func:`lookup`).
    """

    def __init__(self, app: Any, max_age: float) -> None:
        self.app = app
        self.max_age = max_age
        self._lock = threading.Lock()
        self._known: dict[int, tuple[StaffRecord | None, float]] = {}

    def holds(self, user_id: int, epoch: int) -> bool:
        """Blocking (run it in a thread): a short session when the remembered answer is old."""
        now = time.monotonic()
        with self._lock:
            found = self._known.get(user_id)
        if found is None or now - found[1] >= self.max_age:
            record = lookup(self.app, user_id)
            with self._lock:
                self._known[user_id] = (record, time.monotonic())
        else:
            record = found[0]
        return record is not None and record.honours(epoch)

    def forget(self, user_id: int) -> None:
        """Read this account afresh next time (it just changed in this process)."""
        with self._lock:
            self._known.pop(user_id, None)


class LoginStreams:
    """Open streams per login; :meth:`open` refuses past ``cap`` (used on the event loop)."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._open: dict[int, int] = {}
        self._lock = threading.Lock()

    def open(self, user_id: int) -> bool:
        with self._lock:
            if self._open.get(user_id, 0) >= self.cap:
                return False
            self._open[user_id] = self._open.get(user_id, 0) + 1
            return True

    def close(self, user_id: int) -> None:
        with self._lock:
            left = self._open.get(user_id, 0) - 1
            if left > 0:
                self._open[user_id] = left
            else:
                self._open.pop(user_id, None)

    def count(self, user_id: int) -> int:
        with self._lock:
            return self._open.get(user_id, 0)


# --- account changes (the command line, logout) -----------------------------------------------


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"there is no user called {username!r}")
    return user


def end_sessions(session: Session, user_id: int) -> None:
    """Every cookie of this account stops working (logout; committed)."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_epoch = next_epoch(user.session_epoch)
        session.commit()


def set_disabled(session: Session, username: str, disabled: bool) -> bool:
    """Disable (cookies end at once, no login) or enable an account; False if it already was."""
    user = _user(session, username)
    if user.disabled == disabled:
        return False
    user.disabled = disabled
    user.session_epoch = next_epoch(user.session_epoch)
    session.commit()
    return True


def remove_user(session: Session, username: str) -> None:
    """Delete an account (committed); its cookies stop working at once."""
    session.delete(_user(session, username))
    session.commit()
