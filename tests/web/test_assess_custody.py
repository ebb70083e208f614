"""The threat-assessment and custody pages (issue #22 item 2): trends, emerging threats
and priorities through the gate, the report downloaded as a real PDF and recorded in
the custody ledger, verification and the evidence bundle from the page, downloads only
of what the ledger records producing (path traversal refused), and the audit view for
auditors alone."""

from __future__ import annotations

import io
import re
import zipfile
from hashlib import sha256
from typing import Any
from urllib.parse import quote

from tnoc.govern.audit import audit_records
from tnoc.ledger.custody import read_ledger
from tnoc.store import Case

from .conftest import Served, browser_login, csrf_of, post, screenshot


def _case(served: Served) -> Case:
    return Case.open(served.folder / "lantern")


def _text(html: str) -> str:
    """A page's text, tags dropped and spaces folded (what a reader sees)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_trends_and_emerging_threats_show_with_their_sources(served: Served) -> None:
    with served.client("bob") as client:
        page = client.get(f"/cases/{served.case_id}/assess",
                          params={"indicator": "IC3 complaints", "last": "5"})
        assert page.status_code == 200, page.text[:300]
        shown = _text(page.text)
        # the IC3 table's own categories and figures, and the file they come from
        assert "BEC/EAC" in shown and "ic3_crime_type_counts_2015_2025.csv" in shown
        assert "(last 5 periods)" in shown and "Emerging threats: IC3 complaints" in shown
        assert 'title="Sources: ic3_crime_type_counts_2015_2025.csv (sha256' in page.text
        chart = client.get(f"/cases/{served.case_id}/api/assess/trend.png",
                           params={"indicator": "IC3 complaints", "last": "5"})
        assert chart.headers["content-type"] == "image/png"
        assert chart.content.startswith(b"\x89PNG") and b"TLP:" in chart.content
        bad = client.get(f"/cases/{served.case_id}/assess", params={"last": "two"})
        assert bad.status_code == 400 and "whole number" in bad.text


def test_a_section_the_gate_refuses_says_so_and_is_recorded(served: Served) -> None:
    # alice is cleared to TLP:AMBER; the priorities read the whole case, whose CAVIAR
    # network is TLP:RED: refused in its place, the IC3 trends (TLP:CLEAR) still shown
    with served.client("alice") as client:
        trends = client.get(f"/cases/{served.case_id}/assess")
        assert "BEC/EAC" in trends.text
        section = client.get(f"/cases/{served.case_id}/assess/priorities")
        assert section.status_code == 200 and "may not" in section.text
        assert "priority-table" not in section.text
    with _case(served).connect(read_only=True) as con:
        denied = [r for r in audit_records(con, actor="alice")
                  if r.operation == "assess" and r.outcome == "denied"]
    assert denied and denied[-1].via == "web"


def test_the_report_pdf_downloads_in_the_browser_and_is_recorded(
        page: Any, served: Served) -> None:
    browser_login(page, served, "bob")
    page.goto(f"{served.url}/cases/{served.case_id}/assess")
    page.wait_for_selector("#priority-table", timeout=120_000)
    page.click("#write-report")
    link = page.wait_for_selector("#report-downloads a:text('threat-assessment.pdf')",
                                  timeout=180_000)
    with page.expect_download() as download:
        link.click()
    body = open(download.value.path(), "rb").read()  # noqa: SIM115 (read once)
    assert body.startswith(b"%PDF-") and len(body) > 10_000
    assert download.value.suggested_filename == "threat-assessment.pdf"
    page.locator("#trends").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "assess")
    for section in ("emerging", "priorities"):  # the page's other two parts, each shown
        assert page.locator(f"#{section}-table" if section == "emerging"
                            else "#priority-table").count() == 1
        page.evaluate(f"document.getElementById('{section}').scrollIntoView()")
        screenshot(page, f"assess-{section}")
    with _case(served).connect(read_only=True) as con:
        entries = read_ledger(con)
        records = audit_records(con, actor="bob")
    written = [(e, f) for e in entries for f in e.event.details.get("outputs") or []
               if f["file"] == "reports/threat-assessment.pdf"]
    assert written and written[-1][1]["sha256"] == sha256(body).hexdigest()
    entry = written[-1][0]
    assert entry.event.actor == "bob"  # the member who wrote it, signed with bob's key
    assert entry.event.details["command"]["name"] == "tnoc report"  # as the CLI's records it
    disclosures = [r for r in records if r.operation == "report" and r.via == "web"]
    assert {r.recipient for r in disclosures} >= {"bob"}  # the download, recorded


def test_verify_from_the_page_says_the_case_holds(page: Any, served: Served) -> None:
    browser_login(page, served, "alice")
    page.goto(f"{served.url}/cases/{served.case_id}/custody")
    page.click("#verify")
    result = page.wait_for_selector("#verification", timeout=120_000)
    assert "passed" in (result.get_attribute("class") or "")
    assert "the case holds" in result.inner_text()
    assert page.locator("#ledger-table tbody tr").count() > 5
    assert "of " in page.inner_text("#ledger-count")
    screenshot(page, "custody")
    with _case(served).connect(read_only=True) as con:
        verified = [e for e in read_ledger(con) if e.event.event_type == "verified"]
    assert verified and verified[-1].event.actor == "alice"


def test_a_bundle_downloads(served: Served) -> None:
    with served.client("bob") as client:
        built = post(client, f"/cases/{served.case_id}/custody/bundle",
                     {"reason": "disclosure to the defence"})
        assert built.status_code == 200, built.text[:300]
        href = re.search(r'id="bundle-download" href="([^"]+)"', built.text)
        assert href
        got = client.get(href.group(1))
        assert got.status_code == 200
        assert got.headers["content-type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(got.content)) as bundle:
            assert "verify_bundle.py" in bundle.namelist()
        custody = client.get(f"/cases/{served.case_id}/custody")
        assert href.group(1).rsplit("/", 1)[1] in custody.text  # listed with the files
    with _case(served).connect(read_only=True) as con:
        exported = [e for e in read_ledger(con, event_type="exported")
                    if (e.event.item_id or "").startswith("bundle:")]
    assert exported[-1].event.purpose == "disclosure to the defence"
    assert exported[-1].event.item_sha256 == sha256(got.content).hexdigest()


def test_a_refused_bundle_says_why_in_the_page(served: Served) -> None:
    # alice (TLP:AMBER) may not hand out a bundle of every exhibit (the CAVIAR network
    # is TLP:RED): the htmx fragment says so in place of the result, the gate records it
    with served.client("alice") as client:
        refused = client.post(f"/cases/{served.case_id}/custody/bundle",
                              data={"reason": "court bundle"},
                              headers={"HX-Request": "true",
                                       "X-CSRF-Token": csrf_of(client)})
        assert refused.status_code == 200 and 'role="alert"' in refused.text
        assert "may not" in refused.text and "bundle-download" not in refused.text
    with _case(served).connect(read_only=True) as con:
        assert any(r.operation == "bundle" and r.outcome == "denied"
                   for r in audit_records(con, actor="alice"))


def test_downloads_are_only_what_the_ledger_records_producing(served: Served) -> None:
    planted = served.folder / "lantern" / "reports" / "planted.pdf"
    planted.parent.mkdir(exist_ok=True)
    planted.write_bytes(b"%PDF-1.4 not made by the case")
    base = f"/cases/{served.case_id}/download/"
    try:
        with served.client("bob") as client:
            for name in ("..%2F..%2Fcase.duckdb", "..%2Fcase.json", "%2Fetc%2Fpasswd",
                         "/etc/passwd", quote(str(served.folder / "lantern" / "case.duckdb")),
                         "case.duckdb", "planted.pdf", "reports%2Fplanted.pdf"):
                response = client.get(base + name)
                assert response.status_code == 404, name
                assert b"DUCK" not in response.content and b"not made" not in response.content
    finally:  # a file the case did not produce must not reach another test's bundle
        planted.unlink()


def test_the_auditor_sees_the_consultations_and_alice_does_not(served: Served) -> None:
    with served.client("alice") as client:
        assert client.get(f"/cases/{served.case_id}").status_code == 200  # consults
        mine = client.get(f"/cases/{served.case_id}/custody")
        assert mine.status_code == 200
        assert "audit-table" not in mine.text and "Audit trail" not in mine.text
        assert client.get(f"/cases/{served.case_id}/custody",
                          params={"actor": "bob"}).text.count("audit-table") == 0
    with served.client("audrey") as client:
        trail = client.get(f"/cases/{served.case_id}/custody",
                           params={"actor": "alice", "operation": "sources"})
        assert trail.status_code == 200 and 'id="audit-table"' in trail.text
        rows = re.findall(r'<tr class="outcome-[a-z]+">(.*?)</tr>', trail.text, re.S)
        assert rows, _text(trail.text)[-800:]
        for row in rows:
            cells = _text(row)
            assert " alice " in f" {cells} " and " sources " in cells and " web " in cells
    with _case(served).connect(read_only=True) as con:  # the audit view is audited
        assert any(r.operation == "audit" and r.actor == "audrey"
                   for r in audit_records(con))


def test_the_auditor_filters_the_trail_in_the_browser_and_sees_who_consulted(
        page: Any, served: Served) -> None:
    """audrey, the auditor, in the browser: the custody page's audit trail filtered to
    alice's consultations (``show``) of Kemal Aydin, found by his id, each row naming
    her, the operation, the web and the one entity; then Kemal Aydin's dossier, where
    she sees who consulted him and none of his values (auditors see the trail, not the
    evidence)."""
    kemal = "cdr-line-4915112223333"
    with served.client("alice") as client:  # what audrey will find: alice's visits
        assert client.get(f"/cases/{served.case_id}").status_code == 200
        assert client.get(f"/cases/{served.case_id}/entity/{kemal}").status_code == 200
    browser_login(page, served, "audrey")
    page.goto(f"{served.url}/cases/{served.case_id}/custody")
    page.fill("input[name=actor]", "alice")
    page.select_option("select[name=operation]", "show")
    page.fill("input[name=entity]", kemal)  # by id: an auditor sees no names
    page.click("#audit ~ form button[type=submit]")
    page.wait_for_url("**/custody?*actor=alice*")
    rows = page.locator("#audit-table tbody tr").all_inner_texts()
    assert rows and all("alice" in r and "show" in r and "web" in r for r in rows)
    assert all("1 entity" in r for r in rows)  # each a consultation of Kemal Aydin
    assert re.search(r"Showing records 1–\d+ of \d+", page.inner_text("#audit-count"))
    screenshot(page, "audit")
    page.goto(f"{served.url}/cases/{served.case_id}/entity/{kemal}")
    consulted = page.inner_text("#consultations")
    assert "alice" in consulted and "show" in consulted
    assert "Kemal Aydin" not in page.inner_text("main") and page.locator(
        "text=calls.csv").count() == 0
    assert "audrey" in page.inner_text("header")  # the auditor's own view
    screenshot(page, "audit-consultations")


def test_no_chart_is_drawn_in_research_mode(served: Served) -> None:
    with served.client("rita") as client:
        chart = client.get(f"/cases/{served.case_id}/api/assess/trend.png",
                           params={"indicator": "IC3 complaints"})
        assert chart.status_code == 403 and "research mode" in chart.text
