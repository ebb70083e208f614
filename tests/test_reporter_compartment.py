"""The reporter-identity compartment (issue #20, deliverable 3): a citizen reporter's
name, e-mail and phone are withheld from every member until a second person releases
them, on the shipped citizen reports (tests/data/reports, fictitious reporters)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnoc.errors import TnocError
from tnoc.evidence.verify import verify_case
from tnoc.govern.audit import AuditRecord, audit_records
from tnoc.govern.compartments import withheld_marker
from tnoc.ingest.pipeline import ingest_file
from tnoc.ledger.custody import RELEASE_EVENT, read_ledger
from tnoc.ledger.keys import operator, signer
from tnoc.service import CaseService, Session, governance_problems
from tnoc.store import Case

REPORTS = Path(__file__).parent / "data" / "reports" / "citizen_reports.csv"
REPORTER = "reporter-CR-2026-0001"
PURPOSE = "OP-2026-31"
MEMBERS = {"alice": ("analyst", "TLP:AMBER"), "bob": ("supervisor", "TLP:AMBER"),
           "carol": ("supervisor", "TLP:AMBER")}


@pytest.fixture
def reports(tmp_path: Path) -> Case:
    """A governed case holding the citizen reports, three members and an open purpose."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "citizen_reports", REPORTS)
    admin = CaseService(case, Session(operator()))
    for user, (role, clearance) in MEMBERS.items():
        admin.add_member(user, role, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose(PURPOSE, "citizen fraud reports 2026")
    return case


def as_(case: Case, user: str) -> CaseService:
    return CaseService(case, Session(user, purpose=PURPOSE))


def trail(case: Case) -> list[AuditRecord]:
    with case.connect(read_only=True) as con:
        return audit_records(con)


def values(case: Case, user: str, entity: str = REPORTER) -> set[str]:
    return {str(s["value"]) for s in as_(case, user).show(entity).statements}


def test_reporter_values_are_withheld_and_the_other_side_is_not(reports: Case) -> None:
    view = as_(reports, "alice").show(REPORTER)
    shown = {str(s["value"]) for s in view.statements}
    assert not shown & {"Erika Beispiel", "erika.beispiel@example.org", "+4930555000101"}
    assert view.compartment_withheld == 3 and view.caption == REPORTER
    assert withheld_marker(3) == "3 values in the reporter compartment withheld"
    assert as_(reports, "alice").find("Beispiel", 10).hits == []
    found = as_(reports, "alice").dossier(REPORTER)
    assert "Erika Beispiel" not in str(found.as_dict()) and found.compartment_withheld == 3
    report = as_(reports, "alice").dossier("report-CR-2026-0001")  # links name no one
    assert "Erika Beispiel" not in str(report.as_dict())
    # the suspect's phone of the same report is a normal value: it gets matched
    assert "+4915770000001" in values(reports, "alice", "report-line-4915770000001")


def test_a_request_alone_releases_nothing(reports: Case) -> None:
    as_(reports, "alice").request_release(REPORTER, "victim interview planned")
    assert "Erika Beispiel" not in values(reports, "alice")


def test_the_requester_cannot_approve_their_own_request(reports: Case) -> None:
    release = as_(reports, "bob").request_release(REPORTER, "call back the reporter")
    with pytest.raises(TnocError, match="second person"):
        as_(reports, "bob").approve_release(release.release_id, "I need it")
    assert "Erika Beispiel" not in values(reports, "bob")
    denied = [r for r in trail(reports) if r.operation == "release approve"]
    assert [r.outcome for r in denied] == ["denied"]


def test_a_second_supervisor_releases_to_the_requester_alone(reports: Case) -> None:
    release = as_(reports, "alice").request_release(REPORTER, "victim interview planned")
    as_(reports, "bob").approve_release(release.release_id, "interview approved",
                                        until="2099-12-31")
    assert {"Erika Beispiel", "erika.beispiel@example.org"} <= values(reports, "alice")
    assert "Erika Beispiel" not in values(reports, "carol")
    assert [h["canonical_id"] for h in as_(reports, "alice").find("Beispiel", 10).hits] \
        == [REPORTER]
    assert as_(reports, "carol").find("Beispiel", 10).hits == []
    assert "Erika Beispiel" not in values(reports, "bob")
    assert "Max Mustermann" not in values(reports, "alice", "reporter-CR-2026-0002")
    listed = as_(reports, "carol").releases()
    assert [r.as_row()["state"] for r in listed] == ["in force"]
    with reports.connect(read_only=True) as con:
        entries = read_ledger(con, event_type=RELEASE_EVENT)
    assert [(e.event.details["change"], e.event.actor, e.key_id is not None)
            for e in entries] == [("requested", "alice", True), ("approved", "bob", True)]
    audited = [(r.operation, r.actor, r.outcome) for r in trail(reports)
               if r.operation.startswith("release")]
    assert audited == [("release request", "alice", "allowed"),
                       ("release approve", "bob", "allowed"),
                       ("release list", "carol", "allowed")]
    found = verify_case(reports, record=False, extra=(governance_problems,))
    assert [str(p) for p in found.problems] == []


def test_an_ended_release_shows_nothing(reports: Case) -> None:
    release = as_(reports, "alice").request_release(REPORTER, "victim interview planned")
    as_(reports, "bob").approve_release(release.release_id, "one day", until="2020-01-01")
    assert "Erika Beispiel" not in values(reports, "alice")


def test_no_export_and_no_index_holds_the_reporter_and_the_cli_releases(
        reports: Case, tmp_path: Path) -> None:
    """The reporter's values are in no export file and not in the search index (no hit,
    no facet count); 'tnoc release request/approve/list' run the four-eyes release and
    'tnoc show' says what the compartment withheld."""
    import json

    from typer.testing import CliRunner

    from tnoc.cli.main import app

    def cli(user: str, *args: str) -> str:
        result = CliRunner().invoke(app, [*args, "-c", str(reports.root), "--as", user,
                                          "--purpose", PURPOSE])
        assert result.exit_code == 0, (args, result.output, result.exception)
        return result.output

    with reports.connect(read_only=True) as con:
        secrets = {str(v) for v, in con.execute(
            "SELECT DISTINCT value FROM statement_store s JOIN compartment_entities c "
            "USING (source_id, entity_id) WHERE s.prop <> 'id' AND length(value) > 4"
        ).fetchall()}
    assert secrets
    out = tmp_path / "reports.ftm.json"
    cli("bob", "export", "ftm", str(out))
    assert not [s for s in secrets if s in out.read_text(encoding="utf-8")]
    as_(reports, "bob").build_index()
    name = sorted(s for s in secrets if " " in s)[0]  # a reporter's full name
    found = as_(reports, "bob").find(name.split()[-1], 10)
    assert found.engine == "index" and found.total == 0
    assert "in the reporter compartment withheld" in cli("alice", "show", REPORTER)
    said = cli("alice", "release", "request", REPORTER, "--reason", "victim contact")
    release = said.split()[1]
    cli("bob", "release", "approve", release, "--reason", "four eyes")
    listed = json.loads(cli("bob", "release", "list", "--json"))["rows"]
    assert [(r["release"], r["state"]) for r in listed] == [(release, "in force")]


def test_a_candidate_pair_with_a_reporter_shows_none_of_their_values(reports: Case) -> None:
    """A reporter on either side of a candidate pair (a partner's claim naming two
    reports' reporters): the review queue, in the workspace and in 'tnoc review', shows
    their values to no one and names them by id (review of session 40: the pair's
    evidence read every value of both sides, whatever the compartment)."""
    from typer.testing import CliRunner

    from tnoc.cli.main import app
    from tnoc.store.resolution_tables import ensure

    with reports.transaction() as con:
        ensure(con)
        con.execute("INSERT INTO resolution_runs (run_id, method, created_at) "
                    "VALUES ('claim-test', 'partner-claim', now())")
        con.execute("INSERT INTO candidate_links (run_id, left_id, right_id, method, "
                    "reason) VALUES ('claim-test', $l, $r, 'partner-claim', 'a claim')",
                    {"l": REPORTER, "r": "reporter-CR-2026-0002"})
    waiting, found = as_(reports, "bob").review_next()
    assert waiting == 1 and found is not None
    shown = {str(v["value"]) for v in [*found.left, *found.right]}
    assert not shown & {"Erika Beispiel", "erika.beispiel@example.org", "+4930555000101",
                        "Max Mustermann", "max.mustermann@example.org"}
    assert {found.left_name, found.right_name} == {REPORTER, "reporter-CR-2026-0002"}
    said = CliRunner().invoke(app, ["review", "-c", str(reports.root), "--as", "bob",
                                    "--purpose", PURPOSE], input="q\n")
    assert "pair 1 of 1" in said.output, said.output
    assert "Erika" not in said.output and "Mustermann" not in said.output
    assert REPORTER in said.output


def test_resolution_never_compares_a_reporter(tmp_path: Path) -> None:
    """A reporter's identity is withheld from every reader, so resolution does not
    compare reporters: two reports by the same citizen (name, email and phone alike)
    were proposed as a pair whose reason quoted all three, printed by 'tnoc
    candidates', 'tnoc resolve --json' and 'tnoc review' while 'tnoc show' withheld
    them (session 61). Nor is a reporter linked by a shared phone to a suspect."""
    import json

    from typer.testing import CliRunner

    from tnoc.cli.main import app
    from tnoc.resolve.run import resolve_case

    rows = REPORTS.read_text(encoding="utf-8").splitlines()
    again = ("CR-2026-0099,investment fraud,2026-03-09,900,,+4930555000101,"
             "Erika Beispiel,erika.beispiel@example.org,+4930555000101")
    reports = tmp_path / "reports.csv"
    reports.write_text("\n".join([*rows, again]) + "\n", encoding="utf-8")
    case = Case.init(tmp_path / "case")
    ingest_file(case, "citizen_reports", reports)
    resolve_case(case)
    got = CliRunner().invoke(app, ["candidates", "-c", str(case.root), "--json"])
    assert got.exit_code == 0, got.output
    listed = json.loads(got.stdout)["rows"]
    secrets = ("Erika", "Beispiel", "erika.beispiel", "4930555000101")
    assert not [s for s in secrets if s in got.stdout], listed
    assert not any(r["left_id"].startswith("reporter-") or
                   r["right_id"].startswith("reporter-") for r in listed)
    with case.connect(read_only=True) as con:
        reporters = con.execute("SELECT count(DISTINCT entity_id) FROM statement_store "
                                "WHERE entity_id LIKE 'reporter-%'").fetchall()[0][0]
    assert reporters >= 3  # in the case, not in the records
