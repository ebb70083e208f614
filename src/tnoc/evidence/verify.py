"""Verification of a case: every exhibit re-hashed, every ledger entry re-checked.

For each entry, in ``seq`` order: the sequence has no gap or repeat; ``prev_hash`` is the
entry hash before it; the entry hash is ``sha256(prev_hash || JCS(event))`` recomputed
from the stored fields; the signature verifies under a registered key whose id is the
hash of its public key. Then each checkpoint: its size is not beyond the ledger, its
Merkle root equals the root recomputed over the first ``size`` entries, its
signature verifies, and an RFC 3161 token stored with it time-stamps exactly its bytes
under the TSA's certificate chain (:mod:`tnoc.evidence.timestamps`). Then each
exhibit: the preserved file exists and its SHA-256 is the one its ``acquired`` (or
``analysed``) ledger entry recorded. Then each source's seal
(:mod:`tnoc.store.seals`): its statements and its source record are the ones its
signed intake entry sealed; a sealed source deleted from the store, statements citing a
source the store does not hold, and an edited value, property or record field are each
named. A source taken in before sealing existed gives a warning, not a failure.

So an edited field, an inserted, deleted or reordered entry, a replaced signature and
a flipped byte in an exhibit are each found, and the first bad entry is named. Each
entry's key must have been registered by a ``key-registered`` entry before it (entry
1's key is the case's founding key), so a key slipped into ``ledger_keys`` is named.
Cutting entries off the end of the chain leaves a valid shorter chain: a checkpoint
covering them is what shows the loss, which is why ``tnoc verify`` checkpoints after
every successful run, and why each checkpoint is also kept outside the database
(``CASE/ledger/checkpoints.jsonl``), where deleting rows cannot reach it. Entry checks
run on two processes for large ledgers.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.evidence.timestamps import TokenCheck, check_tokens
from tnoc.ledger.checkpoints import (
    KEPT,
    Checkpoint,
    MerkleFrontier,
    checkpoints,
    keep_checkpoint,
    kept_checkpoints,
)
from tnoc.ledger.custody import (
    COLUMNS,
    GENESIS,
    CustodyEvent,
    append_events,
    file_sha256,
)
from tnoc.ledger.integrity import check_entries, check_links
from tnoc.ledger.keys import KEY_EVENT, key_id, public_keys, signature_ok
from tnoc.store.case import Case
from tnoc.store.seals import verify_seals

PARALLEL_ABOVE = 50_000
CHUNK = 100_000
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Problem:
    """One thing that failed: where (ledger entry, checkpoint, exhibit, key) and why."""

    part: str
    ref: str
    message: str
    seq: int | None = None

    def __str__(self) -> str:
        return f"{self.part} {self.ref}: {self.message}"


@dataclass
class Verification:
    """What ``tnoc verify`` found."""

    events: int = 0
    checkpoints: int = 0
    exhibits: int = 0
    documents: int = 0
    """Documents kept in the case beside the exhibits (the DPIA versions)."""
    sealed: int = 0
    """Sources whose statements and record hold against their seal."""
    lake_files: int | None = None
    """Parquet files of the case's lake its sealed manifest lists, re-hashed; None when
    the case has no lake (:func:`verify_lake`)."""
    held_files: int = 0
    """Parquet files of the sources held outside the DuckDB file (``CASE/held``,
    :mod:`tnoc.store.held`) re-hashed against the store's list (:func:`verify_held`)."""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What does not fail the case but the analyst must know (sources not sealed)."""
    timestamps: list[TokenCheck] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)
    """Key ids that signed ledger entries, with how many each signed."""
    not_recorded: str | None = None
    """Why the outcome was not recorded although recording was asked for (the
    verifier's key is not registered in the case), else None."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad(self) -> Problem | None:
        """The earliest bad ledger entry, else the first problem of any kind."""
        ledger = [p for p in self.problems if p.seq is not None]
        if ledger:
            return min(ledger, key=lambda p: p.seq or 0)
        return self.problems[0] if self.problems else None

    def summary(self) -> dict[str, Any]:
        first = self.first_bad
        return {"outcome": "passed" if self.ok else "FAILED", "events": self.events,
                "checkpoints": self.checkpoints, "exhibits": self.exhibits,
                "documents": self.documents,
                "sources_sealed": self.sealed, "lake_files": self.lake_files,
                "held_files": self.held_files,
                "warnings": list(self.warnings),
                "timestamps": [{"checkpoint": t.size, "ok": t.ok, "tsa": t.tsa,
                                "gen_time": t.gen_time.isoformat() if t.gen_time else None}
                               for t in self.timestamps],
                "keys": dict(self.keys),
                "problems": len(self.problems),
                "first_bad": str(first) if first else None,
                "listed": [str(p) for p in self.problems[:20]]}


_KIND, _DETAILS = COLUMNS.index("event_type"), COLUMNS.index("details")


@dataclass
class KeyRegistrations:
    """Which keys the ledger itself registered, entry by entry: a key signs an entry only
    after a ``key-registered`` entry (signed by a key registered before it) named it;
    the key that signed entry 1 is the case's founding key. A partner's entry imported
    from a CASE/UCO record registers nothing. A key an earlier tnoc version put straight
    into ``ledger_keys`` and a later ``key-registered`` entry *adopted*
    (``details.adopted``, see :func:`tnoc.ledger.custody.register_operator_key`) may
    sign entries before its adoption: a warning, not a failure. The owner a
    ``key-registered`` entry names must be the owner ``ledger_keys`` holds."""

    keys: dict[str, tuple[str, bytes]]
    adopted: dict[str, int] = field(default_factory=dict)
    """Key id -> seq of the entry that adopted it."""
    registered: set[str] = field(default_factory=set)
    signed: dict[str, int] = field(default_factory=dict)
    """Entries signed per key id."""
    warned: set[str] = field(default_factory=set)

    def check(self, values: tuple[Any, ...], result: Verification) -> None:
        seq, signer_id = int(values[0]), str(values[-2])
        self.signed[signer_id] = self.signed.get(signer_id, 0) + 1
        if seq == 1:
            self.registered.add(signer_id)  # the founding key
        if values[_KIND] == KEY_EVENT:
            self._registration(seq, signer_id, values[_DETAILS], result)
        if signer_id in self.registered or signer_id in self.warned:
            return
        owner = self.keys.get(signer_id, ("unknown owner",))[0]
        if self.adopted.get(signer_id, 0) > seq:
            result.warnings.append(
                f"key {signer_id} ({owner}) used from entry {seq}, registered by an earlier "
                f"tnoc version, adopted at entry {self.adopted[signer_id]}")
            self.warned.add(signer_id)
            return
        fix = ""
        if signer_id in self.keys and signer_id not in self.adopted:
            fix = ("; if an earlier tnoc version registered it, an operator whose key the "
                   "ledger registered adopts it: tnoc custody register-key "
                   f"{shlex.quote(owner)} {self.keys[signer_id][1].hex()} --case CASE")
        result.problems.append(Problem(
            "ledger entry", str(seq), f"signed by key {signer_id} ({owner}), which no "
            "earlier ledger entry registered (a key added to the case behind the "
            f"ledger's back, or a ledger re-signed with a new key){fix}", seq))
        self.registered.add(signer_id)  # named once, at its first entry

    def _registration(self, seq: int, signer_id: str, details_json: Any,
                      result: Verification) -> None:
        """A ``key-registered`` entry: the key it names may sign from now on."""
        try:
            details = json.loads(details_json or "{}")
            if details.get("from_case_uco_record") is not None:
                return  # a partner's history: it registers nothing here
            kid, raw = str(details["key_id"]), bytes.fromhex(str(details["public_key"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            return  # no key in it: it registers nothing
        stored = self.keys.get(kid)
        if key_id(raw) != kid:
            result.problems.append(Problem("ledger entry", str(seq), "registers a key "
                                           "whose id is not its public key's", seq))
        elif stored is not None and stored[0] != str(details.get("owner")):
            result.problems.append(Problem(
                "key", kid, f"the key table says its owner is {stored[0]}, the ledger entry "
                f"{seq} that registered it says {details.get('owner')} (the key table was "
                "edited)", seq))
        elif signer_id in self.registered:
            self.registered.add(kid)


def adoptions(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Keys adopted by a ``key-registered`` entry (``details.adopted``): key id -> seq."""
    return {str(k): int(s) for k, s in con.execute(
        "SELECT json_extract_string(details, '$.key_id'), min(seq) FROM custody_events "
        "WHERE event_type = ? AND json_extract(details, '$.adopted')::BOOLEAN "
        "AND json_extract_string(details, '$.from_case_uco_record') IS NULL "
        "GROUP BY 1", [KEY_EVENT]).fetchall() if k}


