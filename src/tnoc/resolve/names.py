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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa
from normality import ascii_text
from rigour.names import remove_org_types, replace_org_types_compare

from tnoc.query_results import drop_tables, registered
from tnoc.store.query import query_arrow
from tnoc.store.schema import DEEPEST_SCHEMA_SQL

__all__ = ["KIND_LABELS", "NAME_PROPS", "NormalName", "name_key", "name_rows", "name_table",
           "normalise"]

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


NAMES_SQL = """
CREATE OR REPLACE TEMP TABLE {table} AS
WITH ents AS (
    SELECT s.canonical_id AS entity_id,
           {deepest} AS schema
    FROM statements s LEFT JOIN schemata sc ON sc.name = s.schema
    WHERE s.prop = 'id' GROUP BY s.canonical_id
), named AS (
    SELECT canonical_id AS entity_id, prop, value FROM statements
    WHERE flag IS NULL AND prop IN ('name', 'alias', 'previousName', 'weakAlias')
    UNION ALL
    -- a person known only by first and last name
    SELECT canonical_id, 'name', concat_ws(' ', max(value) FILTER (WHERE prop = 'firstName'),
                                           max(value) FILTER (WHERE prop = 'lastName'))
    FROM statements WHERE flag IS NULL AND prop IN ('firstName', 'lastName')
    GROUP BY canonical_id
    HAVING canonical_id NOT IN (SELECT canonical_id FROM statements
                                WHERE prop = 'name' AND flag IS NULL)
    UNION ALL
    -- an account known by its handle
    SELECT canonical_id, 'name', value FROM statements
    WHERE flag IS NULL AND prop = 'username' AND schema = 'UserAccount'
)
SELECT e.entity_id, e.schema, n.prop, n.value,
       e.schema IN (SELECT unnest($organisations)) AS organisation,
       list_position($kinds, n.prop) AS kind_rank
FROM ents e JOIN named n USING (entity_id)
WHERE e.schema IN (SELECT unnest($schemata)) AND n.value IS NOT NULL AND n.value <> ''
"""

BEST_SQL = """
SELECT r.entity_id, any_value(r.schema) AS schema,
       arg_min(r.prop, (r.kind_rank, r.value)) AS kind,
       arg_min(r.value, (r.kind_rank, r.value)) AS name,
       n.full_name, any_value(n.core) AS core, any_value(n.name_key) AS name_key,
       arg_min(r.prop, (r.kind_rank, r.value)) = 'weakAlias' AS weak
FROM {table} r JOIN {table}_norm n ON n.value = r.value AND n.organisation = r.organisation
GROUP BY r.entity_id, n.full_name
ORDER BY r.entity_id, n.full_name
"""


NORMALISED_BATCH = 100_000
"""Distinct written names normalised at a time: the normalised forms go to the
connection's temporary table batch by batch, so a case of a hundred million names does
not hold them all in this process."""


def name_table(con: duckdb.DuckDBPyConnection, schemata: list[str]) -> str:
    """Every name of the entities of ``schemata``, one row per entity and distinct
    normalised name, with its strongest kind, as a temporary table of ``con`` whose
    name is returned (the caller drops it).

    Columns: ``entity_id, schema, kind, name`` (as written), ``full_name, core,
    name_key, weak`` (True when the name is only a weak alias). Each distinct written
    name is normalised once, in Python, :data:`NORMALISED_BATCH` at a time; the rest
    is SQL."""
    table = "names_" + uuid.uuid4().hex[:8]
    con.execute(NAMES_SQL.format(table=table, deepest=DEEPEST_SCHEMA_SQL),
                {"schemata": schemata or ["-"], "kinds": list(NAME_PROPS),
                 "organisations": sorted(ORGANISATION_SCHEMATA)})
    try:
        con.execute(f"CREATE TEMP TABLE {table}_values AS SELECT row_number() OVER "
                    f"(ORDER BY value, organisation) AS n, value, organisation FROM "
                    f"(SELECT DISTINCT value, organisation FROM {table})")
        con.execute(f"CREATE TEMP TABLE {table}_norm (value VARCHAR, organisation BOOLEAN, "
                     "full_name VARCHAR, core VARCHAR, name_key VARCHAR)")
        done = 0
        while True:
            batch = con.execute(f"SELECT value, organisation FROM {table}_values "
                                "WHERE n > ? AND n <= ?",
                                [done, done + NORMALISED_BATCH]).fetchall()
            if not batch:
                break
            done += NORMALISED_BATCH
            _insert_normalised(con, f"{table}_norm", batch)
        con.execute(f"CREATE TEMP TABLE {table}_best AS {BEST_SQL.format(table=table)}")
        return f"{table}_best"
    finally:
        drop_tables(con, [table, f"{table}_values", f"{table}_norm"])


def _insert_normalised(con: duckdb.DuckDBPyConnection, table: str,
                       batch: list[tuple[Any, Any]]) -> None:
    """The normalised forms of ``batch`` (written name, organisation) into ``table``;
    a name of which nothing is left is left out."""
    values, orgs, full, core, key = [], [], [], [], []
    for value, organisation in batch:
        n = normalise(str(value), bool(organisation))
        if n is None:
            continue
        values.append(value)
        orgs.append(bool(organisation))
        full.append(n.full)
        core.append(n.core)
        key.append(n.key)
    norm = pa.table({"value": pa.array(values, pa.string()),
                     "organisation": pa.array(orgs, pa.bool_()),
                     "full_name": pa.array(full, pa.string()),
                     "core": pa.array(core, pa.string()),
                     "name_key": pa.array(key, pa.string())})
    with registered(con, norm, table) as rows:
        con.execute(f"INSERT INTO {table} SELECT * FROM {rows}")


def name_rows(con: duckdb.DuckDBPyConnection, schemata: list[str]) -> pa.Table:
    """:func:`name_table` as Arrow (screening's names: a million fit)."""
    table = name_table(con, schemata)
    try:
        return query_arrow(con, f"SELECT * FROM {table} ORDER BY entity_id, full_name")
    finally:
        drop_tables(con, [table])
