"""Custody events: an append-only, hash-chained record in the case store.

Each event is canonicalised as RFC 8785 JSON (JCS) and chained:
``entry_hash = sha256(prev_hash || JCS(event))``, the first event chaining from 64
zeros. Editing, inserting, deleting or reordering any event breaks every later hash.
Each entry hash is signed with the recorder's Ed25519 key (:mod:`tnoc.ledger.keys`);
signed Merkle checkpoints over the chain are :mod:`tnoc.ledger.checkpoints`. The
columns follow what a custody record must say: item, actor, role, organisation, time
and clock source, place, purpose, legal authority, method and tool version, hashes
before and after.

Every analysis, judgement, screening and export is recorded through one mechanism:
:func:`record_analysis` builds the entry an analysis writes where it stores results (in
its own transaction), and :func:`recorded_command` wraps a whole command or API call,
so that every entry written while it runs carries the command and its parameters, and
one closing entry names what nothing else recorded: the files it wrote (sha256) or, for
an analysis that stores nothing, that it ran at all.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa
import rfc8785

from tnoc import __version__
from tnoc.errors import CaseError, TnocError
from tnoc.ledger.keys import (
    KEY_EVENT,
    Signer,
    is_registered,
    key_id,
    operator,
    register_key,
    signer,
    unregistered_key_error,
)
from tnoc.query_results import rows_as_dicts

GENESIS = "0" * 64
ACCESS_EVENT = "access-changed"
"""A member added to a case, changed or removed (:mod:`tnoc.govern.members`)."""
PURPOSE_EVENT = "purpose-changed"
"""A purpose of a case opened, reopened or closed (:mod:`tnoc.govern.purposes`)."""
RELEASE_EVENT = "release-changed"
"""A release of compartmented values requested or approved (:mod:`tnoc.govern.compartments`)."""
EVENT_TYPES = frozenset({
    "acquired", "sealed", "transferred", "received", "accessed", "copied", "analysed",
    "exported", "disclosed", "returned", "destroyed", "verified", KEY_EVENT, ACCESS_EVENT,
    PURPOSE_EVENT, "hold-placed", "hold-released", "retention-set",  # tnoc.govern.retention
    RELEASE_EVENT,
})
COLUMNS = ("seq", "event_id", "event_type", "item_id", "item_sha256", "actor", "role",
           "organisation", "occurred_at", "clock_source", "place", "purpose",
           "legal_authority", "method", "tool_version", "hash_before", "hash_after",
           "details", "prev_hash", "entry_hash", "key_id", "signature")


@dataclass
class CustodyEvent:
    """One event of the custody record."""

    event_type: str
    item_id: str | None
    item_sha256: str | None
    actor: str = field(default_factory=operator)
    role: str | None = None
    organisation: str | None = None
    occurred_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    clock_source: str = "system clock (UTC)"
    place: str | None = None
    purpose: str | None = None
    legal_authority: str | None = None
    method: str | None = None
    tool_version: str = f"tnoc {__version__}"
    hash_before: str | None = None
    hash_after: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def canonical(self) -> bytes:
        """RFC 8785 canonical JSON of the event (what the hash covers)."""
        return rfc8785.dumps(asdict(self))


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, streamed: how intake, verification and
    bundles hash an exhibit."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def chain_hash(prev_hash: str, event: CustodyEvent) -> str:
    """``sha256(prev_hash || JCS(event))`` as hex."""
    return hashlib.sha256(prev_hash.encode("ascii") + event.canonical()).hexdigest()


@dataclass(frozen=True)
class LedgerEntry:
    """An event as stored: its place in the chain, hashes and signature."""

    seq: int
    event: CustodyEvent
    prev_hash: str
    entry_hash: str
    key_id: str | None
    signature: str | None


@dataclass(frozen=True)
class Chain:
    """A hash-chained, signed table of events: the custody ledger, or another record
    kept the same way (the access audit trail, :mod:`tnoc.govern.audit`). Each has its
    own table (the columns of :data:`COLUMNS`), its own vocabulary of event types, and
    its own sequence and genesis; keys and signatures are the case's one key table."""

    table: str
    event_types: frozenset[str]
    what: str = "custody event"


CUSTODY = Chain("custody_events", EVENT_TYPES)
"""The chain-of-custody ledger."""