def _chunks(con: duckdb.DuckDBPyConnection) -> Iterator[list[tuple[Any, ...]]]:
    cur = con.execute(f"SELECT {', '.join(COLUMNS)} FROM custody_events ORDER BY seq")
    while batch := cur.fetchmany(CHUNK):
        yield batch


def verify_ledger(con: duckdb.DuckDBPyConnection, result: Verification,
                  workers: int = 2, progress: Progress | None = None,
                  kept: list[tuple[int, Checkpoint | None]] | None = None) -> list[str]:
    """Check every entry and every checkpoint (those in the database and ``kept``, the
    ones kept outside it in ``CASE/ledger/checkpoints.jsonl``); returns the entry hashes
    in order."""
    say = progress or (lambda _m: None)
    keys = public_keys(con)
    for kid, (owner, raw) in keys.items():
        if key_id(raw) != kid:
            result.problems.append(Problem("key", kid, f"public key of {owner} does not "
                                           "match its id (the key table was edited)"))
    total = int(con.execute("SELECT count(*) FROM custody_events").fetchall()[0][0])
    registrations = KeyRegistrations(keys, adoptions(con))
    hashes: list[str] = []
    prev, expected = GENESIS, 1
    pool = (ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
            if workers > 1 and total > PARALLEL_ABOVE else None)
    pending: list[Future[list[tuple[int, str]]] | list[tuple[int, str]]] = []
    try:
        for rows in _chunks(con):
            links = [(int(v[0]), str(v[-4]), str(v[-3])) for v in rows]
            broken: dict[int, list[str]] = {}
            for seq, message in check_links(links, prev, expected):
                broken.setdefault(seq, []).append(message)
            prev, expected = links[-1][2], links[-1][0] + 1
            for values in rows:  # each entry's problems in order: links, then its key
                seq = int(values[0])
                result.problems += [Problem("ledger entry", str(seq), m, seq)
                                    for m in broken.get(seq, [])]
                hashes.append(str(values[-3]))
                registrations.check(values, result)
            if pool is not None:
                pending.append(pool.submit(check_entries, rows, keys))
            else:
                pending.append(check_entries(rows, keys))
            say(f"ledger: {len(hashes):,} of {total:,} entries read")
        for found in pending:
            for seq, message in (found.result() if isinstance(found, Future) else found):
                result.problems.append(Problem("ledger entry", str(seq), message, seq))
    finally:
        if pool is not None:
            pool.shutdown()
    result.events = len(hashes)
    result.keys = registrations.signed
    say("ledger: checkpoints")
    _verify_checkpoints(con, hashes, keys, result, kept or [])
    signers = {p.key_id for p in checkpoints(con)} | {p.key_id for _n, p in kept or []
                                                      if p is not None}
    for kid in sorted(signers & set(keys) - registrations.registered):
        result.problems.append(Problem(
            "checkpoint", f"signed by key {kid} ({keys[kid][0]})", "no ledger entry "
            "registered that key (one added to the key table behind the ledger's back)"))
    say("ledger: RFC 3161 time-stamp tokens")
    for check in check_tokens(con):
        result.timestamps.append(check)
        if check.status == "failed":
            result.problems.append(Problem(
                "time-stamp token", f"of the checkpoint at {check.size:,} entries",
                check.message))
    return hashes


