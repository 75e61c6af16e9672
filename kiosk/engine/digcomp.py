"""DigComp 2.2 competences (CC BY 4.0, European Commission) and their ids.

Content refers to competences as ``digcomp:2.2:<area>.<competence>``; keeping the
framework version in the id lets DigComp 3.0 wording arrive later without ambiguity.
"""

from __future__ import annotations

FRAMEWORK = "2.2"
PREFIX = f"digcomp:{FRAMEWORK}:"

# Titles per language; French first. Short forms a learner or trainer can read.
COMPETENCES: dict[str, dict[str, str]] = {
    "1.1": {
        "fr": "Naviguer, chercher et filtrer des informations",
        "nl": "Informatie browsen, zoeken en filteren",
        "en": "Browsing, searching and filtering information",
    },
    "1.2": {
        "fr": "Évaluer des informations",
        "nl": "Informatie beoordelen",
        "en": "Evaluating information",
    },
    "1.3": {
        "fr": "Gérer des données et des fichiers",
        "nl": "Gegevens en bestanden beheren",
        "en": "Managing data, information and content",
    },
    "2.1": {"fr": "Interagir en ligne", "nl": "Online communiceren", "en": "Interacting online"},
    "2.2": {"fr": "Partager en ligne", "nl": "Online delen", "en": "Sharing online"},
    "2.3": {
        "fr": "Être citoyen en ligne",
        "nl": "Online burgerschap",
        "en": "Citizenship online",
    },
    "2.4": {"fr": "Collaborer en ligne", "nl": "Online samenwerken", "en": "Collaborating online"},
    "2.5": {"fr": "La nétiquette", "nl": "Netiquette", "en": "Netiquette"},
    "2.6": {
        "fr": "Gérer son identité numérique",
        "nl": "Digitale identiteit beheren",
        "en": "Managing digital identity",
    },
    "3.1": {"fr": "Créer du contenu", "nl": "Inhoud maken", "en": "Developing content"},
    "3.2": {
        "fr": "Modifier du contenu",
        "nl": "Inhoud bewerken",
        "en": "Integrating and re-elaborating content",
    },
    "3.3": {
        "fr": "Droits d'auteur et licences",
        "nl": "Auteursrecht en licenties",
        "en": "Copyright and licences",
    },
    "3.4": {"fr": "Programmer", "nl": "Programmeren", "en": "Programming"},
    "4.1": {"fr": "Protéger ses appareils", "nl": "Apparaten beschermen", "en": "Protecting devices"},
    "4.2": {
        "fr": "Protéger ses données personnelles",
        "nl": "Persoonsgegevens beschermen",
        "en": "Protecting personal data and privacy",
    },
    "4.3": {
        "fr": "Protéger sa santé",
        "nl": "Gezondheid beschermen",
        "en": "Protecting health and well-being",
    },
    "4.4": {
        "fr": "Protéger l'environnement",
        "nl": "Het milieu beschermen",
        "en": "Protecting the environment",
    },
    "5.1": {
        "fr": "Résoudre des problèmes techniques",
        "nl": "Technische problemen oplossen",
        "en": "Solving technical problems",
    },
    "5.2": {
        "fr": "Trouver le bon outil",
        "nl": "Het juiste hulpmiddel vinden",
        "en": "Identifying needs and technological responses",
    },
    "5.3": {
        "fr": "Utiliser le numérique avec créativité",
        "nl": "Creatief digitale technologie gebruiken",
        "en": "Creatively using digital technologies",
    },
    "5.4": {
        "fr": "Repérer ses besoins d'apprentissage",
        "nl": "Leerbehoeften herkennen",
        "en": "Identifying digital competence gaps",
    },
}

LEVELS = range(1, 9)


def competence_of(digcomp_id: str) -> str | None:
    """``digcomp:2.2:1.3`` → ``1.3`` if it exists in the framework, else None."""
    if not digcomp_id.startswith(PREFIX):
        return None
    code = digcomp_id[len(PREFIX) :]
    return code if code in COMPETENCES else None


def title(digcomp_id: str, language: str) -> str:
    code = competence_of(digcomp_id)
    if code is None:
        return digcomp_id
    names = COMPETENCES[code]
    return names.get(language) or names["en"]
