"""The purposes of a case: why personal data in it may be consulted, opened and closed by
a supervisor, each change a signed custody-ledger entry.

The EU Law Enforcement Directive (2016/680) art. 4(1)(b) asks that personal data be
"collected for specified, explicit and legitimate purposes and not processed in a manner
that is incompatible with those purposes", and art. 8 that processing be *necessary* for
a task of the authority. A purpose typed freely at each command states neither: anyone
can type anything. Here a purpose is something the case *has*: a **reference** (the
operation or request number, "OP-2026-17") with its **justification**, optionally an
end date, opened by a supervisor (:data:`OPENING_ROLE`) and closed when the work ends.
In a governed case, an operation reading personal data names an open, unexpired
purpose by its reference (``--purpose OP-2026-17``), and the audit record carries the
reference and its justification (LED art. 25: the justification of a consultation).

Why supervisors, not admins: deciding that an investigation needs personal data is a
judgement of necessity about the case (art. 8), made by whoever answers for the
investigation; admins manage members and keys and see no case data, and keeping the two
apart means no one both grants themselves access and the reason to use it (separation of
duties, ISO/IEC 27001:2022 A.5.3).

The ``case_purposes`` table is what the signed ``purpose-changed`` entries say:
:func:`verify_purposes` (``tnoc verify``) replays them and names a purpose opened,
re-dated or reopened behind the ledger's back, and the gate checks the one purpose it
is given against its own entries before believing it (:func:`purpose_tampering`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb

from tnoc.errors import TnocError
from tnoc.govern.members import ledger_differences, unexplained_rows
from tnoc.govern.policy import Role
from tnoc.ledger.custody import PURPOSE_EVENT, CustodyEvent, append_events
from tnoc.ledger.keys import Signer, signer
from tnoc.query_results import has_table

__all__ = ["OPENING_ROLE", "PURPOSES_TABLE", "PurposeRecord", "close_purpose",
           "find_purpose", "open_purpose", "purpose_tampering", "purposes",
           "verify_purposes"]

OPENING_ROLE = Role.SUPERVISOR
"""Who opens and closes purposes in a governed case (see the module)."""

PURPOSES_TABLE = """
CREATE TABLE IF NOT EXISTS case_purposes (
    reference VARCHAR PRIMARY KEY,  -- what --purpose names: 'OP-2026-17'
    justification VARCHAR NOT NULL,
    until VARCHAR,                  -- the last day it may be used (ISO date), or NULL
    opened_by VARCHAR NOT NULL,
    opened_at VARCHAR NOT NULL,
    closed_by VARCHAR,
    closed_at VARCHAR
)
"""

_CHECKED = ("justification", "until", "opened_by", "closed_by")
"""The fields of a purpose its ledger entries fix (compared by verify and the gate)."""


@dataclass(frozen=True)
class PurposeRecord:
    """A purpose as the case records it."""

    reference: str
    justification: str
    until: str | None
    opened_by: str
    opened_at: str
    closed_by: str | None = None
    closed_at: str | None = None

    def state(self, on: date | None = None) -> str:
        """``open``, ``closed`` or ``expired`` (its end date has passed) on day ``on``
        (default: today, UTC)."""
        if self.closed_by is not None:
            return "closed"
        if self.until is not None and date.fromisoformat(self.until) < (on or today()):
            return "expired"
        return "open"

    def is_open(self, on: date | None = None) -> bool:
        """Whether the purpose may be named on day ``on`` (default: today)."""
        return self.state(on) == "open"

    def ended(self) -> str:
        """How it ended, for an error message ("closed by bob at ...", "ended ...")."""
        if self.closed_by is not None:
            return f"closed by {self.closed_by} at {self.closed_at}"
        return f"its end date {self.until} has passed"


def today() -> date:
    """Today's date in UTC: the day against which end dates are read."""
    return datetime.now(UTC).date()


def purposes(con: duckdb.DuckDBPyConnection) -> list[PurposeRecord]:
    """Every purpose the case has had, open or not, by reference."""
    if not has_table(con, "case_purposes"):
        return []
    return [PurposeRecord(str(r), str(j), None if u is None else str(u), str(ob), str(oa),
                          None if cb is None else str(cb), None if ca is None else str(ca))
            for r, j, u, ob, oa, cb, ca in con.execute(
                "SELECT reference, justification, until, opened_by, opened_at, closed_by, "
                "closed_at FROM case_purposes ORDER BY reference").fetchall()]


def find_purpose(con: duckdb.DuckDBPyConnection, reference: str) -> PurposeRecord | None:
    """The purpose called ``reference``, or None."""
    return next((p for p in purposes(con) if p.reference == reference.strip()), None)


def _event(reference: str, change: str, record: dict[str, str | None],
           by: Signer) -> CustodyEvent:
    return CustodyEvent(
        event_type=PURPOSE_EVENT, item_id=f"purpose:{reference}", item_sha256=None,
        actor=by.owner, purpose=f"{change} purpose {reference}", method="tnoc purpose",
        details={"purpose": reference, "change": change, **record})


