"""Retention of the intake store (issue #23, item 5: "a retention timer"): a report past
its retention day is purged to a tombstone, its bytes gone from the database, its WAL
and the disk; its reporter is told; a supervisor may hold it; the case keeps what it
took."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.govern.audit import audit_records
from tnoc.intake.files import check_file
from tnoc.intake.forms import Form, check_report
from tnoc.intake.receipts import Receipt
from tnoc.intake.sealing import IntakeKey, intake_key
from tnoc.intake.store import DB_FILE, IntakeStore, ReportPurged
from tnoc.ledger.custody import read_ledger
from tnoc.ledger.keys import key_folder, operator, signer
from tnoc.service import AccessDenied, CaseService, Session
from tnoc.store import Case

from .conftest import ROOT

REPORTS = ROOT / "tests" / "data" / "reports" / "citizen_reports.csv"
"""Real citizen reports (a CSV of the test data), uploaded as the reporter's file."""
REPLY = "PLANTED-REPLY: we traced the wallet to an exchange in Tallinn"
LATER = (date.today() + timedelta(days=400)).isoformat()
"""A day past the default retention (180 days) and a 30-day take."""


def _submit(store: IntakeStore, narrative: str) -> tuple[str, Receipt, str]:
    """A report with the real CSV as its file: its id, receipt and the file's SHA-256."""
    upload = check_file("citizen_reports.csv", REPORTS.read_bytes())
    submission, problems = check_report(Form(
        {"kind": "fraud", "narrative": narrative, "happened_on": "2026-03-02",
         "loss_amount": "12500", "loss_currency": "EUR", "payment_method": "bank transfer",
         "contact_name": "Erika Beispiel", "contact_email": "erika.beispiel@example.org"},
        [("phone", "+4915770000001", "")]), [upload], "en")
    assert submission is not None, problems
    report_id, receipt = store.submit(submission)
    return report_id, receipt, upload.sha256


