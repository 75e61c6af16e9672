"""The ``mail`` surface's engine side: its fixture check (the fake messages of "Tilleul
Mail", the file picker), its targets, the webmail's own words on them, and what the guide
says about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

FOLDERS = ("inbox", "sent", "trash")
BUTTONS = ("new", "reply", "delete", "back", "send")
PICKER_BUTTONS = ("attach", "open", "cancel")
FIELDS = ("to", "subject", "body")

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

_ADDRESS_EXAMPLE = "secretariat@tilleul-sur-meuse.example"


@dataclass(frozen=True)
class LinkPage(Record):
    """The site's page a genuine link opens (``page:``): its address, and what the site
    says there ("Votre compte est confirmé."). A link without a page is a trap: touching
    it shows the calm warning and opens nothing."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("address", "address", example="www.tilleul-sur-meuse.example/confirmer",
            what="the page's address, without https:// (a site under `.example`)."),
        Key("title", "label", what="the page's heading."),
        Key("notice", "label", what="what the site says, in a green box."),
        Key("text", "label", default="", what="a line under it (optional)."),
    )
    WHAT: ClassVar[str] = "a link's page"
    address: str
    title: Any
    notice: Any
    text: Any


@dataclass(frozen=True)
class MailLink(Record):
    """A link in a message's text: target ``link.<id>``; with ``page``, it opens that
    page of the site (a confirmation), else it is a trap."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("id", "id"), Key("label", "label"),
                                       Key("page", "record", default=None, item=LinkPage))
    WHAT: ClassVar[str] = "a link"
    FAMILY: ClassVar[str] = "link"
    id: str
    label: Any
    page: LinkPage | None = None


@dataclass(frozen=True)
class MailMessage(Record):
    """A message of the webmail: its row ``message.<id>``, its From line ``sender.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id",
            what="a short name: the message's row is `message.<id>`, its From line `sender.<id>`."),
        Key("folder", "text", default="inbox", choices=FOLDERS,
            what='`inbox` (the default), `sent` or `trash`.'),
        Key("from", "label", default="", attr="sender"),  # needed unless sent: FROM_ROW
        Key("to", "label", default=""),
        Key("address", "email", example=_ADDRESS_EXAMPLE,
            what="the sender's (or, when sent, the receiver's) fake address."),
        Key("subject", "label", what="its subject."),
        Key("body", "label", what="its text."),
        Key("date", "label", default="",
            what='as the list shows it, in quotes: `"09:12"`, or words like `hier`.'),
        Key("unread", "flag", default=False, what='`true`: bold, with a blue dot.'),
        Key("attachment", "label", default="", what='a file shown under the text: `Horaire.pdf`.'),
        Key("link", "record", default=None, item=MailLink, example="{id: pay, label: Payer}",
            what='a link in the text: `{id: pay, label: "Payer 1,99 €"}` → `link.pay`. Touched, it '
                 'shows a calm warning (a trap), unless it has a `page:` — `{address: ..., title: ..., '
                 'notice: ...}`, the site\'s page it opens (a confirmation link).'),
    )
    WHAT: ClassVar[str] = "a message"
    FAMILY: ClassVar[str] = "message"
    id: str
    folder: str
    sender: Any
    to: Any
    address: str
    subject: Any
    body: Any
    date: Any
    unread: bool
    attachment: Any
    link: MailLink | None

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        who = "to" if node.get("folder") == "sent" else "from"
        if who not in node:
            why = " (a sent message names who it went to)" if who == "to" else ""
            report(node, None, f"missing '{who}' in a message", f"add '{who}: <a name>'{why}")

    @property
    def sent(self) -> bool:
        """It shows whom it went to (a sent message), not who sent it."""
        return not self.sender and (bool(self.to) or self.folder == "sent")

    @property
    def other(self) -> Any:
        """The name its row shows: its sender, or for a sent message its recipient."""
        return self.to if self.sent else self.sender

    def targets(self) -> set[str]:
        return super().targets() | {f"sender.{self.id}"}


