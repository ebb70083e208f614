"""Finding entities fast: by id, merged id or name, straight from the statement table.

The store's views (``statements``, ``entities``) join and aggregate the whole case; on
the demo case (4.3M statements) a lookup through them took 9 s. Here every lookup reads
``statement_store`` with a filter on one column (``entity_id``, ``merged_into`` or
``value``), which DuckDB answers from its column scans and row-group statistics in tens
of milliseconds, and only the few rows found are joined to their sources.

An entity argument of a command may be an id or a name (:func:`find_entity`): an
analyst types "Kalashnikov Concern", not ``ofac-sdn-25308``; a name borne by several
entities is an error that lists them, never a guess.

Every lookup a member triggers is made within what that member may see (:class:`Sight`:
their handling codes, and for a researcher the properties shown in clear): an entity
with no visible value is answered exactly as a missing one, a name matches only a value
the member sees, and an ambiguity lists only visible bearers, described by visible
values. Otherwise the answer is an oracle: "not cleared" or a stranger's id in a list
says that a stricter entity exists (need to know, CJIS Security Policy §5.5; ISO/IEC
27001:2022 A.8.3, information access restriction).
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.safe_text import CONTROL_FLAG
from tnoc.store.schema import STATEMENT_ID_SQL

__all__ = ["EVERYTHING", "NAME_PROPS", "Sight", "canonical_of", "canonicals", "caption_sources",
           "caption_sources_by", "captions",
           "describe", "entity_rows", "rows_of_entities",
           "find_entity", "holds_statements", "id_or_name", "members_of", "missing_entity",
           "name_bearers",
           "merged_into_any", "properties_of", "schema_of", "statements_by",
           "visible_sql"]


def merged_into_any(param: str = "ids") -> str:
    """The condition on a ``statement_store`` row that it was merged into one of the
    list parameter ``$param``. ``merged_into IS NOT NULL`` first: on a held source
    (:mod:`tnoc.store.held`) ``merged_into`` comes from a LEFT JOIN to the merges
    overlay, and only a condition that rejects NULL lets DuckDB make it an inner join
    on the overlay's few rows; the ``IN`` alone read and joined every held row (171
    against 8 ms for 40 ids on 9.15M held statements, benchmarks/held.py's case)."""
    return f"merged_into IS NOT NULL AND merged_into IN (SELECT unnest(${param}))"


def rows_of_entities(ids: str = "ids") -> str:
    """A FROM item (a parenthesised query, to be given an alias): the rows of
    ``statement_store`` of the entities the list parameter ``$IDS`` names and of those
    merged into them, what ``entity_id IN $IDS OR merged_into IN $IDS`` means. Written
    as two semi-joins, each of which DuckDB narrows to the rows with those ids: the OR
    made it read every row (160 ms instead of 4 ms for 25 ids on the 4.3M-statement
    demo case, on every page that names a few entities). A row of an id in the list
    merged into another in the list comes once."""
    return (f"(SELECT * FROM {statements_by('entity_id', ids)} "
            f"UNION ALL SELECT * FROM statement_store WHERE {merged_into_any(ids)} "
            f"AND entity_id NOT IN (SELECT unnest(${ids})))")


NAME_PROPS = ("name", "alias", "previousName", "weakAlias", "firstName", "lastName")
# identifiers an analyst may type instead of a name (a phone, an e-mail, an account)
IDENTIFYING_TYPES = ("phone", "email", "iban", "identifier")
CANDIDATES_SHOWN = 10


def visible_sql(codes: Sequence[str] | None, alias: str = "") -> str:
    """A condition keeping the statements of sources whose handling code is one of
    ``codes`` (the ``$codes`` parameter); true for None (every source is visible)."""
    if codes is None:
        return "true"
    return (f"{alias}source_id IN (SELECT source_id FROM sources "
            "WHERE handling_code IN (SELECT unnest($codes)))")


@dataclass(frozen=True)
class Sight:
    """What the member asking may see, for the lookups they trigger.

    ``codes``: the handling codes of the sources they may read (None: all;
    ``CaseService.visible_codes``). ``clear``: the ``Schema.prop`` pairs whose values
    they see as written, so a typed name may match them (None: all); a researcher sees
    names, phones and account numbers only as pseudonyms, so typing a real one must
    find nothing (:func:`tnoc.govern.research.clear_properties`).
    """

    codes: tuple[str, ...] | None = None
    clear: tuple[str, ...] | None = None

    def visible(self, alias: str = "") -> str:
        """The condition on a statement (``statement_store`` row) its source's handling
        code lets the member see."""
        return visible_sql(self.codes, alias)

    def matchable(self, alias: str = "") -> str:
        """The condition on a statement whose value typed text may match: visible, and
        shown in clear."""
        if self.clear is None:
            return self.visible(alias)
        return (f"{self.visible(alias)} AND "
                f"({alias}schema || '.' || {alias}prop) IN (SELECT unnest($clear))")

    def params(self) -> dict[str, Any]:
        """The parameters the conditions use."""
        return {**({} if self.codes is None else {"codes": list(self.codes)}),
                **({} if self.clear is None else {"clear": list(self.clear)})}


