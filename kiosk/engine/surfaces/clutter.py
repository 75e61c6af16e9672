"""A real-life second level ("niveau 2"): the same task on a busier screen, as real sites
are — a cookie banner first, a header menu, ads, a login wall, today's browser look (the
site-information icon instead of the padlock, the download bubble at the top right).

Owns the clutter words a scenario's ``level2:`` section may name (``CLUTTER``), which
surface draws which (``FITS``), the words the clutter writes (``WORDS``, six languages
in kiosk.po), the overlay merge (``merge``), the steps the clutter adds before the task
(refuse the cookies, "Plus tard" on the login wall), the variant's id and title, and the
rule that offers the variant (``offered``): after level 1 is done with at most one help.

The loader (``kiosk.engine.loader``) reads the section and builds the variant
``<id>.2``; the widgets (``kiosk.ui.surfaces.clutter``) draw what ``clutter`` names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kiosk.engine.model import Expect, Hint, HintLevel, Instruction, Step, Text
from kiosk.engine.surfaces.words import N_, Words

# what a level-2 section may add, in the order the widgets draw them
CLUTTER = ("cookies", "menu", "ads", "login_wall", "browser_today")
# the surfaces that draw each kind of clutter
FITS: dict[str, tuple[str, ...]] = {
    "cookies": ("web", "browser"),
    "menu": ("web", "browser"),
    "ads": ("web", "browser", "mail"),
    "login_wall": ("web", "browser"),
    "browser_today": ("web", "browser"),
}
# the surfaces that draw any clutter
SURFACES = tuple(sorted({surface for fits in FITS.values() for surface in fits}))
VARIANT = 2  # the variant's number: its id ends in ".2"
MAX_HELPS = 1  # level 1 done with at most this many helps offers level 2

WORDS = Words("clutter", (
    N_("clutter.level2", "niveau 2"),
    N_("clutter.cookies.title", "Ce site utilise des cookies"),
    N_("clutter.cookies.text", "Nous et nos partenaires suivons votre visite."),
    N_("clutter.cookies.accept", "Tout accepter"),
    N_("clutter.cookies.refuse", "Tout refuser"),
    N_("clutter.cookies.settings", "Personnaliser"),
    N_("clutter.cookies.say.touch", "Refusez les cookies : touchez <cookies.refuse>."),
    N_("clutter.cookies.say.mouse", "Refusez les cookies : cliquez sur <cookies.refuse>."),
    N_("clutter.cookies.success", "Bien. Les cookies sont refusés."),
    N_("clutter.menu.home", "Accueil"),
    N_("clutter.menu.services", "Services"),
    N_("clutter.menu.news", "Actualités"),
    N_("clutter.menu.contact", "Contact"),
    N_("clutter.menu.account", "Mon compte"),
    N_("clutter.ads.label", "Publicité"),
    N_("clutter.ads.text", "Gagnez un téléphone ! Jouez maintenant (exemple)"),
    N_("clutter.ads.other", "Grandes soldes sur tout (exemple)"),
    N_("clutter.login.title", "Connectez-vous pour continuer"),
    N_("clutter.login.sign_in", "Se connecter"),
    N_("clutter.login.later", "Plus tard"),
    N_("clutter.login.say.touch", "Pas besoin de compte : touchez <login.later>."),
    N_("clutter.login.say.mouse", "Pas besoin de compte : cliquez sur <login.later>."),
    N_("clutter.login.success", "Bien. Vous continuez sans compte."),
))

# the targets the clutter adds, and the words written on them (for "<cookies.refuse>")
TARGETS: dict[str, str] = {
    "cookies.refuse": "cookies.refuse",
    "cookies.accept": "cookies.accept",
    "cookies.settings": "cookies.settings",
    "login.later": "login.later",
}
# clutter → (step id, target, the words' keys) of the step it adds before the task
_STEPS: dict[str, tuple[str, str, str]] = {
    "cookies": ("refuse_cookies", "cookies.refuse", "cookies"),
    "login_wall": ("login_later", "login.later", "login"),
}
_LADDER = ((HintLevel.REPEAT, 10.0, 1), (HintLevel.HIGHLIGHT, 20.0, 2), (HintLevel.DEMO, 30.0, 3))


def variant_id(scenario_id: str) -> str:
    """``eadmin.address`` → ``eadmin.address.2``."""
    return f"{scenario_id}.{VARIANT}"


def base_id(scenario_id: str) -> str:
    """The level-1 exercise of a variant (the id itself for a level-1 exercise)."""
    head, _, tail = scenario_id.rpartition(".")
    return head if tail == str(VARIANT) and head.count(".") >= 1 else scenario_id


def is_variant(scenario_id: str) -> bool:
    return base_id(scenario_id) != scenario_id


def unfit(clutter: str, surface: str) -> bool:
    """True when ``surface`` does not draw ``clutter``."""
    return surface not in FITS.get(clutter, ())


def merge(base: Any, overlay: Any) -> Any:
    """``overlay`` deep-merged onto ``base`` (neither is changed): maps key by key; a list
    of maps with ids (pages, blocks with ``id``) item by id, new ids appended; anything
    else replaced by the overlay's."""
    if isinstance(base, Mapping) and isinstance(overlay, Mapping):
        out = {str(k): v for k, v in base.items()}
        for key, value in overlay.items():
            out[str(key)] = merge(out[str(key)], value) if key in out else value
        return out
    if isinstance(base, list) and isinstance(overlay, list) and _with_ids(overlay):
        merged = list(base)
        where = {item["id"]: i for i, item in enumerate(merged) if isinstance(item, Mapping) and "id" in item}
        for item in overlay:
            if item["id"] in where:
                merged[where[item["id"]]] = merge(merged[where[item["id"]]], item)
            else:
                merged.append(item)
        return merged
    return overlay


