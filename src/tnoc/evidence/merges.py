"""Merges against the judgements that explain them, for ``tnoc verify``.

A merge is not an edit of any statement: ``statement_store.merged_into`` names the
canonical entity a statement's entity was merged into, and the seals of
:mod:`tnoc.store.seals` leave it out on purpose (a judgement must not break the seal
of the source it touches). So it needs its own check, or ``UPDATE statement_store SET
merged_into = ...`` would fuse two people without anyone having judged them the same.

Every judgement (positive, negative, unsure, undo) is recorded in the signed ledger as
it is made (:func:`tnoc.resolve.judgements.judge`, details ``left``, ``right``,
``verdict``, ``undoes``). This module

1. compares the ``judgements`` table with those ledger entries: a judgement in the
   table that no entry records was inserted; one whose sides or verdict differ was
   edited; a recorded one missing from the table was deleted;
2. recomputes the merges from the recorded judgements (active positive judgements,
   linked transitively, the smallest id of each cluster canonical, as
   :func:`tnoc.store.merged.apply_canonical_ids` does) and compares them with
   ``merged_into``, naming each entity merged without a judgement, or left apart
   although judged the same. An entity an erasure tombstone names
   (:mod:`tnoc.store.tombstones`) has no statements left to merge and is not
   compared; a network-measures run an erasure resealed is checked against the digest
   the tombstone signed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from tnoc.disjoint_sets import DisjointSets
from tnoc.exchange.handling import entity_digest
from tnoc.store.lookup import captions
from tnoc.store.tombstones import erased_entities, resealed_measures

SHOWN = 5  # differences named one by one; the rest counted

RECORDED_SQL = """
SELECT item_id, details FROM custody_events
WHERE event_type = 'analysed' AND json_extract_string(details, '$.analysis')
      LIKE 'judgement (%'
ORDER BY seq
"""


@dataclass(frozen=True)
class RecordedJudgement:
    """A judgement as its signed ledger entry records it."""

    judgement_id: str
    left_id: str | None
    right_id: str | None
    verdict: str
    undoes: str | None


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                            [name]).fetchall()[0][0])


def recorded_judgements(con: duckdb.DuckDBPyConnection) -> list[RecordedJudgement]:
    """The judgements the ledger records, oldest first."""
    out = []
    for item_id, details in con.execute(RECORDED_SQL).fetchall():
        d = json.loads(details or "{}")
        out.append(RecordedJudgement(str(item_id), d.get("left"), d.get("right"),
                                     str(d.get("verdict")), d.get("undoes")))
    return out


def expected_merges(judgements: list[RecordedJudgement]) -> dict[str, str]:
    """member -> canonical id from the active positive judgements (see the module)."""
    undone = {j.undoes for j in judgements if j.verdict == "undo"}
    clusters = DisjointSets()
    for j in judgements:
        if (j.verdict == "positive" and j.judgement_id not in undone
                and j.left_id and j.right_id):
            clusters.union(j.left_id, j.right_id)
    return clusters.canonical()


def verify_merges(con: duckdb.DuckDBPyConnection, id_key: bytes | None = None
                  ) -> list[tuple[str, str]]:
    """(item, what differs) for every judgement or merge the signed ledger does not
    explain; empty when every merge is a recorded judgement's."""
    recorded = recorded_judgements(con)
    problems: list[tuple[str, str]] = []
    table_rows = con.execute(
        "SELECT judgement_id, left_id, right_id, verdict, undoes FROM judgements "
        "ORDER BY seq").fetchall() if _has_table(con, "judgements") else []
    if table_rows and not recorded:  # judged before judgements were recorded: the
        # table is all there is to explain the merges
        recorded = [RecordedJudgement(str(r[0]), r[1], r[2], str(r[3]), r[4])
                    for r in table_rows]
    elif table_rows or recorded:
        by_id = {j.judgement_id: j for j in recorded}
        table = {str(r[0]): RecordedJudgement(str(r[0]), r[1], r[2], str(r[3]), r[4])
                 for r in table_rows}
        for jid, row in table.items():
            entry = by_id.get(jid)
            if entry is None:
                problems.append((f"judgement {jid}", f"{row.verdict} {row.left_id} ~ "
                                 f"{row.right_id}: no ledger entry records it (inserted)"))
            elif entry != row:
                problems.append((f"judgement {jid}", f"recorded as {entry.verdict} "
                                 f"{entry.left_id} ~ {entry.right_id}, the table holds "
                                 f"{row.verdict} {row.left_id} ~ {row.right_id} (edited)"))
        problems += [(f"judgement {j.judgement_id}", f"{j.verdict} {j.left_id} ~ "
                      f"{j.right_id} is in the ledger but not in the table (deleted)")
                     for j in recorded if j.judgement_id not in table]
    expected = expected_merges(recorded)
    stored = {str(e): str(c) for e, c in con.execute(
        "SELECT DISTINCT entity_id, merged_into FROM statement_store "
        "WHERE merged_into IS NOT NULL").fetchall()}
    # an erased entity has no statements left to merge: its tombstone explains that
    # (by keyed digest since tombstones stopped naming ids: ``id_key``)
    erased = erased_entities(con)
    wrong = sorted(e for e in stored.keys() | expected.keys()
                   if stored.get(e) != expected.get(e) and e not in erased
                   and (id_key is None or entity_digest(id_key, e) not in erased))
    if wrong:
        names = captions(con, sorted({*wrong, *(stored.get(e) or expected.get(e) or e
                                                for e in wrong)}), merged=False)
        for entity in wrong[:SHOWN]:
            now, judged = stored.get(entity), expected.get(entity)
            what = (f"merged into {names.get(now, now)} ({now})" if now
                    else "not merged")
            why = (f"the recorded judgements merge it into {names.get(judged, judged)} "
                   f"({judged})" if judged else "no recorded judgement merges it")
            problems.append((f"{names.get(entity, entity)} ({entity})",
                             f"{what}, but {why}: merged_into edited"))
        if len(wrong) > SHOWN:
            problems.append(("merges", f"... and {len(wrong) - SHOWN:,} more entities "
                             "whose merge no recorded judgement explains"))
    return problems


