"""Readers: each turns one file into a DuckDB table of text columns.

Every reader creates the temporary table ``src`` with the file's columns as VARCHAR
(original text, nothing coerced) plus ``_row`` (1-based record number) and ``_locator``
(where the record is in the file: ``row 12``, ``line 40``, ``Sheet1!A7``,
``row 3, column 17``), which becomes each statement's locator.

The intake's own readers are listed in :func:`read_source`; readers of formats defined
above the intake (the partners' STIX, MISP, CASE/UCO and GEXF/GraphML files, parsed by
:mod:`tnoc.exchange`) are handed in with :func:`register_reader`
(:func:`tnoc.exchange.intake.register_readers`), so that data flows one way: the
exchange formats use the intake, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
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


Reader = Callable[[duckdb.DuckDBPyConnection, Path, ReaderSpec, Path, Path], ReadTable]
"""A reader: (connection, file, reader spec, name shown, scratch folder) -> its table."""

_REGISTERED: dict[str, Reader] = {}
_REGISTERED_BY = "tnoc.exchange.intake.register_readers()"
"""Who hands in the readers this package does not hold, named when one is missing."""


def register_reader(fmt: str, reader: Reader) -> None:
    """Hand in the reader of ``fmt`` (a ``reader.format`` of the mapping language) from a
    package above the intake; registering the same reader again changes nothing."""
    _REGISTERED[fmt] = reader


def read_source(
    con: duckdb.DuckDBPyConnection, path: Path, spec: ReaderSpec, display: Path, scratch: Path
) -> ReadTable:
    """Read ``path`` (already decompressed) into the temp table ``src``.

    ``display`` is the name shown in errors (the file as the analyst gave it).
    """
    from tnoc.ingest.readers import aml, delimited, ftm, matrix, structured

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
        **_REGISTERED,
    }
    reader = readers.get(spec.format)
    if reader is None:
        raise InputFileError(
            f"no reader for the format {spec.format!r} is registered (the partners' "
            f"formats are handed in by {_REGISTERED_BY} before an intake)",
            Where(display), "a format whose reader is registered: "
            + ", ".join(sorted(readers)))
    result = reader(con, path, spec, display, scratch)
    if result.rows == 0:
        raise InputFileError("file holds no records", Where(display), "at least one record")
    return result
