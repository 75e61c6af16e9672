"""``kiosk scenarios check`` catches what would block a learner, as a trainer meets it.

Each test starts from a copy of a shipped scenario, breaks it the way a hurried hand
does, runs the real command in a fresh process and reads what the trainer reads:
``file:line:column: what — fix``, and the exit status (1 on an error, 0 with warnings).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scenario_yaml import SHIPPED, line_of

from kiosk.engine.path_file import is_path_file

ROOT = SHIPPED.parent


def kiosk_check(path: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``kiosk scenarios check PATH`` in a fresh process, with a clean home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "kiosk", "scenarios", "check", str(path)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False)


def copy_module(tmp_path: Path, module: str) -> Path:
    """A content folder holding a copy of one shipped module; returns the module folder."""
    folder = tmp_path / "content" / module
    shutil.copytree(SHIPPED / module, folder)
    return folder


def edit(path: Path, old: str, new: str) -> str:
    """Replace ``old`` (which must be there) in the file; returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}: the shipped file changed"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def broken(tmp_path: Path, shipped: str, old: str, new: str, status: int
           ) -> tuple[Path, str, subprocess.CompletedProcess[str]]:
    """Copy ``module/name.yaml`` with its module, replace ``old`` by ``new``, check the
    file alone; it must exit with ``status``. Returns the file, its text and the run."""
    module, name = shipped.split("/")
    path = copy_module(tmp_path, module) / name
    text = edit(path, old, new)
    done = kiosk_check(path, tmp_path)
    exits(done, status)
    return path, text, done


def said(done: subprocess.CompletedProcess[str], path: Path, line: int) -> list[str]:
    """The problems printed for ``path`` at ``line``."""
    return [ln for ln in done.stdout.splitlines() if ln.startswith(f"{path}:{line}:")]


def the_problem(done: subprocess.CompletedProcess[str], path: Path, line: int, *words: str) -> str:
    found = [ln for ln in said(done, path, line) if all(w in ln for w in words)]
    assert found, f"nothing with {words} at {path.name}:{line} in:\n{done.stdout}{done.stderr}"
    assert " — " in found[0], found[0]
    return found[0]


def exits(done: subprocess.CompletedProcess[str], status: int) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == status, done.stdout + done.stderr


# -- 1. a field that refuses the step's own answer --------------------------------------

def test_a_pattern_that_refuses_the_answer(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "eadmin/address.yaml", "pattern: '\\d{4}'", "pattern: '\\d{5}'", 1)
    problem = the_problem(done, path, line_of(text, "target: field.postcode, rule: {equals"),
                          "the site refuses the answer '4500' of step 'postcode'",
                          "does not match the field's pattern '\\d{5}'",
                          f"(line {line_of(text, 'pattern: ')})", "the learner would be stuck")
    assert problem.endswith("make them agree: change the field's 'pattern' or the step's answer")


def test_a_field_kind_that_refuses_the_answer(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "keyboard/words.yaml", 'rule: {equals: "5000"}',
                              'rule: {equals: "B-5000"}', 1)
    the_problem(done, path, line_of(text, 'equals: "B-5000"'),
                "the site refuses the answer 'B-5000' of step 'postcode'",
                "the field is 'kind: number', it takes a number (digits)",
                f"(line {line_of(text, 'kind: number')})", "change the field's 'kind'")


def test_a_max_length_that_refuses_one_of_the_answers(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "identity/login.yaml", "kind: number",
                              "kind: number\n      max_length: 10", 1)
    the_problem(done, path, line_of(text, "target: field.phone"),
                "the site refuses the answer '0470 12 34 56' of step",
                "it has 13 characters, and the field takes 10 at most",
                f"(line {line_of(text, 'max_length: 10')})")


# -- 2. a page nothing leads to ----------------------------------------------------------

def test_a_web_page_no_button_or_link_reaches(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "eadmin/address.yaml", "          goto: sent\n", "", 1)
    the_problem(done, path, line_of(text, "- id: sent"),
                "no button or link leads to the page 'sent': the learner can never see it",
                "add a button or link with 'goto: sent'")


def test_a_browser_page_no_result_opens(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "internet/search.yaml", "      page: express\n",
                              "      page: rapide\n", 1)
    the_problem(done, path, line_of(text, "    - id: express", 2),
                "no result opens the page 'express'", "add 'page: express' to a result")


# -- 3. a file named after something else than its id ------------------------------------

def test_a_file_whose_name_is_not_its_id(tmp_path: Path) -> None:
    path = tmp_path / "content" / "transport" / "bus.yaml"
    path.parent.mkdir(parents=True)
    shutil.copyfile(SHIPPED / "email" / "reply.yaml", path)
    edit(path, "id: email.reply", "id: transport.next_bus")
    text = edit(path, "module: email", "module: transport")
    done = kiosk_check(path, tmp_path)
    exits(done, 1)
    problem = the_problem(done, path, line_of(text, "id: transport.next_bus"),
                          "the file 'bus.yaml' holds the scenario 'transport.next_bus'")
    assert problem.endswith("rename the file 'next_bus.yaml', or change the id")


