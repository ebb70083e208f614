"""Erasure tombstones as ``tnoc verify`` reads them.

An erasure (:func:`tnoc.govern.erasure.erase_entity`, EU Directive 2016/680 art. 16)
deletes statements that a source's seal covers (:mod:`tnoc.store.seals`), measures a
network run sealed (:func:`tnoc.graph.results.measures_digest`) and merges a judgement
explains (:mod:`tnoc.evidence.merges`). Its signed ``destroyed`` ledger entry, the
tombstone, says exactly what went, in ``details.erasure``:

* ``seal_amendments``: ``[source_id, entity_id, prop, digest sealed, digest left]``
  for every (entity, property) of a source whose statements it changed, the digest left
  ``null`` where none remain. Recomputing a root, the verifier puts the sealed digest
  back wherever the store now holds exactly the digest left: the rest of the source is
  still checked against the root signed at intake, and an erasure the tombstone does
  not describe (or a later edit of what it left) still fails;
* ``measures_resealed``: the digest of a network-measures run after the erased
  entity's rows left it;
* ``members``: the entity ids erased, whose merges the judgements no longer need to
  explain.

Since version 2 a tombstone names entities by keyed digest
(:func:`tnoc.exchange.handling.entity_digest`), not by id: an id may embed the phone
number or account it was made from (``cdr-line-<phone>``), which the erasure is there to
remove. An amendment's entity is then found again in ``statement_seals`` by its source,
property and sealed digest (the sealed digest hashes lines that hold the entity id, so
it belongs to one entity); version 1 tombstones name ids and are read as before.

The tombstone names properties, counts and digests, never a value. Every reader
here takes only ``destroyed`` entries: the chain and signature checks of
:mod:`tnoc.evidence.verify` make a forged one fail on its own.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

__all__ = ["TOMBSTONE_SQL", "Amendment", "erased_entities", "resealed_measures",
           "seal_amendments"]

TOMBSTONE_SQL = ("SELECT seq, details FROM custody_events WHERE event_type = 'destroyed' "
                 "AND json_exists(details, '$.erasure') ORDER BY seq")
"""The erasure tombstones of the ledger, oldest first."""

Amendment = tuple[str, str, str, str | None]
"""(entity_id, prop, digest sealed, digest the erasure left or None)."""


def _erasures(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return [json.loads(details or "{}")["erasure"]
            for _, details in con.execute(TOMBSTONE_SQL).fetchall()]


def seal_amendments(con: duckdb.DuckDBPyConnection) -> dict[str, list[Amendment]]:
    """Per source id, the (entity, property) digests erasures changed, composed in
    ledger order: a pair touched by two erasures maps the digest sealed at intake to
    the digest the last one left."""
    pairs: dict[tuple[str, str, str], list[str | None]] = {}
    for erasure in _erasures(con):  # composed by the entity as the tombstones name it
        for source, entity, prop, before, after in erasure.get("seal_amendments") or []:
            key = (str(source), str(entity), str(prop))
            known = pairs.get(key)
            if known is not None and known[1] == before:
                known[1] = after  # erased again: the chain starts at the intake's digest
            else:
                pairs[key] = [before, after]
    out: dict[str, list[Amendment]] = {}
    for (source, entity, prop), (before, after) in pairs.items():
        if entity.startswith(DIGESTED):
            entity = _sealed_entity(con, source, prop, str(before)) or entity
        out.setdefault(source, []).append((entity, prop, str(before), after))
    return out


DIGESTED = "hmac-sha256:"
"""The prefix of an entity named by keyed digest (``tnoc.exchange.handling``)."""


def _sealed_entity(con: duckdb.DuckDBPyConnection, source: str, prop: str,
                   sealed: str) -> str | None:
    """The entity id whose (``source``, ``prop``) digest was sealed as ``sealed``."""
    rows = con.execute("SELECT entity_id FROM statement_seals WHERE source_id = ? AND "
                       "prop = ? AND digest = ? LIMIT 1", [source, prop, sealed]
                       ).fetchall() if _has_seals(con) else []
    return str(rows[0][0]) if rows else None


def _has_seals(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() "
                            "WHERE table_name = 'statement_seals'").fetchall()[0][0])


def erased_entities(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every entity an erasure removed (the canonical entity and its members), as the
    tombstones name them: keyed digests (version 2), ids (version 1)."""
    return {str(m) for erasure in _erasures(con) for m in erasure.get("members") or []}


def resealed_measures(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(projection id, stored_at) -> the measures digest the latest erasure left."""
    return {(str(m["projection"]), str(m["stored_at"])): str(m["measures_sha256"])
            for erasure in _erasures(con) for m in erasure.get("measures_resealed") or []}
