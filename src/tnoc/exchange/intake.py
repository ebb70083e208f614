"""The readers of partners' formats, handed to the intake from above.

STIX 2.1 bundles, MISP events, CASE/UCO custody records and GEXF/GraphML graphs are
parsed by this package (:mod:`tnoc.exchange.stix`, ``misp``, ``caseuco``, ``graphs``)
into statement rows, which then go the way of every statement row through
:mod:`tnoc.ingest.readers.exchange` (claims kept apart, the ``src`` table). The intake
sits below the exchange formats (exporting reads the store the intake fills; importing a
CASE/UCO record runs an intake), so it cannot import them: :func:`register_readers`
hands these readers to the intake's registry (:func:`tnoc.ingest.readers.register_reader`).
The faces call it before an intake (``tnoc ingest``, ``tnoc import``); an intake of one of
these formats without it is refused with an error that names it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tnoc.errors import InputFileError, TnocError, Where
from tnoc.ingest.limits import check_xml, load_json
from tnoc.ingest.mapping import ReaderSpec
from tnoc.ingest.readers import ReadTable, register_reader
from tnoc.ingest.readers.exchange import _load, _read
from tnoc.tlp import tlp_rank


def read_stix(con: duckdb.DuckDBPyConnection, path: Path, spec: ReaderSpec,
              display: Path, scratch: Path) -> ReadTable:
    """A STIX 2.1 bundle (JSON)."""
    from tnoc.exchange.stix import bundle_markings, stix_claims, stix_statements

    return _read(con, path, display, stix_statements,
                 "a STIX 2.1 bundle: {\"type\": \"bundle\", \"objects\": [...]}",
                 bundle_markings, stix_claims)


def read_misp(con: duckdb.DuckDBPyConnection, path: Path, spec: ReaderSpec,
              display: Path, scratch: Path) -> ReadTable:
    """A MISP event (JSON, as MISP exports it: {"Event": {...}})."""
    from tnoc.exchange.misp import event_markings, misp_claims, misp_statements

    return _read(con, path, display, misp_statements,
                 "a MISP event: {\"Event\": {\"Attribute\": [...], \"Object\": [...]}}",
                 event_markings, misp_claims)


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


def received_tlp(mapping: str, path: Path, asked: str | None) -> tuple[str, str | None]:
    """The handling code for a received STIX bundle or MISP event, and the file's own
    strictest TLP marking (None: unmarked or unreadable; a broken file is reported by the
    ingest itself). ``asked`` (the analyst's ``--tlp``) may tighten the file's marking,
    never loosen it: sharing terms travel with the data."""
    marked = None
    try:  # bounded: a hostile file is refused by the ingest, with its reason
        data = load_json(path, path)
    except (OSError, TnocError):
        data = None
    if isinstance(data, dict):
        if mapping == "stix_bundle":
            from tnoc.exchange.stix import bundle_tlp

            marked = bundle_tlp(data)
        elif mapping == "misp_event":
            from tnoc.exchange.misp import event_tlp

            marked = event_tlp(data)
    if asked is None:
        return marked or "TLP:AMBER", marked
    asked_rank = tlp_rank(asked)  # refuses an unknown code
    if marked and asked_rank < tlp_rank(marked):
        raise TnocError(f"{path} is marked {marked}; --tlp {asked} would loosen its "
                        "handling: give a code at least as strict, or leave --tlp out")
    return asked, marked


def register_readers() -> None:
    """Hand the partners' formats' readers to the intake (idempotent)."""
    register_reader("stix", read_stix)
    register_reader("misp", read_misp)
    register_reader("case_uco", read_case_uco)
    register_reader("gexf", read_graph_file)
    register_reader("graphml", read_graph_file)
