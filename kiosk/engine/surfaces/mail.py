"""The ``mail`` surface's engine side: its fixture check (the fake messages of "Tilleul
Mail", the file picker), its targets, the webmail's own words on them, and what the guide
says about it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.engine.surfaces import (
    Report,
    SurfaceSpec,
    TargetName,
    check_id,
    check_keys,
    check_label,
    register,
)
from kiosk.engine.surfaces.words import N_, Words

FOLDERS = ("inbox", "sent", "trash")
BUTTONS = ("new", "reply", "delete", "back", "send")
PICKER_BUTTONS = ("attach", "open", "cancel")
FIELDS = ("to", "subject", "body")
# Domains reserved for examples (RFC 2606): an address there can never reach a real person.
FAKE_ENDINGS = (".example", ".test", ".invalid", "@example.com", "@example.org", "@example.net")

# The screen's own words, French: those on its targets (scenario texts refer to them) and those
# it only draws. Translations: kiosk/locale/<lang>/LC_MESSAGES/kiosk.po (kiosk.engine.surfaces.words).
WORDS = Words("mail", (
    # on targets
    N_("mail.folder.inbox", "Boîte de réception"),
    N_("mail.folder.sent", "Envoyés"),
    # TRANSLATORS: the folder of deleted messages (the bin)
    N_("mail.folder.trash", "Corbeille"),
    N_("mail.button.new", "Nouveau message"),
    N_("mail.button.reply", "Répondre"),
    N_("mail.button.delete", "Supprimer"),
    N_("mail.button.back", "Retour"),
    N_("mail.button.send", "Envoyer"),
    N_("mail.button.attach", "Joindre un fichier"),
    # TRANSLATORS: opens the chosen file in the file picker
    N_("mail.button.open", "Ouvrir"),
    N_("mail.button.cancel", "Annuler"),
    # TRANSLATORS: the label of the recipient field when writing a message
    N_("mail.field.to", "À"),
    # TRANSLATORS: the label of the subject field of an e-mail
    N_("mail.field.subject", "Objet"),
    # TRANSLATORS: the label of the field where the e-mail's text is written
    N_("mail.field.body", "Message"),
    # drawn only
    # TRANSLATORS: the title of the window where a new e-mail is written
    N_("mail.compose.new", "Nouveau message"),
    # TRANSLATORS: the title of the window where a reply is written (a noun)
    N_("mail.compose.reply", "Réponse"),
    N_("mail.picker.title", "Choisir un fichier"),
    N_("mail.empty", "Aucun message."),
    # TRANSLATORS: before the recipients of an open message ("To: me")
    N_("mail.to", "À :"),
    # TRANSLATORS: the learner as the recipient of a message ("To: me")
    N_("mail.me", "moi"),
    # TRANSLATORS: the date of a message the learner has just sent
    N_("mail.now", "À l'instant"),
    N_("mail.sent", "Message envoyé."),
    N_("mail.deleted", "Message déplacé dans la corbeille."),
    N_("mail.erased", "Message supprimé."),
    N_("mail.link", "Attention : ce lien peut être un piège. Rien n'est arrivé."),
    N_("mail.sign.sender", "Adresse inconnue : prudence !"),
    N_("mail.error.to_missing", "Indiquez au moins un destinataire."),
    N_("mail.error.subject_missing", "Ajoutez un objet à votre message."),
    N_("mail.error.to", "Vérifiez l'adresse du destinataire."),
    N_("mail.error.subject", "Vérifiez l'objet."),
    N_("mail.error.body", "Vérifiez votre message."),
))

_FIXTURE_KEYS = {"me", "folder", "messages", "files"}
_MESSAGE_KEYS = {"id", "folder", "from", "to", "address", "subject", "date", "unread", "body",
                 "attachment", "link"}
_LINK_KEYS = {"id", "label"}
_PICKER_FOLDER_KEYS = {"id", "label", "files"}
_FILE_KEYS = {"id", "label", "pictogram"}


def is_fake_address(value: Any) -> bool:
    text = str(value).strip().lower()
    return "@" in text and " " not in text and text.endswith(FAKE_ENDINGS)


def _check_address(node: Mapping[str, Any], key: str, report: Report) -> None:
    if not is_fake_address(node.get(key, "")):
        report(node, key, f"'{node.get(key)}' is not a fake e-mail address",
               "use an address ending in .example, e.g. secretariat@tilleul-sur-meuse.example")


def _check_folder(node: Mapping[str, Any], report: Report) -> None:
    if "folder" in node and node["folder"] not in FOLDERS:
        report(node, "folder", f"unknown folder '{node['folder']}'", f"use one of: {', '.join(FOLDERS)}")


def _check_message(message: Any, seq: list[Any], index: int, report: Report, seen: set[str]) -> None:
    if not isinstance(message, Mapping):
        report(seq, index, "a message must be a map", "write 'id:', 'from:', 'subject:' ...")
        return
    check_keys(message, _MESSAGE_KEYS, report, "a message")
    check_id(message, report, seen, "message")
    _check_folder(message, report)
    who = "to" if message.get("folder") == "sent" else "from"
    if who not in message:
        report(message, None, f"missing '{who}' in a message",
               f"add '{who}: <a name>'" + (" (a sent message names who it went to)" if who == "to" else ""))
    else:
        check_label(message, who, report)
    if "address" not in message:
        report(message, None, "missing 'address' in a message",
               "add 'address: secretariat@tilleul-sur-meuse.example'")
    else:
        _check_address(message, "address", report)
    for key in ("subject", "body"):
        if key not in message:
            report(message, None, f"missing '{key}' in a message", f"add '{key}: <the words>'")
        else:
            check_label(message, key, report)
    for key in ("date", "attachment"):
        if key in message:
            check_label(message, key, report)
    if "unread" in message and not isinstance(message["unread"], bool):
        report(message, "unread", "'unread' must be true or false", "write 'unread: true'")
    link = message.get("link")
    if link is not None:
        if not isinstance(link, Mapping):
            report(message, "link", "'link' must be a map", "write 'link: {id: pay, label: Payer}'")
        else:
            check_keys(link, _LINK_KEYS, report, "a link")
            check_id(link, report, seen, "link")
            check_label(link, "label", report)


def _check_files(folders: Any, fixture: Mapping[str, Any], report: Report, seen: set[str]) -> None:
    if not isinstance(folders, list) or not folders:
        report(fixture, "files", "'files' must be a list of folders",
               "add '- {id: documents, label: Documents, files: [...]}'")
        return
    for i, folder in enumerate(folders):
        if not isinstance(folder, Mapping):
            report(folders, i, "a picker folder must be a map", "write 'id:', 'label:' and 'files:'")
            continue
        check_keys(folder, _PICKER_FOLDER_KEYS, report, "a picker folder")
        check_id(folder, report, seen, "picker.folder")
        check_label(folder, "label", report)
        files = folder.get("files")
        if not isinstance(files, list) or not files:
            report(folder, "files" if "files" in folder else None, "a picker folder needs 'files'",
                   "add 'files: [{id: cv, label: CV.pdf}]'")
            continue
        for j, item in enumerate(files):
            if not isinstance(item, Mapping):
                report(files, j, "a file must be a map", "write '{id: cv, label: CV.pdf}'")
                continue
            check_keys(item, _FILE_KEYS, report, "a file")
            check_id(item, report, seen, "file")
            check_label(item, "label", report)


def _check(fixture: Any, report: Report) -> None:
    check_keys(fixture, _FIXTURE_KEYS, report, "the fixture")
    _check_folder(fixture, report)
    if "me" in fixture:
        _check_address(fixture, "me", report)
    seen: set[str] = set()
    messages = fixture.get("messages", [])
    if not isinstance(messages, list):
        report(fixture, "messages", "'messages' must be a list", "add '- id: ...' entries")
    else:
        for i, message in enumerate(messages):
            _check_message(message, messages, i, report, seen)
    if "files" in fixture:
        _check_files(fixture["files"], fixture, report, seen)


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    names = {f"folder.{f}" for f in FOLDERS} | {f"button.{b}" for b in BUTTONS}
    names |= {f"field.{f}" for f in FIELDS}
    for message in fixture.get("messages") or []:
        if isinstance(message, Mapping):
            names |= {f"message.{message.get('id')}", f"sender.{message.get('id')}"}
            link = message.get("link")
            if isinstance(link, Mapping):
                names.add(f"link.{link.get('id')}")
    folders = fixture.get("files")
    if isinstance(folders, list):
        names |= {f"button.{b}" for b in PICKER_BUTTONS}
        for folder in folders:
            if isinstance(folder, Mapping):
                names.add(f"picker.folder.{folder.get('id')}")
                names |= {f"file.{f.get('id')}" for f in folder.get("files") or []
                          if isinstance(f, Mapping)}
    return names


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the webmail's own, a message's sender (its row), the
    sender's address (the From line), links, the file picker's folders and files."""
    targets = _targets(fixture)
    names: dict[str, Any] = {n: w for n, w in WORDS.items() if n in targets}
    for message in fixture.get("messages") or []:
        if not isinstance(message, Mapping):
            continue
        who = message.get("to") if "to" in message and "from" not in message else message.get("from")
        if who:
            names[f"message.{message.get('id')}"] = who
        if message.get("address"):
            names[f"sender.{message.get('id')}"] = message["address"]
        link = message.get("link")
        if isinstance(link, Mapping) and link.get("label"):
            names[f"link.{link.get('id')}"] = link["label"]
    for folder in fixture.get("files") or []:
        if isinstance(folder, Mapping):
            names[f"picker.folder.{folder.get('id')}"] = folder.get("label")
            for item in folder.get("files") or []:
                if isinstance(item, Mapping):
                    names[f"file.{item.get('id')}"] = item.get("label")
    return {n: w for n, w in names.items() if w}


