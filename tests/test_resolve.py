"""Entity resolution on real data: strong identifiers, judgements, screening, review."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tnoc.errors import TnocError
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.resolve.identifiers import link_identifiers
from tnoc.resolve.judgements import MergeConflict, active_judgements, judge, split, undo
from tnoc.resolve.review import review_queue
from tnoc.resolve.screening import screen
from tnoc.store import Case
from tnoc.store.lookup import captions

from .conftest import DATA

SEIZED_MAPPING = """mapping: seized_contacts
dataset: seized_phone
reader: {format: csv}
entities:
  - name: person
    schema: Person
    keys: [contact]
    properties:
      name: contact
      phone: {column: phone, country_hint: gb}
      email: email
  - name: wallet
    schema: CryptoWallet
    id: "wallet-{wallet}"
    filter: {not_empty: wallet}
    properties:
      publicKey: {column: wallet, crypto_currency: BTC}
      holder: {entity: person}
"""
SEIZED = """contact,phone,email,wallet
Xiaobing Yan,+86 138 0013 8000,,12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h
Ali Khorashadi Zadeh,+98 21 8888 1234,iranvisacart@yahoo.com,
Jane Doe,020 7946 0958,,
J. Doe,+44 20 7946 0958,,
"""


@pytest.fixture
def sanctions_case(sdn_case: Case, tmp_path: Path) -> Case:
    """OFAC SDN, the OFAC XBT list, GraphSense's OFAC pack and a seized contact list."""
    case = sdn_case
    ingest_file(case, "ofac_crypto_addresses",
                DATA / "sanctions" / "ofac_crypto_addresses" / "sanctioned_addresses_XBT.txt")
    ingest_file(case, "graphsense_tagpack", DATA / "tags" / "graphsense_ofac.yaml")
    mapping = tmp_path / "seized.yaml"
    mapping.write_text(SEIZED_MAPPING, encoding="utf-8")
    data = tmp_path / "seized.csv"
    data.write_text(SEIZED, encoding="utf-8")
    ingest_file(case, mapping, data)
    return case


def test_cross_source_wallet_is_one_entity(sanctions_case: Case) -> None:
    """An address in SDN remarks, the OFAC list and GraphSense is one entity, held by
    the sanctioned person; 194 addresses appear in all three sources."""
    with sanctions_case.connect(read_only=True) as con:
        datasets = con.execute(
            "SELECT list(DISTINCT dataset ORDER BY dataset) FROM statements "
            "WHERE canonical_id = 'wallet-12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h'").fetchone()
        holders = con.execute(
            "SELECT DISTINCT target FROM entity_references WHERE entity = "
            "'wallet-12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h' AND prop = 'holder'").fetchall()
        in_all = con.execute(
            "SELECT count(*) FROM (SELECT canonical_id FROM statements WHERE "
            "schema = 'CryptoWallet' AND dataset IN ('ofac_sdn', 'ofac_crypto', "
            "'graphsense_tags') GROUP BY canonical_id HAVING count(DISTINCT dataset) = 3)"
        ).fetchone()
    assert datasets == (["graphsense_tags", "ofac_crypto", "ofac_sdn", "seized_phone"],)
    assert {h[0] for h in holders} >= {"ofac-sdn-25308"}
    assert in_all == (194,)


def test_strong_identifiers(sanctions_case: Case) -> None:
    with sanctions_case.transaction() as con:
        result = link_identifiers(con)
        links = con.execute("SELECT left_id, right_id, reason FROM candidate_links "
                            "WHERE run_id = ?", [result.run_id]).fetchall()
    reasons = {r[2] for r in links}
    assert "same email: iranvisacart@yahoo.com" in reasons  # seized contact ~ OFAC person
    assert "same phone: +442079460958" in reasons  # 020 ... (gb) and +44 ... are one number
    pair = next(r for r in links if r[2] == "same email: iranvisacart@yahoo.com")
    assert "ofac-sdn-26137" in pair[:2]


def test_screening_finds_names_and_wallets(sanctions_case: Case) -> None:
    with sanctions_case.transaction() as con:
        result = screen(con)
        hits = con.execute("SELECT subject_id, list_entity_id, score, reason FROM "
                           "screening_hits WHERE run_id = ?", [result.run_id]).fetchall()
    by_list = {(h[1], h[3].split(":")[0]): h for h in hits}
    assert ("ofac-sdn-25308", "same name") in by_list  # "Xiaobing Yan" ~ "YAN, Xiaobing"
    assert by_list[("ofac-sdn-25308", "same name")][2] >= 0.97
    assert ("ofac-sdn-26137", "same name but the spacing") in by_list  # Khorashadi Zadeh
    assert any(h[0] == h[1] == "wallet-12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h" for h in hits)
    assert not any("doe" in h[3].lower() for h in hits)




