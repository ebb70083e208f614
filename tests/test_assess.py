"""Threat assessment on real data: IC3 trends against the published figures, offline
geolocation of real Feodo/URLhaus addresses and real phone numbers, flows, priorities,
bad series, and the demo's report looked at as a person would (PDF rendered to PNG)."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import numpy as np
import pytest

from tnoc.assess.breaks import seams
from tnoc.assess.emerging import emerging_threats
from tnoc.assess.flows import victim_flows
from tnoc.assess.geo import locate_case, locate_ip, locate_phone, where_summary
from tnoc.assess.harm import load_scheme, prioritise, score
from tnoc.assess.places import country_code
from tnoc.assess.profiles import GroupProfile
from tnoc.assess.series import CountSeries, observation_series
from tnoc.assess.trends import alarms, trend_test
from tnoc.cli import demo
from tnoc.errors import TnocError
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"
ASSESS_MAPPINGS = ("caviar", "ndrangheta_summits", "agora_listings", "unodc_drug_seizures",
                   "ofac_sdn", "unodc_glotip", "urlhaus", "feodotracker", "ic3_counts",
                   "ic3_losses", "ic3_totals", "ransomware_payments", "cbp_drug_seizures",
                   "amlworld_patterns")


# The tests reading the demo subset (its module fixture builds it in about 4 minutes) run
# in ``make test-slow``, not ``make test``.
SLOW = pytest.mark.slow


def _assess_sources() -> list[tuple[str, str, str, str]]:
    return [s for s in demo.DEMO_SOURCES if s[1] in ASSESS_MAPPINGS
            and "caviar_phases" not in s[2]]


@pytest.fixture(scope="module")
def demo_case(tmp_path_factory: pytest.TempPathFactory) -> demo.DemoResult:
    """The demo, on the sources the assessment reads (whole CAVIAR, not its phases),
    with its report, verified and bundled (also the demo's own test)."""
    saved = demo.DEMO_SOURCES
    demo.DEMO_SOURCES = _assess_sources()
    try:
        return demo.build_demo(tmp_path_factory.mktemp("assess") / "demo")
    finally:
        demo.DEMO_SOURCES = saved


@SLOW
def test_demo_summary_verified_bundled_and_idempotent(
        demo_case: demo.DemoResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's case summary names its files and the sample entity with provenance;
    the demo ends verified and bundled; run again, it adds nothing."""
    import shutil
    import zipfile

    from tests.conftest import store_fingerprint

    page = demo_case.html.read_text(encoding="utf-8")
    assert "ofac_sdn_2024-05-03.csv" in page and "morselli_caviar.csv" in page
    assert "YAN, Xiaobing" in page  # the sample entity with its provenance
    assert "1977-03-25" in page and "25 Mar 1977" in page
    assert len(demo_case.rows) == len(ASSESS_MAPPINGS)
    # every exhibit, the report, the checking script
    assert demo_case.verified is True and demo_case.bundle is not None
    names = set(zipfile.ZipFile(demo_case.bundle).namelist())
    assert {"verify_bundle.py", "manifest.json", "reports/threat-assessment.pdf"} <= names
    assert sum(n.startswith("exhibits/") for n in names) == len(demo_case.rows)
    # idempotent, on a copy (the other tests read the case as built)
    copy = tmp_path / "demo"
    shutil.copytree(demo_case.case.root, copy)
    before = store_fingerprint(Case.open(copy))
    monkeypatch.setattr(demo, "DEMO_SOURCES", _assess_sources())
    again = demo.build_demo(copy, assessment=False)
    assert store_fingerprint(again.case) == before
    assert again.html.read_text(encoding="utf-8").count("YAN, Xiaobing") == page.count(
        "YAN, Xiaobing")


@pytest.fixture()
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access attempted")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@SLOW
def test_ic3_published_totals_and_trend(demo_case: demo.DemoResult) -> None:
    with demo_case.case.connect(read_only=True) as con:
        complaints = observation_series(con, "IC3 total complaints", by="total")
        losses = observation_series(con, "IC3 total reported losses", by="total")
    total = complaints["IC3 total complaints"]
    by_year = dict(zip(total.periods, total.values, strict=True))
    assert by_year["2023"] == 880_418  # IC3 2023 report
    assert dict(zip(losses["IC3 total reported losses"].periods,
                    losses["IC3 total reported losses"].values, strict=True))["2023"] == 12.5e9
    assert total.gaps == ["2014"]  # no 2014 report: a gap, not a zero
    trend = trend_test(total)
    assert trend.trend == "increasing" and trend.p is not None and trend.p < 0.001
    assert trend.slope is not None and trend.slope > 0


@SLOW
def test_ic3_investment_overtook_bec_in_2022(demo_case: demo.DemoResult) -> None:
    with demo_case.case.connect(read_only=True) as con:
        losses = observation_series(con, "IC3 reported losses")
        totals = observation_series(con, "IC3 total reported losses", by="total")
    inv, bec = losses["Investment"], losses["BEC/EAC"]
    year = {p: i for i, p in enumerate(inv.periods)}
    assert inv.values[year["2021"]] < bec.values[year["2021"]]  # type: ignore[operator]
    assert inv.values[year["2022"]] > bec.values[year["2022"]]  # type: ignore[operator]
    first = next(p for p in inv.periods
                 if (inv.values[year[p]] or 0) > (bec.values[year[p]] or 0))
    assert first == "2022"
    # the crime-type table covers 98.8% of the published 2023 total ($12.35bn of $12.5bn)
    table_2023 = sum(s.values[year["2023"]] or 0 for s in losses.values())
    published = dict(zip(totals["IC3 total reported losses"].periods,
                         totals["IC3 total reported losses"].values, strict=True))["2023"]
    assert published is not None and 0.98 < table_2023 / published < 1.0


@SLOW
def test_phishing_spoofing_merger_found(demo_case: demo.DemoResult) -> None:
    with demo_case.case.connect(read_only=True) as con:
        series = observation_series(con, "IC3 complaints")
        found = seams(con, "IC3 complaints", series)
    merger = [x for x in found if x.likely_merger]
    assert [x.category for x in merger] == ["Phishing/Spoofing (merged 2023+)"]
    seam = merger[0]
    assert seam.period == "2023"
    assert seam.level_before == 300_497 + 20_649  # IC3 restated 2022 as 321,136
    assert abs((seam.level_before or 0) - 321_136) < 20
    renamed = {(x.category, x.period) for x in found if x.kind == "renamed"}
    assert ("BEC/EAC", "2022") in renamed  # printed "BEC" from 2022


@SLOW
def test_emerging_threats_ranked_with_evidence(demo_case: demo.DemoResult) -> None:
    with demo_case.case.connect(read_only=True) as con:
        listed = emerging_threats(observation_series(con, "IC3 complaints"))
    assert listed[0].category == "Government Impersonation"
    assert listed[0].signals == 2 and listed[0].latest_alarm
    names = [t.category for t in listed]
    assert "Investment" in names and "Phishing" not in names  # discontinued in 2022
    assert all(t.evidence for t in listed)


def _series(values: list[float | None]) -> CountSeries:
    periods = [str(2000 + i) for i in range(len(values))]
    return CountSeries("test", "cases", periods, values,
                       [[("src-x", f"row {i + 2}")] for i in range(len(values))])


def test_bad_series_are_reported_not_guessed() -> None:
    one = trend_test(_series([5.0]))
    assert one.trend == "not assessed" and any("1 observed" in n for n in one.notes)
    zeros = trend_test(_series([0.0] * 8))
    assert zeros.trend == "no trend" and any("zero" in n for n in zeros.notes)
    gaps = _series([3.0, None, 5.0, 6.0, None, 9.0, 11.0])
    result = trend_test(gaps)
    assert result.n == 5 and any("2001, 2004" in n for n in result.notes)
    with pytest.raises(TnocError, match=r"negative count -4 for period 2002 "
                       r"\(src-x row 4, field value\)"):
        trend_test(_series([3.0, 4.0, -4.0, 5.0]))
    assert alarms(_series([0.0] * 8), "farrington").alarms == []
    assert alarms(_series([2.0]), "cusum").notes[-1].startswith("no period has")


def test_alarm_methods_flag_a_spike() -> None:
    base = [10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 11.0, 10.0, 9.0, 11.0, 12.0, 10.0]
    spike = _series([*base, 40.0])
    for method in ("farrington", "negbin", "ears-c1", "ears-c2", "ears-c3", "cusum"):
        result = alarms(spike, method)
        assert result.latest is not None and result.latest.alarm, method
        quiet = alarms(_series([*base, 11.0]), method)
        assert quiet.latest is not None and not quiet.latest.alarm, method


def test_ip_geolocation_offline_on_real_feeds(offline: None) -> None:
    # Feodo Tracker 2021-12-20: a Dridex C2 on OVH; URLhaus 2025-04-21: a Mozi host
    ovh = locate_ip("51.178.161.32")
    assert ovh.registry_country == "FR" and ovh.operator == "OVH SAS"
    assert ovh.disagree  # GeoLite2 places this OVH block elsewhere: both are kept
    mozi = locate_ip("117.209.87.242")
    assert mozi.registry_country == "IN" and mozi.geo_country == "IN"
    assert locate_ip("192.168.1.10").private
    with pytest.raises(ValueError):
        locate_ip("999.1.1.1")


def test_phone_geolocation_offline(offline: None) -> None:
    europol = locate_phone("+31 70 302 5000")  # Europol's switchboard, The Hague
    assert europol.country == "NL" and europol.region == "The Hague"
    assert europol.e164 == "+31703025000"
    interpol = locate_phone("+33 4 72 44 70 00")  # INTERPOL General Secretariat, Lyon
    assert interpol.country == "FR"
    action_fraud = locate_phone("0300 123 2040", "GB")  # UK Action Fraud
    assert action_fraud.country == "GB"
    bad = locate_phone("+44 7700 900123")  # Ofcom's drama range: not a real number
    assert not bad.valid and bad.country is None


def test_places_read_by_the_one_parser_and_unknown_reported() -> None:
    """The assessment reads ships-from/to with :mod:`tnoc.markets.locations` (the
    parser checked against hand labels); what it cannot read is kept as typed."""
    from tnoc.markets.locations import parse_place

    r = parse_place("Worldwide except Australia, New Zealand, Russia, Finland, Germany or "
                    "the Middle East.")
    assert r.kind == "worldwide_except" and r.excluded[:5] == ("AU", "NZ", "RU", "FI", "DE")
    assert "Middle East" in r.regions  # read, where read_place left it unresolved
    assert parse_place("UK (Free!) & EU").named_countries == ("GB",)
    assert parse_place("We do not ship to USA / Canada / Scandinavia").excluded == (
        "US", "CA", "DK", "NO", "SE")
    assert parse_place("The United Snakes of Captivity").named_countries == ("US",)
    for unknown, kind in (("Torland", "torland"), ("PM", "undeclared"),
                          ("Mamas house and Papas house", "unparsed")):
        place = parse_place(unknown)
        assert place.kind == kind and not place.named_countries, unknown
    assert country_code("Venezuela (Bolivarian Republic of)") == "VE"  # GLOTIP's names


@SLOW
def test_where_and_flows_on_the_case(demo_case: demo.DemoResult) -> None:
    with demo_case.case.connect(read_only=True) as con:
        located = locate_case(con)
        assert located.rows > 10_000
        per_family = where_summary(con, located, "malware family", "ip registry")
        victims = victim_flows(con, since=2018)
    dridex = {r["country"]: r["entities"] for r in per_family if r["group"] == "Dridex"}
    assert dridex and max(dridex, key=dridex.__getitem__) == "US"
    top = victims.top(3)
    assert (top[0].origin, top[0].destination) == ("US", "US")
    assert victims.unresolved["(citizenship not stated)"] > 0  # reported, not guessed


def test_priority_scheme_scores_and_rejects_bad_config(tmp_path: Path) -> None:
    scheme = load_scheme()
    assert scheme.offence_days["Trafficking of drugs"] == 5.0  # the shipped CCHI table
    profile = GroupProfile("darknet vendor", "x", "Trafficking of drugs",
                           {"listings": 600.0, "countries": 1.0, "worldwide": 1.0,
                            "value_usd": None}, sources=["a"])
    p = score(profile, scheme)
    levels = {f.factor: (f.level, f.confidence) for f in p.factors}
    assert levels["reach"] == (5, "B") and levels["scale"] == (5, "B")
    assert levels["financial harm"] == (None, "C") and "financial harm" in p.gaps
    assert 0 < p.coverage < 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nfactors:\n  - {name: a, dimension: mood, weight: 1, "
                   "metric: {any: listings}, thresholds: [1, 2]}\n")
    with pytest.raises(TnocError, match="dimension 'mood'"):
        load_scheme(bad)
    assert prioritise([profile], scheme)[0].group == "darknet vendor: x"


@SLOW
def test_report_looked_at_as_a_person_would(demo_case: demo.DemoResult) -> None:
    import pypdfium2

    assert demo_case.report is not None
    page = demo_case.report.read_text(encoding="utf-8")
    for section in ("Executive summary", "Trends", "Where they are", "Networks",
                    "priorities", "Countermeasures", "Data gaps", "Footnotes"):
        assert section in page
    assert "not any agency's official scheme" in page
    assert "Phishing/Spoofing" in page
    images = re.findall(r'<img src="data:image/svg\+xml;base64,', page)
    assert len(images) >= 6
    assert 'alt="Botnet command-and-control servers by country"' in page  # a map
    assert 'alt="Darknet listings: where vendors ship from and to"' in page  # Sankey
    assert 'alt="US CBP drug seizures per month: the five largest drugs"' in page
    assert "laundering network: around account" in page  # money module's groups
    assert "<th>5D</th>" in page and "Disrupt" in page
    targets = set(re.findall(r'id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and all(link in targets for link in links)  # every footnote resolves
    assert any(t.startswith("source-") for t in targets)  # numbered, no internal ids
    pdf = demo_case.report.with_suffix(".pdf")
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        assert len(document) >= 5
        coloured = 0
        for i in range(len(document)):
            pixels = np.asarray(document[i].render(scale=0.5).to_pil().convert("RGB"),
                                dtype=float)
            assert pixels.std() > 5, f"page {i + 1} is blank"
            # map and chart colours (not grey text): strongly unequal channels
            coloured += int(((pixels.max(axis=2) - pixels.min(axis=2)) > 80).sum() > 500)
        assert coloured >= 3
        text = "".join(document[i].get_textpage().get_text_range()
                       for i in range(len(document)))
    finally:
        document.close()
    assert "Threat assessment" in text and "Footnotes" in text
    with demo_case.case.connect(read_only=True) as con:
        recorded = con.execute("SELECT count(*) FROM sources WHERE mapping = "
                               "'tnoc.threat-assessment'").fetchall()[0][0]
    assert recorded == 1
    with demo_case.case.connect(read_only=True) as con:
        stored = dict(con.execute("""
            SELECT prop, count(*) FROM statements WHERE schema = 'GroupPriority'
            GROUP BY 1""").fetchall())
        caviar = con.execute("""
            SELECT count(*) FROM statements m JOIN statements n USING (canonical_id)
            WHERE m.schema = 'GroupPriority' AND m.prop = 'member' AND m.value = 'caviar-n1'
              AND n.prop = 'name' AND n.value LIKE '%criminal network: morselli_caviar'
            """).fetchall()[0][0]
    # every group's priority is in the evidence base, pointing at its members
    assert stored["rank"] == stored["score"] == len(re.findall(r"<td>\d+</td><td>[a-z ]+: ",
                                                                page))
    assert caviar == 1


@SLOW
def test_cli_trends_and_bad_indicator(demo_case: demo.DemoResult, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tnoc.cli.main import app

    runner = CliRunner()
    out = tmp_path / "trends.csv"
    ok = runner.invoke(app, ["assess", "trends", "IC3 complaints", "-c",
                             str(demo_case.case.root), "--last", "5", "--csv", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "Government Impersonation" in out.read_text(encoding="utf-8")
    bad = runner.invoke(app, ["assess", "trends", "IC4 complaints", "-c",
                              str(demo_case.case.root)])
    assert bad.exit_code != 0


def test_negative_count_in_a_file_names_row(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "neg")
    source = tmp_path / "counts.csv"
    source.write_text("year,category_raw,category,count\n2020,Botnet,Botnet,5\n"
                      "2021,Botnet,Botnet,-3\n2022,Botnet,Botnet,7\n", encoding="utf-8")
    ingest_file(case, "ic3_counts", source)
    with case.connect(read_only=True) as con:
        series = observation_series(con, "IC3 complaints")["Botnet"]
    with pytest.raises(TnocError, match=r"negative count -3 for period 2021 "
                       r"\(counts.csv row 2, field value\)"):
        series.check()


@SLOW
def test_ransom_money_reaches_the_family_profiles(demo_case: demo.DemoResult) -> None:
    import csv

    from tnoc.assess.profiles import malware_profiles, ransom_revenue

    # the file repeats one output (c40f15…:15) 9 times with 8 different amounts; the
    # store keeps one transaction with each distinct amount once, so sum distinct rows
    expected: dict[str, float] = {}
    seen: set[tuple[str, str, str]] = set()
    with open(DATA / "ransomware" / "huang2018_cerber_locky_payments.csv",
              encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["txn_hash"], row["output_index"], row["potential_ransom_usd"])
            if key in seen:
                continue
            seen.add(key)
            family = row["family"]
            expected[family] = expected.get(family, 0.0) + float(row["potential_ransom_usd"])
    with demo_case.case.connect(read_only=True) as con:
        revenue = ransom_revenue(con)
        profiles = {p.name: p for p in malware_profiles(con, locate_case(con), 3)}
    assert set(revenue) == set(expected) == {"Cerber", "Locky"}
    for family, usd in expected.items():
        assert revenue[family][0] == pytest.approx(usd, rel=1e-9)
        assert profiles[family].metrics["value_usd"] == pytest.approx(usd, rel=1e-9)
        assert "infrastructure" in profiles[family].gaps  # no C2 data for them here


@SLOW
def test_cbp_monthly_series_match_the_published_fiscal_years(
        demo_case: demo.DemoResult) -> None:
    """CBP publishes seizures per fiscal year and month; read as calendar months they
    must add up to the fiscal-year totals CBP reports for fentanyl (about 14,700 lbs in
    FY2022, 27,000 in FY2023, 21,900 in FY2024)."""
    with demo_case.case.connect(read_only=True) as con:
        monthly = observation_series(con, "drug seizures (lbs)", "category",
                                     fiscal_year_start=10)
    fentanyl = monthly["Fentanyl"]
    assert fentanyl.periods[0] == "2021-10"  # FY2022 starts in October 2021
    assert not fentanyl.gaps

    def fiscal_year(year: int) -> float:
        return sum(v or 0.0 for p, v in zip(fentanyl.periods, fentanyl.values, strict=True)
                   if f"{year - 1}-10" <= p <= f"{year}-09")

    assert fiscal_year(2022) == pytest.approx(14_700, abs=50)
    assert fiscal_year(2023) == pytest.approx(27_000, abs=50)
    assert fiscal_year(2024) == pytest.approx(21_900, abs=50)


def test_laundering_networks_from_alerts_tied_to_a_criminal_network(tmp_path: Path) -> None:
    """Typology alerts become laundering-network profiles (accounts joined by shared
    alerts, checked against networkx over the same alerts), and an ownership linking a
    CAVIAR trafficker to one of their accounts carries the money to his network."""
    import json

    import networkx as nx

    from tnoc.assess.groups import case_profiles
    from tnoc.assess.laundering import laundering_profiles
    from tnoc.money.alerts import save_alerts
    from tnoc.money.transfers import build_transfers
    from tnoc.money.typologies import detect

    case = Case.init(tmp_path / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    ingest_file(case, "amlworld_patterns", DATA / "aml" / "amlworld_HI-Medium_Patterns.txt")
    with case.transaction() as con:
        transfers = build_transfers(con)
        run = detect(con, transfers)
        save_alerts(con, case.root, run)
        edges = con.execute(f"""
            SELECT DISTINCT t.transfer_id, t.payer, t.beneficiary, t.amount, t.currency
            FROM {run.alert_transfers_table} a JOIN {transfers.table} t
            USING (transfer_id)""").fetchall()
    graph = nx.Graph()
    for _, payer, beneficiary, _, _ in edges:
        graph.add_edge(payer, beneficiary)
    components = {frozenset(c) for c in nx.connected_components(graph)}
    with case.connect(read_only=True) as con:
        laundering = laundering_profiles(con, 3)
    assert len(laundering) == 3
    first = laundering[0]
    accounts = frozenset(first.members)
    assert accounts in components
    usd = sum(a for _, p, _, a, c in edges if p in accounts and c == "USD")
    assert first.metrics["value_usd"] == pytest.approx(usd, rel=1e-9)
    assert [p.metrics["value_usd"] for p in laundering] == sorted(
        (p.metrics["value_usd"] for p in laundering), reverse=True)
    assert "holders" in first.gaps  # AMLworld names no account holders

    hub = str(first.detail["hub"])
    ownership = tmp_path / "ownership.jsonl"
    ownership.write_text(json.dumps({"id": "own-n1-hub", "schema": "Ownership", "properties":
                                     {"owner": ["caviar-n1"], "asset": [hub]}}) + "\n",
                         encoding="utf-8")
    ingest_file(case, "ftm_entities", ownership)
    with case.connect(read_only=True) as con:
        profiles = {p.key: p for p in case_profiles(con, locate_case(con), 3,
                                                     disruption=False)}
    network = profiles["criminal network: morselli_caviar"]
    money = profiles[first.key]
    assert network.metrics["value_usd"] == pytest.approx(usd, rel=1e-9)
    assert network.detail["laundering networks"] == [{"group": first.key,
                                                      "holders": ["caviar-n1"]}]
    assert money.metrics["holders"] == 1.0
    assert money.detail["criminal networks"] == [{"group": network.key,
                                                  "holders": ["caviar-n1"]}]


@SLOW
def test_communities_are_the_same_every_run(demo_case: demo.DemoResult) -> None:
    """The Leiden partition of the AMLworld payment network (22,279 accounts) is the
    same on every projection and run, with NetworKit free to use every core: a
    community named in a filed report must be there when the figure is re-run. It
    varied (4,285-4,287 communities) while edges came in DuckDB's scan order and
    Leiden ran on several threads."""
    import networkit as nk

    from tnoc.graph.measures import communities
    from tnoc.graph.projection import ProjectionSpec, project

    nk.setNumberOfThreads(2)
    with demo_case.case.connect(read_only=True) as con:
        runs = [communities(project(con, ProjectionSpec(datasets=("amlworld",))))
                for _ in range(3)]
    assert len(runs[0][0]) > 20_000
    assert runs[1] == runs[0] and runs[2] == runs[0]
    assert nk.getMaxNumberOfThreads() == 2  # the thread setting is given back
