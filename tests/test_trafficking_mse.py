"""Multiple Systems Estimation (issue #25, item 1): the Home Office estimate of modern
slavery in the UK reproduced from its published list-overlap table, the existence test
of Chan, Silverman & Vincent (2021), the bootstrap that re-runs the model choice, and
the command's checks of its input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import InputFileError, TnocError
from tnoc.trafficking.mse import (
    Estimate,
    ListTable,
    bootstrap,
    estimate_population,
    existence_problem,
    fit_model,
    profile_interval,
    read_list_table,
    select,
    table_from_rows,
)

from .conftest import DATA

UK = DATA / "trafficking" / "mse_uk_2013_lists.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def uk() -> ListTable:
    return read_list_table(UK)


@pytest.fixture(scope="module")
def uk_estimate(uk: ListTable) -> Estimate:
    return estimate_population(uk, replicates=0)


def test_home_office_estimate_is_reproduced(uk: ListTable, uk_estimate: Estimate) -> None:
    """Silverman (2014): 2,744 known potential victims on six lists, 10,000 to 13,000 in
    all as the 95% interval. The Home Office procedure (forward AIC, terms kept at 5%)
    lands inside it, the interval's ends within 500 of the published ones, and the model
    is stated."""
    assert uk.observed == 2744 and uk.lists == ("LA", "NG", "PF", "GO", "GP", "NCA")
    e = uk_estimate
    assert 10_000 <= e.estimate <= 13_000
    assert abs(e.ci[0] - 10_000) <= 500 and abs(e.ci[1] - 13_000) <= 500
    assert e.ci[0] < e.estimate < e.ci[1]
    assert e.model == ("LA×NG", "LA×PF", "NG×GO", "NG×GP", "PF×GP", "PF×NCA", "GO×GP")


def test_independence_lands_inside_by_chance_with_too_narrow_an_interval(
        uk: ListTable, uk_estimate: Estimate) -> None:
    """Main effects only (lists independent) also lands in the range, but its interval
    ignores the dependence between lists: narrower than the chosen model's."""
    independent = fit_model(uk, ())
    low, high = profile_interval(uk, (), independent.estimate)
    assert 10_000 <= independent.estimate <= 13_000
    assert high - low < uk_estimate.ci[1] - uk_estimate.ci[0]
    assert uk_estimate.spread["min"] < uk_estimate.estimate < uk_estimate.spread["max"]


def test_alternatives_are_reported_beside_the_choice(uk_estimate: Estimate) -> None:
    """Whitehead et al. (2021): the candidates' spread, the AIC and BIC choices and the
    Akaike-weighted average are reported; weights sum to one over existing models."""
    e = uk_estimate
    existing = [c for c in e.candidates if c.exists]
    assert e.spread["models"] == len(existing) > 10
    assert sum(c.akaike_weight or 0 for c in existing) == pytest.approx(1.0)
    assert e.aic_choice.estimate == pytest.approx(e.estimate)  # same model here
    assert e.bic_choice.terms != e.aic_choice.terms  # BIC penalises more: fewer terms
    assert len(e.bic_choice.terms) < len(e.aic_choice.terms)
    assert e.spread["min"] <= e.model_average <= e.spread["max"]


def test_models_pairing_lists_that_share_no_one_are_dropped_and_named(
        uk: ListTable, uk_estimate: Estimate) -> None:
    """LA and GP, LA and NCA never share a victim: no model with those terms has a
    finite estimate (Chan, Silverman & Vincent 2021), so they are dropped, and said."""
    assert uk_estimate.empty_pairs == ["LA×GP", "LA×NCA"]
    dropped = [c for c in uk_estimate.candidates if not c.exists]
    assert dropped and all(c.estimate is None and c.problem for c in dropped)
    assert any("LA×NCA" in c.terms for c in dropped)
    assert existence_problem(uk, ((0, 5),)) == "LA×NCA: the two lists share no one"


def test_existence_linear_program_catches_empty_cells_without_empty_pairs() -> None:
    """Three lists, every pair overlapping, but no one on the first list alone: the
    model with all three pairwise terms is saturated on the seven observable cells, so
    its fit must put 0 in that cell, an infinite parameter (Fienberg & Rinaldo 2012).
    The linear program finds it, and also for B×C alone (with B and C free, the lone
    empty cell lets the dark figure fall to 0); main effects and A×B exist."""
    table = table_from_rows(("A", "B", "C"), [
        ((0, 1, 0), 40), ((0, 0, 1), 35), ((1, 1, 0), 6), ((1, 0, 1), 4),
        ((0, 1, 1), 9), ((1, 1, 1), 2)])
    assert existence_problem(table, ((0, 1), (0, 2), (1, 2))) is not None
    assert existence_problem(table, ((1, 2),)) is not None
    assert existence_problem(table, ()) is None
    assert existence_problem(table, ((0, 1),)) is None