def verify_measures(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(item, what differs) for each stored network-measures run whose rows no longer
    give the digest its ledger entry sealed (``measures_sha256``, written since session
    18; earlier runs carry none and are not checked)."""
    from tnoc.graph.results import measures_digest

    if not _has_table(con, "node_measures"):
        return []
    problems = []
    resealed = resealed_measures(con)
    for seq, item_id, details in con.execute(
            "SELECT seq, item_id, details FROM custody_events WHERE event_type = 'analysed' "
            "AND json_extract_string(details, '$.analysis') = 'network measures' "
            "AND json_exists(details, '$.measures_sha256') ORDER BY seq").fetchall():
        d = json.loads(details or "{}")
        # an erasure took the erased entity's rows out and resealed what it left
        sealed = resealed.get((str(item_id), str(d.get("stored_at"))), d["measures_sha256"])
        if measures_digest(con, str(item_id), str(d.get("stored_at"))) != sealed:
            problems.append((f"network measures {item_id} of {d.get('stored_at')}",
                             f"its stored values are not the ones ledger entry {seq} "
                             "sealed: node_measures edited (re-run tnoc network measures "
                             "to recompute them)"))
    return problems


def _describe(parameters: object) -> str:
    """A projection as its signed entry's parameters give it (``datasets caviar``)."""
    if not isinstance(parameters, dict):
        return ""
    shown = [f"{k} {', '.join(map(str, v)) if isinstance(v, list) else v}"
             for k, v in parameters.items() if v not in (None, [], (), "", True)]
    return f" ({'; '.join(shown)})" if shown else ""


def verify_projections(con: duckdb.DuckDBPyConnection
                       ) -> tuple[list[tuple[str, str]], list[str]]:
    """(problems, warnings) for the ``projections`` table: which network each run
    projected (schemata, sources, weight, node and tie counts ...). Every run's ledger
    entry (``network measures``, ``disruption``) seals its row field by field
    (``projection_sha256``, :func:`tnoc.graph.results.projection_seal`); a field whose
    digest differs is named, a sealed row missing is named deleted. A row no entry
    seals is a problem when stored after the first sealed run (inserted), a warning
    when older (stored before projections were sealed)."""
    from tnoc.graph.results import projection_digests

    if not _has_table(con, "projections"):
        return [], []
    problems: list[tuple[str, str]] = []
    sealed: set[tuple[str, str]] = set()
    first: str | None = None
    for seq, details in con.execute(
            "SELECT seq, details FROM custody_events WHERE event_type = 'analysed' "
            "AND json_exists(details, '$.projection_sha256') ORDER BY seq").fetchall():
        d = json.loads(details or "{}")
        seal = d["projection_sha256"] or {}
        projection, at = str(seal.get("projection")), str(seal.get("projected_at"))
        first = first or at
        key = con.execute("SELECT ?::TIMESTAMPTZ", [at]).fetchall()[0][0]
        sealed.add((projection, str(key)))
        name = f"{projection}{_describe(seal.get('parameters'))} of {at}"
        recorded = seal.get("fields") or {}
        now = projection_digests(con, projection, at)
        if not now:
            problems.append((name, f"the row ledger entry {seq} sealed is missing from "
                             "projections (deleted)"))
            continue
        changed = [f for f in sorted(recorded.keys() | now.keys())
                   if recorded.get(f) != now.get(f)]
        if changed:
            problems.append((name, f"{', '.join(changed)} differ from the values ledger "
                             f"entry {seq} sealed: projections edited"))
    old = 0
    for projection, at, after in con.execute(
            "SELECT projection_id, run_at, run_at >= ?::TIMESTAMPTZ FROM projections "
            "ORDER BY run_at", [first or "infinity"]).fetchall():
        if (str(projection), str(at)) in sealed:
            continue
        if after:
            problems.append((f"{projection} of {at}", "no ledger entry seals "
                             "this projections row (inserted)"))
        else:
            old += 1
    warnings = [f"{old:,} projections rows stored before projections were sealed: not "
                "checked (re-run tnoc network measures to seal them)"] if old else []
    return problems, warnings
