"""Starting positions for a large chart of the graph explorer, computed on the server.

ForceAtlas2 (Jacomy et al. 2014, PLoS ONE 9(6):e98679), the explorer's layout, starts
from random positions and needs hundreds of iterations to untangle a chart of thousands
of nodes: several seconds in the browser's web worker. Pivot MDS (Brandes & Pich 2007,
"Eigensolver methods for progressive multidimensional scaling of large data", Graph
Drawing 2006, LNCS 4372:42-53) places the nodes so that their distances on the page
approximate their hop distances, from the breadth-first distances to a few pivots and one
small eigenproblem: a fraction of a second for 5,000 nodes and 20,000 links in networkit's
C++ core (Staudt, Sazonovs & Meyerhenke 2016). The browser then only refines it.

Pivot MDS needs a connected graph: each connected component is laid out on its own and
the components are packed in rows, largest first, so that no two overlap. The work of
one asking is bounded whatever the chart's shape: a component of at most PIVOTS nodes
is laid out by classical MDS together with every other of its size (one all-pairs
Floyd-Warshall and one eigenproblem per size, over a stack of them) and packed with
them in one grid; the breadth-first searches of the larger ones run for all of them at
once (PIVOTS searches in all). Python loops once per size, and once per larger
component only for the small eigenproblem and packing (at most LARGEST[0] / PIVOTS).
The positions depend only on the chart's structure (the pivots are drawn with a fixed
seed): the same chart is laid out the same way.
"""

from __future__ import annotations

import collections
import hashlib
import threading
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from threadpoolctl import threadpool_limits

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


LARGEST = (20_000, 100_000)
"""The largest chart laid out on the server (nodes, links): a bound on one asking's
work and memory, about what the explorer draws (its slow test draws 20,000 nodes and
20,000 links); a larger chart is refused with an error naming these."""


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
    if order == 0:
        return np.zeros((0, 2))
    # one BLAS thread: the eigenproblems are small (k x k), and waking BLAS's threads
    # for each cost 10-20 ms on a busy machine (0.7 ms on one thread): 392 components
    # of 51 nodes took 7 s of eigh
    with threadpool_limits(limits=1, user_api="blas"):
        return _laid_out(order, ends)


def _laid_out(order: int, ends: np.ndarray) -> np.ndarray:
    """:func:`chart_positions` of a chart of ``order`` nodes (1 or more), its links
    ``ends`` checked."""
    positions = np.zeros((order, 2))
    ends = ends[ends[:, 0] != ends[:, 1]]
    adjacency = sparse.coo_matrix((np.ones(len(ends)), (ends[:, 0], ends[:, 1])),
                                  shape=(order, order)).tocsr()
    adjacency = ((adjacency + adjacency.T) > 0).astype(np.float64).tocsr()
    _count, labels = csgraph.connected_components(adjacency, directed=False)
    sizes = np.bincount(labels)
    # the nodes grouped by component, the components by size (largest first), then
    # by their first node: the same chart is laid out the same way
    first = np.full(len(sizes), order)
    np.minimum.at(first, labels, np.arange(order))
    ranked = np.lexsort((first, -sizes))
    rank = np.empty_like(ranked)
    rank[ranked] = np.arange(len(ranked))
    grouped = np.lexsort((np.arange(order), rank[labels]))
    bounds = np.concatenate([[0], np.cumsum(sizes[ranked])])
    members: list[np.ndarray] = []
    placed: list[np.ndarray] = []
    large = int(np.searchsorted(-sizes[ranked], -PIVOTS, side="left"))
    if large:  # larger than PIVOTS: Pivot MDS, their searches together
        members += [grouped[bounds[c]:bounds[c + 1]] for c in range(large)]
        placed += _large_positions(adjacency, grouped[:bounds[large]], bounds[:large + 1])
    small = sizes[ranked[large:]]
    for size in np.unique(small)[::-1]:  # the small ones, a stack per size
        chosen = np.flatnonzero(small == size) + large
        nodes = grouped[bounds[chosen][:, None] + np.arange(size)]
        members.append(nodes.ravel())
        placed.append(_grid(_stacked_positions(adjacency, nodes)))
    _pack(positions, members, placed)
    return positions


def _large_positions(whole: sparse.csr_matrix, nodes: np.ndarray,
                     bounds: np.ndarray) -> list[np.ndarray]:
    """Positions of the connected components ``nodes[bounds[c]:bounds[c + 1]]`` of the
    chart (adjacency ``whole``), each of more than PIVOTS nodes and centred on 0: Pivot
    MDS with max-min pivots (the best-linked node first, then each time the node
    farthest from the pivots chosen), then :func:`_mds` of the distances to them. The
    components are disjoint, so one breadth-first search from the c-th pivot of every
    component at once (``min_only``: the distance to the nearest, which is its own
    component's) gives each node its distance to its own: PIVOTS searches in all,
    however many components."""
    adjacency = whole[nodes][:, nodes]
    starts = bounds[:-1]
    sizes = np.diff(bounds)
    component = np.repeat(np.arange(len(sizes)), sizes)
    distances = np.empty((len(nodes), PIVOTS))
    pivots = _first_largest(np.asarray(adjacency.sum(axis=1)).ravel(), component, starts)
    nearest = np.full(len(nodes), np.inf)
    for i in range(PIVOTS):
        distances[:, i] = csgraph.dijkstra(adjacency, directed=True, unweighted=True,
                                           indices=pivots, min_only=True)
        nearest = np.minimum(nearest, distances[:, i])
        pivots = _first_largest(nearest, component, starts)
    return [_scaled(adjacency[low:high, low:high], _mds(distances[low:high]))
            for low, high in zip(bounds[:-1], bounds[1:], strict=True)]


