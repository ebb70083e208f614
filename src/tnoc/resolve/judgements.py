"""Judgements: an analyst's verdict on a pair, and the canonical ids that follow.

* ``positive`` (same entity), ``negative`` (not the same), ``unsure``; each a record with
  author and time, never edited. Undoing a judgement is a new ``undo`` record.
* Canonical ids follow positive judgements transitively (connected components); the
  canonical id of a cluster is its smallest member id, so it is stable and readable.
* A negative judgement between two clusters blocks any positive judgement that would
  join them: the merge is refused and the conflict named (:class:`MergeConflict`).
* Applying the judgements sets ``merged_into`` on the statements of merged entities and
  clears it on all others: undo a merge and the entities are separate again. Statements
  themselves are never changed or deleted.

The same logic as nomenklatura's resolver (OpenSanctions), written against our store.
"""

from __future__ import annotations

import getpass
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from tnoc.disjoint_sets import DisjointSets
from tnoc.errors import TnocError
from tnoc.ledger.custody import record_analysis
from tnoc.resolve.schemata import candidate_schema, common_schema
from tnoc.store.merged import apply_canonical_ids
from tnoc.store.query import scalar
from tnoc.store.resolution_tables import ensure
from tnoc.store.schema import DEEPEST_SCHEMA_SQL

VERDICTS = ("positive", "negative", "unsure")


class MergeConflict(TnocError):
    """A positive judgement would join entities judged not to be the same."""


class IncompatibleSchemata(TnocError):
    """A positive judgement would join entities that cannot be one object (a Person and
    an Organization): refused unless forced with a recorded reason."""


@dataclass(frozen=True)
class Judgement:
    """One active judgement."""

    judgement_id: str
    left_id: str
    right_id: str
    verdict: str
    author: str
    created_at: datetime


def active_judgements(con: duckdb.DuckDBPyConnection) -> list[Judgement]:
    """Judgements not undone, oldest first."""
    ensure(con)
    rows = con.execute(
        "SELECT judgement_id, left_id, right_id, verdict, author, created_at "
        "FROM judgements_active ORDER BY seq"
    ).fetchall()
    return [Judgement(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), r[5])
            for r in rows]


def _clusters(judgements: list[Judgement]) -> DisjointSets:
    """Entities judged the same, linked transitively (positive judgements only)."""
    clusters = DisjointSets()
    for j in judgements:
        if j.verdict == "positive":
            clusters.union(j.left_id, j.right_id)
    return clusters


def _check_conflict(judgements: list[Judgement], left: str, right: str) -> None:
    clusters = _clusters(judgements)
    a, b = clusters.find(left), clusters.find(right)
    if a == b:
        return
    for j in judgements:
        if j.verdict != "negative":
            continue
        x, y = clusters.find(j.left_id), clusters.find(j.right_id)
        if {x, y} == {a, b}:
            raise MergeConflict(
                f"merging {left} and {right} would join {j.left_id} and {j.right_id}, "
                f"judged not the same by {j.author} at {j.created_at:%Y-%m-%d %H:%M} "
                f"({j.judgement_id}); undo that judgement first"
            )


def _entity_exists(con: duckdb.DuckDBPyConnection, entity_id: str) -> None:
    if scalar(con, "SELECT 1 FROM statement_store WHERE entity_id = ? LIMIT 1",
              [entity_id]) is None:
        raise TnocError(f"no entity with id {entity_id!r} in this case")


def _schema_of(con: duckdb.DuckDBPyConnection, members: list[str]) -> list[tuple[str, str]]:
    """(entity, deepest schema) of each member of a cluster."""
    rows = con.execute(
        f"SELECT s.entity_id, {DEEPEST_SCHEMA_SQL} "
        "FROM statement_store s LEFT JOIN schemata sc ON sc.name = s.schema "
        "WHERE s.entity_id IN (SELECT unnest($m)) "
        "GROUP BY s.entity_id ORDER BY s.entity_id", {"m": members}).fetchall()
    return [(str(e), str(schema)) for e, schema in rows]


def _article(schema: str) -> str:
    return ("an " if schema[:1].upper() in "AEIOU" else "a ") + schema


def _sides(judgements: list[Judgement], left: str, right: str) -> list[list[str]]:
    """The members of the clusters of ``left`` and ``right``."""
    clusters = _clusters(judgements)
    groups = clusters.members()
    return [groups.get(clusters.find(x), [x]) for x in (left, right)]


def _check_objects(con: duckdb.DuckDBPyConnection, judgements: list[Judgement], left: str,
                   right: str) -> None:
    """Refuse, always, to merge what cannot be one object with anything: a call, a
    payment, a sanction, an ownership (FtM: not matchable, or a link)."""
    for side in _sides(judgements, left, right):
        for entity, schema in _schema_of(con, side):
            if not candidate_schema(schema):
                raise TnocError(
                    f"{entity} is {_article(schema)}, an event, a link or a record about "
                    "an entity, not an object that another entity could be: it is never "
                    f"merged, so {left} and {right} are not merged")


