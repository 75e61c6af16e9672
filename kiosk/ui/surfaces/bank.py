"""The bank surface: a made-up bank's app ("Banque (exemple)") on a phone.

Home shows the accounts and their balance, **Virement**, and, when a website asked for
a card payment, the notification **Paiement à confirmer**. A transfer: the saved
beneficiaries, then the form (beneficiary and IBAN, amount, structured communication),
each field typed on the app's own keypad on a page of its own, as bank apps do; the
communication is written ``+++123/4567/89002+++`` by the app and its last two digits
checked modulo 97 (a wrong one gets the bank's message); a summary to confirm; the PIN;
"Virement envoyé !". A payment request: merchant and amount, **Confirmer** then the PIN,
or **Refuser**.

The screen changes when the engine accepts an action (``accept``); a rejected one shows
what the bank would say (``reject``). What is typed lives only in this widget until it
is judged, then it is dropped. Beside a website (``beside:``), the request waits until
the site's payment button is done (``hold`` / ``wake``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.bank import (
    WORDS,
    Bank,
    communication_digits,
    communication_ok,
    communication_shown,
)
from kiosk.ui.surfaces import phone  # noqa: F401 (registers the phone widgets for the kv)
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.phone import CONFIRM, REFUSE, PhoneButton, PhoneSurface

CHROME: dict[str, dict[str, str]] = {key: WORDS[key] for key in WORDS}

# the labels drawn in the kv with the app's own words: widget id → word key
_LABELS = {
    "home_title": "app.name", "accounts_title": "app.accounts", "payees_title": "app.choose",
    "form_title": "button.transfer", "form_payee": "app.payee", "summary_title": "app.summary",
    "summary_from": "app.from", "pin_title": "field.pin", "sent_title": "app.sent",
    "request_title": "app.request", "paid_title": "app.paid", "refused_title": "app.refused",
}
_FIELDS = ("amount", "communication")
PIN_FIELD = "field.pin"


class BankRow(ButtonBehavior, BoxLayout):
    """A row of the app: a title and a line under it (an account, a beneficiary, a field)."""

    target = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("fr")
    line = StringProperty("")
    value = StringProperty("")  # on the right: a balance, a typed amount
    unit = NumericProperty(20)
    touchable = BooleanProperty(True)
    error = StringProperty("")
    error_lang = StringProperty("fr")


class BankSurface(PhoneSurface):
    CHROME: ClassVar[dict[str, dict[str, str]]] = CHROME

    unit = NumericProperty(20)
    typing_label = StringProperty("")
    typing_lang = StringProperty("fr")
    typed = StringProperty("")  # the field being typed, as the app writes it (memory only)
    message = StringProperty("")  # the bank's calm message on the page shown ("" = none)
    message_lang = StringProperty("fr")
    pin_dots = StringProperty("")
    request_merchant = StringProperty("")
    request_lang = StringProperty("fr")
    request_amount = StringProperty("")
    request_site = StringProperty("")
    summary = DictProperty({})  # the summary's lines: key → words
    done_amount = StringProperty("")

    def __init__(self, fixture: Mapping[str, Any], **kwargs: Any) -> None:
        self.bank: Bank = fixture  # typed by kiosk.ui.surfaces.create
        self._rows: dict[str, BankRow] = {}
        super().__init__(fixture, **kwargs)
        bank = self.bank
        self.page = "home"  # home, payees, form, typing, summary, pin, sent, request, paid, refused
        self.typing_field = ""  # "amount" or "communication" while its page is shown
        self.values: dict[str, str] = {}  # the accepted answers (memory only, dropped at the end)
        self.payee = bank.payees[0] if bank.payees else None
        self.pin_for = ""  # "transfer" or "request": what the PIN confirms
        self.pin_value = ""
        self.waiting = False  # beside a site: the request comes once the site asked for it
        ids = self.ids
        self.unpark()
        for name, wid in (("button.transfer", "transfer"), ("button.continue", "continue_"),
                          ("button.confirm", "confirm"), ("request.open", "notice"),
                          ("request.confirm", "request_confirm"), ("request.refuse", "request_refuse"),
                          (PIN_FIELD, "pin_box")):
            self.register(name, ids[wid])
        for account in bank.accounts:
            row = BankRow(touchable=False, line=account.iban, value=f"{account.balance} €")
            self._rows[f"account.{account.id}"] = row
            ids.accounts.add_widget(row)
        for payee in bank.payees:
            row = BankRow(line=payee.iban)
            row.bind(on_release=lambda _r, pid=payee.id: self.tap(f"payee.{pid}"))
            self.register(f"payee.{payee.id}", row)
            self._rows[f"payee.{payee.id}"] = row
            ids.payees.add_widget(row)
        for name in _FIELDS:
            row = BankRow()
            row.bind(on_release=lambda _r, name=name: self.open_field(name))
            self.register(f"field.{name}", row)
            self._rows[f"field.{name}"] = row
            ids.fields.add_widget(row)
        for row in self._rows.values():
            self.bind(unit=row.setter("unit"))
            row.unit = self.unit
        self._build_pad(ids.pad, "pad", ("1", "2", "3", "4", "5", "6", "7", "8", "9", "comma", "0", "back"))
        self._build_pad(ids.pin_pad, "pin", ("1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "back"))
        self.register("pad.ok", ids.pad_ok)
        self.relabel()
        self._show()

    def _build_pad(self, grid: Any, family: str, keys: tuple[str, ...]) -> None:
        for name in keys:
            if not name:
                grid.add_widget(Widget())
                continue
            key = PhoneButton(font_size=dp(28), size_hint_min_y=dp(64))
            key.text = {"comma": ",", "back": ""}.get(name, name)  # "back": its words (relabel)
            key.bind(on_release=lambda _b, family=family, name=name: self.press(family, name))
            self.register(f"{family}.{name}", key)
            grid.add_widget(key)

    # -- words -------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not self._rows:
            return  # the language was set while the base class was still building
        ids = self.ids
        for wid, key in _LABELS.items():
            ids[wid].words, ids[wid].lang = self.chrome(key), self.chrome_lang(key)
        for name, wid in (("button.transfer", "transfer"), ("button.continue", "continue_"),
                          ("button.confirm", "confirm"), ("request.open", "notice"),
                          ("request.confirm", "request_confirm"), ("request.refuse", "request_refuse"),
                          ("app.pad_ok", "pad_ok")):
            ids[wid].text, ids[wid].lang = self.chrome(name), self.chrome_lang(name)
        for family in ("pad", "pin"):
            back = self.targets[f"{family}.back"]
            back.text, back.lang = self.chrome("app.pad_back"), self.chrome_lang("app.pad_back")
        for account in self.bank.accounts:
            row = self._rows[f"account.{account.id}"]
            row.title, row.title_lang = self.words(account.name), self.words_lang(account.name)
        for payee in self.bank.payees:
            row = self._rows[f"payee.{payee.id}"]
            row.title, row.title_lang = self.words(payee.name), self.words_lang(payee.name)
        for name in _FIELDS:
            row = self._rows[f"field.{name}"]
            row.title, row.title_lang = self.chrome(f"field.{name}"), self.chrome_lang(f"field.{name}")
        request = self.bank.request
        if request is not None:
            self.request_merchant = self.words(request.merchant)
            self.request_lang = self.words_lang(request.merchant)
            self.request_amount = f"{request.amount} €"
            self.request_site = request.site
        if self.typing_field:
            key = f"field.{self.typing_field}"
            self.typing_label, self.typing_lang = self.chrome(key), self.chrome_lang(key)
        self._fill_summary()

    def _fill_summary(self) -> None:
        payee = self.payee
        account = self.bank.accounts[0] if self.bank.accounts else None
        self.summary = {
            "payee": self.words(payee.name) if payee else "", "iban": payee.iban if payee else "",
            "from": (self.words(account.name) + "  " + account.iban) if account else "",
            "amount": f"{self.values.get('amount', '')} €",
            "communication": self.values.get("communication", ""),
            "lang": self.words_lang(payee.name) if payee else "fr",
        }
        ids = self.ids
        for key in ("from", "iban", "amount", "communication"):
            ids[f"sum_{key}"].text = self.summary[key]
        ids.sum_payee.words, ids.sum_payee.lang = self.summary["payee"], self.summary["lang"]

    # -- what is on screen -----------------------------------------------------------------------
    def _show(self) -> None:
        ids = self.ids
        pages = {"home": ids.home_page, "payees": ids.payees_page, "form": ids.form_page,
                 "typing": ids.typing_page, "summary": ids.summary_page, "pin": ids.pin_page,
                 "sent": ids.sent_page, "request": ids.request_page, "paid": ids.paid_page,
                 "refused": ids.refused_page}
        ids.phone.show(pages[self.page])
        notice = ids.notice
        wanted = self.bank.request is not None and not self.waiting and self.page == "home"
        if wanted and notice.parent is None:
            ids.notice_slot.add_widget(notice)
        elif not wanted and notice.parent is not None:
            notice.parent.remove_widget(notice)
        transfer = ids.transfer
        if self.bank.payees and transfer.parent is None:
            ids.transfer_slot.add_widget(transfer)
        elif not self.bank.payees and transfer.parent is not None:
            transfer.parent.remove_widget(transfer)
        payee = self.payee
        if payee is not None:
            ids.payee_row.title = self.words(payee.name)
            ids.payee_row.title_lang = self.words_lang(payee.name)
            ids.payee_row.line = payee.iban
        for name in _FIELDS:
            self._rows[f"field.{name}"].value = (self.values.get(name, "") + " €" if name == "amount"
                                                 and name in self.values else self.values.get(name, ""))
        left = len(self.bank.pin) - len(self.pin_value)
        self.pin_dots = "  ".join(["*"] * len(self.pin_value) + ["_"] * left)

    def target_widget(self, name: str | None) -> Any:
        """A field being typed is its page's display (where the keypad writes)."""
        if name in (f"field.{f}" for f in _FIELDS) and self.page == "typing" \
                and name == f"field.{self.typing_field}":
            return self.ids.typing_box if self.ids.typing_box.get_root_window() is not None else None
        return super().target_widget(name)

    def show_step(self, action: str, target: str | None) -> None:
        """A step that types the amount or the communication opens its keypad page at
        once (as a field gets the keyboard on every surface)."""
        super().show_step(action, target)
        if action == "type" and target in (f"field.{f}" for f in _FIELDS) and self.page in ("form", "typing"):
            self.open_field(str(target).partition(".")[2], send=False)

    def open_field(self, name: str, send: bool = True) -> None:
        """The keypad page of field ``name`` (the learner touched the field's row)."""
        if self.page not in ("form", "typing"):
            return
        if self.page == "typing" and self.typing_field == name:
            return
        self.page, self.typing_field = "typing", name
        self.typed = self.values.get(name, "")
        self.message = ""
        self.ids.typing_box.target = f"field.{name}"
        key = f"field.{name}"
        self.typing_label, self.typing_lang = self.chrome(key), self.chrome_lang(key)
        comma = self.targets["pad.comma"]
        comma.disabled = name == "communication"
        comma.opacity = 0 if name == "communication" else 1
        self._show()

    def reveal(self, name: str) -> None:
        """The PIN pad and the keypad are the app's own: nothing scrolls."""

    # -- touches -------------------------------------------------------------------------------
    def tap(self, name: str) -> None:
        self.emit(Action("tap", target=name))

    def press(self, family: str, name: str) -> None:
        if family == "pin":
            self._press_pin(name)
            return
        field = self.typing_field
        if name == "back":
            digits = communication_digits(self.typed) if field == "communication" else self.typed
            self.typed = communication_shown(digits[:-1]) if field == "communication" else digits[:-1]
        elif field == "communication":
            digits = communication_digits(self.typed)
            if len(digits) < 12:
                self.typed = communication_shown(digits + name)
        elif len(self.typed) < 9:
            self.typed += "," if name == "comma" else name
        self.message = ""

    def send_field(self) -> None:
        """OK on the keypad page: the typed text is judged (the communication as the app
        writes it, with its +++)."""
        if self.typing_field:
            self.emit(Action("type", target=f"field.{self.typing_field}", text=self.typed))

    def _press_pin(self, name: str) -> None:
        """A key of the PIN pad; the last digit sends the whole PIN to be judged."""
        length = len(self.bank.pin)
        if name == "back":
            self.pin_value = self.pin_value[:-1]
        elif len(self.pin_value) < length:
            self.message = ""
            self.pin_value += name
        self._show()
        if len(self.pin_value) == length:
            typed, self.pin_value = self.pin_value, ""
            self.emit(Action("type", target=PIN_FIELD, text=typed))
            self._show()

    def keys_for(self, target: str, text: str, clear: bool = False) -> list[str] | None:
        """The keys the robot presses: the app's own keypads. A slip ("x", no digit in it)
        becomes a wrong PIN, a communication whose check digits are wrong, a wrong amount."""
        digits = "".join(c for c in text if c.isdigit())
        if target == PIN_FIELD:
            if text and not digits:
                digits = "0" * len(self.bank.pin) if self.bank.pin != "0" * len(self.bank.pin) else "1" * 4
            return ["pin.back"] * len(self.pin_value) * clear + [f"pin.{d}" for d in digits]
        if target not in (f"field.{f}" for f in _FIELDS):
            return None
        shown = communication_digits(self.typed) if self.typing_field == "communication" else self.typed
        keys = ["pad.back"] * len(shown) if clear else []
        if target == "field.communication":
            chars = digits if digits else "123456789000"  # 00 is never a right check
        else:
            chars = "".join(c for c in text if c.isdigit() or c == ",") or "1"
        return keys + [f"pad.{'comma' if c == ',' else c}" for c in chars] + ["pad.ok"]

    # -- results ---------------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, ident = target.partition(".")
        self.message = ""
        if target == "button.transfer":
            self.page = "payees"
        elif family == "payee":
            self.payee = next((p for p in self.bank.payees if p.id == ident), self.payee)
            self.page = "form"
        elif target in (f"field.{f}" for f in _FIELDS):
            self.values[ident] = action.text or ""
            self.page, self.typing_field = "form", ""
        elif target == "button.continue":
            self._fill_summary()
            self.page = "summary"
        elif target == "button.confirm":
            self.page, self.pin_for = "pin", "transfer"
        elif target == "request.open":
            self.page = "request"
        elif target == "request.confirm":
            self.page, self.pin_for = "pin", "request"
        elif target == "request.refuse":
            self.page = "refused"
        elif target == PIN_FIELD:
            transfer = self.pin_for == "transfer"
            self.done_amount = self.summary.get("amount", "") if transfer else self.request_amount
            self.page = "sent" if transfer else "paid"
        self._show()

    def reject(self, action: Action) -> None:
        target = action.target or ""
        if target == PIN_FIELD:
            self._say("app.pin_wrong")
        elif target == "field.communication" and not communication_ok(action.text or ""):
            self._say("app.communication_wrong")
        elif target in (f"field.{f}" for f in _FIELDS) and self.page == "typing":
            self._say("app.check")

    def _say(self, key: str) -> None:
        self.message, self.message_lang = self.chrome(key), self.chrome_lang(key)

    def shown_messages(self) -> list[str]:
        return [self.message] if self.message else []

    # -- beside a website ------------------------------------------------------------------------
    def hold(self) -> None:
        """The payment request waits: the site has not asked for it yet."""
        self.waiting = True
        self._show()

    def wake(self) -> None:
        """The site asked: the notification arrives."""
        self.waiting = False
        self._show()

    def reset_input(self) -> None:
        self.typed = self.pin_value = ""
        self.values.clear()

    def empty_spot(self) -> tuple[float, float]:
        """Beside the phone: the desk, where nothing answers a touch."""
        return self.to_window(self.x + dp(12), self.y + dp(12))


SURFACE = BankSurface
load_kv(__file__)

__all__ = ["SURFACE", "BankSurface", "CONFIRM", "REFUSE"]
