"""Tables of the resolution stage, created on first use (older cases upgrade in place).

They are part of the store's layout (verify rebuilds them beside the views) and the
intake of partners' files fills them too (review candidates), so they live with the
store's other DDL rather than in :mod:`tnoc.resolve`, which uses them."""

from __future__ import annotations

import duckdb

DDL = """
CREATE TABLE IF NOT EXISTS resolution_runs (
    run_id VARCHAR PRIMARY KEY,
    method VARCHAR NOT NULL,
    parameters JSON,
    created_at TIMESTAMPTZ NOT NULL,
    tool_version VARCHAR,
    candidates BIGINT
);
CREATE TABLE IF NOT EXISTS candidate_links (
    run_id VARCHAR NOT NULL,
    left_id VARCHAR NOT NULL,
    right_id VARCHAR NOT NULL,
    method VARCHAR NOT NULL,
    match_probability DOUBLE,
    match_weight DOUBLE,
    reason VARCHAR NOT NULL,
    details JSON
);
CREATE TABLE IF NOT EXISTS judgements (
    judgement_id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL,
    left_id VARCHAR,
    right_id VARCHAR,
    verdict VARCHAR NOT NULL,
    undoes VARCHAR,
    author VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    note VARCHAR
);
CREATE OR REPLACE VIEW judgements_active AS
SELECT * FROM judgements
WHERE verdict IN ('positive', 'negative', 'unsure')
  AND judgement_id NOT IN (SELECT undoes FROM judgements WHERE verdict = 'undo');
"""


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the resolution tables if missing (and add columns later versions use)."""
    con.execute(DDL)
    # the runs of one `tnoc resolve` share a batch: the review queue shows the latest
    con.execute("ALTER TABLE resolution_runs ADD COLUMN IF NOT EXISTS batch VARCHAR")
