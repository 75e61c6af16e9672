"""A learner's progress QR code read on the hub: pasted text, a photo or a ``/p/`` link.

Owns turning what a trainer brings (``EPN1:…``, a ``…/p/EPN1:…`` link, or the bytes of a
photo) into a :class:`PassportReading`: the checked record laid out for the page in its
language (scenarios with stars, DigComp levels, self-assessment, dates, issuing EPN), or
a plain reason why not. The signature is checked against the EPNs the hub trusts — the
keys of its enrolled terminals plus its trusted issuers file
(:func:`kiosk.hub.enrolment.trusted_issuers`) — by the kiosk's own
:func:`kiosk.export.sealed.open_code`. Nothing is stored: reading a code writes nothing.

An expired record is refused like a forged one: pseudonymous data is still personal data,
and the expiry is how a record stops living (see :mod:`kiosk.export.passport`).
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image

from kiosk.engine.catalogue import Catalogue
from kiosk.engine.digcomp import COMPETENCES, PREFIX
from kiosk.engine.selfcheck import QUESTIONS, Question
from kiosk.export.keys import Issuer, parse_public_key
from kiosk.export.picture_code import picture_code
from kiosk.export.record import ProgressRecord, decode_payload
from kiosk.export.scan import read_qr
from kiosk.export.sealed import PREFIX as CODE_PREFIX
from kiosk.export.sealed import Verdict, code_of, code_parts, open_code
from kiosk.hub.language import FORMAT_LOCALES, N_, translations
from kiosk.hub.review_format import date_text
from kiosk.hub.review_queries import LearnerKey
from kiosk.strings import has, tr

log = logging.getLogger(__name__)

#: A photo larger than this (in pixels) is refused before decoding (a 48 MP phone is 48e6).
MAX_PIXELS = 60_000_000
#: Photos are also read at this size when the full one shows no code (noise, blur).
SMALLER_SIDE = 1600

LEVEL_NAMES_FR = {1: N_("Fondamental"), 2: N_("Fondamental"), 3: N_("Intermédiaire"),
                  4: N_("Intermédiaire"), 5: N_("Avancé"), 6: N_("Avancé"),
                  7: N_("Hautement spécialisé"), 8: N_("Hautement spécialisé")}
ANSWERS_FR = {"yes": N_("oui"), "a_little": N_("un peu"), "not_yet": N_("pas encore")}
HELP_FR = {0: N_("sans aide"), 1: N_("consigne répétée"), 2: N_("endroit montré"), 3: N_("démonstration")}


class NotAPicture(ValueError):
    """The uploaded file is not an image this hub can read."""


@dataclass(frozen=True)
class ScenarioLine:
    scenario_id: str
    title: str
    stars: int
    times_done: int
    most_help: str


@dataclass(frozen=True)
class CompetenceLine:
    competence_id: str
    code: str
    title: str
    level: int
    level_name: str  # "Fondamental", in the page language


@dataclass(frozen=True)
class SelfAssessmentLine:
    question: str
    answers: tuple[str, ...]  # one per set, in the order of ``RecordView.assessed_on``


@dataclass(frozen=True)
class RecordView:
    """A valid record as the page shows it."""

    learner: LearnerKey
    picture_code: str
    issuer: str
    issuer_label: str
    origin: str
    origin_label: str
    issued: date
    expires: date
    scenarios: tuple[ScenarioLine, ...]
    competences: tuple[CompetenceLine, ...]
    assessed_on: tuple[date, ...]
    self_assessment: tuple[SelfAssessmentLine, ...]


@dataclass(frozen=True)
class PassportReading:
    """The outcome of reading a code: ``view`` for a valid record, else ``reason``."""

    verdict: Verdict | None  # None: there was no code to read (a photo without one)
    reason: str
    view: RecordView | None = None

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK and self.view is not None


def issuers(keys: Mapping[str, str], names: Mapping[str, str]) -> dict[str, Issuer]:
    """The :class:`Issuer` objects ``open_code`` wants, from EPN id → public key text."""
    out: dict[str, Issuer] = {}
    for epn_id, key_text in keys.items():
        try:
            out[epn_id] = Issuer(epn_id, parse_public_key(key_text), names.get(epn_id, ""))
        except ValueError:
            log.warning("the public key of EPN %s is not valid: its codes are refused", epn_id)
    return out


def trusted_names(file: Path | None) -> dict[str, str]:
    """EPN id → name from the hub's trusted issuers file (``{"ID": {"key":…, "name":…}}``)."""
    if file is None or not file.exists():
        return {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v.get("name", "")) for k, v in data.items() if isinstance(v, dict) and v.get("name")}


def read_code(
    text: str,
    *,
    trusted: Mapping[str, Issuer],
    catalogue: Catalogue,
    epn_labels: Mapping[str, str],
    today: date,
    language: str = "fr",
) -> PassportReading:
    """Check a pasted code or link and lay its record out in a page ``language`` (its
    reason too); never raises on bad input."""
    words = translations(language)
    text = (text or "").strip()
    if not text:
        return PassportReading(Verdict.MALFORMED,
                               words.gettext("Collez d'abord le texte du code (il commence par EPN1:)."))
    opened = open_code(text, trusted=dict(trusted), today=today, known_scenarios=tuple(catalogue.scenarios))
    if opened.verdict is Verdict.OK and opened.record is not None:
        return PassportReading(opened.verdict, "", _view(opened.record, catalogue, epn_labels, language))
    return PassportReading(opened.verdict, _reason(opened.verdict, opened.record, text, language))


