"""IBM AMLworld laundering-pattern files (Altman et al., NeurIPS 2023).

Blocks of transactions between ``BEGIN LAUNDERING ATTEMPT - TYPOLOGY[: detail]`` and
``END LAUNDERING ATTEMPT``; each row is
``timestamp,from_bank,from_account,to_bank,to_account,amount_received,
currency_received,amount_paid,currency_paid,format,is_laundering``.
The block structure is resolved in SQL with a running count of BEGIN lines, so the
reader stays column-wise however long the file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tnoc.errors import InputFileError, Where
from tnoc.ingest.mapping import ReaderSpec
from tnoc.ingest.readers import ReadTable
from tnoc.ingest.readers.delimited import read_lines

FIELDS = [
    "timestamp", "from_bank", "from_account", "to_bank", "to_account", "amount_received",
    "currency_received", "amount_paid", "currency_paid", "format", "is_laundering",
]
COLUMNS = ["attempt", "typology", "typology_detail", *FIELDS]


def read_aml_patterns(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    """Read pattern blocks into one row per transaction with its attempt and typology."""
    lines = read_lines(con, path, spec.model_copy(update={"columns": ["line"]}), display,
                       scratch)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE aml_lines AS SELECT _row, line, "
        "sum(CASE WHEN line LIKE 'BEGIN LAUNDERING ATTEMPT%' THEN 1 ELSE 0 END) "
        "OVER (ORDER BY _row) AS attempt, "
        "sum(CASE WHEN line LIKE 'BEGIN LAUNDERING ATTEMPT%' THEN 1 "
        "WHEN line LIKE 'END LAUNDERING ATTEMPT%' THEN -1 ELSE 0 END) "
        "OVER (ORDER BY _row) AS open_blocks FROM src"
    )
    bad = con.execute(
        "SELECT min(_row) FROM aml_lines WHERE open_blocks NOT IN (0, 1) OR "
        "(open_blocks = 0 AND line NOT LIKE 'END LAUNDERING ATTEMPT%')"
    ).fetchone()
    if bad and bad[0] is not None:
        raise InputFileError(
            "line outside a laundering-attempt block or blocks nested",
            Where(display, bad[0], row_label="line"),
            "BEGIN LAUNDERING ATTEMPT ... END LAUNDERING ATTEMPT blocks",
        )
    unclosed = con.execute(
        "SELECT max(_row) FROM aml_lines WHERE _row = (SELECT max(_row) FROM aml_lines) "
        "AND open_blocks <> 0"
    ).fetchone()
    if unclosed and unclosed[0] is not None:
        raise InputFileError(
            "file ends inside a laundering-attempt block (truncated?)",
            Where(display, unclosed[0], row_label="line"),
            "END LAUNDERING ATTEMPT",
        )
    parts = ", ".join(f"trim(p[{i + 1}]) AS \"{f}\"" for i, f in enumerate(FIELDS))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE aml_heads AS SELECT attempt, "
        "trim(split_part(regexp_replace(line, '^BEGIN LAUNDERING ATTEMPT - ', ''), ':', 1)) "
        "AS typology, nullif(trim(regexp_extract(line, ':(.*)$', 1)), '') AS typology_detail "
        "FROM aml_lines WHERE line LIKE 'BEGIN LAUNDERING ATTEMPT%'"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE src2 AS SELECT l._row, l.attempt::VARCHAR AS attempt, "
        f"h.typology, h.typology_detail, {parts}, 'line ' || l._row AS _locator, "
        "len(p) AS n_fields FROM (SELECT *, string_split(line, ',') AS p FROM aml_lines "
        "WHERE line NOT LIKE 'BEGIN LAUNDERING%' AND line NOT LIKE 'END LAUNDERING%') l "
        "JOIN aml_heads h USING (attempt) ORDER BY l._row"
    )
    ragged = con.execute(
        f"SELECT min(_row), any_value(n_fields) FROM src2 WHERE n_fields <> {len(FIELDS)}"
    ).fetchone()
    if ragged and ragged[0] is not None:
        raise InputFileError(
            f"transaction row has {ragged[1]} fields",
            Where(display, ragged[0], row_label="line"),
            f"{len(FIELDS)} comma-separated fields: {','.join(FIELDS)}",
        )
    con.execute("DROP TABLE src; DROP TABLE aml_lines; DROP TABLE aml_heads")
    con.execute("ALTER TABLE src2 DROP COLUMN n_fields")
    con.execute("ALTER TABLE src2 RENAME TO src")
    count = con.execute("SELECT count(*) FROM src").fetchone()
    # the lines' encoding and notes (a guess, its doubt): the file was read as they say
    return ReadTable("src", COLUMNS, int(count[0]) if count else 0,
                     encoding=lines.encoding, notes=lines.notes)
