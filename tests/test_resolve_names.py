"""Entity resolution that holds on real watch-lists and real call records.

Real data: the OFAC SDN lists of 2023 and 2024 (both years in one case, ids apart, as
``benchmarks/watchlist.py`` builds it) and a hand-made call-record file
(``tests/data/cdr``). Each test names the behaviour it proves.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tnoc.errors import TnocError
from tnoc.ingest.clean import clean_one
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.resolve.model import ModelOptions
from tnoc.resolve.probabilistic import link_group
from tnoc.resolve.run import resolve_case
from tnoc.resolve.schemata import common_schema
from tnoc.store import Case

from .conftest import DATA, ROOT, run_tnoc, store_fingerprint

sys.path.insert(0, str(ROOT / "benchmarks"))
from watchlist import read_truth, year_mapping  # noqa: E402

CDR = ROOT / "tests" / "data" / "cdr" / "calls.csv"
SANCTIONS = DATA / "sanctions"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Both OFAC lists in one case, resolved once with the defaults."""
    folder = tmp_path_factory.mktemp("two-years")
    case = Case.init(folder / "case")
    for label, name in (("older", "ofac_sdn_2023-05-02.csv"),
                        ("newer", "ofac_sdn_2024-05-03.csv")):
        ingest_file(case, year_mapping(label, folder), SANCTIONS / name)
    resolve_case(case)
    return case


def _links(case: Case, where: str = "TRUE", params: list[object] | None = None
           ) -> list[tuple[str, str, float, str]]:
    with case.connect(read_only=True) as con:
        return [(str(a), str(b), float(p), str(r)) for a, b, p, r in con.execute(
            "SELECT left_id, right_id, coalesce(match_probability, 1.0), reason "
            f"FROM candidate_links WHERE {where}", params or []).fetchall()]


def _named(case: Case, name: str) -> list[str]:
    with case.connect(read_only=True) as con:
        return [str(r[0]) for r in con.execute(
            "SELECT DISTINCT entity_id FROM statement_store WHERE prop = 'name' AND value = ? "
            "ORDER BY 1", [name]).fetchall()]


@pytest.mark.slow  # reads both OFAC lists resolved (the module fixture, about 2 min)
def test_rare_identical_name_is_a_candidate_a_common_one_is_not(two_years: Case) -> None:
    """Individuals with the same full name and no birth date: a name borne by one
    entity in each year is proposed, with its rarity in the explanation; one borne by
    three entities in each year ("ATIA, Hachim K.") is not."""
    rare = _named(two_years, "ASGARI, Hassan")
    assert len(rare) == 2
    links = _links(two_years, "least(left_id, right_id) = ? AND greatest(left_id, right_id) = ?",
                   sorted(rare))
    assert links and links[0][2] >= 0.5
    assert "borne by 2 entities" in links[0][3]
    common = _named(two_years, "ATIA, Hachim K.")
    assert len(common) == 6
    assert not _links(two_years, "left_id IN (SELECT unnest($1)) AND right_id IN "
                                 "(SELECT unnest($1))", [common])
    with two_years.transaction() as con:  # the same pairs at a low threshold: explained
        run = link_group(con, "person", ModelOptions(threshold=0.001))
        scored = con.execute(
            "SELECT match_probability, reason FROM candidate_links WHERE run_id = ? AND "
            "left_id IN (SELECT unnest(?)) AND right_id IN (SELECT unnest(?))",
            [run.run_id, common, common]).fetchall()
        con.execute("DELETE FROM candidate_links WHERE run_id = ?", [run.run_id])
    assert scored and all(p < 0.5 for p, _ in scored)
    assert all("borne by 6 entities" in reason for _, reason in scored)


