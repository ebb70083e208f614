"""Files and contact details at rest, sealed to the intake key.

The portal holds only the intake's *public* key: it seals each upload and each
reporter's contact details with an X25519 sealed box (libsodium's
``crypto_box_seal``: an ephemeral key pair per message, XSalsa20-Poly1305), which only
the holder of the private key opens. The private key stays on the workspace's side
(the operator's key folder), so a stolen portal disk, or the portal's process, reveals
none of what reporters sent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tnoc.errors import TnocError

__all__ = ["IntakeKey", "PUBLIC_FILE", "intake_key", "load_public", "seal"]

PUBLIC_FILE = "intake.public"
PRIVATE_FILE = "intake.x25519"


@dataclass(frozen=True)
class IntakeKey:
    """The intake's key pair (the workspace side)."""

    private: bytes

    @property
    def public(self) -> bytes:
        from nacl.public import PrivateKey

        return bytes(PrivateKey(self.private).public_key)

    def open(self, sealed: bytes) -> bytes:
        """The plaintext of ``sealed``; a :class:`TnocError` if it was not sealed to
        this key or was altered."""
        from nacl.exceptions import CryptoError
        from nacl.public import PrivateKey, SealedBox

        try:
            return bytes(SealedBox(PrivateKey(self.private)).decrypt(sealed))
        except CryptoError as bad:
            raise TnocError("a sealed file does not open with this intake key (another "
                            "key, or altered at rest)") from bad


def intake_key(folder: Path) -> IntakeKey:
    """The intake key pair kept in ``folder`` (the operator's key folder), created with
    permissions 0600 on first use."""
    from nacl.public import PrivateKey

    path = folder / PRIVATE_FILE
    if path.exists():
        return IntakeKey(path.read_bytes())
    folder.mkdir(parents=True, exist_ok=True)
    key = bytes(PrivateKey.generate())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return IntakeKey(key)


def load_public(folder: Path) -> bytes:
    """The intake public key the portal seals to (``intake.public`` in its data
    folder, 32 bytes hex)."""
    path = folder / PUBLIC_FILE
    try:
        raw = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as bad:
        raise TnocError(f"{path}: expected the intake's public key (64 hex digits; "
                        "'tnoc intake key' prints it)") from bad
    if len(raw) != 32:
        raise TnocError(f"{path}: expected 32 bytes (64 hex digits), got {len(raw)}")
    return raw


def seal(public: bytes, plaintext: bytes) -> bytes:
    """``plaintext`` sealed to ``public`` (see the module)."""
    from nacl.public import PublicKey, SealedBox

    return bytes(SealedBox(PublicKey(public)).encrypt(plaintext))
