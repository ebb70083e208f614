"""The portal's retention timer (issue #23, item 5): on start it purges what is past its
retention day, logged in the intake store, and a reporter returning with the receipt of
a purged report is told, in their language, that it was deleted under the rule."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import httpx

from tnoc.intake.files import check_file
from tnoc.intake.forms import Form, check_report
from tnoc.intake.receipts import Receipt
from tnoc.intake.sealing import intake_key
from tnoc.intake.store import IntakeStore

from .conftest import REPORTS, serve, token_of


def _report(store: IntakeStore, narrative: str) -> tuple[str, Receipt]:
    submission, problems = check_report(Form(
        {"kind": "fraud", "narrative": narrative},
        [("phone", "+4915770000001", "")]),
        [check_file("citizen_reports.csv", REPORTS.read_bytes())], "en")
    assert submission is not None, problems
    return store.submit(submission)


def test_the_portal_purges_on_start_and_tells_the_reporter(tmp_path: Path) -> None:
    key = intake_key(tmp_path / "keys")
    data = tmp_path / "data"
    store = IntakeStore(data, key.public)
    old, receipt = _report(store, "Taken into a case, kept 30 days, and they are past.")
    store.assign(old, "Operation Lantern", (date.today() - timedelta(days=1)).isoformat())
    fresh, fresh_receipt = _report(store, "Came in today.")
    served = serve(data, key)
    portal = next(served)
    try:
        assert [(p["actor"], p["report_ids"]) for p in store.purges()] == [
            ("reporting portal (on start)", [old])]
        assert not list((data / "sealed").glob(f"{old}-*"))
        assert list((data / "sealed").glob(f"{fresh}-*"))
        with httpx.Client(base_url=portal.url) as client:
            for lang, said in [("en", f"This report was deleted on {date.today()}"),
                               ("fr", f"Ce signalement a été supprimé le {date.today()}")]:
                form = client.get(f"/follow-up?lang={lang}").text
                answer = client.post("/follow-up", data={
                    "csrf": token_of(form, "csrf"), "lang": lang, "code": receipt.code,
                    "passphrase": receipt.passphrase})
                assert answer.status_code == 410 and said in answer.text
            form = client.get("/follow-up").text
            kept = client.post("/follow-up", data={
                "csrf": token_of(form, "csrf"), "code": fresh_receipt.code,
                "passphrase": fresh_receipt.passphrase})
            assert kept.status_code == 200 and "citizen_reports.csv" in kept.text
    finally:
        next(served, None)
