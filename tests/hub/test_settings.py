"""Hub settings: one home, a session secret made once and kept private, env overrides."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.config import BUNDLED_SCENARIOS
from kiosk.hub.settings import HubSettings, HubSettingsError, load_settings


def test_defaults_live_under_the_home(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "h", env={})
    assert settings.database_url == f"sqlite:///{tmp_path / 'h' / 'hub.db'}"
    assert settings.scenarios_dir == BUNDLED_SCENARIOS
    assert settings.trusted_issuers_file == tmp_path / "h" / "trusted_issuers.json"
    assert not settings.forwarding


def test_session_secret_is_made_once_and_readable_by_the_owner_only(tmp_path: Path) -> None:
    first = load_settings(home=tmp_path, env={})
    again = load_settings(home=tmp_path, env={})
    path = tmp_path / "session_secret"
    assert first.session_secret == again.session_secret
    assert len(first.session_secret) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.session_secret not in repr(first)


def test_environment_sets_home_database_and_lrs(tmp_path: Path) -> None:
    env = {"KIOSK_HUB_HOME": str(tmp_path / "env-home"), "KIOSK_HUB_DATABASE_URL": "sqlite:////tmp/x.db",
           "KIOSK_HUB_LRS_URL": "http://lrs.example/xAPI/", "KIOSK_HUB_LRS_USERNAME": "u",
           "KIOSK_HUB_LRS_PASSWORD": "p"}
    settings = load_settings(env=env)
    assert settings.home == tmp_path / "env-home"
    assert settings.database_url == "sqlite:////tmp/x.db"
    assert settings.lrs_url == "http://lrs.example/xAPI"
    assert settings.forwarding and "p" != repr(settings).split("lrs_password")[-1][:3]


def test_a_bad_lrs_address_is_named(tmp_path: Path) -> None:
    with pytest.raises(HubSettingsError, match="KIOSK_HUB_LRS_URL"):
        load_settings(home=tmp_path, env={"KIOSK_HUB_LRS_URL": "lrs.example"})


def test_the_time_after_which_a_call_is_unseen_comes_from_the_environment(tmp_path: Path) -> None:
    assert load_settings(home=tmp_path, env={}).help_unseen_after == 60.0
    assert load_settings(home=tmp_path, env={"KIOSK_HUB_HELP_UNSEEN_AFTER": "90"}).help_unseen_after == 90.0
    for bad in ["soon", "0", "-5", "nan"]:
        with pytest.raises(HubSettingsError, match="KIOSK_HUB_HELP_UNSEEN_AFTER must be a number of seconds"):
            load_settings(home=tmp_path, env={"KIOSK_HUB_HELP_UNSEEN_AFTER": bad})
def test_the_rooms_stuck_thresholds_come_from_the_environment(tmp_path: Path) -> None:
    defaults = load_settings(home=tmp_path, env={})
    def thresholds(s: HubSettings) -> tuple[int, int, int]:
        return s.stuck_step_seconds, s.stuck_mistakes, s.stuck_mistakes_seconds

    assert thresholds(defaults) == (300, 4, 60)
    env = {"KIOSK_HUB_STUCK_STEP_SECONDS": "180", "KIOSK_HUB_STUCK_MISTAKES": " 6 ",
           "KIOSK_HUB_STUCK_MISTAKES_SECONDS": "30"}
    settings = load_settings(home=tmp_path, env=env)
    assert thresholds(settings) == (180, 6, 30)
    for bad in ("5 min", "0", "-3"):
        with pytest.raises(HubSettingsError, match=r"KIOSK_HUB_STUCK_STEP_SECONDS must be a whole number"):
            load_settings(home=tmp_path, env={"KIOSK_HUB_STUCK_STEP_SECONDS": bad})
