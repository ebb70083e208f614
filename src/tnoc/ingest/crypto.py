"""Validation of cryptocurrency addresses.

* Bitcoin and its base58 relatives: Base58Check (double SHA-256 checksum) with the
  network's version bytes; SegWit: bech32 (BIP-173) for v0 and bech32m (BIP-350) for
  v1+ (Taproot), checked with the ``bech32`` reference implementation's polymod.
* Ethereum and EVM chains: ``0x`` + 40 hex digits; mixed case must match the EIP-55
  checksum (Keccak-256 of the lower-case hex). Stored lower-case, the form every EVM
  tool compares on; the original spelling stays in ``original_value``.
* Tron: Base58Check with version byte 0x41.

Currencies without a checker here (XMR, XRP, ZEC shielded, BCH cashaddr...) are accepted
as given and reported as ``unchecked`` by :func:`check_address`'s reason.
"""

from __future__ import annotations

import re

import base58
from bech32 import CHARSET, bech32_polymod, convertbits
from Crypto.Hash import keccak

BECH32_CONST = 1
BECH32M_CONST = 0x2BC830A3

BASE58_VERSIONS: dict[str, set[int]] = {
    "BTC": {0x00, 0x05},
    "BCH": {0x00, 0x05},
    "BSV": {0x00, 0x05},
    "LTC": {0x30, 0x32, 0x05},
    "DASH": {0x4C, 0x10},
    "BTG": {0x26, 0x17},
    "DOGE": {0x1E, 0x16},
    "TRX": {0x41},
}
SEGWIT_HRP = {"BTC": "bc", "LTC": "ltc", "BTG": "btg"}
EVM = {"ETH", "ETC", "BSC", "ARB", "USDC", "USDT", "MATIC", "POL", "BNB"}
ALIASES = {"XBT": "BTC", "BITCOIN": "BTC", "ETHEREUM": "ETH", "LITECOIN": "LTC"}
EVM_RE = re.compile(r"^0x[0-9a-fA-F]{40}$")


def currency_code(currency: str | None) -> str:
    """Upper-case ticker with OFAC's XBT read as BTC."""
    code = (currency or "").strip().upper()
    return ALIASES.get(code, code)


def eip55(address_hex: str) -> str:
    """EIP-55 mixed-case checksum form of a 40-hex-digit address (no 0x)."""
    lower = address_hex.lower()
    digest = keccak.new(digest_bits=256, data=lower.encode("ascii")).hexdigest()
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c
        for i, c in enumerate(lower)
    )


def _segwit_ok(address: str, hrp: str) -> bool:
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    pos = address.rfind("1")
    if pos < 1 or address[:pos] != hrp or pos + 7 > len(address) or len(address) > 90:
        return False
    if any(c not in CHARSET for c in address[pos + 1:]):
        return False
    data = [CHARSET.find(c) for c in address[pos + 1:]]
    const = bech32_polymod([ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data)
    if const not in (BECH32_CONST, BECH32M_CONST):
        return False
    witver, program = data[0], convertbits(data[1:-6], 5, 8, False)
    if program is None or not 2 <= len(program) <= 40 or witver > 16:
        return False
    if witver == 0 and len(program) not in (20, 32):
        return False
    return (witver == 0) == (const == BECH32_CONST)


def _base58_ok(address: str, versions: set[int]) -> bool:
    try:
        raw = base58.b58decode_check(address)
    except ValueError:
        return False
    return len(raw) == 21 and raw[0] in versions


def check_address(address: str, currency: str | None) -> tuple[str | None, str]:
    """Validate ``address`` for ``currency``.

    Returns ``(normalised, "valid")``, ``(address, "unchecked")`` for a currency
    without a checker, or ``(None, reason)`` when the address is invalid.
    """
    code = currency_code(currency)
    address = address.strip()
    if code in {"USDT", "USDC"} and address.startswith("T"):
        code = "TRX"  # TRC-20 token
    elif code == "USDT" and address[:1] in ("1", "3"):
        code = "BTC"  # Omni layer on Bitcoin
    if code in EVM or (code in {"", "USDT"} and address.startswith("0x")):
        if not EVM_RE.match(address):
            return None, f"not an EVM address (0x + 40 hex digits) for {code or 'ETH'}"
        hexpart = address[2:]
        if hexpart not in (hexpart.lower(), hexpart.upper()) and eip55(hexpart) != address:
            return None, "EIP-55 checksum mismatch"
        return address.lower(), "valid"
    if code in SEGWIT_HRP and address.lower().startswith(SEGWIT_HRP[code] + "1"):
        if _segwit_ok(address, SEGWIT_HRP[code]):
            return address.lower(), "valid"
        return None, f"bad bech32/bech32m checksum for {code}"
    if code in BASE58_VERSIONS:
        if _base58_ok(address, BASE58_VERSIONS[code]):
            return address, "valid"
        return None, f"bad Base58Check address for {code}"
    return address, "unchecked"
