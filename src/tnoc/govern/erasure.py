"""Erasure of a person's (or any entity's) data from the case, with a signed tombstone.

EU Directive 2016/680 art. 16 gives the right to erasure where processing is no longer
lawful or the time limit has come (art. 5). :func:`erase_entity` removes, in one
transaction:

* every statement of the entity and of the entities merged into it, from every source
  (``statement_store``: so from every view, ``tnoc search``, ``tnoc show`` and every
  export made afterwards: FtM, STIX, MISP, CASE/UCO, GraphML, Parquet);
* the links to it: a statement of another entity whose value is the erased entity's id
  (a call's ``caller``, an ownership's ``owner``, a disruption step's ``removed``), and
  on those linking entities every value repeating one of the erased entity's names or
  identifiers (the call's ``callerNumber``, the erased person's phone). The link entity
  itself stays with its other values (the other party, the count, the date, the
  duration): the call happened, the person in it is no longer known. Other entities
  (a phone line or account of its own, not merged into the person) are not touched:
  erase each of them by name. An entity that only assesses it (its data-subject
  category, with the basis) goes whole;
* the analysis rows that name it: ``node_measures``, ``candidate_links``,
  ``screening_hits``, and its id in ``disruption_steps.removed`` (replaced by
  :data:`ERASED`).

and writes one ``destroyed`` ledger entry, the tombstone (``details.erasure``): the
entity id and the ids merged into it, its schemata, how many statements of each
property, per source (file name), the links and analysis rows removed, the reason and
who erased, and the hashes verification needs (every entity named by its keyed digest,
:func:`tnoc.exchange.handling.entity_digest`, since an id may embed the phone number it
was made from; ``tnoc audit --entity OLD-ID`` digests the old id to find it): the sealed
and the remaining digest of every (source, entity, property) changed
(:mod:`tnoc.store.tombstones`), the measures digest of each network run resealed, and
``erased_sha256``, the SHA-256 of the erased statements' canonical lines (a copy
presented later can be matched against it).
Never a value.

What is not rewritten, and why: the exhibit files (``exhibits/``) are the original
evidence, sealed by hash; an analysis's result file (``analyses/``) likewise. Removing
a person from an exhibit is a separate procedure (the exhibit is destroyed whole with
its own ``destroyed`` entry); the tombstone lists the sources concerned. The ledger is
append-only; the tombstone names entities by keyed digest only. ``judgements`` keep
their ids: their signed entries explain merges (:mod:`tnoc.evidence.merges` skips
erased entities). Legal holds refuse the erasure (:func:`tnoc.govern.retention.refuse_if_held`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.govern.retention import refuse_if_held
from tnoc.ledger.custody import CustodyEvent, record_event
from tnoc.query_results import has_table
from tnoc.store.case import Case
from tnoc.store.held import (
    HeldStaging,
    addressed_statements,
    rewrite_without,
    stored_statements,
)
from tnoc.store.lookup import IDENTIFYING_TYPES
from tnoc.store.seals import DIGESTS_SQL

__all__ = ["ABOUT_THE_SUBJECT", "ERASED", "Tombstone", "erase_entity"]

ERASED = "[erased]"
"""What replaces an erased id in a list an analysis stored (a disruption step)."""

EXHIBITS_KEPT = ("exhibit files and analysis result files are not rewritten: they are the "
                 "original evidence, sealed by hash; erasure from an exhibit is a separate "
                 "procedure (the exhibit is destroyed whole, with its own entry)")

_PAIRS = "erasure_pairs"  # this transaction's scratch: (source, entity, prop) changed
_PAIR_FILTER = ("WHERE EXISTS (SELECT 1 FROM erasure_pairs p WHERE p.source_id = "
                "statement_store.source_id AND p.entity_id = statement_store.entity_id "
                "AND p.prop = statement_store.prop)")


@dataclass(frozen=True)
class Tombstone:
    """What an erasure removed, as its ledger entry records it (ids, counts, digests)."""

    entity_id: str
    members: list[str]
    schemata: list[str]
    properties: dict[str, int]
    statements: int
    sources: list[dict[str, Any]]
    links: dict[str, int]
    tables: dict[str, int]
    reason: str
    actor: str
    erased_at: str
    erased_sha256: str
    entry_hash: str = ""
    seal_amendments: list[list[str | None]] = field(default_factory=list)
    measures_resealed: list[dict[str, str]] = field(default_factory=list)

    def details(self) -> dict[str, Any]:
        """The ``erasure`` object of the ledger entry."""
        return {"version": 2, "entity": self.entity_id, "members": self.members,
                "schemata": self.schemata, "properties": self.properties,
                "statements": self.statements, "sources": self.sources,
                "links": self.links, "tables": self.tables, "reason": self.reason,
                "erased_sha256": self.erased_sha256, "exhibits": EXHIBITS_KEPT,
                "seal_amendments": self.seal_amendments,
                "measures_resealed": self.measures_resealed}


def _digests(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, str], str]:
    """The current digests of the (source, entity, prop) pairs the erasure changes."""
    return {(str(s), str(e), str(p)): str(d) for s, e, p, d in con.execute(
        DIGESTS_SQL.format(where=_PAIR_FILTER)).fetchall()}


SELECT_SQL = """
CREATE OR REPLACE TEMP TABLE erased_rows AS
WITH every AS ({addressed}),
own AS (SELECT * FROM every WHERE list_contains($ids, entity_id)),
refs AS (SELECT * FROM every WHERE prop_type = 'entity'
         AND list_contains($ids, value) AND NOT list_contains($ids, entity_id)),
