"""Learner-facing interface strings: the French source here, translations in gettext catalogues.

The table below is the source of truth for the keys and their French text. Each entry is
marked with ``N_(key, french)``, which Babel extracts pgettext-style (``-k N_:1c,2``):
the key becomes the message context, the French text the msgid. Translations live in
``kiosk/locale/<lang>/LC_MESSAGES/kiosk.po`` and are compiled to ``.mo`` when the project
is installed (see README, "Translating the interface").

Each string has a prompt id ``ui.<key>`` so a recorded voice can replace the synthetic
one. Sentences stay short (12 words at most), concrete, and never blame.
"""

from __future__ import annotations

import functools
import gettext
import logging
from pathlib import Path

from kiosk.config import SUPPORTED_LANGUAGES
from kiosk.engine.model import SOURCE_LANGUAGE, Text

log = logging.getLogger(__name__)

DOMAIN = "kiosk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def N_(key: str, french: str) -> tuple[str, str]:
    """Marks a string for extraction (key = context, French = msgid); translates nothing."""
    return key, french


_SOURCE: tuple[tuple[str, str], ...] = (
    # TRANSLATORS: the name of your language, written in your language (e.g. "Nederlands").
    N_("language", "Français"),
    N_("language.choose", "Choisissez votre langue."),
    N_("welcome", "Bienvenue !"),
    N_("welcome.touch", "Touchez l'écran pour commencer."),
    N_("welcome.safe", "Ici, on s'entraîne. Rien ne peut se casser."),
    N_("modules.choose", "Choisissez une activité."),
    # TRANSLATORS: button that ends the learner's session.
    N_("modules.done", "J'ai fini"),
    N_("scenarios.choose", "Choisissez un exercice."),
    N_("back", "Retour"),
    # TRANSLATORS: button that says the current instruction again.
    N_("repeat", "Répéter"),
    N_("help", "Aidez-moi"),
    N_("retry.wrong_target", "Presque ! Essayez encore."),
    N_("retry.tap", "Un seul clic suffit. Essayez encore."),
    N_("retry.double_tap", "Deux fois, un peu plus vite."),
    N_("retry.long_press", "Gardez le doigt un peu plus longtemps."),
    N_("retry.long_press.mouse", "Utilisez le bouton de droite."),
    N_("retry.drag", "Gardez appuyé pendant que vous glissez."),
    N_("hint.highlight", "Regardez ce qui brille."),
    N_("hint.demo", "Regardez la main. Puis faites pareil."),
    N_("results.3", "Bravo ! Vous l'avez fait seul."),
    N_("results.2", "Très bien ! Vous y êtes arrivé."),
    N_("results.1", "Bien joué ! Chaque essai vous fait progresser."),
    # TRANSLATORS: followed by the list of skills the learner practised.
    N_("results.practised", "Vous avez pratiqué :"),
    N_("results.again", "Encore"),
    N_("results.next", "Suivant"),
    N_("results.menu", "Menu"),
    N_("idle.question", "Vous êtes toujours là ?"),
    N_("idle.touch", "Touchez l'écran pour continuer."),
    N_("idle.yes", "Oui, je suis là"),
    N_("bye", "Merci et à bientôt !"),
    # TRANSLATORS: toggle button: the voice speaks more slowly.
    N_("voice.slower", "Plus lent"),
    # TRANSLATORS: toggle button: the voice speaks at its usual speed again.
    N_("voice.normal", "Normal"),
    # TRANSLATORS: toggle button: show the practice screen in the learner's language.
    N_("screen.mine", "L'écran dans ma langue"),
    # TRANSLATORS: toggle button: show the practice screen in French, as in real life.
    N_("screen.french", "L'écran en français"),
    # TRANSLATORS: spoken after the learner chose the slower voice.
    N_("speech.slower_said", "Je parle plus lentement."),
    # TRANSLATORS: spoken after the learner chose the usual speed again.
    N_("speech.normal_said", "Je parle normalement."),
)

_FRENCH: dict[str, str] = dict(_SOURCE)


class _Untranslated(gettext.NullTranslations):
    """Fallback that answers None, so a message missing from a catalogue can be told apart."""

    def pgettext(self, context: str, message: str) -> str:
        return None  # type: ignore[return-value]


def _translations(language: str) -> dict[str, str]:
    """Key -> text in ``language``; keys the catalogue lacks are left out (French is used)."""
    if language == SOURCE_LANGUAGE:
        return dict(_FRENCH)
    catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    if not isinstance(catalogue, gettext.GNUTranslations):
        # an install that skipped compiling the catalogues: the kiosk still runs, in French
        log.warning("no compiled catalogue for %r in %s: the interface falls back to French; "
                    "run 'pybabel compile -d kiosk/locale -D kiosk'", language, LOCALE_DIR)
        return {}
    catalogue.add_fallback(_Untranslated())
    found = {key: catalogue.pgettext(key, french) for key, french in _FRENCH.items()}
    missing = sorted(key for key, value in found.items() if not value)
    if missing:
        log.warning("catalogue %r lacks %d string(s), shown in French: %s",
                    language, len(missing), ", ".join(missing))
    return {key: value for key, value in found.items() if value}


@functools.cache
def _texts() -> dict[str, Text]:
    """Every interface string as a Text, built once (catalogues are read on first use)."""
    by_language = {lang: _translations(lang) for lang in SUPPORTED_LANGUAGES}
    return {
        key: Text(f"ui.{key}", {lang: table[key] for lang, table in by_language.items() if key in table})
        for key in _FRENCH
    }


def text(key: str) -> Text:
    return _texts()[key]


def has(key: str) -> bool:
    return key in _FRENCH


def tr(key: str, language: str) -> str:
    return text(key).get(language)


def all_texts() -> list[Text]:
    return list(_texts().values())