def _verify_checkpoints(con: duckdb.DuckDBPyConnection, hashes: list[str],
                        keys: dict[str, tuple[str, bytes]], result: Verification,
                        kept: list[tuple[int, Checkpoint | None]]) -> None:
    points = checkpoints(con)
    result.checkpoints = len(points)
    outside = [p for _n, p in kept if p is not None]
    for number, point in kept:
        if point is None:
            result.problems.append(Problem("checkpoint", f"{KEPT} line {number}",
                                           "cannot be read (the file was edited)"))
    if not points and not outside:
        return
    wanted = {p.size for p in [*points, *outside] if p.size <= len(hashes)}
    roots: dict[int, str] = {}
    frontier = MerkleFrontier()
    for entry_hash in hashes:
        frontier.append(entry_hash)
        if frontier.size in wanted:
            roots[frontier.size] = frontier.root()
    for point in points:
        ref = f"at {point.size:,} entries"
        known = keys.get(point.key_id)
        if known is None or not signature_ok(known[1], point.signature,
                                             point.signed_bytes()):
            result.problems.append(Problem("checkpoint", ref, "signature does not verify"))
        if point.size > len(hashes):
            result.problems.append(Problem(
                "checkpoint", ref, f"the ledger now has only {len(hashes):,} entries: "
                f"entries {len(hashes) + 1}..{point.size} were cut off the end"))
        elif roots.get(point.size) != point.root:
            result.problems.append(Problem(
                "checkpoint", ref, "the first entries no longer have the checkpointed "
                "Merkle root (the ledger was rewritten)"))
    # checkpoints kept outside the database: rows deleted from it cannot remove them
    for point in sorted(outside, key=lambda p: p.size):
        known = keys.get(point.key_id)
        signed = f"signed by key {point.key_id} ({known[0] if known else 'unregistered'})"
        ref = f"of {point.created_at} kept in {KEPT}"
        if known is None or not signature_ok(known[1], point.signature,
                                             point.signed_bytes()):
            result.problems.append(Problem("checkpoint", ref, f"{signed}: its signature "
                                           "does not verify under a registered key"))
        elif point.size > len(hashes):
            result.problems.append(Problem(
                "checkpoint", ref, f"ledger has {len(hashes):,} entries, checkpoint of "
                f"{point.created_at} {signed} covers {point.size:,}: entries "
                f"{len(hashes) + 1}..{point.size} were deleted"))
        elif roots.get(point.size) != point.root:
            result.problems.append(Problem(
                "checkpoint", ref, f"{signed}: the first {point.size:,} entries no longer "
                "have its Merkle root (the ledger was rewritten)"))


