"""The money page (issue #22, "money"): a trace of the SAML-D sample hop by hop in the
browser, its Sankey flows checked against the library's layout, amounts per currency
never added across currencies, and the gate (a researcher, a member without the
clearance)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tnoc.govern.audit import audit_records
from tnoc.money.sankey import sankey
from tnoc.money.trace import trace, trace_back
from tnoc.money.transfers import build_transfers
from tnoc.store import Case

from .conftest import PURPOSE, Served, browser_login, screenshot

ACCOUNT = "samld-acct-5093265040"
"""An account of the SAML-D sample whose money goes on two hops, from UK pounds
(payment row 409) into Swiss francs."""


def _library_trace(served: Served, account: str, hops: int, backward: bool = False,
                   policy: str = "poison") -> Any:
    with Case.open(served.folder / "lantern").connect(read_only=True) as con:
        transfers = build_transfers(con, ())
        if backward:
            return trace_back(con, transfers, [account], hops)
        return trace(con, transfers, [account], policy, hops)


@pytest.fixture(scope="module")
def alice(served: Served) -> Iterator[httpx.Client]:
    """Alice (analyst, TLP:AMBER) logged in once for this module's HTTP tests."""
    with served.client("alice") as client:
        yield client


@pytest.fixture(scope="module")
def traced_page(served: Served, alice: httpx.Client) -> str:
    """Alice's page of the two-hop poison trace of :data:`ACCOUNT` (fetched once)."""
    page = alice.get(f"/cases/{served.case_id}/money/trace",
                     params={"account": ACCOUNT, "policy": "poison", "hops": 2})
    assert page.status_code == 200, page.text[:400]
    return page.text


def test_a_trace_two_hops_forward_in_the_browser(page: Any, served: Served) -> None:
    browser_login(page, served, "alice")
    page.click("nav.case-nav >> text=Money")
    page.wait_for_selector("#busiest tbody tr")
    page.fill("#account", "5093265040")  # by its account number, as an analyst types it
    page.select_option("#policy", "poison")
    page.select_option("#hops", "2")
    page.click(".money-form button[type=submit]")
    page.wait_for_selector("section.hop[data-hop='2']")
    first = page.locator("section.hop[data-hop='1'] li.payment").first
    assert first.locator(".payer").inner_text() == "account 5093265040"
    assert first.locator(".beneficiary").inner_text() == "account 3599718593"
    assert first.locator(".amount").inner_text() == "GBP 4,648.61"
    assert first.get_attribute("title") == "saml-d_sample_1k.csv, row 409"
    second = page.locator("section.hop[data-hop='2'] li.payment").first
    assert second.locator(".beneficiary").inner_text() == "account 1151459665"
    assert second.locator(".amount").inner_text() == "CHF 10,636.95"
    assert page.locator("#rule").inner_text() == "poison"
    screenshot(page, "money-trace")
    page.locator("h2", has_text="Flows").evaluate("heading => heading.scrollIntoView()")
    screenshot(page, "money-sankey")


def test_the_sankey_draws_the_librarys_links_one_diagram_per_currency(
        served: Served, traced_page: str) -> None:
    result = _library_trace(served, ACCOUNT, 2)
    expected = sankey(result.flows, {})
    figures = re.findall(r'<figure class="sankey" data-currency="([^"]*)">(.*?)</figure>',
                         traced_page, re.S)
    assert [c for c, _ in figures] == [d.currency for d in expected] == ["CHF", "GBP"]
    for (_, svg), diagram in zip(figures, expected, strict=True):
        paths = re.findall(r'<path class="sankey-link" d="([^"]*)"', svg)
        assert paths == [link.path for link in diagram.links] and paths
        assert len(re.findall(r'<li class="return">', svg)) == len(diagram.returns) == 0
        assert len(re.findall(r'<rect class="sankey-node', svg)) == len(diagram.nodes)


def test_amounts_are_never_added_across_currencies(traced_page: str) -> None:
    page = traced_page
    totals = re.search(r'<table class="listing compact" id="hop-totals">(.*?)</table>',
                       page, re.S)
    assert totals
    cells = re.findall(r"<td>(\d+)</td><td class=\"num money\">([^<]*)</td>", totals.group(1))
    # GBP 4,648.61 + CHF 10,636.95 would be 15,285.56 in no currency at all
    assert cells == [("1", "GBP 4,648.61"), ("2", "CHF 10,636.95")]
    assert "15,285.56" not in page