FEW = 64
"""Up to this many entries are inserted as parameters; more as one Arrow batch."""


def append_events(con: duckdb.DuckDBPyConnection, events: Sequence[CustodyEvent],
                  key: Signer | None = None, chain: Chain = CUSTODY, *,
                  unsigned: bool = False, presented: str | None = None) -> list[str]:
    """Append ``events`` to ``chain`` in order, in the caller's transaction; returns
    their entry hashes.

    ``unsigned``: chained but not signed, for what no registered key can sign (an
    attempt by someone without one, :mod:`tnoc.govern.audit`); ``presented`` is then
    the key id the attempt came with, kept in ``key_id``. Never on the custody ledger.

    Each entry is hashed onto the one before and its entry hash signed with ``key``
    (default: the operator's key, registered in the case on first use). Rows go in as
    one Arrow batch, so a million events append in one statement. Custody entries
    written while a command is recorded (:func:`recorded_command`) name the command.
    """
    for event in events:
        if event.event_type not in chain.event_types:
            raise TnocError(f"unknown {chain.what} type {event.event_type!r}; one of "
                            + ", ".join(sorted(chain.event_types)))
    if not events:
        return []
    if unsigned and chain is CUSTODY:
        raise TnocError("custody entries are always signed")
    running = _RUNNING.get() if chain is CUSTODY else None
    if running is not None:  # every entry says which command caused it
        events = [replace(e, details={**e.details, "command": running.command()})
                  for e in events]
    if not unsigned:
        key = key or signer()
        _admit_key(con, key)
    last = con.execute(
        f"SELECT seq, entry_hash FROM {chain.table} ORDER BY seq DESC LIMIT 1"
    ).fetchall()
    seq, prev = (int(last[0][0]), str(last[0][1])) if last else (0, GENESIS)
    columns: dict[str, list[object]] = {name: [] for name in COLUMNS}
    hashes: list[str] = []
    for event in events:
        seq += 1
        entry = chain_hash(prev, event)
        row = asdict(event)
        row["details"] = json.dumps(row["details"], sort_keys=True, ensure_ascii=False)
        if key is None or unsigned:
            row.update(seq=seq, prev_hash=prev, entry_hash=entry, key_id=presented,
                       signature=None)
        else:
            row.update(seq=seq, prev_hash=prev, entry_hash=entry, key_id=key.key_id,
                       signature=key.sign(entry.encode("ascii")))
        for name in COLUMNS:
            columns[name].append(row[name])
        hashes.append(entry)
        prev = entry
    names = ", ".join(COLUMNS)
    if len(events) <= FEW:  # one command's entries: plain parameters (DuckDB's scan of
        # a Python Arrow object loads pandas, half a second a command would wait for)
        con.executemany(f"INSERT INTO {chain.table} ({names}) VALUES "
                        f"({', '.join('?' * len(COLUMNS))})",
                        [list(row) for row in zip(*columns.values(), strict=True)])
    else:
        custody_batch = pa.table(  # noqa: F841 (read by the INSERT below)
            {name: pa.array(values, type=pa.int64() if name == "seq" else pa.string())
             for name, values in columns.items()})
        con.execute(f"INSERT INTO {chain.table} ({names}) SELECT {names} FROM custody_batch")
    if running is not None:
        running.entries += [(e.event_type, e.item_id) for e in events]
        running.named += [str(f["file"]) for e in events
                          for f in e.details.get("outputs", []) if f.get("file")]
    return hashes


def key_event(owner: str, public_raw: bytes) -> CustodyEvent:
    """The ledger entry that registers ``owner``'s public key in the case."""
    kid = key_id(public_raw)
    return CustodyEvent(
        event_type=KEY_EVENT, item_id=f"key:{kid}", item_sha256=None,
        purpose=f"register {owner}'s signing key",
        method="tnoc (Ed25519 public key)",
        details={"key_id": kid, "owner": owner, "public_key": public_raw.hex()})


def _admit_key(con: duckdb.DuckDBPyConnection, key: Signer) -> None:
    """Let ``key`` sign: it is registered, or it is the case's founding key (the one
    that signs entry 1 of a new case, registered with it); else the error naming owner,
    key id and the command that registers it."""
    if is_registered(con, key):
        return
    empty = not con.execute("SELECT 1 FROM custody_events LIMIT 1").fetchall() and \
        not con.execute("SELECT 1 FROM ledger_keys LIMIT 1").fetchall()
    if not empty:
        raise unregistered_key_error(key)
    register_key(con, key.owner, key.public_raw)


