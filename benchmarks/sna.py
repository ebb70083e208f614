"""Network-analysis benchmark: TNOC's measure suite against networkx, same run.

Graphs:

* **Elliptic** (Weber et al. 2019): 203,769 Bitcoin transactions, 234,355 directed flows,
  taken into a fresh case through the shipped ``elliptic_edges`` mapping and projected
  from the store as any analyst's network would be;
* **edges_1m**: a generated Barabási-Albert graph (200,000 actors, 5 ties each, about
  1,000,000 ties; networkit's generator, seed 1): heavy-tailed like criminal and
  transaction networks, and connected, the hard case for all-pairs measures.

The suite is ``tnoc.graph.measures.measure`` (degree, in/out degree, strength,
betweenness hop and weighted, closeness, eigenvector, PageRank, k-core, Burt's
constraint and effective size) plus Leiden communities. Above 500,000 ties it
approximates betweenness (KADABRA or Riondato-Kornaropoulos, additive error 0.01 with
probability 0.9) and closeness (Cohen et al.), so Elliptic runs exact and the 1M-edge
graph approximate; the run also times the approximate suite on Elliptic and measures
its largest betweenness error against networkit's exact scores.

networkx baselines, same graph, same process:

* betweenness: networkx's sampled Brandes (``k`` sources) against networkit's
  ``EstimateBetweenness`` with the same number of sources (the same estimator family),
  plus exact networkit against networkx's time extrapolated from the k sources to all
  (stated as an extrapolation: exact networkx would take hours);
* PageRank: ``nx.pagerank`` (scipy power iteration, its default tolerance) against
  networkit's PageRank as the suite runs it;
* communities: ``nx.community.louvain_communities`` against the suite's Leiden
  (different algorithms, so both modularities are reported).

Run from the project root:  .venv/bin/python benchmarks/sna.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

import networkit as nk
import networkx as nx

from tnoc.graph.measures import (
    MeasureOptions,
    MeasureTable,
    communities,
    measure,
    to_networkx,
)
from tnoc.graph.projection import Projection, ProjectionSpec, project
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

ROOT = Path(__file__).resolve().parent.parent
ELLIPTIC = ROOT / "examples" / "data" / "crypto" / "elliptic_txs_edgelist.csv"


def timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def suite(projection: Projection) -> tuple[dict[str, Any], MeasureTable]:
    """The measure suite and communities, timed."""
    table, measure_s = timed(lambda: measure(projection))
    (labels, modularity), community_s = timed(lambda: communities(projection))
    return {"suite_seconds": round(measure_s + community_s, 2),
            "measures_seconds": round(measure_s, 2),
            "communities_seconds": round(community_s, 2),
            "approximate": MeasureOptions().use_approximation(projection.graph),
            "communities": len(set(labels)), "modularity": round(modularity, 4),
            "top_betweenness": table.top("betweenness", 3)}, table


def elliptic(samples: int) -> tuple[dict[str, Any], dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        case = Case.init(Path(tmp) / "case")
        _, ingest_s = timed(lambda: ingest_file(case, "elliptic_edges", ELLIPTIC))
        with case.connect(read_only=True) as con:
            projection, project_s = timed(lambda: project(con, ProjectionSpec()))
    g = projection.graph
    out: dict[str, Any] = {"nodes": g.numberOfNodes(), "edges": g.numberOfEdges(),
                           "ingest_seconds": round(ingest_s, 2),
                           "project_seconds": round(project_s, 2)}
    metrics, _ = suite(projection)
    out.update(metrics)
    hops = nk.graphtools.toUnweighted(g)
    exact_alg = nk.centrality.Betweenness(hops, normalized=True)
    _, exact_s = timed(exact_alg.run)
    exact = exact_alg.scores()
    approx_table, approx_s = timed(lambda: measure(projection, MeasureOptions(
        approximate=True)))
    approx = approx_table.values["betweenness"]
    out["betweenness_exact_seconds"] = round(exact_s, 2)
    out["approximate_suite_seconds"] = round(approx_s, 2)
    out["betweenness_exact_max"] = max(exact)
    out["betweenness_approx_max_error"] = max(abs(a - b) for a, b in zip(exact, approx,
                                                                         strict=True))

    # networkx on the same graph
    nxg = to_networkx(projection)
    _, nx_sample_s = timed(lambda: nx.betweenness_centrality(nxg, k=samples, seed=1))
    estimate = nk.centrality.EstimateBetweenness(hops, samples, True, True)
    _, nk_sample_s = timed(estimate.run)
    pagerank = nk.centrality.PageRank(g, damp=0.85, tol=1e-9)
    _, nk_pr_s = timed(pagerank.run)
    _, nx_pr_s = timed(lambda: nx.pagerank(nxg, alpha=0.85, weight="weight"))
    (_, _), nk_comm_s = timed(lambda: communities(projection))
    louvain, nx_comm_s = timed(lambda: nx.community.louvain_communities(
        nxg.to_undirected(), weight="weight", seed=1))
    nx_exact_extrapolated = nx_sample_s * g.numberOfNodes() / samples
    out["networkx"] = {
        "betweenness_sampled_seconds": round(nx_sample_s, 2), "samples": samples,
        "betweenness_exact_extrapolated_seconds": round(nx_exact_extrapolated, 1),
        "pagerank_seconds": round(nx_pr_s, 3),
        "louvain_seconds": round(nx_comm_s, 2),
        "louvain_modularity": round(nx.community.modularity(
            nxg.to_undirected(), louvain, weight="weight"), 4)}
    out["networkit"] = {"betweenness_sampled_seconds": round(nk_sample_s, 3),
                        "pagerank_seconds": round(nk_pr_s, 3),
                        "leiden_seconds": round(nk_comm_s, 2)}
    ratio = {"betweenness": round(nx_sample_s / nk_sample_s, 1),
             "betweenness_exact_extrapolated": round(nx_exact_extrapolated / exact_s, 1),
             "pagerank": round(nx_pr_s / nk_pr_s, 1),
             "communities": round(nx_comm_s / nk_comm_s, 1)}
    return out, ratio


def generated(edges: int) -> dict[str, Any]:
    per_node = 5
    nodes = edges // per_node
    nk.engineering.setSeed(1, False)
    graph, gen_s = timed(lambda: nk.generators.BarabasiAlbertGenerator(
        per_node, nodes).generate())
    weighted = nk.Graph(graph.numberOfNodes(), weighted=True, directed=False)
    for u, v in graph.iterEdges():
        weighted.addEdge(u, v, 1.0)
    projection = Projection(ProjectionSpec(directed=False), weighted,
                            [f"n{i}" for i in range(weighted.numberOfNodes())], 0)
    out: dict[str, Any] = {"nodes": weighted.numberOfNodes(),
                           "edges": weighted.numberOfEdges(),
                           "generate_seconds": round(gen_s, 2)}
    out.update(suite(projection)[0])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200,
                        help="sources sampled for the betweenness comparison")
    args = parser.parse_args()
    nk.setNumberOfThreads(min(2, os.cpu_count() or 1))
    elliptic_metrics, ratio = elliptic(args.samples)
    big = generated(args.edges)
    result: dict[str, Any] = {"benchmark": "sna",
              "machine": {"python": platform.python_version(), "cores": os.cpu_count(),
                          "threads": nk.getMaxNumberOfThreads(),
                          "networkit": nk.__version__, "networkx": nx.__version__},
              "metrics": {"elliptic": elliptic_metrics, "edges_1m": big},
              "ratio": ratio,
              "targets": {"ratio.betweenness >= 20": ratio["betweenness"] >= 20,
                          "edges_1m.suite_seconds < 60": big["suite_seconds"] < 60}}
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        for name, metrics in result["metrics"].items():
            print(f"{name}: {metrics['nodes']:,} nodes, {metrics['edges']:,} edges, "
                  f"suite {metrics['suite_seconds']} s")
        print("ratios (networkx / TNOC):", ratio)


if __name__ == "__main__":
    main()
