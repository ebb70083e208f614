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

import duckdb

from tnoc import __version__
from tnoc.resolve.tables import ensure

STRONG_PROPS = ("iban", "passportNumber", "idNumber", "taxNumber", "leiCode", "imoNumber",
                "publicKey", "cryptoAddress", "swiftBic", "registrationNumber")

MIN_LENGTH = 5  # shorter "identifiers" (a passport series letter) identify nobody

IDENTIFIERS_SQL = f"""
CREATE OR REPLACE TEMP TABLE strong_ids AS
SELECT DISTINCT canonical_id AS entity, schema,
       CASE WHEN prop_type IN ('phone', 'email') THEN prop_type
            WHEN schema = 'CryptoWallet' THEN 'crypto address'
            ELSE prop END AS kind,
       CASE WHEN schema = 'CryptoWallet' AND starts_with(lower(value), '0x') THEN lower(value)
            ELSE value END AS value
FROM statements
WHERE flag IS NULL AND length(value) >= {MIN_LENGTH} AND (prop_type IN ('phone', 'email')
      OR prop IN ({", ".join(f"'{p}'" for p in STRONG_PROPS)}))
UNION
SELECT DISTINCT u.canonical_id, u.schema, 'username@' || lower(s.value), lower(u.value)
FROM statements u JOIN statements s ON s.canonical_id = u.canonical_id
     AND s.prop = 'service' AND s.flag IS NULL
WHERE u.schema = 'UserAccount' AND u.prop = 'username' AND u.flag IS NULL
"""


@dataclass
class IdentifierResult:
    """What one identifier-linking run found."""

    run_id: str
    candidates: int
    too_common: list[tuple[str, str, int]]


def link_identifiers(con: duckdb.DuckDBPyConnection, max_group: int = 50) -> IdentifierResult:
    """Write candidate links for entities sharing a strong identifier (caller's transaction)."""
    ensure(con)
    con.execute(IDENTIFIERS_SQL)
    too_common = [(str(k), str(v), int(n)) for k, v, n in con.execute(
        "SELECT kind, value, count(DISTINCT entity) AS n FROM strong_ids GROUP BY kind, value "
        "HAVING count(DISTINCT entity) > ? ORDER BY n DESC LIMIT 50", [max_group]
    ).fetchall()]
    run_id = "run-" + uuid.uuid4().hex[:12]
    con.execute(
        "INSERT INTO candidate_links SELECT $run, a.entity, b.entity, 'identifier', 1.0, NULL, "
        "'same ' || a.kind || ': ' || a.value, "
        "json_object('kind', a.kind, 'value', a.value, 'schemata', [a.schema, b.schema]) "
        "FROM strong_ids a JOIN strong_ids b ON a.kind = b.kind AND a.value = b.value "
        "AND a.entity < b.entity "
        "WHERE (a.kind, a.value) NOT IN (SELECT kind, value FROM strong_ids "
        "GROUP BY kind, value HAVING count(DISTINCT entity) > $max)",
        {"run": run_id, "max": max_group},
    )
    row = con.execute("SELECT count(*) FROM candidate_links WHERE run_id = ?", [run_id]
                      ).fetchone()
    count = int(row[0]) if row else 0
    con.execute(
        "INSERT INTO resolution_runs VALUES (?, 'identifier', ?, ?, ?, ?)",
        [run_id, json.dumps({"max_group": max_group, "props": STRONG_PROPS}),
         datetime.now(UTC), __version__, count],
    )
    con.execute("DROP TABLE strong_ids")
    return IdentifierResult(run_id, count, too_common)
