"""The review queue of entity resolution and the triage of typology alerts (issue #22):
a pair judged with the keyboard in the browser and one rejected over HTTP, both recorded
as ``tnoc review`` records them; an alert disposed of as a false positive with a reason,
listed with who and why, audited and in the custody ledger; CSRF and a researcher
refused. The shared case's candidates come from resolving the call records, its alerts
from the typologies over the SAML-D payments (tests/web/conftest.py, build_case)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tnoc.govern.audit import audit_records
from tnoc.money.dispositions import alert_runs, stored_alerts
from tnoc.query_results import has_table
from tnoc.resolve.review import CandidatePair, pair_evidence
from tnoc.store import Case

from .conftest import (
    Served,
    browser_login,
    guarded_page,
    post,
    screenshot,
    served_copy,
    serving,
)


@pytest.fixture(scope="module")
def served(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A copy of the shared workspace: these tests judge pairs and triage alerts."""
    yield from served_copy(served, tmp_path_factory)


def _case(served: Served) -> Case:
    return Case.open(served.folder / "lantern")


def _judgements(served: Served) -> list[tuple[str, str, str, str, str]]:
    with _case(served).connect(read_only=True) as con:
        return [tuple(r) for r in con.execute(  # type: ignore[misc]
            "SELECT left_id, right_id, verdict, author, note FROM judgements ORDER BY seq"
        ).fetchall()]


def _trail(served: Served, operation: str) -> list[tuple[str, str, str]]:
    with _case(served).connect(read_only=True) as con:
        return [(r.actor, r.outcome, r.via) for r in audit_records(con)
                if r.operation == operation]


def _pair_on(page_html: str) -> tuple[str, str]:
    left = re.search(r'name="left" value="([^"]*)"', page_html)
    right = re.search(r'name="right" value="([^"]*)"', page_html)
    assert left and right, page_html[:800]
    return left.group(1), right.group(1)


def test_accept_a_pair_in_the_browser_with_the_a_key(page: Any, served: Served) -> None:
    browser_login(page, served, "alice")
    page.click("nav >> text=Review")
    page.wait_for_url("**/review")
    left = page.locator("input[name=left]").get_attribute("value")
    right = page.locator("input[name=right]").get_attribute("value")
    heading = page.locator("#pair-title").inner_text()
    assert "Novak" in heading  # the most uncertain pair: the Splink one, by name
    weights = page.locator("table.weights").inner_text()
    assert "contacts" in weights and "prior" in weights and "shared" in weights
    side = page.locator("table.side-by-side").inner_text()
    assert "calls.csv" in side and "Jana Novak" in side  # values with their file
    assert page.locator("table.side-by-side .tlp-amber").count() >= 2
    screenshot(page, "review")
    page.keyboard.press("a")  # no reason yet: the field asks for one, nothing is sent
    assert page.evaluate("document.activeElement.id") == "reason"
    page.fill("#reason", "same mobile number, J. is Jana in the subscriber file")
    page.press("#reason", "Escape")
    page.keyboard.press("a")
    page.wait_for_selector("#judged")
    assert "accepted" in page.locator("#judged").inner_text()
    judged = [j for j in _judgements(served) if {j[0], j[1]} == {left, right}]
    assert judged == [(left, right, "positive", "alice",
                       "same mobile number, J. is Jana in the subscriber file")]
    assert ("alice", "allowed", "web") in _trail(served, "judge")


