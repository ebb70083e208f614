"""Projections and their measures, kept in the store with their parameters.

``projections`` records what was projected (parameters, sources, node and tie counts,
statements read, tool version, time); ``node_measures`` one row per node and measure.
A figure in a report can so be traced to the projection and the sources it came from.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from tnoc import __version__
from tnoc.graph.measures import MeasureTable
from tnoc.graph.projection import Projection

DDL = """
CREATE TABLE IF NOT EXISTS projections (
    projection_id VARCHAR NOT NULL,
    run_at TIMESTAMPTZ NOT NULL,
    parameters JSON NOT NULL,
    sources VARCHAR[],
    nodes BIGINT, ties BIGINT, input_statements BIGINT,
    tool_version VARCHAR
);
CREATE TABLE IF NOT EXISTS node_measures (
    projection_id VARCHAR NOT NULL,
    run_at TIMESTAMPTZ NOT NULL,
    entity_id VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    value DOUBLE
);
"""


def save_measures(con: duckdb.DuckDBPyConnection, projection: Projection,
                  table: MeasureTable) -> str:
    """Store a projection and its measures (caller's transaction); returns its id."""
    con.execute(DDL)
    run_at = datetime.now(UTC)
    projection_id = projection.spec.key()
    con.execute("INSERT INTO projections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [projection_id, run_at, json.dumps(asdict(projection.spec)),
                 projection.source_ids, len(projection.ids),
                 projection.graph.numberOfEdges(), projection.input_statements,
                 __version__])
    rows = [(e, m, v) for m, values in table.values.items()
            for e, v in zip(table.ids, values, strict=True)]
    arrow = pa.table({"entity_id": [r[0] for r in rows],  # noqa: F841
                      "measure": [r[1] for r in rows],
                      "value": pa.array([r[2] for r in rows], type=pa.float64())})
    con.execute("INSERT INTO node_measures SELECT ?, ?, entity_id, measure, value FROM arrow",
                [projection_id, run_at])
    return projection_id
