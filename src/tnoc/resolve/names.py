"""Names: every name an entity goes by, normalised once, for resolution and screening.

An entity's names are its ``name``, ``alias``, ``previousName`` and ``weakAlias``
values (a Person with no name is named by ``firstName lastName``; a UserAccount by its
``username``). Each keeps its kind, because they do not weigh the same: OFAC's *weak*
a.k.a.s are nicknames and generic aliases that OFAC itself says not to screen on alone.

Normalisation, the same for linkage and screening:

* other scripts transliterated to Latin with ICU (``normality.ascii_text``: "Владимир
  Путин" -> "vladimir putin"), lower case, accents and punctuation removed;
* organisations' legal forms written one way (``rigour``: "joint stock company" ->
  "jsc"); the *core* of an organisation's name drops them ("pjsc power machines" and
  "jsc power machines" share the core "power machines");
* the *key* is the core's tokens in sorted order, so "yan xiaobing" and "xiaobing yan"
  agree.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa
from normality import ascii_text
from rigour.names import remove_org_types, replace_org_types_compare

from tnoc.store.engine import DuckDBEngine, Engine
from tnoc.store.query import query_arrow
from tnoc.store.schema import DEEPEST_SCHEMA_SQL

__all__ = ["KIND_LABELS", "NAME_PROPS", "NormalName", "name_key", "name_rows", "name_table",
           "normalise", "normalised_batches"]

# FtM name properties, strongest first, with the label the explanations use
NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
KIND_LABELS = {"name": "name", "alias": "alias", "previousName": "previous name",
               "weakAlias": "weak alias"}
ORGANISATION_SCHEMATA = frozenset({"Organization", "Company", "PublicBody", "LegalEntity"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _clean(text: str) -> str:
    return " ".join(_NOT_ALNUM.sub(" ", text.lower()).split())


@dataclass(frozen=True)
class NormalName:
    """One name in its compared forms."""

    full: str        # transliterated, lower case, punctuation removed (legal forms unified)
    core: str        # without legal forms (organisations); the full name otherwise
    key: str         # the core's tokens sorted

    @property
    def tokens(self) -> list[str]:
        return self.core.split()


# roman numerals of two letters or more: "RIM GROUP INVESTMENTS II CORP." is not "RIM
# GROUP INVESTMENTS, CORP.", but rigour reads "II" as Lithuanian "IĮ" (a legal form)
_ROMAN = re.compile(r"\b(?=[ivxlc]{2,}\b)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})\b")
_NUMERAL = "zzroman"


def _protect_numerals(text: str) -> str:
    return _ROMAN.sub(lambda m: f"{_NUMERAL}{m.group(0)}" if m.group(0) else "", text)


def _restore_numerals(text: str) -> str:
    return text.replace(_NUMERAL, "")


@lru_cache(maxsize=200_000)
def normalise(text: str | None, organisation: bool = False) -> NormalName | None:
    """The compared forms of a name, or None when nothing is left of it."""
    if not text:
        return None
    latin = ascii_text(text) or ""
    full = _clean(latin)
    if not full:
        return None
    core = full
    if organisation:  # legal forms are recognised with their dots ("s.a.", "l.l.c.")
        unified = replace_org_types_compare(
            _protect_numerals(" ".join(latin.lower().split())))
        full = _restore_numerals(_clean(unified)) or full
        core = _restore_numerals(_clean(remove_org_types(unified))) or full
    return NormalName(full, core, " ".join(sorted(core.split())))


def name_key(*parts: object) -> str | None:
    """The name's tokens in sorted order: "yan xiaobing" and "xiaobing yan" agree, so a
    swapped given name and surname still block and compare together."""
    tokens = sorted(t for p in parts if isinstance(p, str) for t in p.split())
    return " ".join(tokens) or None


def kind_rank_sql(column: str) -> str:
    """SQL: the rank of the name kind in ``column`` in :data:`NAME_PROPS` (1: ``name``,
    the strongest), written as a CASE so the text is the same on DuckDB and Spark."""
    return ("CASE " + " ".join(f"WHEN {column} = '{k}' THEN {i}"
                               for i, k in enumerate(NAME_PROPS, start=1)) + " END")


NAMES_SQL = f"""
WITH ents AS (
    SELECT s.canonical_id AS entity_id,
           {{deepest}} AS schema
    FROM {{statements}} s LEFT JOIN schemata sc ON sc.name = s.schema
    WHERE s.prop = 'id' GROUP BY s.canonical_id
), named AS (
    SELECT canonical_id AS entity_id, prop, value FROM {{statements}}
    WHERE flag IS NULL AND prop IN {NAME_PROPS}
    UNION ALL
    -- a person known only by first and last name (an anti-join, not NOT IN: Spark
    -- plans a NOT IN over nullable columns as a nested loop once it cannot broadcast)
    SELECT parts.canonical_id, 'name', parts.value FROM (
        SELECT canonical_id,
               concat_ws(' ', max(value) FILTER (WHERE prop = 'firstName'),
                         max(value) FILTER (WHERE prop = 'lastName')) AS value
        FROM {{statements}} WHERE flag IS NULL AND prop IN ('firstName', 'lastName')
        GROUP BY canonical_id) AS parts
    LEFT JOIN (SELECT DISTINCT canonical_id FROM {{statements}}
               WHERE prop = 'name' AND flag IS NULL) AS named_so
        ON named_so.canonical_id = parts.canonical_id
    WHERE named_so.canonical_id IS NULL
    UNION ALL
    -- an account known by its handle
    SELECT canonical_id, 'name', value FROM {{statements}}
    WHERE flag IS NULL AND prop = 'username' AND schema = 'UserAccount'
)
SELECT e.entity_id, e.schema, n.prop, n.value,
       e.schema IN $organisations AS organisation,
       {kind_rank_sql("n.prop")} AS kind_rank
