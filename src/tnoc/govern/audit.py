"""The access audit trail: one record per operation on a case, allowed or denied.

What the EU Law Enforcement Directive (2016/680) art. 25 asks logs to say about
collection, alteration, consultation, disclosure, combination and erasure: the
justification, the date and time, who, and the recipients of a disclosure; CJIS
Security Policy §5.4.1.1 and ISO/IEC 27001:2022 A.8.15 add the outcome (unsuccessful
attempts too) and protection against tampering. A record (:class:`AuditRecord`) holds
UTC time, actor, role, case, purpose and justification, the operation and its LED act,
the entities concerned by keyed digest of their ids (an id can embed the phone number it
was made from: :func:`tnoc.exchange.handling.entity_digest`; records written before
name ids, and a query looks for both) and the properties concerned (never their
values), the recipient
of a disclosure, a SHA-256 of the query (a search text can itself be personal data),
and the outcome with its reason.

The trail is kept by the ledger machinery, not a copy of it: records are entries of
their own chain (:data:`AUDIT`, table ``audit_events``, the columns of the custody
ledger) appended by :func:`tnoc.ledger.custody.append_events`, hash-chained from their
own genesis and signed with the actor's registered key. Deleting the newest records
(which a hash chain alone cannot show) is caught by the *audit head*: after every
append, the count and last entry hash, signed, are written to
``CASE/ledger/audit-head.json`` outside the database. :func:`verify_audit` checks
links, hashes, signatures and the head; ``tnoc verify`` runs it.

The trail is kept apart from the custody ledger on purpose: the ledger goes into the
court bundle, while who consulted what is read by the auditor alone (``tnoc audit``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import rfc8785

from tnoc.govern.policy import Act
from tnoc.ledger.checkpoints import checkpoint_message
from tnoc.ledger.custody import COLUMNS, Chain, CustodyEvent, append_events
from tnoc.ledger.integrity import check_entries, check_links
from tnoc.ledger.keys import Signer, public_keys, signature_ok, signer

__all__ = ["AUDIT", "AuditRecord", "append_records", "audit_head", "audit_records",
           "query_digest", "verify_audit"]

AUDIT = Chain("audit_events", frozenset(a.value for a in Act), what="audit record")
"""The audit trail's chain: its own table, the LED acts as its event types."""

AUDIT_TABLE = "CREATE TABLE IF NOT EXISTS audit_events AS SELECT * FROM custody_events LIMIT 0"
"""The trail's table: the custody ledger's columns, so one machinery keeps both."""

HEAD_FILE = Path("ledger") / "audit-head.json"


@dataclass(frozen=True)
class AuditRecord:
    """One operation on a case, as the audit trail records it."""

    operation: str
    act: str
    actor: str
    role: str
    case_id: str
    outcome: str
    """``allowed`` or ``denied``."""
    purpose: str | None = None
    justification: str | None = None
    reason: str | None = None
    """Why it was denied."""
    entities: tuple[str, ...] = ()
    """The entities concerned: keyed digests of their ids as the service writes them
    (:func:`tnoc.exchange.handling.entity_digest`), plain ids in older records."""
    properties: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    recipient: str | None = None
    query_sha256: str | None = None
    via: str = "cli"
    occurred_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    seq: int | None = None

    def event(self) -> CustodyEvent:
        """The record as an entry of the audit chain."""
        details: dict[str, Any] = {
            "operation": self.operation, "outcome": self.outcome, "case_id": self.case_id,
            "via": self.via}
        for name in ("justification", "reason", "recipient", "query_sha256"):
            if getattr(self, name):
                details[name] = getattr(self, name)
        for name in ("entities", "properties", "sources"):
            if getattr(self, name):
                details[name] = list(getattr(self, name))
        return CustodyEvent(
            event_type=self.act, item_id=self.entities[0] if len(self.entities) == 1
            else f"case:{self.case_id}", item_sha256=None, actor=self.actor,
            role=self.role, occurred_at=self.occurred_at, purpose=self.purpose,
            method=f"tnoc {self.operation}", details=details)

    def document(self) -> dict[str, Any]:
        """The record as JSON-ready data (what ``tnoc audit --json`` prints)."""
        return {"seq": self.seq, "occurred_at": self.occurred_at, "actor": self.actor,
                "role": self.role, "case_id": self.case_id, "purpose": self.purpose,
                "justification": self.justification, "act": self.act,
                "operation": self.operation, "outcome": self.outcome,
                "reason": self.reason, "entities": list(self.entities),
                "properties": list(self.properties), "sources": list(self.sources),
                "recipient": self.recipient, "query_sha256": self.query_sha256,
                "via": self.via}


