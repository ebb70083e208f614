"""Networks out to the tools analysts already use: Gephi and i2.

* **GEXF** and **GraphML** (Gephi, Cytoscape, yEd), written by networkx, with each
  actor's label (its name in the store), schema, community and measures as node
  attributes and the tie weight as edge attribute;
* an **i2-style CSV** pair: ``entities.csv`` (Entity ID, Entity Type, Label, measures)
  and ``links.csv`` (From, To, Link Type, Direction, Weight, Evidence: the tie entities
  and source files behind each link), which Analyst's Notebook imports with a simple
  import specification mapping those columns.

Every export is a custody event (``exported``) with the sha256 of each file written.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import networkx as nx

from tnoc.errors import TnocError
from tnoc.evidence.custody import CustodyEvent, record_event
from tnoc.graph.measures import to_networkx
from tnoc.graph.projection import Projection, tie_evidence

FORMATS = ("gexf", "graphml", "i2")


def node_labels(con: duckdb.DuckDBPyConnection, ids: Sequence[str]
                ) -> dict[str, tuple[str, str]]:
    """(schema, label) per entity: the most specific schema and the smallest name (the
    id when the entity has none)."""
    rows = con.execute(
        "SELECT s.canonical_id, arg_max(s.schema, coalesce(sc.depth, 0)), "
        "min(s.value) FILTER (WHERE s.prop = 'name' AND s.flag IS NULL) "
        "FROM statements s LEFT JOIN schemata sc ON sc.name = s.schema "
        "WHERE s.canonical_id IN (SELECT unnest(?)) GROUP BY 1", [list(ids)]).fetchall()
    found = {str(e): (str(schema), str(name or e)) for e, schema, name in rows}
    return {e: found.get(e, ("Thing", e)) for e in ids}


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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_i2(con: duckdb.DuckDBPyConnection, projection: Projection, graph: nx.Graph,
             folder: Path) -> list[Path]:
    """``entities.csv`` and ``links.csv`` for i2 Analyst's Notebook."""
    folder.mkdir(parents=True, exist_ok=True)
    extra = sorted({k for _, data in graph.nodes(data=True) for k in data}
                   - {"schema", "label"})
    entities = folder / "entities.csv"
    with open(entities, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Entity ID", "Entity Type", "Label", *extra])
        for node, data in graph.nodes(data=True):
            writer.writerow([node, data["schema"], data["label"],
                             *(data.get(k, "") for k in extra)])
    evidence = tie_evidence(con, projection.spec, list(graph.edges()),
                            graph.is_directed())
    links = folder / "links.csv"
    with open(links, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["From Entity ID", "To Entity ID", "Link Type", "Direction",
                         "Weight", "Tie Entities", "Evidence"])
        for a, b, w in graph.edges(data="weight"):
            ties = evidence.get((a, b), [])
            schemata = sorted({str(t["schema"]) for t in ties})
            cited = sorted({f"{t['file_name']} {t['locator']}" for t in ties})
            writer.writerow([a, b, "/".join(schemata) or "tie",
                             "Directed" if graph.is_directed() else "Undirected", w,
                             len(ties), "; ".join(cited)])
    return [entities, links]


def export_network(con: duckdb.DuckDBPyConnection, projection: Projection, fmt: str,
                   out: Path,
                   attributes: Mapping[str, Sequence[float | int | str]] | None = None
                   ) -> list[Path]:
    """Write the network as ``fmt`` (gexf, graphml or i2: a folder) and record the
    export in the custody record (caller's transaction)."""
    if fmt not in FORMATS:
        raise TnocError(f"unknown network format {fmt!r}; one of {', '.join(FORMATS)}")
    if not projection.ids:
        raise TnocError("the network is empty: nothing to export (check --source/--schema)")
    graph = labelled_graph(con, projection, attributes)
    if fmt == "i2":
        written = write_i2(con, projection, graph, out)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "gexf":
            nx.write_gexf(graph, out)
        else:
            nx.write_graphml(graph, out)
        written = [out]
    record_event(con, CustodyEvent(
        event_type="exported", item_id=projection.spec.key(), item_sha256=None,
        purpose=f"network export ({fmt})", method="tnoc.graph.export",
        details={"files": {str(p): _sha256(p) for p in written},
                 "sources": projection.source_ids, "actors": len(projection.ids),
                 "ties": projection.graph.numberOfEdges()}))
    return written
