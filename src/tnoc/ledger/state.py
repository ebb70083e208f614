"""Where a case's custody stands, in one look: the ledger's head, its last verification
and its last signed checkpoint.

What the case overview (web workspace) and ``tnoc case summary`` show beside the counts,
so an analyst sees before relying on the case whether its integrity was checked, by
whom, with what result, and how much was recorded since: a verification that passed
before the last forty intakes says nothing about them. Read from the custody ledger's
own entries (``verified`` entries carry :meth:`tnoc.evidence.verify.Verification.summary`
in their details), nothing recomputed: running the check itself is ``tnoc verify``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from tnoc.query_results import has_table

__all__ = ["CustodyState", "custody_state"]


@dataclass(frozen=True)
class CustodyState:
    """The custody ledger's state (see the module)."""

    entries: int
    """Entries in the custody ledger."""
    head_seq: int | None = None
    head_hash: str | None = None
    """The last entry's hash: what the hash chain ends in."""
    head_at: str | None = None
    head_event: str | None = None
    verified_seq: int | None = None
    """The last ``verified`` entry (None: the case was never verified)."""
    verified_at: str | None = None
    verified_by: str | None = None
    verified_outcome: str | None = None
    """``passed`` or ``failed``, as the verification recorded it."""
    verified_problems: int | None = None
    since_verification: int | None = None
    """Entries recorded after the last verification (None: never verified)."""
    checkpoint_size: int | None = None
    """Entries the last signed Merkle checkpoint covers (None: none signed)."""
    checkpoint_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sentence(self) -> str:
        """The state in one line, for a terminal or a report."""
        if not self.entries:
            return "Custody ledger: no entries"
        said = (f"Custody ledger: {self.entries:,} entries, head #{self.head_seq} "
                f"({self.head_event}, {_when(self.head_at)}, hash "
                f"{str(self.head_hash)[:16]}…)")
        if self.verified_seq is None:
            said += "; never verified ('tnoc verify')"
        else:
            said += (f"; last verification {self.verified_outcome} at "
                     f"{_when(self.verified_at)} "
                     f"by {self.verified_by}")
            if self.verified_problems:
                said += f" ({self.verified_problems:,} problems)"
            said += (", nothing recorded since" if not self.since_verification else
                     f", {self.since_verification:,} entries recorded since")
        if self.checkpoint_size is None:
            said += "; no signed checkpoint"
        else:
            said += (f"; signed checkpoint over the first {self.checkpoint_size:,} "
                     f"entries ({_when(self.checkpoint_at)})")
        return said


def _when(stamp: str | None) -> str:
    """An ISO 8601 UTC time as a reader writes it: to the second, with "UTC"."""
    return f"{(stamp or '')[:19].replace('T', ' ')} UTC"


def custody_state(con: duckdb.DuckDBPyConnection) -> CustodyState:
    """The custody ledger's head, last verification and last checkpoint (three small
    reads of the ledger's tables; a store from before checkpoints has none). A partner's
    ``verified`` entry taken in with their CASE/UCO record is theirs, about their case:
    not this case's verification."""
    head = con.execute("SELECT seq, entry_hash, occurred_at, event_type FROM "
                       "custody_events ORDER BY seq DESC LIMIT 1").fetchall()
    if not head:
        return CustodyState(entries=0)
    seq, entry_hash, at, event = head[0]
    entries = int(con.execute("SELECT count(*) FROM custody_events").fetchall()[0][0])
    found: dict[str, Any] = {"entries": entries, "head_seq": int(seq),
                             "head_hash": str(entry_hash), "head_at": str(at),
                             "head_event": str(event)}
    verified = con.execute(
        "SELECT seq, occurred_at, actor, json_extract_string(details, '$.outcome'), "
        "TRY_CAST(json_extract_string(details, '$.problems') AS BIGINT) "
        "FROM custody_events WHERE event_type = 'verified' "
        "AND json_extract_string(details, '$.from_case_uco_record') IS NULL "
        "ORDER BY seq DESC LIMIT 1"
    ).fetchall()
    if verified:
        v_seq, v_at, v_by, outcome, problems = verified[0]
        found.update(verified_seq=int(v_seq), verified_at=str(v_at), verified_by=str(v_by),
                     verified_outcome=str(outcome).lower() if outcome else "unknown",
                     verified_problems=None if problems is None else int(problems),
                     since_verification=int(con.execute(
                         "SELECT count(*) FROM custody_events WHERE seq > ?",
                         [int(v_seq)]).fetchall()[0][0]))
    if has_table(con, "ledger_checkpoints"):
        point = con.execute("SELECT size, created_at FROM ledger_checkpoints "
                            "ORDER BY size DESC LIMIT 1").fetchall()
        if point:
            found.update(checkpoint_size=int(point[0][0]), checkpoint_at=str(point[0][1]))
    return CustodyState(**found)