EVERYTHING = Sight()
"""The sight of a case's owner or of a whole-case operation: every value."""


def missing_entity(reference: str) -> TnocError:
    """The one answer for an entity that is not there, that the member may not see, or
    that was erased: the same words (and exit code 1, :mod:`tnoc.errors`) for all, so
    the answer tells nothing; it says where to look for each."""
    return TnocError(f"no entity with the id or name {reference!r} in this case; "
                     f"tnoc search {shlex.quote(reference)} finds it by any of its names, "
                     "identifiers or words (within your clearance); an entity erased "
                     f"from the case leaves a tombstone: tnoc audit --entity "
                     f"{shlex.quote(reference)} (auditors)")


def statements_by(column: str, param: str = "ids") -> str:
    """A subquery of the ``statement_store`` rows whose ``column`` (``entity_id``, or
    ``value``: then only references, ``prop_type = 'entity'``, the statements pointing
    at the entities listed) is one of the list parameter ``$param``, read through the
    column's index
    (:data:`tnoc.store.schema.INDEXES`): the rest of a query (other filters, joins) is
    applied to these rows, not pushed into the scan, where any other filter or a join's
    filter makes DuckDB read the whole column instead (``OFFSET 0`` keeps them out:
    nothing is pushed below a limit or an offset). Use it with the alias ``s``:
    ``FROM {statements_by('entity_id')} s``."""
    if column not in KEYED_COLUMNS:
        raise ValueError(f"statement_store is indexed on {sorted(KEYED_COLUMNS)}, "
                         f"not {column!r}")
    if column == "value":  # the statements pointing at entities: read from
        # statement_refs, where a held source's references are held ordered by value
        # (tnoc.store.held.index_references: its other rows are not there)
        return ("(SELECT * FROM (SELECT * FROM statement_refs WHERE value IN "
                f"(SELECT unnest(${param})) OFFSET 0) WHERE prop_type = 'entity')")
    return (f"(SELECT * FROM statement_store WHERE {column} IN "
            f"(SELECT unnest(${param})) OFFSET 0)")


KEYED_COLUMNS = frozenset({"entity_id", "value"})
"""The columns of ``statement_store`` with an index (:data:`tnoc.store.schema.INDEXES`)."""


def canonical_of(con: duckdb.DuckDBPyConnection, entity_id: str,
                 sight: Sight = EVERYTHING) -> str | None:
    """The canonical id of ``entity_id`` (itself, or what it was merged into), or None
    when no statement carries it, or none of the canonical entity's statements is
    visible in ``sight``."""
    rows = con.execute("SELECT coalesce(merged_into, entity_id) FROM statement_store "
                       "WHERE entity_id = $id LIMIT 1", {"id": entity_id}).fetchall()
    if not rows:
        rows = con.execute("SELECT merged_into FROM statement_store WHERE merged_into = "
                           "$id LIMIT 1", {"id": entity_id}).fetchall()
    if not rows:
        return None
    canonical = str(rows[0][0])
    if sight.codes is not None and not con.execute(
            f"SELECT 1 FROM {rows_of_entities()} WHERE {sight.visible()} LIMIT 1",
            {"ids": [canonical], "codes": list(sight.codes)}).fetchall():
        return None
    return canonical


def members_of(con: duckdb.DuckDBPyConnection, canonical: str) -> list[str]:
    """The entity ids that make up a canonical entity: itself and those merged into it."""
    merged = [str(r[0]) for r in con.execute(
        "SELECT DISTINCT entity_id FROM statement_store WHERE merged_into = $id",
        {"id": canonical}).fetchall()]
    return sorted({canonical, *merged})