GUIDE = """\
Tilleul Mail, a simple webmail with fake messages: the folders (Boîte de réception,
Envoyés, Corbeille) with their unread counts, the list of messages, the open message, and
the page to write a new message or a reply (À, Objet, Message) with the on-screen keyboard.
**Répondre** fills in À and Objet by itself. With `files:`, **Joindre un fichier** opens a
fake file picker. Nothing is ever sent, and every address must be fake: it ends in
`.example` (`secretariat@tilleul-sur-meuse.example`)."""

KEYS = (
    ("`me`", "*(optional)* the learner's own (fake) address."),
    ("`folder`", "*(optional)* the folder shown first: `inbox` (the default), `sent` or `trash`."),
    ("`messages`", "the messages, in the order of the list."),
    ("a message's `id`", "a short name: the message's row is `message.<id>`, its From line `sender.<id>`."),
    ("a message's `folder`", "*(optional)* `inbox` (the default), `sent` or `trash`."),
    ("a message's `from`", "the sender's name, as the list shows it. A sent message has `to:` instead."),
    ("a message's `address`", "the sender's (or, when sent, the receiver's) fake address."),
    ("a message's `subject`, `body`", "its subject and its text."),
    ("a message's `date`",
     "*(optional)* as the list shows it, in quotes: `\"09:12\"`, or words like `hier`."),
    ("a message's `unread`", "*(optional)* `true`: bold, with a blue dot."),
    ("a message's `attachment`", "*(optional)* a file shown under the text: `Horaire.pdf`."),
    ("a message's `link`",
     "*(optional)* a link in the text: `{id: pay, label: \"Payer 1,99 €\"}` → `link.pay`."),
    ("`files`",
     "*(optional)* the file picker's folders: `- {id: documents, label: Documents, files: "
     "[{id: cv, label: CV.pdf}]}`."),
)

