"""Court bundle: exhibits, hashes, custody log, proofs, report and a verifier in one zip.

The bundle is meant to be handed over (to a court, the defence, a partner agency) and
checked there without TNOC: ``python3 verify_bundle.py`` (standard library only) or
``sha256sum -c SHA256SUMS`` plus ``openssl`` for the signatures. Layout::

    README.txt              how to verify, in plain words
    verify_bundle.py        the stand-alone verifier (tnoc.evidence.verify_bundle)
    SHA256SUMS              sha256sum format, every other file
    manifest.json           case, exhibits (path, sha256, size, intake entry), reports,
                            every other file's sha256, the signing keys (id, owner)
    manifest.sig            Ed25519 signature of manifest.json by whoever made the bundle
    exhibits/<sha256>/FILE  the preserved originals
    ledger/custody.jsonl    every custody entry with its hashes and signature
    ledger/custody.jsonld   the same record in CASE/UCO (JSON-LD)
    ledger/keys.json        public keys by key id; ledger/keys/<key id>.pem for openssl
    ledger/checkpoints.json signed Merkle checkpoints
    ledger/proofs.json      inclusion proofs of each exhibit's entries, consistency
                            proofs between successive checkpoints
    reports/...             the reports chosen

Making the bundle is itself recorded: one ``copied`` entry per exhibit and per report,
naming the bundle, the file's path in it and its SHA-256, and a checkpoint (both inside
the bundle, so the verifier finds an exhibit taken out or a report replaced even when
manifest and SHA256SUMS were rewritten to match), then an ``exported`` entry with the
bundle's own SHA-256 (after it, so outside). All in one transaction: if writing fails,
nothing is recorded and no partial zip is left.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pymerkle import InmemoryTree

from tnoc import __version__
from tnoc.errors import TnocError
from tnoc.evidence.timestamps import stored_tokens
from tnoc.ledger.checkpoints import (
    KEPT,
    checkpoints,
    consistency_proof,
    entry_hashes,
    inclusion_proof,
    keep_checkpoint,
    kept_checkpoints,
    make_checkpoint,
    merkle_tree,
)
from tnoc.ledger.custody import CustodyEvent, append_events, file_sha256, read_ledger
from tnoc.ledger.keys import public_keys, signer
from tnoc.store.case import Case

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BundleResult:
    """What was written."""

    path: Path
    sha256: str
    exhibits: int
    entries: int
    reports: list[str]


def resolve_exhibits(con: duckdb.DuckDBPyConnection, wanted: Sequence[str]
                     ) -> list[dict[str, Any]]:
    """Sources named by source id, sha256 (or a prefix of 8+) or file name; all if none."""
    rows = [dict(zip(("source_id", "file_name", "exhibit_path", "sha256", "size_bytes"), r,
                     strict=True))
            for r in con.execute("SELECT source_id, file_name, exhibit_path, sha256, size_bytes "
                                 "FROM sources WHERE mapping NOT LIKE 'tnoc.%' "
                                 "ORDER BY ingested_at, source_id").fetchall()]
    if not wanted:
        return rows
    chosen: list[dict[str, Any]] = []
    for ref in wanted:
        hits = [r for r in rows if ref in (r["source_id"], r["file_name"])
                or (len(ref) >= 8 and str(r["sha256"]).startswith(ref))]
        if not hits:
            raise TnocError(f"no exhibit {ref!r} in this case (give a source id, a sha256 "
                            "prefix of 8+ digits or a file name; see 'tnoc sources')")
        if len(hits) > 1:
            raise TnocError(f"{ref!r} names {len(hits)} exhibits; use the source id: "
                            + ", ".join(h["source_id"] for h in hits))
        if hits[0] not in chosen:
            chosen.append(hits[0])
    return chosen


def _readme(case: Case, exhibits: int, entries: int, made_by: str) -> str:
    return f"""COURT BUNDLE — case {case.name} ({case.case_id})
