"""The ``kiosk`` command line: run, scenarios (check, list, new, surface, guide, translate,
preview), play, progress, bench, pin; the ``hub`` family is :mod:`kiosk.cli_hub`.

Each sub-command imports what it needs when it runs, so ``kiosk scenarios check``
never loads Kivy and starts in a blink.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config, ConfigError, hash_pin, load_config

if TYPE_CHECKING:
    from kiosk.engine.catalogue import Catalogue
    from kiosk.export.passport import Passport


def _config(args: argparse.Namespace) -> Config:
    return load_config(Path(args.config) if args.config else None)


def cmd_scenarios_check(args: argparse.Namespace) -> int:
    from kiosk.scenario_check import run

    config = _config(args)
    return run(Path(args.path) if args.path else config.scenarios_dir, config)


def cmd_scenarios_new(args: argparse.Namespace) -> int:
    """Scaffold a valid scenario file for a surface: the trainer edits the words."""
    from kiosk.config import SUPPORTED_LANGUAGES
    from kiosk.engine import load_catalogue, surfaces
    from kiosk.ui.assets import pictogram_names

    if surfaces.get(args.surface) is None:
        print(f"no template for the surface '{args.surface}' — use one of: {', '.join(surfaces.names())}")
        return 1
    module, _, name = args.id.partition(".")
    if not module or not name or not all(p.replace("_", "").isalnum() for p in (module, name)):
        print(f"'{args.id}' is not a scenario id — write it as <module>.<name>, e.g. eadmin.parking_card")
        return 1
    config = _config(args)
    root = Path(args.dir) if args.dir else config.scenarios_dir
    path = root / module / f"{name}.yaml"
    if path.exists():
        print(f"{path} already exists — choose another name, or edit that file")
        return 1
    title = args.title or name.replace("_", " ").capitalize()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(surfaces.scaffold(args.surface, args.id, dict.fromkeys(SUPPORTED_LANGUAGES, title)),
                    encoding="utf-8")
    module_file = path.parent / "module.yaml"
    if not module_file.exists():
        words = ", ".join(f"{lang}: {module.capitalize()}" for lang in SUPPORTED_LANGUAGES)
        module_file.write_text(f"schema_version: 1\nid: {module}\ntitle: {{{words}}}\n"
                               f"pictogram: help\norder: [{args.id}]\n", encoding="utf-8")
    catalogue = load_catalogue(root, config.languages, pictogram_names(config.assets_dir))
    mine = [p for p in catalogue.problems if str(path) in str(p) or str(module_file) in str(p)]
    for problem in mine:
        print(problem)
    print(f"created {path}")
    print(f"next: edit the words, then 'kiosk scenarios check' and "
          f"'kiosk play {args.id} --auto --screenshots DIR'")
    return 1 if any(p in catalogue.errors for p in mine) else 0


def cmd_scenarios_surface(args: argparse.Namespace) -> int:
    from kiosk import guide_command

    return guide_command.surface(args)


def cmd_scenarios_guide(args: argparse.Namespace) -> int:
    from kiosk import guide_command

    return guide_command.write_guide(args)


def cmd_scenarios_translate(args: argparse.Namespace) -> int:
    """Translators' PO files: export a module's texts in a language, import them back."""
    from kiosk.engine import translate
    from kiosk.ui.assets import pictogram_names

    config = _config(args)
    root = Path(args.dir) if args.dir else config.scenarios_dir
    if args.translate_action == "export":
        code, lines = translate.run_export(root, args.lang, args.module, Path(args.out))
    else:
        code, lines = translate.run_import([Path(f) for f in args.files], root, config.languages,
                                           pictogram_names(config.assets_dir))
    print("\n".join(lines))
    return code


def cmd_scenarios_list(args: argparse.Namespace) -> int:
    from kiosk.engine import load_catalogue

    config = _config(args)
    catalogue = load_catalogue(config.scenarios_dir, config.languages)
    rows = []
    listed = [v for s in catalogue.in_order() for v in (s, s.level2) if v is not None]  # level 2 after 1
    for s in listed:
        languages = sorted(set.intersection(*(set(t.by_language) for t in s.texts())))
        rows.append({"id": s.id, "module": s.module, "title": s.title.get("fr"),
                     "languages": languages, "digcomp": list(s.digcomp), "level": s.level,
                     "steps": len(s.steps), "surface": s.surface, "file": str(s.source)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        wide = {k: max([len(str(r[k])) for r in rows] + [0]) for k in ("id", "title", "surface")}
        for r in rows:
            print(f"{r['id']:<{wide['id']}}  {r['title']:<{wide['title']}}  "
                  f"{r['surface']:<{wide['surface']}}  {','.join(r['languages'])}  "
                  f"{' '.join(r['digcomp'])}  {r['steps']} step(s)")
    if catalogue.errors:
        print(f"({len(catalogue.errors)} content error(s): run 'kiosk scenarios check')",
              file=sys.stderr)
    return 0


def cmd_scenarios_preview(args: argparse.Namespace) -> int:
    from kiosk.preview_page import preview

    return preview(_config(args), args.id, out=Path(args.out), language=args.lang, size=args.size,
                   device=args.device)


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.ui.launch import run_kiosk

    return run_kiosk(_config(args), windowed=args.windowed, size=args.size,
                     author=Path(args.author) if args.author else None)


def cmd_play(args: argparse.Namespace) -> int:
    from kiosk.ui.launch import run_robot

    return run_robot(_config(args), args.scenario, mistakes=args.mistakes,
                     screenshots=Path(args.screenshots) if args.screenshots else None,
                     device=args.device, language=args.lang, size=args.size,
                     report=Path(args.report) if args.report else None, canary=args.canary)


def cmd_audio_build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from kiosk.engine import load_catalogue
    from kiosk.speech import Synthesizer
    from kiosk.speech.build import build, clips, prompts

    config = _config(args)
    languages = [args.lang] if args.lang else list(config.languages)
    unknown = [lang for lang in languages if lang not in config.languages]
    if unknown:
        print(f"Unknown language '{unknown[0]}'. Choose from: {', '.join(config.languages)}.")
        return 1
    catalogue = load_catalogue(config.scenarios_dir, config.languages)
    texts = prompts(catalogue)
    synth = Synthesizer(config.voice_cache, rate=config.speech_rate,
                        voices_dir=config.assets_dir / "voices")
    with tqdm(total=len(clips(texts, languages)), unit="clip", desc="voices", file=sys.stderr) as bar:
        def step(lang: str) -> None:
            bar.set_postfix_str(lang, refresh=False)
            bar.update()

        report = build(synth, texts, languages, step)
    synth.close()
    print(f"{report.rendered} rendered, {report.cached} already in the cache, "
          f"{report.recorded} recorded by a person, {report.failed} failed — "
          f"{report.seconds:.1f} s, cache in {config.voice_cache}")
    if synth.problem:
        print(f"Speech is not available: {synth.problem}")
        return 1
    return 1 if report.failed else 0


def _passport(config: Config, *, with_scenarios: bool = True) -> tuple[Passport, Catalogue | None]:
    """This kiosk's Passport and its catalogue (for scenario names and DigComp levels)."""
    from kiosk.engine.catalogue import load_catalogue
    from kiosk.export.passport import Passport

    catalogue = load_catalogue(config.scenarios_dir, config.languages) if with_scenarios else None
    scenarios = list(catalogue.scenarios.values()) if catalogue is not None else []
    return Passport.from_config(config, scenarios), catalogue


