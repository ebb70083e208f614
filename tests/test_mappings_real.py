"""Every shipped mapping on its real file: counts must match the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnoc.ingest.mapping import load_mapping, shipped_mappings
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

from .conftest import DATA

CAVIAR_PHASE_PEOPLE = [15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41]

# mapping, file, records, entities per schema (exact where the file fixes them)
CASES: list[tuple[str, str, int, dict[str, int]]] = [
    ("caviar", "networks/morselli_caviar.csv", 515, {"Person": 110, "CommunicationLink": 295}),
    ("criminal_network", "networks/morselli_siren.csv", 294, {"Person": 44, "NetworkTie": 103}),
    ("criminal_network", "networks/LONDON_GANG.csv", 738, {"Person": 54}),
    ("criminal_network", "networks/berlusconietal_oversize.csv", 470, {"Person": 89}),
    ("ndrangheta_summits", "networks/NDRANGHETAMAFIA_2M.csv", 658, {"Person": 156, "Event": 47}),
    ("ofac_sdn", "sanctions/ofac_sdn_2024-05-03.csv", 14965,
     {"Person": 6854, "Organization": 6884, "Vessel": 851, "Airplane": 376, "Sanction": 14965}),
    ("ofac_crypto_addresses",
     "sanctions/ofac_crypto_addresses/sanctioned_addresses_XBT.txt", 435, {"CryptoWallet": 435}),
    ("graphsense_tagpack", "tags/graphsense_ransomware.yaml", 7178, {"CryptoWallet": 7178}),
    ("graphsense_tagpack", "tags/graphsense_ofac.yaml", 572, {"CryptoWallet": 572}),
    ("ransomwhere", "ransomware/ransomwhere_targets_simple.csv", 11186, {"CryptoWallet": 11186}),
    ("ransomware_receipts", "ransomware/showing_the_receipts_addresses.csv", 1013,
     {"CryptoWallet": 1013}),
    ("ransomware_payments", "ransomware/huang2018_cerber_locky_payments.csv", 16785,
     {"MalwareFamily": 2}),
    ("elliptic_classes", "crypto/elliptic_txs_classes_with_timestep.csv", 203769,
     {"CryptoTransaction": 203769}),
    ("elliptic_edges", "crypto/elliptic_txs_edgelist.csv", 234355, {"TransactionFlow": 234355}),
    ("amlworld_patterns", "aml/amlworld_HI-Medium_Patterns.txt", 22743,
     {"Payment": 22743, "LaunderingAttempt": 2756}),
    ("saml_d", "aml/saml-d_sample_1k.csv", 1000, {"Payment": 1000}),
    ("agora_listings", "markets/agora-products-2014-01-01.csv", 7986, {"DarknetListing": 7986}),
    ("agora_listings", "markets/agora-products-2014-02-01.csv", 8030, {"DarknetListing": 8030}),
    ("agora_listings", "markets/agora_2014_synth.csv", 1356, {"DarknetListing": 70}),
    ("agora_vendor_pages", "markets/agora_vendor_pages_2014-01.csv", 8533,
     {"DarknetListing": 8352, "UserAccount": 262}),
    ("urlhaus", "malware/urlhaus_2025-04-21.csv", 11125, {"NetworkIndicator": 11125}),
    ("feodotracker", "malware/feodotracker_ipblocklist_2021-12-20.csv", 750,
     {"NetworkIndicator": 750}),
    ("unodc_drug_seizures", "drugs/unodc_wdr2024_drug_seizures_2018_2022.json", 10941,
     {"StatisticalObservation": 10941}),
    ("unodc_drug_prices", "drugs/unodc_wdr2024_drug_prices.json", 4646,
     {"StatisticalObservation": 4646}),
    ("cbp_drug_seizures", "drugs/cbp_drug_seizures_fy22_25.csv", 9004,
     {"StatisticalObservation": 18008}),
    ("unodc_glotip", "trafficking/unodc_glotip.xlsx", 46556, {"StatisticalObservation": 46556}),
    ("unodc_glotip_totals", "trafficking/unodc_glotip_total_year_wise.csv", 6183,
     {"StatisticalObservation": 6183}),
    ("ctdc_victims", "trafficking/ctdc_victims_cleaned_subset.csv", 14299,
     {"TraffickingCase": 14299}),
    ("ic3_counts", "trends/ic3_crime_type_counts_2015_2025.csv", 337,
     {"StatisticalObservation": 337}),
    ("ic3_losses", "trends/ic3_crime_type_losses_2015_2025.csv", 338,
     {"StatisticalObservation": 338}),
    ("ic3_totals", "trends/ic3_totals_2011_2025.csv", 14,
     {"StatisticalObservation": 28}),
    ("ftm_entities", "ftm/donations.ijson", 2383,
     {"Payment": 290, "Address": 89, "Company": 56, "Person": 22, "Organization": 17}),
]


# Partners' formats: no shipped file is one; tests/test_exchange.py takes in STIX and MISP
# exported from real data (feodotracker, OFAC) and a hand-written foreign bundle.
TESTED_IN_EXCHANGE = {"stix_bundle", "misp_event", "network_gexf", "network_graphml",
                      "case_uco_custody",  # tests/test_custody.py
                      "call_records",  # hand-made call records: tests/test_resolve_names.py
                      "citizen_reports",  # fictitious: tests/test_reporter_compartment.py
                      "citizen_report_portal"}  # written by tests/test_intake_cases.py


def test_every_shipped_mapping_is_tested() -> None:
    assert set(shipped_mappings()) == {c[0] for c in CASES} | TESTED_IN_EXCHANGE


@pytest.mark.parametrize(("mapping", "file", "records", "entities"), CASES,
                         ids=[f"{c[0]}:{Path(c[1]).name}" for c in CASES])
def test_real_file(case: Case, mapping: str, file: str, records: int,
                   entities: dict[str, int]) -> None:
    report = ingest_file(case, mapping, DATA / file)
    assert report.records == records
    for schema, count in entities.items():
        assert report.entities.get(schema) == count, schema
    with case.connect(read_only=True) as con:
        dupes = con.execute("SELECT count(*) - count(DISTINCT (id, source_id)) "
                            "FROM statements").fetchone()
        assert dupes == (0,)
        no_locator = con.execute("SELECT count(*) FROM statements WHERE locator IS NULL "
                                 "OR source_id IS NULL").fetchone()
        assert no_locator == (0,)


def test_caviar_phases(case: Case) -> None:
    """The 11 phase files hold 15, 24, 33, 33, 32, 27, 36, 42, 34, 42 and 41 people."""
    for number, expected in enumerate(CAVIAR_PHASE_PEOPLE, start=1):
        path = DATA / "networks" / "caviar_phases" / f"phase{number}.csv"
        report = ingest_file(case, "caviar", path)
        assert report.entities["Person"] == expected, f"phase {number}"
    with case.connect(read_only=True) as con:
        # phases name the same people as the whole network: ids shared, 110 at most
        people = con.execute("SELECT count(*) FROM entities WHERE schema = 'Person'").fetchone()
        assert people is not None and people[0] <= 110


def test_caviar_edges_view(case: Case) -> None:
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    with case.connect(read_only=True) as con:
        edges = con.execute("SELECT count(*), count(DISTINCT source), bool_and(directed) "
                            "FROM edges WHERE schema = 'CommunicationLink'").fetchone()
        assert edges is not None and edges[0] == 295 and edges[2] is True
        weight = con.execute(
            "SELECT value FROM statements WHERE entity_id = 'caviar-calls-1-3' AND prop = 'count'"
        ).fetchone()
        assert weight == ("337",)  # N1 -> N3: 337 intercepted calls (row 1 of the matrix)


def test_ofac_remarks_parsed(sdn_case: Case) -> None:
    case = sdn_case
    with case.connect(read_only=True) as con:
        yan = dict(con.execute(
            "SELECT prop, list(value ORDER BY value) FROM statements "
            "WHERE entity_id = 'ofac-sdn-25308' GROUP BY prop").fetchall())
        assert yan["birthDate"] == ["1977-03-25"]
        assert yan["citizenship"] == ["cn"]
        assert yan["gender"] == ["male"]
        wallets = con.execute(
            "SELECT count(*) FROM statements WHERE schema = 'CryptoWallet' AND prop = 'holder' "
            "AND value = 'ofac-sdn-25308'").fetchone()
        assert wallets is not None and wallets[0] >= 6
        # Remarks hold OFAC's weak a.k.a.s (the strong ones live in alt.csv), f.k.a.s and
        # the odd n.k.a.
        kinds = dict(con.execute("SELECT prop, count(*) FROM statements WHERE prop IN "
                                 "('alias', 'weakAlias', 'previousName') GROUP BY prop"
                                 ).fetchall())
        assert kinds["weakAlias"] > 3000 and kinds["previousName"] > 80
        assert kinds["alias"] >= 1
        plane = dict(con.execute(  # EP-GOM, an Il-76 of Yas Air / Pouya Air
            "SELECT prop, min(value) FROM statements WHERE entity_id = 'ofac-sdn-15431' "
            "GROUP BY prop").fetchall())
        assert plane["serialNumber"] == "1023409321" and plane["buildDate"] == "1992"
        ship = dict(con.execute(  # ARTAVIL: IMO, MMSI and four former flags
            "SELECT prop, count(*) FROM statements WHERE entity_id = 'ofac-sdn-15036' "
            "GROUP BY prop").fetchall())
        assert ship["mmsi"] == 1 and ship["imoNumber"] == 1 and ship["pastFlags"] == 4
        khora = con.execute("SELECT list(value ORDER BY value) FROM statements WHERE "
                            "entity_id = 'ofac-sdn-26137' AND prop = 'email'").fetchone()
        assert khora is not None and "iranvisacart@yahoo.com" in khora[0]


def test_elliptic_labels(case: Case) -> None:
    ingest_file(case, "elliptic_classes",
                DATA / "crypto" / "elliptic_txs_classes_with_timestep.csv")
    with case.connect(read_only=True) as con:
        labels = dict(con.execute("SELECT value, count(*) FROM statements WHERE "
                                  "prop = 'illicitLabel' GROUP BY value").fetchall())
    assert labels == {"illicit": 4545, "licit": 42019, "unknown": 157205}


def test_amlworld_typologies(case: Case) -> None:
    ingest_file(case, "amlworld_patterns", DATA / "aml" / "amlworld_HI-Medium_Patterns.txt")
    with case.connect(read_only=True) as con:
        typologies = {r[0] for r in con.execute(
            "SELECT DISTINCT value FROM statements WHERE prop = 'typology'").fetchall()}
        per_attempt = con.execute(
            "SELECT max(n) FROM (SELECT entity_id, count(*) AS n FROM statements "
            "WHERE prop = 'typology' GROUP BY entity_id)").fetchone()
    assert typologies == {"FAN-IN", "FAN-OUT", "CYCLE", "SCATTER-GATHER", "GATHER-SCATTER",
                          "BIPARTITE", "STACK", "RANDOM"}
    assert per_attempt == (1,)


def test_invalid_values_kept_and_flagged_in_real_data(case: Case) -> None:
    """GLOTIP publishes '<5': kept as the original text, flagged, never dropped."""
    ingest_file(case, "unodc_glotip", DATA / "trafficking" / "unodc_glotip.xlsx")
    with case.connect(read_only=True) as con:
        row = con.execute("SELECT count(*), any_value(locator) FROM statements WHERE "
                          "prop = 'value' AND value = '<5' AND flag LIKE 'invalid number:%'"
                          ).fetchone()
    assert row is not None and row[0] > 1000 and row[1].startswith("data_glotip_1!")


def test_agora_free_text_places(case: Case) -> None:
    ingest_file(case, "agora_listings", DATA / "markets" / "agora-products-2014-01-01.csv")
    with case.connect(read_only=True) as con:
        places = dict(con.execute(
            "SELECT value, count(*) FROM statements WHERE prop = 'shipsFrom' AND flag IS NULL "
            "GROUP BY value").fetchall())
        kept = con.execute("SELECT count(*) FROM statements WHERE prop = 'shipsFromText'"
                           ).fetchone()
    assert places["au"] > 100 and places["us"] > 100
    assert kept is not None and kept[0] > 5000


# Share of ships-from values that resolve to a country, per Agora crawl format (before
# issue #18 the February crawl's "From: USA To: USA" field resolved for 26.7%). What is
# left is no country: "Torland", "Undeclared", "Agora Beta", and in the vendor pages a
# two-word origin cut in two by that export ("Hong" / "Kong").
AGORA_CRAWLS = [
    ("agora_listings", "agora-products-2014-01-01.csv", 0.87),
    ("agora_listings", "agora-products-2014-02-01.csv", 0.87),
    ("agora_listings", "agora_2014_synth.csv", 1.0),
    ("agora_vendor_pages", "agora_vendor_pages_2014-01.csv", 0.85),
]


@pytest.mark.parametrize(("mapping", "file", "share"), AGORA_CRAWLS,
                         ids=[c[1] for c in AGORA_CRAWLS])
def test_agora_ships_from_resolves_in_every_crawl_format(
        case: Case, mapping: str, file: str, share: float) -> None:
    ingest_file(case, mapping, DATA / "markets" / file)
    with case.connect(read_only=True) as con:
        row = con.execute("SELECT count(*) FILTER (WHERE flag IS NULL) / count(*) FROM "
                          "statements WHERE prop = 'shipsFrom'").fetchone()
        unparsed = con.execute(
            "SELECT count(*) FROM statements WHERE prop IN ('shipsFromText', 'shipsToText') "
            "AND regexp_matches(value, '(?i)(^from:|\\bto:)')").fetchone()
    assert row is not None and row[0] >= share
    assert unparsed == (0,)


def test_agora_from_and_to_in_one_field(case: Case) -> None:
    """February 2014: "From: USA To: USA" is a place of origin and a destination; "From:
    Germany To:" with the destination in its own column keeps that destination."""
    ingest_file(case, "agora_listings", DATA / "markets" / "agora-products-2014-02-01.csv")
    with case.connect(read_only=True) as con:
        listing = con.execute(
            "SELECT entity_id FROM statements WHERE prop = 'listingPage' "
            "AND value = '2014-02-02__a1wNNYFoK9.html'").fetchone()
        assert listing is not None
        places = dict(con.execute(
            "SELECT prop, list(value ORDER BY value) FROM statements WHERE entity_id = ? "
            "AND prop LIKE 'ships%' GROUP BY prop", [listing[0]]).fetchall())
        everyplace = con.execute(
            "SELECT count(*) FROM statements WHERE prop = 'shipsToText' AND "
            "value = 'Everyplace except Australia and Finland'").fetchone()
        world = con.execute("SELECT count(*) FROM statements WHERE prop = 'shipsFrom' "
                            "AND value = 'zz' AND original_value = 'World'").fetchone()
    assert places == {"shipsFrom": ["us"], "shipsFromText": ["USA"], "shipsTo": ["us"],
                      "shipsToText": ["USA"]}
    assert everyplace is not None and everyplace[0] >= 10
    assert world is not None and world[0] > 0


