"""Connected components and PageRank on Spark against scipy and networkx (issue #27).

The graph: by default Elliptic's labelled transactions of time steps 1 to 5 and the
flows between them (Weber et al. 2019; the shipped files), as
``tests/test_graph_scale.py`` reads it: many components, unlike the whole graph.
``--classes`` and ``--edges`` take other files in Elliptic's layout (``txId,class,
time_step`` and ``txId1,txId2``; ``time_step`` is needed only with ``--steps`` other
than ``all``), ``--steps`` another window (``1-49`` or ``all``), ``--unlabelled`` keeps
the transactions of class ``unknown`` too (``--steps all --unlabelled``: the whole
graph). A flow is kept when both its transactions are; the flows left out are counted
(``edges_left_out``), and a flow written twice is one tie (``edges_repeated``).
:func:`tnoc.graph.scale.connected_components` and :func:`tnoc.graph.scale.pagerank`
(default stopping rule: every actor provably within
1e-6) run on Spark ``local[2]`` in one session, after a warm-up (three PageRank
iterations), ``--runs`` times each; the baseline, in the same run, is scipy's
connected components and networkx's PageRank (``tol=1e-10``) on the same graph.

Keys: ``metrics.spark_seconds.{components,pagerank}`` (median of the runs),
``metrics.pagerank_iterations``, ``metrics.pagerank_max_abs_diff`` (against networkx,
target <= 1e-5), ``metrics.same_partition`` (true), ``baseline.seconds.{components,
pagerank}``, ``ratio.pagerank`` (Spark over networkx; Spark is not expected to win on a
graph of 7,865 nodes on 2 cores: the figure is Spark's fixed cost per iteration).
A file that is not in the layout is refused with its name and what was expected (exit
2).

    .venv/bin/python benchmarks/graph_spark.py --json [--runs 3]
    .venv/bin/python benchmarks/graph_spark.py --json --runs 1 --steps all --unlabelled
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.csv as pv  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from envelope import machine, versions  # noqa: E402
from scipy.sparse.csgraph import connected_components as scipy_components  # noqa: E402

from tnoc.graph.scale import connected_components, pagerank  # noqa: E402
from tnoc.store.engine import spark_session  # noqa: E402

CRYPTO = Path(__file__).resolve().parent.parent / "examples" / "data" / "crypto"


class LayoutError(ValueError):
    """A graph file not in Elliptic's layout: the message names the file and what was
    expected."""


def _read(path: Path, columns: list[str]) -> pa.Table:
    """``columns`` of the CSV ``path`` as text (others ignored); a missing file or column
    is a :class:`LayoutError` naming the file."""
    try:
        return pv.read_csv(path, convert_options=pv.ConvertOptions(
            column_types=dict.fromkeys(columns, pa.string()), include_columns=columns))
    except FileNotFoundError:
        raise LayoutError(f"{path}: no such file") from None
    except (pa.ArrowInvalid, pa.ArrowKeyError) as exc:
        raise LayoutError(f"{path}: expected a CSV with a header naming "
                          f"{', '.join(columns)} (Elliptic's layout): {exc}") from None


def _steps(path: Path, table: pa.Table) -> pa.Array:
    """The ``time_step`` column as integers; a value that is none is a
    :class:`LayoutError` naming the file's line and the value."""
    text = table["time_step"]
    whole = pc.match_substring_regex(text, r"^\s*[0-9]+\s*$")
    bad = pc.indices_nonzero(pc.invert(pc.fill_null(whole, False)))
    if len(bad):
        row = bad[0].as_py()
        raise LayoutError(f"{path}, line {row + 2}, field time_step: expected a whole "
                          f"number, found {text[row].as_py()!r}")
    return pc.cast(pc.utf8_trim_whitespace(text), pa.int64())


def steps_window(text: str) -> tuple[int, int] | None:
    """``FIRST-LAST`` (or one step ``N``) as a window of time steps; ``all``: none."""
    if text == "all":
        return None
    first, dash, last = text.partition("-")
    try:
        window = int(first), int(last if dash else first)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--steps {text!r}: expected FIRST-LAST (e.g. 1-5), one step, or all") from None
    if window[0] > window[1]:
        raise argparse.ArgumentTypeError(f"--steps {text!r}: FIRST is after LAST")
    return window


