"""Signing keys of the people who record custody events (Ed25519, RFC 8032).

Each operator has one Ed25519 key pair. The private key stays with the person, not
with the case: it lives in the operator's key folder (``$TNOC_KEYS``, by default
``~/.local/share/tnoc/keys``), created on first use with permissions 0600. The public
key is registered in the case (table ``ledger_keys``) under its *key id*, the first 32
hex digits of the SHA-256 of the raw public key, so a swapped public key no longer
matches its id. Whoever copies a case can verify every signature; only the holder of
a private key can add entries that verify under it.

A key may sign a case's ledger only once it is registered there by a ``key-registered``
ledger entry: the key that signs the first entry of a new case is its founding key
(registered with that entry); every later key is registered by an operator whose key already is
(``tnoc custody register-key``). A key from another key folder is refused with an error
naming its owner and id, never registered silently; ``tnoc verify`` checks that every
entry's key was registered by an entry before it.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple

import duckdb
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from tnoc.environment import USER_ENV
from tnoc.errors import TnocError

KEYS_ENV = "TNOC_KEYS"
KEY_EVENT = "key-registered"
SIGNER_ENV = "TNOC_SIGNER"


def key_folder() -> Path:
    """Where this operator's private keys are kept."""
    configured = os.environ.get(KEYS_ENV)
    if configured:
        return Path(configured)
    return Path.home() / ".local" / "share" / "tnoc" / "keys"


acting_user: ContextVar[str | None] = ContextVar("tnoc_acting_user", default=None)
"""The user a face acts as in this context (the CLI's ``--as``), before the environment."""


def operator() -> str:
    """Who is acting: the face's session user (``--as``), ``$TNOC_USER``, ``$TNOC_SIGNER``
    (its older name), or the login name: the TNOC user the operating-system user acts
    as, whose key signs what they record."""
    return (acting_user.get() or os.environ.get(USER_ENV) or os.environ.get(SIGNER_ENV)
            or getpass.getuser())


def key_id(public_raw: bytes) -> str:
    """The id a public key is registered under: sha256 of the raw key, 32 hex digits."""
    return hashlib.sha256(public_raw).hexdigest()[:32]


@dataclass(frozen=True)
class Signer:
    """An operator's private key, ready to sign entry hashes."""

    owner: str
    private: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return key_id(self.public_raw)

    def sign(self, message: bytes) -> str:
        """Ed25519 signature of ``message`` as hex."""
        return self.private.sign(message).hex()


def _safe(owner: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.@-]", "_", owner) or "operator"


@cache
def _load_signer(owner: str, folder: str) -> Signer:
    path = Path(folder) / f"{_safe(owner)}.ed25519.pem"
    if path.exists():
        try:
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except ValueError as exc:
            raise TnocError(f"signing key {path} cannot be read: {exc}") from exc
        if not isinstance(private, Ed25519PrivateKey):
            raise TnocError(f"signing key {path} is not an Ed25519 key")
        return Signer(owner, private)
    path.parent.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return Signer(owner, private)


def signer(owner: str | None = None) -> Signer:
    """The signing key of ``owner`` (default: the operator), created on first use."""
    return _load_signer(owner or operator(), str(key_folder()))


def existing_signer(owner: str) -> Signer | None:
    """``owner``'s signing key if the key folder holds one, else None; never creates
    one. The gate asks this: naming someone (``--as NAME``) must not mint a key for
    them on this machine."""
    if not (key_folder() / f"{_safe(owner)}.ed25519.pem").exists():
        return None
    return _load_signer(owner, str(key_folder()))


def session_signer(owner: str) -> Signer | None:
    """The key that signs for ``owner`` in a session: their existing key; a new one
    only for this machine's own user (``$TNOC_USER`` or the login name, not a name
    given with ``--as``) on first real use, as :func:`signer` does."""
    found = existing_signer(owner)
    own = os.environ.get(USER_ENV) or os.environ.get(SIGNER_ENV) or getpass.getuser()
    return signer(owner) if found is None and owner == own else found


def register_key(con: duckdb.DuckDBPyConnection, owner: str, public_raw: bytes) -> None:
    """Make a public key known to the case (idempotent; caller's transaction). Only
    with its ``key-registered`` ledger entry (:mod:`tnoc.ledger.custody`)."""
    kid = key_id(public_raw)
    con.execute(
        "INSERT INTO ledger_keys (key_id, owner, public_key, registered_at) "
        "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM ledger_keys WHERE key_id = ?)",
        [kid, owner, public_raw.hex(), datetime.now(UTC).isoformat(), kid])


def unregistered_key_error(key: Signer) -> TnocError:
    """The error for an operator whose key the case does not know: who, which key, and
    how an operator with a registered key registers it."""
    return TnocError(
        f"the signing key of {key.owner} (key id {key.key_id}, from {key_folder()}) is not "
        "registered in this case, so nothing was recorded. A key signs a case only once an "
        "operator whose key is registered has registered it: they run  tnoc custody "
        f"register-key {key.owner} {key.public_raw.hex()} --case CASE  (or set {KEYS_ENV} "
        "to the folder holding your registered key; 'tnoc custody keys' lists them)")


def is_registered(con: duckdb.DuckDBPyConnection, key: Signer) -> bool:
    """True when ``key`` is registered in the case."""
    return bool(con.execute("SELECT 1 FROM ledger_keys WHERE key_id = ?",
                            [key.key_id]).fetchall())


def public_keys(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, bytes]]:
    """Registered keys: key id -> (owner, raw public key)."""
    return {str(k): (str(o), bytes.fromhex(str(p))) for k, o, p in con.execute(
        "SELECT key_id, owner, public_key FROM ledger_keys").fetchall()}


class KeyUse(NamedTuple):
    """A key registered in the case: its id, owner, when it was registered (ISO 8601
    text, as kept) and how many ledger entries it signed."""

    key_id: str
    owner: str
    registered_at: str
    entries: int


def key_use(con: duckdb.DuckDBPyConnection) -> list[KeyUse]:
    """Every key registered in the case, oldest first (ties by key id), with how many
    ledger entries each signed: who signed this case's chain of custody."""
    return [KeyUse(*r) for r in con.execute(
        "SELECT k.key_id, k.owner, k.registered_at, count(e.seq) FROM ledger_keys k "
        "LEFT JOIN custody_events e USING (key_id) GROUP BY ALL ORDER BY 3, 1"
    ).fetchall()]


def signature_ok(public_raw: bytes, signature_hex: str, message: bytes) -> bool:
    """True when ``signature_hex`` is a valid Ed25519 signature of ``message``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(
            bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
