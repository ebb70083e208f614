"""Read-side queries of the store: sources, search, one entity with provenance.

Front ends (CLI now, web workspace later) call these; each returns plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from tnoc.errors import TnocError
from tnoc.ledger.state import custody_state
from tnoc.query_results import query_arrow as query_arrow  # re-exported: callers read them here
from tnoc.query_results import rows_as_dicts
from tnoc.query_results import scalar as scalar
from tnoc.store.lookup import rows_of_entities
from tnoc.store.lookup import visible_sql as visible_sql  # re-exported: its callers read it here
from tnoc.store.schema import DEEPEST_SCHEMA_SQL

if TYPE_CHECKING:  # FtM and Arrow load where used: 'tnoc show' should not wait for them
    from followthemoney.proxy import EntityProxy


SOURCE_COLUMNS = ("source_id", "file_name", "sha256", "size_bytes", "media_type", "encoding",
                  "mapping", "dataset", "collected_at", "collector", "legal_basis",
                  "handling_code", "ingested_at", "records", "statements", "flagged")
SOURCE_KEYS = [*SOURCE_COLUMNS, "kept_in"]
"""The keys of each source :func:`list_sources` gives, in order (the header of
``tnoc sources --csv``, a case with no source yet too)."""


def list_sources(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every source with hash, collection facts and counts, in ingest order, and where
    its statements are kept (``kept_in``): ``store`` (the case's DuckDB file) or
    ``held`` (Parquet files under ``CASE/held/``, :mod:`tnoc.store.held`), which says
    what a lookup reads and what the lake reads in place."""
    from tnoc.store.held import held_files

    held = {f.source_id for f in held_files(con, kind="statements")}
    rows = rows_as_dicts(con.execute(
        f"SELECT {', '.join(SOURCE_COLUMNS)} FROM sources ORDER BY ingested_at, source_id"))
    return [{**row, "kept_in": "held" if row["source_id"] in held else "store"}
            for row in rows]


def proxy_for(entity_id: str, schema: str, properties: dict[str, list[str]] | None) -> EntityProxy:
    """An FtM proxy from a row of the ``entities`` view (for captions and exports)."""
    from tnoc.model import get_model

    model = get_model()
    return model.get_proxy(
        {"id": entity_id, "schema": schema, "properties": dict(properties or {})}, cleaned=True
    )


def caption(entity_id: str, schema: str, properties: dict[str, list[str]] | None) -> str:
    """The entity's display name as FtM computes it (:mod:`tnoc.store.captions`)."""
    from tnoc.store.captions import caption_of

    return caption_of(entity_id, schema, properties)


NAME_FIRST = ("name", "alias", "previousName", "weakAlias")  # shown first when several match


