"""``kiosk hub …`` commands: staff accounts, enrol codes, LRS clients, listing and removing
terminals, and a clear word when the hub's packages are missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hub_kit import make_settings, running_hub
from sqlalchemy import select

from kiosk.cli import main
from kiosk.export.keys import SigningKey
from kiosk.hub.auth import authenticate
from kiosk.hub.db import open_database
from kiosk.hub.models import EnrolCode, LrsClient, User

ROOT = Path(__file__).resolve().parents[2]


def kiosk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_user_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    done = kiosk("hub", "user", "add", "anna", "--role", "animator", "--home", str(tmp_path),
                 stdin="un-mot-de-passe\n")
    assert done.returncode == 0, done.stderr
    assert "anna" in done.stdout
    again = kiosk("hub", "--home", str(tmp_path), "user", "add", "anna", "--role", "trainer",
                  stdin="un-autre-mot\n")
    assert again.returncode == 1 and "already" in again.stderr
    short = kiosk("hub", "user", "add", "theo", "--role", "trainer", "--home", str(tmp_path), stdin="court\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    cora = kiosk("hub", "user", "add", "cora", "--role", "coordinator", "--home", str(tmp_path),
                 stdin="coordination-1\n")
    assert cora.returncode == 0 and "(coordinator)" in cora.stdout, cora.stderr
    boss = kiosk("hub", "user", "add", "boss", "--role", "director", "--home", str(tmp_path),
                 stdin="x" * 9 + "\n")
    assert boss.returncode == 2 and "coordinator" in boss.stderr  # argparse names the three roles
    engine, sessions = open_database(make_settings(tmp_path).database_url)
    try:
        with sessions() as session:
            assert [(u.username, u.role) for u in session.scalars(select(User))] == [
                ("anna", "animator"), ("cora", "coordinator")]
            assert authenticate(session, "anna", "un-mot-de-passe") is not None
            assert authenticate(session, "anna", "un-autre-mot") is None
    finally:
        engine.dispose()


def test_enrol_code_and_lrs_client_work_against_a_running_hub(tmp_path: Path) -> None:
    code = kiosk("hub", "enrol-code", "--home", str(tmp_path), "--by", "anna")
    assert code.returncode == 0 and len(code.stdout.strip()) == 8
    client = kiosk("hub", "lrs-client", "add", "Hub de Namur", "--home", str(tmp_path))
    assert client.returncode == 0
    lines = dict(line.split(" = ") for line in client.stdout.splitlines() if " = " in line)
    with running_hub(make_settings(tmp_path)) as hub:
        with hub.app.state.sessionmaker() as session:
            assert session.scalars(select(EnrolCode.created_by)).one() == "anna"
            assert session.get(LrsClient, lines["username"]) is not None
        answer = hub.client().post("/xAPI/statements", json=[], auth=(lines["username"], lines["password"]),
                                   headers={"X-Experience-API-Version": "1.0.3"})
        assert answer.status_code == 200


def test_terminals_are_listed_and_removed_by_id_or_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    with running_hub(make_settings(tmp_path)) as hub:
        # a terminal whose EPN has no other one, and two of the test EPN
        first, _ = hub.enrol("Salle du fond", key=SigningKey(Ed25519PrivateKey.generate()))
        twin_a, twin_b = hub.enrol("Accueil")[0], hub.enrol("Accueil")[0]

    def run(*args: str) -> tuple[int, str, str]:  # the command's own entry point, in this process
        code = main(["hub", "terminal", *args, "--home", str(tmp_path)])
        out, err = capsys.readouterr()
        return code, out, err

    code, listed, _ = run("list")
    assert code == 0
    lines = listed.splitlines()
    assert lines[0].split() == ["label", "id", "last", "seen", "enrolled"]
    assert [line.split()[0] for line in lines[1:]] == ["Accueil", "Accueil", "Salle"]
    assert first in lines[3] and "never" in lines[3]

    code, _, err = run("remove", "accueil")
    assert code == 1 and "2 terminals are labelled 'accueil': give the id" in err and twin_a in err
    code, _, err = run("remove", "Cuisine")
    assert code == 1 and "no terminal has the id or label 'Cuisine'" in err
    code, out, _ = run("remove", "salle du fond")
    assert code == 0 and f"'Salle du fond' ({first}) removed" in out
    assert "its progress codes are no longer accepted" in out  # its EPN had that one terminal
    code, out, _ = run("remove", twin_b)
    assert code == 0 and "statements are kept" in out
    _, left, _ = run("list")
    assert twin_a in left and twin_b not in left and first not in left


def test_without_the_hub_packages_the_command_says_what_to_install(tmp_path: Path) -> None:
    blocker = (  # this interpreter, as if fastapi were not installed
        "import importlib.util, sys\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name == 'fastapi' else real(name, *a)\n"
        "from kiosk.cli import main\n"
        f"sys.exit(main(['hub', '--home', {str(tmp_path)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 2
    assert "pip install 'epn-kiosk[hub]'" in done.stderr
