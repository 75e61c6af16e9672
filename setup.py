"""Build hook: compile the gettext catalogues (.po -> .mo) with Babel: kiosk and hub.

Metadata lives in pyproject.toml; this file only adds the compile step. The ``.mo`` files
are not kept in git: they are written next to their ``.po`` files in ``kiosk/locale``
before the package data is collected, so a wheel ships them and an editable install
(which runs from the source tree) finds them where ``kiosk.strings`` looks.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE_DIR = Path(__file__).resolve().parent / "kiosk" / "locale"
DOMAINS = ("kiosk", "hub")  # the learners' screens; the staff's hub pages


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """What ``pybabel compile -d kiosk/locale -D "kiosk hub"`` does: fuzzy entries are left out."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError as error:  # only without build isolation, in an environment lacking it
        raise SystemExit("compiling the interface catalogues needs Babel: pip install babel") from error
    written = []
    for po in sorted(p for domain in DOMAINS for p in locale_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalogue, use_fuzzy=False)
        written.append(mo)
    return written


class BuildPyWithCatalogues(build_py):
    """build_py that compiles the catalogues first, in every install path (wheel, editable)."""

    def run(self) -> None:
        for mo in compile_catalogues():
            print(f"compiled {mo.relative_to(LOCALE_DIR.parent.parent)}")
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogues})