TARGETS = (
    TargetName(("folder.inbox", "folder.sent", "folder.trash"), "a folder, on the left", ("tap",)),
    TargetName(("message.<id>",), "a message's row in the list (it opens the message)", ("tap",)),
    TargetName(("sender.<id>",), "the From line of the open message: its address shows", ("tap",)),
    TargetName(("link.<id>",), "the link in a message's text", ("tap",)),
    TargetName(("button.new", "button.reply", "button.delete", "button.back", "button.send"),
               "the webmail's buttons: Nouveau message, Répondre, Supprimer, Retour, Envoyer", ("tap",)),
    TargetName(("field.to", "field.subject", "field.body"), "À, Objet and Message on the writing page",
               ("type",)),
    TargetName(("button.attach", "button.open", "button.cancel"),
               "with `files:` — Joindre un fichier, then the picker's Ouvrir and Annuler", ("tap",)),
    TargetName(("picker.folder.<id>",), "a folder in the file picker", ("tap",)),
    TargetName(("file.<id>",), "a file in the file picker", ("tap",)),
)

register(SurfaceSpec("mail", _check, _targets, labels=_labels,
                     summary="Tilleul Mail, a webmail: folders, messages, reply, new message, attachments",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS,
                     fixture_keys=frozenset(_FIXTURE_KEYS)))
