"""The bank surface's engine side: its typed fixture (a made-up bank's phone app: accounts,
saved beneficiaries, a fake PIN, an optional card payment waiting to be confirmed), the
Belgian checks a bank makes (an IBAN's check digits, a structured communication's
modulo 97), its targets, the app's own words and what the guide says about it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# The app's own words: on targets (scenario texts refer to them: "<button.transfer>") and
# around them. French here, translations in kiosk/locale/*/LC_MESSAGES/kiosk.po.
WORDS = Words("bank", (
    N_("bank.app.name", "Banque (exemple)"),
    N_("bank.app.accounts", "Mes comptes"),
    N_("bank.button.transfer", "Virement"),
    N_("bank.app.payee", "Bénéficiaire"),
    N_("bank.app.choose", "Choisissez un bénéficiaire"),
    N_("bank.field.amount", "Montant"),
    N_("bank.field.communication", "Communication structurée"),
    N_("bank.button.continue", "Continuer"),
    N_("bank.app.summary", "Vérifiez votre virement"),
    N_("bank.app.from", "Depuis"),
    N_("bank.button.confirm", "Confirmer"),
    N_("bank.field.pin", "Votre code secret"),
    N_("bank.app.sent", "Virement envoyé !"),
    N_("bank.request.open", "Paiement à confirmer"),
    N_("bank.app.request", "Un site demande un paiement"),
    N_("bank.request.confirm", "Confirmer"),
    N_("bank.request.refuse", "Refuser"),
    N_("bank.app.paid", "Paiement confirmé !"),
    N_("bank.app.refused", "Paiement refusé. Rien n'a été payé."),
    N_("bank.app.pin_wrong", "Ce n'est pas le bon code. Réessayez calmement."),
    N_("bank.app.communication_wrong", "Cette communication structurée n'est pas valable."),
    N_("bank.app.check", "Vérifiez ce montant."),
    N_("bank.app.pad_ok", "OK"),
    N_("bank.app.pad_back", "Effacer"),
))

AMOUNT_RE = re.compile(r"^\d{1,5},\d{2}$")
_IBAN_RE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$")
_COMMUNICATION_RE = re.compile(r"^\+{3}(\d{3})/(\d{4})/(\d{5})\+{3}$")
PIN_RE = re.compile(r"^\d{4,6}$")


def iban_ok(iban: str) -> bool:
    """An IBAN whose check digits are right (ISO 13616: moved, in digits, modulo 97 is 1)."""
    compact = iban.replace(" ", "").upper()
    if not _IBAN_RE.match(compact):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def communication_digits(text: str) -> str:
    """The digits of a structured communication, however it was written."""
    return "".join(c for c in text if c.isdigit())


def communication_ok(text: str) -> bool:
    """A Belgian structured communication as a bank checks it: 12 digits, the last two
    are the first ten modulo 97 (97 when that is 0)."""
    digits = communication_digits(text)
    if len(digits) != 12:
        return False
    check = int(digits[:10]) % 97 or 97
    return int(digits[10:]) == check


def communication_shown(digits: str) -> str:
    """12 digits (or fewer, while typed) as a bank writes them: +++123/4567/89002+++."""
    d = communication_digits(digits)[:12]
    parts = [d[:3], d[3:7], d[7:12]]
    return "+++" + "/".join(p for p in parts if p) + ("+++" if len(d) == 12 else "")


def _check_amount(node: Mapping[str, Any], key: str, report: Report) -> None:
    if key in node and not (isinstance(node[key], str) and AMOUNT_RE.match(node[key])):
        report(node, key, f"'{key}' must be an amount in euros, in quotes, with a comma",
               f"write e.g. '{key}: \"24,50\"' (a small, plausible amount)")


@dataclass(frozen=True)
class Account(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name"),
        Key("name", "label", what="what the app calls it: `Compte courant`"),
        Key("iban", "text", what="its fake IBAN with right check digits, e.g. `BE59 0000 0123 4526`"),
        Key("balance", "any", what="its balance in quotes: `\"245,30\"`"),
    )
    WHAT: ClassVar[str] = "an account"
    id: str
    name: Any
    iban: str
    balance: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        _check_iban(node, report)
        _check_amount(node, "balance", report)


@dataclass(frozen=True)
class Payee(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name (→ `payee.<id>`)"),
        Key("name", "label", what="who is paid: `Eau Claire (exemple)`"),
        Key("iban", "text", what="their fake IBAN with right check digits"),
    )
    WHAT: ClassVar[str] = "a beneficiary"
    FAMILY: ClassVar[str] = "payee"
    id: str
    name: Any
    iban: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        _check_iban(node, report)


@dataclass(frozen=True)
class Request(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("merchant", "label", what="the shop or site asking: `Bus Tilleul (exemple)`"),
        Key("amount", "any", what="in quotes: `\"2,50\"`"),
        Key("site", "address", default="", what="its address, ending in `.example`"),
    )
    WHAT: ClassVar[str] = "the payment request"
    merchant: Any
    amount: str
    site: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        _check_amount(node, "amount", report)


def _check_iban(node: Mapping[str, Any], report: Report) -> None:
    iban = str(node.get("iban", ""))
    if not iban_ok(iban):
        report(node, "iban", f"'{iban}' is not an IBAN with right check digits",
               "use a fake one a bank would accept, e.g. 'BE59 0000 0123 4526' or 'BE76 0010 2030 4095'")


@dataclass(frozen=True)
class Bank(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("accounts", "items", item=Account, what="the learner's accounts, top to bottom (at least one)"),
        Key("payees", "items", default=(), item=Payee,
            what="saved beneficiaries a transfer can go to (with them: **Virement**)"),
        Key("pin", "text", what="the fake PIN, 4 to 6 digits in quotes: the instruction says it"),
        Key("request", "map", default=None,
            what="a card payment started on a website, waiting on the phone: `merchant`, `amount`, "
                 "optional `site`"),
    )
    WHAT: ClassVar[str] = "the bank"
    accounts: tuple[Account, ...]
    payees: tuple[Payee, ...]
    pin: str
    request: Any

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if not node["accounts"]:
            report(node, "accounts", "the bank has no account", "add '- id: current, name: ..., iban: ..., "
                   "balance: \"245,30\"'")
        if not PIN_RE.match(str(node["pin"])):
            report(node, "pin", "'pin' must be 4 to 6 digits in quotes",
                   "write e.g. 'pin: \"1234\"' (a fake code the instruction gives)")
        if node.get("request") is not None:
            Request.check(node["request"], report, set(), node, "request")

    @classmethod
    def read(cls, node: Mapping[str, Any]) -> Any:
        bank = super().read(node)
        if isinstance(node.get("request"), Mapping):
            object.__setattr__(bank, "request", Request.read(node["request"]))
        return bank

    def targets(self) -> set[str]:
        names = set(PAD_TARGETS)
        if self.payees:
            names |= TRANSFER_TARGETS | {f"payee.{p.id}" for p in self.payees}
        if self.request is not None:
            names |= REQUEST_TARGETS
        return names


TRANSFER_TARGETS = frozenset({"button.transfer", "field.amount", "field.communication", "button.continue",
                              "button.confirm"})
REQUEST_TARGETS = frozenset({"request.open", "request.confirm", "request.refuse"})
PAD_TARGETS = frozenset({"field.pin"})


def _check(fixture: Any, report: Report) -> None:
    Bank.check(fixture, report, set())


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    return set(Bank.read(fixture).targets())


def _gestures(_fixture: Mapping[str, Any], target: str) -> tuple[str, ...]:
    """A field is typed in on the app's keypad (the PIN too: judged at its last digit)."""
    return ("type",) if target.startswith("field.") else ("tap",)


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    names: dict[str, Any] = {name: WORDS[name] for name in
                             (*TRANSFER_TARGETS, *REQUEST_TARGETS, *PAD_TARGETS)}
    for payee in fixture.get("payees") or []:
        if isinstance(payee, Mapping) and payee.get("name"):
            names[f"payee.{payee.get('id')}"] = payee["name"]
    return names


