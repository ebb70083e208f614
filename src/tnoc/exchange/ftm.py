"""FollowTheMoney JSON lines export: one entity per line, as Aleph and yente read it.

Flagged (invalid) values are not valid FtM and are left out of the export; the count
of values left out is returned so the CLI can say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import duckdb

from tnoc.store.query import proxy_for

BATCH = 10_000


def iter_entities(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, object]]:
    """Entities of the store as FtM dicts (valid values only)."""
    cur = con.execute("SELECT id, schema, properties FROM entities ORDER BY id")
    while batch := cur.fetchmany(BATCH):
        for entity_id, schema, properties in batch:
            yield proxy_for(entity_id, schema, properties).to_dict()


def export_ftm(con: duckdb.DuckDBPyConnection, out: IO[str] | Path) -> tuple[int, int]:
    """Write FtM JSON lines; returns (entities written, flagged values left out)."""
    left_out = con.execute("SELECT count(*) FROM statements WHERE flag IS NOT NULL").fetchone()
    if isinstance(out, Path):
        with open(out, "w", encoding="utf-8") as fh:
            return _write(con, fh), int(left_out[0]) if left_out else 0
    return _write(con, out), int(left_out[0]) if left_out else 0


def _write(con: duckdb.DuckDBPyConnection, fh: IO[str]) -> int:
    count = 0
    for entity in iter_entities(con):
        fh.write(json.dumps(entity, sort_keys=True, ensure_ascii=False) + "\n")
        count += 1
    return count
