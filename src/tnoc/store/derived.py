"""Analysis results as statements, citing the analysis run as their source.

An analysis (a disruption simulation, later a typology alert or a threat score) writes
its full result as JSON under ``analyses/`` in the case, registers that file as a source
(sha256, parameters as the "mapping", the tool version) and states its findings as
ordinary statements of extension schemata (``DisruptionStep.removed`` -> a Person), so
the evidence base links a person to the analyses about them and every derived figure
can be traced to the run, its parameters and its inputs. An ``analysed`` custody event
records the run.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from tnoc import __version__
from tnoc.evidence.custody import CustodyEvent, record_event
from tnoc.model import get_model
from tnoc.store.schema import STORE_COLUMNS


@dataclass
class DerivedStatement:
    """One value an analysis states about an entity."""

    entity_id: str
    schema: str
    prop: str
    value: str
    locator: str


def add_analysis(con: duckdb.DuckDBPyConnection, root: Path, kind: str, run_id: str,
                 result: dict[str, object], statements: Iterable[DerivedStatement],
                 inputs: list[str]) -> str:
    """Write ``result`` to ``analyses/KIND-RUN.json``, register it as a source and add
    ``statements`` citing it (caller's transaction). Returns the source id."""
    payload = json.dumps(result, indent=1, sort_keys=True, default=str).encode("utf-8")
    digest = hashlib.sha256(payload).hexdigest()
    folder = root / "analyses"
    folder.mkdir(exist_ok=True)
    name = f"{kind}-{run_id}.json"
    (folder / name).write_bytes(payload)
    source_id = f"analysis-{kind}-{run_id}"
    now = datetime.now(UTC)
    rows = []
    model = get_model()
    for s in statements:
        prop = model.get(s.schema).get(s.prop) if s.prop != "id" else None  # type: ignore[union-attr]
        prop_type = prop.type.name if prop is not None else "id"
        rows.append((s.entity_id, None, s.schema, s.prop, prop_type, s.value, None, source_id,
                     s.locator, None))
    con.execute(
        "INSERT INTO sources (source_id, file_name, original_path, exhibit_path, sha256, "
        "size_bytes, media_type, encoding, collected_at, collector, legal_basis, "
        "handling_code, mapping, mapping_sha256, dataset, ingested_at, ingested_by, "
        "tool_version, records, statements, flagged) VALUES (?, ?, NULL, ?, ?, ?, "
        "'application/json', 'utf-8', ?, ?, NULL, 'TLP:AMBER', ?, NULL, 'analysis', ?, ?, ?, "
        "?, ?, 0)",
        [source_id, name, f"analyses/{name}", digest, len(payload), now, getpass.getuser(),
         f"tnoc.{kind}", now, getpass.getuser(), __version__, 1, len(rows)])
    columns = [c.strip() for c in STORE_COLUMNS.split(",")]
    derived_rows = pa.table({c: pa.array([r[i] for r in rows], type=pa.string())  # noqa: F841
                      for i, c in enumerate(columns)})
    con.execute(f"INSERT INTO statement_store ({STORE_COLUMNS}) SELECT {STORE_COLUMNS} "
                "FROM derived_rows")
    record_event(con, CustodyEvent(
        event_type="analysed", item_id=source_id, item_sha256=digest,
        purpose=f"{kind} analysis", method=f"tnoc.{kind}",
        details={"inputs": inputs, "statements": len(rows)}))
    return source_id
