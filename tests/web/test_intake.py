"""Citizen reports in the workspace (issue #23, item 5): the intake officer triages the
portal's queue, opens a report, takes it into the case and replies; nothing of it is in
clear in the portal's store until opened here with the intake key."""

from __future__ import annotations

from typing import Any

import httpx

from tnoc.intake.store import IntakeStore

from .conftest import INTAKE_OFFICER, OFAC_XBT, PASSWORD, Served, login, post, screenshot


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


def test_a_supervisor_holds_a_report_past_its_day_and_releases_it(served: Served) -> None:
    """The supervisor of Operation Harbour keeps the report under analysis (audited as
    ``intake hold``; the purge skips it) and releases it; the intake officer may not."""
    case_id = served.case_id_of("harbour")
    store = IntakeStore(served.folder / "portal-data", None)
    report_id = store.queue(None)[0]["report_id"]
    page = f"/cases/{case_id}/intake/{report_id}"
    with httpx.Client(base_url=served.url, follow_redirects=True, timeout=60) as officer:
        login(officer, INTAKE_OFFICER)
        post(officer, f"/cases/{case_id}/purpose", {"purpose": "OP-2026-17"})
        assert "Hold</button>" not in officer.get(page).text
        assert post(officer, page + "/hold", {"reason": "mine"}).status_code == 403
    with httpx.Client(base_url=served.url, follow_redirects=True, timeout=60) as sam:
        login(sam, "sam")
        post(sam, f"/cases/{case_id}/purpose", {"purpose": "OP-2026-17"})
        held = post(sam, page + "/hold", {"reason": "the <b>wallet</b> is traced"})
        assert held.status_code == 200
        assert "Held past that day by sam: the &lt;b&gt;wallet&lt;/b&gt; is traced" in held.text
        assert store.queue(None)[0]["held_reason"] == "the <b>wallet</b> is traced"
        released = post(sam, page + "/release", {})
        assert released.status_code == 200 and "Held past that day" not in released.text
    assert store.queue(None)[0]["held_reason"] is None
