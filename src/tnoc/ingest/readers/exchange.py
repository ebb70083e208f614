"""Partners' formats taken in as sources: STIX 2.1 bundles, MISP events, GEXF and
GraphML graphs, CASE/UCO custody records.

The file is parsed by :mod:`tnoc.exchange` into statement rows (entity, schema,
property, value) with a locator naming the object in the file (``objects[12]
indicator--...``, ``Event.Object[3].Attribute[0]``, ``edge N1 -> N12``), then goes
through the same
statement path as FtM JSON lines: types looked up, values cleaned, the unknown kept
and flagged. The whole file is one source, hashed and preserved like any other.

The readers themselves (``read_stix``, ``read_misp``...) are in
:mod:`tnoc.exchange.intake`, above the intake, which hands them in
(:func:`tnoc.ingest.readers.register_reader`); this module is the part they share.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tnoc.errors import InputFileError, Where
from tnoc.ingest.limits import load_json
from tnoc.ingest.readers import ReadTable

COLUMNS = ["entity_id", "schema", "prop", "value"]
CLAIMS_SHOWN = 5  # claims named one by one in the ingest notes; the rest counted
Rows = Callable[[dict[str, Any]], Iterable[tuple[str, str, str, str, str]]]


Markings = Callable[[dict[str, Any]], tuple[str | None, int]]
Claims = Callable[[dict[str, Any]], list[tuple[str, str, str]]]


def _read(con: duckdb.DuckDBPyConnection, path: Path, display: Path, rows: Rows,
          expected: str, markings: Markings | None = None,
          claims: Claims | None = None) -> ReadTable:
    """Parse, turn into statement rows, load. ``markings`` gives the file's strictest
    TLP and how many items carry it (the source is recorded at least that strict);
    ``claims`` the objects the file says are our entities (candidates for review)."""
    data = load_json(path, display, expected)  # size and nesting bounded
    try:
        table = list(rows(data))
        marking, marked = markings(data) if markings else (None, 0)
        claimed = claims(data) if claims else []
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputFileError(f"cannot be read: {type(exc).__name__} {exc}", Where(display),
                             expected) from exc
    shared: list[tuple[str, str, str]] = []
    if claims is not None:  # a partner's file: its ids are its own, not the case's
        table, claimed, shared = _apart(con, path, table, claimed)
    read = _load(con, table)
    read.marking, read.marked_items = marking, marked
    read.notes += _claim_candidates(con, path, display, claimed, shared)
    return read


def _apart(con: duckdb.DuckDBPyConnection, path: Path,
           table: list[tuple[str, str, str, str, str]],
           claimed: list[tuple[str, str, str]]
           ) -> tuple[list[tuple[str, str, str, str, str]], list[tuple[str, str, str]],
                      list[tuple[str, str, str]]]:
    """Keep a partner file's objects off entities another source already holds.

    A STIX id or MISP uuid is the partner's own, and partners reuse them (an
    ``identity--...`` one partner sent, quoted by another, or a copied event): taken
    as they are, partner B's names would land on the entity partner A's file made. An
    object whose id the case already holds from another file is taken in under
    ``ID~HASH`` (the first 8 hex digits of this file's sha256, so importing the same
    file again gives the same ids), every reference to it in the file rewritten, and
    returned in ``shared`` as (existing id, this file's id, locator) to be recorded as a
    ``partner-claim`` candidate: the analyst decides whether they are one entity."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    ids = sorted({r[0] for r in table})
    taken = {str(r[0]): str(r[1]) for r in con.execute(
        "SELECT s.entity_id, min(src.file_name) FROM statement_store s JOIN sources src "
        "ON src.source_id = s.source_id WHERE list_contains(?, s.entity_id) "
        "AND src.sha256 <> ? GROUP BY s.entity_id", [ids, digest]).fetchall()} \
        if ids else {}
    if not taken:
        return table, claimed, []
    renamed = {old: f"{old}~{digest[:8]}" for old in taken}
    where: dict[str, str] = {}
    for entity_id, _schema, _prop, _value, locator in table:
        where.setdefault(entity_id, locator)
    table = [(renamed.get(e, e), schema, prop, renamed.get(v, v), loc)
             for e, schema, prop, v, loc in table]
    claimed = [(ours, renamed.get(theirs, theirs), loc) for ours, theirs, loc in claimed]
    shared = [(old, new, f"{where[old]} (same id as in {taken[old]})")
              for old, new in sorted(renamed.items())]
    return table, claimed, shared


def _claim_candidates(con: duckdb.DuckDBPyConnection, path: Path, display: Path,
                      claimed: list[tuple[str, str, str]],
                      shared: Sequence[tuple[str, str, str]] = ()) -> list[str]:
    """Record each claim "this object is your entity X" of a received file as a
    candidate link (method ``partner-claim``) between X and the object's own entity, for
    an analyst to judge (``tnoc resolve review``, ``tnoc judge``): never a write onto X,
    whose statements stay as they are. Claims naming an entity this case does not hold
    are reported, not recorded. ``shared``: objects whose id another file already used,
    taken in under their own per-file id (:func:`_apart`), recorded the same way.
    Returns what to tell the analyst."""
    if not claimed and not shared:
        return []
    from tnoc import __version__
    from tnoc.store.lookup import captions
    from tnoc.store.resolution_tables import ensure

    ensure(con)
    wanted = sorted({c[0] for c in claimed})
    known = {str(r[0]) for r in con.execute(
        "SELECT DISTINCT entity_id FROM statement_store WHERE list_contains(?, entity_id)",
        [wanted]).fetchall()} if wanted else set()
    run_id = "partner-claim-" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    con.execute("DELETE FROM candidate_links WHERE run_id = ?", [run_id])
    con.execute("DELETE FROM resolution_runs WHERE run_id = ?", [run_id])
    linked = [(ours, theirs, where) for ours, theirs, where in claimed
              if ours in known and ours != theirs]
    rows = [(run_id, ours, theirs, "partner-claim", None, None,
             f"{display.name} {where} says it is this entity",
             json.dumps({"file": display.name, "locator": where, "claimed_id": ours}))
            for ours, theirs, where in linked]
    rows += [(run_id, old, new, "partner-claim", None, None,
              f"{display.name} {where} uses this entity's id",
              json.dumps({"file": display.name, "locator": where, "shared_id": old}))
             for old, new, where in shared]
    if rows:
        con.executemany("INSERT INTO candidate_links VALUES (?, ?, ?, ?, ?, ?, ?, ?::JSON)",
                        rows)
        con.execute("INSERT INTO resolution_runs (run_id, method, parameters, created_at, "
                    "tool_version, candidates) VALUES (?, 'partner-claim', ?, ?, ?, ?)",
                    [run_id, json.dumps({"file": display.name}), datetime.now(UTC),
                     __version__, len(rows)])
    shown = linked[:CLAIMS_SHOWN]
    names = captions(con, sorted({ours for ours, _, _ in shown}))
    notes = [f"{display.name} {where} says it is {names.get(ours, ours)} ({ours}): kept "
             f"as its own entity {theirs}, recorded as a candidate link for review"
             for ours, theirs, where in shown]
    if len(linked) > len(shown):
        notes.append(f"... and {len(linked) - len(shown):,} more such claims, all "
                     "recorded as candidate links (method partner-claim) for review")
    if shared:
        old, new, where = shared[0]
        notes.append(f"{len(shared):,} object(s) use an id another source of the case "
                     f"already holds (e.g. {old}, {where}): kept apart as their own "
                     f"entities (e.g. {new}), recorded as candidate links (method "
                     "partner-claim) for review")
    unknown = sorted({c[0] for c in claimed} - known)
    if unknown:
        notes.append(f"{len(unknown):,} object(s) claim ids this case does not hold "
                     f"(e.g. {unknown[0]}): kept as their own entities, not linked")
    return notes


def _load(con: duckdb.DuckDBPyConnection, table: list[tuple[str, str, str, str, str]]
          ) -> ReadTable:
    """Statement rows into the ``src`` table, one ``_row`` per locator."""
    locators = {loc: i for i, loc in enumerate(dict.fromkeys(r[4] for r in table), 1)}
    exchange_rows = pa.table({  # noqa: F841
        "_row": pa.array([locators[r[4]] for r in table], type=pa.int64()),
        **{name: pa.array([str(r[i]) for r in table], type=pa.string())
           for i, name in enumerate(COLUMNS)},
        "_locator": pa.array([r[4] for r in table], type=pa.string()),
    })
    con.execute("CREATE OR REPLACE TEMP TABLE src AS SELECT * FROM exchange_rows")
    return ReadTable("src", COLUMNS, len(locators), "utf-8")
