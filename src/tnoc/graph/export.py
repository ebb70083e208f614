"""Networks out to the tools analysts already use: Gephi and i2.

* **GEXF** and **GraphML** (Gephi, Cytoscape, yEd), written by networkx, with each
  actor's label (its name in the store), schema, community and measures as node
  attributes and the tie weight as edge attribute;
* an **i2-style CSV** pair: ``entities.csv`` (Entity ID, Entity Type, Label, measures)
  and ``links.csv``, one row per tie *entity* (each call, message, payment or counted
  tie is its own link, as i2 charts them on a timeline): Link ID, From, To, Link Type,
  Direction, Date, Time, End, Duration (s), Weight and Evidence (the source file and
  row). Analyst's Notebook imports them with an import specification mapping those
  columns (Link ID as the link identity, Date and Time as the link's date and time).

Every export is a custody event (``exported``) with the sha256 of each file written.
Every export carries the handling code of what it was computed from (the strictest of
its sources', never looser than AMBER: :func:`tnoc.store.derived.derived_handling_code`)
as the ``handling`` attribute of each actor (and of the graph in GraphML; a column of
``entities.csv``), in the custody entry, and is refused when that code is stricter than
the ``max_tlp`` ceiling asked for: a centrality or a community computed over a TLP:RED
call record is itself TLP:RED.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

import duckdb
import networkx as nx

from tnoc.errors import TnocError
from tnoc.graph.measures import to_networkx
from tnoc.graph.projection import Projection, tie_evidence
from tnoc.ledger.custody import described_file, file_sha256, record_analysis
from tnoc.safe_text import spreadsheet_cell, without_controls
from tnoc.store.lookup import rows_of_entities

FORMATS = ("gexf", "graphml", "i2")


def node_labels(con: duckdb.DuckDBPyConnection, ids: Sequence[str]
                ) -> dict[str, tuple[str, str]]:
    """(schema, label) per entity: the most specific schema and its name as every other
    output names it (:func:`tnoc.store.lookup.captions`; the id when it has none)."""
    from tnoc.store.lookup import captions
    from tnoc.store.schema import deepest_schema

    rows = con.execute(
        "SELECT coalesce(merged_into, entity_id), list(DISTINCT schema) "
        f"FROM {rows_of_entities()} s GROUP BY 1", {"ids": list(ids)}).fetchall()
    depth = dict(con.execute("SELECT name, coalesce(depth, 0) FROM schemata").fetchall())
    schema = {str(e): deepest_schema(s, depth) for e, s in rows}
    names = captions(con, list(ids))
    return {e: (schema.get(e, "Thing"), names.get(e, e)) for e in ids}


def labelled_graph(con: duckdb.DuckDBPyConnection, projection: Projection,
                   attributes: Mapping[str, Sequence[float | int | str]] | None = None
                   ) -> nx.Graph:
    """The projection as networkx with labels, schemata and per-node ``attributes``."""
    graph = to_networkx(projection)
    labels = node_labels(con, projection.ids)
    for i, entity in enumerate(projection.ids):
        node = graph.nodes[entity]
        node["schema"], node["label"] = labels[entity]
        for name, values in (attributes or {}).items():
            node[name] = values[i]
    return graph


LINK_COLUMNS = ["Link ID", "From Entity ID", "To Entity ID", "Link Type", "Direction",
                "Date", "Time", "End", "Duration (s)", "Weight", "Evidence"]
WHEN_PROPS = ("date", "startDate", "endDate", "duration")


def tie_times(con: duckdb.DuckDBPyConnection, ties: Sequence[str]
              ) -> dict[str, dict[str, str]]:
    """``date``, ``startDate``, ``endDate`` and ``duration`` of each tie entity (the
    earliest value where a tie has several), for dated links.

    Read straight from ``statement_store`` filtered on the tie ids (as
    :mod:`tnoc.store.lookup` reads), not through the aggregating ``statements`` view,
    which joins every statement of the case to its source first."""
    if not ties:
        return {}
    rows = con.execute(
        "SELECT coalesce(merged_into, entity_id), prop, min(value) "
        f"FROM {rows_of_entities('ties')} s WHERE flag IS NULL "
        "AND prop IN (SELECT unnest($props)) "
        "GROUP BY 1, 2", {"props": list(WHEN_PROPS), "ties": list(ties)}).fetchall()
    times: dict[str, dict[str, str]] = {}
    for tie, prop, value in rows:
        times.setdefault(str(tie), {})[str(prop)] = str(value)
    return times


def _date_time(value: str | None) -> tuple[str, str]:
    """An ISO 8601 date-time as i2's separate date and time ("2024-03-04T08:12:09" ->
    "2024-03-04", "08:12:09"); a date alone has no time."""
    if not value:
        return "", ""
    day, _, time = value.partition("T")
    return day, time


def _number(value: float | int | str | None) -> str:
    if value is None or value == "":
        return ""
    number = float(value)
    return f"{number:g}" if number != int(number) else str(int(number))


def write_i2(con: duckdb.DuckDBPyConnection, projection: Projection, graph: nx.Graph,
             folder: Path, into: Mapping[Path, Path] | None = None) -> list[Path]:
    """``entities.csv`` and ``links.csv`` for i2 Analyst's Notebook: one link per tie
    entity, dated (``date``, else ``startDate``) with its duration where it has them,
    so twenty calls between two lines are twenty dated links, not one. ``into`` maps
    each of the two files to the file actually written (a temporary file beside it, see
    :func:`export_network`); the paths returned are the two files' own."""
    folder.mkdir(parents=True, exist_ok=True)
    into = into or {}
    extra = sorted({k for _, data in graph.nodes(data=True) for k in data}
                   - {"schema", "label"})
    entities = folder / "entities.csv"
    with open(into.get(entities, entities), "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(_cells(["Entity ID", "Entity Type", "Label", *extra]))
        for node, data in graph.nodes(data=True):
            writer.writerow(_cells([node, data["schema"], data["label"],
                                    *(data.get(k, "") for k in extra)]))
    directed = graph.is_directed()
    evidence = tie_evidence(con, projection.spec, list(graph.edges()), directed)
    times = tie_times(con, sorted({str(t["edge"]) for ts in evidence.values() for t in ts}))
    links = folder / "links.csv"
    with open(into.get(links, links), "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(LINK_COLUMNS)
        for a, b, weight in graph.edges(data="weight"):
            writer.writerows(_cells(row) for row in _link_rows(
                a, b, weight, evidence.get((a, b), []), times, directed))
    return [entities, links]


def _cells(row: Sequence[object]) -> list[object]:
    """A row of an i2 CSV with every text cell that would start a spreadsheet formula
    neutralised (:func:`tnoc.safe_text.spreadsheet_cell`): a name like '=HYPERLINK(..)'
    from a seized file must not run when the file is opened."""
    return [spreadsheet_cell(v) for v in row]


def xml_safe(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose text (node ids, labels, attributes) holds no control
    characters: XML 1.0 cannot carry them, and a NUL or ESC in a name would make the
    GEXF or GraphML file one that Gephi and every XML parser refuse."""
    def clean(value: object) -> object:
        return without_controls(value) if isinstance(value, str) else value

    safe = nx.relabel_nodes(graph, {n: clean(n) for n in graph if isinstance(n, str)
                                    and n != clean(n)}, copy=True)
    for _, data in safe.nodes(data=True):
        data.update({k: clean(v) for k, v in data.items()})
    for *_, data in safe.edges(data=True):
        data.update({k: clean(v) for k, v in data.items()})
    safe.graph.update({k: clean(v) for k, v in safe.graph.items()})
    return safe


def _link_rows(a: str, b: str, weight: float, ties: list[dict[str, object]],
               times: Mapping[str, Mapping[str, str]], directed: bool
               ) -> list[list[str]]:
    """The rows of links.csv for the pair (a, b): one per tie entity, in time order."""
    direction = "Directed" if directed else "Undirected"
    by_tie: dict[str, list[str]] = {}
    for t in ties:
        tie = str(t["edge"])
        if tie in by_tie:  # a tie stated by two sources is one link citing both
            by_tie[tie][-1] += f"; {t['file_name']} {t['locator']}"
            continue
        when = times.get(tie, {})
        day, time = _date_time(when.get("date") or when.get("startDate"))
        ends = (str(t["source"]), str(t["target"])) if not directed else (a, b)
        by_tie[tie] = [tie, *ends, str(t["schema"]), direction, day, time,
                       when.get("endDate", ""), _number(when.get("duration")),
                       _number(str(t["weight"]) if t["weight"] is not None else 1),
                       f"{t['file_name']} {t['locator']}"]
    rows = list(by_tie.values())
    if not rows:  # no tie entity behind the pair (not expected): the pair as one link
        rows.append(["", a, b, "tie", direction, "", "", "", "", _number(weight), ""])
    return sorted(rows, key=lambda r: (r[5], r[6], r[0]))


def export_network(con: duckdb.DuckDBPyConnection, projection: Projection, fmt: str,
                   out: Path,
                   attributes: Mapping[str, Sequence[float | int | str]] | None = None,
                   force: bool = False, max_tlp: str | None = None) -> list[Path]:
    """Write the network as ``fmt`` (gexf, graphml or i2: a folder) and record the
    export in the custody record (caller's transaction).

    The files and the entry state the network's handling code (:func:`network_handling`);
    a code stricter than ``max_tlp`` (None: no ceiling) is refused before anything is
    written, naming the stricter sources.

    Nothing is written inside a case folder, nor over an existing file unless ``force``
    (:func:`tnoc.safe_write.check_output`: ``network export CASE/case.duckdb``
    is refused before anything is opened). Each file is written beside its target, read
    back (a GEXF or GraphML that does not parse is refused), recorded, and only then
    moved in place: a failed or malformed export leaves no file and no entry."""
    from tnoc.safe_write import check_output, partial_beside

    if fmt not in FORMATS:
        raise TnocError(f"unknown network format {fmt!r}; one of {', '.join(FORMATS)}")
    targets = [out / "entities.csv", out / "links.csv"] if fmt == "i2" else [out]
    for target in dict.fromkeys([out, *targets]):  # the i2 folder, then its files
        check_output(target, force, f"network export ({fmt})")
    if not projection.ids:
        raise TnocError("the network is empty: nothing to export (check --source/--schema)")
    code = network_handling(con, projection, max_tlp)
    graph = labelled_graph(con, projection, attributes)
    graph.graph["handling"] = code
    for _, data in graph.nodes(data=True):
        data["handling"] = code
    with ExitStack() as stack:
        partials = {t: stack.enter_context(partial_beside(t)) for t in targets}
        if fmt == "i2":
            write_i2(con, projection, graph, out, partials)
        else:
            write = nx.write_gexf if fmt == "gexf" else nx.write_graphml
            write(xml_safe(graph), partials[out])
            _parses(partials[out], out)
        record_analysis(con, "network export", projection.spec.key(),
                        event_type="exported", purpose=f"network export ({fmt})",
                        parameters={"format": fmt, "max_tlp": max_tlp,
                                    **asdict(projection.spec)},
                        sources=projection.source_ids, handling_code=code,
                        outputs=[described_file(t, None, file_sha256(p))
                                 for t, p in partials.items()],
                        actors=len(projection.ids), ties=projection.graph.numberOfEdges())
        for target, partial in partials.items():
            os.replace(partial, target)
    return targets


def network_handling(con: duckdb.DuckDBPyConnection, projection: Projection,
                     max_tlp: str | None = None) -> str:
    """The handling code of a network computed from ``projection``'s sources: the
    strictest of theirs (at least AMBER, as every derived result). When it is stricter
    than ``max_tlp``, refused with the sources that make it so and how to proceed:
    measures and communities are computed over every tie, so no value can be withheld
    without changing the others."""
    from tnoc.store.derived import derived_handling_code
    from tnoc.tlp import tlp_rank

    code = derived_handling_code(con, projection.source_ids)
    if max_tlp is None or tlp_rank(code) <= tlp_rank(max_tlp):
        return code
    stricter = [(str(f), str(c)) for f, c in con.execute(
        "SELECT coalesce(file_name, source_id), handling_code FROM sources "
        "WHERE list_contains($ids, source_id) ORDER BY 1",
        {"ids": list(projection.source_ids)}).fetchall()
        if tlp_rank(c) > tlp_rank(max_tlp)]
    if not stricter:  # only the floor of every result is stricter than asked
        raise TnocError(
            f"the network is {code}: a result computed in the case is investigative "
            f"work product, at least {code}, even from open sources; --tlp {max_tlp} "
            f"cannot let it out. Nothing written. Give --tlp {code} if the recipient may "
            "receive it, or share the open sources themselves ('tnoc export')")
    named = ", ".join(f"{f} ({c})" for f, c in stricter[:5]) + (
        f" and {len(stricter) - 5} more" if len(stricter) > 5 else "")
    raise TnocError(
        f"the network is {code}: computed from {len(stricter)} source(s) marked stricter "
        f"than --tlp {max_tlp}: {named}. Nothing written. Leave them out (--source with "
        f"the others' ids, see 'tnoc sources'), or give --tlp {code} if the recipient "
        "may receive it")


def _parses(written: Path, out: Path) -> None:
    """Refuse a GEXF or GraphML file that no XML parser would read back (what Gephi
    would refuse): the export is not recorded and its file is not kept."""
    from xml.etree import ElementTree

    try:
        ElementTree.parse(written)
    except ElementTree.ParseError as exc:
        raise TnocError(f"the network export to {out} is not well-formed XML ({exc}); "
                        "not written, not recorded") from exc
