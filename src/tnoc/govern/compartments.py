"""Compartments: values withheld from every member, whatever their clearance, until a
second person releases them (issue #20, deliverable 3).

The one compartment today is ``reporter``: the identity of a citizen who reports a
crime (their name, e-mail, phone). A handling code (TLP) decides per source who may
read; a reporter's identity needs more than clearance, because disclosing it exposes a
witness (EU Directive 2019/1937 on whistleblower protection, art. 16: the identity
"is not disclosed to anyone beyond the authorised staff members competent to receive or
follow up on reports, without the explicit consent of that person"; LED 2016/680
art. 25 for the log). So:

* **Marking, at intake.** A mapping puts an entity in the compartment
  (``compartment: reporter`` on the entity, ``src/tnoc/mappings/citizen_reports.yaml``);
  the intake records (source, entity, compartment) in ``compartment_entities``. The
  statement table is not changed: a reporter is one entity per report, so the mark is a
  few rows per report and every statement of that entity from that source is in the
  compartment. The other side's wallet and phone are separate entities of the same
  report, normal values: they are what gets matched.
* **Withheld from everyone** (:func:`withheld_entities`, :func:`withhold_view`): the
  values of a compartmented entity are left out of what a member is shown, with the
  count ("n values in the reporter compartment withheld").
* **Released by a second person** (four-eyes principle): one member asks
  (:func:`request_release`, with a reason); a *different* supervisor approves
  (:func:`approve_release`, with a reason, optionally until a date); the release then
  shows that reporter's values to the requester alone. Each step is a signed
  ``release-changed`` custody entry (as members and purposes are), and an audit record
  through the gate (``release request``, ``release approve`` in
  :data:`tnoc.govern.policy.OPERATIONS`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import duckdb

from tnoc.errors import Refused, TnocError
from tnoc.ledger.custody import RELEASE_EVENT, CustodyEvent, append_events
from tnoc.ledger.keys import Signer
from tnoc.query_results import has_table

__all__ = ["COMPARTMENTS", "Release", "approve_release", "compartment_of",
           "request_release", "releases", "withheld_entities", "withheld_marker",
           "withhold_dossier", "withhold_view"]

COMPARTMENTS = {"reporter": "the identity of a citizen who reported a crime"}

RELEASES_TABLE = """
CREATE TABLE IF NOT EXISTS compartment_releases (
    release_id VARCHAR PRIMARY KEY,
    entity_id VARCHAR NOT NULL,
    compartment VARCHAR NOT NULL,
    requested_by VARCHAR NOT NULL,
    request_reason VARCHAR NOT NULL,
    requested_at VARCHAR NOT NULL,
    approved_by VARCHAR,
    approval_reason VARCHAR,
    approved_at VARCHAR,
    until VARCHAR           -- ISO date the release ends (inclusive), NULL: no end
)
"""


@dataclass(frozen=True)
class Release:
    """A request to see one entity's compartmented values, and its approval."""

    release_id: str
    entity_id: str
    compartment: str
    requested_by: str
    request_reason: str
    requested_at: str
    approved_by: str | None = None
    approval_reason: str | None = None
    approved_at: str | None = None
    until: str | None = None

    def in_force(self, today: date | None = None) -> bool:
        """Approved, and not past its end date."""
        today = today or datetime.now(UTC).date()
        return self.approved_by is not None and (
            self.until is None or date.fromisoformat(self.until) >= today)

    def as_row(self, today: date | None = None) -> dict[str, Any]:
        """The release as a listing row (``tnoc release list``)."""
        state = ("in force" if self.in_force(today) else
                 "requested" if self.approved_by is None else "ended")
        return {"release": self.release_id, "entity": self.entity_id,
                "compartment": self.compartment, "state": state,
                "requested_by": self.requested_by, "reason": self.request_reason,
                "approved_by": self.approved_by or "",
                "approval_reason": self.approval_reason or "", "until": self.until or ""}


def compartment_of(con: duckdb.DuckDBPyConnection, entity_id: str) -> str | None:
    """The compartment whose values ``entity_id`` holds, or None."""
    if not has_table(con, "compartment_entities"):
        return None
    rows = con.execute("SELECT min(compartment) FROM compartment_entities "
                       "WHERE entity_id = ?", [entity_id]).fetchall()
    return None if rows[0][0] is None else str(rows[0][0])


def releases(con: duckdb.DuckDBPyConnection) -> list[Release]:
    """Every release of the case, oldest request first."""
    if not has_table(con, "compartment_releases"):
        return []
    cur = con.execute("SELECT * FROM compartment_releases ORDER BY requested_at, release_id")
    names = [d[0] for d in cur.description]
    return [Release(**dict(zip(names, row, strict=True))) for row in cur.fetchall()]


def withheld_entities(con: duckdb.DuckDBPyConnection, user: str,
                      today: date | None = None) -> set[str]:
    """The compartmented entities whose values ``user`` may not see: all of them but
    those of a release in force that ``user`` requested."""
    if not has_table(con, "compartment_entities"):
        return set()
    marked = {str(r[0]) for r in con.execute(
        "SELECT DISTINCT entity_id FROM compartment_entities").fetchall()}
    released = {r.entity_id for r in releases(con)
                if r.requested_by == user and r.in_force(today)}
    return marked - released


def withheld_marker(count: int, compartment: str = "reporter") -> str:
    """The words a face shows for what the compartment kept back."""
    return (f"{count} {'value' if count == 1 else 'values'} in the {compartment} "
            "compartment withheld")


