"""Screening on the real OFAC data: who is screened, and no list entry is a hit on itself.

The case holds OFAC's SDN list (2024-05-03), OFAC's XBT address list and GraphSense's
OFAC tag pack (three lists that state the same wallets), and a seized phone's contacts:
people, a company, a wallet the OFAC lists hold, an ownership and a call.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.ingest.pipeline import ingest_file
from tnoc.resolve.screening import ScreeningResult, screen
from tnoc.store import Case

from .conftest import DATA, BuiltCase

SEIZED_MAPPING = """mapping: seized_contacts_and_ledger
dataset: seized_phone
reader: {format: csv}
entities:
  - name: person
    schema: Person
    keys: [contact]
    properties:
      name: contact
      phone: {column: phone, country_hint: gb}
  - name: company
    schema: Company
    keys: [company]
    filter: {not_empty: company}
    properties:
      name: company
  - name: ownership
    schema: Ownership
    keys: [contact, company]
    filter: {not_empty: company}
    properties:
      owner: {entity: person}
      asset: {entity: company}
  - name: call
    schema: Call
    keys: [contact, phone]
    properties:
      caller: {entity: person}
      callerNumber: {column: phone, country_hint: gb}
  - name: wallet
    schema: CryptoWallet
    id: "wallet-{wallet}"
    filter: {not_empty: wallet}
    properties:
      publicKey: {column: wallet, crypto_currency: BTC}
      holder: {entity: person}
