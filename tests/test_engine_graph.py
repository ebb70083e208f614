"""Graph traversals as SQL through the engine interface (tnoc.store.engine_graph, issue
#27) against networkx and scipy, on DuckDB and on Spark local mode: connected
components, k-hop neighbourhoods (bounded BFS), shortest paths and semi-synchronous label
propagation.
The graph is real: Elliptic's labelled Bitcoin transactions (examples/data/crypto;
Weber et al. 2019) of the first time steps and the edges among them."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import networkx as nx
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pytest

from tnoc.store.engine import DuckDBEngine, Engine, SparkEngine
from tnoc.store.engine_graph import (
    colouring,
    components,
    k_hop,
    label_propagation,
    shortest_paths,
)

CRYPTO = Path(__file__).resolve().parent.parent / "examples" / "data" / "crypto"


def elliptic(last_step: int) -> tuple[pa.Table, pa.Table]:
    """(nodes ``node``, edges ``src, dst``) of the labelled transactions of time steps 1
    to ``last_step``, ids as text."""
    classes = pv.read_csv(CRYPTO / "elliptic_txs_classes_with_timestep.csv",
                          convert_options=pv.ConvertOptions(
                              column_types={"txId": pa.string(), "class": pa.string()}))
    keep = classes.filter(pc.and_(pc.not_equal(classes["class"], "unknown"),
                                  pc.less_equal(classes["time_step"], last_step)))
    ids = keep["txId"]
    edges = pv.read_csv(CRYPTO / "elliptic_txs_edgelist.csv",
                        convert_options=pv.ConvertOptions(
                            column_types={"txId1": pa.string(), "txId2": pa.string()}))
    edges = edges.filter(pc.and_(pc.is_in(edges["txId1"], ids),
                                 pc.is_in(edges["txId2"], ids)))
    return pa.table({"node": ids}), pa.table({"src": edges["txId1"], "dst": edges["txId2"]})


@pytest.fixture(scope="module")
def duck() -> Iterator[Engine]:
    con = duckdb.connect()
    yield DuckDBEngine(con)
    con.close()


def _load(engine: Engine, last_step: int) -> tuple[pa.Table, pa.Table]:
    nodes, edges = elliptic(last_step)
    engine.register_arrow("g_nodes", nodes)
    engine.register_arrow("g_edges", edges)
    return nodes, edges


def _graph(nodes: pa.Table, edges: pa.Table, directed: bool = False) -> nx.Graph:
    """networkx's graph, nodes added in id order (label propagation breaks ties by the
    largest label, networkx's labels being node positions)."""
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(sorted(nodes["node"].to_pylist()))
    graph.add_edges_from(zip(edges["src"].to_pylist(), edges["dst"].to_pylist(),
                             strict=True))
    return graph


def _components_rows(engine: Engine, nodes: pa.Table, edges: pa.Table) -> tuple[int, bool]:
    """(rounds, whether the rows of :func:`components` are exactly networkx's: one row
    per node, each named by its component's smallest node; duplicates count)."""
    engine.register_arrow("g_nodes", nodes)
    engine.register_arrow("g_edges", edges)
    rounds = components(engine, "g_edges", "g_comp", nodes="g_nodes")
    got = sorted((r["node"], r["component"]) for r in
                 engine.fetch_arrow("SELECT * FROM g_comp").to_pylist())
    expected = sorted((n, min(c)) for c in nx.connected_components(_graph(nodes, edges))
                      for n in c)
    return rounds, got == expected


def _check_components(engine: Engine, last_step: int) -> int:
    nodes, edges = elliptic(last_step)
    rounds, same = _components_rows(engine, nodes, edges)
    assert same
    got = engine.fetch_arrow("SELECT DISTINCT component FROM g_comp")
    assert got.num_rows > 50  # many components of many sizes
    return rounds


def _edges(pairs: list[tuple[str, str]]) -> pa.Table:
    return pa.table({"src": pa.array([a for a, _ in pairs], pa.string()),
                     "dst": pa.array([b for _, b in pairs], pa.string())})


# graphs on which stopping at "no node is both a leaf and a centre" is wrong: a leaf
# with two centres (the path c-a, c-b, stars before any round), a complete bipartite
# group with payers named after receivers and before them, a star centred on its
# largest node
TRICKY = {
    "path c-a, c-b": [("c", "a"), ("c", "b")],
    "3x3 payers after": [(f"p{i}", f"b{j}") for i in range(3) for j in range(3)],
    "3x3 payers before": [(f"a{i}", f"r{j}") for i in range(3) for j in range(3)],
    "star on its largest": [("z", "a"), ("z", "b"), ("z", "c"), ("y", "z")],
}


def _check_tricky(engine: Engine) -> None:
    for name, pairs in TRICKY.items():
        rounds, same = _components_rows(engine, pa.table({"node": pa.array([], pa.string())}),
                                        _edges(pairs))
        assert same, name
        assert rounds >= 1, name