def test_bootstrap_reruns_the_choice_and_is_seeded(uk: ListTable) -> None:
    """The same seed gives the same interval; another seed another."""
    chosen = select(uk)
    first, failed = bootstrap(uk, chosen, 0.05, 2, seed=7)
    again, _ = bootstrap(uk, chosen, 0.05, 2, seed=7)
    other, _ = bootstrap(uk, chosen, 0.05, 2, seed=8)
    assert first is not None and failed == 0
    assert first == again and first != other
    assert first[0] < first[1]


def test_estimate_command_json(tmp_path: Path) -> None:
    done = runner.invoke(app, ["trafficking", "estimate", str(UK), "--replicates", "2",
                               "--json"])
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["observed"] == 2744 and 10_000 <= doc["estimate"] <= 13_000
    assert len(doc["ci"]) == 2 and doc["model"][0] == "LA×NG"
    assert doc["bootstrap"] == {"replicates": 2, "failed": 0, "seed": 2014}
    first = doc["candidates"][0]
    assert set(first) == {"terms", "exists", "estimate", "aic", "bic", "akaike_weight",
                          "problem"}
    assert any(not c["exists"] for c in doc["candidates"])


def _keep(table: ListTable, lists: tuple[int, ...]) -> ListTable:
    """The table restricted to some of its lists (people on none of them drop out), as
    Silverman (2014) tested the estimate's robustness by omitting lists."""
    kept: dict[tuple[int, ...], int] = {}
    for history, count in zip(table.histories, table.counts, strict=True):
        key = tuple(int(history[i]) for i in lists)
        if any(key) and count:
            kept[key] = kept.get(key, 0) + int(count)
    return table_from_rows([table.lists[i] for i in lists], list(kept.items()))


def test_other_tables_two_and_three_lists(uk: ListTable) -> None:
    """Other shapes run: two lists (only independence exists: a pairwise term would be
    saturated and is dropped as not identifiable), three lists with a chosen term."""
    two = estimate_population(_keep(uk, (2, 5)), replicates=0)  # PF, NCA
    assert two.model == () and two.observed == 1169
    assert two.ci[0] < two.estimate < two.ci[1]
    assert [c.problem for c in two.candidates if not c.exists] == [
        "not identifiable (the design is rank-deficient)"]
    three = estimate_population(_keep(uk, (1, 2, 3)), replicates=0)  # NG, PF, GO
    assert three.model == ("NG×GO",) and three.observed == 2316


def test_lists_that_never_overlap_have_no_estimate(tmp_path: Path) -> None:
    path = tmp_path / "apart.csv"
    path.write_text("police,ngo,count\n1,0,5\n0,1,3\n", encoding="utf-8")
    with pytest.raises(TnocError, match="even the model of independent lists has no "
                                        "estimate"):
        estimate_population(read_list_table(path), replicates=0)


@pytest.mark.parametrize(("text", "said"), [
    ("A,B,count\n1,0,5\n2,1,3\n", "line 3, field 'A': '2' is not 0 or 1"),
    ("A,B,count\n1,0,5\n0,1,x\n", "line 3, field 'count': 'x' is not a count"),
    ("A,B,count\n1,0,5\n0,1,-2\n", "line 3, field 'count': '-2' is not a count"),
    ("A,B,count\n1,0,5\n1,0,3\n", "line 3: the same lists as line 2"),
    ("A,B,count\n0,0,5\n", "line 2: a row on no list"),
    ("A,B,count\n1,0,5\n0,1\n", "line 3: 2 fields"),
    ("count\n5\n", "the header has fewer than three columns"),
])
def test_bad_tables_are_refused_naming_line_and_field(tmp_path: Path, text: str,
                                                      said: str) -> None:
    path = tmp_path / "lists.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as refused:
        read_list_table(path)
    assert said in str(refused.value)
    done = runner.invoke(app, ["trafficking", "estimate", str(path), "--replicates", "0"])
    assert done.exit_code != 0