def test_a_backward_trace_follows_the_money_to_its_origin(served: Served) -> None:
    result = _library_trace(served, "samld-acct-3599718593", 2, backward=True)
    assert result.flows and all(f.hop >= 1 for f in result.flows)
    with served.client("bob") as client:
        page = client.get(f"/cases/{served.case_id}/money/trace",
                          params={"account": "samld-acct-3599718593",
                                  "direction": "backward", "hops": 2}).text
    assert "Where the money came from" in page
    assert "account 5093265040" in page  # it paid the GBP 4,648.61 in at hop 1
    assert f"{len(result.flows):,} traced payment" in page


def test_a_researcher_sees_pseudonyms_and_may_not_trace(served: Served) -> None:
    with served.client("rita") as client:
        listing = client.get(f"/cases/{served.case_id}/money")
        traced = client.get(f"/cases/{served.case_id}/money/trace",
                            params={"account": ACCOUNT})
    assert listing.status_code == 200
    assert "Accounts with the most payments" in listing.text
    assert "samld-acct-" not in listing.text and "account 7830146918" not in listing.text
    assert "pseudo-" in listing.text
    assert traced.status_code == 403  # a trace is the 'money' operation, as in the CLI
    with Case.open(served.folder / "lantern").connect(read_only=True) as con:
        seen = {(r.actor, r.operation, r.outcome, r.via) for r in audit_records(con)}
    assert ("rita", "money listing", "allowed", "web") in seen
    assert ("rita", "money", "denied", "web") in seen


def test_a_trace_is_audited_with_the_purpose(served: Served, traced_page: str) -> None:
    with Case.open(served.folder / "lantern").connect(read_only=True) as con:
        traces = [r for r in audit_records(con)
                  if r.actor == "alice" and r.operation == "money" and r.via == "web"]
    assert traces and all(r.outcome == "allowed" and r.purpose == PURPOSE for r in traces)


def test_a_wrong_account_or_rule_is_a_clear_error(served: Served,
                                                  alice: httpx.Client) -> None:
    base = f"/cases/{served.case_id}/money/trace"
    missing = alice.get(base, params={"account": "no such account at all"})
    rule = alice.get(base, params={"account": ACCOUNT, "policy": "lifo"})
    deep = alice.get(base, params={"account": ACCOUNT, "hops": 40})
    assert missing.status_code in (400, 404) and "no such account at all" in missing.text
    assert rule.status_code == 400 and "poison, haircut, fifo" in rule.text
    assert deep.status_code == 400 and "hops" in deep.text


def test_a_crowded_column_groups_its_smaller_accounts_and_says_how_many(
        served: Served) -> None:
    # account 7830146918 pays two accounts in one hop: with room for one node per
    # column, both are "2 other accounts" and the one link carries both payments
    result = _library_trace(served, "samld-acct-7830146918", 1)
    assert len({f.beneficiary for f in result.flows}) == 2
    (diagram,) = sankey(result.flows, {}, max_per_column=1)
    assert diagram.grouped == 2
    assert [n.label for n in diagram.nodes if n.column == 1] == ["2 other accounts"]
    (link,) = diagram.links
    assert link.payments == 2
    assert link.value == pytest.approx(sum(f.tainted for f in result.flows))


def test_backward_follows_each_currency_on_its_own(served: Served) -> None:
    # 3599718593 received GBP 4,648.61 from 5093265040 in February and paid CHF
    # 10,636.95 to 1151459665 in June: traced back from 1151459665 the CHF payment is
    # hop 1, and the GBP receipt is not its origin (no exchange is traced through)
    back = _library_trace(served, "samld-acct-1151459665", 2, backward=True)
    hops = {(f.payer, f.beneficiary, f.currency): f.hop for f in back.flows}
    assert hops[("samld-acct-3599718593", "samld-acct-1151459665", "CHF")] == 1
    assert ("samld-acct-5093265040", "samld-acct-3599718593", "GBP") not in hops
    # traced back from 3599718593 itself, the GBP receipt is hop 1
    direct = _library_trace(served, "samld-acct-3599718593", 2, backward=True)
    assert ("samld-acct-5093265040", "GBP", 1) in {
        (f.payer, f.currency, f.hop) for f in direct.flows}
    assert all(f.tainted == f.amount for f in back.flows + direct.flows)  # poison
