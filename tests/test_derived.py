"""Derived statements (analysis results) are checked against the model before anything
of the run is written: a misspelt property, an unknown schema, a reverse property or a
value of the wrong type fails with the schema, the property and the closest valid
names, and leaves the case as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnoc.graph.disruption import DisruptionSpec, simulate
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.graph.results import save_disruption
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case
from tnoc.store.derived import DerivedStatement, add_analysis
from tnoc.store.model_check import StatementModelError, check_statements

from .conftest import DATA, store_fingerprint


@pytest.fixture(scope="module")
def caviar(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """The CAVIAR wiretap network (Morselli 2009), the network analyses' own data."""
    case = Case.init(tmp_path_factory.mktemp("derived") / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    return case


def _first_step(case: Case) -> tuple[str, list[DerivedStatement]]:
    """The statements of step 1 of a real betweenness removal on CAVIAR, as
    ``graph.results`` states them."""
    with case.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(datasets=("caviar",)))
    step = simulate(p, DisruptionSpec(strategy="betweenness", max_steps=1)).steps[1]
    step_id = "disruption-test-step-1"
    values = [("id", step_id), ("step", "1"), ("lccFraction", f"{step.lcc_fraction:.6g}"),
              *(("removed", actor) for actor in step.removed)]
    return step_id, [DerivedStatement(step_id, "DisruptionStep", prop, value, "step 1")
                     for prop, value in values]


def _analysis_files(case: Case) -> list[Path]:
    return sorted((case.root / "analyses").glob("*")) if (case.root / "analyses").exists() \
        else []


@pytest.mark.parametrize(("schema", "prop", "value", "expected"), [
    ("DisruptionStep", "lccFracton", "0.5",
     r"'lccFracton' is not a property of it: schema DisruptionStep, entity "
     r"'disruption-test-step-1'; closest valid names: lccFraction"),
    ("DisruptionStpe", "lccFraction", "0.5",
     r"unknown schema 'DisruptionStpe' .*closest valid names: DisruptionStep"),
    ("DisruptionStep", "components", "many",
     r"DisruptionStep.components of 'disruption-test-step-1' holds number values; "
     r"'many' is not one"),
    ("DisruptionStep", "efficiency", "nan", r"holds number values; 'nan' is not one"),
    ("DisruptionStep", "removed", "Kemal Aydin",
     r"DisruptionStep.removed .* holds entity values; 'Kemal Aydin' is not one"),
])
def test_a_bad_derived_statement_writes_nothing(caviar: Case, schema: str, prop: str,
                                                value: str, expected: str) -> None:
    step_id, statements = _first_step(caviar)
    statements.append(DerivedStatement(step_id, schema, prop, value, "step 1"))
    before, files = store_fingerprint(caviar), _analysis_files(caviar)
    with pytest.raises(StatementModelError, match=expected), \
            caviar.transaction() as con:
        add_analysis(con, caviar.root, "disruption", "test", {"steps": 1}, statements,
                     ["caviar"])
    assert store_fingerprint(caviar) == before  # no source, statement or custody entry
    assert _analysis_files(caviar) == files  # and no result file


def test_reverse_property_and_id_are_refused(caviar: Case) -> None:
    person = "caviar-n1"
    reverse = [DerivedStatement(person, "Person", "disruptionSteps", "disruption-x",
                                "step 1")]
    with pytest.raises(StatementModelError, match=r"'disruptionSteps' is a reverse "
                       r"property .*schema Person, entity 'caviar-n1'"):
        check_statements("disruption analysis", reverse)
    other_id = [DerivedStatement("disruption-x", "DisruptionStep", "id", "disruption-y",
                                 "step 1")]
    with pytest.raises(StatementModelError, match="repeats the entity's own id"):
        check_statements("disruption analysis", other_id)


def test_valid_statements_keep_their_types(caviar: Case) -> None:
    _, statements = _first_step(caviar)
    checked = check_statements("disruption analysis", statements)
    assert [t for _, t in checked][:3] == ["id", "number", "number"]
    assert {t for s, t in checked if s.prop == "removed"} == {"entity"}
    # TNOC's readable ids hold "_" and ":", which FtM's own id check refuses
    vendor = [DerivedStatement("priority-r-1", "GroupPriority", "member",
                               "agora-vendor-MEGA_PHARMA", "priority 1")]
    assert check_statements("threat-assessment analysis", vendor)[0][1] == "entity"


def test_real_disruption_run_is_stored(tmp_path: Path) -> None:
    """The analyses' own statements pass the check (the disruption simulator, end to
    end), so the check refuses only what is wrong."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    with case.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(datasets=("caviar",)))
    result = simulate(p, DisruptionSpec(strategy="degree", max_steps=2))
    with case.transaction() as con:
        run_id = save_disruption(con, case.root, p, result)
    with case.connect(read_only=True) as con:
        types = dict(con.execute(
            "SELECT prop, any_value(prop_type) FROM statement_store WHERE source_id = "
            "(SELECT source_id FROM disruption_runs WHERE run_id = ?) GROUP BY prop",
            [run_id]).fetchall())
    assert types["lccFraction"] == "number" and types["removed"] == "entity"
    assert types["simulation"] == "entity" and types["id"] == "id"
