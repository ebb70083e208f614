"""Records for linkage, built in SQL from the store: one row per entity (training) and
one per entity and name (prediction), written as Parquet for the engine that links
them (:class:`GroupRecords`).

Every group (:mod:`tnoc.resolve.schemata`) gets the same record shape; a feature that
fewer than two entities of the group have is left out of its model. Features are sets,
because an entity may have several birth dates ("alt. DOB"), nationalities or passports:

``birth_dates`` (full dates), ``birth_years``, ``gender``, ``countries``
(nationality, citizenship, country, jurisdiction, flag), ``identifiers``
(``kind:VALUE`` of every identifier property, upper case, punctuation removed) with
their ``identifier_kinds``, ``contacts`` (emails, phones, websites), ``addresses``
(normalised lines, the entity's own and those of the Address entities it points at),
their ``postcodes`` and ``cities``, ``vessel_type``, ``model``, ``build_year``, an
account's ``service``; and ``names``, every normalised name of the entity (for "two or
more names shared").

Names come from :func:`tnoc.resolve.names.name_table`. The training table holds each
entity once under its strongest name; the prediction table holds it once per distinct
name, so that a pair is compared on its best-matching pair of names.
``block_tokens`` are up to two of the rarest words of each name (by how many entities
bear them), for blocking that survives a changed or misspelt word; ``rare_name`` is the
name itself where it is uncommon. A word or name borne by so many entities that
blocking on it would exceed the pair budget is not used ("john" and "smith", or "john
smith", in a million records): such names still block with the birth year, the birth
date, identifiers and postcodes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tnoc.resolve.names import kind_rank_sql, name_key, name_table
from tnoc.resolve.schemata import group_schemata
from tnoc.store.engine import Engine, fetch_value
from tnoc.store.schema import DEEPEST_SCHEMA_SQL

__all__ = ["COMPARTMENTS", "FEATURES", "TABLES", "GroupRecords", "blocking_bearers",
           "group_records", "name_key", "outside_compartments", "present_schemata",
           "statements_outside_compartments"]

COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry",
                 "flag")
# identifier-typed properties that do not identify one entity (a programme, an activity
# or territory classification shared by thousands)
NOT_IDENTIFYING = ("programId", "okvedCode", "kppCode", "coatoCode")
MIN_IDENTIFIER_LENGTH = 4
ADDRESS_NORM = "trim(regexp_replace(lower(strip_accents({x})), '[^a-z0-9]+', ' ', 'g'))"
"""An address line or a city, normalised: accents off, lower case, runs of anything
but a letter or digit one space. On Spark ``strip_accents`` is TNOC's Java function
(:data:`tnoc.resolve.spark_backend.STRIP_ACCENTS_CLASS`); the whole expression gives
DuckDB's result on every Unicode code point (tests/test_resolve_spark.py)."""
LIST_FEATURES = ("birth_dates", "birth_years", "countries", "identifiers", "identifier_kinds",
                 "contacts", "addresses", "postcodes", "cities")
SCALAR_FEATURES = ("gender", "vessel_type", "model", "build_year", "service")
FEATURES = (*LIST_FEATURES, *SCALAR_FEATURES)


def _sorted_list(expr: str, condition: str) -> str:
    """SQL: the distinct values of ``expr`` where ``condition``, sorted; NULL if none."""
    return (f"nullif(list(DISTINCT {expr} ORDER BY {expr}) FILTER (WHERE {condition}), "
            "[])")


_IDENTIFYING = (f"prop_type = 'identifier' AND prop NOT IN {NOT_IDENTIFYING} "
                f"AND length(ident) >= {MIN_IDENTIFIER_LENGTH}")
_ADDRESS = ADDRESS_NORM.format(x="value")

