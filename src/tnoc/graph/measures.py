"""Node measures of a projected network.

* degree, in/out degree and strength (weighted degree), from the graph itself;
* betweenness (Freeman 1977), unweighted and weighted (weights read as tie strength, so
  the distance of a tie is 1/weight), normalised;
* closeness (Freeman 1979) in its generalised form for disconnected graphs
  (Wasserman & Faust), on the undirected graph;
* eigenvector centrality (Bonacich 1972) on the undirected graph and PageRank
  (Brin & Page 1998, damping 0.85) on the directed one;
* k-core number (Seidman 1983);
* Burt's (1992) constraint and effective size, from networkx (networkit lacks them;
  both are local and cheap on the small graphs they serve).

All but Burt's run in networkit's C++ core.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkit as nk
import networkx as nx

from tnoc.graph.projection import Projection

MEASURES = ("degree", "in_degree", "out_degree", "strength", "betweenness",
            "betweenness_weighted", "closeness", "eigenvector", "pagerank", "core",
            "constraint", "effective_size")


@dataclass
class MeasureTable:
    """One row per node: entity id and each measure."""

    ids: list[str]
    values: dict[str, list[float]]

    def rows(self) -> list[dict[str, float | str]]:
        return [{"entity": e, **{m: v[i] for m, v in self.values.items()}}
                for i, e in enumerate(self.ids)]

    def top(self, measure: str, n: int = 10) -> list[tuple[str, float]]:
        ranked = sorted(zip(self.ids, self.values[measure], strict=True),
                        key=lambda x: (-x[1], x[0]))
        return ranked[:n]


def undirected(graph: nk.Graph) -> nk.Graph:
    """The graph without direction; reciprocal ties' weights are summed."""
    if not graph.isDirected():
        return graph
    out = nk.Graph(graph.numberOfNodes(), weighted=True, directed=False)
    for u, v, w in graph.iterEdgesWeights():
        if out.hasEdge(u, v):
            out.setWeight(u, v, out.weight(u, v) + w)
        else:
            out.addEdge(u, v, w)
    return out


def distance_graph(graph: nk.Graph) -> nk.Graph:
    """Weights as distances (1/strength) for weighted shortest paths."""
    out = nk.Graph(graph.numberOfNodes(), weighted=True, directed=graph.isDirected())
    for u, v, w in graph.iterEdgesWeights():
        out.addEdge(u, v, 1.0 / w if w > 0 else float("inf"))
    return out


def to_networkx(projection: Projection, directed: bool | None = None) -> nx.Graph:
    """The projection as a networkx graph with entity ids as nodes."""
    g = projection.graph
    is_directed = g.isDirected() if directed is None else directed
    out: nx.Graph = nx.DiGraph() if is_directed else nx.Graph()
    out.add_nodes_from(projection.ids)
    for u, v, w in g.iterEdgesWeights():
        a, b = projection.ids[u], projection.ids[v]
        if out.has_edge(a, b):
            out[a][b]["weight"] += w
        else:
            out.add_edge(a, b, weight=w)
    return out


def _scores(algorithm: object) -> list[float]:
    algorithm.run()  # type: ignore[attr-defined]
    return [float(x) for x in algorithm.scores()]  # type: ignore[attr-defined]


def measure(projection: Projection) -> MeasureTable:
    """Every measure of :data:`MEASURES` for every node."""
    g = projection.graph
    n = g.numberOfNodes()
    und = undirected(g)
    values: dict[str, list[float]] = {}
    if n == 0:
        return MeasureTable([], {m: [] for m in MEASURES})
    values["degree"] = [float(und.degree(u)) for u in range(n)]
    values["in_degree"] = [float(g.degreeIn(u)) if g.isDirected() else float(g.degree(u))
                           for u in range(n)]
    values["out_degree"] = [float(g.degreeOut(u)) for u in range(n)]
    values["strength"] = [float(und.weightedDegree(u)) for u in range(n)]
    # networkit reads the weights of a weighted graph as distances: hop-count measures
    # run on an unweighted copy, weighted betweenness on 1/strength distances
    hops = nk.graphtools.toUnweighted(g)
    und_hops = nk.graphtools.toUnweighted(und)
    values["betweenness"] = _scores(nk.centrality.Betweenness(hops, normalized=True))
    values["betweenness_weighted"] = _scores(
        nk.centrality.Betweenness(distance_graph(g), normalized=True))
    values["closeness"] = (_scores(nk.centrality.Closeness(
        und_hops, True, nk.centrality.ClosenessVariant.GENERALIZED)) if und.numberOfEdges()
        else [0.0] * n)
    values["eigenvector"] = (_scores(nk.centrality.EigenvectorCentrality(und))
                             if und.numberOfEdges() else [0.0] * n)
    values["pagerank"] = _scores(nk.centrality.PageRank(g, damp=0.85, tol=1e-9))
    values["core"] = _scores(nk.centrality.CoreDecomposition(und))
    nxg = to_networkx(projection, directed=False)
    constraint = nx.constraint(nxg, weight="weight")
    effective = nx.effective_size(nxg, weight="weight")
    values["constraint"] = [_finite(constraint.get(e)) for e in projection.ids]
    values["effective_size"] = [_finite(effective.get(e)) for e in projection.ids]
    return MeasureTable(projection.ids, values)


def _finite(x: float | None) -> float:
    return float(x) if x is not None and x == x else 0.0  # NaN for isolates


def freeman_centralization(values: list[float]) -> float:
    """Freeman's (1979) degree centralization: sum of differences from the maximum over
    the maximum possible sum (a star), for an undirected graph of ``len(values)`` nodes."""
    n = len(values)
    if n < 3:
        return 0.0
    peak = max(values)
    return sum(peak - v for v in values) / ((n - 1) * (n - 2))


def communities(projection: Projection, seed: int = 1) -> tuple[list[int], float]:
    """Leiden communities (Traag, Waltman & van Eck 2019) and their modularity."""
    und = undirected(projection.graph)
    if und.numberOfEdges() == 0:
        return list(range(und.numberOfNodes())), 0.0
    nk.engineering.setSeed(seed, True)
    leiden = nk.community.ParallelLeiden(und, randomize=False)
    leiden.run()
    partition = leiden.getPartition()
    modularity = nk.community.Modularity().getQuality(partition, und)
    return [int(partition.subsetOf(u)) for u in range(und.numberOfNodes())], float(modularity)
