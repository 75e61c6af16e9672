"""Self-assessment: the spoken pictogram questions a learner answers about themself.

Owns the fixed list of questions (stable ids, and the small numbers the progress record
uses for them), the three answers, and the rule that suggests where to start.

Trainers ask the same grid at the start, the middle and the end of a training to show
the path travelled; the kiosk does the same: the answers are kept per day, and the
progress record carries the first and the latest answer sets.

The French sentence of each question is its meaning, for authors and translators; what
the kiosk says and shows comes from the interface strings (key ``selfcheck.<id>``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: The three answers, from the most confident; stored and exported by these ids.
ANSWERS: tuple[str, ...] = ("yes", "a_little", "not_yet")


@dataclass(frozen=True)
class Question:
    """One self-assessment question: "Can you …?" — yes / a little / not yet."""

    id: str
    code: int  # its number in the progress record: never change or reuse one
    pictogram: str
    module: str  # where to start practising when the answer is not "yes"
    digcomp: tuple[str, ...]
    fr: str
    topic_fr: str  # a short label (printed attestation, animator screen)


QUESTIONS: tuple[Question, ...] = (
    Question("mouse", 0, "mouse", "mouse", ("digcomp:2.2:1.1",),
             "Savez-vous utiliser une souris ?", "la souris"),
    Question("keyboard", 1, "keyboard", "keyboard", ("digcomp:2.2:3.1",),
             "Savez-vous écrire avec un clavier ?", "le clavier"),
    Question("email_reply", 2, "reply", "email", ("digcomp:2.2:2.1",),
             "Savez-vous répondre à un e-mail ?", "répondre à un e-mail"),
    Question("email_attach", 3, "paperclip", "email", ("digcomp:2.2:2.2",),
             "Savez-vous envoyer un document avec un e-mail ?", "joindre un document"),
    Question("search", 4, "search", "internet", ("digcomp:2.2:1.1",),
             "Savez-vous chercher une information sur Internet ?", "chercher sur Internet"),
    Question("official_site", 5, "lock", "internet", ("digcomp:2.2:1.2",),
             "Savez-vous reconnaître le vrai site officiel ?", "le vrai site officiel"),
    Question("online_form", 6, "edit", "eadmin", ("digcomp:2.2:2.3",),
             "Savez-vous remplir un formulaire en ligne ?", "un formulaire en ligne"),
    Question("appointment", 7, "calendar", "eadmin", ("digcomp:2.2:2.3",),
             "Savez-vous prendre un rendez-vous en ligne ?", "un rendez-vous en ligne"),
    Question("digital_id", 8, "id-card", "identity", ("digcomp:2.2:2.6",),
             "Savez-vous vous connecter avec une application d'identité ?", "l'identité numérique"),
    Question("scam", 9, "warning", "identity", ("digcomp:2.2:4.2",),
             "Savez-vous reconnaître un faux message ?", "les faux messages"),
    Question("video_call", 10, "video-call", "video", ("digcomp:2.2:2.1",),
             "Savez-vous faire un appel vidéo ?", "un appel vidéo"),
)  # fmt: skip

BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
BY_CODE: dict[int, Question] = {q.code: q for q in QUESTIONS}


def check_answers(answers: Mapping[str, str]) -> None:
    """Raise ValueError naming the first unknown question or answer."""
    for question, answer in answers.items():
        if question not in BY_ID:
            raise ValueError(f"unknown self-assessment question {question!r}")
        if answer not in ANSWERS:
            allowed = ", ".join(ANSWERS)
            raise ValueError(f"unknown answer {answer!r} to {question!r} (allowed: {allowed})")


def suggested_module(answers: Mapping[str, str]) -> str | None:
    """Where to start: the module of the first "not yet", else of the first "a little".

    Questions go from the first steps (mouse, keyboard) to harder tasks, so the first
    gap in that order is the next thing to learn. None when every answer is "yes" (or
    nothing was answered): the learner chooses.
    """
    for wanted in ("not_yet", "a_little"):
        for question in QUESTIONS:
            if answers.get(question.id) == wanted:
                return question.module
    return None


def grown(before: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    """Questions answered more confidently now than before (not yet → a little → yes),
    in question order: the path travelled, as the learner themself sees it."""
    rank = {answer: len(ANSWERS) - i for i, answer in enumerate(ANSWERS)}
    return [q.id for q in QUESTIONS
            if q.id in before and q.id in now and rank[now[q.id]] > rank[before[q.id]]]
