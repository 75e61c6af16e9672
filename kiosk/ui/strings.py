"""Learner-facing interface strings, French first, in every supported language.

Each string has a prompt id ``ui.<key>`` so a recorded voice can replace the synthetic
one. Sentences stay short (12 words at most), concrete, and never blame.
"""

from __future__ import annotations

from kiosk.engine.model import Text

_STRINGS: dict[str, dict[str, str]] = {
    "language": {"fr": "Français", "nl": "Nederlands", "en": "English"},
    "welcome": {"fr": "Bienvenue !", "nl": "Welkom!", "en": "Welcome!"},
    "welcome.touch": {
        "fr": "Touchez l'écran pour commencer.",
        "nl": "Tik op het scherm om te beginnen.",
        "en": "Touch the screen to start.",
    },
    "welcome.safe": {
        "fr": "Ici, on s'entraîne. Rien ne peut se casser.",
        "nl": "Hier oefent u. Er kan niets stukgaan.",
        "en": "Here you practise. Nothing can break.",
    },
    "modules.choose": {
        "fr": "Choisissez une activité.",
        "nl": "Kies een activiteit.",
        "en": "Choose an activity.",
    },
    "modules.done": {"fr": "J'ai fini", "nl": "Ik ben klaar", "en": "I am done"},
    "scenarios.choose": {
        "fr": "Choisissez un exercice.",
        "nl": "Kies een oefening.",
        "en": "Choose an exercise.",
    },
    "back": {"fr": "Retour", "nl": "Terug", "en": "Back"},
    "repeat": {"fr": "Répéter", "nl": "Herhalen", "en": "Repeat"},
    "help": {"fr": "Aidez-moi", "nl": "Help mij", "en": "Help me"},
    "retry.wrong_target": {
        "fr": "Presque ! Essayez encore.",
        "nl": "Bijna! Probeer het nog eens.",
        "en": "Almost! Try again.",
    },
    "retry.tap": {
        "fr": "Un seul clic suffit. Essayez encore.",
        "nl": "Eén klik is genoeg. Probeer opnieuw.",
        "en": "One click is enough. Try again.",
    },
    "retry.double_tap": {
        "fr": "Deux fois, un peu plus vite.",
        "nl": "Twee keer, iets sneller.",
        "en": "Twice, a little faster.",
    },
    "retry.long_press": {
        "fr": "Gardez le doigt un peu plus longtemps.",
        "nl": "Houd uw vinger iets langer.",
        "en": "Hold your finger a little longer.",
    },
    "retry.long_press.mouse": {
        "fr": "Utilisez le bouton de droite.",
        "nl": "Gebruik de rechterknop.",
        "en": "Use the right button.",
    },
    "retry.drag": {
        "fr": "Gardez appuyé pendant que vous glissez.",
        "nl": "Blijf drukken terwijl u sleept.",
        "en": "Keep pressing while you drag.",
    },
    "hint.highlight": {
        "fr": "Regardez ce qui brille.",
        "nl": "Kijk naar wat oplicht.",
        "en": "Look at what lights up.",
    },
    "hint.demo": {
        "fr": "Regardez la main. Puis faites pareil.",
        "nl": "Kijk naar de hand. Doe het dan na.",
        "en": "Watch the hand. Then do the same.",
    },
    "results.3": {
        "fr": "Bravo ! Vous l'avez fait seul.",
        "nl": "Goed zo! U deed het zelf.",
        "en": "Well done! You did it yourself.",
    },
    "results.2": {
        "fr": "Très bien ! Vous y êtes arrivé.",
        "nl": "Heel goed! Het is gelukt.",
        "en": "Very good! You made it.",
    },
    "results.1": {
        "fr": "Bien joué ! Chaque essai vous fait progresser.",
        "nl": "Goed gedaan! Elke poging helpt u vooruit.",
        "en": "Good job! Every try helps you learn.",
    },
    "results.practised": {
        "fr": "Vous avez pratiqué :",
        "nl": "U hebt geoefend:",
        "en": "You practised:",
    },
    "results.again": {"fr": "Encore", "nl": "Nog eens", "en": "Again"},
    "results.next": {"fr": "Suivant", "nl": "Volgende", "en": "Next"},
    "results.menu": {"fr": "Menu", "nl": "Menu", "en": "Menu"},
    "idle.question": {
        "fr": "Vous êtes toujours là ?",
        "nl": "Bent u er nog?",
        "en": "Are you still there?",
    },
    "idle.touch": {
        "fr": "Touchez l'écran pour continuer.",
        "nl": "Tik op het scherm om verder te gaan.",
        "en": "Touch the screen to continue.",
    },
    "idle.yes": {"fr": "Oui, je suis là", "nl": "Ja, ik ben er", "en": "Yes, I am here"},
    "bye": {
        "fr": "Merci et à bientôt !",
        "nl": "Dank u en tot ziens!",
        "en": "Thank you, see you soon!",
    },
}


def text(key: str) -> Text:
    return Text(f"ui.{key}", _STRINGS[key])


def has(key: str) -> bool:
    return key in _STRINGS


def tr(key: str, language: str) -> str:
    return text(key).get(language)


def all_texts() -> list[Text]:
    return [text(k) for k in _STRINGS]