Made {datetime.now(UTC).isoformat()} by {made_by} with TNOC {__version__}.

This bundle holds {exhibits} exhibit(s), exactly as they were taken in, and the custody
record of the case: {entries} entries, each saying who did what to which item, when,
where, why and under what authority.

HOW TO CHECK IT (no special software needed)

1. With Python 3.8 or later (nothing else to install), in this folder:

       python3 verify_bundle.py

   It prints PASSED when every check holds, or FAILED and the first thing wrong,
   and the ids of the keys that signed. Compare them with the key ids the case gave
   you by another way, or give them:  python3 verify_bundle.py --key KEY_ID
   It works on the zip too:  python3 verify_bundle.py bundle.zip

2. Or by hand, with standard tools:

       sha256sum -c SHA256SUMS

   checks that no file was changed. Each line of ledger/custody.jsonl is one custody
   entry; its "signature" is an Ed25519 signature of its "entry_hash" by the key
   ledger/keys/<key_id>.pem. One entry can be checked with OpenSSL 3:

       printf %s ENTRY_HASH > msg; printf %s SIGNATURE_HEX | xxd -r -p > sig
       openssl pkeyutl -verify -pubin -inkey ledger/keys/KEY_ID.pem -rawin -in msg \\
           -sigfile sig

WHAT THE CHECKS MEAN

- The SHA-256 of each exhibit equals the one recorded when it was taken in: the file
  has not changed since.
- Each custody entry contains the hash of the one before it. Changing, adding,
  removing or re-ordering any entry breaks this chain at that point, and the
  verifier names the first entry where it breaks.
- Each entry is signed with the personal key of whoever recorded it, registered in
  the record before it was used.
- manifest.json lists every file with its SHA-256 and is signed (manifest.sig): a
  file taken out, added or replaced after the bundle was made is named.
- The checkpoints fix the whole record at a moment (a Merkle tree root, signed); the
  proofs show each exhibit's entries are part of it.
- Where ledger/timestamps/ exists, an independent time-stamping authority (RFC 3161)
  countersigned a checkpoint: the record up to it existed, unchanged, no later than
  the time in the token. Check one with OpenSSL:

       openssl ts -verify -data ledger/timestamps/checkpoint-N.json \
           -in ledger/timestamps/checkpoint-N.tsr \
           -CAfile ledger/timestamps/checkpoint-N-ca.pem

  and compare the CA certificate with the one the authority publishes.