FEATURES_SQL = f"""
WITH own AS (
    SELECT s.canonical_id AS entity_id, s.prop, s.prop_type, s.value
    FROM {{statements}} s JOIN {{ids}} g ON g.entity_id = s.canonical_id
    WHERE s.flag IS NULL
), refs AS (  -- the Address entities an entity points at (addressEntity), canonical
    SELECT DISTINCT o.entity_id, coalesce(m.merged_into, m.entity_id) AS address
    FROM own o JOIN (SELECT DISTINCT entity_id, merged_into FROM {{statements}}) m
         ON m.entity_id = o.value
    WHERE o.prop = 'addressEntity'
), addressed AS (
    SELECT r.entity_id, r.address, a.prop, a.prop_type, a.value
    FROM refs r JOIN {{statements}} a ON a.canonical_id = r.address AND a.flag IS NULL
    WHERE a.prop IN ('full', 'street', 'city', 'postalCode', 'country')
), address_lines AS (  -- one line per Address entity: its full text, else its street
    -- with city and postcode (a postcode alone is compared as a postcode, not a line)
    SELECT entity_id, 'address' AS prop, 'address' AS prop_type,
           coalesce(max(value) FILTER (WHERE prop = 'full'),
                    concat_ws(' ', max(value) FILTER (WHERE prop = 'street'),
                              max(value) FILTER (WHERE prop = 'city'),
                              max(value) FILTER (WHERE prop = 'postalCode'))) AS value
    FROM addressed GROUP BY entity_id, address
    HAVING count(*) FILTER (WHERE prop IN ('full', 'street')) > 0
), vals AS (
    SELECT *, upper(regexp_replace(value, '[^A-Za-z0-9]', '', 'g')) AS ident
    FROM (SELECT * FROM own
          UNION ALL SELECT entity_id, 'addr:' || prop, prop_type, value FROM addressed
          UNION ALL SELECT * FROM address_lines)
)
SELECT entity_id,
    {_sorted_list("value", "prop = 'birthDate' AND length(value) >= 10")} AS birth_dates,
    {_sorted_list("substr(value, 1, 4)", "prop = 'birthDate' AND length(value) >= 4")}
        AS birth_years,
    min(lower(value)) FILTER (WHERE prop = 'gender') AS gender,
    {_sorted_list("lower(value)", f"prop IN {COUNTRY_PROPS} OR prop = 'addr:country'")}
        AS countries,
    {_sorted_list("prop || ':' || ident", _IDENTIFYING)} AS identifiers,
    {_sorted_list("prop", _IDENTIFYING)} AS identifier_kinds,
    {_sorted_list("prop_type || ':' || lower(value)",
                  "prop_type IN ('email', 'phone') OR prop = 'website'")} AS contacts,
    {_sorted_list(_ADDRESS, "prop = 'address'")} AS addresses,
    {_sorted_list("ident", "prop = 'addr:postalCode'")} AS postcodes,
    {_sorted_list(_ADDRESS, "prop = 'addr:city'")} AS cities,
    min(lower(value)) FILTER (WHERE prop = 'type' AND prop_type = 'string') AS vessel_type,
    min(ident) FILTER (WHERE prop = 'model') AS model,
    min(substr(value, 1, 4)) FILTER (WHERE prop = 'buildDate') AS build_year,
    min(lower(value)) FILTER (WHERE prop = 'service') AS service
FROM vals GROUP BY entity_id
"""

TOKENS_SQL = """
SELECT token, count(DISTINCT entity_id) AS bearers
FROM (SELECT entity_id, unnest(string_split(core, ' ')) AS token FROM {names}) AS words
WHERE length(token) > 1 GROUP BY token
"""

NAMES_SQL = """
WITH words AS (  -- each name's distinct words with how many entities bear them
    SELECT DISTINCT n.entity_id, n.full_name, t.token, t.bearers
    FROM (SELECT entity_id, full_name, unnest(string_split(core, ' ')) AS token
          FROM {names}) n
    JOIN {tokens} t ON t.token = n.token
), ranked AS (  -- the rarest first (ties by the word)
    SELECT *, row_number() OVER (PARTITION BY entity_id, full_name
                                 ORDER BY bearers, token) AS rarity
    FROM words WHERE bearers <= $max_bearers
), blocking AS (
    SELECT entity_id, full_name,
           list(DISTINCT token ORDER BY token) FILTER (WHERE rarity <= 2) AS block_tokens
    FROM ranked GROUP BY entity_id, full_name
), every AS (
    SELECT entity_id, list(DISTINCT full_name ORDER BY full_name) AS names
    FROM {names} GROUP BY entity_id
), name_bearers AS (
    SELECT full_name, count(DISTINCT entity_id) AS bearers FROM {names} GROUP BY full_name
)
SELECT n.entity_id || '#' || row_number() OVER (PARTITION BY n.entity_id
                                                ORDER BY n.full_name) AS unique_id,
       n.entity_id, n.schema, n.kind, n.name, n.full_name, n.core, n.name_key, n.weak,
       list_sort(list_distinct(string_split(n.core, ' '))) AS tokens,
       replace(n.name_key, ' ', '') AS squashed,
       b.block_tokens, e.names, {features},
       CASE WHEN nb.bearers <= $max_name_bearers THEN n.full_name END AS rare_name,
       f.birth_dates[1] AS dob1, f.identifiers[1] AS id1
FROM {names} n
JOIN every e ON e.entity_id = n.entity_id
LEFT JOIN blocking b ON b.entity_id = n.entity_id AND b.full_name = n.full_name
JOIN name_bearers nb ON nb.full_name = n.full_name
LEFT JOIN {features_table} f ON f.entity_id = n.entity_id
"""

