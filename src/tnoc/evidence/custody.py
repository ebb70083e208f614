"""Custody events: an append-only, hash-chained record in the case store.

Each event is canonicalised as RFC 8785 JSON (JCS) and chained:
``entry_hash = sha256(prev_hash || JCS(event))``, the first event chaining from 64
zeros. Editing, inserting, deleting or reordering any event breaks every later hash.
Each entry hash is signed with the recorder's Ed25519 key (:mod:`tnoc.evidence.keys`);
signed Merkle checkpoints over the chain are :mod:`tnoc.evidence.checkpoints`. The
columns follow what a custody record must say: item, actor, role, organisation, time
and clock source, place, purpose, legal authority, method and tool version, hashes
before and after.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import rfc8785

from tnoc import __version__
from tnoc.errors import TnocError
from tnoc.evidence.keys import Signer, register_key, signer
from tnoc.store.query import rows_as_dicts

GENESIS = "0" * 64
EVENT_TYPES = frozenset({
    "acquired", "sealed", "transferred", "received", "accessed", "copied", "analysed",
    "exported", "disclosed", "returned", "destroyed", "verified",
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
    actor: str = field(default_factory=getpass.getuser)
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


def append_events(con: duckdb.DuckDBPyConnection, events: Sequence[CustodyEvent],
                  key: Signer | None = None) -> list[str]:
    """Append ``events`` in order, in the caller's transaction; returns their entry hashes.

    Each entry is hashed onto the one before and its entry hash signed with ``key``
    (default: the operator's key, registered in the case on first use). Rows go in as
    one Arrow batch, so a million events append in one statement.
    """
    for event in events:
        if event.event_type not in EVENT_TYPES:
            raise TnocError(f"unknown custody event type {event.event_type!r}; one of "
                            + ", ".join(sorted(EVENT_TYPES)))
    if not events:
        return []
    key = key or signer()
    register_key(con, key)
    last = con.execute(
        "SELECT seq, entry_hash FROM custody_events ORDER BY seq DESC LIMIT 1"
    ).fetchall()
    seq, prev = (int(last[0][0]), str(last[0][1])) if last else (0, GENESIS)
    columns: dict[str, list[object]] = {name: [] for name in COLUMNS}
    hashes: list[str] = []
    for event in events:
        seq += 1
        entry = chain_hash(prev, event)
        row = asdict(event)
        row["details"] = json.dumps(row["details"], sort_keys=True, ensure_ascii=False)
        row.update(seq=seq, prev_hash=prev, entry_hash=entry, key_id=key.key_id,
                   signature=key.sign(entry.encode("ascii")))
        for name in COLUMNS:
            columns[name].append(row[name])
        hashes.append(entry)
        prev = entry
    custody_batch = pa.table({name: pa.array(values, type=pa.int64() if name == "seq"  # noqa: F841
                                             else pa.string())
                              for name, values in columns.items()})
    names = ", ".join(COLUMNS)
    con.execute(f"INSERT INTO custody_events ({names}) SELECT {names} FROM custody_batch")
    return hashes


def record_event(con: duckdb.DuckDBPyConnection, event: CustodyEvent) -> str:
    """Append one event in the caller's transaction; returns its entry hash."""
    return append_events(con, [event])[0]


def event_from_row(row: dict[str, Any]) -> CustodyEvent:
    """The event as it was hashed, rebuilt from a ``custody_events`` row."""
    values = {f.name: row[f.name] for f in fields(CustodyEvent)}
    values["details"] = json.loads(row["details"] or "{}")
    return CustodyEvent(**values)


def read_ledger(con: duckdb.DuckDBPyConnection) -> list[LedgerEntry]:
    """Ledger entries in stored order (by ``seq``)."""
    return [LedgerEntry(int(r["seq"]), event_from_row(r), r["prev_hash"], r["entry_hash"],
                        r["key_id"], r["signature"])
            for r in rows_as_dicts(con.execute("SELECT * FROM custody_events ORDER BY seq"))]