def verify_chain(con: duckdb.DuckDBPyConnection) -> tuple[bool, int | None]:
    """The ledger alone (chain, signatures, checkpoints; no exhibits): (ok, seq of the
    first bad entry or None)."""
    result = Verification()
    verify_ledger(con, result, workers=1)
    first = result.first_bad
    return result.ok, first.seq if first else None


def verify_exhibits(case: Case, con: duckdb.DuckDBPyConnection, result: Verification,
                    progress: Progress | None = None) -> None:
    """Re-hash every preserved exhibit against the hash its ledger entry recorded; an
    exhibit a later ledger entry records as destroyed whole is a warning, not missing."""
    say = progress or (lambda _m: None)
    recorded: dict[str, tuple[str, bool]] = {
        str(item): (str(sha), bool(held)) for item, sha, held in con.execute(
            "SELECT item_id, arg_min(item_sha256, seq), "
            # a source imported from another case's Parquet export: its file stays there
            "bool_and(coalesce(json_extract(details, '$.exhibit_held')::BOOLEAN, true)) "
            "FROM custody_events WHERE event_type IN ('acquired', 'analysed') "
            # a partner's custody history imported from a CASE/UCO record is not this
            # case's intake of any file (see tnoc.exchange.caseuco.imported)
            "AND json_extract_string(details, '$.from_case_uco_record') IS NULL "
            "GROUP BY item_id").fetchall()}
    rows = con.execute("SELECT source_id, file_name, exhibit_path, sha256 FROM sources "
                       "ORDER BY source_id").fetchall()
    destroyed = destroyed_exhibits(con)
    for i, (source_id, name, exhibit_path, sha256) in enumerate(rows, 1):
        say(f"exhibits: {i} of {len(rows)} ({name})")
        result.exhibits += 1
        ref = f"{name} ({source_id})"
        ledger_hash, held = recorded.get(source_id, (None, True))
        if ledger_hash is None:
            result.problems.append(Problem("exhibit", ref, "no intake entry in the ledger"))
        elif ledger_hash != sha256:
            result.problems.append(Problem("exhibit", ref, "the sources table hash differs "
                                           "from the one recorded in the ledger"))
        path = case.root / str(exhibit_path) if exhibit_path else None
        if path is None and not held:
            result.warnings.append(f"{ref}: imported from another case's Parquet export; "
                                   "its file is held by that case (sha256 "
                                   f"{sha256}), its statements are sealed here")
            continue
        if (path is None or not path.is_file()) and source_id in destroyed:
            result.warnings.append(f"{ref}: exhibit destroyed ({destroyed[source_id]}); "
                                   "its statements stay sealed in the store")
            continue
        if path is None or not path.is_file():
            result.problems.append(Problem("exhibit", ref, f"preserved file {path} is missing"))
            continue
        actual = file_sha256(path)[0]
        if actual != (ledger_hash or sha256):
            result.problems.append(Problem(
                "exhibit", ref, f"file {exhibit_path} has sha256 {actual}, the ledger "
                f"recorded {ledger_hash or sha256}: it changed after intake"))


