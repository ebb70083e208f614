"""Adjacency matrices (one-mode) and affiliation matrices (two-mode), as in the
UCINET covert-networks collection.

The first column holds row labels, the header holds column labels, each cell a tie
strength. The reader emits three kinds of rows so that one mapping can make nodes
(isolates included) and ties:

* a *cell* row per non-zero cell: ``row_label``, ``column_label``, ``value``;
* a *row node* row per row label: ``row_node``;
* a *column node* row per column label: ``column_node``.

Cell rows also carry ``pair_low``/``pair_high`` (the two labels in sorted order) so an
undirected tie read from both triangles of a symmetric matrix gets one id.

In a one-mode matrix row and column labels name the same people; in a two-mode matrix
rows are actors and columns are events (e.g. 'Ndrangheta summits, Calderoni 2012).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tnoc.errors import InputFileError, Where
from tnoc.ingest.mapping import ReaderSpec
from tnoc.ingest.readers import ReadTable
from tnoc.ingest.readers.delimited import read_csv
from tnoc.store.sql import identifier, literal

OUTPUT_COLUMNS = ["row_label", "column_label", "value", "row_node", "column_node", "pair_low",
                  "pair_high"]


def read_matrix(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    """Read a labelled matrix into cell rows plus node rows."""
    table = read_csv(con, path, spec.model_copy(update={"format": "csv"}), display, scratch)
    label_name, *targets = table.columns
    label = identifier(label_name)
    if not targets:
        raise InputFileError(
            "matrix has a single column", Where(display, 1, row_label="line"),
            "row labels in the first column and one column per node or event",
        )
    positions = ", ".join(f"({literal(t)}, {i + 2})" for i, t in enumerate(targets))
    con.execute("CREATE OR REPLACE TEMP TABLE matrix_cols AS SELECT col0::VARCHAR AS label, "
                f"col1::INT AS pos FROM (VALUES {positions})")
    cells = (
        f'SELECT _row AS _file_row, c.pos AS _col, trim({label}) AS row_label, '
        "trim(u.column_label) AS column_label, "
        "trim(u.value) AS value, NULL::VARCHAR AS row_node, NULL::VARCHAR AS column_node, "
        "'row ' || _row || ', column ' || c.pos AS _locator "
        f'FROM (UNPIVOT src ON COLUMNS(* EXCLUDE (_row, _locator, {label})) '
        "INTO NAME column_label VALUE value) u JOIN matrix_cols c ON c.label = u.column_label "
        "WHERE trim(u.value) <> '' AND coalesce(try_cast(trim(u.value) AS DOUBLE), 1) <> 0"
    )
    row_nodes = (
        f'SELECT _row, 1, NULL, NULL, NULL, trim({label}), NULL, '
        "'row ' || _row || ', column 1' FROM src"
    )
    column_nodes = (
        "SELECT 0::BIGINT, pos, NULL, NULL, NULL, NULL, trim(label), 'header, column ' || pos "
        "FROM matrix_cols"
    )
    # each record (cell, row node, column node) gets its own _row: the store's locator
    # is looked up by _row, and a cell's locator names its column
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE src_matrix AS SELECT "
        "(row_number() OVER (ORDER BY _file_row, _col))::BIGINT AS _row, "
        "* EXCLUDE (_file_row, _col), _file_row, "
        "least(row_label, column_label) AS pair_low, "
        "greatest(row_label, column_label) AS pair_high "
        f"FROM ({cells} UNION ALL {row_nodes} UNION ALL {column_nodes})"
    )
    blank = con.execute(
        "SELECT min(_file_row) FROM src_matrix WHERE row_node = '' "
    ).fetchone()
    if blank and blank[0] is not None:
        raise InputFileError("row label is empty", Where(display, blank[0], label_name),
                             "a label in the first column of every row")
    con.execute("DROP TABLE src; DROP TABLE matrix_cols")
    con.execute("ALTER TABLE src_matrix DROP COLUMN _file_row")
    con.execute("ALTER TABLE src_matrix RENAME TO src")
    count = con.execute("SELECT count(*) FROM src").fetchone()
    return ReadTable("src", OUTPUT_COLUMNS, int(count[0]) if count else 0, table.encoding)
