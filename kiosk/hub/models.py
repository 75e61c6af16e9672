"""The hub's database schema, as typed SQLAlchemy 2 models (its own metadata).

Owns the tables: staff ``users``, enrolled ``terminals`` and LRS ``lrs_clients``,
single-use ``enrol_codes``, recent failed staff logins (``login_failures``, for
:mod:`kiosk.hub.login_throttle`), the received xAPI ``statements`` (the canonical JSON body
plus a few indexed columns read from it), the ``forward_queue`` towards an external
LRS, the published ``content_bundles`` (extra scenarios for the terminals), the room's
``help_calls`` (when a call came and was answered, per terminal) and the trainers'
``groups`` with their ``group_members`` (pseudonyms only). The Alembic migrations
under ``migrations/`` must build exactly this schema (a test
compares them).

Privacy: a learner appears only as the statement's pseudonymous account
(``actor_home`` = the issuing EPN's IRI, ``actor_name`` = a pseudonym such as
``pomme-0412``). Staff usernames are the only names of people here.
Secrets are stored only as hashes: passwords with argon2, tokens and codes with SHA-256
(they are long random strings, so a fast hash is enough).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import false

from kiosk.store.models import NAMING_CONVENTION, UTCDateTime, utc_now

#: Staff roles: animators run the room, trainers read the practice logs, the network's
#: coordinator reads totals across EPNs (never a pseudonym).
ROLES: tuple[str, ...] = ("animator", "trainer", "coordinator")

HASH_LENGTH = 64  # sha256 hex
ID_LENGTH = 32  # uuid4().hex
STATEMENT_ID_LENGTH = 36  # canonical UUID text
#: Longest text kept in an indexed statement column (a longer one is refused, not cut).
INDEXED_TEXT = 255


#: Session epochs are below this (a 32-bit INTEGER column everywhere).
EPOCH_LIMIT = 2**31


def new_session_epoch() -> int:
    """A new account's first session epoch: random, so that an old cookie never fits it."""
    return secrets.randbelow(EPOCH_LIMIT)