def register_operator_key(con: duckdb.DuckDBPyConnection, owner: str, public_hex: str,
                          by: Signer | None = None) -> str:
    """Register ``owner``'s Ed25519 public key (hex, 32 bytes) in the case, recorded as a
    ``key-registered`` entry signed by ``by`` (default: the operator), whose key must be
    registered already (caller's transaction). Returns the new key id.

    A key already in ``ledger_keys`` that no ledger entry registered (an earlier tnoc
    version added a second operator's key there directly) is *adopted*: a signed
    ``key-registered`` entry with ``details.adopted: true``, made by a key the ledger
    registered, after which ``tnoc verify`` accepts that key's earlier entries with a
    warning instead of failing (the only way to repair such a case)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = bytes.fromhex(public_hex.strip())
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise TnocError(f"public key {public_hex!r} is not a raw Ed25519 public key in hex "
                        "(64 hex digits, as the 'not registered' error prints it)") from exc
    by = by or signer()
    if not is_registered(con, by):
        raise unregistered_key_error(by)
    kid = key_id(raw)
    known = con.execute("SELECT owner FROM ledger_keys WHERE key_id = ?", [kid]).fetchall()
    in_ledger = ledger_registered_keys(con)
    if known and kid in in_ledger:
        raise TnocError(f"key {kid} is already registered in this case (for {known[0][0]})")
    if known:  # put in ledger_keys by an earlier tnoc, which wrote no ledger entry
        if by.key_id not in in_ledger:
            raise TnocError(
                f"key {kid} ({known[0][0]}) was registered by an earlier tnoc version; "
                f"adopting it needs an operator whose key the ledger registered, and "
                f"yours ({by.key_id}, {by.owner}) is not one (the case's founding key is)")
        if str(known[0][0]) != owner:
            raise TnocError(f"key {kid} is in this case's key table for {known[0][0]}, not "
                            f"{owner}: adopt it under that name (tnoc custody register-key "
                            f"{known[0][0]!r} {raw.hex()})")
        event = key_event(owner, raw)
        event.details["adopted"] = True
        event.purpose = (f"adopt {owner}'s signing key, registered by an earlier tnoc "
                         "version without a ledger entry")
        append_events(con, [event], key=by)
        return kid
    append_events(con, [key_event(owner, raw)], key=by)
    register_key(con, owner, raw)
    return kid


def key_adopted(con: duckdb.DuckDBPyConnection, kid: str) -> bool:
    """True when key ``kid`` came in by adoption (:func:`register_operator_key`: an
    earlier tnoc version had put it in the key table without a ledger entry), so its
    earlier entries verify with a warning; False for a key registered afresh."""
    return bool(con.execute(
        "SELECT 1 FROM custody_events WHERE event_type = ? AND "
        "json_extract_string(details, '$.key_id') = ? AND "
        "json_extract(details, '$.adopted')::BOOLEAN", [KEY_EVENT, kid]).fetchall())


def ledger_registered_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Key ids the ledger itself registered: the founding key (signer of entry 1) and
    every key named by a ``key-registered`` entry of this case (never one imported from
    a partner's CASE/UCO record). A key in ``ledger_keys`` but not here was put there by
    an earlier tnoc version and must be adopted (:func:`register_operator_key`)."""
    rows = con.execute(
        "SELECT key_id FROM custody_events WHERE seq = 1 UNION "
        "SELECT json_extract_string(details, '$.key_id') FROM custody_events "
        "WHERE event_type = ? AND json_extract_string(details, '$.from_case_uco_record') "
        "IS NULL AND json_extract_string(details, '$.public_key') IS NOT NULL",
        [KEY_EVENT]).fetchall()
    return {str(r[0]) for r in rows if r[0]}


def record_event(con: duckdb.DuckDBPyConnection, event: CustodyEvent) -> str:
    """Append one event in the caller's transaction; returns its entry hash."""
    return append_events(con, [event])[0]


def event_from_row(row: dict[str, Any]) -> CustodyEvent:
    """The event as it was hashed, rebuilt from a ``custody_events`` row."""
    values = {f.name: row[f.name] for f in fields(CustodyEvent)}
    values["details"] = json.loads(row["details"] or "{}")
    return CustodyEvent(**values)


