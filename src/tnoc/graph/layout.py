"""Starting positions for a large chart of the graph explorer, computed on the server.

ForceAtlas2 (Jacomy et al. 2014, PLoS ONE 9(6):e98679), the explorer's layout, starts
from random positions and needs hundreds of iterations to untangle a chart of thousands
of nodes: several seconds in the browser's web worker. Pivot MDS (Brandes & Pich 2007,
"Eigensolver methods for progressive multidimensional scaling of large data", Graph
Drawing 2006, LNCS 4372:42-53) places the nodes so that their distances on the page
approximate their hop distances, from the breadth-first distances to a few pivots and one
small eigenproblem: a fraction of a second for 5,000 nodes and 20,000 links in networkit's
C++ core (Staudt, Sazonovs & Meyerhenke 2016). The browser then only refines it.

Pivot MDS needs a connected graph: each connected component is laid out on its own
(isolated nodes and pairs by hand) and the components are packed in rows, largest
first, so that no two overlap. The positions depend only on the chart's structure (the
pivots are drawn with a fixed seed): the same chart is laid out the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from tnoc.errors import TnocError

PIVOTS = 50
"""Pivots of Pivot MDS: Brandes & Pich find 50 enough for a layout close to full
classical MDS (their Fig. 6); fewer for a smaller component (at most its size)."""

GAP = 2.0
"""Hops of empty space between two packed components."""

ASPECT = 4 / 3
"""Width to height of the packed components: about the explorer's canvas."""

SEED = 22
"""The seed of the pivots' choice: a chart's layout does not change between askings."""


LARGEST = (100_000, 500_000)
"""The largest chart laid out on the server (nodes, links): a bound on one asking's
work, far above what a browser draws."""


def check_chart(order: object, links: object) -> np.ndarray:
    """The chart's links as an ``(n, 2)`` array of node numbers, or an error naming
    the first thing wrong:
    ``order`` a whole number of nodes, each link two node numbers below it."""
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise TnocError(f"a chart's order is its number of nodes (0 or more), not {order!r}")
    if not isinstance(links, list | tuple):
        raise TnocError("a chart's links are a list of [node, node] pairs")
    if order > LARGEST[0] or len(links) > LARGEST[1]:
        raise TnocError(f"a chart of {order:,} nodes and {len(links):,} links is larger than "
                        f"the {LARGEST[0]:,} nodes and {LARGEST[1]:,} links laid out here")
    try:
        pairs = np.asarray(links if len(links) else np.empty((0, 2), dtype=np.int64),
                           dtype=object)
    except ValueError:  # lists of different shapes
        pairs = np.empty(0, dtype=object)
    ends = pairs.astype(np.int64) if pairs.ndim == 2 and pairs.shape[1] == 2 and all(
        type(end) is int for end in pairs.ravel().tolist()) else None
    if ends is None or (len(ends) and (ends.min() < 0 or ends.max() >= order)):
        for index, link in enumerate(links):  # the first link that is not two numbers
            if not isinstance(link, list | tuple) or len(link) != 2 or not all(
                    type(end) is int and 0 <= end < order for end in link):
                raise TnocError(f"link {index} of the chart is {link!r}: expected two "
                                f"node numbers from 0 to {order - 1}")
    assert ends is not None
    return ends


def chart_positions(order: int, links: Sequence[Sequence[int]] | np.ndarray) -> np.ndarray:
    """The ``(order, 2)`` positions of a chart of ``order`` nodes numbered from 0 and
    its undirected ``links`` (pairs of node numbers, :func:`check_chart`), in hop
    units: Pivot MDS per connected component, the components packed in rows."""
    ends = links if isinstance(links, np.ndarray) else check_chart(order, list(links))
    positions = np.zeros((order, 2))
    if order == 0:
        return positions
    ends = ends[ends[:, 0] != ends[:, 1]]
    adjacency = sparse.coo_matrix((np.ones(len(ends)), (ends[:, 0], ends[:, 1])),
                                  shape=(order, order)).tocsr()
    adjacency = ((adjacency + adjacency.T) > 0).astype(np.float64).tocsr()
    _count, labels = csgraph.connected_components(adjacency, directed=False)
    grouped = np.argsort(labels, kind="stable")
    members = sorted(np.split(grouped, np.cumsum(np.bincount(labels))[:-1]),
                     key=lambda m: (-len(m), int(m[0])))
    placed = [_component_positions(adjacency, m) for m in members]
    _pack(positions, members, placed)
    return positions


