"""Disruption simulation: remove actors by a strategy and watch the network come apart.

Following the network-resilience literature (Albert, Jeong & Barabási 2000; Holme, Kim,
Yoon & Han 2002) and its use on criminal networks (Duijn, Kashirin & Sloot 2014,
"The relative ineffectiveness of criminal network disruption", *Scientific Reports* 4),
actors are removed from the undirected network (ties unweighted, except for weighted
betweenness below)

* by **strategy**: ``degree``, ``betweenness`` (Freeman; with ``weight`` set, over
  weighted shortest paths, see below), ``katz`` (Katz 1953, networkit's
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

After every step these figures are recorded:

* the size of the largest connected component (LCC) **relative to the original largest
  component** (``lcc_relative``), the measure the criminal-network disruption studies
  plot (Duijn, Kashirin & Sloot 2014; Cavallaro et al. 2020, "Disrupting resilient
  criminal networks through data analysis: the case of Sicilian Mafia", *PLoS ONE*
  15(8): the LCC after removal over the LCC before it);
* beside it, the LCC as a **share of all the original actors** (``lcc_fraction``), the
  quantity of Schneider et al.'s robustness R. The two agree on a connected network
  (CAVIAR, Siren, the London gang) and differ when the network starts in pieces
  (Oversize: its LCC holds 85 of 89 actors, so 1.0 of the original LCC is 0.955 of all
  actors);
* the number of connected components among the actors left (isolates count);
* the global efficiency of Latora & Marchiori (2001) in Holme et al.'s (2002)
  normalisation for damaged networks, ``E = sum_{i != j} (1/d_ij) / (N (N-1))`` over the
  actors left but with N the original number of actors, so removals can only lower it.

Stochastic runs (random order, recovery) report the mean and standard deviation over
``runs``; the removed actors shown are those of the first run.

**Weighted betweenness.** With ``weight`` set (the projection's tie property, e.g. the
number of calls or of meetings, as in the Montagna et al. phone-call and meeting
networks of the Sicilian Mafia that Cavallaro et al. 2020 disrupt), betweenness runs
over weighted shortest paths. TNOC's tie weights are *strengths* (more calls, more
meetings: a closer tie), so by default a tie's length is ``1 / weight`` (Newman 2001;
Brandes 2001; the same convention as ``tnoc network path --weighted``): information
travels along the strong ties. ``weight_is="distance"`` takes the values as lengths
as they are, for a property that already measures distance or cost (this is also what
passing count weights straight to networkx's ``betweenness_centrality(weight=...)``
does, as Cavallaro et al.'s published code does with the call and meeting counts). A
tie of strength 0 carries no shortest path; a distance of 0 or less is refused. Weights
change only the betweenness ranking: the LCC, the components and the efficiency are
properties of who is still tied to whom and stay unweighted.

**One computation per figure.** :func:`simulate_strategies` runs every strategy of a
comparison with one set of settings (:data:`COMPARED`; random removal: the mean of
``DisruptionSpec.runs`` = 20 seeded orders); ``tnoc network disrupt``, the group profiles
(``tnoc assess priorities``) and the report all call it and pass its results on as
values, so a robustness R printed anywhere is the same figure.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import duckdb
import networkit as nk
import networkx as nx

from tnoc.errors import TnocError
from tnoc.graph.brokerage import property_groups
from tnoc.graph.keyplayers import inverse_distance_sum
from tnoc.graph.measures import to_networkx
from tnoc.graph.projection import Projection

__all__ = ["COMPARED", "RECOVERY", "STRATEGIES", "WEIGHT_MEANINGS", "DisruptionResult",
           "DisruptionSpec", "Step", "attribute_rank", "collective_influence", "describe",
           "efficiency", "scores", "simulate", "simulate_strategies", "state_of",
           "tie_lengths"]

STRATEGIES = ("degree", "betweenness", "katz", "collective_influence", "random", "attribute")
COMPARED = ("degree", "betweenness", "katz", "collective_influence", "random")
"""The strategies compared when none are named (``tnoc network disrupt``)."""
RECOVERY = ("none", "triadic", "preferential")
WEIGHT_MEANINGS = ("strength", "distance")


@dataclass
class DisruptionSpec:
    """How to disrupt. ``weight`` names the tie property the projection was weighted by
    (the betweenness strategy then uses weighted shortest paths) and ``weight_is`` says
    whether its values are strengths (length 1/w, the default) or distances."""

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
    weight: str | None = None
    weight_is: str = "strength"

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
        if self.weight_is not in WEIGHT_MEANINGS:
            raise TnocError(f"--weight-is {self.weight_is!r}: one of "
                            f"{', '.join(WEIGHT_MEANINGS)}")

    @property
    def stochastic(self) -> bool:
        return self.strategy == "random" or (self.recovery != "none" and self.recovery_rate > 0)


@dataclass
class Step:
    """The network after a step (step 0: before any removal). ``lcc_relative``: the
    largest component over the original largest component (the disruption literature's
    curve); ``lcc_fraction``: the largest component over all the original actors
    (Schneider et al.'s R is its mean). ``*_sd``: standard deviations over the runs."""

    step: int
    removed: list[str]
    lcc_fraction: float
    efficiency: float
    components: float
    removed_total: int = 0
    lcc_sd: float = 0.0
    efficiency_sd: float = 0.0
    lcc_relative: float = 0.0
    lcc_relative_sd: float = 0.0


@dataclass
class DisruptionResult:
    """A simulation's curve and what produced it."""

    spec: DisruptionSpec
    actors: int
    ties: int
    steps: list[Step] = field(default_factory=list)
    original_lcc: int = 0
    """Actors in the largest component before any removal."""

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


def describe(results: Iterable[DisruptionResult]) -> str:
    """The settings behind ``results`` in words, for a table's title or a footnote
    (e.g. "degree, betweenness removal recomputed after each step; random removal: mean
    of 20 seeded orders (seed 1)"), so a figure never travels without how it was made."""
    results = list(results)
    targeted = [r.spec.strategy for r in results if r.spec.strategy != "random"]
    parts = []
    if targeted:
        spec = next(r.spec for r in results if r.spec.strategy != "random")
        mode = f"in blocks of {spec.block}" if spec.block > 1 else "one at a time"
        ranking = "recomputed after each step" if spec.recompute else "ranked once"
        parts.append(f"{', '.join(targeted)} removal {mode}, {ranking}")
        if spec.weight and "betweenness" in targeted:
            length = "1/" + spec.weight if spec.weight_is == "strength" else spec.weight
            parts.append(f"betweenness over shortest paths of tie length {length}")
    for r in results:
        if r.spec.strategy == "random":
            parts.append(f"random removal: mean of {r.spec.runs} seeded orders "
                         f"(seed {r.spec.seed})")
    recovery = {r.spec.recovery for r in results} - {"none"}
    if recovery:
        parts.append(f"recovery {', '.join(sorted(recovery))}")
    return "; ".join(parts)


def efficiency(graph: nx.Graph, original_n: int) -> float:
    """Holme et al.'s (2002) global efficiency over ``original_n`` actors."""
    if graph.number_of_nodes() < 2 or original_n < 2:
        return 0.0
    return inverse_distance_sum(nx.to_scipy_sparse_array(graph, weight=None)) / (
        original_n * (original_n - 1))


def state_of(graph: nx.Graph, original_n: int) -> tuple[int, float, float]:
    """(largest component size, efficiency, components) of the current network."""
    if graph.number_of_nodes() == 0:
        return 0, 0.0, 0.0
    sizes = [len(c) for c in nx.connected_components(graph)]
    return max(sizes), efficiency(graph, original_n), float(len(sizes))


def tie_lengths(graph: nx.Graph, spec: DisruptionSpec) -> dict[tuple[str, str], float]:
    """Each tie's length for weighted shortest paths: ``1 / weight`` for strengths (a tie
    of strength 0 gets no length: no path runs through it), the weight itself for
    distances (which must be positive)."""
    lengths = {}
    for a, b, w in graph.edges(data="weight", default=1.0):
        if spec.weight_is == "distance":
            if w <= 0:
                raise TnocError(f"tie {a} - {b}: {spec.weight}={w:g} is not a positive "
                                "distance; use --weight-is strength for counts")
            lengths[(a, b)] = float(w)
        elif w > 0:
            lengths[(a, b)] = 1.0 / float(w)
    return lengths


def _networkit_scores(graph: nx.Graph, make: Callable[[nk.Graph], object],
                      lengths: Mapping[tuple[str, str], float] | None = None
                      ) -> dict[str, float]:
    """Scores of a networkit algorithm on ``graph``; with ``lengths``, on the weighted
    graph whose edge weights are those lengths (networkit's shortest paths read them)."""
    nodes = sorted(graph.nodes())
    index = {n: i for i, n in enumerate(nodes)}
    g = nk.Graph(len(nodes), weighted=lengths is not None, directed=False)
    if lengths is None:
        for a, b in graph.edges():
            g.addEdge(index[a], index[b])
    else:
        for (a, b), length in lengths.items():
            g.addEdge(index[a], index[b], length)
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
        return _networkit_scores(graph, lambda g: nk.centrality.Betweenness(g),
                                 tie_lengths(graph, spec) if spec.weight else None)
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
    lcc: int
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
    """Run one strategy's simulation on ``projection``.

    Parameters
    ----------
    projection : the network (taken as undirected; a ``spec.weight`` must be the
        property the projection was weighted by).
    spec : the strategy and its settings.
    rank : the attribute strategy's removal priority per actor.

    Returns
    -------
    The curve: one :class:`Step` per removal step, each with the largest component
    relative to the original one and as a share of all actors.

    Raises
    ------
    TnocError : an empty network, an unknown strategy, or a weight the projection lacks.

    Example: ``simulate(project(con, ProjectionSpec(directed=False)),
    DisruptionSpec(strategy="degree")).robustness()``.
    """
    spec.check()
    if spec.strategy == "attribute" and not rank:
        raise TnocError("the attribute strategy needs an attribute with values for some "
                        "actors (--attribute PROP)")
    if spec.weight and projection.spec.weight != spec.weight:
        raise TnocError(f"weighted betweenness on {spec.weight!r} needs the network "
                        f"projected with that weight (it was weighted by "
                        f"{projection.spec.weight or 'nothing'})")
    base = to_networkx(projection, directed=False)  # projections hold no self-loops
    if base.number_of_nodes() == 0:
        raise TnocError("the network is empty: nothing to disrupt (check --source/--schema)")
    original_lcc = max(len(c) for c in nx.connected_components(base))
    result = DisruptionResult(spec, base.number_of_nodes(), base.number_of_edges(),
                              original_lcc=original_lcc)
    runs = spec.runs if spec.stochastic else 1
    curves = [_one_run(base, spec, rank, random.Random(spec.seed + r)) for r in range(runs)]
    n = result.actors
    spread = statistics.pstdev if runs > 1 else (lambda _values: 0.0)
    for i in range(max(len(c) for c in curves)):
        # a run that ended early (no ties left) stays at its last state
        points = [c[min(i, len(c) - 1)] for c in curves]
        lcc = [p.lcc / n for p in points]
        relative = [p.lcc / original_lcc for p in points]
        eff = [p.efficiency for p in points]
        result.steps.append(Step(
            i, points[0].removed if i < len(curves[0]) else [], statistics.fmean(lcc),
            statistics.fmean(eff), statistics.fmean(p.components for p in points),
            max(p.removed_total for p in points), spread(lcc), spread(eff),
            statistics.fmean(relative), spread(relative)))
    return result


def simulate_strategies(projection: Projection, strategies: Sequence[str] = COMPARED,
                        settings: DisruptionSpec | None = None,
                        rank: Mapping[str, float] | None = None
                        ) -> dict[str, DisruptionResult]:
    """Simulate each of ``strategies`` on ``projection`` with the same ``settings``
    (default: :class:`DisruptionSpec`'s, i.e. sequential removal recomputed after each
    step, random removal averaged over 20 seeded orders from seed 1).

    This is the one computation behind every comparison of strategies that TNOC prints
    (``tnoc network disrupt``, the group profiles of ``tnoc assess priorities`` and the
    report): callers pass its results on instead of re-running with settings of their
    own, so a robustness R is the same figure wherever it appears.

    Returns the results by strategy, in the order given.
    """
    base = settings or DisruptionSpec()
    return {name: simulate(projection, replace(base, strategy=name), rank)
            for name in dict.fromkeys(strategies)}


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
