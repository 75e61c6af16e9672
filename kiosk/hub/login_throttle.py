"""Slowing down password guessing on the staff login, without ever locking anyone out.

Owns the login throttle: a growing delay, never a lock.

- Per (username, client address): the first :attr:`LoginRules.free_per_pair` failures
  cost nothing; after that each further try must wait ``first_delay`` seconds, doubling
  with each failure, up to ``max_delay``. A storm of wrong passwords from one address
  therefore never slows the real user at another address.
- Per client address, whatever the username: the same growing delay once the address
  has failed ``free_per_address`` times. Spraying many usernames from one address is
  slowed as much as guessing one.
- A try made while a delay runs is answered "wait N seconds" and does not count (it is
  not checked), so the delay never grows into a lock-out: once it has passed, the right
  password works. A key is forgotten ``forget_after`` seconds after its last failure.
- A successful login clears its (username, address) pair.

The counts live in the hub's database (table ``login_failures``), so they survive a
restart and ``kiosk hub user unlock NAME`` clears them from another process. A try is
counted as a failure when it is admitted, before the (slow) password check, and taken
back when it succeeds: parallel tries cannot slip through together. A delay runs from
the moment the wrong answer was given.

Why not a rate-limit library (``limits``, ``slowapi``): their strategies are fixed or
moving windows, which refuse the right password until the window ends (the lock-out
this replaces), and their storages are memory, Redis, Memcached or MongoDB: memory
cannot be cleared by the unlock command, and the hub has none of the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.hub.models import LoginFailure
from kiosk.store.models import utc_now

PAIR = "pair"
ADDRESS = "address"
MAX_USERNAME = 200
MAX_ADDRESS = 64


@dataclass(frozen=True)
class LoginRules:
    """How failed logins are slowed down (see the module's description)."""

    free_per_pair: int = 3
    free_per_address: int = 20
    first_delay: float = 1.0
    max_delay: float = 60.0
    forget_after: float = 15 * 60


def delay_after(failures: int, free: int, rules: LoginRules) -> float:
    """Seconds to wait after ``failures`` recent failures of a key allowed ``free`` ones."""
    if failures < free:
        return 0.0
    return min(rules.first_delay * 2.0 ** min(failures - free, 30), rules.max_delay)


def _both_keys(username: str, address: str) -> ColumnElement[bool]:
    """The rows of a try: its (username, address) pair and its address."""
    return and_(LoginFailure.client_ip == address,
                or_(and_(LoginFailure.scope == PAIR, LoginFailure.username == username),
                    and_(LoginFailure.scope == ADDRESS, LoginFailure.username == "")))


class LoginThrottle:
    """The staff login's throttle, on the hub's database (``sessions`` write at once)."""

    def __init__(self, sessions: sessionmaker[Session], rules: LoginRules | None = None) -> None:
        self.sessions = sessions
        self.rules = rules or LoginRules()

    def admit(self, username: str, address: str) -> float:
        """0 when this try may be checked now (it counts as failed until :meth:`succeeded`);
        else the seconds still to wait (nothing counted)."""
        username, address = username[:MAX_USERNAME], address[:MAX_ADDRESS]
        now = utc_now()
        forget = timedelta(seconds=self.rules.forget_after)
        keys = {(PAIR, username, address): self.rules.free_per_pair,
                (ADDRESS, "", address): self.rules.free_per_address}
        with self.sessions() as session:
            rows = {(r.scope, r.username, r.client_ip): r for r in session.scalars(
                select(LoginFailure).where(_both_keys(username, address)).with_for_update())}
            wait = 0.0
            for key, free in keys.items():
                row = rows.get(key)
                if row is None or now - row.last_failure_at > forget:
                    continue
                delay = delay_after(row.failures, free, self.rules)
                wait = max(wait, (row.last_failure_at + timedelta(seconds=delay) - now).total_seconds())
            if wait > 0:
                session.rollback()
                return wait
            try:
                for key in keys:
                    row = rows.get(key)
                    if row is None:
                        scope, user, where = key
                        session.add(LoginFailure(scope=scope, username=user, client_ip=where, failures=1,
                                                 last_failure_at=now))
                    else:  # a forgotten key starts again at one
                        row.failures = 1 if now - row.last_failure_at > forget else row.failures + 1
                        row.last_failure_at = now
                session.flush()
                session.execute(delete(LoginFailure).where(LoginFailure.last_failure_at < now - forget)
                                .execution_options(synchronize_session=False))
                session.commit()
            except IntegrityError:  # another try of the same key, at the same moment
                session.rollback()
                return max(self.rules.first_delay, 0.1)
        return 0.0

    def failed(self, username: str, address: str) -> None:
        """The admitted try was wrong (already counted): its delay starts now, at the answer."""
        username, address = username[:MAX_USERNAME], address[:MAX_ADDRESS]
        with self.sessions() as session:
            session.execute(update(LoginFailure).where(_both_keys(username, address))
                            .values(last_failure_at=utc_now()))
            session.commit()

    def succeeded(self, username: str, address: str) -> None:
        """The admitted try was right: forget its pair, take it back from its address."""
        username, address = username[:MAX_USERNAME], address[:MAX_ADDRESS]
        with self.sessions() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.scope == PAIR,
                                                       LoginFailure.username == username,
                                                       LoginFailure.client_ip == address))
            row = session.get(LoginFailure, (ADDRESS, "", address))
            if row is not None:
                if row.failures <= 1:
                    session.delete(row)
                else:
                    row.failures -= 1
            session.commit()


def unlock(session: Session, username: str) -> int:
    """Clear the delays of ``username`` (committed): its pairs, and the addresses they
    came from. Returns how many addresses were slowing it down."""
    addresses = list(session.scalars(select(LoginFailure.client_ip).where(
        LoginFailure.scope == PAIR, LoginFailure.username == username)))
    session.execute(delete(LoginFailure).where(LoginFailure.scope == PAIR, LoginFailure.username == username))
    if addresses:
        session.execute(delete(LoginFailure).where(LoginFailure.scope == ADDRESS,
                                                   LoginFailure.client_ip.in_(addresses)))
    session.commit()
    return len(addresses)

