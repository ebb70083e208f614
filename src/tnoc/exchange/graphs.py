"""GEXF and GraphML in: a graph drawn in Gephi, Cytoscape or yEd (or a TNOC network
export coming back) taken in as a source.

Nodes become entities, edges ties:

- a node keeps its id when it carries a ``schema`` attribute naming an FtM schema (a
  TNOC export: the id is the entity's own); any other node gets
  ``graph-<file>-<node id>`` so ids from two drawings never collide; its schema is that
  attribute's when it names a legal-entity schema, else ``LegalEntity``;
- the node's ``label`` becomes ``name``; every other attribute (community, degree,
  Gephi's modularity class...) is kept as a ``notes`` value ``attribute: value``, not
  dropped and not flagged;
- an edge of a directed graph becomes a ``CommunicationLink`` (sender, recipient,
  ``count`` = its ``weight``), of an undirected graph a ``NetworkTie`` (actor, alter,
  ``weight``), so ``tnoc network`` projects the graph with its direction and weights;
  the edge's ``label``/``relation``/``type`` becomes the channel or relation, other
  attributes its ``summary``.

What a graph file cannot carry: per-value provenance (the whole file is one source),
dates of contact, anything beyond the attributes written into it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from tnoc.model import get_model

RELATION_KEYS = ("label", "relation", "type")


def read_graph(path: Path, fmt: str) -> nx.Graph:
    """The graph in ``path`` (``gexf`` or ``graphml``), read by networkx."""
    if fmt == "gexf":
        return nx.read_gexf(path)
    return nx.read_graphml(path)


def _node_entity(node: str, data: dict[str, object], prefix: str) -> tuple[str, str]:
    named = get_model().get(str(data.get("schema", "")))
    legal = get_model().get("LegalEntity")
    if named is not None and legal is not None and named.is_a(legal):
        return str(node), named.name
    return f"{prefix}-{node}", "LegalEntity"


def _text(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def graph_statements(graph: nx.Graph, label: str
                     ) -> Iterator[tuple[str, str, str, str, str]]:
    """Statement rows (entity id, schema, property, value, locator) for ``graph``;
    ``label`` (the file's name) prefixes the ids of foreign nodes."""
    prefix = f"graph-{label}"
    ids: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        entity, schema = _node_entity(str(node), data, prefix)
        ids[str(node)] = entity
        where = f"node {node}"
        yield entity, schema, "name", _text(data.get("label") or node), where
        for key, value in sorted(data.items()):
            if key not in ("label", "schema") and value is not None and value != "":
                yield entity, schema, "notes", f"{key}: {_text(value)}", where
    directed = graph.is_directed()
    schema = "CommunicationLink" if directed else "NetworkTie"
    source_prop, target_prop = ("sender", "recipient") if directed else ("actor", "alter")
    weight_prop = "count" if directed else "weight"
    relation_prop = "channel" if directed else "relation"
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (a, b, None, d) for a, b, d in graph.edges(data=True))
    for a, b, key, data in edges:
        tie = f"{prefix}-tie-{ids[str(a)]}-{ids[str(b)]}" + (f"-{key}" if key else "")
        where = f"edge {a} -> {b}" + (f" [{key}]" if key else "")
        yield tie, schema, source_prop, ids[str(a)], where
        yield tie, schema, target_prop, ids[str(b)], where
        if data.get("weight") is not None:
            yield tie, schema, weight_prop, _text(data["weight"]), where
        relation = next((data[k] for k in RELATION_KEYS if data.get(k)), None)
        if relation is not None:
            yield tie, schema, relation_prop, _text(relation), where
        for k, value in sorted(data.items()):
            if k not in ("weight", "id", *RELATION_KEYS) and value is not None:
                yield tie, schema, "summary", f"{k}: {_text(value)}", where
