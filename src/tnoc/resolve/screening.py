"""Screening: the case's entities against sanctions and watch lists in the store.

A *list* is any dataset taken in as one (by default OFAC SDN, the OFAC address lists,
GraphSense tags, Ransomwhere and the ransomware address files). Every other entity is a
*subject*. A subject is a hit when

* it is itself stated by a list (the same wallet address in a seized-phone export and
  on the OFAC list has one entity id): score 1.0;
* its crypto address equals a listed address in another spelling (EVM case): 1.0;
* its name equals a listed name or alias after normalisation (case, accents,
  punctuation, token order): 0.97, plus 0.03 for the same birth date or country;
* its name is close to one (Jaro-Winkler >= ``min_similarity`` on the sorted tokens,
  scored 0.95 x similarity so that it never outranks an exact name,
  compared only where the names share a token that fewer than ``max_token_names`` list
  names have), with the same bonuses.

Each hit says which list entity, which of its names, and why. Computed in SQL.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from tnoc import __version__
from tnoc.resolve.tables import ensure

DEFAULT_LISTS = ("ofac_sdn", "ofac_crypto", "graphsense_tags", "ransomwhere",
                 "ransomware_receipts")
NAME_SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "UserAccount",
                 "Vessel", "Airplane")

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

NORM = ("trim(regexp_replace(lower(strip_accents({x})), '[^a-z0-9]+', ' ', 'g'))")

SCREEN_SQL = """
CREATE OR REPLACE TEMP TABLE scr_ents AS
SELECT canonical_id AS id, max(schema) AS schema,
       bool_or(dataset IN $lists) AS listed, bool_or(dataset NOT IN $lists) AS subject,
       list(DISTINCT dataset) FILTER (WHERE dataset IN $lists) AS list_datasets
FROM statements GROUP BY canonical_id;

CREATE OR REPLACE TEMP TABLE scr_names AS
SELECT s.canonical_id AS id, s.value AS name, s.dataset IN $lists AS from_list,
       list_sort(string_split({norm}, ' ')) AS tokens
FROM statements s
WHERE s.flag IS NULL AND s.prop IN ('name', 'alias', 'previousName', 'weakAlias')
  AND s.schema IN $schemata;

CREATE OR REPLACE TEMP TABLE scr_tok AS
SELECT DISTINCT id, name, from_list, unnest(tokens) AS token FROM scr_names;

CREATE OR REPLACE TEMP TABLE scr_pairs AS
WITH common AS (
    SELECT token FROM scr_tok WHERE from_list GROUP BY token
    HAVING count(*) > $max_token_names OR length(token) < 2
)
SELECT DISTINCT s.id AS sid, s.name AS sname, l.id AS lid, l.name AS lname
FROM scr_tok s JOIN scr_tok l ON s.token = l.token AND l.from_list AND NOT s.from_list
JOIN scr_ents es ON es.id = s.id AND es.subject AND NOT es.listed
WHERE s.id <> l.id AND s.token NOT IN (SELECT token FROM common);

CREATE OR REPLACE TEMP TABLE scr_facts AS
SELECT canonical_id AS id,
       list(DISTINCT value) FILTER (WHERE prop = 'birthDate') AS births,
       list(DISTINCT value) FILTER (WHERE prop IN ('nationality', 'citizenship', 'country'))
         AS countries
FROM statements WHERE flag IS NULL GROUP BY canonical_id;
"""

HITS_SQL = """
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
-- 3. and 4. names: exact after normalisation, or close (pairs share a rare token)
SELECT $run, subject, listed, dataset, least(1.0, base + bonus), reason,
       json_object('subject_name', sname, 'list_name', lname, 'similarity', sim)
FROM (
    SELECT p.sid AS subject, p.lid AS listed, p.sname, p.lname,
           list_min(el.list_datasets) AS dataset,
           jaro_winkler_similarity(array_to_string(ns.tokens, ' '),
                                   array_to_string(nl.tokens, ' ')) AS sim,
           ns.tokens = nl.tokens AS exact,
           CASE WHEN exact THEN 0.97 ELSE round(0.95 * sim, 3) END AS base,
           CASE WHEN len(list_intersect(fs.births, fl.births)) > 0 THEN 0.03 ELSE 0 END
           + CASE WHEN len(list_intersect(fs.countries, fl.countries)) > 0 THEN 0.03
                  ELSE 0 END AS bonus,
           CASE WHEN ns.tokens = nl.tokens THEN 'same name' ELSE 'similar name' END
           || ': ' || p.sname || ' ~ ' || p.lname AS reason
    FROM scr_pairs p
    JOIN scr_ents el ON el.id = p.lid
    JOIN scr_names ns ON ns.id = p.sid AND ns.name = p.sname AND NOT ns.from_list
    JOIN scr_names nl ON nl.id = p.lid AND nl.name = p.lname AND nl.from_list
    LEFT JOIN scr_facts fs ON fs.id = p.sid
    LEFT JOIN scr_facts fl ON fl.id = p.lid
)
WHERE exact OR sim >= $min_similarity
QUALIFY row_number() OVER (PARTITION BY subject, listed ORDER BY base + bonus DESC) = 1
"""


@dataclass
class ScreeningResult:
    """One screening run."""

    run_id: str
    subjects: int
    hits: int


def screen(con: duckdb.DuckDBPyConnection, lists: tuple[str, ...] = DEFAULT_LISTS,
           min_similarity: float = 0.92, max_token_names: int = 300) -> ScreeningResult:
    """Screen every subject entity against the lists (caller's transaction)."""
    ensure(con)
    con.execute(DDL)
    params = {"lists": list(lists), "schemata": list(NAME_SCHEMATA),
              "max_token_names": max_token_names}
    sql = SCREEN_SQL.replace("{norm}", NORM.format(x="s.value"))
    for statement in sql.split(";"):
        if statement.strip():
            used = {k: v for k, v in params.items() if f"${k}" in statement}
            con.execute(statement, used)
    run_id = "scr-" + uuid.uuid4().hex[:12]
    con.execute(HITS_SQL, {"run": run_id, "lists": list(lists),
                           "min_similarity": min_similarity})
    subjects = con.execute("SELECT count(*) FROM scr_ents WHERE subject").fetchone()
    hits = con.execute("SELECT count(*) FROM screening_hits WHERE run_id = ?", [run_id]
                       ).fetchone()
    con.execute(
        "INSERT INTO resolution_runs VALUES (?, 'screening', ?, ?, ?, ?)",
        [run_id, json.dumps({"lists": list(lists), "min_similarity": min_similarity}),
         datetime.now(UTC), __version__, hits[0] if hits else 0],
    )
    for table in ("scr_ents", "scr_names", "scr_facts", "scr_tok", "scr_pairs"):
        con.execute(f"DROP TABLE {table}")
    return ScreeningResult(run_id, int(subjects[0]) if subjects else 0,
                           int(hits[0]) if hits else 0)
