"""Ego networks and the paths between two actors, with the evidence behind each hop.

* **Ego network**: the actors within ``radius`` hops of ego and all ties among them
  (the induced sub-network), returned as a projection so it can be measured, exported
  and drawn like any other.
* **Paths**: the k shortest simple paths between two actors (Yen 1971, via networkx's
  ``shortest_simple_paths``), in hops or with a tie's length read as 1/strength (many
  calls = close). Each hop lists the tie entities it rests on: their schema, weight,
  source file, locator and file hash, so the analyst can cite the wiretap line behind
  every step. Actors in different components get an answer saying so, not an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice, pairwise

import duckdb
import networkit as nk
import networkx as nx

from tnoc.errors import TnocError
from tnoc.graph.measures import to_networkx
from tnoc.graph.projection import Projection, tie_evidence


def subgraph(projection: Projection, members: list[str]) -> Projection:
    """The projection induced on ``members`` (ties among them only)."""
    keep = sorted(set(members))
    new = {e: i for i, e in enumerate(keep)}
    g = projection.graph
    out = nk.Graph(len(keep), weighted=True, directed=g.isDirected())
    for u, v, w in g.iterEdgesWeights():
        a, b = projection.ids[u], projection.ids[v]
        if a in new and b in new:
            out.addEdge(new[a], new[b], w)
    return Projection(projection.spec, out, keep, projection.input_statements,
                      projection.source_ids, projection.names)


def _require(projection: Projection, entity: str) -> int:
    index = projection.index
    if entity not in index:
        raise TnocError(f"{entity!r} is not an actor of this network ({len(index):,} actors);"
                        " check the id with 'tnoc search' and the --source/--schema options")
    return index[entity]


def ego_network(projection: Projection, ego: str, radius: int = 1) -> Projection:
    """Ego and every actor within ``radius`` hops (either direction), with their ties."""
    if radius < 1:
        raise TnocError("an ego network's radius is at least 1")
    start = _require(projection, ego)
    g = projection.graph
    seen = {start}
    frontier = [start]
    for _ in range(radius):
        nxt = []
        for u in frontier:
            neighbours = list(g.iterNeighbors(u))
            if g.isDirected():
                neighbours += list(g.iterInNeighbors(u))
            for v in neighbours:
                if v not in seen:
                    seen.add(v)
                    nxt.append(v)
        frontier = nxt
    return subgraph(projection, [projection.ids[i] for i in seen])


@dataclass
class Hop:
    """One step of a path and the ties behind it."""

    source: str
    target: str
    evidence: list[dict[str, object]]


@dataclass
class PathAnswer:
    """The paths found (shortest first), or why there is none."""

    source: str
    target: str
    paths: list[list[Hop]] = field(default_factory=list)
    lengths: list[float] = field(default_factory=list)
    reason: str | None = None
    directed: bool = True  # False: the paths ignore the ties' direction


def paths_between(con: duckdb.DuckDBPyConnection, projection: Projection, source: str,
                  target: str, k: int = 3, weighted: bool = False,
                  label: Callable[[str], str] = str) -> PathAnswer:
    """The ``k`` shortest simple paths from ``source`` to ``target`` with evidence;
    ``label`` writes an actor in the reason there is none (a name and its id)."""
    _require(projection, source)
    _require(projection, target)
    if source == target:
        raise TnocError("a path needs two different actors")
    graph = to_networkx(projection)
    answer = PathAnswer(source, target, directed=graph.is_directed())
    length_of = "distance" if weighted else None
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"] if data["weight"] > 0 else float("inf")
    if not nx.has_path(graph, source, target):
        und = graph.to_undirected(as_view=True)
        if graph.is_directed() and nx.has_path(und, source, target):
            answer.reason = (f"no directed path from {label(source)} to {label(target)}; "
                             "they are "
                             "connected only against the direction of some ties "
                             "(use --undirected)")
        else:
            size_a = len(nx.node_connected_component(und, source))
            size_b = len(nx.node_connected_component(und, target))
            answer.reason = (f"{label(source)} and {label(target)} are not connected: "
                             "they are in "
                             f"different components ({size_a} and {size_b} actors)")
        return answer
    found = list(islice(nx.shortest_simple_paths(graph, source, target, weight=length_of),
                        k))
    pairs = sorted({(a, b) for path in found for a, b in pairwise(path)})
    evidence = tie_evidence(con, projection.spec, pairs, graph.is_directed())
    for path in found:
        hops = [Hop(a, b, evidence.get((a, b), []))
                for a, b in pairwise(path)]
        answer.paths.append(hops)
        answer.lengths.append(float(nx.path_weight(graph, path, "distance")) if weighted
                              else float(len(path) - 1))
    return answer


@dataclass(frozen=True)
class EgoFacts:
    """An ego network in figures: its actors and ties, its density, and ego's degree,
    Burt's constraint and effective size (Burt 1992, "Structural Holes"): how far ego
    spans structural holes among its contacts."""

    actors: int
    ties: int
    density: float
    degree: float
    constraint: float
    effective_size: float


def ego_facts(ego: Projection, entity: str) -> EgoFacts:
    """The figures of ``ego`` (from :func:`ego_network`) around ``entity``; density over
    the possible ties (ordered pairs when the network is directed), 0 for one actor."""
    from tnoc.graph.measures import measure

    n, ties = len(ego.ids), ego.graph.numberOfEdges()
    possible = n * (n - 1) / (1 if ego.graph.isDirected() else 2)
    table = measure(ego)
    i = ego.ids.index(entity)
    return EgoFacts(n, ties, ties / possible if possible else 0,
                    table.values["degree"][i], table.values["constraint"][i],
                    table.values["effective_size"][i])