def _check_k_hop(engine: Engine, last_step: int, ks: tuple[int, ...] = (0, 1, 3)) -> None:
    nodes, edges = _load(engine, last_step)
    graph = _graph(nodes, edges, directed=True)
    degree = sorted(graph.degree, key=lambda d: (-d[1], d[0]))
    sources = [degree[0][0], degree[5][0], degree[len(degree) // 2][0]]
    engine.register_arrow("g_sources", pa.table({"source": sources}))
    for directed in (True, False):
        g = graph if directed else graph.to_undirected()
        for k in ks:
            k_hop(engine, "g_edges", "g_sources", "g_hop", k, directed=directed)
            got = {(r["source"], r["node"]): r["hops"] for r in
                   engine.fetch_arrow("SELECT * FROM g_hop").to_pylist()}
            expected = {(s, n): d for s in sources for n, d in
                        nx.single_source_shortest_path_length(g, s, cutoff=k).items()}
            assert got == expected, (directed, k)
    with pytest.raises(ValueError, match="k must be"):
        k_hop(engine, "g_edges", "g_sources", "g_hop", -1)


def _smallest_parent_path(graph: nx.Graph, source: str, target: str) -> list[str]:
    """The shortest path shortest_paths promises, found with networkx: walked back from
    the target, each node's smallest predecessor one level nearer the source."""
    dist = nx.single_source_shortest_path_length(graph, source)
    back = graph.predecessors if graph.is_directed() else graph.neighbors
    path = [target]
    while path[-1] != source:
        path.append(min(m for m in back(path[-1]) if dist.get(m) == dist[path[-1]] - 1))
    return path[::-1]


def _check_paths(engine: Engine, last_step: int, max_hops: int = 6) -> None:
    """Pairs at every distance up to past ``max_hops``, an unreachable pair and a node
    with itself: the pairs joined are networkx's, each path as long as networkx's
    shortest, made of edges, and the one :func:`_smallest_parent_path` gives."""
    nodes, edges = _load(engine, last_step)
    directed_graph = _graph(nodes, edges, directed=True)
    for directed in (True, False):
        graph = directed_graph if directed else directed_graph.to_undirected()
        hubs = sorted(graph.degree, key=lambda d: (-d[1], d[0]))
        pairs: list[tuple[str, str]] = []
        for source in (hubs[0][0], hubs[3][0]):
            reach = nx.single_source_shortest_path_length(graph, source)
            by_distance: dict[int, str] = {}
            for node, d in sorted(reach.items()):
                by_distance.setdefault(d, node)
            pairs += [(source, node) for node in by_distance.values()]
            pairs.append((source, min(n for n in graph if n not in reach)))
        engine.register_arrow("g_pairs", pa.table({"source": [a for a, _ in pairs],
                                                   "target": [b for _, b in pairs]}))
        farthest = max(nx.shortest_path_length(graph, a, b) for a, b in pairs
                       if nx.has_path(graph, a, b))
        bound = min(max_hops, farthest - 1)  # some pair lies beyond it
        assert bound >= 2
        shortest_paths(engine, "g_edges", "g_pairs", "g_paths", bound, directed=directed)
        got: dict[tuple[str, str], list[str]] = {}
        for r in sorted(engine.fetch_arrow("SELECT * FROM g_paths").to_pylist(),
                        key=lambda r: r["step"]):
            got.setdefault((r["source"], r["target"]), []).append(r["node"])
        expected = {(a, b) for a, b in pairs if nx.has_path(graph, a, b)
                    and nx.shortest_path_length(graph, a, b) <= bound}
        assert set(got) == expected, directed
        assert any(len(p) - 1 == bound for p in got.values())  # the bound is reached
        assert any(nx.has_path(graph, a, b) and (a, b) not in got for a, b in pairs)
        for (a, b), path in got.items():
            assert path[0] == a and path[-1] == b
            assert len(path) - 1 == nx.shortest_path_length(graph, a, b)
            assert all(graph.has_edge(x, y) for x, y in itertools.pairwise(path))
            assert path == _smallest_parent_path(graph, a, b), (directed, a, b)
    with pytest.raises(ValueError, match="max_hops must be"):
        shortest_paths(engine, "g_edges", "g_pairs", "g_paths", -1)
    # integer ids, two shortest paths 1-2-3 and 1-4-3 (the smaller middle wins), a node
    # with itself, and pairs with a NULL end (no row, and no search kept open for them)
    engine.register_arrow("i_edges", pa.table({"src": pa.array([1, 2, 1, 4], pa.int64()),
                                               "dst": pa.array([2, 3, 4, 3], pa.int64())}))
    engine.register_arrow("i_pairs", pa.table({
        "source": pa.array([1, 1, None, 2], pa.int64()),
        "target": pa.array([3, None, 3, 2], pa.int64())}))
    assert shortest_paths(engine, "i_edges", "i_pairs", "i_paths", 5) == 2
    rows = sorted((r["source"], r["target"], r["step"], r["node"]) for r in
                  engine.fetch_arrow("SELECT * FROM i_paths").to_pylist())
    assert rows == [(1, 3, 0, 1), (1, 3, 1, 2), (1, 3, 2, 3), (2, 2, 0, 2)]


def _check_label_propagation(engine: Engine, last_step: int) -> None:
    nodes, edges = _load(engine, last_step)
    graph = _graph(nodes, edges)
    # with networkx's own colouring: networkx's communities exactly
    greedy = nx.coloring.greedy_color(graph)
    engine.register_arrow("g_colours", pa.table({
        "node": list(greedy), "colour": pa.array(list(greedy.values()), pa.int64())}))
    label_propagation(engine, "g_edges", "g_lpa", colours="g_colours")
    got: dict[str, set[str]] = {}
    for r in engine.fetch_arrow("SELECT * FROM g_lpa").to_pylist():
        got.setdefault(r["community"], set()).add(r["node"])
    linked = {n for n in graph if graph.degree(n) > 0}
    expected = [c for c in nx.algorithms.community.label_propagation_communities(graph)
                if c & linked]
    assert sorted(map(sorted, got.values())) == sorted(map(sorted, expected))
    # with the set-based colouring: a proper colouring, and a settled labelling (every
    # node holds one of its neighbours' most frequent labels)
    colouring(engine, "g_edges", "g_own_colours")
    colour = {r["node"]: r["colour"] for r in
              engine.fetch_arrow("SELECT * FROM g_own_colours").to_pylist()}
    assert set(colour) == linked
    assert all(colour[a] != colour[b] for a, b in graph.edges if a != b)
    label_propagation(engine, "g_edges", "g_lpa2")
    label = {r["node"]: r["community"] for r in
             engine.fetch_arrow("SELECT * FROM g_lpa2").to_pylist()}
    for n in linked:
        counts: dict[str, int] = {}
        for m in graph[n]:
            if m != n:
                counts[label[m]] = counts.get(label[m], 0) + 1
        assert counts[label[n]] == max(counts.values())
    assert 1 < len(set(label.values())) < len(label)


def test_components_equal_networkx_on_duckdb(duck: Engine) -> None:
    assert _check_components(duck, 5) >= 1


def test_components_of_tricky_graphs_on_duckdb(duck: Engine) -> None:
    _check_tricky(duck)


def test_components_equal_networkx_on_random_small_graphs(duck: Engine) -> None:
    """300 seeded random multigraphs (up to 12 nodes, 16 edges, self-loops and lone
    nodes included): the rows equal networkx's, one per node."""
    rng = random.Random(20140101)
    for trial in range(300):
        names = [f"n{i:02d}" for i in range(rng.randint(1, 12))]
        pairs = [(rng.choice(names), rng.choice(names)) for _ in range(rng.randint(0, 16))]
        _, same = _components_rows(duck, pa.table({"node": names}), _edges(pairs))
        assert same, (trial, names, pairs)


def test_k_hop_equals_networkx_on_duckdb(duck: Engine) -> None:
    _check_k_hop(duck, 5)


def test_shortest_paths_equal_networkx_on_duckdb(duck: Engine) -> None:
    _check_paths(duck, 5)


def test_label_propagation_equals_networkx_on_duckdb(duck: Engine) -> None:
    _check_label_propagation(duck, 5)


@pytest.mark.spark
def test_graph_sql_on_spark_equals_networkx(spark: Any) -> None:
    """The same statements on Spark. Spark costs seconds a statement, so: components,
    3-hop neighbourhoods and shortest paths of up to 3 hops on Elliptic's first time
    step, components of the tricky
    graphs, and label propagation (a statement per colour class and sweep) on
    Zachary's karate club (Zachary 1977, in networkx), against networkx's communities
    with its colouring."""
    engine = SparkEngine(spark)
    _check_components(engine, 1)
    _check_tricky(engine)
    _check_k_hop(engine, 1, ks=(3,))
    _check_paths(engine, 1, max_hops=3)
    karate = nx.relabel_nodes(nx.karate_club_graph(), lambda n: f"{n:02d}")
    edges = pa.table({"src": [a for a, _ in karate.edges], "dst": [b for _, b in karate.edges]})
    engine.register_arrow("k_edges", edges)
    graph = _graph(pa.table({"node": list(karate)}), edges)
    greedy = nx.coloring.greedy_color(graph)
    engine.register_arrow("k_colours", pa.table({
        "node": list(greedy), "colour": pa.array(list(greedy.values()), pa.int64())}))
    label_propagation(engine, "k_edges", "k_lpa", colours="k_colours")
    got: dict[str, set[str]] = {}
    for r in engine.fetch_arrow("SELECT * FROM k_lpa").to_pylist():
        got.setdefault(r["community"], set()).add(r["node"])
    expected = list(nx.algorithms.community.label_propagation_communities(graph))
    assert sorted(map(sorted, got.values())) == sorted(map(sorted, expected))
    assert len(expected) > 1
