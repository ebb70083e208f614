"""One disruption figure wherever it is printed, the largest component measured the way
the literature measures it, and weighted betweenness: checked on the real CAVIAR and
Oversize networks against networkx and through the real CLI."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from tnoc.assess.countermeasures import countermeasures
from tnoc.assess.profiles import network_profiles
from tnoc.errors import TnocError
from tnoc.graph.disruption import (
    DisruptionSpec,
    describe,
    scores,
    simulate,
    simulate_strategies,
)
from tnoc.graph.measures import to_networkx
from tnoc.graph.plot import plot_disruption
from tnoc.graph.projection import Projection, ProjectionSpec, project
from tnoc.graph.results import save_disruption
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

from .conftest import DATA, run_tnoc

NETWORKS = DATA / "networks"


def tnoc(*args: str) -> subprocess.CompletedProcess[str]:
    return run_tnoc(*args, columns=250)


@pytest.fixture(scope="module")
def nets(tmp_path_factory: pytest.TempPathFactory) -> Case:
    case = Case.init(tmp_path_factory.mktemp("figures") / "case")
    ingest_file(case, "caviar", NETWORKS / "morselli_caviar.csv")
    ingest_file(case, "criminal_network", NETWORKS / "berlusconietal_oversize.csv")
    return case


def _projection(case: Case, file_name: str, weight: str | None = None) -> Projection:
    with case.connect(read_only=True) as con:
        row = con.execute("SELECT source_id FROM sources WHERE file_name = ?",
                          [file_name]).fetchone()
        assert row is not None
        return project(con, ProjectionSpec(sources=(str(row[0]),), directed=False,
                                           weight=weight))


def _row(table: str, strategy: str) -> list[str]:
    """The cells of ``strategy``'s row in a printed rich table."""
    line = next(x for x in table.splitlines() if re.match(rf"│ {strategy}\s+│", x))
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_disrupt_and_priorities_print_one_random_robustness(nets: Case) -> None:
    """Issue #18: random removal had R 0.379 in 'network disrupt' (20 orders) and 0.361
    in 'assess priorities' and the report (5 orders of their own). Both now read
    simulate_strategies with the same settings: the same R, to every printed digit."""
    case = str(nets.root)
    disrupt = tnoc("network", "disrupt", "-c", case, "--source", "morselli_caviar.csv",
                   "--strategy", "degree", "--strategy", "random", "--no-store")
    assert disrupt.returncode == 0, disrupt.stderr
    cli_r = _row(disrupt.stdout, "random")[2]
    priorities = tnoc("assess", "priorities", "-c", case)
    assert priorities.returncode == 0, priorities.stderr
    printed = " ".join(priorities.stdout.split())  # the impact cell wraps over lines
    shown = re.findall(r"against ([0-9.]+) for random removal", printed)
    with nets.connect(read_only=True) as con:
        profiles = {p.name: p for p in network_profiles(con)}
        options = countermeasures(list(profiles.values()), con)
    library = {name: simulate_strategies(_projection(nets, f"{name}.csv"),
                                         ("degree", "random"))["random"].robustness()
               for name in ("morselli_caviar", "berlusconietal_oversize")}
    assert cli_r == f"{library['morselli_caviar']:.3f}" == "0.379"
    assert sorted(shown) == sorted(f"{r:.3f}" for r in library.values())
    for name, r in library.items():
        assert profiles[name].simulations["random"].robustness() == r
        assert profiles[name].simulations["random"].spec.runs == 20
        assert any(f"against {r:.3f} for random" in o.impact for o in options)


def _lcc(graph: nx.Graph) -> int:
    return max(len(c) for c in nx.connected_components(graph))


def test_lcc_relative_to_the_original_component_on_oversize(nets: Case) -> None:
    """Oversize starts in pieces (largest component 85 of 89 actors): the curve the
    literature plots (LCC over the original LCC; Duijn et al. 2014, Cavallaro et al.
    2020) starts at 1, the share of all actors at 85/89; both recomputed with networkx
    after each of the first five degree removals."""
    p = _projection(nets, "berlusconietal_oversize.csv")
    result = simulate(p, DisruptionSpec(strategy="degree"))
    graph = to_networkx(p, directed=False)
    assert result.actors == 89 and result.original_lcc == _lcc(graph) == 85
    assert result.steps[0].lcc_relative == 1.0
    assert result.steps[0].lcc_fraction == pytest.approx(85 / 89)
    for step in range(1, 6):
        graph.remove_nodes_from(result.steps[step].removed)
        assert result.steps[step].lcc_relative == pytest.approx(_lcc(graph) / 85)
        assert result.steps[step].lcc_fraction == pytest.approx(_lcc(graph) / 89)
    # CAVIAR is connected: the two measures coincide at every step
    caviar = simulate(_projection(nets, "morselli_caviar.csv"), DisruptionSpec())
    assert all(s.lcc_relative == pytest.approx(s.lcc_fraction) for s in caviar.steps)