def read_ledger(con: duckdb.DuckDBPyConnection, item: str | None = None,
                event_type: str | None = None) -> list[LedgerEntry]:
    """Ledger entries in stored order (by ``seq``); only those about ``item`` and of
    ``event_type`` when given (what happened to one exhibit; every export)."""
    entries = [LedgerEntry(int(r["seq"]), event_from_row(r), r["prev_hash"], r["entry_hash"],
                           r["key_id"], r["signature"])
               for r in rows_as_dicts(con.execute("SELECT * FROM custody_events ORDER BY seq"))]
    return [e for e in entries if (item is None or e.event.item_id == item)
            and (event_type is None or e.event.event_type == event_type)]


# --- analyses, judgements, screenings and exports: one way into the ledger -----------------


def described_file(path: Path, root: Path | None = None,
                   hashed: tuple[str, int] | None = None) -> dict[str, Any]:
    """A written or read file as a ledger entry names it: its path (relative to the case
    when inside it, else as given), SHA-256 and size; ``hashed`` (sha256, size) when the
    caller hashed the bytes it is writing (an export is named before it is in place)."""
    digest, size = hashed or file_sha256(path)
    shown = str(path)
    if root is not None:
        with suppress(ValueError):  # outside the case: the path as given
            shown = str(path.resolve().relative_to(root.resolve()))
    return {"file": shown, "sha256": digest, "bytes": size}


def described_files(paths: Sequence[Path], root: Path | None = None,
                    since_ns: int | None = None,
                    exclude: frozenset[Path] = frozenset()) -> list[dict[str, Any]]:
    """:func:`described_file` for each path that is a file; a folder stands for the
    files in it. With ``since_ns``, only files changed since then (the ones a command
    wrote, not an older file of the same name it left alone); none in ``exclude``
    (resolved paths)."""
    files: list[Path] = []
    for path in paths:
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() \
            else [path] if path.is_file() else []
    return [described_file(p, root) for p in dict.fromkeys(files)
            if (since_ns is None or p.stat().st_mtime_ns >= since_ns)
            and p.resolve() not in exclude]


def record_analysis(con: duckdb.DuckDBPyConnection, analysis: str, item_id: str, *,
                    item_sha256: str | None = None,
                    parameters: Mapping[str, Any] | None = None,
                    sources: Sequence[str] = (), outputs: Sequence[dict[str, Any]] = (),
                    results: Sequence[str] = (), event_type: str = "analysed",
                    purpose: str | None = None, actor: str | None = None,
                    **facts: Any) -> str:
    """Record that ``analysis`` ran (caller's transaction, so the entry and the results
    it describes are committed together); returns the entry hash.

    The entry's details always have the same shape: ``analysis``; ``parameters`` (as
    used); ``sources`` (source ids read); ``outputs`` (files written, each with path,
    sha256 and size, see :func:`described_files`); ``results`` (run ids or derived
    result ids kept in the case); then any ``facts`` (counts). ``item_id`` names what the
    entry is about: the stored result, the file written, or the case; ``actor`` who
    acted (default: the login name), e.g. the analyst who made a judgement.
    """
    details: dict[str, Any] = {"analysis": analysis,
                               "parameters": _plain(dict(parameters or {}))}
    for name, value in (("sources", list(sources)), ("outputs", list(outputs)),
                        ("results", list(results))):
        if value:
            details[name] = value
    details.update(_plain(facts))
    # a file written: its hash is the item's hash after the act (as for exports)
    return record_event(con, CustodyEvent(
        event_type=event_type, item_id=item_id, item_sha256=item_sha256,
        actor=actor or operator(), purpose=purpose or analysis,
        method=f"tnoc {analysis}", details=details,
        hash_after=item_sha256 if outputs else None))