def _masked(rows: list[dict[str, Any]], withheld: set[str]) -> list[dict[str, Any]]:
    """``rows`` (links, timeline, referrers...) with a withheld entity's caption made its
    id: a link to a reporter must not name them."""
    out = []
    for row in rows:
        row = dict(row)
        for key, caption in (("counterpart", "counterpart_caption"), ("entity", "caption"),
                             ("entity_id", "caption")):
            if str(row.get(key)) in withheld and caption in row:
                row[caption] = str(row[key])
        out.append(row)
    return out


def withhold_view(view: Any, withheld: set[str]) -> tuple[Any, int]:
    """``view`` (a :class:`tnoc.store.query.EntityView`) without the values of the
    entities ``withheld`` (their ``id`` statement stays: that the report has a
    reporter is not secret), a withheld entity captioned by its id (the view's own,
    and those of the entities referring to it), and how many values were left out."""
    kept = [s for s in view.statements
            if s.get("entity_id") not in withheld or s.get("prop") == "id"]
    hidden = len(view.statements) - len(kept)
    return replace(view, statements=kept,
                   caption=view.id if hidden else view.caption,
                   referenced_by=_masked(view.referenced_by, withheld)), hidden


def withhold_dossier(found: Any, withheld: set[str]) -> Any:
    """A :class:`tnoc.store.dossier.Dossier` without the values of the entities
    ``withheld`` (the ``id`` stays) and with every link, dated fact, candidate or
    judgement naming one of them captioned by its id; the values left out are counted
    in ``compartment_withheld``."""
    if withheld & set(found.members):
        kept = [p for p in found.properties if p.get("prop") == "id"]
        hidden = sum(len(p.get("values", ())) for p in found.properties
                     if p.get("prop") != "id")
        found = replace(found, properties=kept, caption=found.id,
                        compartment_withheld=hidden)
    sections = {name: {k: replace(v, rows=_masked(v.rows, withheld))
                       for k, v in getattr(found, name).items()}
                for name in ("links_out", "links_in")}
    # a value naming a withheld entity (a report's reporter) is its id, not its name
    properties = [{**p, "values": _masked(p.get("values", []), withheld)}
                  for p in found.properties]
    return replace(found, **sections, properties=properties,
                   timeline=replace(found.timeline,
                                    rows=_masked(found.timeline.rows, withheld)),
                   candidates=_masked(found.candidates, withheld),
                   judgements=_masked(found.judgements, withheld),
                   analyses=_masked(found.analyses, withheld))


def _event(release: Release, change: str, by: str) -> CustodyEvent:
    return CustodyEvent(
        event_type=RELEASE_EVENT, item_id=f"release:{release.release_id}", actor=by,
        item_sha256=None, purpose=f"{change} release of {release.compartment} values "
        f"of {release.entity_id}", method="tnoc release",
        details={"release": release.release_id, "entity": release.entity_id,
                 "compartment": release.compartment, "change": change, "by": by,
                 "requested_by": release.requested_by,
                 "reason": release.request_reason if change == "requested"
                 else release.approval_reason, "until": release.until})


def _reason(reason: str) -> str:
    if not reason.strip():
        raise TnocError("a release needs a reason (--reason TEXT): why this reporter's "
                        "identity is needed")
    return reason.strip()


def request_release(con: duckdb.DuckDBPyConnection, entity_id: str, reason: str,
                    user: str, by: Signer) -> Release:
    """Ask for ``entity_id``'s compartmented values (caller's transaction, signed
    entry). Releases nothing by itself."""
    compartment = compartment_of(con, entity_id)
    if compartment is None:
        raise TnocError(f"{entity_id} holds no compartmented values; 'tnoc release list' "
                        "shows the releases, 'tnoc show' the entity")
    now = datetime.now(UTC).isoformat()
    release_id = "rel-" + hashlib.sha256(
        f"{entity_id}\x1f{user}\x1f{now}".encode()).hexdigest()[:12]
    release = Release(release_id, entity_id, compartment, user, _reason(reason), now)
    con.execute(RELEASES_TABLE)
    con.execute("INSERT INTO compartment_releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [release.release_id, release.entity_id, release.compartment,
                 release.requested_by, release.request_reason, release.requested_at,
                 None, None, None, None])
    append_events(con, [_event(release, "requested", user)], key=by)
    return release


def approve_release(con: duckdb.DuckDBPyConnection, release_id: str, reason: str,
                    user: str, by: Signer, until: str | None = None) -> Release:
    """Approve a requested release as ``user`` (the gate has checked they are a
    supervisor), who must not be the requester (four eyes); ``until``: an ISO date the
    release ends (inclusive). Caller's transaction, signed entry."""
    found = [r for r in releases(con) if r.release_id == release_id]
    if not found:
        raise TnocError(f"no release {release_id!r} in this case; 'tnoc release list' "
                        "shows them")
    release = found[0]
    if release.requested_by == user:
        raise Refused(f"{user} requested release {release_id}: a second person "
                      "approves it, not the requester (another supervisor runs 'tnoc "
                      f"release approve {release_id} --reason TEXT')")
    if release.approved_by is not None:
        raise TnocError(f"release {release_id} was already approved by "
                        f"{release.approved_by}")
    if until is not None:
        try:
            date.fromisoformat(until)
        except ValueError:
            raise TnocError(f"--until {until!r}: expected a date, YYYY-MM-DD") from None
    approved = replace(release, approved_by=user, approval_reason=_reason(reason),
                       approved_at=datetime.now(UTC).isoformat(), until=until)
    con.execute("UPDATE compartment_releases SET approved_by = ?, approval_reason = ?, "
                "approved_at = ?, until = ? WHERE release_id = ?",
                [approved.approved_by, approved.approval_reason, approved.approved_at,
                 approved.until, release_id])
    append_events(con, [_event(approved, "approved", user)], key=by)
    return approved
