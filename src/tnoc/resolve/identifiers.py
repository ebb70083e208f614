"""Strong-identifier linking: entities that share a normalised strong identifier.

Phones (E.164), emails, IBANs, crypto addresses, passport/ID/tax numbers, LEI, IMO and
a username on a named service are, once cleaned by their FtM type at ingest, near-unique
keys. Two entities holding the same one are candidates, with the identifier as the
reason. Computed in SQL over the statements (any size); a value shared by more than
``max_group`` entities (a switchboard number, an exchange's hot wallet) is reported
instead of exploding into all its pairs.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tnoc import __version__
from tnoc.query_results import has_table
from tnoc.resolve.records import COMPARTMENTS, statements_outside_compartments
from tnoc.resolve.schemata import candidate_schema, compatible_pairs
from tnoc.store.engine import DuckDBEngine
from tnoc.store.query import scalar
from tnoc.store.resolution_tables import ensure
from tnoc.store.schema import DEEPEST_SCHEMA_SQL
from tnoc.store.sql import file_list, literal_list

STRONG_PROPS = ("iban", "passportNumber", "idNumber", "taxNumber", "leiCode", "imoNumber",
                "mmsi", "publicKey", "cryptoAddress", "swiftBic", "registrationNumber",
                "serialNumber", "socialSecurityNumber", "innCode", "ogrnCode", "vatCode")

MIN_LENGTH = 5  # shorter "identifiers" (a passport series letter) identify nobody

# entities that can be one object (tnoc.resolve.schemata): their deepest schema
ENTITIES_SQL = f"""
CREATE OR REPLACE TEMP TABLE strong_ents AS
SELECT s.canonical_id AS entity, {DEEPEST_SCHEMA_SQL} AS schema
FROM {{statements}} s LEFT JOIN schemata sc ON sc.name = s.schema
WHERE s.prop = 'id' GROUP BY s.canonical_id
"""

IDENTIFIERS_SQL = f"""
CREATE OR REPLACE TEMP TABLE strong_ids AS
WITH ids AS (
    SELECT DISTINCT canonical_id AS entity,
           CASE WHEN prop_type IN ('phone', 'email') THEN prop_type
                WHEN schema = 'CryptoWallet' THEN 'crypto address'
                ELSE prop END AS kind,
           CASE WHEN prop_type IN ('phone', 'email') THEN lower(value)
                WHEN schema = 'CryptoWallet' AND starts_with(lower(value), '0x')
                     THEN lower(value)
                WHEN prop_type = 'identifier'
                     THEN upper(regexp_replace(value, '[^A-Za-z0-9]', '', 'g'))
                ELSE value END AS value
    FROM {{statements}}
    WHERE flag IS NULL AND length(value) >= {MIN_LENGTH} AND (prop_type IN ('phone', 'email')
          OR prop IN {literal_list(STRONG_PROPS)})
    UNION
    SELECT DISTINCT u.canonical_id, 'username@' || lower(s.value), lower(u.value)
    FROM {{statements}} u JOIN {{statements}} s ON s.canonical_id = u.canonical_id
         AND s.prop = 'service' AND s.flag IS NULL
    WHERE u.schema = 'UserAccount' AND u.prop = 'username' AND u.flag IS NULL
)
SELECT ids.entity, e.schema, ids.kind, ids.value
FROM ids JOIN strong_ents e USING (entity)
WHERE e.schema IN (SELECT unnest($candidates)) AND length(ids.value) >= {MIN_LENGTH}
"""


PAIRS_SQL = """
INSERT INTO candidate_links
WITH usable AS (
    SELECT * FROM strong_ids WHERE (kind, value) IN (
        SELECT kind, value FROM strong_ids GROUP BY kind, value
        HAVING count(DISTINCT entity) BETWEEN 2 AND $max)
), pairs AS (
    SELECT a.entity AS left_id, b.entity AS right_id, a.kind, a.value,
           a.schema AS left_schema, b.schema AS right_schema
    FROM usable a JOIN usable b ON a.kind = b.kind AND a.value = b.value
         AND a.entity < b.entity
    JOIN strong_compat c ON c.a = a.schema AND c.b = b.schema
), modelled AS (  -- both compared in one group by the probabilistic model
    SELECT DISTINCT p.left_id, p.right_id FROM pairs p
    JOIN strong_covered ca ON ca.entity = p.left_id
    JOIN strong_covered cb ON cb.entity = p.right_id AND cb.grp = ca.grp
)
SELECT $run, p.left_id, p.right_id, 'identifier', 1.0, NULL,
       'same ' || p.kind || ': ' || p.value,
       json_object('kind', p.kind, 'value', p.value,
                   'schemata', [p.left_schema, p.right_schema])
