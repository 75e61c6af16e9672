"""The surfaces' own words ("Envoyer", "Non sécurisé", "Signaler"): French in the source,
translations in the gettext catalogue ``kiosk`` like every interface string.

A surface's engine module declares its words once, French only, each marked
``N_(key, french)`` so Babel extracts it pgettext-style (the key is the context, as in
``kiosk.strings``; babel.cfg lists this package)::

    WORDS = Words("sms", (
        N_("sms.button.report", "Signaler"),
        ...
    ))

``WORDS["button.report"]`` is then ``{"fr": "Signaler", "nl": "Melden", ...}``: the
shape the widgets' ``CHROME`` tables and the engine's target labels already use, so a
scenario text may say ``<button.report>`` and the screen, the voice and the check agree.
The catalogue is read once, on first use; a language without a compiled catalogue
shows the French words (and the kiosk logs how to compile it).
"""

from __future__ import annotations

import functools
import gettext
import logging
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "kiosk"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
# the kiosk's languages (kiosk.config.SUPPORTED_LANGUAGES; the engine does not import config)
LANGUAGES = ("fr", "nl", "en", "ar", "tr", "uk")


_DECLARED: list[Words] = []


def declared() -> tuple[Words, ...]:
    """Every surface's words table, in the order declared (all of them once
    ``kiosk.engine.surfaces`` is imported: it imports every surface module)."""
    return tuple(_DECLARED)


def N_(key: str, french: str) -> tuple[str, str]:
    """Marks a word for extraction (key = context, French = msgid); translates nothing."""
    return key, french


class _Untranslated(gettext.NullTranslations):
    def pgettext(self, context: str, message: str) -> str:
        return None  # type: ignore[return-value]


@functools.cache
def _catalogue(language: str) -> gettext.NullTranslations:
    catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    if not isinstance(catalogue, gettext.GNUTranslations):
        log.warning("no compiled catalogue for %r in %s: the surfaces' words stay French; "
                    "run 'pybabel compile -d kiosk/locale -D kiosk'", language, LOCALE_DIR)
        return _Untranslated()
    catalogue.add_fallback(_Untranslated())
    return catalogue


def translate(key: str, french: str) -> dict[str, str]:
    """``{language: words}`` for one marked word; a language the catalogue lacks is left out."""
    found = {"fr": french}
    for language in LANGUAGES[1:]:
        words = _catalogue(language).pgettext(key, french)
        if words:
            found[language] = words
    return found


class Words(Mapping[str, dict[str, str]]):
    """One surface's words: short key (``button.report``) → words in each language.

    The keys given to ``N_`` start with the surface's name (``sms.button.report``), so two
    surfaces may both say "Supprimer" and be translated apart; the table is read with the
    short key the targets and widgets use."""

    def __init__(self, surface: str, source: Iterable[tuple[str, str]]) -> None:
        self.surface = surface
        self._source: dict[str, tuple[str, str]] = {}
        for key, french in source:
            short = key.removeprefix(f"{surface}.")
            if short == key:
                raise ValueError(f"the word '{key}' of surface '{surface}' must start with '{surface}.'")
            self._source[short] = (key, french)
        _DECLARED.append(self)

    @functools.cached_property
    def _table(self) -> dict[str, dict[str, str]]:
        return {short: translate(key, french) for short, (key, french) in self._source.items()}

    def __getitem__(self, short: str) -> dict[str, str]:
        return self._table[short]

    def __iter__(self) -> Iterator[str]:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)

    def marked(self) -> dict[str, str]:
        """Full key (the catalogue's context, ``sms.button.report``) → French."""
        return dict(self._source.values())

    def french(self) -> dict[str, str]:
        """Short key → French, without reading any catalogue."""
        return {short: french for short, (_key, french) in self._source.items()}
