"""The one SQL quoting module, and a case whose folder holds an apostrophe and a space
going through every step that names a path to DuckDB."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from tnoc.evidence.verify import verify_case
from tnoc.exchange.export import export_case
from tnoc.exchange.ftm import export_ftm
from tnoc.graph.export import export_network
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case
from tnoc.store.parquet import export_parquet, import_parquet
from tnoc.store.sql import identifier, literal, literal_list

from .conftest import DATA, ROOT

AWKWARD = ["o'brien", "''", "it's a 'quote'", "back\\slash'", "naïve café", "--x'; DROP"]


@pytest.mark.parametrize("text", AWKWARD)
def test_literal_and_identifier_round_trip_through_duckdb(text: str) -> None:
    con = duckdb.connect()
    assert con.execute(f"SELECT {literal(text)}").fetchall() == [(text,)]
    column = text + ' "col"'
    con.execute(f"CREATE TABLE t ({identifier(column)} VARCHAR)")
    assert [d[0] for d in con.execute("SELECT * FROM t").description] == [column]


def test_generated_sql_text() -> None:
    assert literal("o'brien") == "'o''brien'"
    assert literal(Path("/cases/o'brien 2024")) == "'/cases/o''brien 2024'"
    assert identifier('the "order"') == '"the ""order"""'
    assert literal_list(("iban", "o'k")) == "('iban', 'o''k')"
    assert literal_list(()) == "(NULL)"
    with pytest.raises(ValueError, match="NUL"):
        literal("a\x00b")


def test_case_in_a_folder_with_an_apostrophe_and_a_space(tmp_path: Path) -> None:
    """init, ingest, export (Parquet, FtM, i2), import, verify: no step pastes the
    folder into SQL text, so none fails with a DuckDB parser error."""
    root = tmp_path / "o'brien case"
    case = Case.init(root)
    calls = ROOT / "tests" / "data" / "cdr" / "calls.csv"
    report = ingest_file(case, "call_records", calls, IngestOptions(region="DE"))
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    with case.connect(read_only=True) as con:
        counts = export_parquet(con, root / "reports" / "parquet 'out'")
        written, _ = export_ftm(con, root / "all 'o'.ftm.json")
    # exports may go into the case's own reports/ only (tnoc.safe_write)
    shared = export_case(case, "ftm", root / "reports" / "shared o'x.ftm.json", ("Call",))
    with case.transaction() as con:
        p = project(con, ProjectionSpec(sources=(report.source_id,)))
        links = export_network(con, p, "i2", root / "reports" / "i2 o'x")[1]
    with open(links, encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 20
    assert shared.entities > 15 and written > 100
    assert len((root / "all 'o'.ftm.json").read_text().splitlines()) == written
    other = Case.init(tmp_path / "d'arcy two")
    with other.transaction() as con:
        import_parquet(con, root / "reports" / "parquet 'out'")
    with other.connect(read_only=True) as con:
        n = con.execute("SELECT count(*) FROM statements").fetchone()
    assert n == (counts["statements"],)
    assert verify_case(case).ok
    meta = json.loads((root / "case.json").read_text())
    assert meta["name"] == "o'brien case"