The custody record is also given in CASE/UCO form (ledger/custody.jsonld), the format
of the Cyber-investigation Analysis Standard Expression community.
"""


def _refuse_lost_checkpoints(case: Case, con: duckdb.DuckDBPyConnection) -> None:
    """Refuse to bundle a ledger that lost a checkpoint kept outside the database
    (``CASE/ledger/checkpoints.jsonl``): the bundle would hide the loss."""
    held = {(p.size, p.root) for p in checkpoints(con)}
    count = int(con.execute("SELECT count(*) FROM custody_events").fetchall()[0][0])
    for _line, point in kept_checkpoints(case.root):
        if point is not None and (point.size, point.root) not in held:
            raise TnocError(
                f"the checkpoint of {point.created_at} signed by key {point.key_id}, kept in "
                f"{KEPT}, covers {point.size:,} entries but is not in the case's database "
                f"(the ledger has {count:,} entries): the ledger lost entries or checkpoints. "
                "Run 'tnoc verify' and resolve that before bundling; nothing was written")


def bundle_path(exhibit: dict[str, Any]) -> str:
    """Where an exhibit lies in the bundle: under its SHA-256, with its file name."""
    return f"exhibits/{exhibit['sha256']}/{exhibit['file_name']}"


def _pem(raw: bytes) -> bytes:
    return Ed25519PublicKey.from_public_bytes(raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def write_bundle(case: Case, out: Path, exhibits: Sequence[str] = (),
                 reports: Sequence[Path] | None = None, purpose: str = "court bundle",
                 legal_authority: str | None = None,
                 progress: Progress | None = None) -> BundleResult:
    """Write the bundle zip to ``out`` and record it in the ledger (see module doc).

    ``reports`` default to the case's ``reports/*.pdf`` (or ``*.html`` when there is no
    PDF); pass ``[]`` for none.
    """
    from tnoc.exchange.caseuco import custody_graph

    say = progress or (lambda _m: None)
    out = Path(out)
    if reports is None:
        found = sorted(case.reports.glob("*.pdf")) or sorted(case.reports.glob("*.html"))
        reports = found
    for report in reports:
        if not Path(report).is_file():
            raise TnocError(f"report {report} does not exist")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        with case.transaction() as con:
            _refuse_lost_checkpoints(case, con)
            chosen = resolve_exhibits(con, exhibits)
            if not chosen:
                raise TnocError("the case has no exhibits to bundle (take files in with "
                                "'tnoc ingest')")
            say("recording the copies in the ledger")
            copies = [(e["source_id"], e["sha256"], bundle_path(e)) for e in chosen]
            copies += [(f"report:{Path(r).name}", file_sha256(Path(r))[0],
                        f"reports/{Path(r).name}") for r in reports]
            append_events(con, [CustodyEvent(
                event_type="copied", item_id=item, item_sha256=digest,
                purpose=purpose, legal_authority=legal_authority,
                method="tnoc bundle (byte copy into zip, sha256 checked)",
                hash_before=digest, hash_after=digest,
                details={"bundle": out.name, "path": path})
                for item, digest, path in copies])
            point = make_checkpoint(con)
            tree = merkle_tree(entry_hashes(con))
            say("writing the bundle")
            _write_zip(case, con, tree, partial, chosen, [Path(r) for r in reports],
                       custody_graph(con, case), out.name)
            digest = file_sha256(partial)[0]
            entries = int(con.execute("SELECT max(seq) FROM custody_events").fetchall()[0][0])
            append_events(con, [CustodyEvent(
                event_type="exported", item_id=f"bundle:{out.name}", item_sha256=digest,
                purpose=purpose, legal_authority=legal_authority,
                method="tnoc bundle", hash_after=digest,
                details={"exhibits": [e["source_id"] for e in chosen],
                         "ledger_entries": entries,
                         "reports": [Path(r).name for r in reports]})])
        keep_checkpoint(case.root, point)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BundleResult(out, digest, len(chosen), entries, [Path(r).name for r in reports])


def _write_zip(case: Case, con: duckdb.DuckDBPyConnection, tree: InmemoryTree, path: Path,
               chosen: list[dict[str, Any]], reports: list[Path],
               custody_jsonld: dict[str, Any], bundle_name: str) -> None:
    ledger = read_ledger(con)
    keys = public_keys(con)
    points = checkpoints(con)
    last = points[-1]
    intake = dict(con.execute(
        "SELECT item_id, min(seq) FROM custody_events WHERE event_type = 'acquired' "
        "GROUP BY item_id").fetchall())
    by_item: dict[str, list[int]] = {}
    for entry in ledger:
        if entry.event.item_id:
            by_item.setdefault(entry.event.item_id, []).append(entry.seq)
    files: dict[str, bytes] = {}
    manifest_exhibits = []
    for e in chosen:
        source = case.root / str(e["exhibit_path"])
        if not source.is_file() or file_sha256(source)[0] != e["sha256"]:
            raise TnocError(f"exhibit {e['file_name']} ({e['source_id']}) is missing or "
                            "changed; run 'tnoc verify' before bundling")
        name = bundle_path(e)
        files[name] = source.read_bytes()
        manifest_exhibits.append({
            "source_id": e["source_id"], "file_name": e["file_name"], "path": name,
            "sha256": e["sha256"], "size_bytes": e["size_bytes"],
            "intake_entry": intake.get(e["source_id"]),
            "entries": by_item.get(e["source_id"], [])})
    for report in reports:
        files[f"reports/{report.name}"] = report.read_bytes()
    files["ledger/custody.jsonl"] = "".join(
        json.dumps({"seq": x.seq, "event": asdict(x.event), "prev_hash": x.prev_hash,
                    "entry_hash": x.entry_hash, "key_id": x.key_id,
                    "signature": x.signature}, ensure_ascii=False, sort_keys=True) + "\n"
        for x in ledger).encode("utf-8")
    files["ledger/custody.jsonld"] = json.dumps(custody_jsonld, indent=1).encode("utf-8")
    files["ledger/keys.json"] = json.dumps(
        {k: {"owner": owner, "public_key": raw.hex()} for k, (owner, raw) in keys.items()},
        indent=1, sort_keys=True).encode("utf-8")
    for k, (_owner, raw) in keys.items():
        files[f"ledger/keys/{k}.pem"] = _pem(raw)
    files["ledger/checkpoints.json"] = json.dumps([asdict(p) for p in points],
                                                  indent=1).encode("utf-8")
    stamps = []
    for point, token, ca, tsa in stored_tokens(con):
        stem = f"ledger/timestamps/checkpoint-{point.size}"
        files[f"{stem}.json"] = point.signed_bytes()
        files[f"{stem}.tsr"] = token
        files[f"{stem}-ca.pem"] = ca or b""
        stamps.append({"size": point.size, "tsa_url": tsa, "checkpoint": f"{stem}.json",
                       "token": f"{stem}.tsr", "ca": f"{stem}-ca.pem"})
    if stamps:
        files["ledger/timestamps.json"] = json.dumps(stamps, indent=1).encode("utf-8")
    seqs = sorted({s for x in manifest_exhibits for s in x["entries"]})
    files["ledger/proofs.json"] = json.dumps({
        "method": "RFC 9162 Merkle tree over entry hashes (pymerkle serialisation: path[0] "
                  "is the leaf hash, rule 0 = hash(result, next), 1 = hash(next, result))",
        "inclusion": [{"seq": s, "size": last.size,
                       "proof": inclusion_proof(tree, s, last.size)} for s in seqs],
        "consistency": [{"prior": a.size, "later": b.size,
                         "proof": consistency_proof(tree, a.size, b.size)}
                        for a, b in zip(points, points[1:], strict=False)],
    }, indent=1).encode("utf-8")
    made_by = ledger[-1].event.actor if ledger else "unknown"
    files["README.txt"] = _readme(case, len(chosen), len(ledger), made_by).encode("utf-8")
    files["verify_bundle.py"] = resources.files("tnoc.evidence").joinpath(
        "verify_bundle.py").read_bytes()
    # the manifest lists every file above with its hash and is signed: a file added,
    # taken out or replaced after the bundle was made no longer matches it
    key = signer()
    if key.key_id not in keys:
        raise TnocError(f"the signing key {key.key_id} of {key.owner} is not registered "
                        "in this case, so the bundle's manifest cannot be signed with it")
    files["manifest.json"] = json.dumps({
        "case_id": case.case_id, "case_name": case.name, "bundle": bundle_name,
        "tnoc_version": __version__,
        "made_at": datetime.now(UTC).isoformat(), "ledger_entries": len(ledger),
        "checkpoint": asdict(last), "exhibits": manifest_exhibits,
        "reports": [f"reports/{r.name}" for r in reports],
        "keys": {k: owner for k, (owner, _raw) in sorted(keys.items())},
        "signed_by": key.key_id,
        "files": {name: hashlib.sha256(data).hexdigest()
                  for name, data in sorted(files.items())}}, indent=1).encode("utf-8")
    files["manifest.sig"] = key.sign(files["manifest.json"]).encode("ascii")
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                                  for name, data in sorted(files.items())).encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
