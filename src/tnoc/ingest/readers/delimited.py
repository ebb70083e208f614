"""CSV/TSV and one-value-per-line text, read by DuckDB's CSV reader.

The dialect (delimiter) is sniffed with Python's ``csv.Sniffer`` on a sample and then
given to DuckDB explicitly, with ``strict_mode`` on, so that a ragged or truncated row
is an error naming its line instead of a silently padded record.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb

from tnoc.errors import InputFileError, Where
from tnoc.ingest import limits
from tnoc.ingest.encoding import TextFile, as_utf8
from tnoc.ingest.mapping import ReaderSpec
from tnoc.ingest.readers import ReadTable
from tnoc.store.sql import glob_literal, identifier

SNIFF_BYTES = 64 * 1024
CANDIDATE_DELIMITERS = ",;\t|"
WHITESPACE = "chr(32) || chr(9) || chr(10) || chr(13)"
LINE_RE = re.compile(r"CSV Error on Line: (\d+)")
LINE_SIZE_RE = re.compile(r"Maximum line size of (\d+) bytes exceeded\. Actual Size: ?(\d+) bytes")


def _doubt(text: TextFile) -> list[str]:
    """The note an encoding guessed between candidates gets, with how to choose."""
    return [f"{text.doubt}; set reader.encoding in the mapping or --encoding to choose"
            ] if text.doubt else []


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV sample, comma if the sample does not say."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=CANDIDATE_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _data_lines(text: str, comment: str | None) -> str:
    lines = text.splitlines(keepends=True)
    if comment:
        lines = [ln for ln in lines if not ln.lstrip().startswith(comment)]
    return "".join(lines)


def header_names(path: Path, delimiter: str, comment: str | None) -> list[str]:
    """Column names from the first (non-comment) record; blanks become ``column_N``."""
    with open(path, encoding="utf-8", newline="") as fh:
        sample = _data_lines(fh.read(SNIFF_BYTES), comment)
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    first = next(reader, [])
    names: list[str] = []
    for i, name in enumerate(first):
        name = name.strip() or f"column_{i}"
        while name in names:
            name = f"{name}_{i}"
        names.append(name)
    return names


def duckdb_csv_error(exc: duckdb.Error, display: Path, expected: str) -> InputFileError:
    """Turn DuckDB's CSV error into one that names the file and line."""
    text = str(exc)
    match = LINE_RE.search(text)
    detail = [ln.strip() for ln in text.splitlines() if ln.strip()]
    problem = detail[0]
    for ln in detail[1:4]:
        too_long = LINE_SIZE_RE.search(ln)
        if too_long:  # never the line itself: DuckDB quotes all of it ("Original Line")
            limit, actual = (int(n) for n in too_long.groups())
            problem = (f"line of {actual:,} bytes is longer than the limit of {limit:,} "
                       "bytes per line (an unclosed quote, a binary file, or a file that "
                       "is not CSV)")
            expected = f"lines of at most {limit:,} bytes"
            break
        if ln.startswith("Expected Number of Columns") or "unterminated quote" in ln:
            problem = ln
            break
    problem = problem.replace("Invalid Input Error: ", "")
    where = Where(display, int(match.group(1)) if match else None, row_label="line")
    return InputFileError(problem, where, expected)


def without_eof_marker(path: Path, scratch: Path) -> Path:
    """A copy of ``path`` without a trailing DOS end-of-file byte (0x1A), if it has one.

    Some official exports (OFAC's ``sdn.csv``) still end with Ctrl-Z; it is not a record.
    """
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 1))
        if fh.read(1) != b"\x1a":
            return path
    scratch.mkdir(parents=True, exist_ok=True)
    target = scratch / f"noeof-{path.name}"
    with open(path, "rb") as src, open(target, "wb") as out:
        remaining = path.stat().st_size - 1
        while remaining > 0:
            chunk = src.read(min(remaining, 4 * 1024 * 1024))
            out.write(chunk)
            remaining -= len(chunk)
    return target


