"""Handling codes flow into derived results; pseudonymisation covers every identifying
property of a person (issue #19, deliverable 3)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from tnoc.errors import TnocError
from tnoc.exchange.export import export_case
from tnoc.exchange.handling import (
    DESCRIBING_SCHEMATA,
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
        save_alerts(con, case.root, detect(con, build_transfers(con)))
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
    with pytest.raises(TnocError, match="not-a-source.*tnoc sources"), case.transaction() as con:
        add_analysis(con, case.root, "disruption", "x", {"parameters": {}},
                     [DerivedStatement("sim-x", "DisruptionSimulation", "id", "sim-x", "run")],
                     ["not-a-source"])
    assert store_fingerprint(case) == before
    assert not list((case.root / "analyses").glob("disruption-x*"))


@pytest.mark.parametrize("schema", sorted(PERSONAL_SCHEMATA | DESCRIBING_SCHEMATA))
def test_every_property_of_a_personal_schema_is_classified(schema: str) -> None:
    """A model upgrade that adds a property to Person, UserAccount or a schema that
    describes a person (Passport, Sanction, Address, ...) fails here until someone
    decides whether it identifies a person."""
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
    # the only identifiers that are not a person's are codes of a sanctions programme,
    # of an economic activity (OKVED) and of a bank (BIC, beside its name), shared by many
    personal_types = {"name", "email", "phone", "identifier", "address", "date", "ip"}
    assert {p for p, t in values.items() if t in personal_types} <= IDENTIFYING[schema] | {
        "programId", "okvedCode", "bic"}


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


def test_pseudonymised_export_hides_what_describes_a_person(case: Case,
                                                            tmp_path: Path) -> None:
    """Real OFAC SDN rows: a sanction listing points at the person it lists; its id
    repeats the person's list number, so it is hidden with the person's, while the
    programme (shared by many) stays readable. A company's sanction stays in clear."""
    lines = (DATA / "sanctions" / "ofac_sdn_2024-05-03.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    part = tmp_path / "ofac_sdn_sanctions.csv"
    part.write_text("".join(lines[1100:1200]), encoding="utf-8")
    ingest_file(case, "ofac_sdn", part, IngestOptions(handling_code="TLP:CLEAR"))
    out = export_case(case, "ftm", tmp_path / "sanctions.ftm.json", ("Sanction",),
                      pseudonymise=True)
    rows = [json.loads(line) for line in out.path.read_text(encoding="utf-8").splitlines()]
    sanctions = [r for r in rows if r["schema"] == "Sanction"]
    assert sanctions
    people = [r for r in rows if r["schema"] == "Person"]
    assert people and all(r["id"].startswith("pseudo-id-") for r in people)
    text = json.dumps(rows)
    assert "ofac-sdn-10138" not in text and "ofac-sdn-sanction-10138" not in text
    assert "SLIZHEVSKY" not in text and "Hrodna" not in text
    on_people = [r for r in sanctions if r["id"].startswith("pseudo-id-")]
    assert on_people and all(r["properties"]["program"] for r in on_people)
    assert any(r["id"].startswith("ofac-sdn-sanction-") for r in sanctions)  # companies


def test_pseudonymised_export_hides_a_persons_address(tmp_path: Path) -> None:
    """Real FtM donation records (examples/data/ftm): donors' addresses are hidden with
    the donors, a company's address stays readable."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "ftm_entities", DATA / "ftm" / "donations.ijson",
                IngestOptions(handling_code="TLP:CLEAR"))
    with case.connect(read_only=True) as con:
        people_streets = {str(r[0]) for r in con.execute(
            "SELECT DISTINCT a.value FROM statements p JOIN statements a "
            "ON a.canonical_id = p.value AND a.prop = 'full' "
            "WHERE p.schema = 'Person' AND p.prop = 'addressEntity'").fetchall()}
        company_streets = {str(r[0]) for r in con.execute(
            "SELECT DISTINCT a.value FROM statements p JOIN statements a "
            "ON a.canonical_id = p.value AND a.prop = 'full' "
            "WHERE p.schema = 'Company' AND p.prop = 'addressEntity'").fetchall()}
    assert "Schillerstraße 19, 76135 Karlsruhe" in people_streets
    out = export_case(case, "ftm", tmp_path / "donors.ftm.json", ("Person", "Company"),
                      pseudonymise=True)
    text = out.path.read_text(encoding="utf-8")
    assert not [s for s in people_streets - company_streets if s in text]
    assert [s for s in company_streets - people_streets if s in text]
    assert "76135 Karlsruhe" in text  # the city, shared by many, stays


def _last_entry(case: Case, analysis: str) -> dict[str, object]:
    from tnoc.ledger.custody import read_ledger

    with case.connect(read_only=True) as con:
        entries = [e.event.details for e in read_ledger(con)
                   if e.event.details.get("analysis") == analysis]
    assert entries, f"no {analysis} entry"
    return entries[-1]


def test_network_export_carries_its_code_and_honours_tlp(red_alerts: Case,
                                                         tmp_path: Path) -> None:
    """The payment network of TLP:RED SAML-D rows is TLP:RED: refused under the default
    --tlp TLP:AMBER (nothing written), labelled on every actor and in the ledger when
    RED is allowed."""
    from typer.testing import CliRunner

    from tnoc.cli.main import app

    root = str(red_alerts.root)
    refused = CliRunner().invoke(app, ["network", "export", str(tmp_path / "p.gexf"),
                                       "-c", root, "--schema", "Payment"])
    assert refused.exit_code != 0
    said = str(refused.exception)
    assert "TLP:RED" in said and "saml-d_sample_1k.csv" in said
    assert not (tmp_path / "p.gexf").exists()
    done = CliRunner().invoke(app, ["network", "export", str(tmp_path / "p.graphml"),
                                    "-c", root, "--schema", "Payment", "--format",
                                    "graphml", "--tlp", "TLP:RED"])
    assert done.exit_code == 0, done.output
    assert "handling: TLP:RED" in done.output
    graph = nx.read_graphml(tmp_path / "p.graphml")
    assert graph.graph["handling"] == "TLP:RED"
    assert {d["handling"] for _, d in graph.nodes(data=True)} == {"TLP:RED"}
    assert _last_entry(red_alerts, "network export")["handling_code"] == "TLP:RED"


def test_money_check_csv_states_its_code(red_alerts: Case, tmp_path: Path) -> None:
    """The problem list of TLP:RED payments says TLP:RED: on screen, in every CSV row's
    handling column, and in the command's ledger entry."""
    from typer.testing import CliRunner

    from tnoc.cli.main import app

    out = tmp_path / "problems.csv"
    result = CliRunner().invoke(app, ["money", "check", "-c", str(red_alerts.root),
                                      "--csv", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert "handling: TLP:RED" in result.output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["handling"] for r in rows} == {"TLP:RED"}
    entry = _last_entry(red_alerts, "money check")
    assert entry["parameters"]["handling_code"] == "TLP:RED"  # type: ignore[index]


def test_typology_csv_states_its_code(red_alerts: Case, tmp_path: Path) -> None:
    """Alerts over TLP:RED payments, written to a CSV that travels: every row says RED."""
    from typer.testing import CliRunner

    from tnoc.cli.main import app

    out = tmp_path / "alerts.csv"
    result = CliRunner().invoke(app, ["money", "typologies", "-c", str(red_alerts.root),
                                      "--no-store", "--csv", str(out)])
    assert result.exit_code == 0, result.output
    assert "handling: TLP:RED" in result.output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["handling"] for r in rows} == {"TLP:RED"}


def test_network_measures_csv_states_its_code(red_alerts: Case, tmp_path: Path) -> None:
    """Centralities of the TLP:RED payment network say TLP:RED on screen and in every
    CSV row."""
    import csv

    from typer.testing import CliRunner

    from tnoc.cli.main import app

    out = tmp_path / "measures.csv"
    done = CliRunner().invoke(app, ["network", "measures", "-c", str(red_alerts.root),
                                    "--schema", "Payment", "--csv", str(out)])
    assert done.exit_code == 0, done.output
    assert "handling: TLP:RED" in done.output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["handling"] for r in rows} == {"TLP:RED"}