ENTITIES_SQL = f"""
SELECT entity_id AS unique_id, {{columns}} FROM (
    SELECT *, row_number() OVER (PARTITION BY entity_id ORDER BY
        {kind_rank_sql("kind")}, full_name) AS strength
    FROM {{names_table}}) AS ranked
WHERE strength = 1
"""
"""The training table: each entity once, under its strongest name (the prediction
table's row of it, keyed by the entity)."""

TABLES = ("names", "entities")
"""The record tables of a group, each written as Parquet in a folder of its own."""


@dataclass
class GroupRecords:
    """The records of one group, written as Parquet under ``folder`` (one folder per
    table of :data:`TABLES`), so the engine that links them reads them where it runs
    (Spark's executors, Splink's own DuckDB) and this process does not hold them.

    ``entities``: rows of the training table, one per named entity (its strongest
    name); ``names``: rows of the prediction table, one per entity and distinct name;
    ``without_name``: entities of the group with no name at all (not compared);
    ``features``: the features at least two entities have; ``blocking_bearers``: the
    most entities a blocking word may have."""

    group: str
    schemata: list[str]
    folder: Path
    entities: int
    names: int
    without_name: int
    features: list[str] = field(default_factory=list)
    blocking_bearers: int = 0

    def files(self, table: str) -> Path:
        """The folder of ``table`` (one of :data:`TABLES`)."""
        return self.folder / table


BEARERS_LIMIT_SQL = """
SELECT coalesce(max(bearers), 1) FROM (
    SELECT bearers, coalesce(sum(words * bearers * (bearers - 1) / 2) OVER (
        ORDER BY bearers ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
    FROM (SELECT bearers, count(*) AS words FROM ({counts}) AS counted
          GROUP BY bearers) AS grouped) AS running
WHERE before + bearers * (bearers - 1) / 2 <= $budget
"""
"""The limit of :func:`blocking_bearers`: the words grouped by their number of bearers
first, so the running sum (a window with no partition, which Spark computes in one
task) runs over the distinct counts, a few thousand, not over every word; a count
is allowed when the words of fewer bearers and one word of its own fit the budget."""


def blocking_bearers(engine: Engine, counts: str, budget: float) -> int:
    """The largest number of bearers a blocking word (or name) may have so that the
    pairs all such words make together, the sum of b (b - 1) / 2 over the words in
    increasing b, stay within ``budget``; 1 when even the rarest make more. ``counts``
    is a SELECT of one row per word with its ``bearers``; summed in SQL, so a case of
    millions of words sends none of them here."""
    return int(fetch_value(engine, BEARERS_LIMIT_SQL.format(counts=counts),
                           {"budget": float(budget)}) or 1)


def present_schemata(engine: Engine) -> list[str]:
    """The schemata the case's statements have (a group's are chosen among them)."""
    return sorted(str(v) for v in engine.fetch_arrow(
        "SELECT DISTINCT schema FROM statements").column(0).to_pylist())


COMPARTMENTS = "compartment_entities"
"""The entities whose values a compartment keeps back (a citizen reporter's identity,
:mod:`tnoc.govern.compartments`)."""


def outside_compartments(compartmented: bool) -> str:
    """SELECT of the case's statements that resolution reads: every one but those of
    an entity in a compartment (:data:`COMPARTMENTS`, when the case has one). A
    reporter's identity is withheld from every reader unless a release is granted to
    one member; compared, it would come back in every candidate pair's reason ("exact
    'Erika Beispiel' ... contacts shared (email:...)") on every face that lists pairs,
    and link the reporter to whoever shares a phone. Search and exports leave them out
    likewise."""
    if not compartmented:
        return "SELECT * FROM statements"
    return (f"SELECT s.* FROM statements s LEFT JOIN (SELECT DISTINCT entity_id AS held "
            f"FROM {COMPARTMENTS}) c ON c.held = s.entity_id WHERE c.held IS NULL")


