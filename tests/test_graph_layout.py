"""Starting positions of a large chart (tnoc.graph.layout, Pivot MDS per component) for
the graph explorer, on the first links of the Elliptic Bitcoin transaction graph."""

from __future__ import annotations

import csv
from itertools import islice
from typing import Any

import numpy as np
import pytest

from tnoc.errors import TnocError
from tnoc.graph.layout import chart_positions, check_chart, kept_chart_layout

from .conftest import ROOT

ELLIPTIC = ROOT / "examples" / "data" / "crypto" / "elliptic_txs_edgelist.csv"


def chart_layout(order: object, links: object) -> dict[str, object]:
    """What the service answers the explorer (CaseService.chart_layout, gate aside)."""
    return {"positions": kept_chart_layout(order, links).tolist()}


@pytest.fixture(scope="module")
def chart() -> tuple[int, list[tuple[int, int]]]:
    """The first 2,000 links of Elliptic as a chart: node numbers in order of first
    appearance (many components: transactions chains cut where the links stop)."""
    number: dict[str, int] = {}
    with ELLIPTIC.open(newline="") as handle:
        rows = list(islice(csv.DictReader(handle), 2_000))
    links = [(number.setdefault(r["txId1"], len(number)),
              number.setdefault(r["txId2"], len(number))) for r in rows]
    return len(number), links


def test_linked_nodes_are_placed_near_and_components_apart(
        chart: tuple[int, list[tuple[int, int]]]) -> None:
    order, links = chart
    positions = chart_positions(order, links)
    assert positions.shape == (order, 2) and np.isfinite(positions).all()
    ends = np.array(links)
    linked = np.linalg.norm(positions[ends[:, 0]] - positions[ends[:, 1]], axis=1)
    rng = np.random.default_rng(1)
    pairs = rng.integers(0, order, (5_000, 2))
    apart = np.linalg.norm(positions[pairs[:, 0]] - positions[pairs[:, 1]], axis=1)
    assert np.median(linked) < 1.5 < 5 * np.median(linked) < np.median(apart)
    # each component in a box of its own: no two boxes overlap
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    count, labels = connected_components(
        coo_matrix((np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(order, order)),
        directed=False)
    assert count > 10
    low = np.array([positions[labels == c].min(axis=0) for c in range(count)])
    high = np.array([positions[labels == c].max(axis=0) for c in range(count)])
    overlap = ((high[:, None] >= low[None]) & (high[None] >= low[:, None])).all(axis=2)
    assert overlap.sum() == count, "two components' boxes overlap"  # each only itself
    assert np.array_equal(positions, chart_positions(order, links)), "not the same twice"


def test_a_chart_that_is_not_a_chart_is_refused() -> None:
    with pytest.raises(TnocError, match=r"link 1 of the chart is \[0, 3\]: expected two node "
                                        r"numbers from 0 to 2"):
        check_chart(3, [[0, 1], [0, 3]])
    with pytest.raises(TnocError, match="number of nodes"):
        chart_layout("12", [])
    with pytest.raises(TnocError, match="link 0 .*'a'"):
        chart_layout(2, [[0, "a"]])
    assert chart_layout(0, []) == {"positions": []}
    single = chart_layout(3, [[0, 1], [1, 1]])["positions"]  # a self-link is no link
    assert len(single) == 3 and single[0] != single[1]


def test_the_work_of_one_asking_is_bounded_by_sizes_not_components(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Review finding 1: many small components (here 3,000 triangles and paths of 3 and
    6,000 isolated nodes) are laid out a stack per size, not one Python call each; the
    breadth-first searches of 40 components larger than PIVOTS run together (PIVOTS
    searches, not 40 x PIVOTS); the kept positions are keyed by a digest, not the
    links; a chart larger than LARGEST is refused before any work."""
    from tnoc.graph import layout

    calls = {"stack": 0, "search": 0}
    real_stack, real_search = layout._stacked_positions, layout.csgraph.dijkstra

    def stack(*args: Any) -> np.ndarray:
        calls["stack"] += 1
        return real_stack(*args)

    def search(*args: Any, **kwargs: Any) -> np.ndarray:
        calls["search"] += 1
        found: np.ndarray = real_search(*args, **kwargs)
        return found

    monkeypatch.setattr(layout, "_stacked_positions", stack)
    monkeypatch.setattr(layout.csgraph, "dijkstra", search)
    monkeypatch.setattr(layout.csgraph, "shortest_path", search)
    links = [link for t in range(3_000) for link in (
        [(3 * t, 3 * t + 1), (3 * t + 1, 3 * t + 2)] if t % 2 else
        [(3 * t, 3 * t + 1), (3 * t + 1, 3 * t + 2), (3 * t + 2, 3 * t)])]
    paths = [(9_000 + 60 * p + i, 9_000 + 60 * p + i + 1) for p in range(40)
             for i in range(59)]  # 40 paths of 60 nodes
    order = 17_400
    positions = np.array(chart_layout(order, links + paths)["positions"])
    # the 3s and the 1s; the paths' searches
    assert calls == {"stack": 2, "search": layout.PIVOTS}
    assert np.isfinite(positions).all() and len(positions) == order
    ends = np.array(links + paths)
    hop = np.linalg.norm(positions[ends[:, 0]] - positions[ends[:, 1]], axis=1)
    assert 0.5 < np.median(hop) < 1.5
    path = positions[9_000:9_060]  # a path laid out as a line: its ends farthest apart
    span = np.linalg.norm(path[:, None] - path[None], axis=2)
    assert np.unravel_index(span.argmax(), span.shape) in {(0, 59), (59, 0)}
    assert len(np.unique(positions.round(2), axis=0)) == order  # no two nodes on one spot
    assert all(len(key) < 80 for key in layout._KEPT)
    with pytest.raises(TnocError, match="larger than the 20,000 nodes and 100,000 links"):
        check_chart(20_001, [])
    with pytest.raises(TnocError, match="larger than the 20,000 nodes"):
        check_chart(3, [[0, 1]] * 100_001)