def search(con: duckdb.DuckDBPyConnection, text: str, limit: int = 50,
           codes: Sequence[str] | None = None, clear: Sequence[str] | None = None,
           within: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Entities with a value (or original value) containing ``text``, case-insensitive,
    most matching values first; at most ``limit``, each with ``total``, the number of
    entities that match in all.

    ``prop`` and ``value`` are one matching statement (a name where a name matches):
    the property shown is the one whose value matched. Read from ``statement_store``
    with the hits' rows only (:mod:`tnoc.store.lookup`), not the aggregating views.
    ``codes``: only values of sources with one of these handling codes are searched and
    shown (a member's clearance, :mod:`tnoc.govern.policy`); None: every value.
    ``clear``: only values of these ``Schema.prop`` pairs are matched (what a researcher
    sees in clear, :class:`tnoc.store.lookup.Sight`); None: every property. ``within``:
    only these canonical entities are searched (a researcher's pseudonym, resolved)."""
    from tnoc.store.lookup import Sight, properties_of, schema_of

    sight = Sight(None if codes is None else tuple(codes),
                  None if clear is None else tuple(clear))
    among = ("" if within is None else
             "AND coalesce(merged_into, entity_id) IN (SELECT unnest($within)) ")
    hits = rows_as_dicts(con.execute(
        "SELECT coalesce(merged_into, entity_id) AS canonical_id, "
        "list({'prop': prop, 'value': value} ORDER BY prop NOT IN (SELECT unnest($first)), "
        "prop, value)[1] AS best, count(*) AS matches, count(*) OVER () AS total "
        f"FROM statement_store WHERE prop <> 'id' AND {sight.matchable()} {among}AND "
        "(value ILIKE $p OR original_value ILIKE $p) GROUP BY canonical_id "
        "ORDER BY matches DESC, canonical_id LIMIT $limit",
        {"p": f"%{text}%", "limit": limit, "first": list(NAME_FIRST), **sight.params(),
         **({} if within is None else {"within": list(within)})},
    ))
    ids = [str(h["canonical_id"]) for h in hits]
    rows: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in rows_as_dicts(con.execute(
            "SELECT coalesce(s.merged_into, s.entity_id) AS canonical_id, s.schema, s.prop, "
            f"s.value, s.flag, src.dataset FROM {rows_of_entities()} s JOIN sources src "
            f"USING (source_id) WHERE {visible_sql(codes, 's.')}",
            {"ids": ids, **({} if codes is None else {"codes": list(codes)})})):
        rows[str(row["canonical_id"])].append(row)
    for hit in hits:
        found = rows[str(hit["canonical_id"])]
        hit["prop"], hit["value"] = hit["best"]["prop"], hit["best"]["value"]
        del hit["best"]
        hit["schema"] = schema_of(con, [str(r["schema"]) for r in found])
        hit["properties"] = properties_of(found)
        hit["datasets"] = sorted({str(r["dataset"]) for r in found})
        hit["caption"] = caption(hit["canonical_id"], hit["schema"], hit["properties"])
    return hits


@dataclass
class EntityView:
    """One entity: its statements with full provenance, and who refers to it (each
    referring entity with its schema, property and caption)."""

    id: str
    schema: str
    caption: str
    statements: list[dict[str, Any]]
    referenced_by: list[dict[str, Any]]
    withheld: int = 0
    """Statements not shown: of sources above the viewer's clearance."""
    compartment_withheld: int = 0
    """Values not shown: in the reporter compartment (:mod:`tnoc.govern.compartments`)."""


def show_entity(con: duckdb.DuckDBPyConnection, reference: str,
                codes: Sequence[str] | None = None) -> EntityView:
    """All statements about an entity (``reference``: canonical or original id, or a
    name borne by one entity: :func:`tnoc.store.lookup.find_entity`) with their
    sources, and every entity that refers to it. ``codes``: only statements of sources
    with one of these handling codes (a member's clearance); the caption and the
    referring entities' names are then made from those alone, and ``withheld`` counts
    the statements left out."""
    from tnoc.store.lookup import (
        Sight,
        captions,
        entity_rows,
        find_entity,
        members_of,
        missing_entity,
        properties_of,
        schema_of,
        statements_by,
    )

    canonical = find_entity(con, reference, Sight(None if codes is None else tuple(codes)))
    members = members_of(con, canonical)
    every = entity_rows(con, members)
    statements = every if codes is None else [s for s in every
                                              if s["handling_code"] in codes]
    if not statements:  # nothing visible: answered as a missing entity (no oracle)
        raise missing_entity(reference)
    schema = schema_of(con, [str(s["schema"]) for s in statements])
    params: dict[str, Any] = {"ids": members, **({} if codes is None else
                                                 {"codes": list(codes)})}
    referring = rows_as_dicts(con.execute(
        "SELECT DISTINCT coalesce(merged_into, entity_id) AS entity, schema, prop "
        f"FROM {statements_by('value')} s WHERE prop_type = 'entity' AND flag IS NULL "
        f"AND {visible_sql(codes, 's.')} ORDER BY schema, prop, entity", params))
    ids = sorted({str(r["entity"]) for r in referring})
    names = captions(con, ids) if codes is None else visible_names(con, ids, codes)
    for row in referring:
        row["caption"] = names.get(str(row["entity"]), str(row["entity"]))
    return EntityView(canonical, schema, caption(canonical, schema, properties_of(statements)),
                      statements, referring, len(every) - len(statements))


def visible_names(con: duckdb.DuckDBPyConnection, ids: list[str],
                  codes: Sequence[str]) -> dict[str, str]:
    """A name for each of ``ids`` from the values of sources with one of ``codes`` only
    (the first name in order; entities without a visible name are left out)."""
    return visible_names_read(con, ids, codes)[0]


def visible_names_read(con: duckdb.DuckDBPyConnection, ids: list[str],
                       codes: Sequence[str]
                       ) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """:func:`visible_names` and, per entity named, the sources of its visible name
    statements (what a page showing the name discloses)."""
    found = con.execute(
        "SELECT coalesce(merged_into, entity_id), min(value), list(DISTINCT source_id "
        f"ORDER BY source_id) FROM {rows_of_entities()} s WHERE prop = 'name' AND flag "
        f"IS NULL AND {visible_sql(codes, 's.')} "
        "AND coalesce(merged_into, entity_id) IN (SELECT unnest($ids)) GROUP BY 1",
        {"ids": ids, "codes": list(codes)}).fetchall()
    return ({str(e): str(n) for e, n, _ in found},
            {str(e): tuple(str(x) for x in read) for e, _, read in found})


_SUMMARY_STATE = (
    "SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()), "
    "(SELECT count(*) FROM statement_store), (SELECT count(*) FROM sources), "
    "(SELECT max_by(entry_hash, seq) FROM custody_events)")
"""What the entity counts depend on, read in milliseconds: the store's file, its
statement and source counts and the head of the custody ledger (every intake, erasure,
analysis that writes statements and judgement that merges entities is an entry of it,
DESIGN.md)."""

_summaries: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
"""The last entity counts computed per store file, with the state they are of."""


def case_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts for the case summary: sources, statements, entities per schema, flags,
    and where custody stands (``custody``: :func:`tnoc.ledger.state.custody_state`).

    The entities per schema group every entity's statements (about 0.6 s on the
    4.3M-statement demo case): they are kept per store file and computed again only
    when the case changed (:data:`_SUMMARY_STATE`), so a web workspace that shows the
    overview on every visit does that work once per change, not per request."""
    state = con.execute(_SUMMARY_STATE).fetchone()
    assert state is not None
    known = _summaries.get(str(state[0]))
    if known is not None and known[0] == tuple(state):
        found = dict(known[1])
    else:
        # the store's rows of the case's sources: what the statements view holds,
        # without its per-row columns (sha1 ids, the source's dates)
        of_sources = "s.source_id IN (SELECT source_id FROM sources)"
        flagged = scalar(con, "SELECT count(*) FROM statement_store s "
                              f"WHERE flag IS NOT NULL AND {of_sources}")
        per_schema = con.execute(
            "SELECT schema, count(*) FROM (SELECT coalesce(s.merged_into, s.entity_id) "
            f"AS canonical_id, {DEEPEST_SCHEMA_SQL} AS schema "
            "FROM statement_store s LEFT JOIN schemata sc ON sc.name = s.schema "
            f"WHERE s.prop = 'id' AND {of_sources} GROUP BY 1) "
            "GROUP BY schema ORDER BY count(*) DESC, schema"
        ).fetchall()
        found = {"statements": scalar(con, "SELECT count(*) FROM statement_store s "
                                           f"WHERE {of_sources}"),
                 "flagged": flagged, "entities_per_schema": dict(per_schema),
                 "entities": sum(n for _, n in per_schema)}
        _summaries[str(state[0])] = (tuple(state), dict(found))
    found["entities_per_schema"] = dict(found["entities_per_schema"])
    custody = custody_state(con)
    return {"sources": state[2], "statements": found["statements"],
            "flagged": found["flagged"], "custody_events": custody.entries,
            "custody": custody,
            "entities_per_schema": found["entities_per_schema"],
            "entities": found["entities"]}


def source_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every source id of the case, in the store's order (an export of every source)."""
    return [str(r[0]) for r in con.execute("SELECT source_id FROM sources").fetchall()]


def source_files(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """Each source's file name by its id: the file a row of evidence is cited from."""
    return dict(con.execute("SELECT source_id, file_name FROM sources").fetchall())


def files_caption(con: duckdb.DuckDBPyConnection, ids: Sequence[str], shown: int = 3) -> str:
    """The files of the sources ``ids`` for a figure's title: up to ``shown`` names, then
    how many more ("a.csv, b.csv, c.csv and 4 more files"), never a cut name or an id."""
    files = file_names(con, ids)
    more = len(files) - shown
    return ", ".join(files[:shown]) + (f" and {more} more files" if more > 0 else "")


def file_names(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[str]:
    """The distinct file names of the sources ``ids``, sorted (a figure's caption names
    the files it was drawn from)."""
    return [str(f) for (f,) in con.execute(
        "SELECT DISTINCT file_name FROM sources WHERE source_id IN (SELECT unnest(?)) "
        "ORDER BY 1", [list(ids)]).fetchall()]


def find_source(con: duckdb.DuckDBPyConnection, reference: str) -> str:
    """The source id an analyst named by id or file name (the newest intake of a file
    taken in twice); a :class:`TnocError` naming the reference when none matches."""
    row = con.execute(
        "SELECT source_id FROM sources WHERE source_id = ? OR file_name = ? "
        "ORDER BY ingested_at DESC LIMIT 1", [reference, reference]).fetchone()
    if row is None:
        raise TnocError(f"no source {reference!r} in this case; see 'tnoc sources'")
    return str(row[0])


def has_entity(con: duckdb.DuckDBPyConnection, canonical_id: str) -> bool:
    """True when the case states anything of the entity ``canonical_id`` (through the
    ``statements`` view: an erased entity is not there)."""
    return con.execute("SELECT 1 FROM statements WHERE canonical_id = ? LIMIT 1",
                       [canonical_id]).fetchone() is not None


def source_entities(con: duckdb.DuckDBPyConnection, source_id: str) -> set[str]:
    """The canonical ids of the entities source ``source_id`` states values of."""
    return {str(r[0]) for r in con.execute(
        "SELECT DISTINCT canonical_id FROM statements WHERE source_id = ?",
        [source_id]).fetchall()}


def stated_in(con: duckdb.DuckDBPyConnection, ids: Sequence[str],
              datasets: Sequence[str]) -> dict[str, list[str]]:
    """Which of ``datasets`` state values of each of the canonical entities ``ids``
    (those stated by none are left out)."""
    if not ids or not datasets:
        return {}
    return {str(e): sorted(str(d) for d in found) for e, found in con.execute(
        "SELECT s.canonical_id, list(DISTINCT src.dataset) FROM statements s "
        "JOIN sources src USING (source_id) WHERE s.canonical_id IN (SELECT unnest($1)) "
        "AND src.dataset IN (SELECT unnest($2)) GROUP BY s.canonical_id",
        [list(ids), list(datasets)]).fetchall()}