def entity_rows(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, Any]]:
    """Every statement of the entities ``ids`` (original ids), with its source's file,
    hash, dataset, handling code and dates, and ``evidence``: ``assessment`` when a
    derived source (an analysis, an analyst's categorisation) states it, else
    ``fact``; statement ids as the ``statements`` view computes them."""
    if not ids:
        return []
    cur = con.execute(
        f"SELECT {STATEMENT_ID_SQL} AS statement_id, s.entity_id, "
        "coalesce(s.merged_into, s.entity_id) AS canonical_id, "
        "s.prop, s.prop_type, s.value, s.original_value, s.flag, s.schema, src.dataset, "
        "s.locator, src.ingested_at AS first_seen, src.collected_at, s.source_id, "
        "src.file_name, src.sha256, src.handling_code, src.collector, "
        # LED art. 7: a fact from a source, or an assessment an analysis or analyst made
        "CASE WHEN src.dataset = 'analysis' THEN 'assessment' ELSE 'fact' END AS evidence "
        f"FROM {statements_by('entity_id')} s JOIN sources src USING (source_id) "
        "ORDER BY s.prop = 'id' DESC, s.prop, s.value, src.file_name", {"ids": ids})
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def holds_statements(con: duckdb.DuckDBPyConnection, schema: str,
                     prop: str | None = None) -> bool:
    """Whether the case holds one statement of ``schema`` (of property ``prop`` when
    given): one look, stopped at the first, for a stage to say "nothing to do" at once
    (no payments, no crypto inputs) instead of finding it after minutes of work."""
    where = "schema = $schema" + (" AND prop = $prop" if prop else "")
    args = {"schema": schema, **({"prop": prop} if prop else {})}
    return bool(con.execute(f"SELECT count(*) FROM (SELECT 1 FROM statements WHERE {where} "
                            "LIMIT 1)", args).fetchall()[0][0])


def schema_of(con: duckdb.DuckDBPyConnection, schemata: list[str]) -> str:
    """The most specific of the schemata an entity's statements carry
    (:func:`tnoc.store.schema.deepest_schema`)."""
    from tnoc.store.schema import deepest_schema

    if len(set(schemata)) == 1:
        return schemata[0]
    depth = dict(con.execute("SELECT name, depth FROM schemata WHERE name IN "
                             "(SELECT unnest($s))", {"s": sorted(set(schemata))}).fetchall())
    return deepest_schema(schemata, depth)


USABLE_SQL = f"(flag IS NULL OR flag = '{CONTROL_FLAG}')"
"""Statements whose value is fit to name and find an entity by: unflagged, or flagged
only for the control characters taken out of it (the value kept is the text without
them, the original beside it), so "Ali\\x1b[2JBaba" is still named and found as
"AliBaba" rather than by its bare id."""


def _usable(flag: object) -> bool:
    return flag is None or flag == CONTROL_FLAG


