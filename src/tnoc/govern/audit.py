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
``CASE/ledger/audit-head.json`` outside the database; and the head itself is anchored
in the custody ledger's signed checkpoints (:mod:`tnoc.ledger.checkpoints`), so putting
back an older signed head after cutting records is caught against the newest checkpoint.
:func:`verify_audit` checks links, hashes, signatures, the head and the anchors;
``tnoc verify`` runs it.

An attempt no registered key can sign (a stranger, someone naming a member with
``--as`` without that member's key) is recorded too (CJIS §5.4.1.1), chained but
unsigned, marked so, with the key id it came with; the next signed record and head
cover it. Only denials may be unsigned.

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
from tnoc.ledger.checkpoints import (
    ANCHORED,
    Checkpoint,
    chain_head,
    checkpoint_message,
    checkpoints,
    kept_checkpoints,
)
from tnoc.ledger.custody import COLUMNS, Chain, CustodyEvent, append_events
from tnoc.ledger.integrity import check_entries, check_links
from tnoc.ledger.keys import Signer, public_keys, signature_ok, signer
from tnoc.query_results import has_table

__all__ = ["AUDIT", "AuditRecord", "anchored", "append_records", "append_unsigned",
           "audit_head", "audit_records", "query_digest", "verify_audit"]

AUDIT = Chain("audit_events", frozenset(a.value for a in Act), what="audit record")
"""The audit trail's chain: its own table, the LED acts as its event types."""

AUDIT_TABLE = (f"CREATE TABLE IF NOT EXISTS {ANCHORED} AS SELECT * FROM custody_events "
               "LIMIT 0")
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
    signed: bool = True
    """False for an attempt no registered key could sign (always a denial)."""
    presented_key: str | None = None
    """The key id an unsigned attempt came with (None: no key at all)."""
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
        if not self.signed:
            details.update(unsigned=True, presented_key=self.presented_key)
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
                "via": self.via, "signed": self.signed, "presented_key": self.presented_key}


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


def append_unsigned(con: duckdb.DuckDBPyConnection, record: AuditRecord) -> str:
    """Append a denied attempt no registered key can sign: chained, unsigned, marked
    so (caller's transaction); the head is left to the next signed record."""
    if record.outcome != "denied" or record.signed:
        raise ValueError("only a denial is recorded unsigned")
    _ensure(con)
    return append_events(con, [record.event()], chain=AUDIT, unsigned=True,
                         presented=record.presented_key)[0]


def audit_head(con: duckdb.DuckDBPyConnection) -> tuple[int, str | None]:
    """(records in the trail, entry hash of the last one)."""
    return chain_head(con, AUDIT.table)


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
        signed=not details.get("unsigned"), presented_key=details.get("presented_key"),
        occurred_at=str(row["occurred_at"]), seq=int(row["seq"]))


def audit_records(con: duckdb.DuckDBPyConnection, entity: Sequence[str] = (),
                  actor: str | None = None, since: str | None = None,
                  until: str | None = None, outcome: str | None = None
                  ) -> list[AuditRecord]:
    """The records, oldest first: those naming one of ``entity`` (ids), by ``actor``,
    from ``since`` to ``until`` (ISO dates or times, UTC, ``until`` inclusive of its
    day), with ``outcome``. Answers "who consulted X" and "what did Y consult when"."""
    if not has_table(con, "audit_events"):
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
                       ).fetchall() if has_table(con, "audit_events") else []
    keys = public_keys(con)
    found = check_links((int(r[0]), str(r[-4]), str(r[-3])) for r in rows)
    actor, key, details = (COLUMNS.index(c) for c in ("actor", "key_id", "details"))
    unsigned = {int(r[0]) for r in rows if r[-1] is None and _unsigned_denial(r[details])}
    found += [(seq, message) for seq, message in check_entries(rows, keys)
              if not (seq in unsigned and message == "not signed by a registered key")]
    found += [(int(r[0]), f"signed by the key of {keys[str(r[key])][0]}, not of its actor "
                          f"{r[actor]} (re-signed by another member)")
              for r in rows if int(r[0]) not in unsigned and str(r[key]) in keys
              and keys[str(r[key])][0] != str(r[actor])]
    problems += [(f"audit record {seq}", message) for seq, message in sorted(found)]
    problems += _against_anchor(con, root, [str(r[-3]) for r in rows], keys)
    path = root / HEAD_FILE
    if not path.exists():
        # the head is written after a signed record; a trail of unsigned denials alone
        # (a new case's first intake refused or failed before its key was registered)
        # has none yet
        if any(int(r[0]) not in unsigned for r in rows):
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


def _unsigned_denial(details: object) -> bool:
    """Whether a record's details mark it as an unsigned denied attempt."""
    try:
        data = json.loads(str(details or "{}"))
    except ValueError:
        return False
    return bool(data.get("unsigned")) and data.get("outcome") == "denied"


def _against_anchor(con: duckdb.DuckDBPyConnection, root: Path, hashes: list[str],
                    keys: dict[str, tuple[str, bytes]]) -> list[tuple[str, str]]:
    """The trail (its entry hashes in order) against the newest signed checkpoint that
    anchors it (in the database or kept in ``ledger/checkpoints.jsonl``): shorter than
    the anchored size, or another record at the anchored position, is named. No anchor
    yet (a case from before anchoring): nothing to say here (``tnoc verify`` notes it)."""
    points: list[Checkpoint] = [*checkpoints(con),
                                *(p for _n, p in kept_checkpoints(root) if p is not None)]
    anchored = [p for p in points if p.audit_size is not None and p.key_id in keys
                and signature_ok(keys[p.key_id][1], p.signature, p.signed_bytes())]
    if not anchored:
        return []
    newest = max(anchored, key=lambda p: (p.audit_size or 0, p.created_at))
    size = newest.audit_size or 0
    where = f"audit anchor (checkpoint at {newest.size:,} ledger entries, {newest.created_at})"
    if len(hashes) < size:
        return [(where, f"the checkpoint anchors {size:,} audit records; the trail holds "
                        f"{len(hashes):,}: records {len(hashes) + 1}..{size} were deleted")]
    if size and hashes[size - 1] != newest.audit_hash:
        return [(where, f"audit record {size} is not the one the checkpoint anchors (the "
                        "trail was rewritten)")]
    return []


def anchored(con: duckdb.DuckDBPyConnection, root: Path) -> bool:
    """Whether any checkpoint of the case anchors its audit trail (old cases: not)."""
    return any(p.audit_size is not None for p in checkpoints(con)) or any(
        p is not None and p.audit_size is not None for _n, p in kept_checkpoints(root))
