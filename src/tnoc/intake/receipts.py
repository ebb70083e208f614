"""The reporter's receipt: a random 16-digit code and a passphrase, shown once.

The code finds the report (the store keeps only its SHA-256, so the store's contents
do not hand out codes); the passphrase proves the holder. Together about 53 + 119 bits
of entropy from :mod:`secrets`, as GlobaLeaks' 16-digit receipt with a second secret:
someone who reads the intake store learns neither, and a guesser has to try codes
whose space is 10^16 with each try limited (:mod:`tnoc.intake.store` counts failures
per code).

The passphrase is drawn, not chosen: 24 characters of 31, about 119 bits. NIST SP
800-63B §5.1.2.2 (look-up secrets): a secret of at least 112 bits is stored hashed with
an approved one-way function, a slow key-derivation function being needed only below
that. So it is kept as a salted SHA-256 (:func:`hash_passphrase`): an offline search of
2^119 SHA-256 is out of reach, where the 79-bit passphrase it replaces needed Argon2id,
which cost the portal about 20 ms of CPU a report and held it near 30 reports a second
on two cores (benchmarks/portal.py). Receipts given with an Argon2id hash still open.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass

__all__ = ["Receipt", "code_digest", "hash_passphrase", "new_receipt", "normalise_code",
           "passphrase_ok"]

CODE_DIGITS = 16
PASSPHRASE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
PASSPHRASE_GROUPS = 6
GROUP = 4


@dataclass(frozen=True)
class Receipt:
    """What the reporter keeps (shown once; the store keeps neither in clear)."""

    code: str
    passphrase: str

    @property
    def code_grouped(self) -> str:
        """The code as the page shows it: 1234 5678 9012 3456."""
        return " ".join(self.code[i:i + 4] for i in range(0, CODE_DIGITS, 4))


def new_receipt() -> Receipt:
    """A new random code and passphrase."""
    code = "".join(str(secrets.randbelow(10)) for _ in range(CODE_DIGITS))
    groups = ["".join(secrets.choice(PASSPHRASE_ALPHABET) for _ in range(GROUP))
              for _ in range(PASSPHRASE_GROUPS)]
    return Receipt(code, "-".join(groups))


def normalise_code(typed: str) -> str | None:
    """The 16 digits of a code as typed (spaces and dashes ignored), or None."""
    digits = "".join(ch for ch in typed if not ch.isspace() and ch != "-")
    return digits if len(digits) == CODE_DIGITS and digits.isascii() \
        and digits.isdigit() else None


def code_digest(code: str) -> str:
    """What the store keeps of a code: its SHA-256 (hex)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


PASSPHRASE_BITS = PASSPHRASE_GROUPS * GROUP * math.log2(len(PASSPHRASE_ALPHABET))
"""The passphrase's entropy (about 118.9 bits): at least NIST's 112 for a fast hash."""
SCHEME = "sha256"


def _digest(salt: bytes, passphrase: str) -> str:
    return hashlib.sha256(salt + passphrase.strip().lower().encode("utf-8")).hexdigest()


def hash_passphrase(passphrase: str) -> str:
    """What the store keeps of a passphrase: ``sha256$SALT$DIGEST`` (hex; a random
    16-byte salt, so two reports' hashes never match). See the module."""
    salt = secrets.token_bytes(16)
    return f"{SCHEME}${salt.hex()}${_digest(salt, passphrase)}"


def passphrase_ok(stored: str, typed: str) -> bool:
    """Whether ``typed`` is the passphrase ``stored`` was made from (constant-time; an
    Argon2id hash of an earlier receipt is verified as such)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    if stored.startswith(SCHEME + "$"):
        _, salt, digest = (stored.split("$") + ["", ""])[:3]
        try:
            return hmac.compare_digest(_digest(bytes.fromhex(salt), typed), digest)
        except ValueError:
            return False
    try:
        return PasswordHasher().verify(stored, typed.strip().lower())
    except (VerificationError, InvalidHashError):
        return False