@contextmanager
def statements_outside_compartments(engine: Engine, compartmented: bool) -> Iterator[str]:
    """A view on ``engine`` of the statements resolution reads
    (:func:`outside_compartments`; ``compartmented``: the engine holds
    :data:`COMPARTMENTS`), its name given to the block and the view dropped after."""
    view = "resolution_statements_" + uuid.uuid4().hex[:8]
    engine.create_view(view, outside_compartments(compartmented))
    try:
        yield view
    finally:
        engine.drop(view)


def _entity_count(engine: Engine, schemata: list[str], statements: str) -> int:
    return int(fetch_value(
        engine, f"SELECT count(*) FROM (SELECT canonical_id, {DEEPEST_SCHEMA_SQL} AS schema "
        f"FROM {statements} s LEFT JOIN schemata sc ON sc.name = s.schema "
        "WHERE s.prop = 'id' GROUP BY canonical_id) AS ents WHERE schema IN $s",
        {"s": schemata}) or 0)


def _present(engine: Engine, table: str) -> list[str]:
    """The features at least two entities of ``table`` have (a feature nobody shares
    compares nothing)."""
    counts = engine.fetch_arrow("SELECT " + ", ".join(f"count({c}) AS {c}" for c in FEATURES)
                                + f" FROM {table}").to_pylist()[0]
    return [c for c in FEATURES if int(counts[c]) >= 2]


def group_records(engine: Engine, group: str, folder: Path,
                  block_budget: float = 5_000_000,
                  present: list[str] | None = None,
                  statements: str = "statements") -> GroupRecords:
    """The training and prediction records of ``group`` from the case's
    ``statements`` and ``schemata`` on ``engine`` (the case's DuckDB connection, or
    Spark over its lake: the same SQL text), written by the engine under ``folder``
    (which must not exist); blocking words are chosen so they make at most
    ``block_budget`` pairs together. ``present``: the case's schemata
    (:func:`present_schemata`), when the caller has them already; ``statements``:
    the relation of the statements to read (resolution's:
    :func:`outside_compartments`)."""
    schemata = group_schemata(group, present if present is not None
                              else present_schemata(engine))
    suffix = uuid.uuid4().hex[:8]
    tables = {k: f"rec_{k}_{suffix}" for k in ("ids", "features", "tokens", "all",
                                                "entities")}
    tables["names"] = name_table(engine, schemata, statements)
    try:
        engine.create_table(tables["ids"], "SELECT DISTINCT entity_id FROM "
                            f"{tables['names']}")
        engine.create_table(tables["features"], FEATURES_SQL.format(
            ids=tables["ids"], statements=statements))
        engine.create_table(tables["tokens"], TOKENS_SQL.format(**tables))
        limit = blocking_bearers(engine, f"SELECT bearers FROM {tables['tokens']}",
                                 block_budget)
        name_limit = blocking_bearers(
            engine, f"SELECT count(DISTINCT entity_id) AS bearers FROM {tables['names']} "
                    "GROUP BY full_name", block_budget)
        engine.create_table(tables["all"], NAMES_SQL.format(
            names=tables["names"], tokens=tables["tokens"],
            features_table=tables["features"],
            features=", ".join(f"f.{c}" for c in FEATURES)),
            {"max_bearers": limit, "max_name_bearers": name_limit})
        columns = [c for c in engine.fetch_arrow(
            f"SELECT * FROM {tables['all']} LIMIT 0").column_names if c != "unique_id"]
        engine.create_table(tables["entities"], ENTITIES_SQL.format(
            names_table=tables["all"], columns=", ".join(columns)))
        folder.mkdir(parents=True)
        engine.write_parquet(f"SELECT * FROM {tables['all']} ORDER BY entity_id, full_name",
                             folder / "names")
        engine.write_parquet(f"SELECT * FROM {tables['entities']} ORDER BY entity_id",
                             folder / "entities")
        entities = int(fetch_value(engine, f"SELECT count(*) FROM {tables['entities']}")
                       or 0)
        names = int(fetch_value(engine, f"SELECT count(*) FROM {tables['all']}") or 0)
        features = _present(engine, tables["entities"])
    finally:
        for table in tables.values():
            engine.drop(table)
    total = _entity_count(engine, schemata, statements) if schemata else 0
    return GroupRecords(group, schemata, folder, entities, names,
                        max(total - entities, 0), features, limit)