def properties_of(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """prop -> sorted distinct values of the usable statements (:data:`USABLE_SQL`)."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if _usable(row["flag"]) and row["prop"] != "id":
            out[row["prop"]].add(str(row["value"]))
    return {prop: sorted(values) for prop, values in sorted(out.items())}


def name_bearers(con: duckdb.DuckDBPyConnection, text: str,
                 sight: Sight = EVERYTHING) -> dict[str, str]:
    """Canonical entities with a name, alias or identifier equal to ``text``
    (case-insensitive, surrounding spaces ignored) in a statement ``sight`` may match:
    id -> the property that matched."""
    rows = con.execute(
        "SELECT DISTINCT coalesce(merged_into, entity_id) AS id, prop FROM statement_store "
        "WHERE (prop IN (SELECT unnest($props)) OR prop_type IN (SELECT unnest($types))) "
        f"AND {USABLE_SQL} AND {sight.matchable()} "
        "AND lower(trim(value)) = lower(trim($text)) ORDER BY id, prop",
        {"props": list(NAME_PROPS), "types": list(IDENTIFYING_TYPES), "text": text,
         **sight.params()}
    ).fetchall()
    matched: dict[str, str] = {}
    for entity, prop in rows:
        matched.setdefault(str(entity), str(prop))
    return matched


def describe(con: duckdb.DuckDBPyConnection, canonical: str,
             sight: Sight = EVERYTHING) -> tuple[str, str]:
    """An entity's schema and caption (its display name), read from its own rows that
    ``sight`` may see."""
    from tnoc.store.query import caption

    found = [r for r in entity_rows(con, members_of(con, canonical))
             if sight.codes is None or r["handling_code"] in sight.codes]
    schema = schema_of(con, [str(r["schema"]) for r in found]) if found else "Thing"
    return schema, caption(canonical, schema, properties_of(found))


def canonicals(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """The canonical entity of each of ``ids``: what it was merged into, else itself (an
    id with no statements too), read in one filter on ``statement_store``."""
    merged = dict(con.execute(
        f"SELECT DISTINCT entity_id, merged_into FROM {statements_by('entity_id')} s "
        "WHERE merged_into IS NOT NULL",
        {"ids": ids}).fetchall())
    return {entity: str(merged.get(entity) or entity) for entity in ids}


def captions(con: duckdb.DuckDBPyConnection, ids: list[str], merged: bool = True
             ) -> dict[str, str]:
    """Display names of the entities ``ids`` (FtM's caption: a name where there is one),
    keyed by the ids as given; from one read of their rows.

    With ``merged`` (the default), an id merged into another entity is named by that
    canonical entity, from all the statements merged into it: a hit or a path that
    still names the id an analyst merged must read as the person, not as the bare id.
    Without, each id is named from its own statements only: a judgement shows the two
    entities the analyst judged, which after a merge would both read as one name. An id
    with no rows maps to itself; an entity with none of its schema's caption properties
    is named by its id, not "Person".
    """
    from tnoc.store.captions import schema_label
    from tnoc.store.query import caption

    if not ids:
        return {}
    canonical = canonicals(con, ids) if merged else {i: i for i in ids}
    wanted = sorted(set(canonical.values()))
    key = "coalesce(merged_into, entity_id)" if merged else "entity_id"
    columns = f"SELECT {key}, schema, prop, value FROM "
    usable = f" WHERE {USABLE_SQL} AND prop <> 'id'"
    # two reads, not one with OR: the rows by the entity_id index, and those merged into
    # the ids (a filter on a column mostly empty); the OR read every row (0.4 s instead
    # of 0.05 s on the demo case before the index)
    sql = columns + statements_by("entity_id") + " s" + usable + (
        f" UNION ALL {columns} statement_store{usable} AND {merged_into_any()}"
        if merged else "")
    found: dict[str, tuple[set[str], dict[str, set[str]]]] = {}
    for entity, schema, prop, value in con.execute(sql, {"ids": wanted}).fetchall():
        schemata, properties = found.setdefault(str(entity), (set(), {}))
        schemata.add(str(schema))
        properties.setdefault(str(prop), set()).add(str(value))
    named: dict[str, str] = {}
    for entity, (schemata, properties) in found.items():
        schema = schema_of(con, sorted(schemata))
        text = caption(entity, schema, {p: sorted(v) for p, v in properties.items()})
        named[entity] = entity if text == schema_label(schema) else text
    return {entity: named.get(canonical[entity], entity) for entity in ids}


def caption_sources(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[str]:
    """The sources of the statements :func:`captions` names ``ids`` from (merged: the
    statements of their canonical entities and of every id merged into them). A
    result that prints those names is handled as strictly as the strictest of these,
    not only as the sources it was computed from: a name taken from a TLP:RED
    statement is TLP:RED wherever it is shown. Sorted source ids."""
    return sorted({s for found in caption_sources_by(con, ids).values() for s in found})


def caption_sources_by(con: duckdb.DuckDBPyConnection, ids: list[str]
                       ) -> dict[str, tuple[str, ...]]:
    """:func:`caption_sources` per entity: canonical id of each of ``ids`` -> the sorted
    sources its name may be read from (an entity with none is left out). What a page
    showing several names decides each name on (a member cleared below one name's
    sources still sees the others)."""
    if not ids:
        return {}
    wanted = sorted(set(canonicals(con, ids).values()))
    usable = f" WHERE {USABLE_SQL} AND prop <> 'id'"
    sql = (f"SELECT entity_id, source_id FROM {statements_by('entity_id')} s{usable} "
           f"UNION SELECT merged_into, source_id FROM statement_store{usable} "
           f"AND {merged_into_any()}")
    found: dict[str, set[str]] = {}
    for entity, source in con.execute(sql, {"ids": wanted}).fetchall():
        found.setdefault(str(entity), set()).add(str(source))
    return {entity: tuple(sorted(sources)) for entity, sources in found.items()}


def id_or_name(con: duckdb.DuckDBPyConnection, reference: str,
               sight: Sight = EVERYTHING) -> str:
    """``reference`` itself where it is an entity id (original, not made canonical: a
    judgement names the entities as the analyst did), else the canonical id of the one
    entity bearing it as a name (:func:`find_entity`); within ``sight``."""
    if canonical_of(con, reference, sight) is not None:
        return reference
    return find_entity(con, reference, sight)


def find_entity(con: duckdb.DuckDBPyConnection, reference: str,
                sight: Sight = EVERYTHING) -> str:
    """The canonical id of the entity ``reference`` names: an entity id (original or
    canonical), else a name, alias or identifier borne by exactly one entity; only
    entities with a value ``sight`` sees, by names it may match. No match, or several,
    is a :class:`TnocError` that says what to type instead (no match:
    :func:`missing_entity`, whether nothing is there or nothing is visible)."""
    canonical = canonical_of(con, reference, sight)
    if canonical is not None:
        return canonical
    bearers = sorted(name_bearers(con, reference, sight))
    if len(bearers) == 1:
        return bearers[0]
    if not bearers:
        raise missing_entity(reference)
    shown = "; ".join("{} ({}: {})".format(b, *describe(con, b, sight))
                      for b in bearers[:CANDIDATES_SHOWN])
    more = (f"; and {len(bearers) - CANDIDATES_SHOWN} more (tnoc search "
            f"{shlex.quote(reference)} lists them all)") if len(bearers) > CANDIDATES_SHOWN else ""
    raise TnocError(f"{len(bearers)} entities are named {reference!r}: {shown}{more}; "
                    "give the id of the one you mean")