def _with_ids(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, Mapping) and "id" in i for i in items)


def title(base: Text) -> Text:
    """The variant's title: the exercise's, marked "niveau 2" in each language."""
    mark = WORDS["level2"]
    words = {lang: f"{text} · {mark.get(lang) or mark['fr']}" for lang, text in base.by_language.items()}
    return Text(f"{base.prompt_id}.level2", words)


def labels(clutter: Iterable[str]) -> dict[str, dict[str, str]]:
    """The words the clutter writes on its targets (a text may name ``<cookies.refuse>``)."""
    kinds = set(clutter)
    out: dict[str, dict[str, str]] = {}
    for target, key in TARGETS.items():
        if target.partition(".")[0] == "cookies" and "cookies" in kinds:
            out[target] = WORDS[key]
        elif target.startswith("login.") and "login_wall" in kinds:
            out[target] = WORDS[key]
    return out


def targets(clutter: Iterable[str]) -> set[str]:
    return set(labels(clutter))


def added_steps(clutter: Iterable[str], variant: str) -> list[Step]:
    """The steps the clutter puts before the task: the cookie banner is refused first,
    then the login wall is put off ("Plus tard"), as on a real site."""
    steps: list[Step] = []
    for kind in CLUTTER:
        if kind not in clutter or kind not in _STEPS:
            continue
        step_id, target, words = _STEPS[kind]
        prefix = f"{variant}.{step_id}"
        say = Instruction(Text(f"{prefix}.say", WORDS[f"{words}.say.touch"]),
                          mouse=Text(f"{prefix}.say.mouse", WORDS[f"{words}.say.mouse"]),
                          touch=Text(f"{prefix}.say.touch", WORDS[f"{words}.say.touch"]))
        hints = tuple(Hint(level, secs, errors) for level, secs, errors in _LADDER)
        steps.append(Step(step_id, say, Expect("tap", target), hints,
                          Text(f"{prefix}.success", WORDS[f"{words}.success"])))
    return steps


def helps_in(help_per_step: Iterable[int]) -> int:
    """How many times the kiosk helped in one attempt: the steps where help came."""
    return sum(1 for level in help_per_step if level > HintLevel.NONE)


def fewest_helps(stars: int, help_per_step: Iterable[int]) -> int:
    """The helps an attempt counts for the offer (three stars: none, whatever was timed)."""
    return 0 if stars >= 3 else helps_in(help_per_step)


def offered(variant: str, helps: Mapping[str, int]) -> bool:
    """Level 2 is offered once its level 1 is done with at most ``MAX_HELPS`` helps.

    ``helps``: exercise id → the fewest helps of a finished attempt (an exercise never
    finished is not in it). A level-1 id is never "offered": it is always there."""
    if not is_variant(variant):
        return False
    done = helps.get(base_id(variant))
    return done is not None and done <= MAX_HELPS
