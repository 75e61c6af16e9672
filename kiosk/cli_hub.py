"""The ``kiosk hub`` command line: serve, staff accounts, enrol codes, terminals, LRS clients
and forwarding — the argument wiring for :mod:`kiosk.hub` (the optional ``[hub]`` extra).

:func:`add_hub_parser` adds the ``hub`` family to the ``kiosk`` parser (:mod:`kiosk.cli`);
each command imports the hub's packages when it runs, and says how to install them when
they are missing.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# --- the hub (optional extra: pip install 'epn-kiosk[hub]') -------------------------------

HUB_EXTRA_MISSING = ("The hub needs its extra packages: pip install 'epn-kiosk[hub]' "
                     "(missing: {name}).")


def hub_ready() -> bool:
    """True when the hub's packages are installed; otherwise says how to get them."""
    import importlib.util

    for name in ("fastapi", "uvicorn", "jinja2", "argon2", "itsdangerous", "multipart"):
        if importlib.util.find_spec(name) is None:
            print(HUB_EXTRA_MISSING.format(name=name), file=sys.stderr)
            return False
    return True


def _hub_settings(args: argparse.Namespace) -> Any:
    from kiosk.hub.settings import load_settings

    return load_settings(home=args.home, database_url=args.database_url)


def cmd_hub_serve(args: argparse.Namespace) -> int:
    if not hub_ready():
        return 2
    from kiosk.hub.serve import asked_workers, serve
    from kiosk.hub.settings import HubSettingsError

    try:
        workers = asked_workers(args.workers)
    except HubSettingsError as error:
        print(error, file=sys.stderr)
        return 2
    return serve(_hub_settings(args), host=args.host, port=args.port, workers=workers)


@contextmanager
def _hub_session(args: argparse.Namespace) -> Iterator[Any]:
    """A session on the hub's database (migrated first), closed with its engine after."""
    from kiosk.hub.db import open_database

    engine, sessions = open_database(_hub_settings(args).database_url)
    try:
        with sessions() as session:
            yield session
    finally:
        engine.dispose()


def _read_new_password() -> str | None:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (8 characters or more): ")
    if getpass.getpass("The same password again: ") != first:
        print("The two passwords differ; nothing was changed.", file=sys.stderr)
        return None
    return first


def cmd_hub_user_add(args: argparse.Namespace) -> int:
    if not hub_ready():
        return 2
    from kiosk.hub.auth import AuthError, check_new_user, create_user

    try:
        check_new_user(args.name, args.role, "x" * 8)
    except AuthError as error:
        print(f"Cannot add {args.name!r}: {error}.", file=sys.stderr)
        return 1
    password = _read_new_password()
    if password is None:
        return 1
    try:
        with _hub_session(args) as session:
            create_user(session, args.name, args.role, password)
    except AuthError as error:
        print(f"Cannot add {args.name!r}: {error}.", file=sys.stderr)
        return 1
    print(f"User {args.name!r} added ({args.role}).")
    return 0


def cmd_hub_user_password(args: argparse.Namespace) -> int:
    if not hub_ready():
        return 2
    from kiosk.hub.auth import AuthError, set_password

    password = _read_new_password()
    if password is None:
        return 1
    try:
        with _hub_session(args) as session:
            set_password(session, args.name, password)
    except AuthError as error:
        print(f"Cannot change the password: {error}.", file=sys.stderr)
        return 1
    print(f"Password of {args.name!r} changed.")
    return 0


def cmd_hub_user_change(args: argparse.Namespace) -> int:
    """``kiosk hub user remove|disable|enable NAME``: the account's logins end at once."""
    if not hub_ready():
        return 2
    from kiosk.hub.staff_sessions import AccountError, remove_user, set_disabled

    try:
        with _hub_session(args) as session:
            if args.user_action == "remove":
                remove_user(session, args.name)
                done = "removed; its logins have ended"
            elif set_disabled(session, args.name, args.user_action == "disable"):
                done = ("disabled; its logins have ended" if args.user_action == "disable"
                        else "enabled; it can log in again")
            else:
                done = f"was already {args.user_action}d; nothing changed"
    except AccountError as error:
        print(f"Cannot {args.user_action} {args.name!r}: {error}.", file=sys.stderr)
        return 1
    print(f"User {args.name!r} {done}.")
    return 0