@pytest.mark.slow  # reads both OFAC lists resolved (the module fixture, about 2 min)
def test_shared_values_borne_by_others_weigh_less(two_years: Case) -> None:
    """A website borne by four companies in each year (shipping fronts sharing
    nitcshipping.com) links none of them to another; each company still links to its
    own entry of the other year, with the website's bearers in the explanation."""
    names = ["ATLAS KIAN QESHM", "POUYA TAMIN KISH", "DARYANAVARD KISH", "AZAR PAD QESHM"]
    entities = {name: _named(two_years, name) for name in names}
    assert all(len(ids) == 2 for ids in entities.values())
    every = [e for ids in entities.values() for e in ids]
    links = _links(two_years, "left_id IN (SELECT unnest($1)) AND right_id IN "
                              "(SELECT unnest($1))", [every])
    owner = {e: name for name, ids in entities.items() for e in ids}
    assert {frozenset((owner[a], owner[b])) for a, b, _, _ in links} == {
        frozenset([name]) for name in names}
    assert all("url:http://nitcshipping.com/; the rarest borne by 8 entities" in reason
               for _, _, _, reason in links)


@pytest.mark.slow  # reads both OFAC lists resolved (the module fixture, about 2 min)
def test_every_name_takes_part(two_years: Case) -> None:
    """Renamed entries are found through their other names: OFAC's Remarks a.k.a.s
    become weak aliases, f.k.a.s previous names; the explanation gives the name kinds."""
    truth = [read_truth("older", SANCTIONS / "ofac_sdn_2023-05-02.csv"),
             read_truth("newer", SANCTIONS / "ofac_sdn_2024-05-03.csv")]
    older = {v: k for k, v in truth[0].ent_num.items()}
    newer = {v: k for k, v in truth[1].ent_num.items()}
    # SUNIGA RODRIGUEZ DTO, renamed LOS POCHOS DTO, keeps the old name as a weak alias
    pair = sorted((older["26785"], newer["26785"]))
    links = _links(two_years, "left_id = ? AND right_id = ?", pair)
    assert links and links[0][2] >= 0.5
    assert "weak alias" in links[0][3]
    with two_years.connect(read_only=True) as con:
        kinds = dict(con.execute(
            "SELECT prop, count(*) FROM statement_store WHERE entity_id = ? AND prop IN "
            "('weakAlias', 'previousName', 'alias') GROUP BY prop", [newer["11440"]]
        ).fetchall())
    assert kinds.get("previousName") == 2  # SINALOA CARTEL f.k.a. 'MEXICAN FEDERATION'...


@pytest.mark.slow  # reads both OFAC lists resolved (the module fixture, about 2 min)
def test_schema_aware_candidates(two_years: Case) -> None:
    """Only entities that can be one object are candidates, and only pairs with a
    common schema: no Sanction, no CryptoWallet pair by name, never a Person with an
    Organization (OFAC lists a person and his company with one email)."""
    with two_years.connect(read_only=True) as con:
        pairs = con.execute(
            "WITH s AS (SELECT entity_id, max(schema) AS schema FROM statement_store "
            "GROUP BY 1) SELECT DISTINCT a.schema, b.schema FROM candidate_links c "
            "JOIN s a ON a.entity_id = c.left_id JOIN s b ON b.entity_id = c.right_id"
        ).fetchall()
    assert pairs
    assert all(common_schema(str(a), str(b)) is not None for a, b in pairs), pairs
    assert {s for pair in pairs for s in pair} <= {"Person", "Organization", "Vessel",
                                                   "Airplane"}


@pytest.mark.slow  # reads both OFAC lists resolved (the module fixture, about 2 min)
def test_aircraft_and_vessels_by_their_identifiers(two_years: Case) -> None:
    """Aircraft get their serial and tail numbers; a renamed vessel is found by its IMO
    number (YOUNG YONG is SAINT LIGHT a year later)."""
    with two_years.connect(read_only=True) as con:
        props = dict(con.execute(
            "SELECT prop, count(*) FROM statement_store WHERE schema = 'Airplane' AND prop IN "
            "('serialNumber', 'registrationNumber', 'model', 'buildDate') GROUP BY prop"
        ).fetchall())
    assert props["serialNumber"] > 500 and props["registrationNumber"] > 200
    young, saint = _named(two_years, "YOUNG YONG"), _named(two_years, "SAINT LIGHT")
    links = _links(two_years, "left_id = ? AND right_id = ?", sorted([*young, *saint]))
    assert links and links[0][2] >= 0.5 and "identifiers shared" in links[0][3]