FROM ents e JOIN named n ON n.entity_id = e.entity_id
WHERE e.schema IN $schemata AND n.value IS NOT NULL AND n.value <> ''
"""

BEST_SQL = """
SELECT r.entity_id, any_value(r.schema) AS schema,
       arg_min(r.prop, (r.kind_rank, r.value)) AS kind,
       arg_min(r.value, (r.kind_rank, r.value)) AS name,
       n.full_name, min(n.core) AS core, min(n.name_key) AS name_key,
       arg_min(r.prop, (r.kind_rank, r.value)) = 'weakAlias' AS weak
FROM {table} r JOIN {normalised} n ON n.value = r.value AND n.organisation = r.organisation
GROUP BY r.entity_id, n.full_name
"""

NORMALISED_SCHEMA = pa.schema([("value", pa.string()), ("organisation", pa.bool_()),
                               ("full_name", pa.string()), ("core", pa.string()),
                               ("name_key", pa.string())])
"""The normalised forms of a written name (:func:`normalised_batches`)."""


def name_table(engine: Engine, schemata: list[str], statements: str = "statements") -> str:
    """Every name of the entities of ``schemata``, one row per entity and distinct
    normalised name, with its strongest kind, as a table of ``engine`` whose name is
    returned (the caller drops it).

    Columns: ``entity_id, schema, kind, name`` (as written), ``full_name, core,
    name_key, weak`` (True when the name is only a weak alias). Each distinct written
    name is normalised once, in Python, where the rows are (:meth:`Engine.map_batches`:
    on Spark by the executors, on DuckDB a chunk at a time in this process); the rest
    is SQL, the same text on both engines. ``statements``: the relation read for
    the case's statements (resolution's leaves out the compartments':
    :func:`tnoc.resolve.records.outside_compartments`)."""
    table = "names_" + uuid.uuid4().hex[:8]
    engine.create_table(table, NAMES_SQL.format(deepest=DEEPEST_SCHEMA_SQL,
                                                statements=statements),
                        {"schemata": schemata or ["-"],
                         "organisations": sorted(ORGANISATION_SCHEMATA)})
    try:
        engine.map_batches(f"{table}_norm", f"SELECT DISTINCT value, organisation FROM "
                           f"{table}", normalised_batches, NORMALISED_SCHEMA)
        engine.create_table(f"{table}_best", BEST_SQL.format(
            table=table, normalised=f"{table}_norm"))
        return f"{table}_best"
    finally:
        for name in (table, f"{table}_norm"):
            engine.drop(name)


def normalised_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The normalised forms (:data:`NORMALISED_SCHEMA`) of batches of distinct
    (written name, organisation), for :meth:`Engine.map_batches`; a name of which
    nothing is left is left out."""
    for batch in batches:
        rows: dict[str, list[Any]] = {f: [] for f in NORMALISED_SCHEMA.names}
        for value, organisation in zip(batch.column("value").to_pylist(),
                                       batch.column("organisation").to_pylist(),
                                       strict=True):
            n = normalise(str(value), bool(organisation))
            if n is None:
                continue
            for field, got in zip(NORMALISED_SCHEMA.names,
                                  (value, bool(organisation), n.full, n.core, n.key),
                                  strict=True):
                rows[field].append(got)
        yield pa.record_batch([pa.array(rows[f], t) for f, t in
                               zip(NORMALISED_SCHEMA.names, NORMALISED_SCHEMA.types,
                                   strict=True)], schema=NORMALISED_SCHEMA)


def name_rows(con: duckdb.DuckDBPyConnection, schemata: list[str]) -> pa.Table:
    """:func:`name_table` as Arrow (screening's names: a million fit)."""
    engine = DuckDBEngine(con)
    table = name_table(engine, schemata)
    try:
        return query_arrow(con, f"SELECT * FROM {table} ORDER BY entity_id, full_name")
    finally:
        engine.drop(table)
