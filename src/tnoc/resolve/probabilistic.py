"""Probabilistic linking of the case's people and organisations (Splink on DuckDB).

Records come from :mod:`tnoc.resolve.records`; the model from
:mod:`tnoc.resolve.model`. Each predicted pair above the threshold is written to
``candidate_links`` with its match probability, total match weight and the match
weight of every comparison (what made Splink think so), for the analyst to judge.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd
import pyarrow as pa

from tnoc import __version__
from tnoc.errors import TnocError
from tnoc.resolve.model import BlockingTooLarge, ModelOptions, link, match_weights
from tnoc.resolve.records import person_records
from tnoc.resolve.tables import ensure

MIN_RECORDS = 50


@dataclass
class GroupResult:
    """Outcome of linking one group of records."""

    group: str
    records: int
    without_name: int
    candidates: int
    run_id: str | None
    skipped: str | None = None


def _reason(weights: dict[str, float]) -> str:
    top = sorted(weights.items(), key=lambda kv: -kv[1])[:3]
    return "splink: " + ", ".join(f"{k} {v:+.1f}" for k, v in top)


def _usable_columns(records: pd.DataFrame) -> set[str]:
    """Columns with at least two values: a column that is always empty compares nothing."""
    return {c for c in records.columns
            if c != "unique_id" and records[c].notna().sum() >= 2}


def link_group(con: duckdb.DuckDBPyConnection, group: str,
               options: ModelOptions | None = None) -> GroupResult:
    """Link the records of one group and store the candidate links (caller's transaction)."""
    from splink.backends.duckdb import DuckDBAPI

    ensure(con)
    options = options or ModelOptions()
    table = person_records(con, group)
    n = len(table.records)
    if n < MIN_RECORDS:
        return GroupResult(group, n, table.without_name, 0, None,
                           f"too few records to estimate a model ({n} < {MIN_RECORDS})")
    columns = _usable_columns(table.records)
    db_api = DuckDBAPI(duckdb.connect())
    sdf = db_api.register(table.records)
    try:
        _, predictions = link(db_api, [sdf], columns, options)
    except BlockingTooLarge:
        raise
    except TnocError as exc:
        return GroupResult(group, n, table.without_name, 0, None, str(exc))
    found = predictions.as_pandas_dataframe()
    run_id = "run-" + uuid.uuid4().hex[:12]
    rows = []
    for row in found.to_dict("records"):
        weights = match_weights(row)
        details = {"weights": weights, "compared": {
            c: [row.get(f"{c}_l"), row.get(f"{c}_r")] for c in sorted(columns)
            if f"{c}_l" in row}}
        rows.append((run_id, str(row["unique_id_l"]), str(row["unique_id_r"]), "splink",
                     float(row["match_probability"]), float(row["match_weight"]),
                     _reason(weights), json.dumps(details, default=str)))
    if rows:
        names = ["run_id", "left_id", "right_id", "method", "match_probability",
                 "match_weight", "reason", "details"]
        arrow = pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})  # noqa: F841
        con.execute("INSERT INTO candidate_links SELECT run_id, least(left_id, right_id), "
                    "greatest(left_id, right_id), method, match_probability, match_weight, "
                    "reason, details::JSON FROM arrow")
    con.execute("INSERT INTO resolution_runs VALUES (?, 'splink', ?, ?, ?, ?)",
                [run_id, json.dumps({"group": group, **asdict(options),
                                     "columns": sorted(columns)}),
                 datetime.now(UTC), __version__, len(rows)])
    return GroupResult(group, n, table.without_name, len(rows), run_id)
