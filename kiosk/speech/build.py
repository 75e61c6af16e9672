"""Pre-rendering the voice cache: every prompt of every scenario and every UI string.

Incremental by construction: a clip's file name is a hash of (voice, rate, text), so only
new or changed texts are synthesised; a volunteer's recording (by prompt id) is never
replaced. Used by ``kiosk audio build`` and by the kiosk itself, in the background, at
start-up.

One process renders everything: espeak-ng says a short sentence in a few milliseconds
(all shipped content in six languages, about 500 clips, takes about a second on two
cores), less than a pool of processes would take to start.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kiosk import strings
from kiosk.engine.catalogue import Catalogue
from kiosk.engine.model import Text
from kiosk.speech import Synthesizer


def prompts(catalogue: Catalogue) -> list[Text]:
    """Every text the kiosk may speak, each once (by prompt id), the screen's words filled in."""
    texts: dict[str, Text] = {}
    for t in strings.all_texts():
        texts[t.prompt_id] = t
    for module in catalogue.modules:
        texts[module.title.prompt_id] = module.title
    for scenario in catalogue.scenarios.values():
        for t in scenario.texts():
            # "<button.send>" is never said: each text as said over the French screen and
            # over the learner's own ("L'écran dans ma langue"), when they differ
            for said in (scenario.on_screen(t), scenario.on_screen(t, None)):
                texts[said.prompt_id] = said
    return list(texts.values())


@dataclass
class BuildReport:
    rendered: int = 0
    cached: int = 0
    recorded: int = 0
    failed: int = 0
    seconds: float = 0.0


def clips(texts: Iterable[Text], languages: Sequence[str]) -> list[tuple[str, Text, str]]:
    """(language, text, words) for every clip to have, French first.

    A text missing in a language is left out there (it is not spoken in French instead).
    """
    ordered = sorted(languages, key=lambda lang: (lang != "fr", lang))
    texts = list(texts)
    return [(lang, t, t.get(lang)) for lang in ordered for t in texts
            if t.has(lang) or (lang == "fr" and t.get(lang))]


def build(synth: Synthesizer, texts: Iterable[Text], languages: Sequence[str],
          progress: Callable[[str], None] | None = None) -> BuildReport:
    """Render what is missing, language by language (French first)."""
    report = BuildReport()
    start = time.monotonic()
    for lang, t, words in clips(texts, languages):
        clip = synth.cached(words, lang, t.prompt_id)
        if clip is not None:
            if clip.recorded:
                report.recorded += 1
            else:
                report.cached += 1
        elif synth.render(words, lang) is not None:
            report.rendered += 1
        else:
            report.failed += 1
            if not synth.available:  # no engine: stop, the caller says why
                break
        if progress is not None:
            progress(lang)
    report.seconds = time.monotonic() - start
    return report
