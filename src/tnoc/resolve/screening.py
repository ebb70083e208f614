"""Screening: the case's entities against sanctions and watch lists in the store.

A *list* is any dataset taken in as one (by default OFAC SDN, the OFAC address lists,
GraphSense tags, Ransomwhere and the ransomware address files). Every other entity is a
*subject*. Names go through the same machinery as resolution
(:mod:`tnoc.resolve.names`): every name, alias, previous name and weak alias of both
sides, transliterated from other scripts, legal forms unified. A subject is a hit when

* it is itself stated by a list (the same wallet address in a seized-phone export and
  on the OFAC list has one entity id): score 1.0;
* its crypto address equals a listed address in another spelling (EVM case): 1.0;
* one of its names equals a listed name after normalisation, in any word order
  ("Xiaobing Yan" ~ "YAN, Xiaobing"): 0.97; the same but for the legal form: 0.95;
* every word of one of its names is close to a word of a listed name (Jaro-Winkler >=
  0.9 each, both ways: transliterations, typos): 0.93 x the similarity of the names;
* its name is close as a whole (Jaro-Winkler >= ``min_similarity`` on the sorted words):
  0.9 x that similarity.

A name is only compared with listed names that share a *rare* word with it (one that
fewer than ``max_token_names`` listed names contain): "Mohammed" alone finds nobody. A
match on a listed *weak* alias (OFAC's nicknames and generic aliases, which OFAC does
not expect anyone to screen on alone) scores 0.6 of the above and says so. The same
birth date or country adds 0.03 each. Only entities that can be one object are
compared (a person is not screened against a company's name). Each hit says which list
entity, which of its names and of what kind, and why.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from tnoc import __version__
from tnoc.resolve.dialects import WORD_SIMILARITY, ListSql
from tnoc.resolve.names import KIND_LABELS, name_rows
from tnoc.resolve.schemata import candidate_schema, compatible_pairs
from tnoc.resolve.tables import ensure
from tnoc.store.query import scalar

__all__ = ["DEFAULT_LISTS", "ScreeningResult", "screen"]

DEFAULT_LISTS = ("ofac_sdn", "ofac_crypto", "graphsense_tags", "ransomwhere",
                 "ransomware_receipts")
WEAK_FACTOR = 0.6
_WORDS = ListSql("duckdb")

DDL = """
CREATE TABLE IF NOT EXISTS screening_hits (
    run_id VARCHAR NOT NULL,
    subject_id VARCHAR NOT NULL,
    list_entity_id VARCHAR NOT NULL,
    list_dataset VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    reason VARCHAR NOT NULL,
    details JSON
);
"""

ENTITIES_SQL = """
CREATE OR REPLACE TEMP TABLE scr_ents AS
SELECT canonical_id AS id, max(schema) AS schema,
       bool_or(dataset IN $lists) AS listed, bool_or(dataset NOT IN $lists) AS subject,
       list(DISTINCT dataset ORDER BY dataset) FILTER (WHERE dataset IN $lists)
           AS list_datasets
FROM statements GROUP BY canonical_id
"""

PAIRS_SQL = """
CREATE OR REPLACE TEMP TABLE scr_tok AS
SELECT DISTINCT entity_id AS id, full_name, from_list, unnest(string_split(core, ' ')) AS token
FROM scr_names;

CREATE OR REPLACE TEMP TABLE scr_pairs AS
WITH common AS (
    SELECT token FROM scr_tok WHERE from_list GROUP BY token
    HAVING count(*) > $max_token_names OR length(token) < 2
)
SELECT DISTINCT s.id AS sid, s.full_name AS sname, l.id AS lid, l.full_name AS lname
FROM scr_tok s JOIN scr_tok l ON s.token = l.token AND l.from_list AND NOT s.from_list
JOIN scr_ents es ON es.id = s.id AND es.subject AND NOT es.listed
WHERE s.id <> l.id AND s.token NOT IN (SELECT token FROM common);

CREATE OR REPLACE TEMP TABLE scr_facts AS
SELECT canonical_id AS id,
       list(DISTINCT value) FILTER (WHERE prop = 'birthDate') AS births,
       list(DISTINCT value) FILTER (WHERE prop IN ('nationality', 'citizenship', 'country'))
         AS countries
FROM statements WHERE flag IS NULL GROUP BY canonical_id
"""


HITS_SQL = f"""
INSERT INTO screening_hits
-- 1. the subject entity is itself stated by a list
SELECT $run, e.id, e.id, unnest(e.list_datasets), 1.0,
       'the same entity is on the list', NULL
FROM scr_ents e WHERE e.listed AND e.subject
UNION ALL
-- 2. a crypto address equal to a listed one in another spelling
SELECT $run, a.canonical_id, b.canonical_id, b.dataset, 1.0,
       'same crypto address ' || lower(a.value), NULL
FROM statements a JOIN statements b ON lower(a.value) = lower(b.value)
     AND a.canonical_id <> b.canonical_id
WHERE a.prop = 'publicKey' AND b.prop = 'publicKey' AND a.flag IS NULL AND b.flag IS NULL
  AND a.dataset NOT IN $lists AND b.dataset IN $lists
UNION ALL
-- 3. names: exact, the same without legal forms or reordered, every word close, close
SELECT $run, subject, listed, dataset, least(1.0, base * (CASE WHEN weak THEN {WEAK_FACTOR}
       ELSE 1 END) + bonus), how || ': ' || sname || ' ~ ' || lname
       || CASE WHEN weak THEN ' (a weak alias on the list)' ELSE '' END,
       json_object('subject_name', sname, 'subject_kind', skind, 'list_name', lname,
                   'list_kind', lkind, 'similarity', round(sim, 3), 'level', how)