def _first_largest(values: np.ndarray, component: np.ndarray,
                   starts: np.ndarray) -> np.ndarray:
    """For each component (``values`` grouped by ``component``, each group starting
    at ``starts``), the index of its first largest value (``np.argmax`` of each)."""
    largest = np.maximum.reduceat(values, starts)
    at = np.flatnonzero(values == largest[component])
    _, first = np.unique(component[at], return_index=True)
    chosen: np.ndarray = at[first]
    return chosen


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


def _stacked_positions(whole: sparse.csr_matrix, nodes: np.ndarray) -> np.ndarray:
    """Positions of ``c`` connected components of ``s`` nodes each (``nodes``, ``(c,
    s)``, at most PIVOTS), ``(c, s, 2)``, each centred on 0: classical MDS (every node a
    pivot, as Pivot MDS with ``k = s``), over the stack at once. The hop distances by
    Floyd-Warshall on the stacked dense ``s x s`` adjacencies (``c * s**3`` steps, at
    most ``order * PIVOTS**2``), the eigenproblems by one stacked ``eigh``, and the
    scaling of :func:`_scaled`."""
    count, size = nodes.shape
    if size == 1:
        return np.zeros((count, 1, 2))
    flat = nodes.ravel()
    block = whole[flat][:, flat]
    rows, columns = block.nonzero()  # within one component: the same block of s rows
    component = rows // size
    distances = np.full((count, size, size), np.inf)
    distances[component, rows % size, columns % size] = 1.0
    distances[:, np.arange(size), np.arange(size)] = 0.0
    for via in range(size):
        np.minimum(distances, distances[:, :, via, None] + distances[:, None, via, :],
                   out=distances)
    squared = distances ** 2
    centred = squared - squared.mean(axis=1, keepdims=True) \
        - squared.mean(axis=2, keepdims=True) + squared.mean(axis=(1, 2), keepdims=True)
    centred *= -0.5
    _, vectors = np.linalg.eigh(np.einsum("cij,cik->cjk", centred, centred))
    found: np.ndarray = np.einsum("cij,cjk->cik", centred, vectors[:, :, [-1, -2]])
    # the mean link one hop long (a component has at least one link: s >= 2)
    length = np.zeros(count)
    np.add.at(length, component,
              np.linalg.norm(found[component, rows % size] - found[component, columns % size],
                             axis=1))
    length /= np.bincount(component, minlength=count)
    found /= np.where(length > 1e-9, length, 1.0)[:, None, None]
    found += np.random.default_rng(SEED).uniform(-0.25, 0.25, (1, size, 2))
    centred_found: np.ndarray = found - found.mean(axis=1, keepdims=True)
    return centred_found


def _grid(stack: np.ndarray) -> np.ndarray:
    """The ``(c, s, 2)`` positions of ``c`` components of one size in a grid of equal
    cells (each as large as the largest of them, and GAP), about ASPECT times as wide
    as high, as ``(c * s, 2)``: one block for :func:`_pack`."""
    count = len(stack)
    low = stack.min(axis=1)
    cell = (stack.max(axis=1) - low).max(axis=0) + GAP
    columns = max(1, int(np.ceil(np.sqrt(count * ASPECT * cell[1] / cell[0]))))
    slots = np.arange(count)
    corner = np.column_stack([slots % columns * cell[0], -(slots // columns) * cell[1]])
    placed: np.ndarray = (stack - low[:, None, :] + corner[:, None, :]).reshape(-1, 2)
    return placed


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


KEPT_CHARTS = 8
"""Charts whose positions are kept: a chart reopened or laid out again by the button
(at most 8 x 20,000 x 2 floats, 2.6 MB)."""

_KEPT: collections.OrderedDict[str, np.ndarray] = collections.OrderedDict()
"""The positions of the last :data:`KEPT_CHARTS` charts laid out, by order and SHA-256
of their links (a key of 70 characters, not the links themselves)."""

_KEEPING = threading.Lock()


def kept_chart_layout(order: object, links: object) -> np.ndarray:
    """The starting positions of a chart (:func:`chart_positions`, rounded to a
    thousandth of a hop) after :func:`check_chart`, which refuses a chart larger than
    :data:`LARGEST`; the same structure asked again is answered from the positions
    kept for the last :data:`KEPT_CHARTS` charts."""
    ends = np.ascontiguousarray(check_chart(order, links), dtype=np.int64).reshape(-1, 2)
    assert isinstance(order, int)  # checked
    key = f"{order}:{hashlib.sha256(ends.tobytes()).hexdigest()}"
    with _KEEPING:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    positions: np.ndarray = np.round(chart_positions(order, ends), 3)
    with _KEEPING:
        _KEPT[key] = positions
        while len(_KEPT) > KEPT_CHARTS:
            _KEPT.popitem(last=False)
    return positions
