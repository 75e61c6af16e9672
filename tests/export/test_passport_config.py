"""Config keys of the passport: hub_url (validated) and epn_name."""

from __future__ import annotations

from pathlib import Path

import pytest
from passport_kit import TODAY, big_record

from kiosk.config import ConfigError, load_config
from kiosk.export.passport import Passport
from kiosk.export.sealed import open_code


def test_hub_url_and_epn_name(tmp_path: Path) -> None:
    config = load_config(env={"KIOSK_HOME": str(tmp_path), "KIOSK_HUB_URL": "https://hub.example.be/",
                              "KIOSK_EPN_NAME": "EPN de Ciney"})
    assert config.hub_url == "https://hub.example.be" and config.epn_name == "EPN de Ciney"
    assert load_config(env={"KIOSK_HOME": str(tmp_path)}).hub_url is None
    passport = Passport.from_config(config)
    issued = passport.seal(big_record(passport, scenarios=5))
    assert issued.qr.content.startswith("https://hub.example.be/p/EPN1:")
    assert issued.code.startswith("EPN1:")
    assert open_code(issued.qr.content, trusted=passport.trusted.all(), today=TODAY).ok


@pytest.mark.parametrize("value", ["hub.example.be", "ftp://hub.example.be", "https://",
                                   "https://hub.example.be/?x=1", "https://hub example.be"])
def test_bad_hub_url_is_refused_in_plain_words(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="'hub_url'.*Allowed: an https:// address"):
        load_config(env={"KIOSK_HOME": str(tmp_path), "KIOSK_HUB_URL": value})


def test_learner_of_session(tmp_path: Path) -> None:
    from passport_kit import at, open_kiosk

    kiosk = open_kiosk(tmp_path, "A")
    learner_id, pseudonym = kiosk.store.new_learner()
    session = kiosk.visit(learner_id, at(TODAY))
    found = kiosk.store.learner_of_session(session)
    assert found is not None and (found.id, found.pseudonym, found.origin) == (learner_id, pseudonym, "")
    assert kiosk.store.learner_of_session("nope") is None
    kiosk.store.close()
