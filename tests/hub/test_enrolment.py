"""Enrolling a terminal: a single-use code for 15 minutes, a token shown once, trusted EPN keys."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hub_kit import HubServer
from sqlalchemy import select, update

from kiosk.export.keys import SigningKey
from kiosk.hub.auth import token_hash
from kiosk.hub.db import open_database
from kiosk.hub.enrolment import enrol, new_enrol_code, trusted_issuers
from kiosk.hub.models import EnrolCode, Terminal
from kiosk.store.models import utc_now


def _identity() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate())


def _body(code: str, key: SigningKey, label: str = "Terminal 1") -> dict[str, str]:
    return {"code": code, "label": label, "epn_id": key.epn_id, "epn_public_key": key.public_text}


def test_a_code_enrols_one_terminal_once(hub: HubServer) -> None:
    code, key = hub.enrol_code(), _identity()
    with hub.client() as client:
        first = client.post("/api/terminals/enrol", json=_body(code.lower()[:4] + "-" + code[4:], key))
        assert first.status_code == 201
        again = client.post("/api/terminals/enrol", json=_body(code, key, "Terminal 2"))
        assert again.status_code == 403
        assert "new one" in again.json()["detail"]
    token = first.json()["token"]
    with hub.app.state.sessionmaker() as session:
        terminal = session.scalars(select(Terminal)).one()
        assert terminal.id == first.json()["terminal_id"]
        assert terminal.token_hash == token_hash(token) and token not in terminal.token_hash
        assert (terminal.label, terminal.epn_id, terminal.epn_public_key) == (
            "Terminal 1", key.epn_id, key.public_text)
        stored = session.scalars(select(EnrolCode.code_hash)).one()
        assert stored == token_hash(code)


def test_wrong_and_expired_codes_are_refused(hub: HubServer) -> None:
    expired = hub.enrol_code()
    with hub.app.state.sessionmaker() as session:
        session.execute(update(EnrolCode).values(expires_at=utc_now() - timedelta(seconds=1)))
        session.commit()
    with hub.client() as client:
        assert client.post("/api/terminals/enrol", json=_body(expired, _identity())).status_code == 403
        assert client.post("/api/terminals/enrol", json=_body("ABCDEFGH", _identity())).status_code == 403


def test_a_key_that_is_not_the_epns_is_refused_without_using_the_code(hub: HubServer) -> None:
    code, key, other = hub.enrol_code(), _identity(), _identity()
    with hub.client() as client:
        body = dict(_body(code, key), epn_public_key=other.public_text)
        refused = client.post("/api/terminals/enrol", json=body)
        assert refused.status_code == 422 and other.epn_id in refused.json()["detail"]
        assert client.post("/api/terminals/enrol", json=dict(body, epn_public_key="xyz")).status_code == 422
        assert client.post("/api/terminals/enrol", json=_body(code, key)).status_code == 201


def test_trusted_issuers_are_the_enrolled_epns_and_the_file(db_url: str, tmp_path: Path) -> None:
    engine, sessions = open_database(db_url)
    listed, forged = _identity(), _identity()
    trust_file = tmp_path / "trusted_issuers.json"
    trust_file.write_text(json.dumps({listed.epn_id: {"key": listed.public_text, "name": "EPN de Ciney"},
                                      "AAAAAAAA": {"key": forged.public_text}}))
    try:
        with sessions() as session:
            a, b = _identity(), _identity()
            enrol(session, code=new_enrol_code(session, "anna"), label="A", epn_id=a.epn_id,
                  epn_public_key=a.public_text)
            enrol(session, code=new_enrol_code(session, "anna"), label="B", epn_id=b.epn_id,
                  epn_public_key=b.public_text)
            assert trusted_issuers(session, trust_file) == {
                a.epn_id: a.public_text, b.epn_id: b.public_text, listed.epn_id: listed.public_text}
            assert trusted_issuers(session) == {a.epn_id: a.public_text, b.epn_id: b.public_text}
    finally:
        engine.dispose()


def test_the_fixture_terminal_is_enrolled(hub: HubServer, terminal: tuple[str, str]) -> None:
    with hub.app.state.sessionmaker() as session:
        assert session.get(Terminal, terminal[0]) is not None
