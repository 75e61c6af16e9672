"""The kiosk's configuration: a TOML file, KIOSK_* variables, and plain-word refusals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import (
    BUNDLED_SCENARIOS,
    CONFIG_FILE,
    SETTINGS,
    ConfigError,
    check_pin,
    hash_pin,
    load_config,
)
from kiosk.sync.client import CREDENTIALS_FILE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def env_for(home: Path, **extra: str) -> dict[str, str]:
    return {"KIOSK_HOME": str(home), **extra}


def write_toml(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / CONFIG_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(home: Path) -> None:
    config = load_config(env=env_for(home))
    assert config.home == home
    assert config.idle_timeout == 120
    assert config.languages == ("fr", "nl", "en", "ar", "tr", "uk")
    assert config.scenarios_dir == BUNDLED_SCENARIOS
    assert config.enabled_modules is None  # all modules
    assert config.speech is True
    assert config.database_url == f"sqlite:///{home / 'kiosk.sqlite3'}"


def test_database_url_defaults_under_kiosk_home(tmp_path: Path) -> None:
    elsewhere = tmp_path / "somewhere else"
    config = load_config(env={"KIOSK_HOME": str(elsewhere)})
    assert config.database_url.startswith("sqlite:///")
    assert Path(config.database_url.removeprefix("sqlite:///")).parent == elsewhere


def test_values_from_the_toml_file(home: Path) -> None:
    write_toml(
        home,
        """
idle_timeout = 300
languages = ["fr", "nl"]
enabled_modules = ["mouse"]
terminal_label = "EPN Namur 2"
speech = false
double_click_time = 0.8
database_url = "postgresql://kiosk@hub/kiosk"
""",
    )
    config = load_config(env=env_for(home))
    assert config.idle_timeout == 300
    assert config.languages == ("fr", "nl")
    assert config.enabled_modules == ("mouse",)
    assert config.terminal_label == "EPN Namur 2"
    assert config.speech is False
    assert config.double_click_time == pytest.approx(0.8)
    assert config.database_url == "postgresql://kiosk@hub/kiosk"


def test_explicit_file_path(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text("idle_timeout = 200\n", encoding="utf-8")
    assert load_config(path, env=env_for(home)).idle_timeout == 200
    assert load_config(env=env_for(home, KIOSK_CONFIG=str(path))).idle_timeout == 200


def test_a_mistyped_config_path_is_refused(tmp_path: Path, home: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "kiosk.tmol", env=env_for(home))


def test_environment_overrides_the_file(home: Path) -> None:
    write_toml(home, "idle_timeout = 300\n")
    config = load_config(
        env=env_for(home, KIOSK_IDLE_TIMEOUT="90", KIOSK_SPEECH="no", KIOSK_LANGUAGES="fr,en")
    )
    assert config.idle_timeout == 90
    assert config.speech is False
    assert config.languages == ("fr", "en")


def test_unknown_key_in_the_file(home: Path) -> None:
    path = write_toml(home, "idle_timout = 90\n")
    with pytest.raises(ConfigError) as caught:
        load_config(env=env_for(home))
    message = str(caught.value)
    assert "'idle_timout'" in message and str(path) in message
    assert "Known keys:" in message
    for key in SETTINGS:
        assert key in message


@pytest.mark.parametrize("value", ['"abc"', "5", "99999", "true"])
def test_bad_idle_timeout_names_key_and_allowed_values(home: Path, value: str) -> None:
    write_toml(home, f"idle_timeout = {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(env=env_for(home))
    message = str(caught.value)
    assert "'idle_timeout'" in message
    assert "Allowed: a number of seconds from" in message


def test_bad_languages(home: Path) -> None:
    with pytest.raises(ConfigError, match="'languages'.*Allowed: a list from fr, nl, en"):
        load_config(env=env_for(home, KIOSK_LANGUAGES="nl,en"))  # French is required


def test_unknown_kiosk_variable(home: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(env=env_for(home, KIOSK_IDLE_TIMEOUTT="90"))
    message = str(caught.value)
    assert "KIOSK_IDLE_TIMEOUTT" in message and "Known keys:" in message


def test_other_variables_are_ignored(home: Path) -> None:
    config = load_config(env=env_for(home, PATH="/usr/bin", KIOSKX="1"))
    assert config.idle_timeout == 120


def test_idle_warning_must_come_before_the_timeout(home: Path) -> None:
    with pytest.raises(ConfigError, match="'idle_warning'.*shorter"):
        load_config(env=env_for(home, KIOSK_IDLE_TIMEOUT="60", KIOSK_IDLE_WARNING="60"))


def test_invalid_toml(home: Path) -> None:
    write_toml(home, "idle_timeout = \n")
    with pytest.raises(ConfigError, match="TOML is not valid"):
        load_config(env=env_for(home))


# -- animator PIN ---------------------------------------------------------------------------


def test_pin_hash_round_trip() -> None:
    stored = hash_pin("4821", rounds=1000)
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert "4821" not in stored
    assert check_pin("4821", stored)
    assert not check_pin("4822", stored)
    assert not check_pin("4821", "not a hash")
    assert hash_pin("4821") != hash_pin("4821")  # salted


def test_configured_pin(home: Path) -> None:
    write_toml(home, f'animator_pin_hash = "{hash_pin("4821", rounds=1000)}"\n')
    config = load_config(env=env_for(home))
    assert not config.pin_is_default
    assert config.pin_ok("4821")
    assert not config.pin_ok("1234")


def test_default_pin_is_flagged(home: Path) -> None:
    config = load_config(env=env_for(home))
    assert config.pin_is_default  # the animator screen shows a warning for this
    assert config.pin_ok("1234")
    assert not config.pin_ok("0000")


def test_malformed_pin_hash_is_refused(home: Path) -> None:
    with pytest.raises(ConfigError, match="animator_pin_hash.*kiosk pin"):
        load_config(env=env_for(home, KIOSK_ANIMATOR_PIN_HASH="1234"))


# -- start-up ---------------------------------------------------------------------------------


def test_run_with_a_bad_setting_stops_before_any_window(home: Path) -> None:
    """``kiosk run`` must fail at config load: Kivy is never even imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.pop("DISPLAY", None)
    env.update(KIOSK_HOME=str(home), KIOSK_IDLE_TIMEOUT="abc")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kiosk", "run"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "Configuration problem" in done.stderr
    assert "KIOSK_IDLE_TIMEOUT" in done.stderr and "'abc'" in done.stderr
    assert "Allowed: a number of seconds" in done.stderr
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert imported, "-X importtime gave no import list"
    assert not [m for m in imported if m.split(".")[0] == "kivy"]
    assert not home.exists()  # nothing created either