def test_unodc_prices_keep_the_level_of_sale(case: Case) -> None:
    """Every UNODC price keeps its level of sale, also where the annex gives no minimum
    or maximum (the template's optional "[; min={Minimum_USD}]" parts): the US cannabis
    herb retail price of 2019 (USD 200 per g, no range) is "level=Retail"."""
    ingest_file(case, "unodc_drug_prices", DATA / "drugs" / "unodc_wdr2024_drug_prices.json")
    with case.connect(read_only=True) as con:
        levels = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE value LIKE 'level=%') FROM statements "
            "WHERE prop = 'breakdown'").fetchone()
        us = con.execute("""
            SELECT b.value FROM statements b
            JOIN statements c ON c.entity_id = b.entity_id AND c.prop = 'country'
            JOIN statements i ON i.entity_id = b.entity_id AND i.prop = 'item'
            JOIN statements y ON y.entity_id = b.entity_id AND y.prop = 'period'
            WHERE b.prop = 'breakdown' AND c.value = 'us' AND i.value = 'Marijuana (herb)'
                  AND y.value = '2019' ORDER BY 1""").fetchall()
        ranged = con.execute("SELECT count(*) FROM statements WHERE prop = 'breakdown' "
                             "AND value LIKE 'level=%; min=%; max=%'").fetchone()
    assert levels == (4646, 4646)  # every row: none lost its level
    assert us == [("level=Retail",), ("level=Wholesale",)]
    assert ranged == (3508,)  # the rows giving both a minimum and a maximum


def test_mappings_load() -> None:
    for name in shipped_mappings():
        assert load_mapping(name).mapping == name