@pytest.fixture
def calls(case: Case) -> Case:
    ingest_file(case, "call_records", CDR, IngestOptions(region="DE"))
    return case


def test_call_records(calls: Case) -> None:
    """The person under two phone formats is proposed; so is 'J. Novak' under a national
    number; no Call or Message is ever a candidate."""
    resolve_case(calls)
    with calls.connect(read_only=True) as con:
        pairs = {(str(a), str(b)) for a, b in con.execute(
            "SELECT left_id, right_id FROM candidate_links").fetchall()}
        schemata = {str(r[0]) for r in con.execute(
            "SELECT DISTINCT schema FROM statement_store WHERE entity_id IN "
            "(SELECT left_id FROM candidate_links UNION SELECT right_id FROM candidate_links)"
        ).fetchall()}
        phones = dict(con.execute("SELECT entity_id, value FROM statement_store "
                                  "WHERE prop = 'phone'").fetchall())
    assert ("cdr-line-004915112223333", "cdr-line-4915112223333") in pairs
    assert ("cdr-line-0170-1234567", "cdr-line-491701234567") in pairs
    assert phones["cdr-line-0170-1234567"] == "+491701234567"
    assert schemata == {"Person"}


def test_national_number_without_region_is_kept_and_flagged(case: Case) -> None:
    report = ingest_file(case, "call_records", CDR)
    with case.connect(read_only=True) as con:
        flagged = con.execute("SELECT original_value, flag FROM flagged_values WHERE prop = 'phone'"
                              ).fetchall()
    assert report.flagged >= 1
    assert ("0170 1234567", flagged[0][1]) in flagged
    assert "--region" in flagged[0][1]


def test_phone_messages_say_what_is_wrong(case: Case) -> None:
    """Text that is no number is not blamed on a missing region; an empty or unknown
    --region is the caller's error, named as such, before anything is written."""
    assert "not a phone number" in str(clean_one("phone", "abc", None)[1])
    assert "--region" not in str(clean_one("phone", "+99 123", None)[1])
    for region in ("", "XX"):
        with pytest.raises(TnocError, match="--region"):
            ingest_file(case, "call_records", CDR, IngestOptions(region=region))


@given(st.sampled_from([("151", 8), ("160", 7), ("170", 7), ("176", 8)]).flatmap(
    lambda plan: st.tuples(st.just(plan[0]), st.integers(10 ** (plan[1] - 1) + 1,
                                                           10 ** plan[1] - 1))))
def test_phone_formats_agree(mobile: tuple[str, int]) -> None:
    """German mobile numbers written nationally, with 0049, with +49 (0) and in E.164
    are one number once cleaned with region DE (prefix and length per the German plan)."""
    prefix, number = mobile
    subscriber = f"{prefix}{number}"
    written = [f"0{prefix} {number}", f"0049{subscriber}", f"+49 (0){prefix} {number}",
               f"+49{subscriber}", f"0049 {prefix} {number}"]
    cleaned = {clean_one("phone", w, "DE")[0] for w in written}
    assert len(cleaned) == 1 and None not in cleaned
    assert clean_one("phone", f"0049{subscriber}", None)[0] == cleaned.pop()


