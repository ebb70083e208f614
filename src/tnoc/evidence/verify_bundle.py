#!/usr/bin/env python3
"""Verify a TNOC court bundle with nothing but Python's standard library.

Usage:  python3 verify_bundle.py [BUNDLE.zip | FOLDER]
        (with no argument: the folder this script is in)

It checks, and prints in plain words:
  1. every file listed in SHA256SUMS has that SHA-256 and no file is unlisted;
  2. each exhibit's SHA-256 is the one the custody ledger recorded at intake;
  3. the custody ledger: entries numbered 1..N without a gap; each entry's hash is
     SHA-256(previous entry hash || RFC 8785 canonical JSON of the event); each entry
     is signed (Ed25519, RFC 8032) by a key whose id is the hash of its public key;
  4. each Merkle checkpoint: its root is the RFC 9162 Merkle tree hash of the first
     ``size`` entry hashes, and its Ed25519 signature verifies;
  5. each inclusion proof in ledger/proofs.json leads from its entry to its checkpoint;
  6. each RFC 3161 time-stamp token (ledger/timestamps/): it was granted and stamps the
     SHA-256 of exactly its checkpoint's signed bytes (read here); the TSA's signature
     and certificate chain are checked by ``openssl ts -verify`` when OpenSSL is
     installed (the script says so when it is not).
Exit status 0 when everything holds, 1 otherwise; the first failure is named.

This file is written to run on any machine with Python 3.8 or later: it imports no
third-party package, so a court's expert can read every line of what it does.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

GENESIS = "0" * 64

# ---------------------------------------------------------------- RFC 8785 (JCS)


def _number(value: float) -> str:
    """ECMAScript Number-to-string, as RFC 8785 §3.2.2.3 requires."""
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError("JSON has no NaN or Infinity")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits_tuple = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(str(d) for d in digits_tuple.digits)
    exponent = int(digits_tuple.exponent)
    k = len(digits)
    n = exponent + k
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        text = mantissa + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + text


def _string(value: str) -> str:
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20:
            out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(
                code, f"\\u{code:04x}"))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def canonical(value: object) -> str:
    """RFC 8785 JSON Canonicalization Scheme: keys sorted by UTF-16 code units."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(_string(k) + ":" + canonical(value[k]) for k in keys) + "}"
    raise TypeError(f"cannot canonicalise {type(value).__name__!r}")


# ---------------------------------------------------------------- Ed25519 (RFC 8032 §5.1.7)

_P = 2 ** 255 - 19
_L = 2 ** 252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    if x & 1 != sign:
        x = _P - x
    return x


def _decode_point(data: bytes) -> tuple[int, int, int, int] | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % _P)