def test_judgement_semantics(sanctions_case: Case) -> None:
    a, b, c, d = "ofac-sdn-25308", "ofac-sdn-26137", "ofac-sdn-26138", "ofac-sdn-9443"
    with sanctions_case.transaction() as con:
        first = judge(con, a, b, "positive", "tester")
        judge(con, b, c, "positive", "tester")
        canon = dict(con.execute("SELECT DISTINCT entity_id, canonical_id FROM statements "
                                 "WHERE entity_id IN (?, ?, ?)", [a, b, c]).fetchall())
        assert set(canon.values()) == {min(a, b, c)}  # transitive
        judge(con, c, d, "negative", "tester")
        with pytest.raises(MergeConflict, match="judged not the same"):
            judge(con, a, d, "positive", "tester")  # would join c and d
        with pytest.raises(MergeConflict):
            judge(con, a, c, "negative", "tester")  # already merged
        undo(con, first, "tester")
        canon = dict(con.execute("SELECT DISTINCT entity_id, canonical_id FROM statements "
                                 "WHERE entity_id IN (?, ?, ?)", [a, b, c]).fetchall())
        assert canon[a] == a and canon[b] == canon[c] == min(b, c)
        judge(con, a, d, "positive", "tester")  # allowed now: a is no longer with c
        undone = split(con, b, "tester")
        assert len(undone) == 1
        with pytest.raises(TnocError, match="not merged"):
            split(con, b, "tester")
        kinds = con.execute("SELECT verdict, count(*) FROM judgements GROUP BY 1"
                            ).fetchall()
        statements = con.execute("SELECT count(*) FROM statement_store WHERE entity_id IN "
                                 "(?, ?, ?, ?)", [a, b, c, d]).fetchone()
    assert dict(kinds) == {"positive": 3, "negative": 1, "undo": 2}  # nothing deleted
    assert statements is not None and statements[0] > 20
    with sanctions_case.connect() as con:
        assert len(active_judgements(con)) == 2


def test_merge_shows_in_entities_and_edges(sanctions_case: Case) -> None:
    with sanctions_case.transaction() as con:
        seized = con.execute("SELECT entity_id FROM statements WHERE dataset = 'seized_phone' "
                             "AND prop = 'name' AND value = 'Xiaobing Yan'").fetchone()
        assert seized is not None
        judge(con, seized[0], "ofac-sdn-25308", "positive", "tester")
        merged = con.execute("SELECT list(DISTINCT dataset ORDER BY dataset) FROM statements "
                             "WHERE canonical_id = ?", [min(seized[0], "ofac-sdn-25308")]
                             ).fetchone()
    assert merged == (["ofac_sdn", "seized_phone"],)


def test_review_queue_driven_by_a_person(sanctions_case: Case) -> None:
    """Run 'tnoc review' as a person would: answers typed at its prompt."""
    with sanctions_case.transaction() as con:
        link_identifiers(con)
        queue = review_queue(con)
        names = captions(con, [queue[0].left_id, queue[0].right_id])  # before the merge
    assert len(queue) >= 2
    answers = "a\nr\nq\n"
    done = subprocess.run(
        [sys.executable, "-m", "tnoc.cli", "review", "-c", str(sanctions_case.root),
         "--author", "analyst-7"], input=answers, capture_output=True, text=True,
        env={"COLUMNS": "160", "PATH": "/usr/bin:/bin",
             "TNOC_KEYS": os.environ["TNOC_KEYS"]}, timeout=120)  # the registered key
    assert done.returncode == 0, done.stderr
    assert "[a]ccept" in done.stdout and "2 judgements recorded" in done.stdout
    assert queue[0].left_id in done.stdout  # the evidence of both sides was shown
    header = next(line for line in done.stdout.splitlines() if line.startswith("┃ property"))
    assert all(f"{names[e]} ({e})" in header  # the columns name the two entities
               for e in (queue[0].left_id, queue[0].right_id))
    with sanctions_case.connect() as con:
        verdicts = con.execute("SELECT verdict, author FROM judgements ORDER BY seq").fetchall()
        left = review_queue(con)
    assert verdicts == [("positive", "analyst-7"), ("negative", "analyst-7")]
    assert len(left) == len(queue) - 2


def test_predictions_carry_match_weights_per_comparison(case: Case) -> None:
    """Every candidate explains itself: a match weight for each comparison, which with
    the prior adds up to the pair's total match weight (Fellegi-Sunter)."""
    import json

    from tnoc.resolve.run import resolve_case

    ingest_file(case, "call_records", Path(__file__).parent / "data" / "cdr" / "calls.csv",
                IngestOptions(region="DE"))
    summary = resolve_case(case)
    person = next(g for g in summary.groups if g.group == "person")
    with case.connect(read_only=True) as con:
        prior = json.loads(con.execute("SELECT parameters FROM resolution_runs WHERE run_id = ?",
                                       [person.run_id]).fetchall()[0][0])["prior_weight"]
        links = con.execute("SELECT match_weight, details FROM candidate_links WHERE run_id = ?",
                            [person.run_id]).fetchall()
    assert links
    for total, details in links:
        weights = json.loads(details)["weights"]
        assert {"name", "contacts"} <= set(weights)
        assert sum(weights.values()) + prior == pytest.approx(total, abs=0.01)
