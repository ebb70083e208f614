"""Starting positions of a large chart (tnoc.graph.layout, Pivot MDS per component) for
the graph explorer, on the first links of the Elliptic Bitcoin transaction graph."""

from __future__ import annotations

import csv
from itertools import islice

import numpy as np
import pytest

from tnoc.errors import TnocError
from tnoc.graph.layout import chart_positions, check_chart
from tnoc.service import chart_layout

from .conftest import ROOT

ELLIPTIC = ROOT / "examples" / "data" / "crypto" / "elliptic_txs_edgelist.csv"


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