def test_merge_refuses_incompatible_schemata(sdn_case: Case) -> None:
    """A Person and an Organization are not merged (non-zero exit, store unchanged),
    unless forced with a reason, which is recorded."""
    case = sdn_case
    person, company = "ofac-sdn-15541", "ofac-sdn-15547"  # JALILI and PEYKASA, one email
    before = store_fingerprint(case)
    done = run_tnoc("merge", person, company, "-c", str(case.root))
    assert done.returncode != 0
    assert "is a Person" in done.stderr and "is an Organization" in done.stderr
    assert store_fingerprint(case) == before
    assert run_tnoc("merge", person, company, "-c", str(case.root), "--force").returncode != 0
    forced = run_tnoc("merge", person, company, "-c", str(case.root), "--force",
                   "--reason", "front company run as one person", "--author", "analyst-3")
    assert forced.returncode == 0, forced.stderr
    with case.connect(read_only=True) as con:
        note = con.execute("SELECT note, author FROM judgements").fetchall()
    assert note == [("forced across schemata: front company run as one person", "analyst-3")]


PEOPLE = """mapping: people
dataset: people
reader: {format: csv}
entities:
  - name: p
    schema: Person
    keys: [n]
    properties:
      name: name
      birthDate: dob
      nationality: country
"""


def _people(case: Case, tmp_path: Path, rows: list[str]) -> None:
    mapping = tmp_path / "people.yaml"
    mapping.write_text(PEOPLE, encoding="utf-8")
    data = tmp_path / "people.csv"
    data.write_text("\n".join(["n,name,dob,country", *rows]) + "\n", encoding="utf-8")
    ingest_file(case, mapping, data)


def test_names_in_three_scripts(case: Case, tmp_path: Path) -> None:
    """Cyrillic is transliterated, so 'Владимир Путин' is compared as 'vladimir putin';
    the explanation shows both names as written."""
    _people(case, tmp_path, ["1,Владимир Путин,1952-10-07,", "2,Vladimir Putin,1952-10-07,",
                             "3,普京,,", "4,Maria Lopez,1980-01-01,", "5,Ivan Petrov,,",
                             "6,Anna Schmidt,1975-05-05,"])
    summary = resolve_case(case)
    person = next(g for g in summary.groups if g.group == "person")
    assert person.records == 6 and person.run_id
    links = _links(case, "method = 'splink'")
    assert len(links) == 1 and links[0][2] >= 0.5
    assert "'Владимир Путин'" in links[0][3] and "'Vladimir Putin'" in links[0][3]


@pytest.mark.parametrize("rows, expect", [
    ([], "nothing to compare"),                                      # none
    (["1,Maria Lopez,,"], "nothing to compare"),                      # one record
    ([f"{i},{n},," for i, n in enumerate(["Ana Diaz", "Ana Diaz", "Li Wei", "Omar Haddad"])],
     "names only"),
    ([f"{i},John Smith,1970-01-01,GB" for i in range(40)], "all identical"),
    ([f"{i},Person {i},," for i in range(30)], "a column all null"),
])
def test_degenerate_inputs(case: Case, tmp_path: Path, rows: list[str], expect: str) -> None:
    """No traceback on degenerate groups: a clear outcome, and fallbacks say why."""
    if rows:
        _people(case, tmp_path, rows)
    summary = resolve_case(case)
    person = next(g for g in summary.groups if g.group == "person")
    links = _links(case, "method = 'splink'")
    if expect == "nothing to compare":
        assert person.skipped and "nothing to compare" in person.skipped
        assert not links
    elif expect == "names only":
        assert [(a, b) for a, b, _p, _r in links] == [tuple(sorted(_named(case, "Ana Diaz")))]
    elif expect == "all identical":
        # forty records that agree on everything: indistinguishable, every pair proposed,
        # and the model says it had to bound its estimate
        assert len(links) == 40 * 39 // 2
        assert any("lambda" in f and "bounded" in f for f in person.fallbacks)
    else:
        assert person.run_id and not links