def _until(text: str | None, first: date) -> str | None:
    if text is None or not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise TnocError(f"--until {text!r} is not a date: expected YYYY-MM-DD, the last "
                        "day the purpose may be used") from None
    if day < first:
        raise TnocError(f"--until {day} is in the past (today is {first} UTC): a purpose "
                        "must be usable on the day it is opened")
    return day.isoformat()


def open_purpose(con: duckdb.DuckDBPyConnection, reference: str, justification: str,
                 until: str | None = None, by: Signer | None = None) -> PurposeRecord:
    """Open purpose ``reference`` with its ``justification`` (and last day ``until``,
    ISO date, inclusive), in the caller's transaction, recorded in the ledger. A closed
    or expired purpose may be opened again (a new entry says so); an open one may not."""
    by = by or signer()
    reference, justification = reference.strip(), justification.strip()
    if not reference or any(c.isspace() or not c.isprintable() for c in reference):
        raise TnocError(f"a purpose reference is one word, the operation or request "
                        f"number (e.g. OP-2026-17), not {reference!r}")
    if not justification:
        raise TnocError("a purpose needs a justification (--justification): why the "
                        "personal data in this case must be consulted for it")
    now = datetime.now(UTC)
    last_day = _until(until, today())
    con.execute(PURPOSES_TABLE)
    existing = find_purpose(con, reference)
    if existing is not None and existing.is_open():
        raise TnocError(f"purpose {reference} is already open (opened by "
                        f"{existing.opened_by} at {existing.opened_at}); close it first "
                        "to change it")
    record: dict[str, str | None] = {"justification": justification, "until": last_day,
                                     "opened_by": by.owner, "closed_by": None}
    con.execute("INSERT OR REPLACE INTO case_purposes VALUES (?, ?, ?, ?, ?, NULL, NULL)",
                [reference, justification, last_day, by.owner, now.isoformat()])
    append_events(con, [_event(reference, "reopened" if existing else "opened", record,
                               by)], key=by)
    found = find_purpose(con, reference)
    assert found is not None
    return found


def close_purpose(con: duckdb.DuckDBPyConnection, reference: str,
                  by: Signer | None = None) -> PurposeRecord:
    """Close the open purpose ``reference`` (caller's transaction, recorded): from now on
    no operation may name it."""
    by = by or signer()
    existing = find_purpose(con, reference)
    if existing is None or existing.closed_by is not None:
        known = ", ".join(p.reference for p in purposes(con) if p.closed_by is None)
        raise TnocError(f"no open purpose {reference.strip()!r} in this case; "
                        + (f"open ones: {known}" if known else "none is open"))
    now = datetime.now(UTC).isoformat()
    con.execute("UPDATE case_purposes SET closed_by = ?, closed_at = ? WHERE reference = ?",
                [by.owner, now, existing.reference])
    append_events(con, [_event(existing.reference, "closed", {"closed_by": by.owner}, by)],
                  key=by)
    found = find_purpose(con, existing.reference)
    assert found is not None
    return found


def _replay(expected: dict[str, dict[str, str | None]], details: dict[str, object]) -> None:
    """Apply one ``purpose-changed`` entry to what the ledger says each purpose is."""
    reference = str(details.get("purpose"))
    if details.get("change") == "closed":
        if reference in expected:
            expected[reference]["closed_by"] = str(details.get("closed_by"))
    else:
        expected[reference] = {k: None if details.get(k) is None else str(details[k])
                               for k in _CHECKED}


def _stored(record: PurposeRecord) -> dict[str, str | None]:
    return {k: getattr(record, k) for k in _CHECKED}


def _differences(want: dict[str, str | None] | None,
                 have: dict[str, str | None] | None) -> str | None:
    return ledger_differences(want, have, noun="purpose", verb="opened", table="purposes")


def verify_purposes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(reference, what differs) for every purpose whose row is not what the signed
    ``purpose-changed`` entries say; empty when they agree."""
    expected: dict[str, dict[str, str | None]] = {}
    for details_json, in con.execute(
            "SELECT details FROM custody_events WHERE event_type = ? ORDER BY seq",
            [PURPOSE_EVENT]).fetchall():
        _replay(expected, json.loads(details_json or "{}"))
    stored = {p.reference: _stored(p) for p in purposes(con)}
    return unexplained_rows(expected, stored, _differences)


def purpose_tampering(con: duckdb.DuckDBPyConnection, record: PurposeRecord,
                      entries: Sequence[dict[str, object]] | None = None) -> str | None:
    """What is wrong with ``record`` against its own signed ledger entries (read by
    :func:`tnoc.govern.members.signed_details`), or None: the check the gate makes
    before it believes a purpose, reading that one purpose's entries, not the ledger."""
    from tnoc.govern.members import signed_details

    if entries is None:
        entries, broken = signed_details(con, PURPOSE_EVENT, f"purpose:{record.reference}")
        if broken:
            return broken
    expected: dict[str, dict[str, str | None]] = {}
    for details in entries:
        _replay(expected, details)
    return _differences(expected.get(record.reference), _stored(record))