def verify_documents(case: Case, con: duckdb.DuckDBPyConnection, result: Verification,
                     progress: Progress | None = None) -> None:
    """Re-hash every document the case keeps beside its exhibits (an ``acquired``
    entry naming its copy in ``kept_file``: the DPIA versions, :mod:`tnoc.govern.dpia`)
    against the hash its entry recorded; a changed or missing copy is named."""
    rows = con.execute(
        "SELECT seq, item_sha256, json_extract_string(details, '$.kept_file'), "
        "json_extract_string(details, '$.name'), json_extract_string(details, '$.document') "
        "FROM custody_events WHERE event_type = 'acquired' "
        "AND json_extract_string(details, '$.kept_file') IS NOT NULL ORDER BY seq").fetchall()
    for i, (seq, sha256, kept, name, kind) in enumerate(rows, 1):
        if progress:
            progress(f"documents: {i} of {len(rows)} ({name})")
        result.documents += 1
        ref = f"{str(kind or 'document').upper()} {name} (ledger entry {seq})"
        path = case.root / str(kept)
        if not path.is_file():
            result.problems.append(Problem("document", ref, f"kept file {kept} is missing"))
            continue
        actual = file_sha256(path)[0]
        if actual != sha256:
            result.problems.append(Problem(
                "document", ref, f"file {kept} has sha256 {actual}, the ledger recorded "
                f"{sha256}: it changed after it was recorded"))