def test_disruption_plot_and_csv_label_both_measures(nets: Case, tmp_path: Path) -> None:
    p = _projection(nets, "berlusconietal_oversize.csv")
    curves = list(simulate_strategies(p, ("degree", "random"),
                                      DisruptionSpec(runs=3)).values())
    svg = plot_disruption(curves, tmp_path / "lcc.svg", "Oversize",
                          handling="TLP:AMBER").read_text()
    assert "largest connected component / original largest component" in svg
    assert "dashed: LCC as a share of all actors" in svg
    assert "85 of 89" in svg
    table = tmp_path / "lcc.csv"
    done = tnoc("network", "disrupt", "-c", str(nets.root), "--source",
                "berlusconietal_oversize.csv", "--strategy", "degree", "--no-store",
                "--csv", str(table))
    assert done.returncode == 0, done.stderr
    header, first = table.read_text().splitlines()[:2]
    assert "lcc_of_original_lcc" in header and "lcc_of_all_actors" in header
    cells = dict(zip(header.split(","), first.split(","), strict=True))
    assert float(cells["lcc_of_original_lcc"]) == 1.0
    assert float(cells["lcc_of_all_actors"]) == pytest.approx(85 / 89)
    assert "85 in the largest component" in done.stdout
    assert "LCC/orig. LCC @10%" in done.stdout and "LCC/all actors @10%" in done.stdout


def _ranking(values: dict[str, float]) -> list[str]:
    return sorted(values, key=lambda n: (-round(values[n], 9), n))


def test_weighted_betweenness_against_networkx(nets: Case) -> None:
    """With --weight count, betweenness runs over shortest paths of length 1/calls
    (strength) or of the counts as they are (distance), as networkx computes them."""
    p = _projection(nets, "morselli_caviar.csv", weight="count")
    graph = to_networkx(p, directed=False)
    for _a, _b, data in graph.edges(data=True):
        data["length"] = 1.0 / data["weight"]
    strength = scores(graph, DisruptionSpec(strategy="betweenness", weight="count"))
    oracle = nx.betweenness_centrality(graph, weight="length", normalized=False)
    assert _ranking(strength)[:10] == _ranking(oracle)[:10]
    distance = scores(graph, DisruptionSpec(strategy="betweenness", weight="count",
                                            weight_is="distance"))
    as_is = nx.betweenness_centrality(graph, weight="weight", normalized=False)
    assert _ranking(distance)[:10] == _ranking(as_is)[:10]
    unweighted = scores(graph, DisruptionSpec(strategy="betweenness"))
    assert _ranking(strength)[:10] != _ranking(unweighted)[:10]  # the weight matters
    result = simulate(p, DisruptionSpec(strategy="betweenness", weight="count",
                                        max_steps=1))
    assert result.steps[1].removed == _ranking(oracle)[:1]
    assert "tie length 1/count" in describe([result])


def test_weight_errors_are_clear(nets: Case) -> None:
    p = _projection(nets, "morselli_caviar.csv")
    with pytest.raises(TnocError, match="projected with that weight"):
        simulate(p, DisruptionSpec(strategy="betweenness", weight="count"))
    with pytest.raises(TnocError, match="strength, distance"):
        simulate(p, DisruptionSpec(weight_is="cost"))
    chain = nx.Graph([("a", "b", {"weight": 0.0}), ("b", "c", {"weight": 2.0})])
    with pytest.raises(TnocError, match="a - b: count=0 is not a positive distance"):
        scores(chain, DisruptionSpec(strategy="betweenness", weight="count",
                                     weight_is="distance"))
    # a tie of strength 0 carries no shortest path; the rest still ranks
    assert scores(chain, DisruptionSpec(strategy="betweenness", weight="count"))["b"] == 0
    bad = tnoc("network", "disrupt", "-c", str(nets.root), "--source",
               "morselli_caviar.csv", "--weight", "count", "--weight-is", "cost")
    assert bad.returncode != 0 and "--weight-is 'cost'" in bad.stderr


def test_stored_run_json_carries_both_lcc_measures(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "c")
    ingest_file(case, "criminal_network", NETWORKS / "berlusconietal_oversize.csv")
    p = _projection(case, "berlusconietal_oversize.csv")
    result = simulate(p, DisruptionSpec(strategy="degree", max_steps=3))
    with case.transaction() as con:
        run_id = save_disruption(con, case.root, p, result)
    stored = json.loads((case.root / "analyses" / f"disruption-{run_id}.json").read_text())
    assert stored["original_lcc"] == 85 and stored["actors"] == 89
    assert stored["robustness"] == pytest.approx(result.robustness())
    first = stored["steps"][0]
    assert first["lcc_relative"] == 1.0 and first["lcc_fraction"] == pytest.approx(85 / 89)
