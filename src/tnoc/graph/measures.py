"""Node measures of a projected network.

* degree, in/out degree and strength (weighted degree), from the graph itself;
* betweenness (Freeman 1977), unweighted and weighted (weights read as tie strength, so
  the distance of a tie is 1/weight), normalised;
* closeness (Freeman 1979) in its generalised form for disconnected graphs
  (Wasserman & Faust), on the undirected graph;
* eigenvector centrality (Bonacich 1972) on the undirected graph and PageRank
  (Brin & Page 1998, damping 0.85) on the directed one;
* k-core number (Seidman 1983);
* Burt's (1992) constraint and effective size (weighted, as networkx defines them),
  computed with sparse matrices so they scale to millions of ties.

They run in networkit's C++ core (Staudt, Sazonovs & Meyerhenke 2016) and scipy. On
large networks (``approximate``, by default above 500,000 ties) the all-pairs measures
are approximated with stated error bounds:

* betweenness: KADABRA (Borassi & Natale 2016) on undirected networks, Riondato &
  Kornaropoulos (2016) sampling on directed ones; both guarantee an additive error of
  at most ``epsilon`` (0.01) on every normalised score with probability at least
  1 - ``delta`` (0.9 by default);
* weighted betweenness: estimated from 1,000 sampled sources (Geisberger, Sanders &
  Schultes 2008; no proven bound). Exact or not, when every tie has the same weight the
  weighted betweenness is the hop betweenness (the same shortest paths) and is not
  computed twice;
* closeness: exact on components under 2,000 actors, Cohen et al.'s (2014) hybrid
  estimator on larger ones (networkit ``ApproxCloseness``, 100 pivots), scaled by the
  component's share of the network as generalised closeness requires.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkit as nk
import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix

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
    if not is_directed:
        g = undirected(g)
    out: nx.Graph = nx.DiGraph() if is_directed else nx.Graph()
    out.add_nodes_from(projection.ids)
    out.add_weighted_edges_from((projection.ids[u], projection.ids[v], w)
                                for u, v, w in g.iterEdgesWeights())
    return out


def sparse_adjacency(und: nk.Graph, weighted: bool = True) -> csr_matrix:
    """The symmetric adjacency matrix of an undirected graph (weights or ones)."""
    n = und.numberOfNodes()
    rows, cols, weights = [], [], []
    for u, v, w in und.iterEdgesWeights():
        rows += [u, v]
        cols += [v, u]
        weights += [w, w] if weighted else [1.0, 1.0]
    return csr_matrix((np.array(weights, dtype=float), (rows, cols)), shape=(n, n))


def _scores(algorithm: object) -> list[float]:
    algorithm.run()  # type: ignore[attr-defined]
    return [float(x) for x in algorithm.scores()]  # type: ignore[attr-defined]


@dataclass
class MeasureOptions:
    """Exact or approximate all-pairs measures (None: approximate above 500,000 ties;
    exact betweenness on Elliptic's 234,355 ties took 44-48 s on 2 cores)."""

    approximate: bool | None = None
    epsilon: float = 0.01
    delta: float = 0.1
    threshold: int = 500_000
    seed: int = 1

    def use_approximation(self, graph: nk.Graph) -> bool:
        if self.approximate is None:
            return graph.numberOfEdges() > self.threshold
        return self.approximate


def measure(projection: Projection, options: MeasureOptions | None = None) -> MeasureTable:
    """Every measure of :data:`MEASURES` for every node."""
    options = options or MeasureOptions()
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
    if options.use_approximation(g):
        values.update(_approximate_paths(g, hops, und_hops, options))
    else:
        values["betweenness"] = _betweenness(g, hops, options)
        values["betweenness_weighted"] = (
            list(values["betweenness"]) if _uniform(g) else
            _scores(nk.centrality.Betweenness(distance_graph(g), normalized=True)))
        values["closeness"] = (_scores(nk.centrality.Closeness(
            und_hops, True, nk.centrality.ClosenessVariant.GENERALIZED))
            if und.numberOfEdges() else [0.0] * n)
    values["eigenvector"] = (_scores(nk.centrality.EigenvectorCentrality(und))
                             if und.numberOfEdges() else [0.0] * n)
    values["pagerank"] = _pagerank(g)
    values["core"] = _scores(nk.centrality.CoreDecomposition(und))
    values["constraint"], values["effective_size"] = burt(und)
    return MeasureTable(projection.ids, values)


def _approximate_paths(g: nk.Graph, hops: nk.Graph, und_hops: nk.Graph,
                       options: MeasureOptions) -> dict[str, list[float]]:
    """Betweenness and closeness by the approximations of the module docstring."""
    out: dict[str, list[float]] = {}
    n = g.numberOfNodes()
    out["betweenness"] = _betweenness(g, hops, options)
    if _uniform(g):
        out["betweenness_weighted"] = list(out["betweenness"])
    else:
        out["betweenness_weighted"] = _scores(nk.centrality.EstimateBetweenness(
            distance_graph(g), min(1000, n), True, True))
    out["closeness"] = approximate_closeness(und_hops)
    return out


def _betweenness(g: nk.Graph, hops: nk.Graph, options: MeasureOptions) -> list[float]:
    """Normalised hop betweenness (``hops``: ``g`` unweighted), exact or approximated
    (:meth:`MeasureOptions.use_approximation`) as the module docstring states."""
    if not options.use_approximation(g):
        return _scores(nk.centrality.Betweenness(hops, normalized=True))
    nk.engineering.setSeed(options.seed, False)  # the same figures on every run
    if g.isDirected():
        return _scores(nk.centrality.ApproxBetweenness(hops, options.epsilon, options.delta))
    # networkit's KADABRA scores are twice the normalised undirected betweenness (each
    # unordered pair counted in both orders; checked against the exact scores in
    # tests/test_graph.py), so epsilon bounds the halved score's error by epsilon / 2
    return [x / 2 for x in _scores(nk.centrality.KadabraBetweenness(
        hops, options.epsilon, options.delta, True))]


def _pagerank(g: nk.Graph) -> list[float]:
    """PageRank (damping 0.85) on ``g`` as it is directed or not."""
    return _scores(nk.centrality.PageRank(g, damp=0.85, tol=1e-9))


CHART_MEASURES = ("betweenness", "pagerank", "brokerage")
"""The measures the graph explorer sizes and colours its chart by, besides the degree
and the Louvain communities it computes in the browser: :func:`chart_measure`."""


def check_chart_measure(name: str) -> None:
    """Refuse a name not of :data:`CHART_MEASURES` (a :class:`TnocError`)."""
    from tnoc.errors import TnocError

    if name not in CHART_MEASURES:
        raise TnocError(f"a chart is sized by {', '.join(CHART_MEASURES)} (or, in the "
                        f"browser, degree or community), not {name!r}")


def chart_measure(projection: Projection, name: str,
                  options: MeasureOptions | None = None) -> list[float]:
    """One of :data:`CHART_MEASURES` for every actor of ``projection`` (the network
    of a chart's actors, :func:`tnoc.graph.projection.restrict`), computed as the
    analyses that name them compute it: ``betweenness``, the normalised hop betweenness
    of :func:`measure` (approximated on the same terms); ``pagerank``, its PageRank;
    ``brokerage``, each actor's Gould–Fernandez total across the Leiden communities
    (:func:`tnoc.graph.brokerage.community_brokerage`, the figure the explorer's
    Brokers lists)."""
    check_chart_measure(name)
    g = projection.graph
    if g.numberOfNodes() == 0:
        return []
    if name == "betweenness":
        return _betweenness(g, nk.graphtools.toUnweighted(g), options or MeasureOptions())
    if name == "pagerank":
        return _pagerank(g)
    from tnoc.graph.brokerage import community_brokerage

    found = community_brokerage(projection)
    return [float(found.total(i)) for i in range(len(found.ids))]


def _uniform(g: nk.Graph) -> bool:
    """Every tie has the same weight (weighted shortest paths = hop shortest paths)."""
    weights = {w for _, _, w in g.iterEdgesWeights()}
    return len(weights) <= 1


def approximate_closeness(und: nk.Graph, exact_below: int = 2000, pivots: int = 100
                          ) -> list[float]:
    """Generalised closeness: exact on small components, Cohen et al.'s estimator on
    large ones; ``(r - 1) / (n - 1)`` times the component closeness for a component of
    r actors in a network of n."""
    n = und.numberOfNodes()
    out = [0.0] * n
    if n < 2 or und.numberOfEdges() == 0:
        return out
    components = nk.components.ConnectedComponents(und)
    components.run()
    small: list[int] = []
    for members in components.getComponents():
        if len(members) < exact_below:
            small.extend(members)
            continue
        sub = nk.graphtools.subgraphFromNodes(und, members, compact=True)
        estimate = nk.centrality.ApproxCloseness(sub, min(pivots, len(members)), 0.1, True)
        estimate.run()
        scale = (len(members) - 1) / (n - 1)
        for node, score in zip(sorted(members), estimate.scores(), strict=True):
            out[node] = float(score) * scale
    if small:
        sub = nk.graphtools.subgraphFromNodes(und, small, compact=True)
        exact = nk.centrality.Closeness(sub, True, nk.centrality.ClosenessVariant.GENERALIZED)
        exact.run()
        scale = (len(small) - 1) / (n - 1) if len(small) > 1 else 0.0
        for node, score in zip(sorted(small), exact.scores(), strict=True):
            out[node] = float(score) * scale
    return out


def burt(und: nk.Graph, chunk: int = 200_000) -> tuple[list[float], list[float]]:
    """Burt's constraint and effective size on an undirected weighted graph.

    With ``p_ij = w_ij / sum_k w_ik`` and ``m_ij = w_ij / max_k w_ik``:
    constraint ``c_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` and effective size
    ``e_i = sum_j (1 - sum_q p_iq m_jq)`` over i's contacts j (Burt 1992; the weighted
    forms of networkx). The indirect terms are row dot products evaluated edge by edge
    in chunks, so memory stays bounded. Isolates get 0.
    """
    n = und.numberOfNodes()
    if und.numberOfEdges() == 0:
        return [0.0] * n, [0.0] * n
    weight = sparse_adjacency(und)
    strength = np.asarray(weight.sum(axis=1)).ravel()
    peak = weight.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = csr_matrix(weight.multiply(1.0 / np.where(strength > 0, strength, 1.0)[:, None]))
        m = csr_matrix(weight.multiply(1.0 / np.where(peak > 0, peak, 1.0)[:, None]))
    p_t = csr_matrix(p.T)
    edges = weight.tocoo()
    i_all, j_all = edges.row, edges.col
    constraint = np.zeros(n)
    effective = np.zeros(n)
    for start in range(0, len(i_all), chunk):
        i, j = i_all[start:start + chunk], j_all[start:start + chunk]
        direct = np.asarray(p[i, j]).ravel()
        indirect = np.asarray(p[i].multiply(p_t[j]).sum(axis=1)).ravel()
        redundancy = np.asarray(p[i].multiply(m[j]).sum(axis=1)).ravel()
        np.add.at(constraint, i, (direct + indirect) ** 2)
        np.add.at(effective, i, 1.0 - redundancy)
    return constraint.tolist(), effective.tolist()


def freeman_centralization(values: list[float]) -> float:
    """Freeman's (1979) degree centralization: sum of differences from the maximum over
    the maximum possible sum (a star), for an undirected graph of ``len(values)`` nodes."""
    n = len(values)
    if n < 3:
        return 0.0
    peak = max(values)
    return sum(peak - v for v in values) / ((n - 1) * (n - 2))


def communities(projection: Projection, seed: int = 1) -> tuple[list[int], float]:
    """Leiden communities (Traag, Waltman & van Eck 2019) and their modularity.

    Run on one thread with a fixed seed: NetworKit's parallel Leiden moves nodes in
    an order set by thread scheduling, so on several threads the same network gave a
    different partition run to run (4,285-4,287 communities on the AMLworld sample),
    and a figure in a filed report must come out the same when re-run."""
    und = undirected(projection.graph)
    if und.numberOfEdges() == 0:
        return list(range(und.numberOfNodes())), 0.0
    threads = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(1)
    try:
        nk.engineering.setSeed(seed, False)
        leiden = nk.community.ParallelLeiden(und, randomize=False)
        leiden.run()
    finally:
        nk.setNumberOfThreads(threads)
    partition = leiden.getPartition()
    modularity = nk.community.Modularity().getQuality(partition, und)
    return [int(partition.subsetOf(u)) for u in range(und.numberOfNodes())], float(modularity)