def _written(folder: Path) -> bytes:
    """Every byte the store has on disk: database, WAL, shared memory, sealed files."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


@pytest.fixture
def key(tmp_path: Path) -> IntakeKey:
    return intake_key(tmp_path / "keys")


def test_a_purged_report_leaves_a_tombstone_and_none_of_its_bytes(
        tmp_path: Path, key: IntakeKey) -> None:
    data = tmp_path / "portal"
    store = IntakeStore(data, key.public)
    gone, receipt, file_sha = _submit(store, "They took 12,500 EUR for a fake fund.")
    kept, kept_receipt, _ = _submit(IntakeStore(data, key.public, retain_days=500),
                                    "A second report, kept longer.")
    store.reply(gone, REPLY)
    store.reply(kept, "A reply to the report that stays.")
    sealed_document = store.sealed_report(gone)[1]
    sealed_files = sorted((data / "sealed").glob(f"{gone}-*"))
    assert sealed_files
    planted = [REPLY.encode(), sealed_document[40:80]] + [
        p.read_bytes()[40:80] for p in sealed_files]
    before = _written(data)
    assert all(p in before for p in planted)  # the search finds them while they are held

    due = store.purge("test", day=LATER, dry_run=True)
    assert [r.report_id for r in due.reports] == [gone] and all(p.exists()
                                                                 for p in sealed_files)
    assert store.queue("new")[0]["report_id"] in (gone, kept) and store.purges() == []

    done = store.purge("test", day=LATER)
    assert [(r.report_id, r.file_sha256) for r in done.reports] == [(gone, [file_sha])]
    assert done.checkpointed
    after = _written(data)
    assert [p for p in planted if p in after] == []
    assert not any(p.exists() for p in sealed_files)
    assert (data / DB_FILE).stat().st_size > 0 and b"A reply to the report that stays." in after

    tombstone = [r for r in store.queue(None) if r["report_id"] == gone][0]
    assert (tombstone["state"], tombstone["kind"], tombstone["files"]) == ("purged", "fraud", 1)
    assert [f.sha256 for f in store.report_files(gone)] == [file_sha]
    with pytest.raises(ReportPurged, match=f"deleted on {LATER} under the retention rule"):
        store.report(receipt.code, receipt.passphrase)
    with pytest.raises(TnocError, match="no report opens"):  # the passphrase still counts
        store.report(receipt.code, "wrong passphrase")
    with pytest.raises(TnocError, match=f"purged on {LATER}.*not taken into a case.*"
                                        + file_sha):
        store.sealed_report(gone)
    assert store.report(kept_receipt.code, kept_receipt.passphrase).messages[0]["body"] \
        == "A reply to the report that stays."
    assert [(p["actor"], p["report_ids"]) for p in store.purges()] == [("test", [gone])]
    assert store.purge("test", day=LATER).reports == []  # a tombstone is not purged again


def test_a_held_report_is_kept_until_released(tmp_path: Path, key: IntakeKey) -> None:
    store = IntakeStore(tmp_path / "portal", key.public)
    report_id, _, _ = _submit(store, "A report under analysis.")
    store.hold(report_id, "bob", "OP-2026-17: the wallet is being traced")
    assert store.purge("test", day=LATER).reports == []
    assert store.queue()[0]["held_reason"] == "OP-2026-17: the wallet is being traced"
    store.release(report_id)
    assert [r.report_id for r in store.purge("test", day=LATER).reports] == [report_id]
    with pytest.raises(TnocError, match="needs a reason"):
        store.hold(report_id, "bob", " ")


def test_a_taken_report_is_purged_from_the_intake_and_kept_by_the_case(
        tmp_path: Path) -> None:
    """Taken into a governed case for 30 days: the supervisor's purge (audited; an
    analyst is refused) deletes the intake's copy after them; the case's exhibit and
    its ledger entry keep the hash the tombstone lists."""
    case = Case.init(tmp_path / "case")
    portal = tmp_path / "portal"
    report_id, _, file_sha = _submit(IntakeStore(portal, intake_key(key_folder()).public),
                                     "Paid for a fake fund.")
    admin = CaseService(case, Session(operator()))
    admin.take_report(portal, report_id, retain_days=30)
    admin.add_member("bob", "supervisor", "TLP:RED", signer("bob").public_raw.hex())
    admin.add_member("alice", "analyst", "TLP:AMBER", signer("alice").public_raw.hex())
    CaseService(case, Session("bob")).open_purpose("OP-1", "citizen reports of fraud")
    bob = CaseService(case, Session("bob", "OP-1"))
    with pytest.raises(AccessDenied):
        CaseService(case, Session("alice", "OP-1")).intake_purge(portal)
    assert bob.intake_purge(portal).reports == []  # not past its 30 days yet
    done = IntakeStore(portal, None).purge("test", day=LATER)
    assert [r.rule.startswith(f"taken into case {case.case_id}") for r in done.reports] \
        == [True]
    assert (case.exhibits / "reports" / file_sha).is_file()
    with case.connect(read_only=True) as con:
        acquired = [e.event.item_sha256 for e in read_ledger(con)
                    if e.event.event_type == "acquired" and e.event.details.get("report")]
        trail = [(r.operation, r.actor, r.outcome) for r in audit_records(con)
                 if r.operation == "intake purge"]
    assert acquired == [file_sha] == done.reports[0].file_sha256
    assert trail == [("intake purge", "alice", "denied"), ("intake purge", "bob", "allowed")]


def test_the_cli_purges_holds_and_releases(tmp_path: Path, key: IntakeKey) -> None:
    case = Case.init(tmp_path / "case")
    portal = tmp_path / "portal"
    store = IntakeStore(portal, key.public, retain_days=1)
    report_id, _, file_sha = _submit(store, "A report no one took.")
    store.assign(report_id, "", (date.today() - timedelta(days=1)).isoformat())
    runner = CliRunner()
    base = [str(portal), "-c", str(case.root)]
    held = runner.invoke(app, ["intake", "hold", *base[:1], report_id, *base[1:],
                               "--reason", "still tracing the phone"])
    assert held.exit_code == 0, held.output
    dry = runner.invoke(app, ["intake", "purge", *base, "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output and json.loads(dry.output)["rows"] == []
    released = runner.invoke(app, ["intake", "release", *base[:1], report_id, *base[1:]])
    assert released.exit_code == 0, released.output
    dry = runner.invoke(app, ["intake", "purge", *base, "--dry-run", "--json"])
    assert [r["report_id"] for r in json.loads(dry.output)["rows"]] == [report_id]
    assert list((portal / "sealed").glob(f"{report_id}-*"))
    dry = runner.invoke(app, ["intake", "purge", *base, "--dry-run"])
    assert "1 reports due (dry run, nothing deleted)" in dry.output
    purged = runner.invoke(app, ["intake", "purge", *base, "--csv"])
    assert purged.exit_code == 0, purged.output
    [row] = list(csv.DictReader(io.StringIO(purged.stdout)))
    # the state shown is the report's now: a tombstone, no longer "assigned"/"new"
    assert (row["report_id"], row["state"], row["file_sha256"]) == (
        report_id, "purged", file_sha)
    assert IntakeStore(portal, None).queue("purged")[0]["report_id"] == report_id
    helped = runner.invoke(app, ["intake", "purge", "--help"])
    assert "--json" in helped.output and "--limit" not in helped.output  # it has none
    assert not list((portal / "sealed").glob(f"{report_id}-*"))
    again = runner.invoke(app, ["intake", "release", *base[:1], report_id, *base[1:]])
    assert again.exit_code != 0 and "is not held" in str(again.exception)


def test_the_timer_purges_on_start_and_again_each_interval(tmp_path: Path,
                                                           key: IntakeKey) -> None:
    """The timer of the portal and the workspace (a day; here a tenth of a second): a
    report that passes its day between two runs goes at the next."""
    import time

    from tnoc.intake.store import PurgeTimer

    store = IntakeStore(tmp_path / "portal", key.public)
    first, _, _ = _submit(store, "Past its day before the start.")
    second, _, _ = _submit(store, "Past its day after the start.")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    store.assign(first, "Operation Lantern", yesterday)
    timer = PurgeTimer(store, "portal", interval=0.1)
    try:
        started = timer.start()
        assert started is not None and [r.report_id for r in started.reports] == [first]
        store.assign(second, "Operation Lantern", yesterday)
        deadline = time.monotonic() + 20
        while second not in [i for p in store.purges() for i in p["report_ids"]]:
            assert time.monotonic() < deadline, "the daily run did not purge"
            time.sleep(0.05)
    finally:
        timer.stop()
    runs = store.purges()
    assert (runs[0]["actor"], runs[0]["report_ids"]) == ("portal (on start)", [first])
    assert {p["actor"] for p in runs[1:]} == {"portal (daily)"}


def test_an_addition_racing_the_purge_is_refused_and_leaves_no_file(
        tmp_path: Path, key: IntakeKey, monkeypatch: pytest.MonkeyPatch) -> None:
    """The receipt opened, then the report purged while the addition's files were
    sealed: the addition is refused as the purge's, not stored under the tombstone."""
    data = tmp_path / "portal"
    store = IntakeStore(data, key.public)
    report_id, receipt, _ = _submit(store, "About to pass its day.")
    store.assign(report_id, "Operation Lantern",
                 (date.today() - timedelta(days=1)).isoformat())
    sealing = store._seal_files

    def purged_meanwhile(report: str, files: list[Any]) -> Any:
        written = sealing(report, files)
        IntakeStore(data, None).purge("test")
        return written

    monkeypatch.setattr(store, "_seal_files", purged_meanwhile)
    with pytest.raises(ReportPurged):
        store.add(receipt.code, receipt.passphrase, {"narrative": "More."},
                  [check_file("citizen_reports.csv", REPORTS.read_bytes())])
    assert not list((data / "sealed").glob(f"{report_id}-*"))


