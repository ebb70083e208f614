"""A citizen report taken into a case (issue #23, item 5): opened with the intake key,
its statements with the report as their source, its file an exhibit with the hash the
receipt listed, and a reported wallet on the bundled OFAC list showing its hit at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.intake.files import check_file
from tnoc.intake.forms import Form, check_report
from tnoc.intake.sealing import intake_key
from tnoc.intake.store import IntakeStore
from tnoc.ledger.custody import read_ledger
from tnoc.ledger.keys import key_folder, operator
from tnoc.service import CaseService, Session
from tnoc.store import Case

from .conftest import DATA

XBT = DATA / "sanctions" / "ofac_crypto_addresses" / "sanctioned_addresses_XBT.txt"
LISTED = XBT.read_text().split()[0]  # the first Bitcoin address on OFAC's list


@pytest.fixture
def reported(tmp_path: Path) -> tuple[Case, Path, str, str]:
    """A case holding OFAC's Bitcoin addresses, and a portal's intake store with one
    report naming the first of them, with a screenshot of the chat as its file."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "ofac_crypto_addresses", XBT, IngestOptions(handling_code="TLP:CLEAR"))
    portal = tmp_path / "portal"
    store = IntakeStore(portal, intake_key(key_folder()).public)
    chat = check_file("chat.txt", b"Pay 0.5 BTC to the address below or else.")
    submission, problems = check_report(Form(
        {"kind": "ransomware", "narrative": "My files were encrypted; the note names a "
         "wallet.", "happened_on": "2026-11-20", "loss_amount": "0.5",
         "loss_currency": "BTC", "payment_method": "cryptocurrency",
         "contact_name": "Erika Beispiel", "contact_email": "erika@example.org"},
        [("wallet", LISTED, ""), ("email", "pay.now@example.net", "")]), [chat], "en")
    assert submission is not None, problems
    report_id, _ = store.submit(submission)
    return case, portal, report_id, chat.sha256


def test_a_reported_sanctioned_wallet_shows_its_hit_when_taken(
        reported: tuple[Case, Path, str, str]) -> None:
    case, portal, report_id, file_sha = reported
    service = CaseService(case, Session(operator()))
    queue = service.intake_queue(portal)
    assert [(r["report_id"], r["urgency"], r["files"]) for r in queue] == [
        (report_id, "high", 1)]
    opened = service.intake_report(portal, report_id)
    assert opened.details["contact"] == {"withheld": "given; kept in the reporter "
                                                     "compartment once taken"}
    taken = service.take_report(portal, report_id, retain_days=30)
    assert taken.file_hashes == [file_sha]
    wallet_hits = [h for h in taken.hits if h["subject_id"] == f"wallet-{LISTED}"]
    assert wallet_hits and wallet_hits[0]["list"] == "ofac_crypto"
    with case.connect(read_only=True) as con:
        acquired = [e.event for e in read_ledger(con) if e.event.event_type == "acquired"
                    and e.event.item_sha256 == file_sha]
        assert len(acquired) == 1 and acquired[0].details["report"] == report_id
        source = con.execute("SELECT legal_basis, collector FROM sources WHERE "
                             "source_id = ?", [taken.ingest.source_id]).fetchone()
    assert source == ("citizen report (reporting portal)", "reporting portal")
    assert (case.exhibits / "reports" / file_sha).read_bytes().startswith(b"Pay 0.5 BTC")
    assert IntakeStore(portal, None).queue("assigned")[0]["case_id"] == case.case_id
    with pytest.raises(TnocError, match="already taken"):
        service.take_report(portal, report_id)


def test_the_reporters_contact_is_in_the_compartment_and_not_found(
        reported: tuple[Case, Path, str, str]) -> None:
    case, portal, report_id, _ = reported
    service = CaseService(case, Session(operator()))
    service.take_report(portal, report_id)
    hits = CaseService(case, Session(operator())).find("Erika Beispiel", 10)
    assert hits.total == 0
    found = CaseService(case, Session(operator())).find("pay.now@example.net", 10)
    assert [h["canonical_id"] for h in found.hits] == [f"report-other-{report_id}"]


def test_the_cli_lists_takes_and_replies(reported: tuple[Case, Path, str, str]) -> None:
    case, portal, report_id, _ = reported
    runner = CliRunner()
    listed = runner.invoke(app, ["intake", "queue", str(portal), "-c", str(case.root),
                                 "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)["rows"][0]["report_id"] == report_id
    taken = runner.invoke(app, ["intake", "take", str(portal), report_id, "-c",
                                str(case.root)])
    assert taken.exit_code == 0, taken.output
    assert "on the case's lists" in taken.output and "ofac_crypto" in taken.output
    replied = runner.invoke(app, ["intake", "reply", str(portal), report_id,
                                  "We have taken your report.", "-c", str(case.root)])
    assert replied.exit_code == 0, replied.output