def code_from_photo(data: bytes) -> str | None:
    """The text of the QR code in a photo, or None when the photo shows none.

    NotAPicture when the bytes are not an image (or an absurdly large one).
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise NotAPicture("cette image est trop grande")
            image.load()
            found = read_qr(image)
            if found is None and max(image.size) > SMALLER_SIDE:
                smaller = image.copy()
                smaller.thumbnail((SMALLER_SIDE, SMALLER_SIDE))
                found = read_qr(smaller)
    except NotAPicture:
        raise
    except Exception as error:  # any decoder failure on a stranger's file means "not a picture"
        raise NotAPicture(f"{type(error).__name__}: {error}") from None
    return found


def _reason(verdict: Verdict, record: ProgressRecord | None, text: str, language: str) -> str:
    _ = translations(language).gettext
    if verdict is Verdict.EXPIRED and record is not None:
        day = date_text(record.expires, "full", FORMAT_LOCALES.get(language, FORMAT_LOCALES["fr"]))
        return _("Ce code est périmé : il était valable jusqu'au %(day)s. La personne peut en demander "
                 "un nouveau à la borne où elle s'est exercée.") % {"day": day}
    if verdict is Verdict.BAD_DATES:
        return _("Les dates de ce code sont impossibles (fait dans le futur, ou valable plus d'un an) : "
                 "on ne peut pas s'y fier. La date de la borne qui l'a fait est peut-être fausse.")
    if verdict is Verdict.BAD_SIGNATURE:
        return _("La signature ne correspond pas : ce code a été modifié après sa création. "
                 "On ne peut pas s'y fier.")
    if verdict is Verdict.UNKNOWN_ISSUER:
        epn = _claimed_issuer(text)
        if epn:
            return _("Ce code vient d'un EPN que ce hub ne connaît pas (%(epn)s). Enrôlez une borne de cet "
                     "EPN, ou ajoutez sa clé publique au fichier des EPN de confiance du hub.") % {"epn": epn}
        return _("Ce code vient d'un EPN que ce hub ne connaît pas. Enrôlez une borne de cet EPN, "
                 "ou ajoutez sa clé publique au fichier des EPN de confiance du hub.")
    return _("Ce n'est pas un code de progression lisible : il est peut-être coupé, abîmé, "
             "ou c'est un autre code QR.")


def _claimed_issuer(text: str) -> str | None:
    """The EPN a code says signed it (read without trusting it: for the message only)."""
    try:
        code = code_of(text)
        if not code.startswith(CODE_PREFIX):
            return None
        return decode_payload(code_parts(code)[0]).issuer
    except Exception:  # a message detail only: any failure means "we cannot say"
        return None


def _view(record: ProgressRecord, catalogue: Catalogue, labels: Mapping[str, str],
          language: str) -> RecordView:
    _ = translations(language).gettext
    scenarios = tuple(
        ScenarioLine(
            scenario_id=r.scenario_id,
            title=(catalogue.scenarios[r.scenario_id].title.get(language)
                   if r.scenario_id in catalogue.scenarios
                   else _("Exercice inconnu de ce hub (%(id)s)") % {"id": r.scenario_id}),
            stars=r.best_stars, times_done=r.times_done,
            most_help=_(HELP_FR[r.max_hint_level]) if r.max_hint_level in HELP_FR else "",
        )
        for r in record.results
    )
    competences = tuple(
        CompetenceLine(competence_id=c, code=c[len(PREFIX):],
                       title=_competence_title(c[len(PREFIX):], language, c), level=level,
                       level_name=_(LEVEL_NAMES_FR[level]) if level in LEVEL_NAMES_FR else "")
        for c, level in record.competences.items()
    )
    sets = record.answer_sets
    assessment = tuple(
        SelfAssessmentLine(_question(q, language),
                           tuple(_(ANSWERS_FR[a]) if (a := s.answers.get(q.id, "")) in ANSWERS_FR else "—"
                                 for s in sets))
        for q in QUESTIONS
        if any(q.id in s.answers for s in sets)
    )
    return RecordView(
        learner=LearnerKey.of(record.origin, record.pseudonym),
        picture_code=str(picture_code(record.pseudonym)),
        issuer=record.issuer, issuer_label=_epn_label(record.issuer, labels),
        origin=record.origin, origin_label=_epn_label(record.origin, labels),
        issued=record.issued, expires=record.expires,
        scenarios=scenarios, competences=competences,
        assessed_on=tuple(s.asked_on for s in sets), self_assessment=assessment,
    )


def _epn_label(epn: str, labels: Mapping[str, str]) -> str:
    return labels.get(epn, epn)


def _competence_title(code: str, language: str, fallback: str) -> str:
    titles = COMPETENCES.get(code, {})
    return titles.get(language) or titles.get("fr") or fallback


def _question(question: Question, language: str) -> str:
    """A self-assessment question as the kiosk asks it, in ``language`` (the kiosk's catalogue)."""
    key = f"selfcheck.{question.id}"
    return tr(key, language) if language != "fr" and has(key) else question.fr