def _add(p: tuple[int, int, int, int], q: tuple[int, int, int, int]
         ) -> tuple[int, int, int, int]:
    """Point addition in extended twisted Edwards coordinates (a = -1)."""
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _multiply(scalar: int, point: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _same(p: tuple[int, int, int, int], q: tuple[int, int, int, int]) -> bool:
    return ((p[0] * q[2] - q[0] * p[2]) % _P == 0
            and (p[1] * q[2] - q[1] * p[2]) % _P == 0)


_BASE_Y = 4 * pow(5, _P - 2, _P) % _P
_BASE = (_recover_x(_BASE_Y, 0) or 0, _BASE_Y, 1,
         (_recover_x(_BASE_Y, 0) or 0) * _BASE_Y % _P)


def ed25519_ok(public: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 verification: [S]B == R + [k]A with k = SHA-512(R || A || M) mod L."""
    if len(signature) != 64:
        return False
    a_point = _decode_point(public)
    r_point = _decode_point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a_point is None or r_point is None or s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(),
                       "little") % _L
    return _same(_multiply(s, _BASE), _add(r_point, _multiply(k, a_point)))


# ---------------------------------------------------------------- Merkle (RFC 9162 §2.1)


def _leaf(entry_hash: str) -> bytes:
    return hashlib.sha256(b"\x00" + entry_hash.encode("ascii")).digest()


def merkle_root(leaves: list[bytes]) -> bytes:
    """Merkle tree hash of already-hashed leaves."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = list(leaves)
    # RFC 9162 splits at the largest power of two below n; pairing left to right and
    # promoting an odd last node gives the same tree.
    while len(level) > 1:
        paired = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
                  for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_root(proof: dict) -> bytes:
    """The root an inclusion proof (pymerkle's JSON form) leads to."""
    path = [bytes.fromhex(h) for h in proof["path"]]
    result = path[0]
    for bit, digest in zip(proof["rule"], path[1:], strict=False):
        pair = result + digest if bit == 0 else digest + result
        result = hashlib.sha256(b"\x01" + pair).digest()
    return result


# ---------------------------------------------------------------- RFC 3161 tokens

SHA256_OID = bytes.fromhex("608648016503040201")  # 2.16.840.1.101.3.4.2.1, DER body


def _tlv(data: bytes, pos: int = 0) -> tuple[int, bytes, int]:
    """One DER element at ``pos``: (tag, content, position after it)."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise ValueError("truncated DER element")
    return tag, data[pos:pos + length], pos + length


def _parts(data: bytes) -> list[tuple[int, bytes]]:
    """The elements of a DER SEQUENCE's or SET's content."""
    found, pos = [], 0
    while pos < len(data):
        tag, content, pos = _tlv(data, pos)
        found.append((tag, content))
    return found


def token_facts(response: bytes) -> dict:
    """Status, hash algorithm, hashed message, genTime and nonce of a TimeStampResp.

    TimeStampResp = SEQUENCE {status PKIStatusInfo, timeStampToken ContentInfo};
    the token's SignedData carries TSTInfo = SEQUENCE {version, policy,
    messageImprint SEQUENCE {AlgorithmIdentifier, OCTET STRING}, serialNumber,
    genTime GeneralizedTime, accuracy OPTIONAL, ordering OPTIONAL, nonce INTEGER
    OPTIONAL, ...} as its encapsulated content (RFC 3161 §2.4.2).
    """
    _tag, body, _end = _tlv(response)
    resp = _parts(body)
    facts = {"status": int.from_bytes(_parts(resp[0][1])[0][1], "big"), "algorithm": b"",
             "hashed": b"", "gen_time": "", "nonce": None}
    if len(resp) < 2:
        return facts
    content_info = _parts(resp[1][1])
    signed_data = _parts(_parts(content_info[1][1])[0][1])
    encapsulated = _parts(signed_data[2][1])
    tst_der = _parts(encapsulated[1][1])[0][1]
    tst = _parts(_tlv(tst_der)[1])
    imprint = _parts(tst[2][1])
    facts["algorithm"] = _parts(imprint[0][1])[0][1]
    facts["hashed"] = imprint[1][1]
    facts["gen_time"] = tst[4][1].decode("ascii")
    facts["nonce"] = next((int.from_bytes(content, "big") for tag, content in tst[5:]
                           if tag == 0x02), None)
    return facts


def openssl_verify(checkpoint: bytes, token: bytes, ca: bytes) -> str | None:
    """``openssl ts -verify`` of a token over the checkpoint bytes under the CA: None when
    it verifies, else OpenSSL's complaint; ``"no openssl"`` when it is not installed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return "no openssl"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in (("data", checkpoint), ("token.tsr", token), ("ca.pem", ca)):
            (folder / name).write_bytes(data)
        done = subprocess.run(
            [openssl, "ts", "-verify", "-data", str(folder / "data"), "-in",
             str(folder / "token.tsr"), "-CAfile", str(folder / "ca.pem")],
            capture_output=True, text=True, check=False)
    if done.returncode == 0 and "OK" in done.stdout:
        return None
    return (done.stdout + done.stderr).strip().splitlines()[-1] if (
        done.stdout + done.stderr).strip() else f"openssl exit {done.returncode}"


# ---------------------------------------------------------------- the bundle


class Bundle:
    """Read files from a zip or a folder by their path inside the bundle."""

    def __init__(self, where: Path) -> None:
        self.zip = zipfile.ZipFile(where) if where.is_file() else None
        self.root = where

    def names(self) -> list[str]:
        if self.zip is not None:
            return [n for n in self.zip.namelist() if not n.endswith("/")]
        return sorted(str(p.relative_to(self.root)).replace("\\", "/")
                      for p in self.root.rglob("*") if p.is_file())

    def read(self, name: str) -> bytes:
        if self.zip is not None:
            return self.zip.read(name)
        return (self.root / name).read_bytes()


def check(where: Path) -> list[str]:
    """Every problem found, in the order the checks run (empty: the bundle holds)."""
    bundle = Bundle(where)
    problems: list[str] = []
    names = set(bundle.names())
    say("1. file hashes (SHA256SUMS)")
    listed: dict[str, str] = {}
    for line in bundle.read("SHA256SUMS").decode("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
        if name not in names:
            problems.append(f"SHA256SUMS lists {name}, which is not in the bundle")
        elif hashlib.sha256(bundle.read(name)).hexdigest() != digest:
            problems.append(f"{name} does not have the SHA-256 that SHA256SUMS gives")
    for name in sorted(names - set(listed) - {"SHA256SUMS"}):
        problems.append(f"{name} is in the bundle but not in SHA256SUMS (added later)")
    say(f"   {len(listed)} files checked")

    manifest = json.loads(bundle.read("manifest.json"))
    keys = json.loads(bundle.read("ledger/keys.json"))
    entries = [json.loads(line) for line in
               bundle.read("ledger/custody.jsonl").decode("utf-8").splitlines() if line]
    by_seq = {e["seq"]: e for e in entries}

    say("2. exhibits against the ledger")
    for exhibit in manifest["exhibits"]:
        entry = by_seq.get(exhibit["intake_entry"])
        if entry is None or entry["event"]["item_sha256"] != exhibit["sha256"]:
            problems.append(f"exhibit {exhibit['path']}: its SHA-256 is not the one ledger "
                            f"entry {exhibit['intake_entry']} recorded")
        elif exhibit["path"] not in names or hashlib.sha256(
                bundle.read(exhibit["path"])).hexdigest() != exhibit["sha256"]:
            problems.append(f"exhibit {exhibit['path']}: the file differs from the one "
                            "taken in")
    say(f"   {len(manifest['exhibits'])} exhibits checked")

    say("3. custody ledger: order, hash chain, signatures")
    for kid, key in keys.items():
        if hashlib.sha256(bytes.fromhex(key["public_key"])).hexdigest()[:32] != kid:
            problems.append(f"key {kid} ({key['owner']}): the public key does not match "
                            "its id")
    prev = GENESIS
    for number, entry in enumerate(entries, 1):
        ref = f"ledger entry {entry['seq']}"
        if entry["seq"] != number:
            problems.append(f"{ref}: expected entry {number} here (missing, inserted or "
                            "moved)")
        if entry["prev_hash"] != prev:
            problems.append(f"{ref}: does not follow the entry before it")
        content = canonical(entry["event"]).encode("utf-8")
        if hashlib.sha256(entry["prev_hash"].encode("ascii") + content).hexdigest() \
                != entry["entry_hash"]:
            problems.append(f"{ref}: its content does not match its hash (edited)")
        key = keys.get(entry["key_id"])
        if key is None or not ed25519_ok(bytes.fromhex(key["public_key"]),
                                         entry["entry_hash"].encode("ascii"),
                                         bytes.fromhex(entry["signature"])):
            problems.append(f"{ref}: the signature does not verify")
        prev = entry["entry_hash"]
    say(f"   {len(entries)} entries checked")

    say("4. Merkle checkpoints")
    leaves = [_leaf(e["entry_hash"]) for e in entries]
    points = json.loads(bundle.read("ledger/checkpoints.json"))
    for point in points:
        ref = f"checkpoint at {point['size']} entries"
        if point["size"] > len(leaves) or merkle_root(leaves[:point["size"]]).hex() \
                != point["root"]:
            problems.append(f"{ref}: the ledger does not have this Merkle root")
        key = keys.get(point["key_id"])
        message = canonical({"size": point["size"], "root": point["root"],
                             "created_at": point["created_at"]}).encode("utf-8")
        if key is None or not ed25519_ok(bytes.fromhex(key["public_key"]), message,
                                         bytes.fromhex(point["signature"])):
            problems.append(f"{ref}: the signature does not verify")
    say(f"   {len(points)} checkpoints checked")

    say("5. inclusion proofs")
    roots = {p["size"]: p["root"] for p in points}
    proofs = json.loads(bundle.read("ledger/proofs.json"))
    for proof in proofs["inclusion"]:
        entry = by_seq.get(proof["seq"])
        if entry is None or proof["proof"]["path"][0] != _leaf(entry["entry_hash"]).hex() \
                or inclusion_root(proof["proof"]).hex() != roots.get(proof["size"]):
            problems.append(f"inclusion proof of entry {proof['seq']} in checkpoint "
                            f"{proof['size']} fails")
    say(f"   {len(proofs['inclusion'])} proofs checked")

    say("6. RFC 3161 time-stamp tokens")
    stamps = (json.loads(bundle.read("ledger/timestamps.json"))
              if "ledger/timestamps.json" in names else [])
    by_size = {p["size"]: p for p in points}
    for stamp in stamps:
        ref = f"time-stamp token of the checkpoint at {stamp['size']} entries"
        point = by_size.get(stamp["size"])
        signed = bundle.read(stamp["checkpoint"])
        if point is None or signed != canonical(
                {"size": point["size"], "root": point["root"],
                 "created_at": point["created_at"]}).encode("utf-8"):
            problems.append(f"{ref}: {stamp['checkpoint']} is not that checkpoint's bytes")
            continue
        token = bundle.read(stamp["token"])
        try:
            facts = token_facts(token)
        except (IndexError, ValueError, UnicodeDecodeError) as exc:
            problems.append(f"{ref}: cannot be read ({exc})")
            continue
        gen_time = facts["gen_time"]
        if facts["status"] not in (0, 1):
            problems.append(f"{ref}: the TSA did not grant it (status {facts['status']})")
        elif facts["algorithm"] != SHA256_OID or \
                facts["hashed"] != hashlib.sha256(signed).digest():
            problems.append(f"{ref}: it stamps other bytes than the checkpoint")
        else:
            complaint = openssl_verify(signed, token, bundle.read(stamp["ca"]))
            if complaint == "no openssl":
                say(f"   {ref}: stamps the checkpoint, time {gen_time}; the TSA's "
                    "signature was NOT checked (OpenSSL not installed): "
                    f"openssl ts -verify -data {stamp['checkpoint']} -in {stamp['token']} "
                    f"-CAfile {stamp['ca']}")
            elif complaint:
                problems.append(f"{ref}: the TSA's signature does not verify ({complaint})")
            else:
                say(f"   {ref}: time {gen_time}, TSA signature verified by OpenSSL")
    say(f"   {len(stamps)} tokens checked")
    return problems


def say(text: str) -> None:
    print(text, flush=True)


def main(argv: list[str]) -> int:
    where = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    print(f"Verifying {where}")
    try:
        problems = check(where)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        print(f"FAILED: the bundle cannot be read ({type(exc).__name__}: {exc})")
        return 1
    if problems:
        print(f"FAILED: {len(problems)} problem(s); the first: {problems[0]}")
        for problem in problems[1:20]:
            print(f"  also: {problem}")
        return 1
    print("PASSED: every file, exhibit, ledger entry, signature, checkpoint and proof holds.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
