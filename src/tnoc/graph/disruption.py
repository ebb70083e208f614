"""Disruption simulation: remove actors by a strategy and watch the network come apart.

Following the network-resilience literature (Albert, Jeong & Barabási 2000; Holme, Kim,
Yoon & Han 2002) and its use on criminal networks (Duijn, Kashirin & Sloot 2014,
"The relative ineffectiveness of criminal network disruption", *Scientific Reports* 4),
actors are removed from the undirected, unweighted network

* by **strategy**: ``degree``, ``betweenness`` (Freeman), ``katz`` (Katz 1953, networkit's
  default attenuation 1/(max degree + 1)), ``collective_influence`` (Morone & Makse 2015,
  ``CI_l(i) = (k_i - 1) * sum over j at distance exactly l of (k_j - 1)``, l = 2),
  ``random`` (averaged over ``runs`` seeded orders) or ``attribute`` (an analyst's
  ranking, e.g. role or a stored score; actors without it are never removed);
* **sequentially** (ranking recomputed after each removal) or **in blocks of k**
  (``block``), with ``recompute=False`` for a single ranking taken at the start;
* with optional **recovery** after each step: ``triadic`` (each pair of the removed
  actor's remaining contacts becomes tied with probability ``recovery_rate``: the
  contacts close the gap the broker left) or ``preferential`` (each remaining contact,
  with that probability, makes one new tie to an actor chosen in proportion to degree,
  Barabási & Albert 1999). These two rules are TNOC's, in the spirit of Duijn et al.'s
  recovery experiments; they are not their exact model.

After every step three figures are recorded: the largest connected component as a
fraction of the original actors, the number of connected components among the actors
left (isolates count), and the global efficiency of Latora & Marchiori (2001) in Holme
et al.'s (2002) normalisation for damaged networks, ``E = sum_{i != j} (1/d_ij) / (N (N-1))``
over the actors left but with N the original number of actors, so removals can only
lower it. Stochastic runs (random order, recovery) report the mean and standard
deviation over ``runs``; the removed actors shown are those of the first run.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import duckdb
import networkit as nk
import networkx as nx

from tnoc.errors import TnocError
from tnoc.graph.brokerage import property_groups
from tnoc.graph.keyplayers import inverse_distance_sum
from tnoc.graph.measures import to_networkx
from tnoc.graph.projection import Projection

STRATEGIES = ("degree", "betweenness", "katz", "collective_influence", "random", "attribute")
RECOVERY = ("none", "triadic", "preferential")


@dataclass
class DisruptionSpec:
    """How to disrupt."""

    strategy: str = "degree"
    block: int = 1
    recompute: bool = True
    max_steps: int | None = None
    recovery: str = "none"
    recovery_rate: float = 0.5
    runs: int = 20
    seed: int = 1
    ci_radius: int = 2
    attribute: str | None = None

    def check(self) -> None:
        if self.strategy not in STRATEGIES:
            raise TnocError(f"unknown strategy {self.strategy!r}; one of {', '.join(STRATEGIES)}")
        if self.recovery not in RECOVERY:
            raise TnocError(f"unknown recovery {self.recovery!r}; one of {', '.join(RECOVERY)}")
        if self.block < 1:
            raise TnocError("a block removes at least one actor (--block 1 or more)")
        if not 0.0 <= self.recovery_rate <= 1.0:
            raise TnocError("the recovery rate is a probability between 0 and 1")
        if self.runs < 1:
            raise TnocError("at least one run")

    @property
    def stochastic(self) -> bool:
        return self.strategy == "random" or (self.recovery != "none" and self.recovery_rate > 0)


@dataclass
class Step:
    """The network after a step (step 0: before any removal)."""

    step: int
    removed: list[str]
    lcc_fraction: float
    efficiency: float
    components: float
    removed_total: int = 0
    lcc_sd: float = 0.0
    efficiency_sd: float = 0.0


@dataclass
class DisruptionResult:
    """A simulation's curve and what produced it."""

    spec: DisruptionSpec
    actors: int
    ties: int
    steps: list[Step] = field(default_factory=list)

    def robustness(self) -> float:
        """Schneider et al.'s (2011, *PNAS* 108) robustness R: the mean largest-component
        fraction over the removal of 1, 2, ... N actors (area under the curve; a
        network left without ties keeps its last value). Lower: the strategy
        fragments the network faster. R of a star under degree removal is 1/N."""
        total, covered = 0.0, 0
        for before, after in itertools.pairwise(self.steps):
            count = after.removed_total - before.removed_total
            total += after.lcc_fraction * count
            covered += count
        if self.steps:
            total += self.steps[-1].lcc_fraction * (self.actors - covered)
        return total / self.actors if self.actors else 0.0

    def at_removed(self, fraction: float) -> Step:
        """The first step at which at least ``fraction`` of the actors are removed."""
        for step in self.steps:
            if step.removed_total >= fraction * self.actors:
                return step
        return self.steps[-1]