@dataclass(frozen=True)
class PickerFile(Record):
    """A file in the file picker: target ``file.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"), Key("label", "label"), Key("pictogram", "text", default=""))
    WHAT: ClassVar[str] = "a file"
    FAMILY: ClassVar[str] = "file"
    id: str
    label: Any
    pictogram: str


@dataclass(frozen=True)
class PickerFolder(Record):
    """A folder of the file picker: target ``picker.folder.<id>``."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"), Key("label", "label"),
        Key("files", "items", item=PickerFile, example="[{id: cv, label: CV.pdf}]"),
    )
    WHAT: ClassVar[str] = "a picker folder"
    FAMILY: ClassVar[str] = "picker.folder"
    id: str
    label: Any
    files: tuple[PickerFile, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node["files"]:
            report(node, "files", "a picker folder needs 'files'", "add 'files: [{id: cv, label: CV.pdf}]'")


@dataclass(frozen=True)
class Mail(Record):
    """The mail fixture: the learner's address, the first folder, the messages, the picker."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("me", "email", default="", example=_ADDRESS_EXAMPLE, what="the learner's own (fake) address."),
        Key("folder", "text", default="inbox", choices=FOLDERS,
            what='the folder shown first: `inbox` (the default), `sent` or `trash`.'),
        Key("messages", "items", default=(), item=MailMessage,
            what='the messages, in the order of the list.'),
        Key("files", "items", default=(), item=PickerFolder,
            what="the file picker's folders: `- {id: documents, label: Documents, files: [{id: cv, label: "
                 "CV.pdf}]}`."),
    )
    WHAT: ClassVar[str] = "the fixture"
    me: str
    folder: str
    messages: tuple[MailMessage, ...]
    files: tuple[PickerFolder, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if "files" in node and not node["files"]:
            report(node, "files", "'files' must be a list of folders",
                   "add '- {id: documents, label: Documents, files: [...]}'")


def _check(fixture: Any, report: Report) -> None:
    Mail.check(fixture, report, set())


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    names = {f"folder.{f}" for f in FOLDERS} | {f"button.{b}" for b in BUTTONS}
    names |= {f"field.{f}" for f in FIELDS}
    if isinstance(fixture.get("files"), list):
        names |= {f"button.{b}" for b in PICKER_BUTTONS}
    return names | Mail.read(fixture).targets()


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the webmail's own, a message's sender (its row), the
    sender's address (the From line), links, the file picker's folders and files."""
    mail = Mail.read(fixture)
    names: dict[str, Any] = {n: w for n, w in WORDS.items() if n in _targets(fixture)}
    for message in mail.messages:
        names[f"message.{message.id}"] = message.other
        names[f"sender.{message.id}"] = message.address
        if message.link is not None:
            names[f"link.{message.link.id}"] = message.link.label
    for folder in mail.files:
        names[f"picker.folder.{folder.id}"] = folder.label
        names |= {f"file.{item.id}": item.label for item in folder.files}
    return {n: w for n, w in names.items() if w}


GUIDE = """\
Tilleul Mail, a simple webmail with fake messages: the folders (Boîte de réception,
Envoyés, Corbeille) with their unread counts, the list of messages, the open message, and
the page to write a new message or a reply (À, Objet, Message) with the on-screen keyboard.
**Répondre** fills in À and Objet by itself. With `files:`, **Joindre un fichier** opens a
fake file picker. Nothing is ever sent, and every address must be fake: it ends in
`.example` (`secretariat@tilleul-sur-meuse.example`)."""

_ROWS, _MESSAGE_ROWS = Mail.guide_keys(), MailMessage.guide_keys("a message's ")
# 'from' is needed unless the message is sent: the guide says so, not "(optional)"
FROM_ROW = ("a message's `from`",
            "the sender's name, as the list shows it. A sent message has `to:` instead.")
KEYS = _ROWS[:3] + _MESSAGE_ROWS[:2] + (FROM_ROW,) + _MESSAGE_ROWS[2:] + _ROWS[3:]

TARGETS = (
    TargetName(("folder.inbox", "folder.sent", "folder.trash"), "a folder, on the left", ("tap",)),
    TargetName(("message.<id>",), "a message's row in the list (it opens the message)", ("tap",)),
    TargetName(("sender.<id>",), "the From line of the open message: its address shows", ("tap",)),
    TargetName(("link.<id>",), "the link in a message's text (with `page:`, it opens that page)", ("tap",)),
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
                     fixture_keys=frozenset(Mail.keys()), fixture=Mail))