FROM (
    SELECT p.sid AS subject, p.lid AS listed, ns.name AS sname, nl.name AS lname,
           ns.kind AS skind, nl.kind AS lkind, nl.weak AS weak,
           list_min(el.list_datasets) AS dataset,
           jaro_winkler_similarity(ns.name_key, nl.name_key) AS sim,
           {_WORDS.words_matched("ns.tokens", "nl.tokens")} = array_length(ns.tokens)
           AND {_WORDS.words_matched("nl.tokens", "ns.tokens")} = array_length(nl.tokens)
               AS close_words,
           CASE WHEN ns.full_name = nl.full_name OR ns.name_key = nl.name_key
                     THEN 'same name'
                WHEN ns.core = nl.core THEN 'same name but the legal form'
                WHEN close_words THEN 'similar name'
                WHEN sim >= $min_similarity THEN 'similar name' END AS how,
           CASE WHEN ns.full_name = nl.full_name OR ns.name_key = nl.name_key THEN 0.97
                WHEN ns.core = nl.core THEN 0.95
                WHEN close_words THEN round(0.93 * sim, 3)
                ELSE round(0.9 * sim, 3) END AS base,
           CASE WHEN len(list_intersect(fs.births, fl.births)) > 0 THEN 0.03 ELSE 0 END
           + CASE WHEN len(list_intersect(fs.countries, fl.countries)) > 0 THEN 0.03
                  ELSE 0 END AS bonus
    FROM scr_pairs p
    JOIN scr_ents el ON el.id = p.lid
    JOIN scr_names ns ON ns.entity_id = p.sid AND ns.full_name = p.sname AND NOT ns.from_list
    JOIN scr_names nl ON nl.entity_id = p.lid AND nl.full_name = p.lname AND nl.from_list
    JOIN scr_compat c ON c.a = ns.schema AND c.b = nl.schema
    LEFT JOIN scr_facts fs ON fs.id = p.sid
    LEFT JOIN scr_facts fl ON fl.id = p.lid
)
WHERE how IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY subject, listed
                           ORDER BY base * (CASE WHEN weak THEN {WEAK_FACTOR} ELSE 1 END)
                                    + bonus DESC, sname, lname) = 1
"""


@dataclass
class ScreeningResult:
    """One screening run."""

    run_id: str
    subjects: int
    hits: int


def _names(con: duckdb.DuckDBPyConnection) -> None:
    """``scr_names``: every name of every entity that can be one object, marked list or
    subject, with its kind's label and its words."""
    schemata = [str(r[0]) for r in con.execute("SELECT DISTINCT schema FROM scr_ents"
                                               ).fetchall()]
    names = name_rows(con, [s for s in schemata if candidate_schema(s)])
    labels = pa.table({"kind": list(KIND_LABELS), "label": list(KIND_LABELS.values())})
    con.register("scr_raw_names", names)
    con.register("scr_labels", labels)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE scr_names AS SELECT n.* REPLACE (l.label AS kind), "
            "coalesce(e.listed, false) AS from_list, "
            "list_sort(list_distinct(string_split(n.core, ' '))) AS tokens "
            "FROM scr_raw_names n JOIN scr_labels l USING (kind) "
            "LEFT JOIN scr_ents e ON e.id = n.entity_id")
    finally:
        con.unregister("scr_raw_names")
        con.unregister("scr_labels")


def screen(con: duckdb.DuckDBPyConnection, lists: tuple[str, ...] = DEFAULT_LISTS,
           min_similarity: float = 0.92, max_token_names: int = 300) -> ScreeningResult:
    """Screen every subject entity against the lists (caller's transaction)."""
    ensure(con)
    con.execute(DDL)
    con.execute(ENTITIES_SQL, {"lists": list(lists)})
    _names(con)
    con.execute("CREATE OR REPLACE TEMP TABLE scr_compat (a VARCHAR, b VARCHAR, c VARCHAR)")
    compat = compatible_pairs(str(r[0]) for r in con.execute(
        "SELECT DISTINCT schema FROM scr_names").fetchall())
    if compat:
        con.executemany("INSERT INTO scr_compat VALUES (?, ?, ?)", compat)
    for statement in PAIRS_SQL.split(";"):
        if statement.strip():
            used = {"max_token_names": max_token_names} if "$max_token_names" in statement \
                else {}
            con.execute(statement, used)
    run_id = "scr-" + uuid.uuid4().hex[:12]
    con.execute(HITS_SQL, {"run": run_id, "lists": list(lists),
                           "min_similarity": min_similarity})
    subjects = int(scalar(con, "SELECT count(*) FROM scr_ents WHERE subject") or 0)
    hits = int(scalar(con, "SELECT count(*) FROM screening_hits WHERE run_id = ?",
                      [run_id]) or 0)
    con.execute(
        "INSERT INTO resolution_runs VALUES (?, 'screening', ?, ?, ?, ?)",
        [run_id, json.dumps({"lists": list(lists), "min_similarity": min_similarity,
                             "max_token_names": max_token_names,
                             "word_similarity": WORD_SIMILARITY,
                             "weak_alias_factor": WEAK_FACTOR}),
         datetime.now(UTC), __version__, hits],
    )
    for table in ("scr_ents", "scr_names", "scr_facts", "scr_tok", "scr_pairs", "scr_compat"):
        con.execute(f"DROP TABLE {table}")
    return ScreeningResult(run_id, subjects, hits)