def efficiency(graph: nx.Graph, original_n: int) -> float:
    """Holme et al.'s (2002) global efficiency over ``original_n`` actors."""
    if graph.number_of_nodes() < 2 or original_n < 2:
        return 0.0
    return inverse_distance_sum(nx.to_scipy_sparse_array(graph, weight=None)) / (
        original_n * (original_n - 1))


def state_of(graph: nx.Graph, original_n: int) -> tuple[float, float, float]:
    """(largest component fraction, efficiency, components) of the current network."""
    if graph.number_of_nodes() == 0:
        return 0.0, 0.0, 0.0
    sizes = [len(c) for c in nx.connected_components(graph)]
    return max(sizes) / original_n, efficiency(graph, original_n), float(len(sizes))


def _networkit_scores(graph: nx.Graph, make: Callable[[nk.Graph], object]) -> dict[str, float]:
    nodes = sorted(graph.nodes())
    index = {n: i for i, n in enumerate(nodes)}
    g = nk.Graph(len(nodes), weighted=False, directed=False)
    for a, b in graph.edges():
        g.addEdge(index[a], index[b])
    if g.numberOfEdges() == 0:
        return dict.fromkeys(nodes, 0.0)
    algorithm = make(g)
    algorithm.run()  # type: ignore[attr-defined]
    return dict(zip(nodes, algorithm.scores(), strict=True))  # type: ignore[attr-defined]


def collective_influence(graph: nx.Graph, radius: int = 2) -> dict[str, float]:
    """Morone & Makse's (2015) collective influence at ``radius``."""
    out = {}
    for node in graph.nodes():
        k = graph.degree(node)
        if k == 0:
            out[node] = 0.0
            continue
        ball = nx.single_source_shortest_path_length(graph, node, cutoff=radius)
        frontier = sum(graph.degree(j) - 1 for j, d in ball.items() if d == radius)
        out[node] = float((k - 1) * frontier)
    return out


def scores(graph: nx.Graph, spec: DisruptionSpec) -> dict[str, float]:
    """The strategy's score of every actor left (highest removed first)."""
    if spec.strategy == "degree":
        return {n: float(d) for n, d in graph.degree()}
    if spec.strategy == "betweenness":
        return _networkit_scores(graph, lambda g: nk.centrality.Betweenness(g))
    if spec.strategy == "katz":
        return _networkit_scores(graph, lambda g: nk.centrality.KatzCentrality(g))
    if spec.strategy == "collective_influence":
        return collective_influence(graph, spec.ci_radius)
    raise TnocError(f"strategy {spec.strategy!r} has no score")


def _recover(graph: nx.Graph, contacts: list[str], spec: DisruptionSpec,
             rng: random.Random) -> None:
    alive = [c for c in contacts if c in graph]
    if spec.recovery == "triadic":
        for i, a in enumerate(alive):
            for b in alive[i + 1:]:
                if not graph.has_edge(a, b) and rng.random() < spec.recovery_rate:
                    graph.add_edge(a, b)
    elif spec.recovery == "preferential":
        nodes = sorted(graph.nodes())
        for a in alive:
            if rng.random() >= spec.recovery_rate:
                continue
            candidates = [n for n in nodes if n != a and not graph.has_edge(a, n)]
            if candidates:
                weights = [graph.degree(n) + 1 for n in candidates]
                graph.add_edge(a, rng.choices(candidates, weights)[0])