GUIDE = """\
A made-up bank's app on a phone, **Banque (exemple)**. The home page shows the accounts
and their balance. **Virement**: choose a saved beneficiary (their IBAN shows), type the
amount and the structured communication on the app's keypad (the app writes the
`+++123/4567/89002+++` itself and checks its last two digits, modulo 97, as Belgian banks
do: a wrong one gets the bank's message), **Continuer** to a summary, **Confirmer**, then
the PIN. With `request:`, a card payment started on a website waits on the phone: the
notification **Paiement à confirmer** opens the merchant and the amount, **Confirmer**
then the PIN, or **Refuser**. Put the bank beside a website with `beside:` (see
"A phone beside the screen").

The PIN is the fixture's `pin` (fake): the instruction gives it ("Le code d'exercice est
1234"). The steps type the amount as the app writes it (`rule: {equals: "45,60"}`) and the
communication with its `+++` (`rule: {equals: "+++090/9337/55493+++"}`). The keypad's keys
are not targets; the PIN is judged when its last digit is typed."""

TARGETS = (
    TargetName(("button.transfer",), "**Virement** on the home page (with `payees:`)", ("tap",)),
    TargetName(("payee.<id>",), "a saved beneficiary in the transfer's list", ("tap",)),
    TargetName(("field.amount", "field.communication"),
               "the amount and the structured communication, typed on the app's keypad", ("type",)),
    TargetName(("button.continue", "button.confirm"), "**Continuer** (to the summary), **Confirmer**",
               ("tap",)),
    TargetName(("request.open",), "the notification **Paiement à confirmer** (with `request:`)", ("tap",)),
    TargetName(("request.confirm", "request.refuse"), "**Confirmer** and **Refuser** the payment", ("tap",)),
    TargetName(("field.pin",), "the PIN, judged when its last digit is typed", ("type",)),
)

register(SurfaceSpec("bank", _check, _targets, _gestures, _labels,
                     summary="a made-up bank's phone app: transfer with a structured communication, "
                             "a card payment to confirm, PIN",
                     guide=GUIDE, keys=Bank.guide_keys() + Account.guide_keys("an account's ")
                     + Payee.guide_keys("a beneficiary's ") + Request.guide_keys("the request's "),
                     target_names=TARGETS, fixture=Bank,
                     fixture_keys=frozenset(k.name for k in Bank.KEYS)))