def _read_qr_image(path: Path) -> str | None:
    """The text of the first QR code zxing-cpp finds in an image file, or None."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    except (OSError, UnidentifiedImageError):
        return None
    return found[0].text if found else None


def cmd_progress_decode(args: argparse.Namespace) -> int:
    """Print a progress code as JSON; exit 0 valid, 1 refused, 2 unreadable."""
    from kiosk.export.picture_code import picture_code
    from kiosk.export.sealed import Verdict

    if (args.text is None) == (args.image is None):
        print("Give the code as TEXT or a photo of it with --image FILE (one of the two).",
              file=sys.stderr)
        return 2
    if args.image is not None:
        image = Path(args.image)
        if not image.is_file():
            print(f"{image}: no such image file.", file=sys.stderr)
            return 2
        text = _read_qr_image(image)
        if text is None:
            print(f"{image}: no QR code could be read in this picture. Take the photo again, "
                  "closer and without reflections.", file=sys.stderr)
            return 2
    else:
        text = args.text
    passport, _catalogue = _passport(_config(args))
    opened = passport.open(text)
    out: dict[str, object] = {"status": opened.verdict.value, "message": opened.message}
    if opened.issuer is not None:
        out["issuer_name"] = opened.issuer.name
    if opened.record is not None:
        record = opened.record
        out["record"] = record.to_json(picture_code=str(picture_code(record.pseudonym)))
    print(json.dumps(out, ensure_ascii=False, indent=2))
    if opened.verdict is Verdict.OK:
        return 0
    print(opened.message, file=sys.stderr)
    return 2 if opened.verdict is Verdict.MALFORMED else 1


def cmd_progress_key(args: argparse.Namespace) -> int:
    from kiosk.export.keys import KEY_FILE

    config = _config(args)
    passport, _ = _passport(config, with_scenarios=False)
    key = passport.key
    name = config.epn_name or config.terminal_label
    print(f"EPN id:     {key.epn_id}")
    print(f"public key: {key.public_text}")
    print(f"(private key: {config.home / KEY_FILE} — keep it on this kiosk, copy it only to "
          "the other terminals of this EPN)")
    print("On another EPN's kiosk, to accept this kiosk's codes:")
    print(f'  kiosk progress trust {key.epn_id} {key.public_text} --name "{name}"')
    return 0


def cmd_progress_trust(args: argparse.Namespace) -> int:
    config = _config(args)
    passport, _ = _passport(config, with_scenarios=False)
    try:
        issuer = passport.trusted.add(args.epn_id, args.public_key, args.name or "")
    except ValueError as error:
        print(f"Not added: {error}.", file=sys.stderr)
        return 1
    print(f"This kiosk now accepts progress codes from {issuer.label} "
          f"({passport.trusted.path}).")
    return 0


def cmd_progress_attest(args: argparse.Namespace) -> int:
    """Write the PDF attestation of a learner of this kiosk (one page, two with a placement or a path)."""
    from kiosk.export.attestation import attestation_pdf
    from kiosk.store.repository import Store

    config = _config(args)
    passport, catalogue = _passport(config)
    with Store(config.database_url) as store:
        learner = passport.find(store, args.learner)
        if learner is None:
            print(f"No learner '{args.learner}' on this kiosk: give a pseudonym "
                  "(e.g. Tulipe-4821) or a picture code (e.g. pomme-velo-chat-42).",
                  file=sys.stderr)
            return 1
        issued = passport.issue(store, learner.id)
    pdf = attestation_pdf(issued, epn_name=config.epn_name or config.terminal_label,
                          assets_dir=config.assets_dir, catalogue=catalogue)
    out = Path(args.out) if args.out else Path(f"attestation-{learner.pseudonym}.pdf")
    out.write_bytes(pdf)
    print(f"{out}: attestation of {learner.pseudonym} ({issued.picture}), "
          f"{len(issued.record.results)} exercise(s), QR version {issued.qr.version}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.hub or args.pg:
        from kiosk.cli_hub import hub_ready

        if not hub_ready():
            return 2
        from kiosk.hub.bench import run_hub_bench

        return run_hub_bench(pg=args.pg, json_out=args.json, statements=args.statements, workers=args.workers)
    from kiosk.bench import run_bench, run_passport_bench

    if args.passport:
        return run_passport_bench(json_out=args.json)
    if args.camera:
        from kiosk.camera_bench import run_camera_bench

        return run_camera_bench(json_out=args.json)
    return run_bench(json_out=args.json, rounds=args.rounds, memory_only=args.memory)


def cmd_enrol(args: argparse.Namespace) -> int:
    """Join the hub with the code an animator got from its room page."""
    from kiosk.sync.client import EnrolError, enrol

    config = _config(args)
    hub_url = args.hub or config.hub_url
    if not hub_url:
        print("No hub address: give --hub https://… or set hub_url in the kiosk's config.",
              file=sys.stderr)
        return 2
    passport, _ = _passport(config, with_scenarios=False)
    try:
        credentials = enrol(hub_url, args.code, label=config.terminal_label,
                            epn_id=passport.key.epn_id, public_key=passport.key.public_text,
                            home=config.home)
    except EnrolError as error:
        print(f"Not enrolled: {error}.", file=sys.stderr)
        return 1
    print(f"This terminal ({config.terminal_label}) is enrolled with {credentials.hub_url}.")
    print("Restart the kiosk: the help button and the room view start with it.")
    return 0


def cmd_sync_status(args: argparse.Namespace) -> int:
    """How many statements wait for the hub, and whether this terminal is enrolled."""
    from kiosk.store.repository import Store
    from kiosk.sync.client import load_credentials

    config = _config(args)
    credentials = load_credentials(config.home)
    with Store(config.database_url) as store:
        counts = store.outbox_counts()
    where = credentials.hub_url if credentials else "not enrolled (kiosk enrol CODE)"
    print(f"hub: {where}")
    print(f"statements waiting: {counts['waiting']}, sent (kept a week): {counts['sent']}, "
          f"refused: {counts['refused']}")
    return 0


def cmd_pin(args: argparse.Namespace) -> int:
    pin = args.pin or getpass.getpass("New animator PIN (4 to 8 digits): ")
    if not pin.isdigit() or not 4 <= len(pin) <= 8:
        print("The PIN must be 4 to 8 digits.")
        return 1
    print(f'animator_pin_hash = "{hash_pin(pin)}"')
    return 0


def cmd_config_check(args: argparse.Namespace) -> int:
    """Validate the configuration the kiosk would start with and print it (for installers)."""
    import os
    import re

    from kiosk.config import config_file_for

    config = _config(args)
    explicit = args.config or os.environ.get("KIOSK_CONFIG")
    source = Path(explicit) if explicit else config_file_for(config.home)
    print(f"# configuration OK — file: {source if source.exists() else '(none: defaults)'}")
    print(f"# home: {config.home}")
    for key in sorted(vars(config)):
        if key == "home":
            continue
        value = getattr(config, key)
        if key == "animator_pin_hash":
            value = "(set)" if value else "(default PIN 1234: set one with 'kiosk pin')"
        elif key == "database_url":  # a PostgreSQL password stays off the screen
            value = re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", value)
        elif key == "printer" and value is None:
            value = "(the CUPS default printer)"
        print(f"{key} = {value if not isinstance(value, Path) else str(value)!s}")
    import shutil

    if shutil.which("lp") is None:
        print("# printing: no 'lp' (CUPS client) here — 'Imprimer' says printing is not available")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk", description="EPN practice kiosk")
    p.add_argument("--config", help="TOML config file (default: $KIOSK_HOME/kiosk.toml, "
                   "else /etc/epn-kiosk/kiosk.toml)")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start the kiosk (full screen)")
    run.add_argument("--windowed", action="store_true", help="a window, for development")
    run.add_argument("--size", default="1280x800", help="window size with --windowed")
    run.add_argument("--author", metavar="DIR", help="author mode: the scenarios of DIR, reloaded "
                     "when a file is saved, errors shown on screen")
    run.set_defaults(func=cmd_run)

    sc = sub.add_parser("scenarios", help="check or list content")
    scs = sc.add_subparsers(dest="action", required=True)
    check = scs.add_parser("check", help="validate content; exit 1 on error")
    check.add_argument("path", nargs="?", help="a scenarios folder or one .yaml file")
    check.set_defaults(func=cmd_scenarios_check)
    new = scs.add_parser("new", help="scaffold a valid scenario for a surface")
    new.add_argument("id", help="the new scenario's id: <module>.<name>, e.g. eadmin.parking_card")
    new.add_argument("--surface", required=True, help="desktop, keyboard, mail, web, browser, ...")
    new.add_argument("--title", help="the title in French (translate it in the file)")
    new.add_argument("--dir", help="the scenarios folder (default: the configured one)")
    new.set_defaults(func=cmd_scenarios_new)
    surface = scs.add_parser("surface", help="the surfaces, or one surface's fixture, targets and example")
    surface.add_argument("name", nargs="?")
    surface.set_defaults(func=cmd_scenarios_surface)
    translate = scs.add_parser("translate", help="translators' files (gettext PO) for scenario texts")
    trs = translate.add_subparsers(dest="translate_action", required=True)
    export = trs.add_parser("export", help="write <module>.<lang>.po: every text of a module, to translate")
    export.add_argument("module", nargs="?", help="one module (default: every module)")
    export.add_argument("--lang", required=True, help="the language to translate into: nl, en, ar, tr, uk")
    export.add_argument("--out", default=".", help="the folder for the PO files (default: here)")
    imp = trs.add_parser("import", help="write a PO file's translations back into the scenarios")
    imp.add_argument("files", nargs="+", metavar="FILE.po")
    for parser in (export, imp):
        parser.add_argument("--dir", help="the scenarios folder (default: the configured one)")
        parser.set_defaults(func=cmd_scenarios_translate)
    guide = scs.add_parser("guide", help="are the surfaces' sections of scenarios/README.md up to date?")
    guide.add_argument("--write", action="store_true", help="write them from the kiosk's surfaces")
    guide.add_argument("--readme", help="the guide (default: scenarios/README.md)")
    guide.set_defaults(func=cmd_scenarios_guide)
    lst = scs.add_parser("list", help="id, module, languages, DigComp, steps")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_scenarios_list)
    storyboard = scs.add_parser("preview", help="a web page of one scenario step by step, played "
                                "by the robot: picture, words, voice, hints, learner's eye")
    storyboard.add_argument("id", help="a scenario id, e.g. mouse.drag")
    storyboard.add_argument("--out", required=True, help="the folder for index.html and its files")
    storyboard.add_argument("--lang", default="fr")
    storyboard.add_argument("--size", default="1280x800", help="the screen, WIDTHxHEIGHT")
    storyboard.add_argument("--device", choices=("mouse", "touch"), default="touch")
    storyboard.set_defaults(func=cmd_scenarios_preview)

    play = sub.add_parser("play", help="the robot learner plays a scenario through the real UI")
    play.add_argument("scenario", help="scenario id (mouse.click), ids with commas, a module id, or 'all'")
    play.add_argument("--auto", action="store_true", required=True, help="play by itself")
    play.add_argument("--mistakes", action="store_true", help="err first, so hints and demo show")
    play.add_argument("--screenshots", help="save a PNG of every screen in this folder")
    play.add_argument("--device", choices=("mouse", "touch"), default="touch")
    play.add_argument("--lang", default="fr")
    play.add_argument("--size", default="1920x1080")
    play.add_argument("--report", help="write a JSON report of the run here")
    play.add_argument("--canary", default="", help="type this text first in every field "
                      "(privacy check: it must be found nowhere afterwards)")
    play.set_defaults(func=cmd_play)

    audio = sub.add_parser("audio", help="the voice cache")
    audio_sub = audio.add_subparsers(dest="action", required=True)
    audio_build = audio_sub.add_parser("build", help="pre-render every prompt (only what changed)")
    audio_build.add_argument("--lang", help="one language only, e.g. fr")
    audio_build.set_defaults(func=cmd_audio_build)

    progress = sub.add_parser("progress", help="the progress passport: decode, keys, attestation")
    progress_sub = progress.add_subparsers(dest="action", required=True)
    decode = progress_sub.add_parser(
        "decode", help="decode and verify a progress code, print JSON (exit 0 valid, "
        "1 bad signature / unknown issuer / expired, 2 unreadable)")
    decode.add_argument("text", nargs="?", help="the EPN1:… text (or a hub link to it)")
    decode.add_argument("--image", help="a photo or PNG of the QR code instead")
    decode.set_defaults(func=cmd_progress_decode)
    key = progress_sub.add_parser("key", help="print this EPN's id and public key")
    key.set_defaults(func=cmd_progress_key)
    trust = progress_sub.add_parser("trust", help="accept the codes of another EPN")
    trust.add_argument("epn_id", help="its EPN id, e.g. K7QF2MZP")
    trust.add_argument("public_key", help="its public key, as printed by 'kiosk progress key'")
    trust.add_argument("--name", help="its name, e.g. 'EPN de Namur'")
    trust.set_defaults(func=cmd_progress_trust)
    attest = progress_sub.add_parser("attest", help="a one-page PDF attestation for a learner")
    attest.add_argument("learner", help="a pseudonym (Tulipe-4821) or picture code (pomme-velo-chat-42)")
    attest.add_argument("--out", help="the PDF file (default: attestation-<pseudonym>.pdf)")
    attest.set_defaults(func=cmd_progress_attest)

    bench = sub.add_parser("bench", help="start time, step latency, voice start, memory")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--rounds", type=int, default=3, help="cold starts per program")
    bench.add_argument("--passport", action="store_true",
                       help="only the progress passport figures (QR size, build + draw time)")
    bench.add_argument("--memory", action="store_true",
                       help="only start and memory: a whole session, one exercise per surface")
    bench.add_argument("--camera", action="store_true",
                       help="only the resume screen's camera: phone held still → learner's session")
    bench.add_argument("--hub", action="store_true",
                       help="only the hub: statements/s through its HTTP server (SQLite)")
    bench.add_argument("--pg", metavar="URL", help="with --hub: PostgreSQL too (a scratch schema there)")
    bench.add_argument("--statements", type=int, default=10_000, help="with --hub: statements per run")
    bench.add_argument("--workers", type=int, default=1,
                       help="with --hub --pg: PostgreSQL again with this many hub workers, beside 1")
    bench.set_defaults(func=cmd_bench)

    cfg = sub.add_parser("config", help="check the configuration")
    cfg_sub = cfg.add_subparsers(dest="action", required=True)
    cfg_check = cfg_sub.add_parser("check", help="validate it and print the values in force "
                                   "(exit 2 with the reason when it is wrong)")
    cfg_check.set_defaults(func=cmd_config_check)
    enrol_parser = sub.add_parser("enrol", help="join the hub with the code from its room page")
    enrol_parser.add_argument("code", help="the enrol code shown on the hub")
    enrol_parser.add_argument("--hub", help="the hub's address (default: hub_url from the config)")
    enrol_parser.set_defaults(func=cmd_enrol)
    sync_parser = sub.add_parser("sync", help="the statements waiting for the hub")
    sync_sub = sync_parser.add_subparsers(dest="sync_command", required=True)
    sync_sub.add_parser("status", help="how many wait, were sent, were refused").set_defaults(
        func=cmd_sync_status)

    pin = sub.add_parser("pin", help="print the config line for a new animator PIN")
    pin.add_argument("pin", nargs="?")
    pin.set_defaults(func=cmd_pin)

    from kiosk.cli_hub import add_hub_parser

    add_hub_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"Configuration problem: {exc}", file=sys.stderr)
        return 2
