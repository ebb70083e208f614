"""Analysis results as statements, citing the analysis run as their source.

An analysis (a disruption simulation, later a typology alert or a threat score) writes
its full result as JSON under ``analyses/`` in the case, registers that file as a source
(sha256, parameters as the "mapping", the tool version) and states its findings as
ordinary statements of extension schemata (``DisruptionStep.removed`` -> a Person), so
the evidence base links a person to the analyses about them and every derived figure
can be traced to the run, its parameters and its inputs. An ``analysed`` custody event
records the run (:func:`tnoc.ledger.custody.record_analysis`) and seals the findings
and the source record (:mod:`tnoc.store.seals`), as an intake does. The run's
handling code is the strictest of its inputs' (:func:`derived_handling_code`), so a
finding about TLP:RED data never leaves in a looser export.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tnoc import __version__
from tnoc.errors import TnocError
from tnoc.ledger.custody import described_files, record_analysis
from tnoc.store.held import stored_statements
from tnoc.store.model_check import check_statements
from tnoc.store.schema import STORE_COLUMNS
from tnoc.store.seals import seal_source
from tnoc.tlp import strictest

# an analysis is investigative work product: at least the default handling of an intake
# (tnoc.ingest.pipeline.IngestOptions), stricter when any input is
DERIVED_FLOOR = "TLP:AMBER"


def derived_handling_code(con: duckdb.DuckDBPyConnection, inputs: Iterable[str]) -> str:
    """The handling code of a result computed from the sources ``inputs``: the strictest
    of their codes and :data:`DERIVED_FLOOR`, so an alert or score computed from
    ``TLP:RED`` data is ``TLP:RED`` and never leaves in a looser export. An input that
    is not a source of the case is refused: a result whose inputs cannot be named
    cannot be given a safe code. Cheap: a storing command calls it before it computes
    (``tnoc money typologies``, ``tnoc network export``), and :func:`add_analysis`
    again before it writes."""
    wanted = sorted(set(inputs))
    found = dict(con.execute(
        "SELECT source_id, handling_code FROM sources WHERE list_contains($ids, source_id)",
        {"ids": wanted}).fetchall()) if wanted else {}
    missing = [s for s in wanted if s not in found]
    if missing:
        raise TnocError(
            f"{len(missing)} input source(s) of this analysis are not registered in the "
            f"case: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}. Its "
            "handling code cannot be set, so nothing was stored. 'tnoc sources' lists "
            "the case's sources; take the file in again ('tnoc ingest') or run the "
            "analysis with --source limited to registered ones")
    return strictest([DERIVED_FLOOR, *found.values()])


@dataclass
class DerivedStatement:
    """One value an analysis states about an entity."""

    entity_id: str
    schema: str
    prop: str
    value: str
    locator: str


def analysis_runs(con: duckdb.DuckDBPyConnection) -> int:
    """How many analysis runs the case keeps (sources of dataset ``analysis``): whether
    keeping a run added one (:func:`add_analysis` with ``repeat`` False may not)."""
    found = con.execute("SELECT count(*) FROM sources WHERE dataset = 'analysis'"
                        ).fetchone()
    return int(found[0]) if found else 0


def earlier_run(con: duckdb.DuckDBPyConnection, root: Path, kind: str, run_id: str,
                payload: bytes, statements: Sequence[tuple[str, str, str, str, str]]
                ) -> str | None:
    """The source id of an earlier run of ``kind`` whose kept JSON and statements are
    those of the run ``run_id`` about to be kept (``payload``; ``statements`` as
    entity, schema, prop, value, locator), each run's own id set aside; None when none
    is. The same findings from the same inputs and parameters (both in the payload) are
    one result, however often they are shown; a statement erased since, or anything
    else differing, makes the new run a new result."""
    def same(text: str, rid: str) -> str:
        return text.replace(rid, "\x00run")

    wanted = same(payload.decode("utf-8"), run_id)
    rows = sorted(tuple(same(str(v), run_id) for v in row) for row in statements)
    for source_id, name in con.execute(
            "SELECT source_id, file_name FROM sources WHERE dataset = 'analysis' AND "
            "mapping = $m ORDER BY ingested_at DESC", {"m": f"tnoc.{kind}"}).fetchall():
        old = str(source_id).removeprefix(f"analysis-{kind}-")
        path = root / "analyses" / str(name)
        if not path.is_file() or same(path.read_text(encoding="utf-8"), old) != wanted:
            continue
        kept = sorted(tuple(same(str(v), old) for v in row) for row in con.execute(
            "SELECT entity_id, schema, prop, value, locator FROM statement_store "
            "WHERE source_id = $s", {"s": source_id}).fetchall())
        if kept == rows:
            return str(source_id)
    return None


def add_analysis(con: duckdb.DuckDBPyConnection, root: Path, kind: str, run_id: str,
                 result: dict[str, object], statements: Iterable[DerivedStatement],
                 inputs: list[str], outputs: Sequence[Path | None] = (),
                 command: str | None = None, repeat: bool = True, **facts: Any) -> str:
    """Write ``result`` to ``analyses/KIND-RUN.json``, register it as a source and add
    ``statements`` citing it (caller's transaction). Returns the source id.

    The ``analysed`` custody entry names the run, its parameters (``result``'s
    ``parameters``), the sources read, the JSON and any other files the analysis wrote
    (``outputs``: a report's HTML and PDF), each with its sha256, and any ``facts``
    (e.g. the seal of the projection a disruption ran on). ``command``: the analysis
    as the ledger names it (``network keyplayers``: method ``tnoc network
    keyplayers``), when it is not ``kind``. ``repeat`` False: when an earlier run of
    ``kind`` kept the same findings and statements (:func:`earlier_run`), nothing is
    written and its source id is returned, so showing a stored analysis again (another
    display view of the same result) does not pile up identical runs."""
    # checked against the model first: a misspelt property or a value of the wrong
    # type raises (StatementModelError) before the JSON, the source or any statement
    # is written
    checked = check_statements(f"{kind} analysis", statements)
    code = derived_handling_code(con, inputs)  # likewise: unknown inputs write nothing
    payload = json.dumps(result, indent=1, sort_keys=True, default=str).encode("utf-8")
    if not repeat:
        found = earlier_run(con, root, kind, run_id, payload,
                            [(s.entity_id, s.schema, s.prop, s.value, s.locator)
                             for s, _type in checked])
        if found is not None:
            return found
    digest = hashlib.sha256(payload).hexdigest()
    folder = root / "analyses"
    folder.mkdir(exist_ok=True)
    name = f"{kind}-{run_id}.json"
    (folder / name).write_bytes(payload)
    source_id = f"analysis-{kind}-{run_id}"
    now = datetime.now(UTC)
    rows = [(s.entity_id, None, s.schema, s.prop, prop_type, s.value, None, source_id,
             s.locator, None) for s, prop_type in checked]
    con.execute(
        "INSERT INTO sources (source_id, file_name, original_path, exhibit_path, sha256, "
        "size_bytes, media_type, encoding, collected_at, collector, legal_basis, "
        "handling_code, mapping, mapping_sha256, dataset, ingested_at, ingested_by, "
        "tool_version, records, statements, flagged) VALUES (?, ?, NULL, ?, ?, ?, "
        "'application/json', 'utf-8', ?, ?, NULL, ?, ?, NULL, 'analysis', ?, ?, ?, "
        "?, ?, 0)",
        [source_id, name, f"analyses/{name}", digest, len(payload), now, getpass.getuser(),
         code, f"tnoc.{kind}", now, getpass.getuser(), __version__, 1, len(rows)])
    columns = [c.strip() for c in STORE_COLUMNS.split(",")]
    derived_rows = pa.table({c: pa.array([r[i] for r in rows], type=pa.string())  # noqa: F841
                      for i, c in enumerate(columns)})
    con.execute(f"INSERT INTO {stored_statements(con)} ({STORE_COLUMNS}) "
                f"SELECT {STORE_COLUMNS} FROM derived_rows")
    parameters = result.get("parameters")
    # the findings and the source record, sealed in the signed entry (tnoc.store.seals)
    seal = seal_source(con, source_id)
    record_analysis(
        con, command or kind, source_id, item_sha256=digest, purpose=f"{kind} analysis",
        parameters=parameters if isinstance(parameters, dict) else None, sources=inputs,
        outputs=[{"file": f"analyses/{name}", "sha256": digest, "bytes": len(payload)},
                 *described_files([p for p in outputs if p is not None], root)],
        results=[run_id, source_id], statements=len(rows),
        seal=seal.details(), **facts)
    return source_id
