#!/usr/bin/env python3
"""Verify a TNOC court bundle with nothing but Python's standard library.

Usage:  python3 verify_bundle.py [BUNDLE.zip | FOLDER] [--key KEY_ID ...]
        (with no argument: the folder this script is in)
        --key KEY_ID: a signing key id the case published to you by another way (a
        letter, the prosecutor's copy of the case's keys); every signature must then be
        made by one of the keys given, so a bundle re-signed throughout with a new key
        fails. Without --key the key ids are printed at the end: compare them.

It checks, and prints in plain words:
  0. manifest.json is signed (manifest.sig) by a key the manifest lists (and, see 3,
     one the ledger registered); the bundle
     holds exactly the files the manifest lists (none missing, none added), each
     with the SHA-256 the manifest gives; every signing key is one the manifest lists;
  1. every file listed in SHA256SUMS has that SHA-256 and no file is unlisted;
  2. each exhibit's SHA-256 is the one the custody ledger recorded at intake;
  3. the custody ledger: entries numbered 1..N without a gap; each entry's hash is
     SHA-256(previous entry hash || RFC 8785 canonical JSON of the event); each entry
     is signed (Ed25519, RFC 8032) by a key whose id is the hash of its public key and
     which the ledger registered before it (a 'key-registered' entry carrying that
     public key; entry 1's key is the case's founding key; an entry imported from a
     partner's CASE/UCO record registers nothing); a key an earlier tnoc version
     registered without an entry and a later entry adopted is accepted before its
     adoption with a warning; the owner keys.json gives is the one its entry named;
  4. each Merkle checkpoint: its root is the RFC 9162 Merkle tree hash of the first
     ``size`` entry hashes, and its Ed25519 signature verifies under a key the ledger
     registered;
  5. each inclusion proof in ledger/proofs.json leads from its entry to its checkpoint,
     every ledger entry of every exhibit has one, and successive checkpoints have a
     non-empty consistency proof; the ledger is as long as the manifest says and not
     shorter than its last checkpoint; each exhibit and report the ledger records as
     copied into this bundle is in it with the recorded SHA-256;
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



def checkpoint_bytes(point: dict[str, object]) -> bytes:
    """What a checkpoint's signature covers: size, Merkle root and time, and the audit
    trail's size and last hash when the checkpoint anchors it (the trail itself stays
    with the case: it goes to the auditor, not into the bundle)."""
    signed = {"size": point["size"], "root": point["root"],
              "created_at": point["created_at"]}
    if point.get("audit_size") is not None:
        signed.update(audit_size=point["audit_size"], audit_hash=point.get("audit_hash"))
    return canonical(signed).encode("utf-8")

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
    older = older_format(bundle, names)
    if older:
        return [older]
    say("0. manifest: signature, files, keys")
    problems += check_manifest(bundle, names)
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
    registered: set[str] = set()  # keys the ledger registered so far
    adopted: dict = {}  # key id -> the entry that adopted it (an earlier tnoc's key)
    for entry in entries:
        named = registration(entry)
        if named and (entry["event"].get("details") or {}).get("adopted") is True:
            adopted.setdefault(named, entry["seq"])
    early: set[str] = set()  # adopted keys seen signing before their adoption
    for number, entry in enumerate(entries, 1):
        ref = f"ledger entry {entry['seq']}"
        if number == 1:
            registered.add(entry["key_id"])  # the case's founding key
        named = registration(entry)
        if named and entry["key_id"] in registered:
            registered.add(named)
            owner = (entry["event"].get("details") or {}).get("owner")
            if named in keys and keys[named].get("owner") != owner:
                problems.append(f"key {named}: ledger/keys.json says its owner is "
                                f"{keys[named].get('owner')}, {ref} that registered it "
                                f"says {owner}")
        if entry["key_id"] not in registered and entry["key_id"] not in early:
            owner = (keys.get(entry["key_id"]) or {}).get("owner", "unknown owner")
            if adopted.get(entry["key_id"], 0) > entry["seq"]:
                say(f"   warning: key {entry['key_id']} ({owner}) used from entry "
                    f"{entry['seq']}, registered by an earlier tnoc version, adopted at "
                    f"entry {adopted[entry['key_id']]}")
                early.add(entry["key_id"])
            else:
                problems.append(f"{ref}: signed by key {entry['key_id']} ({owner}), which "
                                "no earlier ledger entry registered")
                registered.add(entry["key_id"])
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
        message = checkpoint_bytes(point)
        if key is None or not ed25519_ok(bytes.fromhex(key["public_key"]), message,
                                         bytes.fromhex(point["signature"])):
            problems.append(f"{ref}: the signature does not verify")
    for kid in sorted({p["key_id"] for p in points} - registered):
        problems.append(f"a checkpoint is signed by key {kid}, which the ledger never "
                        "registered")
    signed_by = manifest.get("signed_by")
    if signed_by not in registered:
        problems.append(f"manifest.json is signed by key {signed_by}, which the ledger "
                        "never registered")
    say(f"   {len(points)} checkpoints checked")

    say("5. proofs, ledger length, copies in this bundle")
    roots = {p["size"]: p["root"] for p in points}
    proofs = json.loads(bundle.read("ledger/proofs.json"))
    proven: set[int] = set()
    for proof in proofs.get("inclusion") or []:
        entry = by_seq.get(proof["seq"])
        path = (proof.get("proof") or {}).get("path") or []
        if entry is None or not path or path[0] != _leaf(entry["entry_hash"]).hex() \
                or inclusion_root(proof["proof"]).hex() != roots.get(proof["size"]):
            problems.append(f"inclusion proof of entry {proof['seq']} in checkpoint "
                            f"{proof['size']} fails")
        else:
            proven.add(proof["seq"])
    last_size = max((p["size"] for p in points), default=0)
    for exhibit in manifest["exhibits"]:
        missing = [s for s in exhibit.get("entries") or [] if s <= last_size
                   and s not in proven]
        if missing:
            problems.append(f"exhibit {exhibit['path']}: ledger entries "
                            f"{', '.join(map(str, missing))} have no inclusion proof "
                            "(ledger/proofs.json emptied or cut)")
    consistent = {(c["prior"], c["later"]) for c in proofs.get("consistency") or []
                  if (c.get("proof") or {}).get("path")}
    sizes = sorted(roots)
    for prior, later in ((sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)):
        if (prior, later) not in consistent:
            problems.append(f"no consistency proof from the checkpoint at {prior} entries "
                            f"to the one at {later} (ledger/proofs.json emptied or cut)")
    problems += check_length(manifest, entries, points)
    problems += check_copies(manifest, entries, bundle, names)
    say(f"   {len(proven)} inclusion proofs, {len(consistent)} consistency proofs checked")

    say("6. RFC 3161 time-stamp tokens")
    stamps = (json.loads(bundle.read("ledger/timestamps.json"))
              if "ledger/timestamps.json" in names else [])
    by_size = {p["size"]: p for p in points}
    for stamp in stamps:
        ref = f"time-stamp token of the checkpoint at {stamp['size']} entries"
        point = by_size.get(stamp["size"])
        signed = bundle.read(stamp["checkpoint"])
        if point is None or signed != checkpoint_bytes(point):
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


def older_format(bundle: Bundle, names: set) -> str | None:
    """What to say when the bundle was made by a tnoc version from before signed
    manifests (no manifest.sig, no file list in manifest.json): this script's checks do
    not apply to it, the script shipped inside it does. None for a current bundle."""
    manifest = json.loads(bundle.read("manifest.json"))
    if "manifest.sig" in names or "files" in manifest or "signed_by" in manifest:
        return None
    return (f"this bundle was made by an earlier tnoc (version "
            f"{manifest.get('tnoc_version', 'unknown')}, from before signed manifests: it "
            "has no manifest.sig and its manifest.json lists no files), so this "
            "verify_bundle.py cannot check it. Use the verify_bundle.py inside the bundle: "
            "unzip it and run  python3 verify_bundle.py  in its folder")


def registration(entry: dict) -> str | None:
    """The key id a 'key-registered' entry registers, or None: an entry of another type,
    one imported from a partner's CASE/UCO record, or one whose public key is missing or
    does not hash to the key id (as in tnoc's own verify)."""
    details = entry["event"].get("details") or {}
    if entry["event"].get("event_type") != "key-registered" or not isinstance(
            details, dict) or details.get("from_case_uco_record") is not None:
        return None
    try:
        public = bytes.fromhex(str(details.get("public_key")))
    except ValueError:
        return None
    kid = str(details.get("key_id"))
    return kid if hashlib.sha256(public).hexdigest()[:32] == kid else None


def _hex(text: str) -> bytes:
    try:
        return bytes.fromhex(text)
    except (TypeError, ValueError):
        return b""


def check_manifest(bundle: Bundle, names: set[str]) -> list[str]:
    """The manifest's signature, that the bundle holds exactly the files it lists with
    their hashes, and that every key used to sign is one it lists (and one of the keys
    given with --key, if any)."""
    problems: list[str] = []
    manifest_bytes = bundle.read("manifest.json")
    manifest = json.loads(manifest_bytes)
    keys = json.loads(bundle.read("ledger/keys.json"))
    listed_keys = manifest.get("keys") or {}
    signed_by = manifest.get("signed_by")
    key = keys.get(signed_by) if signed_by in listed_keys else None
    signature = bundle.read("manifest.sig").decode("ascii", "replace").strip() \
        if "manifest.sig" in names else ""
    if key is None or not ed25519_ok(_hex(key["public_key"]), manifest_bytes,
                                     _hex(signature)):
        problems.append(f"manifest.json: its signature (manifest.sig) does not verify under "
                        f"key {signed_by}: the manifest was changed after the bundle was made")
    files = manifest.get("files") or {}
    own = {"manifest.json", "manifest.sig", "SHA256SUMS"}
    for name in sorted(set(files) - names):
        problems.append(f"{name} is listed in the manifest but missing from the bundle")
    for name in sorted(names - set(files) - own):
        problems.append(f"{name} is in the bundle but not listed in the manifest "
                        "(added after the bundle was made)")
    for name in sorted(set(files) & names):
        if hashlib.sha256(bundle.read(name)).hexdigest() != files[name]:
            problems.append(f"{name} does not have the SHA-256 the manifest gives "
                            "(replaced or changed)")
    entries = [json.loads(line) for line in
               bundle.read("ledger/custody.jsonl").decode("utf-8").splitlines() if line]
    points = json.loads(bundle.read("ledger/checkpoints.json"))
    used = {e["key_id"] for e in entries} | {p["key_id"] for p in points}
    if signed_by:
        used.add(signed_by)
    for kid in sorted(used - set(listed_keys)):
        owner = (keys.get(kid) or {}).get("owner", "unknown")
        problems.append(f"key {kid} ({owner}) signed this bundle but is not among the keys "
                        "the manifest lists")
    if PINNED:
        for kid in sorted(used - PINNED):
            owner = (keys.get(kid) or {}).get("owner", "unknown")
            problems.append(f"key {kid} ({owner}) signed this bundle but is not one of the "
                            "keys given with --key (a key you were not given, or the bundle "
                            "re-signed with another key)")
    return problems


def check_length(manifest: dict, entries: list[dict], points: list[dict]) -> list[str]:
    """The ledger is as long as the manifest says and covers every checkpoint."""
    problems: list[str] = []
    if manifest.get("ledger_entries") != len(entries):
        problems.append(f"ledger/custody.jsonl has {len(entries)} entries, the manifest "
                        f"says {manifest.get('ledger_entries')}")
    stated = manifest.get("checkpoint") or {}
    for point in [*points, stated]:
        if point and point.get("size", 0) > len(entries):
            problems.append(
                f"the ledger has {len(entries)} entries, the checkpoint of "
                f"{point.get('created_at')} signed by key {point.get('key_id')} covers "
                f"{point['size']}: entries {len(entries) + 1}..{point['size']} were cut off")
    if stated and not any(p.get("size") == stated.get("size") and
                          p.get("root") == stated.get("root") for p in points):
        problems.append(f"the manifest's checkpoint at {stated.get('size')} entries is "
                        "missing from ledger/checkpoints.json")
    return problems


def check_copies(manifest: dict, entries: list[dict], bundle: Bundle,
                 names: set[str]) -> list[str]:
    """Each exhibit and report the ledger records as copied into this bundle is in it,
    with the SHA-256 recorded; each exhibit the manifest lists was recorded as copied.

    This bundle's ``copied`` entries are the run just before the checkpoint made with it
    (the manifest's): an older bundle of the same name is not mistaken for it."""
    problems: list[str] = []
    copied: set[str] = set()
    end = min((manifest.get("checkpoint") or {}).get("size", 0), len(entries))
    run: list[dict] = []
    while end > 0:
        entry = entries[end - 1]
        details = entry["event"].get("details") or {}
        if entry["event"].get("event_type") != "copied" or "path" not in details \
                or details.get("bundle") != manifest.get("bundle"):
            break
        run.append(entry)
        end -= 1
    for entry in reversed(run):
        event = entry["event"]
        details = event.get("details") or {}
        path = details["path"]
        copied.add(path)
        ref = f"ledger entry {entry['seq']} recorded {path} ({event.get('item_id')}) as copied"
        if path not in names:
            problems.append(f"{ref} into this bundle, but it is not in it (taken out)")
        elif hashlib.sha256(bundle.read(path)).hexdigest() != event.get("item_sha256"):
            problems.append(f"{ref} with SHA-256 {event.get('item_sha256')}, the file in the "
                            "bundle differs (replaced)")
    for exhibit in manifest["exhibits"]:
        if copied and exhibit["path"] not in copied:
            problems.append(f"exhibit {exhibit['path']}: no ledger entry records it copied "
                            "into this bundle")
    for report in manifest.get("reports") or []:
        if copied and report not in copied:
            problems.append(f"report {report}: no ledger entry records it copied into this "
                            "bundle")
    listed = {e["path"] for e in manifest["exhibits"]} | set(manifest.get("reports") or [])
    for name in sorted(names):  # the manifest may have been re-signed around a file
        if copied and name.startswith(("exhibits/", "reports/")) and name not in copied \
                and name not in listed:
            problems.append(f"{name}: no ledger entry records it copied into this bundle "
                            "(planted, and the manifest re-signed around it)")
    if not copied and manifest.get("bundle"):
        problems.append(f"no ledger entry records any file copied into bundle "
                        f"{manifest['bundle']} (the ledger was cut before them)")
    return problems


PINNED: set[str] = set()


def say(text: str) -> None:
    print(text, flush=True)


def signing_keys(where: Path) -> str:
    """The keys that signed the bundle, by id and owner: what to compare with the key ids
    the case published (or to give with --key)."""
    manifest = json.loads(Bundle(where).read("manifest.json"))
    keys = ", ".join(f"{kid} ({owner})" for kid, owner in
                     sorted((manifest.get("keys") or {}).items()))
    pinned = ("all among the keys given with --key" if PINNED else
              "compare these ids with the ones the case published, or give them with --key")
    return f"Signed by keys: {keys}; {pinned}."


def main(argv: list[str]) -> int:
    args = list(argv[1:])
    PINNED.clear()
    while "--key" in args:
        at = args.index("--key")
        if at + 1 >= len(args):
            print("FAILED: --key needs a key id")
            return 2
        PINNED.add(args[at + 1])
        del args[at:at + 2]
    where = Path(args[0]) if args else Path(__file__).resolve().parent
    print(f"Verifying {where}")
    try:
        problems = check(where)
    except (KeyError, TypeError, ValueError, OSError, zipfile.BadZipFile) as exc:
        print(f"FAILED: the bundle cannot be read ({type(exc).__name__}: {exc})")
        return 1
    if problems:
        print(f"FAILED: {len(problems)} problem(s); the first: {problems[0]}")
        for problem in problems[1:20]:
            print(f"  also: {problem}")
        return 1
    print("PASSED: every file, exhibit, ledger entry, signature, checkpoint and proof holds.")
    print(signing_keys(where))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