FROM pairs p ANTI JOIN modelled m ON m.left_id = p.left_id AND m.right_id = p.right_id
"""


@dataclass
class IdentifierResult:
    """What one identifier-linking run found."""

    run_id: str
    candidates: int
    too_common: list[tuple[str, str, int]]


def link_identifiers(con: duckdb.DuckDBPyConnection, max_group: int = 50,
                     covered: list[tuple[Path, str]] | None = None) -> IdentifierResult:
    """Write candidate links for entities sharing a strong identifier (caller's
    transaction). Only entities that can be one object are linked (never calls,
    messages or payments), and only pairs whose schemata have a common schema (never a
    Person and an Organization, whatever email they share).

    ``covered`` lists the groups the probabilistic model compared, each with the
    folder of its entities' records (Parquet, column ``entity_id``:
    :func:`tnoc.resolve.records.group_records`): a pair whose two entities were
    compared in the same group is left to the model, which weighs the shared
    identifier with everything else."""
    ensure(con)
    con.execute("CREATE OR REPLACE TEMP TABLE strong_covered (entity VARCHAR, grp VARCHAR)")
    for folder, group in covered or ():
        files = file_list(sorted(folder.glob("*.parquet")))
        con.execute(f"INSERT INTO strong_covered SELECT entity_id, ? FROM read_parquet({files})",
                    [group])
    # the statements outside the compartments: a reporter shares no identifier
    with statements_outside_compartments(DuckDBEngine(con),
                                         has_table(con, COMPARTMENTS)) as statements:
        con.execute(ENTITIES_SQL.format(statements=statements))
        present = [str(r[0]) for r in con.execute("SELECT DISTINCT schema FROM strong_ents"
                                                  ).fetchall()]
        candidates = [s for s in present if candidate_schema(s)]
        con.execute(IDENTIFIERS_SQL.format(statements=statements),
                    {"candidates": candidates or ["-"]})
    compatible = compatible_pairs(candidates)
    con.execute("CREATE OR REPLACE TEMP TABLE strong_compat (a VARCHAR, b VARCHAR, "
                "common VARCHAR)")
    if compatible:
        con.executemany("INSERT INTO strong_compat VALUES (?, ?, ?)", compatible)
    too_common = [(str(k), str(v), int(n)) for k, v, n in con.execute(
        "SELECT kind, value, count(DISTINCT entity) AS n FROM strong_ids GROUP BY kind, value "
        "HAVING count(DISTINCT entity) > ? ORDER BY n DESC, kind, value LIMIT 50", [max_group]
    ).fetchall()]
    run_id = "run-" + uuid.uuid4().hex[:12]
    con.execute(PAIRS_SQL, {"run": run_id, "max": max_group})
    count = int(scalar(con, "SELECT count(*) FROM candidate_links WHERE run_id = ?",
                       [run_id]) or 0)
    con.execute(
        "INSERT INTO resolution_runs (run_id, method, parameters, created_at, "
        "tool_version, candidates) VALUES (?, 'identifier', ?, ?, ?, ?)",
        [run_id, json.dumps({"max_group": max_group, "props": STRONG_PROPS,
                             "schemata": candidates}),
         datetime.now(UTC), __version__, count],
    )
    for table in ("strong_ids", "strong_ents", "strong_compat", "strong_covered"):
        con.execute(f"DROP TABLE {table}")
    return IdentifierResult(run_id, count, too_common)
