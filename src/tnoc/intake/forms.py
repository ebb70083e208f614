"""What a report says, by kind: the fields, their checks and the urgency.

The kinds follow the crimes the UN workshop and national portals (IC3, Action Fraud,
Pharos) take reports of. Child sexual abuse material is never taken: the form for it
only says where to report it (a hotline of INHOPE's network), so that no such file is
ever uploaded here. The checks return every problem at once, by field, in words the
reporter understands; a value that fails is shown back as typed, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from tnoc.intake.files import CheckedFile
from tnoc.intake.identifiers import KINDS as IDENTIFIER_KINDS
from tnoc.intake.identifiers import InvalidIdentifier, check_identifier
from tnoc.intake.store import Submission

__all__ = ["CRYPTO", "PAYMENT_METHODS", "REPORT_KINDS", "Form", "ReportKind",
           "check_report"]

MAX_NARRATIVE = 20_000
MAX_IDENTIFIERS = 30


@dataclass(frozen=True)
class ReportKind:
    """One kind of report."""

    key: str
    title: str
    urgency: str
    """``urgent`` (a person at risk now), ``high`` or ``normal``: the triage order."""
    referral_only: bool = False


REPORT_KINDS = {k.key: k for k in (
    ReportKind("fraud", "Online fraud (investment, romance, shopping, phishing...)",
               "normal"),
    ReportKind("ransomware", "Ransomware or extortion", "high"),
    ReportKind("sextortion", "Sextortion (threats to share intimate images)", "urgent"),
    ReportKind("drugs", "Drugs sold online or on a darknet market", "normal"),
    ReportKind("trafficking", "Trafficking or forced labour (signs someone is "
               "exploited)", "urgent"),
    ReportKind("csam", "Child sexual abuse material", "urgent", referral_only=True),
)}
PAYMENT_METHODS = ("bank transfer", "card", "cryptocurrency", "gift cards", "cash",
                   "money transfer service", "other", "none")
CRYPTO = ("BTC", "ETH", "USDT", "USDC", "LTC", "XMR", "TRX", "BCH")


@dataclass
class Form:
    """A report form as sent: the fields by name, as typed."""

    fields: dict[str, str]
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)
    """(kind, value, detail) rows of the other side's identifiers."""


def _currency(code: str) -> bool:
    import pycountry

    return code in CRYPTO or pycountry.currencies.get(alpha_3=code) is not None


def check_report(form: Form, files: list[CheckedFile], language: str | None
                 ) -> tuple[Submission | None, dict[str, str]]:
    """The submission ``form`` makes, or the problems by field (the form is shown
    again with them and with every value as typed)."""
    problems: dict[str, str] = {}
    values = {k: (v or "").strip() for k, v in form.fields.items()}
    kind = REPORT_KINDS.get(values.get("kind", ""))
    if kind is None:
        return None, {"kind": "choose what happened from the list"}
    if kind.referral_only:
        return None, {"kind": "this portal does not take this kind of report: see the "
                              "hotline below"}
    narrative = values.get("narrative", "")
    if not narrative:
        problems["narrative"] = "say what happened, in your own words"
    elif len(narrative) > MAX_NARRATIVE:
        problems["narrative"] = f"at most {MAX_NARRATIVE:,} characters (add the rest " \
                                "with your receipt)"
    happened = values.get("happened_on", "")
    if happened:
        try:
            if date.fromisoformat(happened) > date.today():
                problems["happened_on"] = "a day that has already come (year-month-day)"
        except ValueError:
            problems["happened_on"] = "a day as year-month-day, such as 2026-03-02"
    amount = values.get("loss_amount", "")
    currency = values.get("loss_currency", "").upper()
    if amount:
        try:
            if Decimal(amount.replace(",", "")) < 0:
                raise InvalidOperation
        except InvalidOperation:
            problems["loss_amount"] = "an amount such as 1250.50 (digits, a point)"
        if not currency or not _currency(currency):
            problems["loss_currency"] = "the currency of the loss (EUR, USD, BTC...)"
    method = values.get("payment_method", "")
    if method and method not in PAYMENT_METHODS:
        problems["payment_method"] = "one of the payment methods listed"
    checked: list[dict[str, Any]] = []
    # numbered as the form's rows (blank rows included), so a problem names the row
    # the reporter typed it in
    rows = [(n, r) for n, r in enumerate(form.identifiers) if r[1].strip()]
    if len(rows) > MAX_IDENTIFIERS:
        problems["identifiers"] = f"at most {MAX_IDENTIFIERS} identifiers per report"
    for n, (id_kind, value, detail) in rows[:MAX_IDENTIFIERS]:
        try:
            found = check_identifier(id_kind, value, detail)
        except InvalidIdentifier as bad:
            label = IDENTIFIER_KINDS.get(id_kind, "identifier").lower()
            problems[f"identifier-{n}"] = f"{label}: expected {bad}"
            continue
        checked.append({"kind": found.kind, "value": found.value,
                        "as_typed": found.original, "detail": found.detail})
    contact = {k: values[k] for k in ("contact_name", "contact_email", "contact_phone")
               if values.get(k)}
    if contact.get("contact_email"):
        try:
            contact["contact_email"] = check_identifier("email",
                                                        contact["contact_email"]).value
        except InvalidIdentifier as bad:
            problems["contact_email"] = f"expected {bad}"
    if problems:
        return None, problems
    details = {"kind": kind.key, "narrative": narrative, "happened_on": happened or None,
               "loss": {"amount": amount.replace(",", ""), "currency": currency}
               if amount else None, "payment_method": method or None,
               "ongoing": values.get("ongoing") == "yes", "identifiers": checked,
               "contact": contact or None, "language": language}
    urgency = "high" if kind.urgency == "normal" and details["ongoing"] else kind.urgency
    return Submission(kind.key, urgency, details, len(checked), files, language), {}