def _component_positions(whole: sparse.csr_matrix, nodes: np.ndarray) -> np.ndarray:
    """Positions of the connected component ``nodes`` of the chart (adjacency
    ``whole``), centred on 0: Pivot MDS
    with max-min pivots (the best-linked node first, then each time the node farthest
    from the pivots chosen), then :func:`_mds` of the distances to them."""
    size = len(nodes)
    if size == 1:
        return np.zeros((1, 2))
    if size == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    adjacency = whole[nodes][:, nodes]
    if size <= PIVOTS:  # every node a pivot: classical MDS, in one all-pairs search
        return _scaled(adjacency, _mds(csgraph.shortest_path(
            adjacency, directed=True, unweighted=True)))
    k = PIVOTS
    distances = np.empty((size, k))
    pivot = int(np.argmax(np.asarray(adjacency.sum(axis=1)).ravel()))
    nearest = np.full(size, np.inf)
    for i in range(k):
        distances[:, i] = csgraph.shortest_path(adjacency, directed=True, unweighted=True,
                                                indices=pivot)  # symmetric: undirected
        nearest = np.minimum(nearest, distances[:, i])
        pivot = int(np.argmax(nearest))
    return _scaled(adjacency, _mds(distances))


def _mds(distances: np.ndarray) -> np.ndarray:
    """Two coordinates from the hop ``distances`` of every node to the pivots: the
    double-centred squared distances projected on the two leading eigenvectors of their
    small ``k x k`` product (Brandes & Pich, sec. 3)."""
    squared = distances ** 2
    centred = squared - squared.mean(axis=0) - squared.mean(axis=1, keepdims=True) \
        + squared.mean()
    centred *= -0.5
    # (einsum, not BLAS: BLAS's threads on a busy machine took 0.5 s for this k x k)
    _, vectors = np.linalg.eigh(np.einsum("ij,ik->jk", centred, centred))
    # the two largest eigenvalues are the last
    found: np.ndarray = np.einsum("ij,jk->ik", centred, vectors[:, [-1, -2]])
    return found


def _scaled(adjacency: sparse.csr_matrix, found: np.ndarray) -> np.ndarray:
    """``found`` in hop units (a link one unit long on average), each node moved by a
    little (nodes at the same distances from every pivot, the leaves of one hub, would
    share one spot), centred on 0."""
    size = len(found)
    if np.ptp(found, axis=0).max() < 1e-9:
        # nothing to spread by: the nodes on a circle
        angles = np.linspace(0, 2 * np.pi, size, endpoint=False)
        found = np.column_stack([np.cos(angles), np.sin(angles)]) * np.sqrt(size)
    rows, columns = adjacency.nonzero()
    length = np.linalg.norm(found[rows] - found[columns], axis=1).mean()
    if length > 1e-9:
        found = found / length
    # by up to a quarter of a hop, the same way on every asking
    found = found + np.random.default_rng(SEED).uniform(-0.25, 0.25, found.shape)
    centred: np.ndarray = found - found.mean(axis=0)
    return centred


def _pack(positions: np.ndarray, members: list[np.ndarray],
          placed: list[np.ndarray]) -> None:
    """Components in rows (largest first) into ``positions``: rows as wide as the
    widest component, or wider, so that the whole is about ASPECT times as wide as
    high (the explorer's canvas)."""
    sizes = np.array([np.ptp(p, axis=0) for p in placed]) + GAP
    row_width = max(float(sizes[:, 0].max()), float(np.sqrt(np.prod(sizes, axis=1).sum()
                                                             * ASPECT)))
    x = y = row_height = 0.0
    for nodes, found in zip(members, placed, strict=True):
        low, high = found.min(axis=0), found.max(axis=0)
        w, h = high - low
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y - row_height - GAP, 0.0
        positions[nodes] = found - low + np.array([x, y - h])
        x += w + GAP
        row_height = max(row_height, h)
