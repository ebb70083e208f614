"""RFC 3161 time-stamp tokens over custody checkpoints.

A signed checkpoint says "the first n entries have this Merkle root" at a time the
case's own clock gave. A time-stamping authority (TSA) independent of the unit countersigns
the SHA-256 of the checkpoint's signed bytes (RFC 8785 JSON of size, root and time) and
the time it received them (Adams et al., RFC 3161, *Time-Stamp Protocol*). The ledger
up to that checkpoint then provably existed no later than the TSA's time: backdating or
rewriting it afterwards would need the TSA's key.

Only the checkpoint's hash leaves the case (no personal data). The whole response is
stored with the checkpoint, with the TSA's address and the CA certificate(s) the
analyst gave, so ``tnoc verify`` and a court bundle check it offline: the token is read
by the same few lines of DER the bundle's standard-library script uses (status, message
imprint, time, nonce), and the TSA's signature and certificate chain are checked by
OpenSSL (``openssl ts -verify``), an implementation independent of TNOC. We do not use
``rfc3161-client`` for this: its strict DER parser rejects replies from OpenSSL's own TSA
whose certificate set is not in DER order, which real TSAs send too.
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from tnoc.errors import TnocError
from tnoc.evidence.verify_bundle import SHA256_OID, openssl_verify, token_facts
from tnoc.ledger.checkpoints import Checkpoint, checkpoints

QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"


@dataclass(frozen=True)
class TokenCheck:
    """What checking one stored token found: ``status`` is "verified", "failed" or
    "unchecked" (the imprint holds but OpenSSL, needed for the TSA's signature, is not
    installed)."""

    size: int
    status: str
    gen_time: datetime | None
    tsa: str
    message: str

    @property
    def ok(self) -> bool:
        return self.status == "verified"


def _der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _integer(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def timestamp_request(message: bytes, nonce: int) -> bytes:
    """DER TimeStampReq (RFC 3161 §2.4.1): version 1, SHA-256 imprint of ``message``,
    ``nonce``, certReq TRUE (the TSA includes its certificate)."""
    algorithm = _der(0x30, _der(0x06, SHA256_OID) + b"\x05\x00")
    imprint = _der(0x30, algorithm + _der(0x04, hashlib.sha256(message).digest()))
    return _der(0x30, _integer(1) + imprint + _integer(nonce) + b"\x01\x01\xff")


def _gen_time(text: str) -> datetime | None:
    """GeneralizedTime ``YYYYMMDDHHMMSS[.fff]Z`` as UTC."""
    try:
        whole = datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    fraction = text[14:].rstrip("Z")
    return whole.replace(microsecond=int(float("0" + fraction) * 1e6)) if fraction else whole


def _ask(url: str, request: bytes, timeout: float) -> bytes:
    req = urllib.request.Request(url, data=request, method="POST",
                                 headers={"Content-Type": QUERY_TYPE, "Accept": REPLY_TYPE})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as reply:  # noqa: S310 (analyst's URL)
            body: bytes = reply.read()
            kind = reply.headers.get("Content-Type", "")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise TnocError(f"the time-stamping authority at {url} did not answer: {exc}") from exc
    if REPLY_TYPE not in kind:
        raise TnocError(f"{url} answered {kind or 'no content type'}, not an RFC 3161 reply "
                        f"({REPLY_TYPE}); is it a TSA address?")
    return body


def check_token(point: Checkpoint, token: bytes, ca_pem: bytes | None, tsa: str = "",
                nonce: int | None = None) -> TokenCheck:
    """Check one token against its checkpoint: granted, SHA-256 imprint of exactly the
    checkpoint's signed bytes, our nonce (when given), and the TSA's signature and
    certificate chain under the CA (OpenSSL)."""
    message = point.signed_bytes()
    try:
        facts = token_facts(token)
    except (IndexError, ValueError, UnicodeDecodeError) as exc:
        return TokenCheck(point.size, "failed", None, tsa, f"cannot be read ({exc})")
    when = _gen_time(str(facts["gen_time"]))
    if facts["status"] not in (0, 1):
        return TokenCheck(point.size, "failed", when, tsa,
                          f"the TSA did not grant it (status {facts['status']})")
    if facts["algorithm"] != SHA256_OID or facts["hashed"] != hashlib.sha256(message).digest():
        return TokenCheck(point.size, "failed", when, tsa, "it time-stamps other bytes than "
                          "this checkpoint (the checkpoint or the token was replaced)")
    if nonce is not None and facts["nonce"] != nonce:
        return TokenCheck(point.size, "failed", when, tsa, "its nonce is not the one asked "
                          "for (a replayed or foreign reply)")
    if not ca_pem:
        return TokenCheck(point.size, "failed", when, tsa,
                          "no CA certificate stored to check the TSA's signature")
    complaint = openssl_verify(message, token, ca_pem)
    if complaint == "no openssl":
        return TokenCheck(point.size, "unchecked", when, tsa, "stamps this checkpoint; the "
                          "TSA's signature was not checked (OpenSSL is not installed)")
    if complaint:
        return TokenCheck(point.size, "failed", when, tsa,
                          f"the TSA's signature does not verify under the CA ({complaint})")
    return TokenCheck(point.size, "verified", when, tsa, "verified")


def timestamp_checkpoint(con: duckdb.DuckDBPyConnection, tsa_url: str, ca_pem: bytes,
                         size: int | None = None, timeout: float = 30.0) -> TokenCheck:
    """Ask the TSA at ``tsa_url`` to time-stamp a checkpoint (the newest by default),
    check the reply (:func:`check_token`, with our nonce) and store it with the
    checkpoint. Nothing is stored unless the reply verifies under ``ca_pem``."""
    if b"-----BEGIN CERTIFICATE-----" not in ca_pem:
        raise TnocError("the CA file is not a PEM certificate (-----BEGIN CERTIFICATE-----)")
    points = checkpoints(con)
    if size is not None:
        points = [p for p in points if p.size == size]
    if not points:
        raise TnocError("no checkpoint at that size" if size is not None else
                        "the ledger has no checkpoint yet; make one with "
                        "'tnoc custody checkpoint'")
    point = points[-1]
    nonce = secrets.randbits(62)
    body = _ask(tsa_url, timestamp_request(point.signed_bytes(), nonce), timeout)
    check = check_token(point, body, ca_pem, tsa_url, nonce)
    if check.status == "unchecked":
        raise TnocError("OpenSSL is needed to check the TSA's signature before the token "
                        "is stored; install the 'openssl' package")
    if not check.ok:
        raise TnocError(f"the reply from {tsa_url} was not stored: {check.message}")
    con.execute("UPDATE ledger_checkpoints SET timestamp_token = ?, tsa_url = ?, "
                "tsa_ca_pem = ? WHERE size = ?",
                [body, tsa_url, ca_pem.decode("ascii"), point.size])
    return check


def stored_tokens(con: duckdb.DuckDBPyConnection) -> list[tuple[Checkpoint, bytes, bytes | None,
                                                                  str]]:
    """(checkpoint, token, CA PEM, TSA URL) of every time-stamped checkpoint."""
    by_size = {p.size: p for p in checkpoints(con)}
    rows = con.execute("SELECT size, timestamp_token, tsa_ca_pem, tsa_url FROM "
                       "ledger_checkpoints WHERE timestamp_token IS NOT NULL ORDER BY size"
                       ).fetchall()
    return [(by_size[int(r[0])], bytes(r[1]), str(r[2]).encode("ascii") if r[2] else None,
             str(r[3] or "")) for r in rows]


def check_tokens(con: duckdb.DuckDBPyConnection) -> list[TokenCheck]:
    """Check every stored token (see :func:`check_token`)."""
    return [check_token(point, token, ca, tsa) for point, token, ca, tsa in stored_tokens(con)]