def elliptic_graph(classes_file: Path, edges_file: Path, steps: tuple[int, int] | None,
                   unlabelled: bool) -> tuple[pa.Table, pa.Table, int, int]:
    """(nodes ``node``, edges ``src, dst``, flows left out, flows repeated): the transactions of
    ``classes_file`` in the window of time ``steps`` (all when None), labelled ones
    only unless ``unlabelled``, and the flows of ``edges_file`` among them, each pair
    once; ids as text."""
    classes = _read(classes_file, ["txId", "class"] + ([] if steps is None else ["time_step"]))
    keep = pc.invert(pc.is_null(classes["txId"]))
    if not unlabelled:
        keep = pc.and_(keep, pc.not_equal(classes["class"], "unknown"))
    if steps is not None:
        step = _steps(classes_file, classes)
        keep = pc.and_(keep, pc.and_(pc.greater_equal(step, steps[0]),
                                     pc.less_equal(step, steps[1])))
    ids = pc.unique(classes.filter(keep)["txId"])
    edges = _read(edges_file, ["txId1", "txId2"])
    inside = edges.filter(pc.and_(pc.is_in(edges["txId1"], ids),
                                  pc.is_in(edges["txId2"], ids)))
    if len(ids) == 0:
        raise LayoutError(f"{classes_file}: no transaction in the window chosen "
                          "(--steps, --unlabelled)")
    # a flow written twice is one tie, as networkx's DiGraph reads it
    pairs = inside.group_by(["txId1", "txId2"], use_threads=False).aggregate([])
    return (pa.table({"node": ids}), pa.table({"src": pairs["txId1"], "dst": pairs["txId2"]}),
            edges.num_rows - inside.num_rows, inside.num_rows - pairs.num_rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="one JSON object on stdout")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per measure")
    ap.add_argument("--classes", type=Path,
                    default=CRYPTO / "elliptic_txs_classes_with_timestep.csv",
                    help="transactions: CSV with txId, class and time_step (default: "
                         "the shipped Elliptic file)")
    ap.add_argument("--edges", type=Path, default=CRYPTO / "elliptic_txs_edgelist.csv",
                    help="flows: CSV with txId1, txId2 (default: the shipped Elliptic file)")
    ap.add_argument("--steps", type=steps_window, default=(1, 5),
                    help="time steps kept: FIRST-LAST, one step, or all (default 1-5)")
    ap.add_argument("--unlabelled", action="store_true",
                    help="keep transactions of class unknown too (default: labelled only)")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs: at least 1")
    try:
        nodes, edges, left_out, repeated = elliptic_graph(args.classes, args.edges, args.steps,
                                                args.unlabelled)
    except LayoutError as exc:
        print(f"graph_spark: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    ids = nodes["node"].to_pylist()
    src, dst = edges["src"].to_pylist(), edges["dst"].to_pylist()

    start = time.perf_counter()
    index = {n: i for i, n in enumerate(ids)}
    matrix = sp.coo_matrix((np.ones(len(src)), ([index[s] for s in src],
                                                [index[d] for d in dst])),
                           shape=(len(ids), len(ids)))
    count, labels = scipy_components(matrix, directed=False)
    base_components = time.perf_counter() - start
    expected = {frozenset(ids[i] for i in np.flatnonzero(labels == c)) for c in range(count)}
    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(zip(src, dst, strict=True))
    start = time.perf_counter()
    exact = nx.pagerank(graph, alpha=0.85, tol=1e-10)
    base_pagerank = time.perf_counter() - start

    spark = spark_session("local[2]")
    frame_nodes, frame_edges = spark.createDataFrame(nodes), spark.createDataFrame(edges)
    with contextlib.suppress(RuntimeError):  # the warm-up: 3 iterations meet no bound
        pagerank(frame_edges, frame_nodes, max_iter=3)
    times: dict[str, list[float]] = {"components": [], "pagerank": []}
    for _ in range(args.runs):
        start = time.perf_counter()
        result = connected_components(frame_edges, frame_nodes)
        rows = result.labels.collect()
        times["components"].append(time.perf_counter() - start)
        start = time.perf_counter()
        ranked = pagerank(frame_edges, frame_nodes)
        got = {r.node: r.pagerank for r in ranked.ranks.collect()}
        times["pagerank"].append(time.perf_counter() - start)
    parts: dict[str, set[str]] = {}
    for row in rows:
        parts.setdefault(row.component, set()).add(row.node)
    spark.stop()
    median = {k: statistics.median(v) for k, v in times.items()}
    out = {
        "benchmark": "graph_spark",
        "dataset": "Elliptic (Weber et al. 2019): transactions and flows",
        "synthetic": False,
        "graph": {"classes": str(args.classes), "edges": str(args.edges),
                  "steps": "all" if args.steps is None else "-".join(map(str, args.steps)),
                  "unlabelled": args.unlabelled},
        "nodes": len(ids), "edges": len(src), "edges_left_out": left_out,
        "edges_repeated": repeated,
        "runs": args.runs,
        "metrics": {
            "spark_seconds": {k: round(v, 2) for k, v in median.items()},
            "spark_seconds_all": {k: [round(x, 2) for x in v] for k, v in times.items()},
            "pagerank_iterations": ranked.iterations,
            "pagerank_error_bound": ranked.error_bound,
            "pagerank_max_abs_diff": max(abs(got[n] - exact[n]) for n in exact),
            "same_partition": {frozenset(m) for m in parts.values()} == expected,
            "components": len(parts),
        },
        "baseline": {"name": "scipy connected_components, networkx pagerank (tol 1e-10)",
                     "seconds": {"components": round(base_components, 3),
                                 "pagerank": round(base_pagerank, 3)}},
        "ratio": {"pagerank": round(median["pagerank"] / max(base_pagerank, 1e-9), 1),
                  "components": round(median["components"] / max(base_components, 1e-9),
                                      1)},
        "versions": versions("pyspark", "scipy", "networkx"),
        "machine": machine(),
    }
    if args.json:
        print(json.dumps(out))
        return
    m = out["metrics"]
    print(f"{out['nodes']:,} nodes, {out['edges']:,} edges ({left_out:,} flows to or from "
          f"transactions left out); components "
          f"{m['components']:,} (same partition as scipy: {m['same_partition']})")
    print(f"Spark local[2]: components {m['spark_seconds']['components']} s, PageRank "
          f"{m['spark_seconds']['pagerank']} s ({m['pagerank_iterations']} iterations, "
          f"max |diff| to networkx {m['pagerank_max_abs_diff']:.1e})")
    print(f"scipy/networkx: {out['baseline']['seconds']}")


if __name__ == "__main__":
    main()