def test_huge_blocks_are_left_out_and_reported(case: Case, tmp_path: Path) -> None:
    """A placeholder shared by every record (400 "John Smith" born 1900-01-01) would make
    79,800 pairs per rule: with a budget of 10,000 pairs those rules are left out, the
    run says why, and other groups are skipped with a reason."""
    _people(case, tmp_path, [f"{i},John Smith,1900-01-01," for i in range(400)])
    with case.transaction() as con:
        result = link_group(con, "person", ModelOptions(max_block_pairs=10_000))
        other = link_group(con, "organization")
    left_out = [f for f in result.fallbacks if "left out" in f]
    assert any("the same name" in f and "79,800 pairs" in f for f in left_out), left_out
    assert result.run_id and result.candidates == 0
    assert other.skipped and "nothing to compare" in other.skipped


def test_store_unchanged_when_resolution_fails(case: Case, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """One transaction: if a later group fails, the candidates of the earlier ones are
    not kept either, and no run is recorded."""
    import tnoc.resolve.run as run

    _people(case, tmp_path, ["1,Ana Diaz,,", "2,Ana Diaz,,", "3,Li Wei,,"])
    before = store_fingerprint(case)
    real = run.score_group

    def failing(records: Any, options: object = None, **kwargs: object) -> object:
        if records.group == "vessel":
            raise TnocError("the vessel model failed")
        return real(records, options, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "score_group", failing)
    with pytest.raises(TnocError, match="vessel model failed"):
        resolve_case(case)
    assert store_fingerprint(case) == before
    with case.connect(read_only=True) as con:
        tables = {str(r[0]) for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
    assert "candidate_links" not in tables and "resolution_runs" not in tables


def test_same_input_same_candidates(sdn_case: Case) -> None:
    """Deterministic: two runs with one seed give the same pairs and probabilities."""
    case = sdn_case
    runs = []
    with case.transaction() as con:
        for _ in range(2):
            result = link_group(con, "vessel", ModelOptions(seed=5, threshold=0.001))
            runs.append(sorted(con.execute(
                "SELECT left_id, right_id, round(match_probability, 9) FROM candidate_links "
                "WHERE run_id = ?", [result.run_id]).fetchall()))
    assert runs[0] and runs[0] == runs[1]


def test_screening_reads_other_scripts(sdn_case: Case, tmp_path: Path) -> None:
    """Screening uses the same names: a Cyrillic name in a seized file is screened
    against OFAC's Latin transliteration."""
    case = sdn_case
    _people(case, tmp_path, ["1,Владимир Владимирович Путин,,"])
    from tnoc.resolve.screening import screen

    with case.transaction() as con:
        run = screen(con)
        hits = con.execute("SELECT list_entity_id, score, reason FROM screening_hits WHERE "
                           "run_id = ?", [run.run_id]).fetchall()
        putin = con.execute("SELECT entity_id FROM statement_store WHERE prop = 'name' AND "
                            "value LIKE 'PUTIN, Vladimir%'").fetchone()
    assert putin is not None
    hit = next(h for h in hits if h[0] == putin[0])
    assert hit[1] >= 0.85 and "Владимир" in hit[2]


@pytest.mark.slow  # reads both OFAC lists resolved (the module fixture, about 2 min)
def test_runs_record_their_model(two_years: Case) -> None:
    """Every probabilistic run stores the model it applied (m, u, lambda, rules) and what
    training estimated and fell back on: the candidates can be re-derived."""
    with two_years.connect(read_only=True) as con:
        params = con.execute("SELECT parameters FROM resolution_runs WHERE method = 'splink'"
                             ).fetchall()
    assert params
    import json

    for (raw,) in params:
        run = json.loads(raw)
        assert run["model"]["comparisons"] and "training" in run
        assert 0 < run["training"]["probability_two_random_records_match"] <= 0.5


def _blocking_limit_by_python(counts: list[int], budget: float) -> int:
    """The rule as first written, a loop over the sorted counts (the reference)."""
    total, limit = 0.0, 1
    for bearers in sorted(counts):
        total += bearers * (bearers - 1) / 2
        if total > budget:
            break
        limit = bearers
    return limit


@settings(deadline=None)  # a DuckDB query per example: slow on a loaded machine
@given(st.lists(st.sampled_from([1, 2, 3, 5, 8, 40, 1000]), max_size=40),
       st.sampled_from([0.0, 1.0, 10.0, 1_000.0, 1e6]))
def test_the_blocking_limit_is_summed_in_sql_as_the_rule_says(counts: list[int],
                                                             budget: float) -> None:
    """The most bearers a blocking word may have, summed in SQL (so no word's count
    reaches Python), equals the loop over the sorted counts, ties and all."""
    import duckdb

    from tnoc.resolve.records import blocking_bearers
    from tnoc.store.engine import DuckDBEngine

    con = duckdb.connect()
    con.execute("CREATE TABLE c AS SELECT unnest(?::BIGINT[]) AS bearers", [counts])
    assert blocking_bearers(DuckDBEngine(con), "SELECT bearers FROM c", budget) == \
        _blocking_limit_by_python(counts, budget)


LISTS = st.lists(st.one_of(st.none(), st.lists(st.sampled_from("abcde"), max_size=4,
                                                 unique=True)), max_size=25)


@settings(deadline=None)  # DuckDB queries per example: 30 ms alone, 280 on a loaded machine
@given(LISTS, st.sampled_from([0.0, 3.0, 1e6]))
def test_pairs_sharing_a_value_are_counted_from_frequencies(lists: list[list[str] | None],
                                                            budget: float) -> None:
    """The pairs of records sharing at least one value of a list (the u of a level that
    is "a value shared", counted over every record: tnoc.resolve.training), from the
    values' frequencies and a join of the records with two values or more, equal
    those found pair by pair; beyond the budget of that join the count is refused (None),
    never approximate. A scalar column counts the pairs with the same value."""
    import duckdb

    from tnoc.resolve.record_tables import RecordTable
    from tnoc.store.engine import DuckDBEngine

    con = duckdb.connect()
    con.execute("CREATE TABLE r AS SELECT i::VARCHAR AS unique_id, v AS vals, "
                "v[1] AS first FROM (SELECT unnest(range(len($l))) AS i, "
                "unnest($l::VARCHAR[][]) AS v)", {"l": lists})
    table = RecordTable.of(DuckDBEngine(con), "r")
    assert "vals" in table.lists and "first" not in table.lists
    by_pair = sum(1 for i, a in enumerate(lists) for b in lists[i + 1:]
                  if a and b and set(a) & set(b))
    many = [set(v) for v in lists if v and len(v) >= 2]
    joined = sum(len([w for w in many if x in w]) * (len([w for w in many if x in w]) - 1)
                 / 2 for x in "abcde")
    counted = table.sharing_pairs("vals", budget)
    assert counted == (None if joined > budget else by_pair)
    firsts = [v[0] if v else None for v in lists]
    assert table.sharing_pairs("first", 0.0) == sum(
        1 for i, a in enumerate(firsts) for b in firsts[i + 1:] if a is not None and a == b)


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.floats(0, 2e6),
       st.floats(1e-4, 0.9999), st.sampled_from([1e-7, 1e-4, 0.1, 0.5, 0.9]),
       st.lists(st.floats(1e-9, 1.0), min_size=1, max_size=4))
def test_u_stays_a_probability_the_other_levels_too(hits: int, extra: int, copies: float,
                                                    m: float, u0: float,
                                                    others: list[float]) -> None:
    """A level's u from its hits among the pairs with the field, the expected copies
    taken out (tnoc.resolve.training._posterior), is strictly between 0 and 1 whatever
    the copies, and the comparison's other levels, sharing what it leaves
    (_rescaled), stay above 0: Splink refuses a u of 0, and the demo's build failed
    on one (a level's u of 1 when the expected copies outnumbered the pairs that
    disagree)."""
    from tnoc.resolve.training import _posterior, _rescaled

    pairs = float(hits + extra)
    u = _posterior(float(hits), pairs, copies, m, u0)
    assert 0.0 < u < 1.0
    sampled = {"c: first": 0.5, **{f"c: level {i}": v for i, v in enumerate(others)}}
    rescaled = _rescaled(sampled, {"c: first": u})
    assert rescaled["c: first"] == u
    assert all(0.0 < rescaled[k] < 1.0 for k in sampled)
    assert sum(rescaled.values()) == pytest.approx(1.0)


def test_names_normalised_in_batches_are_the_same(sdn_case: Case,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The written names are normalised a batch at a time (so a case of a hundred million
    does not hold them all in this process): batches of 7 give the same names, kinds
    and normalised forms as one batch, on the real OFAC list."""
    import tnoc.resolve.names as names
    import tnoc.store.engine as engine

    schemata = ["Person", "Organization", "Vessel", "Airplane"]
    with sdn_case.connect(read_only=True) as con:
        whole = names.name_rows(con, schemata)
        monkeypatch.setattr(engine, "MAP_BATCH_ROWS", 7)
        batched = names.name_rows(con, schemata)
    assert len(whole) > 1_000 and batched.equals(whole)
    # and in a transaction, as resolve builds them (DuckDB numbers the rows of a table
    # made in an uncommitted transaction from 2^62: chunks by rowid found none)
    monkeypatch.setattr(engine, "MAP_BATCH_ROWS", 997)
    with sdn_case.transaction() as con:
        assert names.name_rows(con, schemata).equals(whole)


def test_a_group_of_one_says_its_names(case: Case, tmp_path: Path) -> None:
    """A group with one named entity is not compared, and its summary counts that
    entity's names (it said "names 0" beside "1 named entity": helper-147)."""
    _people(case, tmp_path, ["1,Ana Diaz,1980-01-01,"])
    (person,) = [g for g in resolve_case(case).groups if g.group == "person"]
    assert (person.records, person.names, person.run_id) == (1, 1, None)
    assert person.skipped == "1 named entity: nothing to compare"


def test_an_error_building_the_records_is_the_one_said(case: Case, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    """A statement that fails while a group's records are built (in resolve's
    transaction, which it aborts) is the error raised, not the "transaction is
    aborted" of the temporary tables dropped after it; the case is as it was."""
    import duckdb

    import tnoc.resolve.records as records

    _people(case, tmp_path, ["1,Ana Diaz,1980-01-01,", "2,Ana Diaz,1980-01-01,"])
    before = store_fingerprint(case)
    monkeypatch.setattr(records, "FEATURES_SQL", "SELECT error('the features failed')")
    with pytest.raises(duckdb.Error, match="the features failed"):
        resolve_case(case)
    assert store_fingerprint(case) == before


def test_resolve_leaves_no_records_in_the_case_folder(case: Case, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    """The records a resolve writes as Parquet under the case's tmp/ (names,
    identifiers: personal data) are removed when it ends, and when it fails half-way."""
    import tnoc.resolve.run as run

    _people(case, tmp_path, ["1,Ana Diaz,1980-01-01,", "2,Ana Diaz,1980-01-01,",
                             "3,Li Wei,,", "4,Ivan Petrov,1975-05-05,"])
    resolve_case(case)
    assert not list(case.scratch.glob("resolve-*"))

    written: list[Path] = []

    def failing(records: Any, *args: Any, **kwargs: Any) -> Any:
        written.extend(records.folder.rglob("*.parquet"))
        raise RuntimeError("the engine failed")

    monkeypatch.setattr(run, "score_group", failing)
    before = store_fingerprint(case)
    with pytest.raises(RuntimeError, match="the engine failed"):
        resolve_case(case)
    assert written and not any(p.exists() for p in written)
    assert not list(case.scratch.glob("resolve-*"))
    assert store_fingerprint(case) == before