identifying AS (SELECT DISTINCT value FROM own WHERE list_contains($types, prop_type)),
copied AS (SELECT * FROM every
           WHERE entity_id IN (SELECT entity_id FROM refs) AND NOT list_contains($ids, entity_id)
           AND list_contains($types, prop_type) AND value IN (SELECT value FROM identifying)),
about AS (SELECT * FROM every WHERE entity_id IN
          (SELECT entity_id FROM refs WHERE list_contains($about, schema)))
SELECT * FROM (SELECT *, true AS own FROM own
               UNION ALL SELECT *, false FROM refs
               UNION ALL SELECT *, false FROM copied
               UNION ALL SELECT *, false FROM about)
QUALIFY row_number() OVER (PARTITION BY held_file, rid ORDER BY own DESC) = 1
"""
"""The statements an erasure removes: the entity's own; the links to it (a value of
type entity naming it); on those link entities, the values that repeat one of its
names or identifiers (a call's ``callerNumber`` is the erased person's phone); and
every statement of an entity that only assesses it (:data:`ABOUT_THE_SUBJECT`)."""

ABOUT_THE_SUBJECT = ("DataSubjectCategory",)
"""Schemata whose entities exist only to say something about the entity they point at
(an analyst's category and its basis, :mod:`tnoc.govern.categories`): erased whole with
it."""


def _select(con: duckdb.DuckDBPyConnection, root: Path, members: list[str]) -> None:
    """Mark the statements to erase (``erased_rows``, each with its address in the
    store or a held file: :func:`tnoc.store.held.addressed_statements`) and their
    pairs."""
    con.execute(SELECT_SQL.format(addressed=addressed_statements(con, root)),
                {"ids": members, "types": [*IDENTIFYING_TYPES, "name"],
                 "about": list(ABOUT_THE_SUBJECT)})
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_PAIRS} AS SELECT DISTINCT source_id, "
                "entity_id, prop FROM erased_rows")


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts of the marked statements (no values): per property, per source, links."""
    props = dict(con.execute("SELECT prop, count(*) FROM erased_rows WHERE own "
                             "GROUP BY prop ORDER BY prop").fetchall())
    sources = [{"source_id": s, "file_name": f, "statements": int(n), "links": int(k)}
               for s, f, n, k in con.execute(
                   "SELECT e.source_id, src.file_name, count(*) FILTER (WHERE own), "
                   "count(*) FILTER (WHERE NOT own) FROM erased_rows e "
                   "LEFT JOIN sources src USING (source_id) "
                   "GROUP BY e.source_id, src.file_name ORDER BY 2, 1").fetchall()]
    links = dict(con.execute("SELECT schema || '.' || prop, count(*) FROM erased_rows "
                             "WHERE NOT own GROUP BY 1 ORDER BY 1").fetchall())
    row = con.execute(
        "SELECT count(*) FILTER (WHERE own), count(DISTINCT entity_id) FILTER "
        "(WHERE NOT own), list(DISTINCT schema ORDER BY schema) FILTER (WHERE own), "
        "coalesce(sha256(string_agg(json_array(source_id, entity_id, schema, prop, "
        "prop_type, value, original_value, locator, flag)::VARCHAR, chr(10) ORDER BY "
        "source_id, entity_id, prop, value, locator)), '') FROM erased_rows").fetchall()[0]
    return {"properties": {str(k): int(v) for k, v in props.items()}, "sources": sources,
            "links": {"entities": int(row[1]), **{str(k): int(v) for k, v in links.items()}},
            "statements": int(row[0]), "schemata": list(row[2] or []),
            "erased_sha256": str(row[3])}


def _analysis_rows(con: duckdb.DuckDBPyConnection, members: list[str]
                   ) -> tuple[dict[str, int], list[dict[str, str]]]:
    """Remove the analysis rows naming the entity; reseal the network runs touched."""
    from tnoc.graph.results import measures_digest

    tables: dict[str, int] = {}
    ids = {"ids": members}
    runs: set[str] = set()
    if has_table(con, "node_measures"):
        runs = {str(r[0]) for r in con.execute(
            "SELECT DISTINCT projection_id FROM node_measures "
            "WHERE list_contains($ids, entity_id)", ids).fetchall()}
        tables["node_measures"] = _delete(con, "node_measures",
                                          "list_contains($ids, entity_id)", ids)
    for table, where in (("candidate_links", "list_contains($ids, left_id) OR "
                          "list_contains($ids, right_id)"),
                         ("screening_hits", "list_contains($ids, subject_id) OR "
                          "list_contains($ids, list_entity_id)")):
        if has_table(con, table):
            tables[table] = _delete(con, table, where, ids)
    if has_table(con, "disruption_steps"):
        where = "list_has_any(removed, $ids)"
        tables["disruption_steps"] = int(con.execute(
            f"SELECT count(*) FROM disruption_steps WHERE {where}", ids).fetchall()[0][0])
        con.execute("UPDATE disruption_steps SET removed = list_transform(removed, "
                    f"x -> CASE WHEN list_contains($ids, x) THEN $erased ELSE x END) "
                    f"WHERE {where}", {**ids, "erased": ERASED})
    resealed = [{"projection": str(item), "stored_at": str(stored),
                 "measures_sha256": measures_digest(con, str(item), str(stored))}
                for item, stored in con.execute(
                    "SELECT item_id, json_extract_string(details, '$.stored_at') FROM "
                    "custody_events WHERE event_type = 'analysed' AND json_extract_string("
                    "details, '$.analysis') = 'network measures' AND json_exists(details, "
                    "'$.measures_sha256') AND list_contains($runs, item_id) ORDER BY seq",
                    {"runs": sorted(runs)}).fetchall()] if runs else []
    return {k: v for k, v in tables.items() if v}, resealed


def _delete(con: duckdb.DuckDBPyConnection, table: str, where: str,
            params: dict[str, Any]) -> int:
    count = int(con.execute(f"SELECT count(*) FROM {table} WHERE {where}",
                            params).fetchall()[0][0])
    if count:
        con.execute(f"DELETE FROM {table} WHERE {where}", params)
    return count


def erase_entity(case: Case, reference: str, reason: str, actor: str) -> Tombstone:
    """Erase the entity ``reference`` names (id or name, :func:`find_entity`) and every
    entity merged into it, as the module says, and record the tombstone: all in one
    transaction, so a refusal or failure leaves the case as it was.

    Raises :class:`~tnoc.govern.retention.HoldError` when a legal hold covers the
    entity or a source holding its values or links, :class:`TnocError` without a
    reason or for an unknown entity.
    """
    from tnoc.exchange.handling import entity_digest, entity_id_key
    from tnoc.store.lookup import find_entity, members_of

    if not reason.strip():
        raise TnocError("a reason is required (--reason): the tombstone records why")
    staging = HeldStaging(case.root, uuid.uuid4().hex[:12], case)
    with staging, case.transaction() as con:
        canonical = find_entity(con, reference)
        members = members_of(con, canonical)
        _select(con, case.root, members)
        sources = [str(r[0]) for r in con.execute(
            f"SELECT DISTINCT source_id FROM {_PAIRS} ORDER BY 1").fetchall()]
        refuse_if_held(con, members, sources)
        counts = _counts(con)
        before = _digests(con)
        con.execute(f"DELETE FROM {stored_statements(con)} WHERE rowid IN "
                    "(SELECT rid FROM erased_rows WHERE held_file IS NULL)")
        # a held source's files are not edited: those it touches are written anew
        rewrite_without(con, staging, case.scratch, "erased_rows")
        after = _digests(con)
        tables, resealed = _analysis_rows(con, members)
        con.execute(f"DROP TABLE {_PAIRS}")
        con.execute("DROP TABLE erased_rows")
        from tnoc.money.transfers import discard_stored_transfers

        discard_stored_transfers(con)  # they held the erased payments: rebuilt when used
        from tnoc.store.lake import remove_lake

        remove_lake(case.root)  # the lake's Parquet copies the erased values: written anew
        key = entity_id_key(case.root)
        assert key is not None  # created when missing

        def digest(entity: str) -> str:
            return entity_digest(key, entity)

        tombstone = Tombstone(
            digest(canonical), [digest(m) for m in members],
            properties=counts["properties"],
            schemata=counts["schemata"], statements=counts["statements"],
            sources=counts["sources"], links=counts["links"], tables=tables,
            reason=reason.strip(), actor=actor,
            erased_at=datetime.now(UTC).isoformat(), erased_sha256=counts["erased_sha256"],
            seal_amendments=[[s, digest(e), p, sealed, after.get((s, e, p))]
                             for (s, e, p), sealed in sorted(before.items())],
            measures_resealed=resealed)
        entry = record_event(con, CustodyEvent(
            event_type="destroyed", item_id=digest(canonical), item_sha256=None, actor=actor,
            occurred_at=tombstone.erased_at, purpose=tombstone.reason,
            method="tnoc erase (statements, links and analysis rows removed)",
            details={"erasure": json.loads(json.dumps(tombstone.details()))}))
        staging.place()  # held files written anew: renamed in just before the commit
    from tnoc.search.index import discard_index

    discard_index(case.root)  # the index held the erased values: rebuilt when next used
    return Tombstone(**{**tombstone.__dict__, "entry_hash": entry})
