"""JSON, JSON lines, YAML documents and Excel workbooks.

JSON and JSON lines are read by DuckDB (column-wise, any size); every field is
re-read as VARCHAR so that the original text is what reaches the statements. YAML
(GraphSense TagPacks: a header plus a list of tags) and XLSX are parsed in Python:
they are document formats without a columnar reader, and the header fields of a
TagPack (currency, source, abuse...) are copied into every record (``inherit``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import yaml

from tnoc.errors import InputFileError, Where
from tnoc.ingest.limits import check_yaml
from tnoc.ingest.mapping import ReaderSpec
from tnoc.ingest.readers import ReadTable
from tnoc.store.sql import glob_literal, identifier


def _register_records(
    con: duckdb.DuckDBPyConnection, records: list[dict[str, Any]], locators: list[str]
) -> ReadTable:
    names: list[str] = []
    for record in records:
        for key in record:
            if key not in names:
                names.append(key)
    columns = {
        name: pa.array([_text(r.get(name)) for r in records], type=pa.string()) for name in names
    }
    columns["_row"] = pa.array(range(1, len(records) + 1), type=pa.int64())
    columns["_locator"] = pa.array(locators, type=pa.string())
    arrow = pa.table(columns)  # noqa: F841  (read by DuckDB's replacement scan)
    con.execute("CREATE OR REPLACE TEMP TABLE src AS SELECT * FROM arrow")
    return ReadTable("src", names, len(records))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value if v is not None)
    return str(value)


def read_json(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    """A JSON array of objects or JSON lines, every field as text."""
    fmt = "newline_delimited" if spec.format == "jsonl" else "array"
    try:
        probe = con.execute(
            "DESCRIBE SELECT * FROM read_json($p, format := $f, records := true)",
            {"p": glob_literal(path), "f": fmt},
        ).fetchall()
        names = [row[0] for row in probe]
        columns = {n: "VARCHAR" for n in names}
        con.execute(
            "CREATE OR REPLACE TEMP TABLE src_raw AS SELECT * FROM read_json($p, "
            "format := $f, records := true, columns := $c)",
            {"p": glob_literal(path), "f": fmt, "c": columns},
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0].replace("Invalid Input Error: ", "")
        expected = "one JSON object per line" if fmt != "array" else "a JSON array of objects"
        raise InputFileError(f"not valid JSON: {message}", Where(display), expected) from exc
    label = "'line '" if fmt != "array" else "'record '"
    cols = ", ".join(identifier(n) for n in names)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE src AS SELECT rowid - base + 1 AS _row, {cols}, "
        f"{label} || (rowid - base + 1) AS _locator FROM src_raw, "
        "(SELECT min(rowid) AS base FROM src_raw)"
    )
    con.execute("DROP TABLE src_raw")
    count = con.execute("SELECT count(*) FROM src").fetchone()
    return ReadTable("src", names, int(count[0]) if count else 0, "utf-8")


def read_yaml(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    """A YAML document holding a list of records (``record_path``) plus header keys."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        check_yaml(path, display)  # size, nesting and alias expansion bounded
        with open(path, encoding="utf-8") as fh:
            document = yaml.load(fh, Loader=loader)  # noqa: S506 (safe loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputFileError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            Where(display, line + 1 if line is not None else None, row_label="line"),
        ) from exc
    records = document.get(spec.record_path) if isinstance(document, dict) else document
    if spec.record_path and not isinstance(records, list):
        raise InputFileError(
            f"no list under key {spec.record_path!r}", Where(display),
            f"a YAML document with a list of records under {spec.record_path!r}",
        )
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputFileError("records are not a list of mappings", Where(display))
    header = {k: document.get(k) for k in spec.inherit} if isinstance(document, dict) else {}
    merged = [{**{k: v for k, v in header.items() if k not in r}, **r} for r in records]
    pointer = f"/{spec.record_path}" if spec.record_path else ""
    return _register_records(con, merged, [f"{pointer}/{i}" for i in range(len(records))])


def read_xlsx(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    """One sheet of an Excel workbook; the first row is the header."""
    from tnoc.ingest.readers.workbook import read_sheet

    sheet = read_sheet(path, spec.sheet, display=display)
    header = [str(h).strip() if h is not None else f"column_{i}"
              for i, h in enumerate(sheet.rows[0] if sheet.rows else ())]
    records: list[dict[str, Any]] = []
    locators: list[str] = []
    for number, values in sheet.numbered(start=2):
        if all(v is None for v in values):
            continue
        records.append(dict(zip(header, values, strict=False)))
        locators.append(f"{sheet.name}!{number}")
    table = _register_records(con, records, locators)
    table.columns = header
    return table