# -- 4. a file too big to read -------------------------------------------------------------

def test_a_file_over_256_kb_is_refused_unread(tmp_path: Path) -> None:
    folder = copy_module(tmp_path, "email")
    path = folder / "reply.yaml"
    pasted = "# " + "copié-collé " * 500_000 + "\n"  # 6 MB of comment: YAML would read it all
    path.write_text(path.read_text(encoding="utf-8") + pasted, encoding="utf-8")
    done = kiosk_check(folder.parent, tmp_path)
    exits(done, 1)
    problem = the_problem(done, path, 1, "the file is 6.", "MB: a scenario file may have 256 KB at most")
    assert "remove what was pasted" in problem
    # the other files of the module are read and kept
    assert "3 scenario(s) OK, 1 error(s)" in done.stdout


# -- 5. a fixture text without one of the languages ----------------------------------------

def test_a_fixture_text_missing_a_language_warns(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "email/reply.yaml",
                              "subject: {fr: Votre rendez-vous de lundi, nl: Uw afspraak van maandag, ",
                              "subject: {fr: Votre rendez-vous de lundi, ", 0)
    problem = the_problem(done, path, line_of(text, "subject: {fr: Votre rendez-vous de lundi"),
                          "warning: missing translation 'nl' in 'subject'")
    assert problem.endswith("add 'nl: ...'")
    assert "1 scenario(s) OK, 0 error(s), 1 warning(s)" in done.stdout


# -- 6. an id its sibling files already use ------------------------------------------------

def test_one_file_checked_alone_with_an_id_a_sibling_uses(tmp_path: Path) -> None:
    folder = copy_module(tmp_path, "email")
    path = folder / "x.yaml"
    shutil.copyfile(folder / "reply.yaml", path)
    text = edit(path, "id: email.reply", "id: email.new")
    done = kiosk_check(path, tmp_path)
    exits(done, 1)
    problem = the_problem(done, path, line_of(text, "id: email.new"), "scenario id 'email.new' is used twice")
    assert str(folder / "new.yaml") in problem.partition(" — ")[2]
    # and the name says it too: the file is named after its id
    the_problem(done, path, line_of(text, "id: email.new"),
                "the file 'x.yaml' holds the scenario 'email.new'")


# -- 7. a character the kiosk's fonts cannot draw ------------------------------------------

def test_a_character_the_fonts_cannot_draw_warns(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "mouse/click.yaml", "label: {fr: Les clés,",
                              "label: {fr: Les clés →,", 0)
    problem = the_problem(done, path, line_of(text, "Les clés →"), "warning: the kiosk cannot draw '→' "
                          "(U+2192) in a text in 'fr': it shows as an empty box")
    assert "instead of '→'" in problem
    assert "1 scenario(s) OK, 0 error(s), 1 warning(s)" in done.stdout


def test_a_character_is_drawn_with_the_font_of_its_language(tmp_path: Path) -> None:
    # "İ" (Turkish capital dotted I): the Latin font lacks it, the Turkish one has it
    path, text, done = broken(tmp_path, "mouse/click.yaml", "en: The keys, ar: المفاتيح, tr: Anahtarlar,",
                              "en: İ keys, ar: المفاتيح, tr: İki anahtar,", 0)
    line = line_of(text, "tr: İki anahtar")
    the_problem(done, path, line, "cannot draw 'İ' (U+0130) in a text in 'en'")
    assert not [ln for ln in said(done, path, line) if "in a text in 'tr'" in ln], done.stdout


# -- 8. a text cut at an unquoted comma, on every surface ---------------------------------

SURFACES = {
    "desktop": "mouse/click.yaml", "keyboard": "keyboard/words.yaml", "mail": "email/reply.yaml",
    "web": "eadmin/address.yaml", "browser": "internet/search.yaml", "phone_id": "identity/login.yaml",
    "sms": "identity/fake_sms.yaml", "video": "video/join.yaml",
}


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_a_fixture_text_cut_at_a_comma(tmp_path: Path, surface: str) -> None:
    module, name = SURFACES[surface].split("/")
    path = copy_module(tmp_path, module) / name
    if surface == "sms":  # its texts all have quotes: a sender becomes a text in languages
        text = edit(path, "sender: Pharmacie du Centre", "sender: {fr: Pharmacie, lundi, nl: Apotheek}")
        line = line_of(text, "Pharmacie, lundi")
    else:
        text = path.read_text(encoding="utf-8")
        fixture = text[text.index("\nfixture:"):text.index("\nsteps:")]
        first = re.search(r"\{fr: ([^\"{},]+), nl:", fixture)
        assert first is not None, f"no unquoted French text in the fixture of {name}"
        text = edit(path, first[0], f"{{fr: {first[1]}, lundi, nl:")
        line = line_of(text, f"{first[1]}, lundi, nl:")
    done = kiosk_check(path, tmp_path)
    exits(done, 1)
    problem = the_problem(done, path, line, "the text is cut at a comma: 'lundi' was read as a new key")
    assert "put text that contains a comma in quotes" in problem


