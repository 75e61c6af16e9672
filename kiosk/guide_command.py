"""``kiosk scenarios surface [NAME]`` and ``kiosk scenarios guide [--write]``: what trainers
read about the surfaces, on the terminal and in scenarios/README.md, from one source
(``kiosk.engine.guide``). ``kiosk.cli`` only wires the arguments here."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.config import BUNDLED_SCENARIOS

GUIDE = BUNDLED_SCENARIOS / "README.md"


def surface(args: argparse.Namespace) -> int:
    """The surfaces, one a line; or one surface's section of the guide."""
    from kiosk.engine import guide, surfaces

    if not args.name:
        for name in surfaces.names():
            print(f"{name:<10} {surfaces.get(name).summary}")  # type: ignore[union-attr]
        print("('kiosk scenarios surface NAME' shows one surface's fixture, targets and worked example)")
        return 0
    if surfaces.get(args.name) is None:
        print(f"no surface named '{args.name}' — use one of: {', '.join(surfaces.names())}")
        return 1
    print(guide.section(args.name), end="")
    return 0


def write_guide(args: argparse.Namespace) -> int:
    """Say whether the guide's surface sections are up to date; with --write, make them so."""
    from kiosk.engine import guide

    path = Path(args.readme) if args.readme else GUIDE
    if not path.is_file():
        print(f"{path}: no such file — give the guide with --readme")
        return 1
    try:
        if args.write:
            changed = guide.write(path)
            print(f"{path}: " + (f"wrote the sections of {', '.join(changed)}" if changed
                                 else "the surfaces' sections were already up to date"))
            return 0
        text = path.read_text(encoding="utf-8")
        stale = guide.out_of_date(text)
        if stale or guide.regenerate(text) != text:
            print(f"{path}: the sections of {', '.join(stale) or 'the surfaces'} are out of date — "
                  "run 'kiosk scenarios guide --write'")
            return 1
    except guide.GuideError as exc:
        print(f"{path}: {exc}")
        return 1
    print(f"{path}: the surfaces' sections are up to date")
    return 0