def verify_lake(case: Case, con: duckdb.DuckDBPyConnection, result: Verification,
                progress: Progress | None = None) -> None:
    """Re-hash the case's lake (``CASE/lake``, :mod:`tnoc.store.lake`) against the
    manifest its ``sealed`` ledger entry sealed: a changed, missing or extra Parquet
    file (or a changed manifest) is named, and how many files were re-hashed is kept.
    A lake older than the case (sources taken in or destroyed, or judgements made after
    it; a held file it reads in place that the case has since retired) is a warning
    naming the command that writes it anew: a derived copy, which Spark refuses until
    then."""
    from tnoc.store.lake import LAKE, MANIFEST, check_lake, read_manifest

    if progress:
        progress("lake: Parquet files against the sealed manifest")
    problems, warnings = check_lake(case.root, con)
    if (case.root / LAKE / MANIFEST).is_file():
        with suppress(TnocError):  # an unreadable manifest is among the problems
            result.lake_files = sum(len(t.get("files", [])) for t in read_manifest(
                case.root / LAKE).get("tables", {}).values())
    result.problems += [Problem("lake file", ref, message) for ref, message in problems]
    result.warnings += warnings


def verify_held(case: Case, con: duckdb.DuckDBPyConnection, result: Verification,
                progress: Progress | None = None) -> None:
    """Re-hash the files of the sources held as Parquet (:mod:`tnoc.store.held`)
    against the store's list: a changed or missing file, or one no source lists, is
    named; each source's references file is checked against its statements
    (:func:`tnoc.store.held.check_references`). Their content is checked again by
    the sources' seals
    (:func:`verify_sources`), which read them through the store's view."""
    from tnoc.store.held import (
        by_kind,
        check_held,
        check_references,
        held_files,
        readable,
        show_held,
    )

    listed = held_files(con)
    if listed and progress:
        progress(f"held statements: {len(listed):,} Parquet files against the store's list")
    result.held_files = len(listed)
    found = check_held(con, case.root)
    found += check_references(con, case.root, {ref for ref, _ in found})
    result.problems += [Problem("held file", ref, message) for ref, message in found]
    if found:  # the seals are then checked over the files as listed and the changed
        # ones DuckDB reads whole (their seal names what changed); a file it cannot read
        # is left out (its source's seal then fails, and it is named above)
        bad = {ref for ref, _ in found}
        show_held(con, *by_kind([(f, case.root / f.path) for f in listed if f.sound and (
            f.path not in bad or ((case.root / f.path).is_file()
                                  and readable(con, case.root / f.path, whole=True)))]))


DESTROYED_SQL = """
SELECT d.item_id, d.seq, d.actor, d.occurred_at, d.purpose FROM custody_events d
WHERE d.event_type = 'destroyed' AND NOT json_exists(d.details, '$.erasure')
  AND d.seq > (SELECT coalesce(max(a.seq), 0) FROM custody_events a WHERE a.item_id = d.item_id
               AND a.event_type IN ('acquired', 'analysed', 'copied'))
ORDER BY d.seq
"""