def read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    """Read a delimited text file; every column stays text."""
    stripped = without_eof_marker(path, scratch)
    try:
        return _read_csv(con, stripped, spec, display, scratch)
    finally:
        if stripped != path:
            stripped.unlink(missing_ok=True)


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    text = as_utf8(path, scratch, spec.encoding)
    with open(text.path, encoding="utf-8", newline="") as fh:
        sample = _data_lines(fh.read(SNIFF_BYTES), spec.comment)
    if not sample.strip():
        raise InputFileError("file holds no records", Where(display), "at least one record")
    delimiter = spec.delimiter or sniff_delimiter(sample)
    found = header_names(text.path, delimiter, spec.comment)
    if spec.header:
        names = spec.columns or found
        if spec.columns and len(spec.columns) != len(found):
            raise InputFileError(
                f"header has {len(found)} columns {found[:12]}",
                Where(display, 1, row_label="line"),
                f"{len(spec.columns)} columns as the mapping names",
            )
    else:
        names = spec.columns or [f"column_{i}" for i in range(len(found))]
    options = {
        "delim": delimiter,
        "quote": '"',
        "escape": '"',
        "header": spec.header,
        "auto_detect": False,
        "strict_mode": True,
        "null_padding": False,
        "columns": {n: "VARCHAR" for n in names},
        "comment": spec.comment or "",
        "nullstr": spec.null_values or [""],
        "max_line_size": limits.MAX_CSV_LINE_BYTES,
    }
    expected = f"{len(names)} {delimiter!r}-separated columns per row"
    try:
        _create_from_csv(con, str(text.path), options)
    except duckdb.Error as exc:
        raise duckdb_csv_error(exc, display, expected) from exc
    finally:
        if text.transcoded:
            text.path.unlink(missing_ok=True)
    table = _number_rows(con, names, "'row ' || _row", text.encoding)
    table.notes.extend(_doubt(text))
    return table


def _create_from_csv(con: duckdb.DuckDBPyConnection, path: str, options: dict) -> None:
    """``CREATE TABLE src_raw AS read_csv(...)``: insertion order = file order."""
    # escaped: DuckDB reads a name as a glob ("calls [1].csv" named no file)
    params = {"path": glob_literal(path), **{f"o_{k}": v for k, v in options.items()}}
    args = ", ".join(f"{k} := $o_{k}" for k in options)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE src_raw AS SELECT * FROM read_csv($path, {args})",
        params,
    )


def _number_rows(
    con: duckdb.DuckDBPyConnection, names: list[str], locator_sql: str, encoding: str | None
) -> ReadTable:
    """Add ``_row`` (file order, from the table's rowid) and ``_locator``."""
    cols = ", ".join(identifier(n) for n in names)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE src AS SELECT *, {locator_sql} AS _locator FROM "
        f"(SELECT rowid - base + 1 AS _row, {cols} FROM src_raw, "
        "(SELECT min(rowid) AS base FROM src_raw))"
    )
    con.execute("DROP TABLE src_raw")
    rows = con.execute("SELECT count(*) FROM src").fetchone()
    return ReadTable("src", names, int(rows[0]) if rows else 0, encoding)


def read_lines(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    """One value per line (address lists); blank lines are not records."""
    text = as_utf8(path, scratch, spec.encoding)
    name = (spec.columns or ["value"])[0]
    column = identifier(name)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE src_all AS SELECT * FROM read_csv($p, "
            "delim := chr(1), quote := '', escape := '', header := false, "
            "auto_detect := false, columns := {'line': 'VARCHAR'}, strict_mode := false)",
            {"p": glob_literal(text.path)},
        )
        con.execute(
            f'CREATE OR REPLACE TEMP TABLE src AS SELECT rowid - base + 1 AS _row, '
            f'trim(line, {WHITESPACE}) AS {column}, \'line \' || (rowid - base + 1) AS _locator '
            "FROM src_all, (SELECT min(rowid) AS base FROM src_all)"
        )
        con.execute(f"DELETE FROM src WHERE {column} IS NULL OR {column} = ''")
        con.execute("DROP TABLE src_all")
    finally:
        if text.transcoded:
            text.path.unlink(missing_ok=True)
    rows = con.execute("SELECT count(*) FROM src").fetchone()
    return ReadTable("src", [name], int(rows[0]) if rows else 0, text.encoding,
                     notes=_doubt(text))
