"""Handling codes flow into derived results; pseudonymisation covers every identifying
property of a person (issue #19, deliverable 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tnoc.errors import TnocError
from tnoc.exchange.export import export_case
from tnoc.exchange.handling import (
    IDENTIFYING,
    NOT_IDENTIFYING,
    PERSONAL_SCHEMATA,
    Pseudonymiser,
)
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.model import get_model
from tnoc.money.alerts import save_alerts
from tnoc.money.transfers import build_transfers
from tnoc.money.typologies import detect
from tnoc.store import Case
from tnoc.store.derived import DerivedStatement, add_analysis

from .conftest import DATA, ROOT, store_fingerprint

SAML_D = DATA / "aml" / "saml-d_sample_1k.csv"  # real SAML-D payments, 1,000 rows
CALLS = ROOT / "tests" / "data" / "cdr" / "calls.csv"


@pytest.fixture(scope="module")
def red_alerts(tmp_path_factory: pytest.TempPathFactory, signing_keys: Path) -> Case:
    """Real payments received as TLP:RED, call records as TLP:CLEAR, and a typology run
    over the payments."""
    case = Case.init(tmp_path_factory.mktemp("handling") / "case")
    ingest_file(case, "saml_d", SAML_D, IngestOptions(handling_code="TLP:RED"))
    ingest_file(case, "call_records", CALLS, IngestOptions(handling_code="TLP:CLEAR"))
    with case.transaction() as con:
        build_transfers(con)
        save_alerts(con, case.root, detect(con))
    return case


def _alert_source(case: Case) -> tuple[str, str]:
    with case.connect(read_only=True) as con:
        row = con.execute("SELECT source_id, handling_code FROM sources "
                          "WHERE source_id LIKE 'analysis-typologies-%'").fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def test_alerts_from_red_payments_are_stored_red(red_alerts: Case) -> None:
    _, code = _alert_source(red_alerts)
    assert code == "TLP:RED"


def test_amber_export_leaves_out_alerts_on_red_accounts(red_alerts: Case,
                                                        tmp_path: Path) -> None:
    with red_alerts.connect(read_only=True) as con:
        focus = [str(r[0]) for r in con.execute(
            "SELECT DISTINCT value FROM statements WHERE schema = 'TypologyAlert' "
            "AND prop = 'focus'").fetchall()]
    assert focus and all(f.startswith("samld-acct-") for f in focus)
    schemata = ("TypologyAlert", "Call")
    amber = export_case(red_alerts, "ftm", tmp_path / "amber.ftm.json", schemata,
                        max_tlp="TLP:AMBER")
    text = amber.path.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    assert rows and not [r for r in rows if r["schema"] in ("TypologyAlert", "Thing")
                         and str(r["id"]).startswith("typology-")]
    assert "samld-" not in text  # no RED account number, by id or in an alert
    assert amber.withheld_values > 0 and amber.tlp == "TLP:CLEAR"
    red = export_case(red_alerts, "ftm", tmp_path / "red.ftm.json", schemata,
                      max_tlp="TLP:RED")
    assert focus[0] in red.path.read_text(encoding="utf-8") and red.tlp == "TLP:RED"


def test_a_result_takes_the_strictest_code_of_its_inputs(red_alerts: Case) -> None:
    """Every derived result goes through add_analysis: CLEAR inputs give the floor
    (AMBER), a RED input among them RED, a result built on a RED result RED."""
    alerts_source, _ = _alert_source(red_alerts)
    with red_alerts.connect(read_only=True) as con:
        clear, red = (str(con.execute("SELECT source_id FROM sources WHERE "
                                      "handling_code = ? AND dataset <> 'analysis'",
                                      [code]).fetchone()[0])  # type: ignore[index]
                      for code in ("TLP:CLEAR", "TLP:RED"))

    def run(run_id: str, inputs: list[str]) -> str:
        with red_alerts.transaction() as con:
            source_id = add_analysis(
                con, red_alerts.root, "disruption", run_id, {"parameters": {}},
                [DerivedStatement(f"sim-{run_id}", "DisruptionSimulation", p, v, "run")
                 for p, v in (("id", f"sim-{run_id}"), ("name", "degree removal"))],
                inputs)
            return str(con.execute("SELECT handling_code FROM sources WHERE source_id = ?",
                                   [source_id]).fetchone()[0])  # type: ignore[index]

    assert run("clear", [clear]) == "TLP:AMBER"
    assert run("mixed", [clear, red]) == "TLP:RED"
    assert run("on-alerts", [alerts_source]) == "TLP:RED"


def test_a_result_whose_input_is_unknown_is_refused(case: Case) -> None:
    before = store_fingerprint(case)
    with pytest.raises(TnocError, match="not-a-source"), case.transaction() as con:
        add_analysis(con, case.root, "disruption", "x", {"parameters": {}},
                     [DerivedStatement("sim-x", "DisruptionSimulation", "id", "sim-x", "run")],
                     ["not-a-source"])
    assert store_fingerprint(case) == before
    assert not list((case.root / "analyses").glob("disruption-x*"))


@pytest.mark.parametrize("schema", sorted(PERSONAL_SCHEMATA))
def test_every_property_of_a_personal_schema_is_classified(schema: str) -> None:
    """A model upgrade that adds a property to Person (or UserAccount) fails here until
    someone decides whether it identifies a person."""
    spec = get_model().get(schema)
    assert spec is not None
    values = {p.name: p.type.name for p in spec.properties.values()}
    entity_links = {p for p, t in values.items() if t == "entity"}
    listed = IDENTIFYING[schema] | NOT_IDENTIFYING[schema]
    assert not IDENTIFYING[schema] & NOT_IDENTIFYING[schema]
    assert not listed & entity_links  # links are handled by pseudonymising ids
    assert not listed - set(values), "listed properties the model does not have"
    unclassified = sorted(set(values) - listed - entity_links)
    assert not unclassified, f"{schema}: classify {unclassified} in tnoc.exchange.handling"
    # names, contact details, numbers and dates of a person are never left in clear;
    # the only identifiers that are not a person's are codes of a sanctions programme
    # and of an economic activity (OKVED), shared by many
    personal_types = {"name", "email", "phone", "identifier", "address", "date", "ip"}
    assert {p for p, t in values.items() if t in personal_types} <= IDENTIFYING[schema] | {
        "programId", "okvedCode"}


def test_an_unlisted_property_is_treated_as_identifying() -> None:
    pseudo = Pseudonymiser(b"k" * 32)
    assert pseudo.personal("Person", "position", "string")
    assert pseudo.personal("Person", "someNewProperty", "string")  # fail closed
    assert not pseudo.personal("Person", "nationality", "country")
    assert not pseudo.personal("Organization", "position", "string")


def test_pseudonymised_export_hides_positions(case: Case, tmp_path: Path) -> None:
    """100 real OFAC SDN rows, among them Belarus's justice minister."""
    lines = (DATA / "sanctions" / "ofac_sdn_2024-05-03.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    rows = lines[1100:1200]
    assert any("Justice Minister of the Republic of Belarus" in line for line in rows)
    part = tmp_path / "ofac_sdn_part.csv"
    part.write_text("".join(rows), encoding="utf-8")
    ingest_file(case, "ofac_sdn", part, IngestOptions(handling_code="TLP:CLEAR"))
    with case.connect(read_only=True) as con:
        positions = [str(r[0]) for r in con.execute(
            "SELECT DISTINCT value FROM statements WHERE schema = 'Person' "
            "AND prop = 'position'").fetchall()]
    assert "Justice Minister of the Republic of Belarus" in positions
    out = export_case(case, "ftm", tmp_path / "people.ftm.json", ("Person",),
                      pseudonymise=True)
    text = out.path.read_text(encoding="utf-8")
    assert not [p for p in positions if p in text]
    assert "Justice Minister" not in text and "SLIZHEVSKY" not in text