def produced(event: CustodyEvent) -> str:
    """What an entry says was produced, in one line for the custody log: the files
    written (with the start of their sha256) and the results stored in the case."""
    details = event.details
    files = list(details.get("outputs") or [])
    if not files and details.get("file") and event.item_sha256:
        # older ledgers only: exports recorded before they went through
        # record_analysis named their file in ``file`` (a ledger is never rewritten)
        files = [{"file": details["file"], "sha256": event.item_sha256}]
    parts = [f"{f['file']} (sha256 {str(f['sha256'])[:12]}…)" for f in files]
    stored = [str(r) for r in details.get("results") or [] if r != event.item_id]
    if stored:
        parts.append("stored " + ", ".join(stored))
    return "; ".join(parts)


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it (paths, dates and other objects as text)."""
    return json.loads(json.dumps(value, default=str))


@dataclass
class CommandRecord:
    """A command (or API call) being recorded: its name and parameters, the files it
    read and wrote, and the ledger entries written while it ran."""

    name: str
    parameters: dict[str, Any]
    event_type: str = "analysed"
    reads: list[Path] = field(default_factory=list)
    writes: list[Path] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    entries: list[tuple[str, str | None]] = field(default_factory=list)
    named: list[str] = field(default_factory=list)  # files those entries named
    exit_code: int = 0
    computed: dict[str, Any] = field(default_factory=dict)
    """Where the analysis ran when not on the case's DuckDB store (engine, Spark master,
    the lake manifest read): named in the closing entry."""

    def command(self) -> dict[str, Any]:
        """What an entry written during the command says about it."""
        return {"name": f"tnoc {self.name}", "parameters": _plain(self.parameters)}

    def read(self, *paths: Path | None) -> None:
        """Files the command read (named with their sha256 in the closing entry)."""
        self.reads += [p for p in paths if p is not None]

    def wrote(self, *paths: Path | None) -> None:
        """Files (or folders) the command wrote."""
        self.writes += [p for p in paths if p is not None]

    def read_sources(self, *source_ids: str) -> None:
        """Case sources the analysis read (a projection's, a payments selection's)."""
        self.sources += [s for s in source_ids if s not in self.sources]


_RUNNING: ContextVar[CommandRecord | None] = ContextVar("tnoc_command", default=None)


def running_command() -> CommandRecord | None:
    """The command being recorded, if any."""
    return _RUNNING.get()


def sources_read(*source_ids: str) -> None:
    """Tell the command being recorded (if any) which case sources an analysis read, so
    its closing entry names them; outside a recorded command, nothing."""
    record = _RUNNING.get()
    if record is not None:
        record.read_sources(*source_ids)


def computed_on(provenance: Mapping[str, Any]) -> None:
    """Tell the command being recorded (if any) where its analysis ran (``engine``; on
    Spark ``master`` and ``lake_manifest_sha256``), so its closing entry says so when
    nothing it stores keeps that; outside a recorded command, nothing."""
    record = _RUNNING.get()
    if record is not None:
        record.computed = dict(provenance)


RECORDED_FIRST = ("every analysis of a case is recorded in the case's own custody ledger "
                  "before its results are shown (a consultation is logged: EU LED art. 25)")


def _case_name(root: Path) -> str:
    """The case's name from its ``case.json`` (its folder's name if unreadable)."""
    with suppress(OSError, ValueError):
        return str(json.loads((root / "case.json").read_text(encoding="utf-8"))["name"])
    return root.resolve().name


def read_only_why(root: Path) -> str | None:
    """Why the case folder cannot take a ledger entry, judged from the files: no write
    permission for this user, or write bits taken off (``chmod -R a-w``: a read-only
    copy, which is honoured even for root, whom permissions do not stop)."""
    db = root / "case.duckdb"
    for path in (db, db.with_name(db.name + ".wal"), root):
        if not path.exists():
            continue
        if not path.stat().st_mode & 0o222:
            return f"{path} has no write permission"
        if not os.access(path, os.W_OK):
            return f"{path} is not writable by {getpass.getuser()}"
    return None


def _lock_holder(message: str) -> str | None:
    """The process holding DuckDB's write lock, as DuckDB's error names it."""
    if "lock" not in message.lower():
        return None
    held = re.search(r"held in (.+?) \(PID (\d+)\)", message)
    return f"process {held.group(2)}, {held.group(1)}" if held else "another process"


def unrecordable(root: Path, exc: BaseException | None = None) -> CaseError | None:
    """The error to give when the case at ``root`` cannot take a ledger entry (read-only,
    or its store locked by another process writing to it), or None when it can.

    ``exc`` is the error a write to the case failed with, if one did; without it, the
    case is tried: its files' permissions, then DuckDB's write lock (opened and closed at
    once). The message names the case, says why, and that nothing was shown: a command
    that cannot record its run shows nothing (see docs/custody.md)."""
    db = root / "case.duckdb"
    if not db.exists():
        return None  # no case here: opening it says so
    message = str(exc) if exc is not None else ""
    read_only = read_only_why(root)
    if read_only is None and exc is None:
        try:
            duckdb.connect(str(db)).close()
        except duckdb.Error as failed:
            message = str(failed)
    holder = _lock_holder(message)
    denied = any(word in message.lower() for word in ("permission denied", "read-only",
                                                      "read only"))
    if read_only is None and holder is None and not (denied or message and exc is None):
        return None  # writable and free, or a failure of another kind
    case = f"case '{_case_name(root)}' ({root})"
    if read_only is None and holder is not None:
        return CaseError(f"{case} is in use: {holder} is writing to it, so this command "
                         f"could not be recorded and nothing was shown; {RECORDED_FIRST}. "
                         "Run it again when the other command has finished.")
    why = read_only or message.splitlines()[0]
    return CaseError(f"{case} is read-only ({why}), so this command could not be recorded "
                     f"and nothing was shown; {RECORDED_FIRST}. Work on a writable copy "
                     f"(cp -r {root} COPY && chmod -R u+w COPY) or make the case writable.")


def ensure_recordable(root: Path) -> None:
    """Raise :func:`unrecordable`'s error if the case at ``root`` cannot take a ledger
    entry now: before a command runs, so that it shows nothing it cannot record."""
    error = unrecordable(root)
    if error is not None:
        raise error


class RecordedCase(Protocol):
    """What :func:`recorded_command` needs of a case: its folder, its id and a write
    transaction, as :class:`tnoc.store.case.Case` has them. The ledger lies below the
    store (the store records into it: intake recovery, derived statements), so it names
    the case by what it uses rather than importing the store's class."""

    root: Path
    case_id: str

    def transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A write transaction on the case's store."""
        ...