def query_digest(text: str | None) -> str | None:
    """SHA-256 of a query's text: the trail proves which query ran without keeping it."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(AUDIT_TABLE)


def append_records(con: duckdb.DuckDBPyConnection, records: Sequence[AuditRecord],
                   key: Signer | None = None) -> list[str]:
    """Append ``records`` to the trail in the caller's transaction (one Arrow batch);
    returns their entry hashes. Call :func:`write_head` after the commit."""
    _ensure(con)
    return append_events(con, [r.event() for r in records], key=key, chain=AUDIT)


def audit_head(con: duckdb.DuckDBPyConnection) -> tuple[int, str | None]:
    """(records in the trail, entry hash of the last one)."""
    if not _has_trail(con):
        return 0, None
    rows = con.execute("SELECT seq, entry_hash FROM audit_events ORDER BY seq DESC "
                       "LIMIT 1").fetchall()
    return (int(rows[0][0]), str(rows[0][1])) if rows else (0, None)


def write_head(root: Path, size: int, last_hash: str, key: Signer | None = None) -> None:
    """Write the signed audit head (count and last hash) beside the ledger, atomically."""
    key = key or signer()
    created = datetime.now(UTC).isoformat()
    head: dict[str, Any] = {"size": size, "last_hash": last_hash, "created_at": created,
            "key_id": key.key_id,
            "signature": key.sign(checkpoint_message(size, last_hash, created))}
    path = root / HEAD_FILE
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(rfc8785.dumps(head))
    os.replace(partial, path)


def _has_trail(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() "
                            "WHERE table_name = 'audit_events'").fetchall()[0][0])


def _record(row: dict[str, Any]) -> AuditRecord:
    details = json.loads(row["details"] or "{}")
    return AuditRecord(
        operation=str(details.get("operation")), act=str(row["event_type"]),
        actor=str(row["actor"]), role=str(row["role"]), case_id=str(details.get("case_id")),
        outcome=str(details.get("outcome")), purpose=row["purpose"],
        justification=details.get("justification"), reason=details.get("reason"),
        entities=tuple(details.get("entities") or ()),
        properties=tuple(details.get("properties") or ()),
        sources=tuple(details.get("sources") or ()), recipient=details.get("recipient"),
        query_sha256=details.get("query_sha256"), via=str(details.get("via")),
        occurred_at=str(row["occurred_at"]), seq=int(row["seq"]))


def audit_records(con: duckdb.DuckDBPyConnection, entity: Sequence[str] = (),
                  actor: str | None = None, since: str | None = None,
                  until: str | None = None, outcome: str | None = None
                  ) -> list[AuditRecord]:
    """The records, oldest first: those naming one of ``entity`` (ids), by ``actor``,
    from ``since`` to ``until`` (ISO dates or times, UTC, ``until`` inclusive of its
    day), with ``outcome``. Answers "who consulted X" and "what did Y consult when"."""
    if not _has_trail(con):
        return []
    where: list[str] = ["true"]
    params: list[object] = []
    if entity:
        where.append("list_has_any(coalesce(json_extract_string(details, '$.entities[*]'), "
                      "[]::VARCHAR[]), ?::VARCHAR[])")
        params.append(list(entity))
    if actor:
        where.append("actor = ?")
        params.append(actor)
    if since:
        where.append("occurred_at >= ?")
        params.append(since)
    if until:
        where.append("occurred_at < ?")
        params.append(until + ("~" if len(until) <= 10 else ""))
    if outcome:
        where.append("json_extract_string(details, '$.outcome') = ?")
        params.append(outcome)
    cur = con.execute(f"SELECT * FROM audit_events WHERE {' AND '.join(where)} "
                      "ORDER BY seq", params)
    names = [d[0] for d in cur.description]
    return [_record(dict(zip(names, r, strict=True))) for r in cur.fetchall()]


def verify_audit(con: duckdb.DuckDBPyConnection, root: Path) -> list[tuple[str, str]]:
    """(where, what is wrong) for every break of the audit trail: an edited, inserted,
    deleted or re-signed record, or records cut off the end (against the signed head).
    Empty when the trail is whole."""
    problems: list[tuple[str, str]] = []
    rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_events ORDER BY seq"
                       ).fetchall() if _has_trail(con) else []
    keys = public_keys(con)
    found = check_links((int(r[0]), str(r[-4]), str(r[-3])) for r in rows)
    found += check_entries(rows, keys)
    actor, key = COLUMNS.index("actor"), COLUMNS.index("key_id")
    found += [(int(r[0]), f"signed by the key of {keys[str(r[key])][0]}, not of its actor "
                          f"{r[actor]} (re-signed by another member)")
              for r in rows if str(r[key]) in keys and keys[str(r[key])][0] != str(r[actor])]
    problems += [(f"audit record {seq}", message) for seq, message in sorted(found)]
    path = root / HEAD_FILE
    if not path.exists():
        if rows:
            problems.append(("audit head", f"{HEAD_FILE} is missing while the trail holds "
                             f"{len(rows):,} records (deleted, or the trail was planted)"))
        return problems
    try:
        head = json.loads(path.read_text(encoding="utf-8"))
        size, last, created = int(head["size"]), str(head["last_hash"]), str(head["created_at"])
        known = keys.get(str(head["key_id"]))
        signed = known is not None and signature_ok(
            known[1], str(head["signature"]), checkpoint_message(size, last, created))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [*problems, ("audit head", f"{HEAD_FILE} cannot be read ({exc})")]
    if not signed:
        problems.append(("audit head", "its signature does not verify under a registered "
                                       "key (the head was edited)"))
    elif len(rows) < size:
        problems.append(("audit head", f"the head signed at {created} counts {size:,} "
                         f"records; the trail holds {len(rows):,}: records "
                         f"{len(rows) + 1}..{size} were deleted"))
    elif size and str(rows[size - 1][-3]) != last:
        problems.append(("audit head", f"record {size} is not the one the signed head "
                                       "names (the trail was rewritten)"))
    return problems
