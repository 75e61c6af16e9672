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
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


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
    # TRANSLATORS: the arrow beside the activities that shows more of them (one short word).
    N_("modules.next", "Suite"),
    N_("modules.more", "Voici d'autres activités."),
    N_("scenarios.choose", "Choisissez un exercice."),
    N_("back", "Retour"),
    # TRANSLATORS: button that says the current instruction again.
    N_("repeat", "Répéter"),
    N_("help", "Aidez-moi"),
    # TRANSLATORS: button that calls a person (the animator) to come to the learner.
    N_("call.help", "J'ai besoin d'aide"),
    N_("call.sent", "C'est noté. Quelqu'un va venir vous aider."),
    # TRANSLATORS: the call button while the learner waits for the animator.
    N_("call.waiting", "Quelqu'un va venir"),
    N_("call.coming", "L'animateur arrive. Restez ici."),
    # TRANSLATORS: the call button once the animator has seen the call.
    N_("call.coming.button", "L'animateur arrive"),
    # TRANSLATORS: said when the call could not reach the animator's screen.
    N_("call.offline", "Levez la main. Quelqu'un va venir."),
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
    # -- "I already have a code": resuming with the progress passport
    # TRANSLATORS: button on the welcome screen: continue with a code from an earlier visit.
    N_("resume.open", "J'ai déjà un code"),
    N_("resume.title", "Continuer avec mon code"),
    N_("resume.show", "Montrez le QR code de votre téléphone à la caméra."),
    N_("resume.no_camera", "Il n'y a pas de caméra ici."),
    # TRANSLATORS: the 'animateur' is the staff member who helps in the public digital space.
    N_("resume.ask_animator", "Un animateur peut taper votre code en images."),
    # TRANSLATORS: button: the staff member enters the learner's picture code (after a PIN).
    N_("resume.type", "L'animateur tape le code"),
    N_("resume.pick", "Touchez les trois images, puis les deux chiffres."),
    N_("resume.welcome_back", "Bon retour ! Vos étoiles sont là."),
    # TRANSLATORS: a code was changed after it was made; say it calmly, never blame.
    N_("resume.refused.bad_signature", "Ce code ne peut pas être lu ici. Demandez à l'animateur."),
    N_("resume.refused.unknown_issuer", "Ce code vient d'un autre lieu. L'animateur peut l'accepter."),
    N_("resume.refused.expired", "Ce code a plus d'un an. On recommence ensemble, c'est facile."),
    N_("resume.refused.malformed", "Ce n'est pas un code de la borne. Essayez encore."),
    N_("resume.unknown_code", "Ce code en images n'est pas connu ici. Montrez le QR code."),
    N_("resume.problem", "Un petit souci. Demandez à l'animateur."),
    # TRANSLATORS: shown and said when the kiosk cannot save (e.g. its disk is full). Calm, no blame.
    N_("storage.problem", "Vos exercices ne sont pas gardés pour le moment."),
    N_("storage.continue", "Vous pouvez continuer. L'animateur peut regarder."),
    # TRANSLATORS: button that closes that message.
    N_("storage.ok", "D'accord"),
    # -- the passport at the end: the QR code to photograph and the picture code
    # TRANSLATORS: spoken and shown beside the QR code the learner photographs.
    N_("passport.photo", "Prenez une photo avec votre téléphone."),
    # TRANSLATORS: followed by three pictures and a number: the learner's code.
    N_("passport.code", "Votre code en images :"),
    N_("passport.explain", "La prochaine fois, montrez ce code pour continuer."),
    N_("passport.nothing", "Merci de votre visite ! Revenez quand vous voulez."),
    # TRANSLATORS: button that ends the session after the code was shown.
    N_("passport.finish", "Terminer"),
    # TRANSLATORS: button for the staff member: print the one-page attestation.
    N_("passport.print", "Imprimer"),
    N_("passport.printed", "La feuille est imprimée. Gardez-la avec vous."),
    N_("passport.print_failed", "L'impression n'a pas marché. L'animateur peut regarder."),
    N_("passport.wait", "Un instant, je prépare votre code."),
    # -- results that build confidence
    # TRANSLATORS: followed by the name of the exercise just done.
    N_("results.can_now", "Maintenant, vous savez :"),
    # TRANSLATORS: a DigComp proficiency level, e.g. 'Level 2'. Keep {level}.
    N_("results.level", "Niveau {level}"),
    # TRANSLATORS: the number comes last, so no plural form is needed. Keep {count}.
    N_("results.path", "Exercices réussis depuis votre première visite : {count}"),
    # TRANSLATORS: followed by the name of the exercise the kiosk suggests next.
    N_("results.next_is", "Ensuite, je vous propose :"),
    N_("results.all_done", "Vous avez tout fait. Bravo !"),
    # -- self-assessment: one spoken question at a time, three pictured answers
    # TRANSLATORS: button: the learner says what they can already do (self-assessment).
    N_("selfcheck.open", "Ce que je sais faire"),
    N_("selfcheck.offer", "Vous pouvez d'abord dire ce que vous savez faire."),
    N_("selfcheck.intro", "Répondez avec les images. Il n'y a pas de mauvaise réponse."),
    # TRANSLATORS: answer to 'Can you …?' (thumbs up).
    N_("selfcheck.yes", "Oui"),
    # TRANSLATORS: answer to 'Can you …?' (a hand that wobbles).
    N_("selfcheck.a_little", "Un peu"),
    # TRANSLATORS: answer to 'Can you …?' (a seedling: it will grow).
    N_("selfcheck.not_yet", "Pas encore"),
    N_("selfcheck.mouse", "Savez-vous utiliser une souris ?"),
    N_("selfcheck.keyboard", "Savez-vous écrire avec un clavier ?"),
    N_("selfcheck.email_reply", "Savez-vous répondre à un e-mail ?"),
    N_("selfcheck.email_attach", "Savez-vous envoyer un document avec un e-mail ?"),
    N_("selfcheck.search", "Savez-vous chercher une information sur Internet ?"),
    N_("selfcheck.official_site", "Savez-vous reconnaître le vrai site officiel ?"),
    N_("selfcheck.online_form", "Savez-vous remplir un formulaire en ligne ?"),
    N_("selfcheck.appointment", "Savez-vous prendre un rendez-vous en ligne ?"),
    N_("selfcheck.digital_id", "Savez-vous vous connecter avec une application d'identité ?"),
    N_("selfcheck.scam", "Savez-vous reconnaître un faux message ?"),
    N_("selfcheck.video_call", "Savez-vous faire un appel vidéo ?"),
    N_("selfcheck.thanks", "Merci ! Vos réponses sont gardées."),
    # TRANSLATORS: followed by the name of an activity (e.g. 'E-mail').
    N_("selfcheck.start_here", "Je vous propose de commencer ici :"),
    N_("selfcheck.all_yes", "Bravo ! Choisissez ce que vous voulez."),
    # TRANSLATORS: heading over the answers of the first time.
    N_("selfcheck.before", "Avant"),
    # TRANSLATORS: heading over today's answers.
    N_("selfcheck.now", "Maintenant"),
    # TRANSLATORS: the number comes last, so no plural form is needed. Keep {count}.
    N_("selfcheck.better", "Progrès depuis la première fois : {count}"),
    # -- the picture code's pictograms, named when the code is spoken
    # TRANSLATORS: the picture-code pictograms: one everyday word each, as a child would say it.
    N_("picture.apple", "pomme"),
    N_("picture.banana", "banane"),
    N_("picture.bread", "pain"),
    N_("picture.car", "voiture"),
    N_("picture.carrot", "carotte"),
    N_("picture.cheese", "fromage"),
    N_("picture.cup", "tasse"),
    N_("picture.egg", "œuf"),
    N_("picture.fish", "poisson"),
    N_("picture.glasses", "lunettes"),
    N_("picture.grapes", "raisin"),
    N_("picture.lemon", "citron"),
    N_("picture.pear", "poire"),
    N_("picture.sun", "soleil"),
    N_("picture.tree", "arbre"),
    N_("picture.umbrella", "parapluie"),
    N_("picture.watch", "montre"),
    N_("picture.cat", "chat"),
    N_("picture.horse", "cheval"),
    N_("picture.bird", "oiseau"),
    N_("picture.flower", "fleur"),
    N_("picture.bicycle", "vélo"),
    N_("picture.boat", "bateau"),
    N_("picture.guitar", "guitare"),
    N_("picture.ball", "ballon"),
    N_("picture.hat", "chapeau"),
    N_("picture.shoe", "chaussure"),
    N_("picture.book", "livre"),
    N_("picture.heart", "cœur"),
    N_("picture.strawberry", "fraise"),
    N_("picture.cherry", "cerise"),
    N_("picture.mushroom", "champignon"),
    N_("picture.train", "train"),
    N_("picture.airplane", "avion"),
    N_("picture.cake", "gâteau"),
    N_("picture.rabbit", "lapin"),
    N_("picture.cow", "vache"),
    N_("picture.duck", "canard"),
    N_("picture.butterfly", "papillon"),
    N_("picture.turtle", "tortue"),
    # -- asking once before leaving (confirm.py)
    # TRANSLATORS: the answer that changes nothing: the learner goes on.
    N_("confirm.no", "Non, je continue"),
    N_("confirm.yes", "Oui"),
    # TRANSLATORS: the button (a door) that leaves the exercise.
    N_("exercise.stop", "Arrêter"),
    N_("exercise.stop.ask", "Arrêter l'exercice ?"),
    N_("exercise.stop.yes", "Oui, arrêter"),
    # -- the animator proposes an exercise (ui/proposal.py): a calm card, then the title
    # TRANSLATORS: said and shown before the title of the exercise the animator chose.
    N_("proposal.offer", "L'animateur vous propose :"),
    # TRANSLATORS: the button that starts the proposed exercise now.
    N_("proposal.start", "Commencer"),
    # TRANSLATORS: the button that closes the proposal; nothing else changes.
    N_("proposal.later", "Plus tard"),
    # TRANSLATORS: asked once after the learner touches "J'ai fini".
    N_("session.done.ask", "Terminer pour aujourd'hui ?"),
    N_("session.done.yes", "Oui, j'ai fini"),
    # -- the animator's confirmations (screens/animator.py; shown in French, not spoken)
    N_("animator.end.ask", "Terminer la session en cours ?"),
    N_("animator.end.yes", "Oui, terminer"),
    N_("animator.exit.ask", "Quitter le kiosque ?"),
    N_("animator.exit.yes", "Oui, quitter"),
    # -- the welcome and the menus (welcome, modules, scenarios)
    # TRANSLATORS: a mark on the first activity, shown until the learner has done an exercise.
    N_("modules.start_here", "Commencez ici"),
    # -- the resume screen's camera (screens/resume.py)
    # TRANSLATORS: said after "show the QR code to the camera"; "it" is the phone.
    N_("resume.hold_still", "Tenez-le sans bouger dans le carré jaune."),
    # TRANSLATORS: the call button when no one can see the call: the learner raises a hand.
    N_("call.raise_hand.button", "Levez la main"),
    # -- printing through the animator (screens/passport.py)
    # TRANSLATORS: after "Imprimer": the facilitator types a code before the page prints.
    N_("print.ask", "Pour imprimer, appelez l'animateur."),
    # TRANSLATORS: this terminal has no printer; the learner photographs the QR code instead.
    N_("print.unavailable", "On ne peut pas imprimer ici. Prenez une photo du code."),
    # -- placement by doing and paths (screens/placement.py, screens/path.py)
    # TRANSLATORS: "let's take stock": a few small tasks that show what the learner can do.
    N_("placement.title", "Faisons le point"),
    N_("placement.intro", "Faisons le point : quelques petites tâches, sans aide."),
    # TRANSLATORS: «Je ne sais pas» is the button's text (placement.dont_know).
    N_("placement.dont_know_tip", "Vous ne savez pas ? Touchez « Je ne sais pas »."),
    N_("placement.why", "Ensuite, je vous propose des exercices pour vous."),
    N_("placement.begin", "Commencer"),
    N_("placement.later", "Plus tard"),
    # TRANSLATORS: button during a placement task: the learner skips it, no blame.
    N_("placement.dont_know", "Je ne sais pas"),
    N_("placement.miss", "Pas grave. On passe à la suite."),
    N_("placement.task_done", "Très bien ! On continue."),
    N_("placement.end", "Voilà, c'est fait. Merci !"),
    # TRANSLATORS: heading over pictures of what the learner did well.
    N_("placement.know", "Vous savez déjà"),
    # TRANSLATORS: heading over pictures of what comes next.
    N_("placement.learn", "On va apprendre"),
    # TRANSLATORS: row heading: the learner's own answers to "Can you …?".
    N_("placement.thought", "Ce que vous pensiez"),
    # TRANSLATORS: row heading: what the learner showed in the tasks.
    N_("placement.did", "Ce que vous avez fait"),
    N_("placement.more", "Vous savez plus que vous pensiez. Bravo !"),
    # TRANSLATORS: the number comes last, so no plural form is needed. Keep {count}.
    N_("placement.path", "Exercices proposés pour vous : {count}"),
    N_("placement.all_known", "Bravo ! Vous savez déjà tout faire ici."),
    # TRANSLATORS: button: the learner takes the proposed path.
    N_("placement.follow", "Commencer le parcours"),
    # TRANSLATORS: said after the self-assessment, before the placement button.
    N_("selfcheck.placement", "Voulez-vous faire le point ? Touchez la loupe."),
    # TRANSLATORS: "your path": the learner's list of exercises, in order.
    N_("path.title", "Votre parcours"),
    # TRANSLATORS: the name of a path made for the learner after "Faisons le point".
    N_("path.mine", "Mon parcours"),
    # TRANSLATORS: followed by the name of an exercise.
    N_("path.next", "Exercice suivant :"),
    # TRANSLATORS: {count} exercises done out of {total}. Keep both.
    N_("path.progress", "Déjà faits : {count} sur {total}"),
    N_("path.finished", "Bravo ! Vous avez fini votre parcours."),
    # -- author mode, for trainers writing exercises (ui/author.py; shown, not spoken)
    # TRANSLATORS: a trainer runs the kiosk on their own exercise files, to try them out.
    N_("author.mode", "Mode auteur : enregistrez un fichier, l'exercice se recharge."),
    # TRANSLATORS: {time} is the time of day, e.g. 14:02:11. Keep {time}.
    N_("author.reloaded", "Mode auteur : rechargé à {time}"),
    # TRANSLATORS: heading of a card listing mistakes in a trainer's exercise files.
    N_("author.errors.title", "Erreur dans un fichier d'exercice"),
    N_("author.errors.fix", "Corrigez le fichier et enregistrez-le. Le reste du kiosque continue."),
    # TRANSLATORS: the number comes last, so no plural form is needed. Keep {count}.
    N_("author.errors.more", "Autres erreurs : {count}"),
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


def filled(key: str, **values: object) -> Text:
    """A string with its placeholders filled in every language (``results.path``, count=3).

    Its prompt id names the values too, so a recording of the bare string is never
    played in its place."""
    base = text(key)
    filled_in = "&".join(f"{name}={value}" for name, value in sorted(values.items()))
    return Text(f"{base.prompt_id}?{filled_in}",
                {lang: words.format(**values) for lang, words in base.by_language.items()})


def has(key: str) -> bool:
    return key in _FRENCH


def tr(key: str, language: str) -> str:
    return text(key).get(language)


def all_texts() -> list[Text]:
    return list(_texts().values())