def cmd_hub_user_unlock(args: argparse.Namespace) -> int:
    """Clear the login delays of a staff account (after a storm of wrong passwords)."""
    if not hub_ready():
        return 2
    from sqlalchemy import select

    from kiosk.hub.login_throttle import unlock
    from kiosk.hub.models import User

    with _hub_session(args) as session:
        if session.scalar(select(User.id).where(User.username == args.name)) is None:
            print(f"There is no user called {args.name!r}.", file=sys.stderr)
            return 1
        addresses = unlock(session, args.name)
    print(f"{args.name!r} can log in again at once"
          + (f" (delays cleared for {addresses} address{'es' if addresses != 1 else ''})." if addresses
             else " (nothing was slowing it down)."))
    return 0


def cmd_hub_enrol_code(args: argparse.Namespace) -> int:
    if not hub_ready():
        return 2
    from kiosk.hub.enrolment import new_enrol_code

    with _hub_session(args) as session:
        print(new_enrol_code(session, created_by=args.by))
    return 0


def cmd_hub_lrs_client_add(args: argparse.Namespace) -> int:
    if not hub_ready():
        return 2
    from kiosk.hub.auth import AuthError, create_lrs_client

    try:
        with _hub_session(args) as session:
            client_id, secret = create_lrs_client(session, args.label)
    except AuthError as error:
        print(f"Cannot add the client: {error}.", file=sys.stderr)
        return 1
    print(f"username = {client_id}\npassword = {secret}\n"
          "(HTTP Basic auth for POST /xAPI/statements; the password is shown only now.)")
    return 0


def cmd_hub_terminal_list(args: argparse.Namespace) -> int:
    if not hub_ready():
        return 2
    from kiosk.hub.enrolment import enrolled_terminals

    def when(at: Any) -> str:
        return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else "never"

    with _hub_session(args) as session:
        rows = [(t.label, t.id, when(t.last_seen_at), when(t.enrolled_at))
                for t in enrolled_terminals(session)]
    if not rows:
        print("No terminal is enrolled (kiosk hub enrol-code, then kiosk enrol CODE on the terminal).")
        return 0
    width = max(len("label"), *(len(r[0]) for r in rows))
    print(f"{'label':<{width}}  {'id':<32}  {'last seen':<16}  enrolled")
    for label, terminal_id, seen, enrolled in rows:
        print(f"{label:<{width}}  {terminal_id}  {seen:<16}  {enrolled}")
    return 0


def cmd_hub_terminal_remove(args: argparse.Namespace) -> int:
    if not hub_ready():
        return 2
    from kiosk.hub.enrolment import TerminalNotFound, epn_still_trusted, find_terminal, remove_terminal

    settings = _hub_settings(args)
    with _hub_session(args) as session:
        try:
            terminal = find_terminal(session, args.terminal)
        except TerminalNotFound as error:
            print(f"Nothing removed: {error}.", file=sys.stderr)
            return 1
        label, terminal_id, epn_id = terminal.label, terminal.id, terminal.epn_id
        remove_terminal(session, terminal_id)
        trusted = epn_still_trusted(session, epn_id, settings.trusted_issuers_file)
    print(f"Terminal {label!r} ({terminal_id}) removed: its token no longer works "
          "(a running hub refuses it within 2 s); its statements are kept.")
    if not trusted:
        print(f"No terminal of EPN {epn_id} is left: its progress codes are no longer accepted "
              "unless it is listed in trusted_issuers.json.")
    return 0


def cmd_hub_forward(args: argparse.Namespace) -> int:
    """Forwarding to the external LRS: status, or retry / drop set-aside statements."""
    if not hub_ready():
        return 2
    from kiosk.hub.db import make_engine, upgrade
    from kiosk.hub.forward_queue import drop, forward_status, retry

    settings = _hub_settings(args)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        if args.forward_action == "retry":
            count = retry(engine, None if args.all else args.ids)
            print(f"{count} set-aside statement(s) are due again now (the running hub sends them).")
            return 0 if count or args.all else 1
        if args.forward_action == "drop":
            count = drop(engine, args.ids)
            print(f"{count} set-aside statement(s) will not be forwarded (they stay in the hub).")
            return 0 if count else 1
        status = forward_status(engine)
    finally:
        engine.dispose()
    print(f"LRS: {settings.lrs_url or 'none configured (KIOSK_HUB_LRS_URL): nothing is forwarded'}")
    print(f"waiting: {status.counts.waiting}  delivered: {status.counts.sent}  "
          f"set aside: {status.counts.refused}")
    if status.next_try is not None:
        print(f"next try: {status.next_try.astimezone().isoformat(timespec='seconds')}")
    if status.last_error:
        print(f"last error: {status.last_error}")
    for item in status.set_aside:
        print(f"set aside {item.statement_id} ({item.tries} tries): {item.reason}")
    return 0


