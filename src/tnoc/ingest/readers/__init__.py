"""Readers: each turns one file into a DuckDB table of text columns.

Every reader creates the temporary table ``src`` with the file's columns as VARCHAR
(original text, nothing coerced) plus ``_row`` (1-based record number) and ``_locator``
(where the record is in the file: ``row 12``, ``line 40``, ``Sheet1!A7``,
``row 3, column 17``), which becomes each statement's locator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tnoc.errors import InputFileError, Where
from tnoc.ingest.mapping import ReaderSpec


@dataclass
class ReadTable:
    """What a reader produced."""

    table: str
    columns: list[str]
    rows: int
    encoding: str | None = None
    # the strictest handling code the file marks its own content with (STIX/MISP TLP
    # markings; None: unmarked): the source is recorded at least that strict
    marking: str | None = None
    marked_items: int = 0  # how many objects/attributes carry that marking
    notes: list[str] = field(default_factory=list)  # said to the analyst after ingest


def read_source(
    con: duckdb.DuckDBPyConnection, path: Path, spec: ReaderSpec, display: Path, scratch: Path
) -> ReadTable:
    """Read ``path`` (already decompressed) into the temp table ``src``.

    ``display`` is the name shown in errors (the file as the analyst gave it).
    """
    from tnoc.ingest.readers import aml, delimited, exchange, ftm, matrix, structured

    if path.stat().st_size == 0:
        raise InputFileError("file is empty", Where(display), "at least one record")
    readers = {
        "csv": delimited.read_csv,
        "lines": delimited.read_lines,
        "matrix": matrix.read_matrix,
        "two_mode": matrix.read_matrix,
        "json": structured.read_json,
        "jsonl": structured.read_json,
        "yaml": structured.read_yaml,
        "xlsx": structured.read_xlsx,
        "aml_patterns": aml.read_aml_patterns,
        "ftm": ftm.read_ftm,
        "stix": exchange.read_stix,
        "misp": exchange.read_misp,
        "case_uco": exchange.read_case_uco,
        "gexf": exchange.read_graph_file,
        "graphml": exchange.read_graph_file,
    }
    result = readers[spec.format](con, path, spec, display, scratch)
    if result.rows == 0:
        raise InputFileError("file holds no records", Where(display), "at least one record")
    return result