def test_the_hub_and_test_variables_are_not_taken_for_kiosk_settings(tmp_path):
    env = env_for(tmp_path, KIOSK_HUB_HOME=str(tmp_path / "hub"),
                  KIOSK_TEST_PG_URL="postgresql://x@127.0.0.1/db", KIOSK_IDLE_TIMEOUT="90")
    assert load_config(env=env).idle_timeout == 90


def test_kiosk_hub_url_is_still_the_kiosks_hub_address(tmp_path):
    env = env_for(tmp_path, KIOSK_HUB_URL="https://hub.example.be", KIOSK_HUB_HOME="/srv/hub")
    assert load_config(env=env).hub_url == "https://hub.example.be"


def test_the_system_wide_file_is_read_when_the_home_has_none(home: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.config

    system = tmp_path / "etc" / "kiosk.toml"
    system.parent.mkdir()
    system.write_text('terminal_label = "EPN Namur 2"\nidle_timeout = 180\n', encoding="utf-8")
    monkeypatch.setattr(kiosk.config, "SYSTEM_CONFIG", system)
    assert load_config(env=env_for(home)).idle_timeout == 180
    # the home's own file, when there is one, wins over the system-wide one
    write_toml(home, "idle_timeout = 90\n")
    assert load_config(env=env_for(home)).idle_timeout == 90


def test_a_wrong_system_wide_file_stops_start_up_naming_it(home: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.config

    system = tmp_path / "kiosk.toml"
    system.write_text("idle_timout = 180\n", encoding="utf-8")
    monkeypatch.setattr(kiosk.config, "SYSTEM_CONFIG", system)
    with pytest.raises(ConfigError, match=f"idle_timout.*{system}"):
        load_config(env=env_for(home))


def test_config_check_prints_the_values_in_force_and_hides_a_password(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('database_url = "postgresql+psycopg://kiosk:s3cret@db/kiosk"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_HOME=str(tmp_path / "home"))
    ok = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(path), "config", "check"],
                        capture_output=True, text=True, env=env, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert f"file: {path}" in ok.stdout and "idle_timeout = 120" in ok.stdout
    assert "s3cret" not in ok.stdout and "kiosk:***@db" in ok.stdout
    path.write_text("idle_timeout = 5\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(path), "config", "check"],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert bad.returncode == 2 and "idle_timeout" in bad.stderr and "10 to 3600" in bad.stderr


def test_a_plain_http_hub_address_is_refused_except_on_this_machine(tmp_path):
    for local in ("http://127.0.0.1:8300", "http://localhost:8300/", "http://[::1]:8300"):
        assert load_config(env=env_for(tmp_path, KIOSK_HUB_URL=local)).hub_url == local.rstrip("/")
    with pytest.raises(ConfigError, match=r"http:// only for localhost"):
        load_config(env=env_for(tmp_path, KIOSK_HUB_URL="http://hub.epn-namur.be"))


def test_kiosk_enrol_refuses_a_plain_http_hub_before_sending_anything(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | env_for(tmp_path)
    done = subprocess.run([sys.executable, "-m", "kiosk", "enrol", "ABCD2345", "--hub",
                           "http://hub.epn-namur.be"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert ("Not enrolled: http://hub.epn-namur.be is plain http: the hub must be reached over https:// "
            "(http:// only for localhost, 127.0.0.1 or ::1).") in done.stderr
    assert not (tmp_path / CREDENTIALS_FILE).exists()


def test_the_printer_is_a_cups_queue_name_or_the_default(home: Path) -> None:
    assert load_config(env=env_for(home)).printer is None  # CUPS's default printer
    write_toml(home, 'printer = "Accueil_HP"\n')
    assert load_config(env=env_for(home)).printer == "Accueil_HP"
    for bad in ('"Accueil HP"', '"ipp://10.0.0.5/printers/hp"', '"salle#2"', '""', "3"):
        write_toml(home, f"printer = {bad}\n")
        with pytest.raises(ConfigError, match="'printer'.*Allowed: a CUPS printer name"):
            load_config(env=env_for(home))


def test_config_check_names_the_printer_in_force(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_HOME=str(tmp_path / "home"))
    shown = subprocess.run([sys.executable, "-m", "kiosk", "config", "check"], capture_output=True,
                           text=True, env=env, cwd=ROOT)
    assert "printer = (the CUPS default printer)" in shown.stdout, shown.stderr
    env["KIOSK_PRINTER"] = "Accueil HP"
    bad = subprocess.run([sys.executable, "-m", "kiosk", "config", "check"], capture_output=True,
                         text=True, env=env, cwd=ROOT)
    assert bad.returncode == 2 and "KIOSK_PRINTER" in bad.stderr and "no spaces" in bad.stderr