def test_the_mail_subject_of_the_issue_is_not_cut_silently(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "email/reply.yaml", "subject: {fr: Votre rendez-vous de lundi,",
                              "subject: {fr: Votre rendez-vous, lundi, 10 h,", 1)
    line = line_of(text, "Votre rendez-vous, lundi, 10 h")
    the_problem(done, path, line, "'lundi' was read as a new key")
    the_problem(done, path, line, "'10 h' was read as a new key")


def test_a_comma_cut_twice_names_the_key(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "email/reply.yaml", "de lundi, nl: Uw afspraak van maandag,",
                              "de lundi, 10 h, nl: Uw afspraak van maandag, 10 h,", 1)
    problem = the_problem(done, path, line_of(text, "Votre rendez-vous de lundi, 10 h"),
                          "the text is cut at a comma: '10 h' was read as a key, and it appears twice")
    assert "in quotes" in problem


def test_a_comma_in_a_label_beside_an_id(tmp_path: Path) -> None:
    path = copy_module(tmp_path, "email") / "phishing.yaml"
    text = path.read_text(encoding="utf-8")
    link = re.search(r"link:\n +id: (\w+)\n +label: \{[^\n]*\}", text)
    assert link is not None, "the phishing message has no link any more"
    text = edit(path, link[0], f"link: {{id: {link[1]}, label: Payer 1,99 €}}")
    done = kiosk_check(path, tmp_path)
    exits(done, 1)
    the_problem(done, path, line_of(text, "Payer 1,99 €"),
                "the text is cut at a comma: '99 €' was read as a new key")


# -- messages in plain words ----------------------------------------------------------------

def test_a_tab_says_replace_it_by_spaces(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "mouse/click.yaml", "\n    say:", "\n\tsay:", 1)
    problem = the_problem(done, path, line_of(text, "\tsay:"), "there is a tab here, where YAML needs spaces")
    assert problem.endswith("replace the tab by spaces")


def test_a_wrong_digcomp_id_points_to_the_guide(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "mouse/click.yaml", "digcomp: [digcomp:2.2:",
                              "digcomp: [digcomp:2.2:6.1, digcomp:2.2:", 1)
    problem = the_problem(done, path, line_of(text, "digcomp:2.2:6.1"),
                          "'digcomp:2.2:6.1' is not a DigComp 2.2 competence")
    assert "scenarios/README.md, section 'DigComp competences and levels'" in problem
    assert "FACTS" not in problem
    guide = (SHIPPED / "README.md").read_text(encoding="utf-8")
    headings = [ln for ln in guide.splitlines() if ln.startswith("#")]
    assert [h for h in headings if h.endswith("DigComp competences and levels")], "the guide lost the section"


def test_a_key_written_twice_is_named(tmp_path: Path) -> None:
    path, text, done = broken(tmp_path, "mouse/click.yaml", "level: 1\n", "level: 1\nlevel: 2\n", 1)
    problem = the_problem(done, path, line_of(text, "level: 2"), "the key 'level' appears twice")
    assert problem.endswith("keep only one 'level:'")


def test_a_file_not_saved_as_utf8_names_the_line(tmp_path: Path) -> None:
    path = copy_module(tmp_path, "mouse") / "click.yaml"
    text = path.read_text(encoding="utf-8")
    line = line_of(text, "Les clés")
    path.write_bytes(text.encode("utf-8").replace("Les clés".encode(), "Les clés".encode("latin-1"), 1))
    done = kiosk_check(path, tmp_path)
    exits(done, 1)
    problem = the_problem(done, path, line, "this line has a character the kiosk cannot read",
                          "not saved as UTF-8 text")
    assert "save the file as UTF-8" in problem
    for python_words in ("codec", "byte", "0x", "position", "UnicodeDecodeError"):
        assert python_words not in problem


def test_a_missing_surface_is_guessed_from_the_fixture(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for module in sorted({p.parent.name for p in SHIPPED.glob("*/*.yaml") if not is_path_file(p)}):
        shutil.copytree(SHIPPED / module, content / module)
    wanted = {}
    for path in sorted(content.glob("*/*.yaml")):
        if path.name != "module.yaml":
            found = re.search(r"(?m)^surface: (\w+)\n", path.read_text(encoding="utf-8"))
            assert found is not None
            wanted[path] = found[1]
            edit(path, found[0], "")
    done = kiosk_check(content, tmp_path)
    exits(done, 1)
    for path, surface in wanted.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        first_key = next(n for n, ln in enumerate(lines, 1) if not ln.startswith("#"))
        the_problem(done, path, first_key, f"missing 'surface' in the scenario — add 'surface: {surface}'")
