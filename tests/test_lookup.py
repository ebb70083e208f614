"""Entities found by name or id, fast lookups, and a command line that starts at once.

Real data: the OFAC SDN list of 2024 and Morselli's CAVIAR network, through the real
entry point where the behaviour is the command line's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tnoc.errors import TnocError
from tnoc.ingest.mapping import load_mapping
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case
from tnoc.store.lookup import captions, find_entity
from tnoc.store.query import search, show_entity

from .conftest import DATA, run_tnoc

OFAC = DATA / "sanctions" / "ofac_sdn_2024-05-03.csv"
CAVIAR = DATA / "networks" / "morselli_caviar.csv"


def tnoc(*args: str) -> subprocess.CompletedProcess[str]:
    return run_tnoc(*args)


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """The 2024 OFAC list and CAVIAR in one case."""
    case = Case.init(tmp_path_factory.mktemp("lookup") / "case")
    ingest_file(case, load_mapping("ofac_sdn"), OFAC, IngestOptions(handling_code="TLP:CLEAR"))
    ingest_file(case, load_mapping("caviar"), CAVIAR)
    return case


def test_an_entity_by_id_or_by_name(listed: Case) -> None:
    """'YAN, Xiaobing' is ofac-sdn-25308: the name finds the entity the id finds, with
    its wallets by name among who refers to it."""
    with listed.connect(read_only=True) as con:
        by_id, by_name = show_entity(con, "ofac-sdn-25308"), show_entity(con, "yan, xiaobing")
    assert by_id.id == by_name.id == "ofac-sdn-25308"
    assert by_id.caption == "YAN, Xiaobing"
    assert [s["statement_id"] for s in by_id.statements] == \
        [s["statement_id"] for s in by_name.statements]
    wallets = [r for r in by_id.referenced_by if r["schema"] == "CryptoWallet"]
    assert wallets and all(r["caption"] != r["entity"] for r in wallets)


def test_a_name_several_bear_lists_them(listed: Case) -> None:
    """A name borne by several entities is never a guess: the error lists them with
    their ids; an unknown name says how to search."""
    with listed.connect(read_only=True) as con:
        bearers = [str(r[0]) for r in con.execute(
            "SELECT DISTINCT entity_id FROM statement_store WHERE prop = 'name' AND value = "
            "'AL-AQSA FOUNDATION' ORDER BY 1").fetchall()]
        assert len(bearers) > 1
        with pytest.raises(TnocError) as several:
            find_entity(con, "AL-AQSA FOUNDATION")
        with pytest.raises(TnocError) as none:
            find_entity(con, "NO SUCH NAME ANYWHERE")
    assert f"{len(bearers)} entities are named" in str(several.value)
    assert all(b in str(several.value) for b in bearers[:10])
    assert "tnoc search" in str(none.value)


def test_search_shows_the_property_that_matched(listed: Case) -> None:
    """Each hit's property and value are one statement that contains the text (a name
    first where a name matches), and the total counts every entity that matches."""
    with listed.connect(read_only=True) as con:
        hits = search(con, "Digital Currency", limit=5)
        every = search(con, "Digital Currency", limit=10_000)
    assert len(hits) == 5 and hits[0]["total"] == len(every) > 5
    for hit in every:
        assert "digital currency" in str(hit["value"]).lower(), hit
    with listed.connect(read_only=True) as con:
        named = search(con, "XIAOBING", limit=10)
    assert any(h["prop"] == "name" and h["canonical_id"] == "ofac-sdn-25308" for h in named)


def test_actors_are_named(listed: Case) -> None:
    """Network tables and paths show actors by name; entities without a name keep
    their id (never their schema's label)."""
    with listed.connect(read_only=True) as con:
        names = captions(con, ["caviar-n1", "no-such-entity"])
    assert names == {"caviar-n1": "N1", "no-such-entity": "no-such-entity"}


def test_network_path_takes_names(tmp_path: Path) -> None:
    """'tnoc network path N1 N12' finds the actors by name and prints the path by name."""
    case = str(tmp_path / "case")
    assert tnoc("case", "init", case).returncode == 0
    assert tnoc("ingest", "caviar", str(CAVIAR), "-c", case).returncode == 0
    done = tnoc("network", "path", "N1", "N12", "-c", case)
    assert done.returncode == 0, done.stderr
    assert "N1 -> N12" in done.stdout and "caviar-n1 ->" not in done.stdout


def test_version_and_help() -> None:
    """'tnoc --version' prints the version; help keeps square brackets ("[a]ccept");
    the command line imports neither DuckDB nor FollowTheMoney before a command runs."""
    version = tnoc("--version")
    assert version.returncode == 0 and version.stdout.startswith("tnoc ")
    review = tnoc("review", "--help")
    assert "[a]ccept" in review.stdout and "[r]eject" in review.stdout
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, tnoc.cli.main; print(sorted(m for m in "
         "('duckdb', 'followthemoney', 'splink', 'networkit', 'pandas') if m in sys.modules))"],
        capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_captions_as_ftm_names_them(listed: Case) -> None:
    """The caption table shipped beside the store is what the model says today, and
    names every entity of the OFAC list and CAVIAR exactly as FtM's own proxy does
    (a person with several names by rigour's pick_name)."""
    import json

    from tnoc.store.captions import CAPTIONS_FILE, caption_of, caption_table
    from tnoc.store.query import proxy_for

    assert json.loads(CAPTIONS_FILE.read_text(encoding="utf-8")) == caption_table(), \
        "regenerate src/tnoc/store/captions.json from caption_table()"
    with listed.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT entity_id, any_value(schema), map_from_entries(list((prop, vals))) FROM "
            "(SELECT entity_id, schema, prop, list(DISTINCT value ORDER BY value) AS vals "
            "FROM statement_store WHERE flag IS NULL AND prop <> 'id' "
            "GROUP BY entity_id, schema, prop) GROUP BY entity_id").fetchall()
    assert len(rows) > 10_000
    several = 0
    for entity, schema, properties in rows:
        properties = dict(properties)
        variants = [properties]
        others = [v for k in ("alias", "weakAlias", "previousName")
                  for v in properties.get(k, [])]
        if others and properties.get("name"):  # as after a merge: several names
            variants.append({**properties, "name": sorted({*properties["name"], *others})})
            several += 1
        for props in variants:
            assert caption_of(entity, schema, props) == \
                str(proxy_for(entity, schema, props).caption), entity
    assert several > 1000


def test_an_amount_is_named_with_its_currency() -> None:
    """FtM names a payment by its amount alone ("21375.37"); TNOC adds the currency as
    the money commands write a total ("GBP 21,375.37": thousands separated, decimals
    as stated), and only where the caption is the amount (a contract is named by its
    title)."""
    from tnoc.store.captions import caption_of

    assert caption_of("p1", "Payment", {"amount": ["21375.37"], "currency": ["GBP"]}) == \
        "GBP 21,375.37"
    assert caption_of("p2", "Payment", {"amount": ["27517.4"], "currency": ["EUR"]}) == \
        "EUR 27,517.4"
    assert caption_of("p3", "Payment", {"amount": ["1000"]}) == "1,000"
    assert caption_of("p4", "Payment", {"amount": ["0.00012345"], "currency": ["BTC"]}) \
        == "BTC 0.00012345"
    assert caption_of("p5", "Payment", {"amount": ["-1500.50"]}) == "-1,500.50"
    assert caption_of("p6", "Payment", {"amount": ["1E+999999999"]}) == "1E+999999999"
    assert caption_of("c1", "Contract", {"title": ["100"], "amount": ["100"],
                                         "currency": ["EUR"]}) == "100"


def test_show_gives_each_statement_the_id_the_view_and_ftm_give(listed: Case) -> None:
    """One statement id formula (``STATEMENT_ID_SQL``): the ids ``tnoc show`` prints for
    'YAN, Xiaobing' are the ``statements`` view's, and FtM's own statement key."""
    from followthemoney.statement import Statement

    with listed.connect(read_only=True) as con:
        shown = {(s["prop"], s["value"]): s["statement_id"]
                 for s in show_entity(con, "ofac-sdn-25308").statements}
        viewed = {(str(p), str(v)): str(i) for p, v, i in con.execute(
            "SELECT prop, value, id FROM statements WHERE entity_id = 'ofac-sdn-25308'"
        ).fetchall()}
    assert len(shown) > 5 and shown == viewed
    assert {key: Statement.make_key("ofac_sdn", "ofac-sdn-25308", *key, external=False)
            for key in shown} == shown


def test_a_merged_id_is_named_by_its_canonical_entity(sdn_case: Case) -> None:
    """After a merge, a result that still names the merged (non-canonical) id reads as
    the entity it was merged into, keyed by the id as given, never as the bare id."""
    from tnoc.resolve.judgements import judge

    case = sdn_case  # OFAC's SDN list of 2024-05-03 (OFAC), ingested with the defaults
    ingest_file(case, load_mapping("caviar"), CAVIAR)
    with case.transaction() as con:
        judge(con, "caviar-n2", "ofac-sdn-25308", "positive", force=True,
              note="test: one person")
        names = captions(con, ["ofac-sdn-25308", "caviar-n2", "no-such-entity"])
        alone = captions(con, ["ofac-sdn-25308"])  # without its canonical id asked for
    assert alone["ofac-sdn-25308"] == names["caviar-n2"]  # canonical: the lower id
    assert names["ofac-sdn-25308"] == names["caviar-n2"] != "ofac-sdn-25308"
    assert names["caviar-n2"] in {"N2", "YAN, Xiaobing", "Xiaobing YAN"}
    assert names["no-such-entity"] == "no-such-entity"


def _store_scans(con: object, sql: str, params: dict[str, object]) -> list[str]:
    """How each read of ``statement_store`` in ``sql`` was done (``Index Scan``,
    ``Sequential Scan``), from DuckDB's analysed plan of the query as run."""
    import json

    plan = json.loads(con.execute(  # type: ignore[attr-defined]
        f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params).fetchall()[0][1])
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            info = node.get("extra_info")
            if isinstance(info, dict) and str(info.get("Table", "")).endswith(
                    "statement_store"):
                found.append(str(info.get("Type")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(plan)
    return found


def test_entity_lookups_read_the_store_by_its_indexes(listed: Case) -> None:
    """An entity's own statements and those pointing at it are read through the ART
    indexes of ``statement_store`` (``tnoc.store.schema.INDEXES``), joined and filtered
    as the dossier does, not by reading the whole column: DuckDB drops the index as
    soon as any other filter reaches the scan, which ``statements_by`` prevents. The
    plan as run is checked, not a time."""
    from tnoc.store.dossier import COUNTERPARTS_SQL, REFERRERS_SQL
    from tnoc.store.lookup import statements_by, visible_sql
    from tnoc.tlp import TLP_ORDER

    codes = list(TLP_ORDER)  # every code: the caviar file has the default one
    with listed.connect(read_only=True) as con:
        person = "ofac-sdn-25308"  # YAN, Xiaobing
        call = str(con.execute(
            "SELECT entity_id FROM statement_store WHERE schema = 'CommunicationLink' "
            "ORDER BY entity_id LIMIT 1").fetchall()[0][0])
        caller = str(con.execute("SELECT value FROM statement_store WHERE entity_id = $c "
                                 "AND prop = 'sender'", {"c": call}).fetchall()[0][0])
        own = (f"SELECT s.prop, src.file_name FROM {statements_by('entity_id')} s "
               "JOIN sources src USING (source_id) WHERE s.prop_type = 'name' "
               f"AND {visible_sql(codes, 's.')}")
        referrers = REFERRERS_SQL.format(visible=visible_sql(codes, "s."))
        counterparts = COUNTERPARTS_SQL.format(visible=visible_sql(codes, "s."))
        for sql, params in ((own, {"ids": [person], "codes": codes}),
                            (referrers, {"ids": [caller], "codes": codes}),
                            (counterparts, {"shown": [call], "ids": [caller],
                                            "codes": codes})):
            assert con.execute(sql, params).fetchall()  # the lookup finds its rows
            assert _store_scans(con, sql, params) == ["Index Scan"], sql
        # the same filters inside the scan, as the lookups were written before: the
        # whole column is read (what the test would miss if DuckDB changed)
        plain = ("SELECT s.prop FROM statement_store s JOIN sources src USING (source_id) "
                 "WHERE s.entity_id IN (SELECT unnest($ids)) AND s.prop_type = 'name'")
        assert _store_scans(con, plain, {"ids": [person]}) == ["Sequential Scan"]