@contextmanager
def recorded_command(case: RecordedCase, name: str, parameters: Mapping[str, Any],
                     event_type: str = "analysed") -> Iterator[CommandRecord]:
    """Record a command in the custody ledger of ``case``.

    Entries written while it runs (a stored analysis, a judgement, a screening, an
    export) carry the command's name and parameters. When it ends without an error, one
    closing entry of ``event_type`` is written if the command wrote files no entry named
    (``--csv``, ``--plot``: each with sha256) or recorded nothing at all (an analysis
    that stores nothing: key players, a path, a trace). A command that fails records
    nothing more than what it committed. Enter it before any connection to the case is
    opened: the closing entry needs the store to itself.

    A case that cannot take the entry (read-only, or locked by another process writing
    to it) is refused before the command runs (:func:`ensure_recordable`), with an error
    that names the case and why; should the closing entry still fail (the lock taken
    meanwhile), the same error is raised, and a caller that holds its output until the
    record is written (``@recorded``) shows nothing.
    """
    ensure_recordable(case.root)
    record = CommandRecord(name, dict(parameters), event_type)
    since_ns = time.time_ns() - 1_000_000_000  # some file systems keep coarse times
    token = _RUNNING.set(record)
    try:
        yield record
    finally:
        _RUNNING.reset(token)
    # files an entry of the command already named (as given, or relative to the case)
    named = frozenset(p.resolve() for f in record.named for p in (Path(f), case.root / f))
    outputs = described_files(record.writes, case.root, since_ns, named)
    if record.entries and not outputs:
        return
    facts: dict[str, Any] = {}
    if record.entries:
        facts["follows"] = [{"event": kind, "item": item} for kind, item in record.entries]
    if record.reads:
        facts["inputs"] = described_files(record.reads, case.root)
    if record.exit_code:
        facts["exit_code"] = record.exit_code
    if record.computed:
        facts["computed_on"] = record.computed
    single = outputs[0] if len(outputs) == 1 else None
    try:
        with case.transaction() as con:
            record_analysis(con, name, single["file"] if single else f"case:{case.case_id}",
                            item_sha256=single["sha256"] if single else None,
                            parameters=record.parameters, sources=record.sources,
                            outputs=outputs, event_type=event_type, **facts)
    except (duckdb.Error, CaseError) as failed:
        raise unrecordable(case.root, failed) or failed from failed