class Base(DeclarativeBase):
    """Declarative base of the hub (not the kiosk store's): what its migrations build."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    """A member of the EPN staff who logs in to the hub.

    ``session_epoch`` is written into each login's cookie; changing it ends every login
    of the account (see :mod:`kiosk.hub.staff_sessions`). A ``disabled`` account cannot
    log in. ``language`` is the language of their pages (``fr``, ``nl`` or ``en``, see
    :mod:`kiosk.hub.language`); None until they choose one: the browser's then decides.
    """

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({', '.join(repr(r) for r in ROLES)})", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    session_epoch: Mapped[int] = mapped_column(Integer, default=new_session_epoch, server_default="0")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)


class Terminal(Base):
    """An enrolled kiosk: it sends statements and its status with its bearer token.

    ``epn_id`` / ``epn_public_key`` are the EPN identity the kiosk signs progress
    records with; the hub trusts them for QR imports.
    """

    __tablename__ = "terminals"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    epn_id: Mapped[str] = mapped_column(String(16))
    epn_public_key: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LrsClient(Base):
    """Another system allowed to post statements with HTTP Basic auth (id : secret).

    For example a second hub forwarding to this one. Not a terminal: it has no room tile.
    """

    __tablename__ = "lrs_clients"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class EnrolCode(Base):
    """A short code an animator gives a kiosk to enrol: single use, 15 minutes."""

    __tablename__ = "enrol_codes"

    code_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))


class Statement(Base):
    """One received xAPI statement: its canonical JSON and the fields the pages query.

    ``terminal_id`` is the enrolled terminal that posted it (None when it came from an
    LRS client). ``verb`` is the short name of the kiosk's verbs (``completed``…), the
    verb's IRI for any other. ``scenario_id`` / ``step_id`` are read from the activity IRIs,
    the numbers from the result and its extensions, ``seq`` from the context's.
    """

    __tablename__ = "statements"
    __table_args__ = (
        Index("ix_statements_actor_timestamp", "actor_home", "actor_name", "timestamp"),
        Index("ix_statements_scenario_verb", "scenario_id", "verb"),
        Index("ix_statements_timestamp", "timestamp"),
        # covers the trainers' funnel query: it reads no statement body
        Index("ix_statements_funnel", "scenario_id", "registration", "timestamp", "verb", "step_id",
              "success", "score_raw"),
        # covers the coordinator's totals (kiosk.hub.network_stats): verbs over a period
        Index("ix_statements_network", "verb", "timestamp", "actor_home", "actor_name", "scenario_id",
              "success", "score_raw"),
    )

    id: Mapped[str] = mapped_column(String(STATEMENT_ID_LENGTH), primary_key=True)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime())
    terminal_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), nullable=True)
    actor_home: Mapped[str] = mapped_column(String(INDEXED_TEXT))
    actor_name: Mapped[str] = mapped_column(String(100))
    verb: Mapped[str] = mapped_column(String(INDEXED_TEXT))
    object_id: Mapped[str] = mapped_column(Text)
    scenario_id: Mapped[str | None] = mapped_column(String(INDEXED_TEXT), nullable=True)
    step_id: Mapped[str | None] = mapped_column(String(INDEXED_TEXT), nullable=True)
    registration: Mapped[str | None] = mapped_column(String(STATEMENT_ID_LENGTH), nullable=True)
    session_id: Mapped[str | None] = mapped_column(String(INDEXED_TEXT), nullable=True)
    success: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    score_raw: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hint_level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    t_offset_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    language: Mapped[str | None] = mapped_column(String(35), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    #: The statement's place in its kiosk session (``…/ext/session-seq``); None on older
    #: statements and those of other systems. Orders moments of the same millisecond.
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ForwardItem(Base):
    """A statement waiting to be sent to the external LRS (or sent, or refused).

    ``next_try_at`` is None once the LRS refused the statement for good (400): it is
    then kept with ``last_error`` for someone to look at, and never sent again.
    """

    __tablename__ = "forward_queue"

    statement_id: Mapped[str] = mapped_column(
        String(STATEMENT_ID_LENGTH), ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class LoginFailure(Base):
    """Recent failed logins of one key: a (username, client address) pair, or an address.

    ``scope`` is ``"pair"`` or ``"address"`` (then ``username`` is empty); ``client_ip`` is the
    client's IP address as uvicorn saw it (the proxy's X-Forwarded-For). Rows older than
    the throttle's memory are deleted as new failures come in.
    """

    __tablename__ = "login_failures"

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    username: Mapped[str] = mapped_column(String(200), primary_key=True)
    client_ip: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ContentBundle(Base):
    """One published version of the extra content: the signed bundle the terminals fetch.

    ``archive`` is the whole bundle (:mod:`kiosk.sync.bundle`: manifest, signatures,
    files); each version holds every extra file, so the newest row alone is what the
    terminals need. ``upload`` is the name of the file a trainer sent for it and
    ``published_by`` the trainer's username; ``sha256`` is the archive's.
    """

    __tablename__ = "content_bundles"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    published_by: Mapped[str] = mapped_column(String(64))
    upload: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(HASH_LENGTH))
    size: Mapped[int] = mapped_column(Integer)
    archive: Mapped[bytes] = mapped_column(LargeBinary)


class HelpCall(Base):
    """One "J'ai besoin d'aide" as the room saw it: when it came, when an animator pressed
    "J'arrive" (``answered_at``; ``wait_seconds`` between the two) and when it ended.

    A terminal and its EPN, never a learner: the room knows no pseudonym. ``epn_id`` is
    the terminal's EPN when the call came (kept when the terminal is later removed); who
    answered is not kept. A call never answered from the room page (the learner closed it,
    the animator came without pressing, the call was cleared) has no ``answered_at``.
    """

    __tablename__ = "help_calls"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    epn_id: Mapped[str] = mapped_column(String(16))
    called_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    wait_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Group(Base):
    """A trainer's group of learners, e.g. "Groupe du mardi": a label, never a person.

    ``path_id`` is the path the group follows (a path of the terminals' catalogue, see
    :mod:`kiosk.hub.groups`), None when the trainer chose none. ``created_by`` is the
    trainer's username.
    """

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(String(100))
    path_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    created_by: Mapped[str] = mapped_column(String(64))


class GroupMember(Base):
    """One learner of a group, by pseudonym (``Tulipe-0412``: the statements' account name,
    typed by the trainer or read from a picture code). ``position`` keeps the trainer's order."""

    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(Integer, ForeignKey("groups.id", ondelete="CASCADE"),
                                          primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
