"""Citizen reports in the workspace (issue #23, item 5): the intake officer triages the
portal's queue, opens a report, takes it into the case and replies; nothing of it is in
clear in the portal's store until opened here with the intake key."""

from __future__ import annotations

from typing import Any

from tnoc.intake.store import IntakeStore

from .conftest import INTAKE_OFFICER, OFAC_XBT, PASSWORD, Served, screenshot


def _login_harbour(page: Any, served: Served) -> str:
    case_id = served.case_id_of("harbour")
    page.goto(served.url + "/login")
    page.fill("#user", INTAKE_OFFICER)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cases")
    page.select_option("select[name=purpose]", "OP-2026-17")
    page.click("text=Work under it")
    page.wait_for_url(f"**/cases/{case_id}")
    return case_id


def test_the_intake_officer_takes_a_report_into_the_case(page: Any, served: Served) -> None:
    case_id = _login_harbour(page, served)
    page.click("nav >> text=Citizen reports")
    row = page.locator("table.listing tbody tr").first
    assert "fraud" in row.inner_text() and "normal" in row.inner_text()
    screenshot(page, "intake-queue")
    row.locator("a").click()
    assert "fake profits" in page.locator("blockquote.narrative").inner_text()
    wallet = OFAC_XBT.read_text().split()[0]
    assert wallet in page.content()
    assert "Erika" not in page.content()  # contact details stay sealed until taken
    page.click("text=Take into Operation Harbour")
    taken = page.locator("section.note").inner_text()
    assert "Taken into this case" in taken
    assert "On the case's lists" in taken and "ofac_crypto" in taken  # the hit, at once
    screenshot(page, "intake-report")
    page.fill("#text", "Thank you: your report is with an investigator.")
    page.click("text=Send reply")
    page.wait_for_url(f"**/cases/{case_id}/intake/*")
    store = IntakeStore(served.folder / "portal-data", None)
    taken = store.queue("assigned")
    assert [r["case_id"] for r in taken] == [case_id]
    assert "Take into" not in page.content()  # taken once
    # the workspace's retention timer ran when it started (nothing was past its day)
    assert [(p["actor"], p["report_ids"]) for p in store.purges()][:1] == [
        ("workspace (on start)", [])]


def test_an_analyst_of_another_case_does_not_reach_harbours_reports(served: Served) -> None:
    with served.client("bob") as client:
        response = client.get(f"/cases/{served.case_id_of('harbour')}/intake")
        assert response.status_code == 404