"""
SEIZED = """contact,phone,company,wallet
Xiaobing Yan,+86 138 0013 8000,,12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h
Ali Khorashadi Zadeh,+98 21 8888 1234,Khorashad Trading Ltd,
Jane Doe,020 7946 0958,,
"""
SEIZED_WALLET = "wallet-12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"


@pytest.fixture(scope="module")
def ofac_case(tmp_path_factory: pytest.TempPathFactory, sdn_2024: BuiltCase) -> Case:
    """The three OFAC sources and the seized contacts, ingested once (screening runs are
    added by the tests; each reads only its own run's hits)."""
    root = tmp_path_factory.mktemp("screening")
    case = sdn_2024.copy(root / "case")
    ingest_file(case, "ofac_crypto_addresses",
                DATA / "sanctions" / "ofac_crypto_addresses" / "sanctioned_addresses_XBT.txt")
    ingest_file(case, "graphsense_tagpack", DATA / "tags" / "graphsense_ofac.yaml")
    mapping = root / "seized.yaml"
    mapping.write_text(SEIZED_MAPPING, encoding="utf-8")
    data = root / "seized.csv"
    data.write_text(SEIZED, encoding="utf-8")
    ingest_file(case, mapping, data)
    return case


def _hits(case: Case, lists: tuple[str, ...] | None
          ) -> tuple[ScreeningResult, list[tuple[str, str, str, str]]]:
    with case.transaction() as con:
        result = screen(con, lists)
        hits = con.execute("SELECT subject_id, list_entity_id, list_dataset, reason FROM "
                           "screening_hits WHERE run_id = ?", [result.run_id]).fetchall()
    return result, hits


def _seized_entities(case: Case) -> set[str]:
    with case.connect(read_only=True) as con:
        return {r[0] for r in con.execute(
            "SELECT DISTINCT canonical_id FROM statements WHERE dataset = 'seized_phone'"
        ).fetchall()}


@pytest.mark.parametrize("lists", [None, ("ofac_sdn",), ("ofac_crypto",)])
def test_no_list_entry_is_a_hit_on_itself(ofac_case: Case,
                                          lists: tuple[str, ...] | None) -> None:
    """OFAC's address list and GraphSense's OFAC pack state the same wallets as the SDN
    list: screening against the SDN list alone used to report each of them as a hit on
    itself (266 "the same entity is on the list" hits). Only the seized material is
    screened, against one list or all; the seized wallet stays a hit, with where the case
    has it from."""
    _, hits = _hits(ofac_case, lists)
    seized = _seized_entities(ofac_case)
    assert hits
    assert {h[0] for h in hits} <= seized
    same = [h for h in hits if h[0] == h[1]]
    assert [h[0] for h in same] == [SEIZED_WALLET] * len(same)
    assert all("(the case has it from seized_phone)" in h[3] for h in same)
    if lists is None:  # every list the case holds: the wallet is on all three
        assert sorted(h[2] for h in same) == ["graphsense_tags", "ofac_crypto", "ofac_sdn"]
        assert any(h[1] == "ofac-sdn-25308" for h in hits)  # "Xiaobing Yan" by name


def test_subjects_are_parties_not_links_or_list_entries(ofac_case: Case) -> None:
    """The seized phone states three people, a company, a wallet, an ownership and three
    calls: the ownership and the calls are links and events, not parties; the 17,000-odd
    OFAC entries and wallets are the lists, not subjects."""
    result, _ = _hits(ofac_case, None)
    assert result.subjects_by_schema == {
        "Person": 3, "Company": 1, "CryptoWallet": 1}
    assert result.subjects == 5
    assert result.lists == ("graphsense_tags", "ofac_crypto", "ofac_sdn")
    with ofac_case.connect(read_only=True) as con:
        links = con.execute("SELECT schema, count(DISTINCT canonical_id) FROM statements "
                            "WHERE dataset = 'seized_phone' AND schema IN ('Ownership', "
                            "'Call') GROUP BY 1 ORDER BY 1").fetchall()
    assert links == [("Call", 3), ("Ownership", 1)]  # they are in the case, not screened


def test_screen_command_says_who_was_screened_against_what(ofac_case: Case) -> None:
    result = CliRunner().invoke(app, ["screen", "-c", str(ofac_case.root), "--list",
                                      "ofac_sdn", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["subjects"] == 5 and doc["lists"] == ["ofac_sdn"]
    assert doc["subjects_by_schema"] == {"Person": 3, "Company": 1, "CryptoWallet": 1}
    table = CliRunner().invoke(app, ["screen", "-c", str(ofac_case.root), "--list",
                                     "ofac_sdn"])
    assert table.exit_code == 0, table.output
    assert "subjects screened against ofac_sdn" in table.output
    assert "3 Person, 1 Company, 1 CryptoWallet" in table.output




@pytest.fixture(scope="module")
def material_with_a_sanction(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """OFAC's XBT address list, and case material imported from FtM (the donations
    file of examples/data) that includes one Sanction on one of its people."""
    import json as json_

    root = tmp_path_factory.mktemp("sanction_in_material")
    case = Case.init(root / "case")
    ingest_file(case, "ofac_crypto_addresses",
                DATA / "sanctions" / "ofac_crypto_addresses" / "sanctioned_addresses_XBT.txt")
    lines = (DATA / "ftm" / "donations.ijson").read_text(encoding="utf-8").splitlines()
    person = next(e for e in map(json_.loads, lines) if e["schema"] == "Person")
    lines.append(json_.dumps({"id": "sanction-1", "schema": "Sanction", "properties": {
        "entity": [person["id"]], "authority": ["a court order in the file"]}}))
    material = root / "donations.ijson"
    material.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_file(case, "ftm_entities", material)
    return case


def test_one_sanction_does_not_make_case_material_a_list(
        material_with_a_sanction: Case) -> None:
    """The donations file's 22 people, 56 companies and 17 organisations are screened
    although the file states one Sanction (1 of its 184 parties listed); OFAC's address
    list (435 of 435 wallets listed) is a list, its wallets left out of the subjects, and
    both decisions say why."""
    result, _ = _hits(material_with_a_sanction, None)
    assert result.lists == ("ofac_crypto",)
    assert result.subjects_by_schema["Person"] == 22
    assert result.subjects_by_schema["Company"] == 56
    decided = {d.dataset: d for d in result.decisions}
    assert not decided["ftm"].is_list and decided["ftm"].listed == 1
    assert "screened as case material" in decided["ftm"].why
    assert decided["ofac_crypto"].is_list
    assert (decided["ofac_crypto"].listed, decided["ofac_crypto"].left_out) == (435, 435)
    assert result.left_out == 435


def test_screen_command_names_the_lists_and_what_they_left_out(
        material_with_a_sanction: Case) -> None:
    root = str(material_with_a_sanction.root)
    doc = json.loads(CliRunner().invoke(app, ["screen", "-c", root, "--json"]).stdout)
    datasets = {d["dataset"]: d for d in doc["datasets"]}
    assert datasets["ftm"]["is_list"] is False and datasets["ofac_crypto"]["is_list"]
    assert doc["left_out"] == 435
    table = CliRunner().invoke(app, ["screen", "-c", root])
    assert table.exit_code == 0, table.output
    assert "ofac_crypto: a list (a published list; 435 of its 435 parties listed" \
        in table.output
    assert "435 of its parties not screened" in table.output
    assert "ftm: states listings but screened (only 1 of its 184 parties" in table.output
    assert "435 parties left out of the subjects" in table.output