class _Point(NamedTuple):
    """The state after one step of one run."""

    removed: list[str]
    removed_total: int
    lcc: float
    efficiency: float
    components: float


def _one_run(base: nx.Graph, spec: DisruptionSpec, rank: Mapping[str, float] | None,
             rng: random.Random) -> list[_Point]:
    graph = base.copy()
    n = base.number_of_nodes()
    curve = [_Point([], 0, *state_of(graph, n))]
    if spec.strategy == "random":
        order = sorted(graph.nodes())
        rng.shuffle(order)
        static: list[str] | None = order
    elif spec.strategy == "attribute":
        assert rank is not None
        static = sorted((e for e in rank if e in graph), key=lambda e: (-rank[e], e))
    elif not spec.recompute:
        first = scores(graph, spec)
        static = sorted(first, key=lambda e: (-first[e], e))
    else:
        static = None
    step = 0
    while graph.number_of_edges() > 0 and (spec.max_steps is None or step < spec.max_steps):
        if static is None:
            current = scores(graph, spec)
            chosen = sorted(current, key=lambda e: (-current[e], e))[:spec.block]
        else:
            chosen = [e for e in static if e in graph][:spec.block]
        if not chosen:
            break
        contacts = sorted({c for e in chosen for c in graph.neighbors(e)} - set(chosen))
        graph.remove_nodes_from(chosen)
        if spec.recovery != "none":
            _recover(graph, contacts, spec, rng)
        curve.append(_Point(chosen, curve[-1].removed_total + len(chosen),
                            *state_of(graph, n)))
        step += 1
    return curve


def simulate(projection: Projection, spec: DisruptionSpec,
             rank: Mapping[str, float] | None = None) -> DisruptionResult:
    """Run the simulation on ``projection`` (``rank``: the attribute strategy's values)."""
    spec.check()
    if spec.strategy == "attribute" and not rank:
        raise TnocError("the attribute strategy needs an attribute with values for some "
                        "actors (--attribute PROP)")
    base = to_networkx(projection, directed=False)  # projections hold no self-loops
    result = DisruptionResult(spec, base.number_of_nodes(), base.number_of_edges())
    if base.number_of_nodes() == 0:
        raise TnocError("the network is empty: nothing to disrupt (check --source/--schema)")
    runs = spec.runs if spec.stochastic else 1
    curves = [_one_run(base, spec, rank, random.Random(spec.seed + r)) for r in range(runs)]
    for i in range(max(len(c) for c in curves)):
        # a run that ended early (no ties left) stays at its last state
        points = [c[min(i, len(c) - 1)] for c in curves]
        lcc = [p.lcc for p in points]
        eff = [p.efficiency for p in points]
        result.steps.append(Step(
            i, points[0].removed if i < len(curves[0]) else [], statistics.fmean(lcc),
            statistics.fmean(eff), statistics.fmean(p.components for p in points),
            max(p.removed_total for p in points),
            statistics.pstdev(lcc) if runs > 1 else 0.0,
            statistics.pstdev(eff) if runs > 1 else 0.0))
    return result


def attribute_rank(con: duckdb.DuckDBPyConnection, ids: list[str], attribute: str
                   ) -> dict[str, float]:
    """Removal priority per actor for the attribute strategy, from a stored property:
    ``PROP`` with numeric values (highest first) or ``PROP=v1,v2`` (actors whose value
    is v1 first, then v2; others never)."""
    prop, _, order = attribute.partition("=")
    wanted = [v.strip() for v in order.split(",") if v.strip()]
    rank: dict[str, float] = {}
    for entity, value in zip(ids, property_groups(con, ids, prop), strict=True):
        if value is None:
            continue
        if wanted:
            if value in wanted:
                rank[entity] = float(len(wanted) - wanted.index(value))
            continue
        try:
            rank[entity] = float(value)
        except ValueError as exc:
            raise TnocError(f"{entity}: {prop}={value!r} is not a number; give the order "
                            f"of values as --attribute {prop}=v1,v2") from exc
    return rank