def destroyed_exhibits(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Source id -> the ledger entry recording that its exhibit was destroyed whole
    (``tnoc custody record destroyed SOURCE``) after its intake: a file so destroyed
    is reported as destroyed, not missing. An erasure's tombstone is not such an entry
    (it leaves the exhibit as it is)."""
    return {str(item): f"ledger entry {seq}, {actor}, {at}"
                       + (f": {purpose}" if purpose else "")
            for item, seq, actor, at, purpose in con.execute(DESTROYED_SQL).fetchall()}


def verify_sources(con: duckdb.DuckDBPyConnection, result: Verification,
                   progress: Progress | None = None) -> None:
    """Recompute every source's seal (:func:`tnoc.store.seals.verify_seals`)."""
    if progress:
        progress("sources: statements and records against their seals")
    problems, warnings, held = verify_seals(con)
    result.problems += [Problem("source", p.source, p.message) for p in problems]
    result.warnings += warnings
    result.sealed = held


def verify_store(con: duckdb.DuckDBPyConnection, result: Verification,
                 progress: Progress | None = None, id_key: bytes | None = None) -> None:
    """What the seals leave out on purpose or cannot see: merges against the signed
    judgements (:mod:`tnoc.evidence.merges`) and the views and model table every read
    goes through (:mod:`tnoc.evidence.store_layout`). ``id_key``: the case's key for
    entity ids in tombstones (:func:`tnoc.exchange.handling.entity_id_key`)."""
    from tnoc.evidence.merges import verify_measures, verify_merges, verify_projections
    from tnoc.evidence.store_layout import verify_layout

    if progress:
        progress("store: merges against judgements, views against their definitions")
    result.problems += [Problem("merge", ref, message)
                        for ref, message in verify_merges(con, id_key)]
    result.problems += [Problem("measures", ref, message)
                        for ref, message in verify_measures(con)]
    projections, warnings = verify_projections(con)
    result.problems += [Problem("projection", ref, message) for ref, message in projections]
    result.warnings += warnings
    result.problems += [Problem("store", ref, message) for ref, message in verify_layout(con)]


ExtraCheck = Callable[[Path, duckdb.DuckDBPyConnection], list[tuple[str, str, str]]]
"""A check a higher layer adds to verify (the audit trail, the members): (part, ref,
message) for each problem it finds in the case at the path."""


def verify_case(case: Case, record: bool = True, workers: int = 2,
                progress: Progress | None = None,
                extra: Sequence[ExtraCheck] = ()) -> Verification:
    """Verify exhibits, source seals and ledger, and run the ``extra`` checks; record
    the outcome as a ``verified`` entry.

    A failure is recorded too (the entry names the first bad item). After a clean run
    a checkpoint is signed over the whole ledger including that entry. Whoever's key
    the case has not registered (an outside expert with a copy, the analyst on a
    second machine) still gets the full verification, unrecorded:
    :attr:`Verification.not_recorded` says why and how to register the key.
    """
    with case.reading_damaged():  # a missing held file is named, not a refusal to open
        return _verify_case(case, record, workers, progress, extra)


def _verify_case(case: Case, record: bool, workers: int, progress: Progress | None,
                 extra: Sequence[ExtraCheck]) -> Verification:
    from tnoc.exchange.handling import entity_id_key
    from tnoc.ledger.checkpoints import make_checkpoint

    result = Verification()
    if record:
        result.not_recorded = _unregistered(case)
        record = result.not_recorded is None
    if record:  # finish an intake a killed process left half-done (Case._recover) first
        result.warnings += case.recover()
    with case.connect(read_only=True) as con:
        verify_exhibits(case, con, result, progress)
        verify_documents(case, con, result, progress)
        verify_lake(case, con, result, progress)
        verify_held(case, con, result, progress)
        verify_sources(con, result, progress)
        verify_store(con, result, progress, entity_id_key(case.root, create=False))
        verify_ledger(con, result, workers, progress, kept_checkpoints(case.root))
        for check in extra:
            result.problems += [Problem(*found) for found in check(case.root, con)]
    if record:
        point = None
        with case.transaction() as con:
            append_events(con, [CustodyEvent(
                event_type="verified", item_id=f"case:{case.case_id}", item_sha256=None,
                purpose="integrity check of exhibits and custody ledger",
                method="tnoc verify (sha256 re-hash, hash chain, Ed25519, Merkle)",
                details=json.loads(json.dumps(result.summary())))])
            if result.ok:
                point = make_checkpoint(con)
        keep_checkpoint(case.root, point)
    return result


def _unregistered(case: Case) -> str | None:
    """Why this operator's key cannot record in ``case`` (not registered), else None."""
    from tnoc.ledger.keys import is_registered, key_folder, signer

    key = signer()
    with case.connect(read_only=True) as con:
        if is_registered(con, key) or not con.execute(  # a new case: it founds it
                "SELECT 1 FROM custody_events UNION ALL SELECT 1 FROM ledger_keys LIMIT 1"
        ).fetchall():
            return None
    return (f"not recorded: your key {key.key_id} ({key.owner}, from {key_folder()}) is "
            "not registered in this case, so the outcome was checked and shown but not "
            "written to the ledger. To register it, an operator whose key is registered "
            f"runs: tnoc custody register-key {shlex.quote(key.owner)} "
            f"{key.public_raw.hex()} --case {shlex.quote(str(case.root))}")
