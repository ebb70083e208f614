"""The timeline of selected entities and the map of the case (issue #22, item 4):
Kemal Aydin's calls with the names of the other party and their file and row, in the
browser and in the list view; the map drawn from local GeoJSON only (countries,
located entities, payment flows) with no request leaving the workspace; clearance and
research pseudonyms applied as in the dossier."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PIL import Image

from tnoc.govern.audit import audit_records
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

from ..conftest import first_records, records_with
from .conftest import DATA, Served, browser_login, guarded_page, screenshot, served_copy, settled

KEMAL = "cdr-line-4915112223333"


def test_the_timeline_of_kemal_aydin_shows_his_calls_with_the_other_partys_name(
        served: Served, page: Any) -> None:
    browser_login(page, served, "alice")
    page.goto(f"{served.url}/cases/{served.case_id}/timeline?entity={KEMAL}")
    page.wait_for_selector("#timeline[data-ready]")
    page.wait_for_selector("#timeline .vis-point:has-text('Jana Novak · Call (caller)')")
    chart = page.locator("#timeline .vis-item.vis-point")
    # the same items in the list view, for keyboard and screen-reader users
    listed = page.locator("table.timeline-list tbody tr").all_inner_texts()
    assert len(listed) == int(page.get_attribute("#timeline", "data-items"))
    # the chart opens on his 9 calls and messages; the file's custody events (its
    # intake today, and any bundle or verification other tests made) are further
    # right, outside the first view
    assert chart.count() == sum("custody:" not in r for r in listed) == 9
    assert any("custody: acquired" in r for r in listed)
    labels = chart.all_inner_texts()
    assert "Jana Novak · Call (caller)" in labels and "Jana Novak · Call (receiver)" in labels
    assert page.locator("#timeline .vis-label").first.inner_text() == "Kemal Aydin"
    chart.filter(has_text="Jana Novak · Call (caller)").first.hover()
    tip = page.wait_for_selector(".vis-tooltip")
    assert re.search(r"calls\.csv, row \d+", tip.inner_text())
    assert any("Jana Novak" in r and "calls.csv" in r and "row 1" in r for r in listed)
    screenshot(page, "timeline")


def _shows(served: Served, user: str) -> int:
    with Case.open(served.folder / "lantern").connect(read_only=True) as con:
        return sum(1 for r in audit_records(con) if r.operation == "show"
                   and r.via == "web" and r.actor == user and r.outcome == "allowed")


def test_the_timeline_lists_without_javascript_each_entity_consulted_and_cleared(
        served: Served) -> None:
    before = _shows(served, "alice")
    with served.client("alice") as client:
        answer = client.get(f"/cases/{served.case_id}/timeline",
                            params={"entity": [KEMAL, "Jana Novak"]})
        assert answer.status_code == 200
        assert "<h2>Kemal Aydin</h2>" in answer.text and "<h2>Jana Novak</h2>" in answer.text
        assert re.search(r"<td>2024-03-04T08:12:09</td><td>Call \(caller\)</td>"
                         r"<td>Jana Novak</td><td>calls.csv</td><td>row 1</td>", answer.text)
        assert "custody: acquired</td><td>calls.csv</td>" in answer.text
        facts = re.search(r"(\d+) dated facts\.", answer.text)
        assert facts and int(facts.group(1)) >= 10  # 9 calls and messages, custody events
        assert _shows(served, "alice") == before + 2  # one consultation per entity
        # a bank account of SAML-D: its payments, dated, with the other party named
        paid = client.get(f"/cases/{served.case_id}/timeline",
                          params={"entity": "samld-acct-1782263940"})
        assert paid.status_code == 200
        assert re.search(r"<td>2022-12-09T11:38:54</td><td>Payment \(payer\)</td>"
                         r"<td>[^<]*3455276355[^<]*</td><td>saml-d_sample_1k.csv</td>"
                         r"<td>row 1</td>", paid.text), paid.text[-3000:]
        # CAVIAR is TLP:RED, alice is cleared to TLP:AMBER: answered as no such entity
        refused = client.get(f"/cases/{served.case_id}/timeline",
                             params={"entity": "caviar-n1"})
        assert refused.status_code == 400 and "no entity" in refused.text


def test_the_map_draws_countries_located_entities_and_flows_from_local_data(
        served: Served, page: Any) -> None:
    browser_login(page, served, "alice")
    page.goto(f"{served.url}/cases/{served.case_id}/map")
    page.wait_for_selector("#map[data-ready]", timeout=30_000)
    drawn = page.evaluate("""() => ({
        land: window.tnocMap.queryRenderedFeatures({layers: ['land']}).length,
        places: window.tnocMap.queryRenderedFeatures({layers: ['places']}).length,
        flows: window.tnocMap.queryRenderedFeatures({layers: ['flows']}).length})""")
    assert drawn["land"] > 50 and drawn["places"] >= 1 and drawn["flows"] >= 1, drawn
    legend = page.inner_text(".legend")
    assert "Phone number: 8" in legend and "Payments: 34 routes" in legend
    assert "Kemal Aydin" in page.inner_text("main table")
    path = screenshot(page, "map")
    box = page.locator("#map").bounding_box()
    assert box is not None
    with Image.open(path) as shot:  # a blank WebGL canvas is one colour
        canvas = shot.convert("RGB").crop((int(box["x"]), int(box["y"]),
                                           int(box["x"] + box["width"]),
                                           int(box["y"] + box["height"])))
        assert len(canvas.getcolors(1 << 24) or []) > 20


def test_the_map_shows_a_researcher_pseudonyms_and_needs_a_login(served: Served) -> None:
    with served.client("rita") as client:
        page = settled(client, f"/cases/{served.case_id}/map/places")
        assert "Kemal Aydin" not in page and "pseudo-" in page
        countries = client.get("/geo/countries.geojson").json()
        assert len(countries["features"]) == 177
        assert {"iso2": "DE", "name": "Germany"}.items() <= {
            k: v for f in countries["features"] for k, v in f["properties"].items()
            if f["properties"]["iso2"] == "DE"}.items()
        # the same bytes every time: the browser asks again with their ETag, 304
        etag = client.get("/geo/countries.geojson").headers["etag"]
        again = client.get("/geo/countries.geojson", headers={"If-None-Match": etag})
        assert again.status_code == 304 and not again.content
    with served.client() as client:
        assert client.get("/geo/countries.geojson").url.path == "/login"


def test_the_maps_tables_are_paged_and_the_map_gets_every_place(
        served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """The located entities' table shows a page at a time (the demo case places 6,694
    entities: the whole table made the page 2 MB), the map's data every place, each
    with at most 10 names and the count."""
    import html
    import json

    from tnoc.web.routes import timeline_map

    monkeypatch.setattr(timeline_map, "PAGE", 3)
    path = f"/cases/{served.case_id}/map/places"
    with served.client("bob") as client:
        first = settled(client, path)
        total = int(re.search(r"Located entities \((\d+)\)", first).group(1))
        assert total > 6
        rows = re.findall(r"<tr><td>", first.split('id="located"')[1].split("</table>")[0])
        assert len(rows) == 3 and f"Showing 1–3 of {total}" in first
        second = settled(client, path + "?page=2")
        assert f"Showing 4–6 of {total}" in second and "Previous" in second
        last = settled(client, path + "?page=999")  # past the end: the last page
        assert f"of {total}" in last and "Next" not in last.split('id="located"')[1][:400]
        data = json.loads(html.unescape(re.search(r'data-map="([^"]*)"', first).group(1)))
        assert sum(p["entities"] for p in data["places"]) == total
        assert all(len(p["names"]) <= 10 for p in data["places"])


def test_the_map_draws_every_kind_of_place_and_flow_in_the_browser(
        served: Served, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The kinds the shared case lacks, on a copy of it: Feodo Tracker's botnet C2
    servers (IP addresses placed by the offline RIR/GeoLite2 databases); the first
    1,500 listings of Agora's January 2014 crawl (each vendor account placed by its
    listings' ships-from text, and the darknet supply routes, ships-from -> ships-to:
    Canada -> US and US -> China among them); the OFAC SDN entries with a digital
    currency address (each wallet placed by its holder's country); and UNODC's GLOTIP
    detected victims (the victim flows, citizenship -> country of detection): drawn by
    the browser as circles and lines of their own colours, the legend counting what
    the library's map counts."""
    from tnoc.assess.casemap import case_map

    copy = served_copy(served, tmp_path_factory)
    atlas = next(copy)
    try:
        case = Case.open(atlas.folder / "lantern")
        ingest_file(case, "feodotracker",
                    DATA / "malware" / "feodotracker_ipblocklist_2021-10-02.csv",
                    IngestOptions(handling_code="TLP:CLEAR"))
        ingest_file(case, "agora_listings", first_records(
                        DATA / "markets" / "agora-products-2014-01-01.csv", 1500, atlas.folder),
                    IngestOptions(handling_code="TLP:AMBER"))
        ingest_file(case, "ofac_sdn", records_with(
                        DATA / "sanctions" / "ofac_sdn_2024-05-03.csv",
                        "Digital Currency Address", atlas.folder),
                    IngestOptions(handling_code="TLP:CLEAR"))
        ingest_file(case, "unodc_glotip", DATA / "trafficking" / "unodc_glotip.xlsx",
                    IngestOptions(handling_code="TLP:CLEAR"))
        with case.connect(read_only=True) as con:  # alice's clearance: TLP:AMBER
            expected = case_map(con, ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER"])
        kinds = expected.kinds()
        assert kinds["ip"] > 0 and kinds["place"] > 0 and kinds["wallet"] > 0
        assert expected.flows["listings"] and expected.flows["victims"]
        with guarded_page(browser, atlas.url) as page:
            browser_login(page, atlas, "alice")
            page.goto(f"{atlas.url}/cases/{atlas.case_id}/map")
            page.wait_for_selector("#map[data-ready]", timeout=60_000)
            legend = page.inner_text(".legend")
            assert f"IP address: {kinds['ip']:,}" in legend
            assert f"Place: {kinds['place']:,}" in legend
            assert f"Darknet supply: {len(expected.flows['listings']):,} routes" in legend
            assert f"Wallet: {kinds['wallet']:,}" in legend
            assert f"Trafficking victims: {len(expected.flows['victims']):,} routes" in legend
            drawn = page.evaluate("""() => {
                const kinds = (layer) => [...new Set(window.tnocMap.queryRenderedFeatures(
                    {layers: [layer]}).map(f => f.properties.kind))].sort();
                return {places: kinds('places'), flows: kinds('flows')}; }""")
            assert {"ip", "phone", "place", "wallet"} <= set(drawn["places"]), drawn
            assert {"listings", "payments", "victims"} <= set(drawn["flows"]), drawn
            screenshot(page, "map-kinds")
        # a vendor placed on the map: its listings on its timeline, each with file and row
        vendor = next(str(r["entity_id"]) for r in expected.located if r["kind"] == "place")
        with atlas.client("alice") as client:
            listed = client.get(f"/cases/{atlas.case_id}/timeline", params={"entity": vendor})
        assert listed.status_code == 200
        assert re.search(r"<td>DarknetListing \([a-zA-Z]+\)</td><td>[^<]*</td>"
                         r"<td>agora-products-2014-01-01.csv</td><td>row \d+</td>",
                         listed.text), listed.text[-3000:]
    finally:
        next(copy, None)