def test_unsure_and_reject_in_the_browser_with_the_u_and_r_keys(
        browser: Any, web_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The other two keys, on a copy of the case as built (its two candidate pairs,
    which the other tests judge): u records the pair shown as unsure, r the other one
    as not the same, each with the reason typed, in the judgements and the trail."""
    folder = tmp_path_factory.mktemp("review-keys") / "workspace"
    shutil.copytree(web_folder, folder)
    with serving(folder) as own, guarded_page(browser, own.url) as page:
        browser_login(page, own, "bob")
        for key, verdict, reason in (("u", "unsure", "two Jana Novaks in Brno, no date"),
                                     ("r", "negative", "different subscribers")):
            page.goto(f"{own.url}/cases/{own.case_id}/review")
            left = page.locator("input[name=left]").get_attribute("value")
            right = page.locator("input[name=right]").get_attribute("value")
            page.fill("#reason", reason)
            page.press("#reason", "Escape")
            page.keyboard.press(key)
            page.wait_for_selector("#judged")
            judged = [j for j in _judgements(own) if {j[0], j[1]} == {left, right}]
            assert judged == [(left, right, verdict, "bob", reason)]
        assert len(_judgements(own)) == 2
        assert _trail(own, "judge").count(("bob", "allowed", "web")) == 2


def test_reject_a_pair_with_a_reason(served: Served) -> None:
    review = f"/cases/{served.case_id}/review"
    with served.client("bob") as client:
        left, right = _pair_on(client.get(review).text)
        before = _judgements(served)
        refused = post(client, review, {"left": left, "right": right,
                                        "verdict": "negative", "reason": "  "})
        assert refused.status_code == 400 and "needs a reason" in refused.text
        assert _judgements(served) == before
        done = post(client, review, {"left": left, "right": right, "verdict": "negative",
                                     "reason": "different subscribers"})
        assert done.status_code == 200 and "rejected" in done.text
        assert 'id="empty"' in done.text or _pair_on(done.text) != (left, right)
    assert _judgements(served)[len(before):] == [
        (left, right, "negative", "bob", "different subscribers")]
    assert ("bob", "allowed", "web") in _trail(served, "judge")


def test_disposition_an_alert_as_false_positive(page: Any, served: Served) -> None:
    browser_login(page, served, "alice")
    page.click("nav >> text=Alerts")
    page.wait_for_url("**/alerts")
    rows = page.locator("table.alerts tbody tr")
    assert rows.count() == 4
    first = rows.first
    alert = first.get_attribute("data-alert")
    assert alert
    text = first.inner_text()
    assert "GBP" in text and "FAN-" in text  # amounts with their currency, the rule
    first.locator("select[name=disposition]").select_option("false positive")
    first.locator("input[name=reason]").fill("payroll of a cleaning firm, known customer")
    first.locator("button[type=submit]").click()
    page.wait_for_load_state()
    row = page.locator(f"tr[data-alert='{alert}']")
    shown = row.locator("td.disposition").inner_text()
    assert "false positive" in shown and "alice" in shown
    assert "payroll of a cleaning firm, known customer" in shown
    screenshot(page, "alerts")
    page.select_option("#shown-disposition", "false positive")
    page.click("text=Filter")
    page.wait_for_url("**disposition=false+positive**")
    assert page.locator("table.alerts tbody tr").count() == 1
    with _case(served).connect(read_only=True) as con:
        kept = con.execute("SELECT disposition, reason, actor FROM alert_dispositions "
                           "WHERE alert_id = ?", [alert]).fetchall()
        ledger = con.execute("SELECT actor, details FROM custody_events WHERE item_id = ?",
                             [alert]).fetchall()
    assert kept == [("false positive", "payroll of a cleaning firm, known customer",
                     "alice")]
    assert [(a, json.loads(d)["disposition"]) for a, d in ledger] == [
        ("alice", "false positive")]
    assert ("alice", "allowed", "web") in _trail(served, "disposition")


def test_a_disposition_without_csrf_or_reason_is_refused(served: Served) -> None:
    path = f"/cases/{served.case_id}/alerts/disposition"
    with served.client("bob") as client:
        alert = re.search(r'data-alert="([^"]*)"',
                          client.get(f"/cases/{served.case_id}/alerts").text)
        assert alert
        form = {"alert": alert.group(1), "disposition": "escalated", "reason": "to FIU"}
        assert client.post(path, data=form).status_code == 403
        assert client.post(f"/cases/{served.case_id}/review",
                           data={"left": "a", "right": "b", "verdict": "positive",
                                 "reason": "x"}).status_code == 403
        no_reason = post(client, path, {**form, "reason": ""})
        assert no_reason.status_code == 400 and "needs a reason" in no_reason.text
        unknown = post(client, path, {**form, "disposition": "ignored"})
        assert unknown.status_code == 400 and "unknown disposition" in unknown.text
    with _case(served).connect(read_only=True) as con:  # none by bob, whether or not
        assert not has_table(con, "alert_dispositions") or con.execute(  # another test
            "SELECT count(*) FROM alert_dispositions WHERE actor = 'bob'"  # made the table
        ).fetchall() == [(0,)]


def test_a_researcher_is_refused_the_disposition(served: Served) -> None:
    with served.client("rita") as client:
        alerts = f"/cases/{served.case_id}/alerts"
        assert client.get(alerts).status_code == 403
        with _case(served).connect(read_only=True) as con:
            alert = con.execute("SELECT min(entity_id) FROM statement_store WHERE "
                                "schema = 'TypologyAlert'").fetchall()[0][0]
        refused = post(client, alerts + "/disposition",
                       {"alert": alert, "disposition": "confirmed", "reason": "looks bad"})
        assert refused.status_code == 403 and "rita may not disposition" in refused.text
    assert ("rita", "denied", "web") in _trail(served, "disposition")
    from tnoc.query_results import has_table

    with _case(served).connect(read_only=True) as con:  # made by a first disposition
        assert not has_table(con, "alert_dispositions") or con.execute(
            "SELECT count(*) FROM alert_dispositions WHERE actor = 'rita'"
        ).fetchall() == [(0,)]


def test_values_above_the_readers_clearance_are_left_out_of_a_pair(served: Served) -> None:
    """A reader cleared below a pair's sources sees neither its values nor the names
    made from them (the call records are TLP:AMBER; here only TLP:CLEAR is visible)."""
    with _case(served).connect(read_only=True) as con:
        row = con.execute("SELECT left_id, right_id, method, match_probability, reason, "
                          "details::VARCHAR FROM candidate_links WHERE method = 'splink' "
                          "ORDER BY left_id LIMIT 1").fetchall()[0]
        pair = CandidatePair(*row)
        hidden = pair_evidence(con, pair, ["TLP:CLEAR"])
        seen = pair_evidence(con, pair, None)
    assert (hidden.left, hidden.right) == ([], [])
    assert (hidden.left_name, hidden.right_name) == (pair.left_id, pair.right_id)
    assert hidden.left_out == len(seen.left) + len(seen.right) > 0
    assert seen.left_out == 0 and "Novak" in seen.left_name + seen.right_name
    assert seen.match_weight is not None and seen.prior_weight is not None
    assert abs(seen.match_weight - (seen.prior_weight + sum(w.weight for w in seen.weights))
               ) < 1e-9


def test_alerts_are_paged_and_filtered_in_the_store(served: Served) -> None:
    """A page of alerts says how many match in all (the demo case holds 17,007), and the
    typology filter and the money per currency come from the stored run."""
    with _case(served).connect(read_only=True) as con:
        runs = alert_runs(con)
        first = stored_alerts(con, runs, limit=2)
        rest = stored_alerts(con, runs, limit=2, offset=2)
        fan_out = stored_alerts(con, runs, typology="FAN-OUT")
        nothing = stored_alerts(con, [], limit=2)
    assert (len(first.alerts), first.matching, rest.matching) == (2, 4, 4)
    assert {a.alert_id for a in first.alerts}.isdisjoint(a.alert_id for a in rest.alerts)
    assert first.typologies == ["FAN-IN", "FAN-OUT"]
    assert [a.typology for a in fan_out.alerts] == ["FAN-OUT", "FAN-OUT"]
    assert {"EUR", "GBP"} == {c for a in fan_out.alerts for c in a.totals}
    assert all(a.transfers == 2 and a.first and a.last for a in fan_out.alerts)
    assert (nothing.alerts, nothing.matching) == ([], 0)
