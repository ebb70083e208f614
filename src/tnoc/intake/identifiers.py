"""The other side's identifiers a reporter types, validated as typed.

Each kind has a checker that returns the value normalised (what is matched against the
evidence base) or says what was expected: phone numbers parsed to E.164 with
libphonenumber (ITU-T E.164), e-mail addresses by their syntax (RFC 5322's common
subset), handles with the platform they are on, URLs (http, https, onion), wallet
addresses by their checksums (Base58Check, bech32/bech32m BIP 173/350, EIP-55:
:func:`tnoc.ingest.crypto.check_address`), IBANs by ISO 13616's mod-97 check, and
transaction hashes by their form (64 hex digits, with ``0x`` on EVM chains).
An identifier that fails its check is refused with the reason, so the reporter can
correct it while still on the form: a typo in a wallet would otherwise match nothing,
or the wrong person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["KINDS", "Identifier", "InvalidIdentifier", "check_identifier"]

KINDS = {
    "phone": "Phone number",
    "email": "E-mail address",
    "handle": "User name or handle (with the platform)",
    "url": "Web address (URL)",
    "wallet": "Crypto wallet address",
    "iban": "Bank account (IBAN)",
    "txhash": "Transaction hash",
}
"""The kinds of identifier a report can name, with the label the form shows."""

EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                   r"[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
HEX64 = re.compile(r"^(0x)?[0-9a-fA-F]{64}$")
HANDLE = re.compile(r"^@?[\w.\-]{1,64}$", re.UNICODE)
MAX_LENGTH = 512


class InvalidIdentifier(ValueError):
    """An identifier that fails its check; the message says what was expected."""


@dataclass(frozen=True)
class Identifier:
    """One checked identifier of the other side."""

    kind: str
    value: str
    """Normalised: E.164, lower-case e-mail, the wallet as its chain writes it..."""
    original: str
    """As typed."""
    detail: str | None = None
    """The platform of a handle, the currency of a wallet, the region of a phone."""


def _phone(text: str, region: str | None) -> tuple[str, str | None]:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException as bad:
        raise InvalidIdentifier(
            "a phone number in international form, such as +44 20 7946 0958 "
            f"({bad.args[0] if bad.args else 'not a phone number'})") from bad
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidIdentifier("a phone number that exists in its country's numbering "
                                "plan, with its country code (+33..., +1...)")
    return (phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
            phonenumbers.region_code_for_number(parsed))


def _email(text: str) -> str:
    if not EMAIL.match(text) or len(text) > 254:
        raise InvalidIdentifier("an e-mail address such as name@example.org")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _url(text: str) -> str:
    candidate = text if "://" in text else f"https://{text}"
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname \
            or "." not in parts.hostname:
        raise InvalidIdentifier("a web address such as https://example.org/page "
                                "(http or https, with a domain)")
    return parts._replace(scheme=parts.scheme.lower(),
                          netloc=parts.netloc.lower()).geturl()


def _iban(text: str) -> str:
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    try:
        return str(iban.validate(text))
    except ValidationError as bad:
        raise InvalidIdentifier(f"an IBAN such as GB82 WEST 1234 5698 7654 32 ({bad})") \
            from bad


def _chain_of(address: str) -> str | None:
    """The chain an address's form names when the reporter did not say (a guess the
    checksum then confirms): 0x... EVM, bc1/1/3 Bitcoin, ltc1/L/M Litecoin, T Tron."""
    lowered = address.lower()
    if lowered.startswith("0x"):
        return "ETH"
    if lowered.startswith("bc1") or address[:1] in ("1", "3"):
        return "BTC"
    if lowered.startswith("ltc1") or address[:1] in ("L", "M"):
        return "LTC"
    return "TRX" if address[:1] == "T" else None


def _wallet(text: str, currency: str | None) -> tuple[str, str | None]:
    from tnoc.ingest.crypto import check_address

    currency = currency or _chain_of(text)
    value, verdict = check_address(text, currency)
    if value is None:
        raise InvalidIdentifier(f"a wallet address whose checksum holds: {verdict}")
    return value, currency.upper() if currency else None


def check_identifier(kind: str, text: str, detail: str | None = None) -> Identifier:
    """``text`` typed as an identifier of ``kind`` (:data:`KINDS`), checked and
    normalised; ``detail`` is the platform of a handle, the currency of a wallet or
    the country (ISO 3166 alpha-2) a phone number without ``+`` is dialled in.
    Raises :class:`InvalidIdentifier` saying what was expected."""
    original = text
    text = text.strip()
    if kind not in KINDS:
        raise InvalidIdentifier(f"one of the kinds {', '.join(KINDS)}, not {kind!r}")
    if not text:
        raise InvalidIdentifier(f"a {KINDS[kind].lower()}, not an empty field")
    if len(text) > MAX_LENGTH:
        raise InvalidIdentifier(f"at most {MAX_LENGTH} characters")
    detail = (detail or "").strip() or None
    if kind == "phone":
        value, detail = _phone(text, detail)
    elif kind == "email":
        value = _email(text)
    elif kind == "handle":
        if not HANDLE.match(text):
            raise InvalidIdentifier("a user name of letters, digits, '.', '_' or '-' "
                                    "(up to 64), with the platform it is on")
        if detail is None:
            raise InvalidIdentifier("the platform the handle is on (Telegram, "
                                    "Instagram, a game, a market...)")
        value = text.lstrip("@").lower()
    elif kind == "url":
        value = _url(text)
    elif kind == "wallet":
        value, detail = _wallet(text, detail)
    elif kind == "iban":
        value = _iban(text)
    else:
        if not HEX64.match(text):
            raise InvalidIdentifier("a transaction hash of 64 hexadecimal digits "
                                    "(0x in front on Ethereum-like chains)")
        value = text.lower()
    return Identifier(kind, value, original, detail)