def test_pseudonymised_export_hides_notes_holdings_and_wallets_of_people(
        tmp_path: Path) -> None:
    """Real OFAC SDN rows with digital currency addresses (people and companies), the
    OFAC list of sanctioned XBT addresses, the CAVIAR wiretap network and SAML-D
    payments, with an analyst's FtM file: a note on a sanctioned man, his ownership of
    a listed wallet the SDN row does not name, CAVIAR's N1 owning a SAML-D account, and
    a note on a company. Exported with --pseudonymise, no person's name, wallet
    address, account number, note text or share is left in clear anywhere in the file;
    a company's wallets, the note on the company and the other accounts stay readable."""
    lines = (DATA / "sanctions" / "ofac_sdn_2024-05-03.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    part = tmp_path / "ofac_sdn_wallets.csv"
    part.write_text("".join(x for x in lines if "Digital Currency Address" in x),
                    encoding="utf-8")
    xbt = DATA / "sanctions" / "ofac_crypto_addresses" / "sanctioned_addresses_XBT.txt"
    unnamed = next(a for a in xbt.read_text(encoding="utf-8").split()
                   if a not in part.read_text(encoding="utf-8"))
    analyst = tmp_path / "analyst.ftm.json"
    analyst.write_text("".join(json.dumps(e) + "\n" for e in [
        {"id": "analyst-note-yan", "schema": "Note", "properties": {
            "entity": ["ofac-sdn-25308"], "peopleMentioned": ["Li Wenjun"],
            "description": ["Met his courier Li Wenjun at Wuhan station"]}},
        {"id": "analyst-own-yan", "schema": "Ownership", "properties": {
            "owner": ["ofac-sdn-25308"], "asset": [f"wallet-{unnamed}"],
            "percentage": ["62.5"], "summary": ["Yan controls it, per seized phone"]}},
        {"id": "analyst-own-n1", "schema": "Ownership", "properties": {
            "owner": ["caviar-n1"], "asset": ["samld-acct-1782263940"]}},
        {"id": "analyst-note-org", "schema": "Note", "properties": {
            "entity": ["ofac-sdn-27307"], "description": ["Exchange front in Moscow"]}}]))
    case = Case.init(tmp_path / "case")
    for mapping, path in (("ofac_sdn", part), ("ofac_crypto_addresses", xbt),
                          ("caviar", DATA / "networks" / "morselli_caviar.csv"),
                          ("saml_d", SAML_D),
                          ("ftm_entities", analyst)):
        ingest_file(case, mapping, path, IngestOptions(handling_code="TLP:CLEAR"))
    with case.connect(read_only=True) as con:
        def values(sql: str) -> set[str]:
            return {str(r[0]) for r in con.execute(sql).fetchall()}

        people = values("SELECT canonical_id FROM statements WHERE schema = 'Person'")
        held = "SELECT w.value FROM statements w JOIN statements h ON h.canonical_id = " \
               "w.canonical_id AND h.prop = 'holder' WHERE w.prop = 'publicKey' AND " \
               "w.flag IS NULL AND " \
               "h.value {} (SELECT canonical_id FROM statements WHERE schema = 'Person')"
        people_wallets = values(held.format("IN")) | {unnamed}
        company_wallets = values(held.format("NOT IN"))
        clear = values("SELECT value FROM statements WHERE schema = 'Person' AND prop "
                       "IN ('name', 'alias', 'weakAlias', 'notes', 'birthDate')")
    assert "ofac-sdn-25308" in people and "YAN, Xiaobing" in clear and "N1" in clear
    assert len(people_wallets) > 10 and len(company_wallets) > 10
    out = export_case(case, "ftm", tmp_path / "out.ftm.json",
                      ("Person", "CryptoWallet", "Note", "Ownership"),
                      entity_ids=("samld-acct-3455276355",), pseudonymise=True)
    text = out.path.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    exported = {v for r in rows for vs in r["properties"].values() for v in vs}
    hidden = (clear | people_wallets | people
              | {"Li Wenjun", "Met his courier Li Wenjun at Wuhan station", "62.5",
                 "Yan controls it, per seized phone", "analyst-note-yan", "analyst-own-yan",
                 "1782263940", "samld-acct-1782263940"})
    assert not hidden & exported, sorted(hidden & exported)[:5]  # no value, exactly
    assert not [v for v in hidden if len(v) >= 8 and v in text]  # nor inside another
    assert "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h" not in text  # Yan's first XBT address
    assert company_wallets <= exported and "Exchange front in Moscow" in exported
    assert "3455276355" in exported  # an account no person is known to hold
