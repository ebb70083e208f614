"""Darknet markets in the case (issue #24, items 1, 5, 6), on the shipped Agora crawls
and the UNODC World Drug Report 2024 annex: the case's listing flows read by the one
place parser (tnoc.markets.locations) and drawn on the map, `markets flows|dynamics
--case` kept as statements with provenance, the strictest handling code and a custody
entry, and the listings beside UNODC seizures and prices in the threat assessment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"
FEBRUARY = DATA / "markets" / "agora-products-2014-02-01.csv"
VENDOR_PAGES = DATA / "markets" / "agora_vendor_pages_2014-01.csv"
SEIZURES = DATA / "drugs" / "unodc_wdr2024_drug_seizures_2018_2022.json"
PRICES = DATA / "drugs" / "unodc_wdr2024_drug_prices.json"


@pytest.fixture(scope="module")
def market_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """The February 2014 product crawl ("From: USA To: USA"), the January vendor pages
    (places split across two fields; TLP:RED here) and the two UNODC tables."""
    case = Case.init(tmp_path_factory.mktemp("markets") / "case")
    ingest_file(case, "agora_listings", FEBRUARY)
    ingest_file(case, "agora_vendor_pages", VENDOR_PAGES, IngestOptions(handling_code="TLP:RED"))
    ingest_file(case, "unodc_drug_seizures", SEIZURES)
    ingest_file(case, "unodc_drug_prices", PRICES)
    return case


def _json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "--json", "--all"])
    assert result.exit_code == 0, (result.output, result.exception)
    return dict(json.loads(result.stdout))


def test_the_case_flows_use_the_one_parser_and_reach_the_map(market_case: Case) -> None:
    """assess/flows.listing_flows reads ships-from/to with tnoc.markets.locations: the
    February format and Torland read, a vendor page's "Hong" / "Kong" read as Hong
    Kong; the workspace map draws darknet supply lines between two countries."""
    from tnoc.assess.casemap import case_map
    from tnoc.assess.flows import listing_flows

    with market_case.connect(read_only=True) as con:
        matrix = listing_flows(con)
        drawn = case_map(con)
    weights = {(f.origin, f.destination): f.weight for f in matrix.flows}
    assert weights[("US", "US")] > 500  # "From: USA To: USA" (February 2014)
    assert any(o == "HK" for o, _ in weights)  # "Hong" + "Kong" on a vendor page
    assert any(o.startswith("(Torland") for o, _ in weights)  # a class, not unread
    assert "Torland" not in matrix.unresolved and "Hong" not in matrix.unresolved
    assert matrix.parameters["parser"] == "tnoc.markets.locations"
    # most listings ship worldwide (no line) or inside their country (counted): the
    # February crawl draws five lines, US -> China the widest
    lines = {(r["origin"], r["destination"]): r["weight"] for r in drawn.flows["listings"]}
    assert max(lines, key=lines.__getitem__) == ("US", "CN") and len(lines) >= 5
    assert drawn.domestic["listings"] > 1000


def test_one_count_of_listing_flows(market_case: Case) -> None:
    """`tnoc markets flows --case` and assess/flows.listing_flows (the report's table and
    Sankey, `assess flows listings`, the map) are one computation: on the February crawl
    and the vendor pages they agree flow by flow, in whole listings; a listing naming
    several destinations counts in each, once in the total."""
    from tnoc.assess.flows import listing_flows
    from tnoc.markets.case import case_flows, case_listings

    with market_case.connect(read_only=True) as con:
        assessed = listing_flows(con)
        matrix, _ = case_flows(case_listings(con), "country")
    by_label: dict[tuple[str, str], int] = {}
    for f in matrix.flows:
        key = (f.origin_code, f.destination_code)
        by_label[key] = by_label.get(key, 0) + f.listings
    assert {(f.origin, f.destination): f.weight for f in assessed.flows} == by_label
    assert all(f.weight == int(f.weight) for f in assessed.flows)  # whole listings
    cli = _json("markets", "flows", "-c", str(market_case.root))
    assert cli["listings"] == assessed.parameters["listings"] == matrix.listings
    rows = cli["rows"]
    assert isinstance(rows, list) and len(rows) == len(matrix.flows)
    us = next(r["listings"] for r in rows
              if r["origin"] == "United States" and r["destination"] == "United States")
    assert us == by_label[("US", "US")]
    assert sum(r["listings"] for r in rows) == sum(by_label.values()) > matrix.listings
    assert assessed.parameters["several"] == matrix.several > 0


def test_flows_on_the_case_equal_the_file_and_are_kept(market_case: Case) -> None:
    """`markets flows --case --source FILE` gives the flows `markets flows FILE` gives
    (one crawl: a row is a listing); the flows are kept as MarketFlow statements under
    an analysis source with an 'analysed' custody entry naming the crawl."""
    on_file = _json("markets", "flows", str(FEBRUARY))
    in_case = _json("markets", "flows", "-c", str(market_case.root), "--source",
                    FEBRUARY.name)
    assert in_case["rows"] == on_file["rows"]
    assert in_case["files"] == on_file["files"] == [FEBRUARY.name]  # names, not ids
    assert in_case["domestic_share"] == on_file["domestic_share"] == 0.3588
    run = f"analysis-market-flows-{in_case['run_id']}"
    with market_case.connect(read_only=True) as con:
        code, = con.execute("SELECT handling_code FROM sources WHERE source_id = ?",
                            [run]).fetchone() or (None,)
        us = con.execute(
            "SELECT f.value FROM statements f JOIN statements o USING (entity_id) "
            "WHERE f.source_id = ? AND f.prop = 'listings' AND o.prop = 'originCountry' "
            "AND o.value = 'us' AND entity_id IN (SELECT entity_id FROM statements "
            "WHERE prop = 'destinationCountry' AND value = 'us')", [run]).fetchall()
        entry = con.execute("SELECT method, details FROM custody_events WHERE item_id = ? "
                            "AND event_type = 'analysed'", [run]).fetchone()
    top = next(r for r in on_file["rows"]  # type: ignore[attr-defined]
               if r["origin"] == "United States" and r["destination"] == "United States")
    assert us == [(str(top["listings"]),)]
    assert code == "TLP:AMBER"  # the February crawl's code (the default)
    assert entry is not None and entry[0] == "tnoc markets flows"
    assert json.loads(entry[1])["sources"] == in_case["sources"]


def test_dynamics_on_the_case_keeps_its_run_under_the_strictest_code(market_case: Case
                                                                     ) -> None:
    """Distinct listings per crawl date, as the February file gives them (its rows'
    distinct listing ids per date); the product crawl and the vendor pages together are
    refused (two kinds of crawl); the vendor pages' run (TLP:RED) is kept TLP:RED with
    one MarketBreak per break found."""
    import csv

    document = _json("markets", "dynamics", "-c", str(market_case.root), "--measure",
                     "listings", "--source", FEBRUARY.name)
    with open(FEBRUARY, newline="", encoding="utf-8") as handle:
        per_date: dict[str, set[str]] = {}
        for row in csv.DictReader(handle):
            per_date.setdefault(row["date"], set()).add(row["list"])
    assert {r["date"]: r["count"] for r in document["rows"]} == {  # type: ignore[attr-defined]
        d: len(ids) for d, ids in per_date.items()}
    # the product crawl and the vendor pages are different kinds of crawl: refused,
    # naming them and --source, nothing kept
    mixed = CliRunner().invoke(app, ["markets", "dynamics", "-c", str(market_case.root)])
    assert mixed.exit_code != 0 and isinstance(mixed.exception, TnocError)
    message = " ".join(str(mixed.exception).split())
    assert f"product crawl: {FEBRUARY.name}" in message
    assert f"vendor pages: {VENDOR_PAGES.name}" in message and "--source" in message
    everything = _json("markets", "dynamics", "-c", str(market_case.root), "--source",
                       VENDOR_PAGES.name)
    run = f"analysis-market-dynamics-{everything['run_id']}"
    with market_case.connect(read_only=True) as con:
        code, = con.execute("SELECT handling_code FROM sources WHERE source_id = ?",
                            [run]).fetchone() or (None,)
        breaks = con.execute("SELECT count(DISTINCT entity_id) FROM statements WHERE "
                             "source_id = ? AND schema = 'MarketBreak'", [run]).fetchone()
    assert code == "TLP:RED"
    assert breaks == (len(everything["breaks"])  # type: ignore[arg-type]
                      + len(everything["breaks_uncorrected"]),)  # type: ignore[arg-type]


def test_the_report_shows_the_kept_flows_and_breaks(market_case: Case) -> None:
    """`markets flows|dynamics --case` runs are in the report (review 2026-12-01, item
    16): the latest run of each level and of each measure, cited to its run, the
    flows with country names; a dynamics run that found no break says so."""
    from tnoc.assess.harm import load_scheme
    from tnoc.assess.report import Assessment, _market_section, _sources, render_html

    flows = _json("markets", "flows", "-c", str(market_case.root), "--source",
                  FEBRUARY.name)
    dynamics = _json("markets", "dynamics", "-c", str(market_case.root), "--measure",
                     "listings", "--source", FEBRUARY.name)
    a = Assessment("markets", "now", scheme=load_scheme(None))
    with market_case.connect(read_only=True) as con:
        _market_section(con, market_case.root, a, lambda _m: None)
        _sources(con, a)
    by_country = next(k for k in a.market_flows if k["level"] == "country")
    note = a.footnotes[int(str(by_country["note"])) - 1]
    assert note.sources == [f"analysis-market-flows-{flows['run_id']}"]
    top = max(flows["rows"], key=lambda r: r["listings"])  # type: ignore[attr-defined]
    largest = by_country["largest"][0]  # type: ignore[index]
    assert largest[2] == top["listings"]
    assert ("United States", "United States") in {
        (o, d) for o, d, _n, _dom in by_country["largest"]}  # type: ignore[attr-defined]
    listings = next(k for k in a.market_breaks if k["measure"] == "listings")
    cited = a.footnotes[int(str(listings["note"])) - 1].sources
    assert cited == [f"analysis-market-dynamics-{dynamics['run_id']}"]
    assert listings["crawls"] == len(dynamics["rows"])  # type: ignore[arg-type]
    assert len(listings["breaks"]) == len(dynamics["breaks"])  # type: ignore[arg-type]
    page = render_html(a)
    assert "Darknet market flows by country (kept run)" in page
    assert "United States → United States" in page
    assert "Darknet market size (listings)" in page


def test_files_or_case_and_a_case_without_listings(market_case: Case, case: Case) -> None:
    runner = CliRunner()
    both = runner.invoke(app, ["markets", "flows", str(FEBRUARY), "-c",
                               str(market_case.root)])
    assert both.exit_code != 0 and "not both" in str(both.exception)
    empty = runner.invoke(app, ["markets", "dynamics", "-c", str(case.root)])
    assert isinstance(empty.exception, TnocError)
    assert "no Agora listings" in str(empty.exception)
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_online_meets_offline_beside_unodc(market_case: Case) -> None:
    """Per origin country and drug, the listings beside UNODC's kilograms seized (the
    latest year, totals left out: checked against the JSON file itself) and typical
    prices; unmatched Agora categories are counted, not assigned; the report shows
    the table with its matches and cites both."""
    from tnoc.assess.harm import load_scheme
    from tnoc.assess.online_offline import online_offline
    from tnoc.assess.report import (
        Assessment,
        _online_offline_section,
        _sources,
        render_html,
    )

    with market_case.connect(read_only=True) as con:
        found = online_offline(con)
        a = Assessment("markets", "now", scheme=load_scheme(None))
        _online_offline_section(con, a)
        _sources(con, a)
    assert found is not None
    rows = {(r["country"], r["drug"]): r for r in found.rows}
    herb = rows[("US", "cannabis herb")]
    published = json.loads(SEIZURES.read_text())
    us = [r for r in published if r["msCode"] == "USA"
          and r["DrugSubGroup"] == "Cannabis herb (marijuana)"
          and "total" not in r["Drug"].lower()]
    latest = max(r["Year"] for r in us)
    assert herb["seized_year"] == str(latest)
    assert herb["seized_kg"] == pytest.approx(sum(r["Kilograms"] for r in us
                                                  if r["Year"] == latest))
    assert int(herb["listings"]) > 400  # type: ignore[call-overload]
    germany = rows[("DE", "cannabis herb")]["retail"]
    assert germany == {"drug": "Cannabis herb (marijuana)", "year": "2022",
                       "usd": pytest.approx(10.5374, abs=1e-4), "unit": "USD per g"}
    assert found.unmatched["Drugs / Steroids"] > 100  # no UNODC counterpart
    # the United States' 2019 cannabis herb prices give no minimum and maximum: the
    # mapping keeps their level of sale all the same (the row as published)
    us_retail = next(r for r in json.loads(PRICES.read_text())
                     if r["Country/Territory"] == "United States of America"
                     and r["Drug"] == "Marijuana (herb)" and r["LevelOfSale"] == "Retail"
                     and r["Year"] == 2019)
    assert us_retail["Minimum_USD"] == us_retail["Maximum_USD"] == ""
    assert herb["retail"] == {"drug": "Marijuana (herb)", "year": "2019",
                              "usd": us_retail["Typical_USD"], "unit": "USD per g"}
    assert herb["wholesale"] == {"drug": "Marijuana (herb)", "year": "2019",
                                 "usd": 2000.0, "unit": "USD per pound"}
    assert found.prices_without_level == 0
    assert found.crawl_years == ["2014"] and found.unodc_years[-1] == "2022"
    page = render_html(a)
    assert "Online meets offline" in page and "Drugs / Steroids" in page
    assert "Cannabis herb (marijuana)" in page
    maps = [f.title for f in a.figures if f.topic == "online meets offline"]
    assert maps == ["Darknet drug listings by ships-from country",
                    "UNODC seizures of the same drugs in those countries"]
    assert all(f'alt="{title}"' in page for title in maps)
    # a case without UNODC's price table says so, instead of "not reported" prices
    assert a.online_offline is not None and a.online_offline.price_tables
    assert "holds no UNODC price table" not in page
    a.online_offline.price_tables = []
    assert "holds no UNODC price table" in render_html(a)
    note = a.footnotes[a.notes["online meets offline"] - 1]
    with market_case.connect(read_only=True) as con:
        cited = {str(r[0]) for r in con.execute(
            "SELECT source_id FROM sources WHERE file_name IN (?, ?, ?)",
            [FEBRUARY.name, SEIZURES.name, PRICES.name]).fetchall()}
    assert set(note.sources) == cited  # the vendor pages list no drug category


def test_the_gate_decides_on_the_crawls_read(tmp_path: Path) -> None:
    """In a governed case (operation ``assess``): an analyst cleared to TLP:AMBER may
    run the flows of the AMBER crawl, is refused the dynamics of every crawl (the
    vendor pages are TLP:RED) and nothing more is kept; a researcher's run keeps
    nothing (research mode). Small real crawls: the shake/trim and seeds subsets."""
    from tnoc.govern.audit import audit_records
    from tnoc.ledger.keys import operator, signer
    from tnoc.service import AccessDenied, CaseService, Session

    case = Case.init(tmp_path / "case")
    shaketrim = DATA / "markets" / "agora_2014_shaketrim.csv"
    ingest_file(case, "agora_listings", shaketrim)
    ingest_file(case, "agora_listings", DATA / "markets" / "agora_2014_seeds.csv",
                IngestOptions(handling_code="TLP:RED"))
    admin = CaseService(case, Session(operator()))
    for user, role, clearance in (("alice", "analyst", "TLP:AMBER"),
                                  ("bob", "supervisor", "TLP:RED"),
                                  ("rita", "researcher", "TLP:RED")):
        admin.add_member(user, role, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose("OP-24", "cannabis supply by post")

    def run(user: str, *args: str) -> Result:
        return CliRunner().invoke(app, ["markets", *args, "-c", str(case.root), "--as",
                                        user, "--purpose", "OP-24"])

    def kept() -> int:
        with case.connect(read_only=True) as con:
            found = con.execute("SELECT count(*) FROM sources WHERE dataset = 'analysis'"
                                ).fetchone()
        return int(found[0]) if found else -1

    allowed = run("alice", "flows", "--source", shaketrim.name)
    assert allowed.exit_code == 0, allowed.output
    assert kept() == 1
    refused = run("alice", "dynamics")
    assert isinstance(refused.exception, AccessDenied) and kept() == 1
    researched = run("rita", "flows")
    assert researched.exit_code == 0, researched.output
    assert "Research mode: nothing kept" in researched.output and kept() == 1
    assert "<5" in researched.output  # small counts suppressed, even in "," columns
    with case.connect(read_only=True) as con:
        trail = [(r.actor, r.operation, r.outcome) for r in audit_records(con)][-3:]
    assert trail == [("alice", "assess", "allowed"), ("alice", "assess", "denied"),
                     ("rita", "assess", "allowed")]


def _file_places(path: Path, vendor_pages: bool) -> dict[tuple[str, ...], tuple[set[str], ...]]:
    """Per listing of a crawl file (keyed as its mapping keys the entity): the countries
    :func:`read_ships` names for its ships-from and ships-to over its rows, and whether
    any row had a ships-from and a ships-to text (which must then be stated)."""
    import csv

    from tnoc.ingest.ships import country_codes
    from tnoc.markets.locations import read_crawl

    found: dict[tuple[str, ...], tuple[set[str], ...]] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row, listing in zip(rows, read_crawl(path), strict=True):
        key = ((row["date"].strip(), row["vendor"].strip(), " ".join(row["product"].split()))
               if vendor_pages else (row["list"].strip(),))
        origin, destination, has_origin, has_destination = found.setdefault(
            key, (set(), set(), set(), set()))
        origin.update(country_codes(listing.ships_from))
        destination.update(country_codes(listing.ships_to))
        for text, seen in (((listing.ships_from.raw, has_origin),
                            (row["to"].strip() if vendor_pages else listing.ships_to.raw,
                             has_destination))):
            if text and text != "NA":
                seen.add("stated")
    return found


def test_ingest_reads_places_with_the_one_parser(market_case: Case) -> None:
    """One parser: the shipsFrom/shipsTo country properties ingest writes for the
    February crawl ("From: USA To: USA") and the January vendor pages ("Hong" / "Kong")
    are, listing by listing, the countries tnoc.markets.locations.read_ships reads on
    the file (as FtM codes: "EU" eu, worldwide zz); a value naming none (Torland,
    worldwide except, unparsed) is kept flagged with its text, never dropped."""
    flags: dict[Path, set[tuple[str, str, str]]] = {}
    for path, vendor_pages in ((FEBRUARY, False), (VENDOR_PAGES, True)):
        expected = _file_places(path, vendor_pages)
        with market_case.connect(read_only=True) as con:
            rows = con.execute(
                "SELECT s.canonical_id, s.prop, s.value, s.flag FROM statements s JOIN "
                "sources src USING (source_id) WHERE src.file_name = ? AND s.schema = "
                "'DarknetListing'", [path.name]).fetchall()
            names = dict(con.execute(
                "SELECT canonical_id, value FROM statements WHERE prop = 'username'"
            ).fetchall())
        stored: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
        for entity, prop, value, flag in rows:
            stored.setdefault(entity, {}).setdefault(prop, []).append((value, flag))
        got: dict[tuple[str, ...], tuple[set[str], ...]] = {}
        for props in stored.values():
            keys = ([(d, names[v], t) for d, _ in props["date"] for v, _ in props["vendor"]
                     for t, _ in props["title"]] if vendor_pages
                    else [(p,) for p, _ in props["listingPage"]])
            for key in keys:
                entry = got.setdefault(key, (set(), set(), set(), set()))
                for number, prop in enumerate(("shipsFrom", "shipsTo")):
                    values = props.get(prop, [])
                    entry[number].update(v for v, flag in values if flag is None)
                    if values:
                        entry[number + 2].add("stated")
        assert got == expected, path.name
        flags[path] = {(prop, v, str(f)) for props in stored.values()
                       for prop in ("shipsFrom", "shipsTo")
                       for v, f in props.get(prop, []) if f is not None}
    assert ("shipsFrom", "Torland", "no country named: Torland (no country declared)"
            ) in flags[FEBRUARY]
    assert ("shipsTo", "Everyplace except Australia and Finland",
            "no country named: worldwide except Australia, Finland") in flags[FEBRUARY]
    assert any(prop == "shipsTo" and v == "Kong" and "'Hong Kong'" in f
               for prop, v, f in flags[VENDOR_PAGES])  # the lost half, kept flagged
    assert any(tuple(sorted(e[0])) == ("hk",) for e in expected.values())  # "Hong" "Kong"


def test_a_vendor_on_the_map_is_placed_and_named_within_the_viewers_clearance(
        tmp_path: Path) -> None:
    """A listing's ships-from places its vendor account (listings are events, not
    points); a vendor judged the same as a person of a TLP:RED source is shown to a
    TLP:AMBER viewer with the account's own schema and name, never the person's."""
    from tnoc.assess.casemap import case_map
    from tnoc.resolve.judgements import judge

    from .conftest import first_records

    case = Case.init(tmp_path / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv",
                IngestOptions(handling_code="TLP:RED"))
    crawl = DATA / "markets" / "agora-products-2014-01-01.csv"
    ingest_file(case, "agora_listings", first_records(crawl, 199, tmp_path),
                IngestOptions(handling_code="TLP:AMBER"))
    amber = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER"]
    with case.connect(read_only=True) as con:
        before = case_map(con, amber)
        vendor = next(r for r in before.located if r["kind"] == "place")
        listings = con.execute("SELECT count(*) FROM statements WHERE prop = 'vendor' "
                               "AND value = ?", [vendor["entity_id"]]).fetchall()[0][0]
    assert str(vendor["entity_id"]).startswith("agora-vendor-") and listings >= 1
    assert vendor["schema"] == "UserAccount" and vendor["file_name"] == crawl.name
    with case.transaction() as con:
        judge(con, "caviar-n1", str(vendor["entity_id"]), "positive", force=True,
              note="test: the vendor is N1")
    with case.connect(read_only=True) as con:
        seen = case_map(con, amber)
        everything = case_map(con)
    merged = [r for r in seen.located if r["kind"] == "place"
              and r["value"] == vendor["value"] and r["locator"] == vendor["locator"]]
    assert merged and all(r["schema"] == "UserAccount" and r["caption"] != "N1"
                          for r in merged), merged
    assert any(r["caption"] == "N1" for r in everything.located if r["kind"] == "place")


def test_a_percent_encoded_name_in_the_case_is_the_vendor_of_the_pages(tmp_path: Path
                                                                        ) -> None:
    """The case reads a vendor's name as the file commands do: ``lsdaisy%21`` of the
    January crawl (taken from the page's address) and ``lsdaisy!`` of the vendor pages
    are one vendor; the statement keeps the name as written."""
    import csv

    from tnoc.markets.crawl_files import ReadingNotes
    from tnoc.markets.vendor_case import vendor_listings

    case = Case.init(tmp_path / "case")
    for mapping, path in (("agora_listings", DATA / "markets" / "agora-products-2014-01-01.csv"),
                          ("agora_vendor_pages", VENDOR_PAGES)):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        column = rows[0].index("vendor")
        subset = tmp_path / path.name
        with subset.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(
                [rows[0], *[r for r in rows[1:] if r[column].startswith("lsdaisy")]])
        ingest_file(case, mapping, subset)
    with case.connect(read_only=True) as con:
        notes = ReadingNotes()
        listings, sources = vendor_listings(con, None, notes)
        written = {r[0] for r in con.execute(
            "SELECT value FROM statements WHERE prop = 'username'").fetchall()}
        accounts = dict(con.execute("SELECT value, entity_id FROM statement_store "
                                    "WHERE prop = 'username'").fetchall())
    assert len(sources) == 2 and written == {"lsdaisy%21", "lsdaisy!"}
    # ids are made of the name as written (docs/markets.md, "Vendor names"): two
    # accounts in the evidence base, which the market analyses read as one vendor
    assert accounts == {"lsdaisy!": "agora-vendor-lsdaisy-055ec157d3",
                        "lsdaisy%21": "agora-vendor-lsdaisy-21-1f2ad51283"}
    assert {r.vendor for r in listings} == {"lsdaisy!"}
    assert notes.decoded == {"lsdaisy%21": "lsdaisy!"}  # said, as by the file commands
    assert {r.source for r in listings} == {"agora-products-2014-01-01.csv",
                                            "agora_vendor_pages_2014-01.csv"}