def _check_schemata(con: duckdb.DuckDBPyConnection, judgements: list[Judgement], left: str,
                    right: str) -> None:
    """Refuse to join clusters whose schemata have no common schema (FtM)."""
    sides = _sides(judgements, left, right)
    for a, schema_a in _schema_of(con, sides[0]):
        for b, schema_b in _schema_of(con, sides[1]):
            if common_schema(schema_a, schema_b) is None:
                raise IncompatibleSchemata(
                    f"{a} is {_article(schema_a)} and {b} is {_article(schema_b)}: they "
                    "cannot be one "
                    f"entity, so {left} and {right} are not merged; if you are sure, "
                    "merge with --force and give the --reason, which is recorded")


def judge(
    con: duckdb.DuckDBPyConnection, left_id: str, right_id: str, verdict: str,
    author: str | None = None, note: str | None = None, force: bool = False,
) -> str:
    """Record a judgement on a pair and re-apply canonical ids; returns its id.

    A positive judgement between entities whose schemata cannot be one object (FtM's
    common schema: a Person and an Organization) is refused with
    :class:`IncompatibleSchemata`, unless ``force`` is given with a ``note`` saying why;
    the note is recorded with the judgement. Events, links and records about an entity
    (a Call, a Payment, a Sanction) are never merged, forced or not; nor are two
    entities already merged. Every judgement is also an entry of the custody ledger."""
    ensure(con)
    if verdict not in VERDICTS:
        raise TnocError(f"unknown verdict {verdict!r}; use one of {', '.join(VERDICTS)}")
    if left_id == right_id:
        raise TnocError("a judgement needs two different entities")
    for entity in (left_id, right_id):
        _entity_exists(con, entity)
    current = active_judgements(con)
    if verdict == "positive":
        if _clusters(current).find(left_id) == _clusters(current).find(right_id):
            raise TnocError(f"{left_id} and {right_id} are already merged")
        _check_objects(con, current, left_id, right_id)
        _check_conflict(current, left_id, right_id)
        if force:
            if not (note or "").strip():
                raise TnocError("a forced merge needs a reason (--reason), which is recorded")
            note = f"forced across schemata: {note}"
        else:
            _check_schemata(con, current, left_id, right_id)
    clusters = _clusters(current)
    if verdict == "negative" and clusters.find(left_id) == clusters.find(right_id):
        raise MergeConflict(f"{left_id} and {right_id} are merged by earlier positive "
                            "judgements; undo them (tnoc split) before judging them apart")
    return _record(con, left_id, right_id, verdict, None, author, note)


def merged_as(con: duckdb.DuckDBPyConnection, left_id: str, right_id: str) -> str:
    """The canonical id two entities just judged the same now share (``left_id`` when
    the canonical map has neither): what a merge says it made."""
    row = con.execute("SELECT canonical_id FROM canonical_map WHERE entity_id IN (?, ?) "
                      "LIMIT 1", [left_id, right_id]).fetchone()
    return str(row[0]) if row else left_id


def judgement_notes(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """Every judgement's note (the analyst's reason) by its id; the listing of the
    judgements in force shows each with why it was made."""
    ensure(con)
    return dict(con.execute("SELECT judgement_id, note FROM judgements").fetchall())


def _record(con: duckdb.DuckDBPyConnection, left: str | None, right: str | None, verdict: str,
            undoes: str | None, author: str | None, note: str | None) -> str:
    judgement_id = "jdg-" + uuid.uuid4().hex[:12]
    seq = scalar(con, "SELECT coalesce(max(seq), 0) + 1 FROM judgements") or 1
    actor = author or getpass.getuser()
    con.execute(
        "INSERT INTO judgements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [judgement_id, seq, left, right, verdict, undoes, actor,
         datetime.now(UTC), note],
    )
    apply_canonical_ids(con)
    record_analysis(con, f"judgement ({verdict})", judgement_id, actor=actor,
                    purpose="entity resolution: an analyst's judgement",
                    results=[judgement_id], left=left, right=right, verdict=verdict,
                    undoes=undoes, note=note)
    return judgement_id


def undo(con: duckdb.DuckDBPyConnection, judgement_id: str, author: str | None = None,
         note: str | None = None) -> str:
    """Undo an active judgement (recorded as a new judgement) and re-apply canonical ids."""
    ensure(con)
    if judgement_id not in {j.judgement_id for j in active_judgements(con)}:
        raise TnocError(f"no active judgement {judgement_id!r}")
    return _record(con, None, None, "undo", judgement_id, author, note)


def split(con: duckdb.DuckDBPyConnection, entity_id: str, author: str | None = None,
          note: str | None = None) -> list[Judgement]:
    """Undo every positive judgement touching ``entity_id`` (``note``: why, recorded
    with each undo after ``split ENTITY``); returns the judgements undone."""
    undone = []
    why = f"split {entity_id}" + (f": {note}" if (note or "").strip() else "")
    for j in active_judgements(con):
        if j.verdict == "positive" and entity_id in (j.left_id, j.right_id):
            undo(con, j.judgement_id, author, note=why)
            undone.append(j)
    if not undone:
        raise TnocError(f"{entity_id} is not merged with anything")
    return undone
