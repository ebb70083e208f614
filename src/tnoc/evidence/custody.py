"""Custody events: an append-only, hash-chained record in the case store.

Each event is canonicalised as RFC 8785 JSON (JCS) and chained:
``entry_hash = sha256(prev_hash || JCS(event))``, the first event chaining from 64
zeros. Editing, inserting, deleting or reordering any event breaks every later hash.
Signatures per actor and Merkle checkpoints are added by the ledger stage on top of
this table; the columns follow the issue's list (item, actor, role, organisation, time
and clock source, place, purpose, legal authority, method and tool version, hashes
before and after).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import rfc8785

from tnoc import __version__
from tnoc.store.query import rows_as_dicts

GENESIS = "0" * 64
EVENT_TYPES = frozenset({
    "acquired", "sealed", "transferred", "received", "accessed", "copied", "analysed",
    "exported", "disclosed", "returned", "destroyed", "verified",
})


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


def chain_hash(prev_hash: str, event: CustodyEvent) -> str:
    """``sha256(prev_hash || JCS(event))`` as hex."""
    return hashlib.sha256(prev_hash.encode("ascii") + event.canonical()).hexdigest()


def record_event(con: duckdb.DuckDBPyConnection, event: CustodyEvent) -> str:
    """Append ``event`` in the caller's transaction; returns its entry hash."""
    if event.event_type not in EVENT_TYPES:
        raise ValueError(f"unknown custody event type {event.event_type!r}")
    last = con.execute(
        "SELECT seq, entry_hash FROM custody_events ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
    entry = chain_hash(prev, event)
    row = asdict(event)
    row["details"] = json.dumps(row["details"], sort_keys=True)
    con.execute(
        "INSERT INTO custody_events (seq, event_id, event_type, item_id, item_sha256, actor, "
        "role, organisation, occurred_at, clock_source, place, purpose, legal_authority, "
        "method, tool_version, hash_before, hash_after, details, prev_hash, entry_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, row["event_id"], row["event_type"], row["item_id"], row["item_sha256"],
         row["actor"], row["role"], row["organisation"], row["occurred_at"],
         row["clock_source"], row["place"], row["purpose"], row["legal_authority"],
         row["method"], row["tool_version"], row["hash_before"], row["hash_after"],
         row["details"], prev, entry],
    )
    return entry


def verify_chain(con: duckdb.DuckDBPyConnection) -> tuple[bool, int | None]:
    """Walk the chain; returns (ok, seq of the first bad event or None)."""
    prev = GENESIS
    rows = rows_as_dicts(con.execute("SELECT * FROM custody_events ORDER BY seq"))
    for row in rows:
        event = CustodyEvent(
            event_type=row["event_type"], item_id=row["item_id"],
            item_sha256=row["item_sha256"], actor=row["actor"], role=row["role"],
            organisation=row["organisation"], occurred_at=row["occurred_at"],
            clock_source=row["clock_source"], place=row["place"], purpose=row["purpose"],
            legal_authority=row["legal_authority"], method=row["method"],
            tool_version=row["tool_version"], hash_before=row["hash_before"],
            hash_after=row["hash_after"], details=json.loads(row["details"] or "{}"),
            event_id=row["event_id"],
        )
        if row["prev_hash"] != prev or chain_hash(prev, event) != row["entry_hash"]:
            return False, int(row["seq"])
        prev = row["entry_hash"]
    return True, None