def add_hub_parser(sub: Any) -> None:
    def place(parser: argparse.ArgumentParser, *, top: bool) -> None:
        # On "kiosk hub" itself and again on each action; an action's copy keeps what was
        # given before it ("kiosk hub --home X serve").
        default: Any = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
        parser.add_argument("--home", default=default(None),
                            help="the hub's state (default: $KIOSK_HUB_HOME or ~/.local/share/epn-kiosk-hub)")
        parser.add_argument("--database-url", default=default(None),
                            help="any SQLAlchemy URL (default: SQLite <home>/hub.db)")

    def serve_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
        default: Any = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
        parser.add_argument("--host", default=default("127.0.0.1"), help="address to listen on")
        parser.add_argument("--port", type=int, default=default(8300), help="port to listen on")
        parser.add_argument("--workers", type=int, default=default(None),
                            help="worker processes (default: $KIOSK_HUB_WORKERS or 1; more than 1 "
                                 "needs PostgreSQL)")

    hub = sub.add_parser("hub", help="the hub web service (alone: serve)")
    place(hub, top=True)
    serve_options(hub, top=True)
    hub.set_defaults(func=cmd_hub_serve)
    hub_sub = hub.add_subparsers(dest="action")
    serve = hub_sub.add_parser("serve", help="start the hub (several workers on PostgreSQL)")
    place(serve, top=False)
    serve_options(serve, top=False)
    serve.set_defaults(func=cmd_hub_serve)

    user = hub_sub.add_parser("user", help="staff accounts")
    user_sub = user.add_subparsers(dest="user_action", required=True)
    add = user_sub.add_parser("add", help="add a staff account (password from stdin or asked twice)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("animator", "trainer", "coordinator"),
                     help="animator: the room; trainer: the practice logs; coordinator: the network's totals")
    place(add, top=False)
    add.set_defaults(func=cmd_hub_user_add)
    password = user_sub.add_parser("password", help="set a staff account's password")
    password.add_argument("name")
    place(password, top=False)
    password.set_defaults(func=cmd_hub_user_password)
    for action, what in (("remove", "delete a staff account; its logins end at once"),
                         ("disable", "stop a staff account from logging in; its logins end at once"),
                         ("enable", "let a disabled staff account log in again")):
        change = user_sub.add_parser(action, help=what)
        change.add_argument("name")
        place(change, top=False)
        change.set_defaults(func=cmd_hub_user_change)
    unlock = user_sub.add_parser("unlock", help="clear the login delays after failed logins")
    unlock.add_argument("name")
    place(unlock, top=False)
    unlock.set_defaults(func=cmd_hub_user_unlock)

    code = hub_sub.add_parser("enrol-code", help="print a fresh enrol code (single use, 15 minutes)")
    code.add_argument("--by", default="cli", help="who made it (kept with the code)")
    place(code, top=False)
    code.set_defaults(func=cmd_hub_enrol_code)

    terminal = hub_sub.add_parser("terminal", help="enrolled terminals")
    terminal_sub = terminal.add_subparsers(dest="terminal_action", required=True)
    terminal_list = terminal_sub.add_parser("list", help="label, id, last seen and enrolment of each")
    place(terminal_list, top=False)
    terminal_list.set_defaults(func=cmd_hub_terminal_list)
    terminal_remove = terminal_sub.add_parser(
        "remove", help="revoke a terminal: its token stops working, its statements stay")
    terminal_remove.add_argument("terminal", metavar="ID|LABEL")
    place(terminal_remove, top=False)
    terminal_remove.set_defaults(func=cmd_hub_terminal_remove)

    client = hub_sub.add_parser("lrs-client", help="systems allowed to post statements (Basic auth)")
    client_sub = client.add_subparsers(dest="client_action", required=True)
    client_add = client_sub.add_parser("add", help="add one; prints its username and password")
    client_add.add_argument("label")
    place(client_add, top=False)
    client_add.set_defaults(func=cmd_hub_lrs_client_add)

    forward = hub_sub.add_parser("forward", help="statements sent on to the external LRS")
    forward_sub = forward.add_subparsers(dest="forward_action", required=True)
    status = forward_sub.add_parser("status", help="waiting, delivered, set aside (with reasons), next try")
    again = forward_sub.add_parser("retry", help="send set-aside statements again")
    again.add_argument("ids", nargs="*", help="statement ids (see status)")
    again.add_argument("--all", action="store_true", help="every set-aside statement")
    gone = forward_sub.add_parser("drop", help="stop forwarding set-aside statements (they stay in the hub)")
    gone.add_argument("ids", nargs="+", help="statement ids (see status)")
    for parser in (status, again, gone):
        place(parser, top=False)
        parser.set_defaults(func=cmd_hub_forward)
