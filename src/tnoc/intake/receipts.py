"""The reporter's receipt: a random 16-digit code and a passphrase, shown once.

The code finds the report (the store keeps only its SHA-256, so the store's contents
do not hand out codes); the passphrase proves the holder (kept as an Argon2id hash,
RFC 9106). Together about 53 + 77 bits of entropy from :mod:`secrets`, as GlobaLeaks'
16-digit receipt with a second secret: someone who reads the intake store learns
neither, and a guesser has to try codes whose space is 10^16 with each try limited
(:mod:`tnoc.intake.store` counts failures per code).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher

__all__ = ["Receipt", "code_digest", "hash_passphrase", "new_receipt", "normalise_code",
           "passphrase_ok"]

CODE_DIGITS = 16
PASSPHRASE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
PASSPHRASE_GROUPS = 4
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


ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES = 2, 19_456, 1
"""Argon2id at OWASP's minimum (Password Storage Cheat Sheet: 19 MiB, 2 passes, 1 lane),
not RFC 9106's 64 MiB x 3 x 4 lanes: the passphrase is not chosen by a person but drawn
at random (16 characters of 31, about 79 bits), so no dictionary shortens a search and
the hash only has to make each offline guess cost something; the heavier setting cost
the portal about 0.6 s of CPU a report and capped it near 2 reports a second on two
cores (benchmarks/portal.py). Hashes made with other settings still verify (the
settings are read from the hash)."""


_HASHER = PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB,
                         parallelism=ARGON2_LANES)
"""Made once: building a PasswordHasher checks its parameters (about 1.5 ms). The
hashing itself runs in C without Python's lock, so two threads hash on two cores."""


def hash_passphrase(passphrase: str) -> str:
    return _HASHER.hash(passphrase.strip().lower())


def passphrase_ok(stored: str, typed: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _HASHER.verify(stored, typed.strip().lower())
    except (VerificationError, InvalidHashError):
        return False
