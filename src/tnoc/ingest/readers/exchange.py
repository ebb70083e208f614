"""Partners' formats taken in as sources: STIX 2.1 bundles, MISP events, GEXF and
GraphML graphs, CASE/UCO custody records.

The file is parsed by :mod:`tnoc.exchange` into statement rows (entity, schema,
property, value) with a locator naming the object in the file (``objects[12]
indicator--...``, ``Event.Object[3].Attribute[0]``, ``edge N1 -> N12``), then goes
through the same
statement path as FtM JSON lines: types looked up, values cleaned, the unknown kept
and flagged. The whole file is one source, hashed and preserved like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tnoc.errors import InputFileError, Where
from tnoc.ingest.limits import check_xml, load_json
from tnoc.ingest.mapping import ReaderSpec
from tnoc.ingest.readers import ReadTable

COLUMNS = ["entity_id", "schema", "prop", "value"]
Rows = Callable[[dict[str, Any]], Iterable[tuple[str, str, str, str, str]]]


def _read(con: duckdb.DuckDBPyConnection, path: Path, display: Path, rows: Rows,
          expected: str) -> ReadTable:
    data = load_json(path, display, expected)  # size and nesting bounded
    try:
        table = list(rows(data))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputFileError(f"cannot be read: {type(exc).__name__} {exc}", Where(display),
                             expected) from exc
    return _load(con, table)


def _load(con: duckdb.DuckDBPyConnection, table: list[tuple[str, str, str, str, str]]
          ) -> ReadTable:
    """Statement rows into the ``src`` table, one ``_row`` per locator."""
    locators = {loc: i for i, loc in enumerate(dict.fromkeys(r[4] for r in table), 1)}
    exchange_rows = pa.table({  # noqa: F841
        "_row": pa.array([locators[r[4]] for r in table], type=pa.int64()),
        **{name: pa.array([str(r[i]) for r in table], type=pa.string())
           for i, name in enumerate(COLUMNS)},
        "_locator": pa.array([r[4] for r in table], type=pa.string()),
    })
    con.execute("CREATE OR REPLACE TEMP TABLE src AS SELECT * FROM exchange_rows")
    return ReadTable("src", COLUMNS, len(locators), "utf-8")


def read_stix(con: duckdb.DuckDBPyConnection, path: Path, spec: ReaderSpec,
              display: Path, scratch: Path) -> ReadTable:
    """A STIX 2.1 bundle (JSON)."""
    from tnoc.exchange.stix import stix_statements

    return _read(con, path, display, stix_statements,
                 "a STIX 2.1 bundle: {\"type\": \"bundle\", \"objects\": [...]}")


def read_misp(con: duckdb.DuckDBPyConnection, path: Path, spec: ReaderSpec,
              display: Path, scratch: Path) -> ReadTable:
    """A MISP event (JSON, as MISP exports it: {"Event": {...}})."""
    from tnoc.exchange.misp import misp_statements

    return _read(con, path, display, misp_statements,
                 "a MISP event: {\"Event\": {\"Attribute\": [...], \"Object\": [...]}}")


def read_case_uco(con: duckdb.DuckDBPyConnection, path: Path, spec: ReaderSpec,
                  display: Path, scratch: Path) -> ReadTable:
    """A CASE/UCO custody record (JSON-LD): its files as Documents (the actions go to
    the ledger, see :func:`tnoc.exchange.caseuco.custody_actions`)."""
    from tnoc.exchange.caseuco import custody_statements

    return _read(con, path, display, custody_statements,
                 "a CASE/UCO JSON-LD document: {\"@context\": ..., \"@graph\": [...]}")


def read_graph_file(con: duckdb.DuckDBPyConnection, path: Path, spec: ReaderSpec,
                    display: Path, scratch: Path) -> ReadTable:
    """A GEXF or GraphML graph (``spec.format``), read by networkx."""
    from xml.etree.ElementTree import ParseError

    import networkx as nx

    from tnoc.exchange.graphs import graph_statements, read_graph

    expected = f"a {spec.format.upper()} graph (XML with nodes and edges)"
    check_xml(path, display)  # size, nesting and entity declarations bounded
    try:
        graph = read_graph(path, spec.format)
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputFileError(f"not valid XML: {exc}", Where(display, line, row_label="line"),
                             expected) from exc
    except (nx.NetworkXError, KeyError, ValueError, TypeError) as exc:
        raise InputFileError(f"cannot be read as {spec.format.upper()}: {exc}",
                             Where(display), expected) from exc
    label = display.name.rsplit(".", 1)[0]
    return _load(con, list(graph_statements(graph, label)))