@pytest.mark.parametrize("kind", ["missing folder", "file"])
def test_workspace_commands_never_create_an_intake_store(tmp_path: Path, kind: str) -> None:
    """Review item 2: the workspace's intake commands given a folder that is no intake
    store (mistyped) or a file: refused with an error naming it and what was expected,
    exit non-zero, no traceback, nothing written, nothing audited as allowed. Only the
    portal (an opening with the intake public key) creates a store."""
    case = Case.init(tmp_path / "case")
    target = tmp_path / "nodata"
    if kind == "file":
        target.write_text("not a store\n", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    with case.connect(read_only=True) as con:
        audited = len(audit_records(con))
    runner = CliRunner()
    base = ["-c", str(case.root)]
    for args in (["purge", str(target), "--dry-run"], ["queue", str(target)],
                 ["show", str(target), "R-1"], ["take", str(target), "R-1"],
                 ["reply", str(target), "R-1", "hello"],
                 ["hold", str(target), "R-1", "--reason", "tracing"],
                 ["release", str(target), "R-1"]):
        result = runner.invoke(app, ["intake", *args, *base])
        assert result.exit_code != 0, (args, result.output)
        assert isinstance(result.exception, TnocError | SystemExit), result.exception
        message = result.output + str(result.exception or "")
        assert str(target) in message and "expected the reporting portal's data folder" \
            in message, (args, message)
    assert sorted(tmp_path.rglob("*")) == before and not (target / DB_FILE).exists()
    with case.connect(read_only=True) as con:
        assert [(r.operation, r.outcome) for r in audit_records(con)[audited:]
                if r.outcome == "allowed" and r.operation.startswith("intake")] == []
    with pytest.raises(TnocError, match="not an intake store"):
        IntakeStore(tmp_path / "elsewhere", None)
    assert not (tmp_path / "elsewhere").exists()
