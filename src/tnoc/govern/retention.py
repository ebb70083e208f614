"""Retention periods, review dates and legal holds, kept in the signed custody ledger.

EU Directive 2016/680 (the Law Enforcement Directive) art. 5 asks for time limits for
the storage of personal data or for a periodic review of the need to keep them. Here a
supervisor sets, per source or per dataset, a date to keep the data until and a date to
review it (``retention-set`` ledger entries); :func:`due` lists the sources whose review
or time limit has come. Nothing is deleted automatically: a supervisor reviews and, if
the data must go, erases them (:mod:`tnoc.govern.erasure`).

A legal hold (a court order, a pending appeal, a preservation request) stops erasure
of an entity or of anything a source stated until it is released (``hold-placed`` and
``hold-released`` entries). The state is read back from the ledger alone, the latest
entry for a target winning, so it carries the ledger's chain and signatures: no side
table to edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from tnoc.errors import Refused, TnocError
from tnoc.ledger.custody import CustodyEvent, record_event

__all__ = ["DueSource", "Hold", "HoldError", "RetentionRule", "due", "holds",
           "place_hold", "refuse_if_held", "release_hold", "retention_rules",
           "set_retention", "source_named"]

HOLD_PLACED, HOLD_RELEASED, RETENTION_SET = "hold-placed", "hold-released", "retention-set"


class HoldError(Refused):
    """An erasure refused because a legal hold covers what it would remove."""


@dataclass(frozen=True)
class Hold:
    """A legal hold in force: on an entity or a source, who placed it, when and why."""

    kind: str  # "entity" or "source"
    target: str  # entity id or source id
    name: str  # the entity's caption or the source's file name
    reason: str
    placed_by: str
    placed_at: str

    def __str__(self) -> str:
        return (f"legal hold on {self.kind} {self.name!r} ({self.target}) placed by "
                f"{self.placed_by} at {self.placed_at}: {self.reason}")


@dataclass(frozen=True)
class RetentionRule:
    """A retention setting in force for a source or a whole dataset."""

    kind: str  # "source" or "dataset"
    target: str
    name: str
    keep_until: date
    review: date
    reason: str
    set_by: str
    set_at: str


@dataclass(frozen=True)
class DueSource:
    """A source whose review date or time limit has come, and the rule that says so."""

    source_id: str
    file_name: str
    dataset: str
    keep_until: date
    review: date
    why: str  # "time limit reached" or "review due"
    rule: str  # "source" or "dataset NAME"
    reason: str
    set_by: str


def source_named(con: duckdb.DuckDBPyConnection, reference: str) -> tuple[str, str] | None:
    """(source id, file name) of the source whose id or file name is ``reference``;
    None when no source has it. A file name several sources share is an error."""
    rows = con.execute("SELECT source_id, file_name FROM sources WHERE source_id = $r "
                       "OR file_name = $r ORDER BY source_id", {"r": reference}).fetchall()
    exact = [r for r in rows if r[0] == reference]
    if exact or len(rows) == 1:
        return str((exact or rows)[0][0]), str((exact or rows)[0][1])
    if rows:
        raise TnocError(f"{len(rows)} sources are files named {reference!r}: "
                        + ", ".join(str(r[0]) for r in rows) + "; give the source id")
    return None


def _entries(con: duckdb.DuckDBPyConnection, *types: str) -> list[dict[str, Any]]:
    rows = con.execute("SELECT event_type, actor, occurred_at, details FROM custody_events "
                       "WHERE list_contains($types, event_type) ORDER BY seq",
                       {"types": list(types)}).fetchall()
    return [{"type": t, "actor": a, "at": at, **json.loads(d or "{}")} for t, a, at, d in rows]


def holds(con: duckdb.DuckDBPyConnection) -> list[Hold]:
    """The legal holds in force, in the order they were placed."""
    current: dict[tuple[str, str], Hold] = {}
    for entry in _entries(con, HOLD_PLACED, HOLD_RELEASED):
        hold = entry.get("hold") or {}
        key = (str(hold.get("kind")), str(hold.get("target")))
        if entry["type"] == HOLD_RELEASED:
            current.pop(key, None)
        else:
            current[key] = Hold(*key, str(hold.get("name")), str(hold.get("reason")),
                                str(entry["actor"]), str(entry["at"]))
    return list(current.values())


EntityLookup = Callable[[str], str]
"""Finds the canonical entity a reference (id or name) names, as the member asking may
see it (the service's ``CaseService.resolve_names``), or raises the missing-entity
error."""


def _target(con: duckdb.DuckDBPyConnection, reference: str,
            find: EntityLookup | None = None) -> tuple[str, str, str]:
    """(kind, id, name) of a source (id or file name) or else an entity (id or name,
    looked up with ``find``, by default over the whole case)."""
    from tnoc.store.lookup import captions, find_entity

    source = source_named(con, reference)
    if source is not None:
        return "source", *source
    entity = find(reference) if find is not None else find_entity(con, reference)
    return "entity", entity, captions(con, [entity])[entity]


def _reason(reason: str) -> str:
    if not reason.strip():
        raise TnocError("a reason is required (--reason): the ledger records why")
    return reason.strip()


def place_hold(con: duckdb.DuckDBPyConnection, reference: str, reason: str,
               actor: str, find: EntityLookup | None = None) -> Hold:
    """Place a legal hold on the source or entity ``reference`` names (caller's
    transaction; an entity looked up with ``find``); refused if one is already in force
    on it."""
    kind, target, name = _target(con, reference, find)
    for hold in holds(con):
        if (hold.kind, hold.target) == (kind, target):
            raise TnocError(f"already held: {hold}")
    record_event(con, CustodyEvent(
        event_type=HOLD_PLACED, item_id=target, item_sha256=None, actor=actor,
        purpose=_reason(reason), method="tnoc hold add",
        legal_authority=reason.strip(),
        details={"hold": {"kind": kind, "target": target, "name": name,
                          "reason": reason.strip()}}))
    return holds(con)[-1]


def release_hold(con: duckdb.DuckDBPyConnection, reference: str, reason: str,
                 actor: str, find: EntityLookup | None = None) -> Hold:
    """Release the legal hold on ``reference`` (caller's transaction; an entity looked
    up with ``find``); returns the hold that was in force. No hold in force on it is an
    error."""
    kind, target, name = _target(con, reference, find)
    found = [h for h in holds(con) if (h.kind, h.target) == (kind, target)]
    if not found:
        raise TnocError(f"no legal hold in force on {kind} {name!r} ({target}); "
                        "'tnoc hold list' shows them")
    record_event(con, CustodyEvent(
        event_type=HOLD_RELEASED, item_id=target, item_sha256=None, actor=actor,
        purpose=_reason(reason), method="tnoc hold remove",
        details={"hold": {"kind": kind, "target": target, "name": name,
                          "reason": reason.strip()}}))
    return found[0]


def refuse_if_held(con: duckdb.DuckDBPyConnection, entities: list[str],
                   sources: list[str]) -> None:
    """Raise :class:`HoldError` naming every hold in force on one of ``entities`` or
    ``sources`` (what an erasure would change)."""
    blocking = [h for h in holds(con)
                if h.target in (entities if h.kind == "entity" else sources)]
    if blocking:
        raise HoldError("erasure refused: " + "; ".join(str(h) for h in blocking)
                        + ". Nothing was erased; the hold must be released first "
                          "('tnoc hold remove')")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TnocError(f"{option} {text!r} is not a date; expected YYYY-MM-DD") from None


def set_retention(con: duckdb.DuckDBPyConnection, source: str | None, dataset: str | None,
                  keep_until: str, review: str, reason: str, actor: str) -> RetentionRule:
    """Set the time limit and review date of a source (id or file name) or of a
    dataset (every source of it without a setting of its own); caller's transaction."""
    if (source is None) == (dataset is None):
        raise TnocError("give either a SOURCE (id or file name) or --dataset NAME")
    until, review_on = _day(keep_until, "--keep-until"), _day(review, "--review")
    if review_on > until:
        raise TnocError(f"the review date {review_on} is after the time limit {until}: "
                        "the data must be reviewed before the limit comes")
    if source is not None:
        found = source_named(con, source)
        if found is None:
            raise TnocError(f"no source with the id or file name {source!r}; "
                            "'tnoc sources' lists them")
        kind, target, name = "source", *found
    else:
        assert dataset is not None
        datasets = sorted(str(r[0]) for r in con.execute(
            "SELECT DISTINCT dataset FROM sources WHERE dataset IS NOT NULL").fetchall())
        if dataset not in datasets:
            raise TnocError(f"no dataset {dataset!r} in this case; its datasets: "
                            + ", ".join(datasets))
        kind, target, name = "dataset", dataset, dataset
    record_event(con, CustodyEvent(
        event_type=RETENTION_SET, item_id=target, item_sha256=None, actor=actor,
        purpose=_reason(reason), method="tnoc retention set",
        details={"retention": {"kind": kind, "target": target, "name": name,
                               "keep_until": until.isoformat(),
                               "review": review_on.isoformat(),
                               "reason": reason.strip()}}))
    return retention_rules(con)[(kind, target)]


def retention_rules(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], RetentionRule]:
    """(kind, target) -> the retention setting in force (the latest for it)."""
    rules: dict[tuple[str, str], RetentionRule] = {}
    for entry in _entries(con, RETENTION_SET):
        r = entry.get("retention") or {}
        key = (str(r.get("kind")), str(r.get("target")))
        rules[key] = RetentionRule(*key, str(r.get("name")),
                                   date.fromisoformat(str(r.get("keep_until"))),
                                   date.fromisoformat(str(r.get("review"))),
                                   str(r.get("reason")), str(entry["actor"]),
                                   str(entry["at"]))
    return rules


def due(con: duckdb.DuckDBPyConnection, on: date) -> list[DueSource]:
    """Sources whose time limit or review date is ``on`` or earlier, by file name. A
    source's own setting wins over its dataset's."""
    rules = retention_rules(con)
    out = []
    for source_id, file_name, dataset in con.execute(
            "SELECT source_id, file_name, dataset FROM sources "
            "ORDER BY file_name, source_id").fetchall():
        rule = rules.get(("source", str(source_id))) or rules.get(("dataset", str(dataset)))
        if rule is None or min(rule.review, rule.keep_until) > on:
            continue
        why = "time limit reached" if rule.keep_until <= on else "review due"
        out.append(DueSource(str(source_id), str(file_name), str(dataset), rule.keep_until,
                             rule.review, why, "source" if rule.kind == "source"
                             else f"dataset {rule.target}", rule.reason, rule.set_by))
    return out
