"""The store's views, search and show, and the exchange round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tnoc.exchange.ftm import export_ftm
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case
from tnoc.store.parquet import export_parquet, import_parquet
from tnoc.store.query import case_summary, search, show_entity

from .conftest import DATA, ROOT


def test_show_gives_provenance_of_each_value(case: Case) -> None:
    report = ingest_file(case, "ofac_sdn", DATA / "sanctions" / "ofac_sdn_2024-05-03.csv")
    with case.connect(read_only=True) as con:
        view = show_entity(con, "ofac-sdn-26137")
        hits = search(con, "KHORASHADIZADEH")
    assert view.schema == "Person" and "KHORASHADIZADEH" in view.caption
    births = [s for s in view.statements if s["prop"] == "birthDate"]
    assert births[0]["value"] == "1979-09-21" and births[0]["original_value"] == "21 Sep 1979"
    assert births[0]["locator"] == "row 7283" or births[0]["locator"].startswith("row ")
    assert births[0]["sha256"] == report.sha256
    assert any(r["schema"] == "Sanction" for r in view.referenced_by)
    assert hits and hits[0]["canonical_id"] == "ofac-sdn-26137"


def test_entities_and_edges_views(case: Case) -> None:
    ingest_file(case, "elliptic_edges", DATA / "crypto" / "elliptic_txs_edgelist.csv")
    classes = DATA / "crypto" / "elliptic_txs_classes_with_timestep.csv"
    ingest_file(case, "elliptic_classes", classes)
    with case.connect(read_only=True) as con:
        edges = con.execute("SELECT count(*) FROM edges WHERE schema = 'TransactionFlow'"
                            ).fetchone()
        nodes = con.execute("SELECT count(*) FROM entities WHERE schema = 'CryptoTransaction'"
                            ).fetchone()
        summary = case_summary(con)
    assert edges == (234355,) and nodes == (203769,)
    assert summary["entities_per_schema"]["TransactionFlow"] == 234355


def test_ftm_export_round_trip(case: Case, tmp_path: Path) -> None:
    ingest_file(case, "ftm_entities", DATA / "ftm" / "donations.ijson")
    out = tmp_path / "out.ftm.json"
    with case.connect(read_only=True) as con:
        written, left_out = export_ftm(con, out)
    assert written == 474 and left_out == 0
    original = {json.loads(line)["id"]: json.loads(line)
                for line in (DATA / "ftm" / "donations.ijson").read_text().splitlines()}
    exported = {json.loads(line)["id"]: json.loads(line) for line in out.read_text().splitlines()}
    assert set(original) == set(exported)
    some = "f9c295f21b233ac878fbac4d271bb6fd13d7952a"
    assert exported[some]["properties"]["name"] == original[some]["properties"]["name"]
    other = Case.init(tmp_path / "other")
    assert ingest_file(other, "ftm_entities", out).entities == {
        "Address": 89, "Company": 56, "Organization": 17, "Payment": 290, "Person": 22}


def test_parquet_round_trip(case: Case, tmp_path: Path) -> None:
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    with case.connect(read_only=True) as con:
        counts = export_parquet(con, tmp_path / "pq")
    other = Case.init(tmp_path / "other")
    for _ in range(2):  # idempotent
        with other.transaction() as con:
            import_parquet(con, tmp_path / "pq")
    with other.connect(read_only=True) as con:
        n = con.execute("SELECT count(*) FROM statements").fetchone()
        people = con.execute("SELECT count(*) FROM entities WHERE schema = 'Person'").fetchone()
    assert n == (counts["statements"],) and people == (110,)
    # the imported source is sealed by an intake entry: verify passes, says where its
    # file is, and finds a statement edited after the import
    from tnoc.evidence.verify import verify_case

    checked = verify_case(other, record=False)
    assert checked.ok, checked.problems
    assert any("held by that case" in w for w in checked.warnings), checked.warnings
    with other.transaction() as con:
        con.execute("UPDATE statement_store SET value = 'N1 (edited)' "
                    "WHERE prop = 'name' AND value = 'N1'")
    assert not verify_case(other, record=False).ok


def test_parquet_import_leaves_held_sources_as_sealed(case: Case, tmp_path: Path) -> None:
    """An export whose statements of a source this case holds differ (one added row)
    changes nothing of that source: its seal holds, the difference is reported."""
    import duckdb

    from tnoc.evidence.verify import verify_case

    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    with case.connect(read_only=True) as con:
        export_parquet(con, tmp_path / "pq")
    edited = tmp_path / "edited"
    edited.mkdir()
    (edited / "sources.parquet").write_bytes((tmp_path / "pq" / "sources.parquet").read_bytes())
    duckdb.sql(f"COPY (SELECT * FROM read_parquet('{tmp_path / 'pq' / 'statements.parquet'}') "
               "UNION ALL (SELECT * REPLACE ('N1 alias' AS value) FROM read_parquet("
               f"'{tmp_path / 'pq' / 'statements.parquet'}') WHERE prop = 'name' "
               f"AND value = 'N1')) TO '{edited / 'statements.parquet'}' (FORMAT parquet)")
    with case.transaction() as con:
        counts = import_parquet(con, edited)
    assert counts["statements"] == 0 and counts["sources"] == 0
    assert counts["held"][0]["file_name"] == "morselli_caviar.csv"
    assert counts["held"][0]["differing_statements"] == 1
    assert verify_case(case, record=False).ok


def test_statements_point_at_the_row_that_gave_them(case: Case) -> None:
    """Locators survive the fast paths: a transfer's values point at its own row, and an
    account seen on many rows (deduplicated before writing) points at the first row that
    names it, as sender or receiver. Checked against the real SAML-D file read row by row
    with Python's csv module."""
    import csv

    path = DATA / "aml" / "saml-d_sample_1k.csv"
    ingest_file(case, "saml_d", path)
    first_row: dict[str, int] = {}
    amounts: dict[int, str] = {}
    with open(path, newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=1):
            amounts[number] = row["Amount"]
            for side in ("Sender_account", "Receiver_account"):
                first_row.setdefault(f"samld-acct-{row[side]}", number)
    with case.connect(read_only=True) as con:
        accounts = dict(con.execute(
            "SELECT entity_id, locator FROM statement_store WHERE prop = 'accountNumber'"
        ).fetchall())
        paid = con.execute(
            "SELECT locator, value FROM statement_store WHERE prop = 'amount'").fetchall()
        payment_rows = con.execute(
            "SELECT count(DISTINCT locator), count(*) FROM statement_store "
            "WHERE schema = 'Payment' GROUP BY entity_id").fetchall()
    assert accounts == {acct: f"row {n}" for acct, n in first_row.items()}
    assert sorted((int(loc.split()[1]), v) for loc, v in paid) == sorted(amounts.items())
    assert len(payment_rows) == 1000 and all(rows == 1 for rows, _ in payment_rows)


def _summary_as_the_views_count(case: Case) -> dict[str, object]:
    """The case summary as the statements view counts it (the query before the counts
    were kept between calls): what case_summary must give, cached or not."""
    with case.connect(read_only=True) as con:
        per_schema = dict(con.execute(
            "SELECT schema, count(*) FROM (SELECT canonical_id, arg_max(s.schema, "
            "coalesce(sc.depth, 0)) AS schema FROM statements s LEFT JOIN schemata sc "
            "ON sc.name = s.schema WHERE s.prop = 'id' GROUP BY canonical_id) "
            "GROUP BY schema").fetchall())
        counts = con.execute(
            "SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM statements), "
            "(SELECT count(*) FROM statements WHERE flag IS NOT NULL), "
            "(SELECT count(*) FROM custody_events)").fetchone()
    assert counts is not None
    return {"sources": counts[0], "statements": counts[1], "flagged": counts[2],
            "custody_events": counts[3], "entities_per_schema": per_schema,
            "entities": sum(per_schema.values())}


def test_case_summary_kept_between_calls_follows_every_change(case: Case) -> None:
    """The entity counts are kept per store and state (the web overview asks on every
    visit): after each intake they are those of the case as it is now, never stale."""
    seen = []
    for mapping, path in (("call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv"),
                          ("caviar", DATA / "networks" / "morselli_caviar.csv")):
        ingest_file(case, mapping, path)
        for _ in range(2):  # computed, then kept
            with case.connect(read_only=True) as con:
                summary = case_summary(con)
            expected = _summary_as_the_views_count(case)
            assert {k: summary[k] for k in expected} == expected
        seen.append(summary["entities"])
    assert seen[0] < seen[1]


def test_a_hold_keeps_the_store_open_and_every_call_works_inside_it(case: Case) -> None:
    """Case.hold (the web gate's request): reads and write transactions inside it are
    connections to the one database it keeps open for writing, so what a transaction
    commits is read at once; DuckDB itself shows it is held (a read-only opening of the
    same file in this process is refused meanwhile); after it the store opens as ever."""
    import duckdb
    import pytest

    ingest_file(case, "call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv")
    with case.hold():
        with case.connect(read_only=True) as con:
            before = case_summary(con)
        with case.transaction() as con:
            con.execute("INSERT INTO case_info VALUES ('held', 'yes')")
        with case.connect(read_only=True) as con:
            assert con.execute("SELECT value FROM case_info WHERE key = 'held'"
                               ).fetchall() == [("yes",)]
            assert case_summary(con) == before
        with pytest.raises(duckdb.Error):
            duckdb.connect(str(case.db_path), read_only=True)
        with case.hold(), case.connect() as con:  # nested: the same hold
            assert con.execute("SELECT count(*) FROM sources").fetchall() == [(1,)]
    with case.connect(read_only=True) as con:  # released
        assert con.execute("SELECT value FROM case_info WHERE key = 'held'"
                           ).fetchall() == [("yes",)]


def test_a_case_another_process_holds_is_busy_not_missing(tmp_path: Path) -> None:
    """DuckDB lets one process write a case, or any number read it: a write while
    another process reads is CaseBusy (exit 1, saying what to do), not "no case"; work
    computed meanwhile (a Spark stage's) is said not to have been saved."""
    import subprocess
    import sys

    from tnoc.errors import CaseBusy
    from tnoc.store.case_engine import saving_after_spark

    case = Case.init(tmp_path / "case")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; "
         f"c = duckdb.connect({str(case.db_path)!r}, read_only=True); "
         "print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(CaseBusy, match="is open in another process") as busy, \
                case.transaction():
            pass
        assert busy.value.exit_code == 1 and "close the other" in str(busy.value)
        with pytest.raises(CaseBusy, match="What Spark computed was not saved"), \
                saving_after_spark(case):
            pass
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("first_read_only", [True, False])
def test_a_store_of_an_older_layout_is_brought_up_to_date_by_its_first_connection(
        case: Case, first_read_only: bool) -> None:
    """A store made by an older TNOC (an older layout version, a view it did not have)
    gets this version's views and tables on the first connection after opening, whether
    that one reads or writes, and is checked once per opening."""
    from tnoc.store import schema

    with case.connect() as con:
        con.execute("DROP VIEW entities")
        con.execute("UPDATE case_info SET value = '1' WHERE key = 'store_version'")
    opened = Case.open(case.root)
    with opened.connect(read_only=first_read_only) as con:
        assert con.execute("SELECT value FROM case_info WHERE key = 'store_version'"
                           ).fetchone() == (schema.STORE_VERSION,)
        assert con.execute("SELECT count(*) FROM entities").fetchone() == (0,)
    with case.connect() as con:  # checked once per opening: not again on this object
        con.execute("UPDATE case_info SET value = '1' WHERE key = 'store_version'")
    with opened.connect(read_only=True) as con:
        assert con.execute("SELECT value FROM case_info WHERE key = 'store_version'"
                           ).fetchone() == ("1",)


def test_a_store_of_a_newer_tnoc_is_refused_not_rewritten(case: Case) -> None:
    """A store a later version made (its layout keeps what this one does not know)
    is refused on opening, for reading or writing, and left as it is."""
    import duckdb

    from tnoc.errors import CaseError
    from tnoc.store import schema

    newer = str(int(schema.STORE_VERSION) + 1)
    with case.connect() as con:
        con.execute("UPDATE case_info SET value = ? WHERE key = 'store_version'", [newer])
    for read_only in (True, False):
        with pytest.raises(CaseError, match=f"newer TNOC \\(store version {newer}; "
                           f"this one knows {schema.STORE_VERSION}\\)"), \
                Case.open(case.root).connect(read_only=read_only):
            pass
    con = duckdb.connect(str(case.db_path), read_only=True)
    try:
        assert con.execute("SELECT value FROM case_info WHERE key = 'store_version'"
                           ).fetchall() == [(newer,)]
    finally:
        con.close()


def test_a_store_without_the_lookup_indexes_gets_them_when_first_opened_to_write(
        case: Case) -> None:
    """A store made before the lookup indexes (``schema.INDEXES``) is read as it is by
    a connection for reading, its file unchanged (a read-only copy is never written
    for an index: the indexes change speed, not results), and gets them on the first
    connection able to write."""
    import hashlib

    def indexes(con: object) -> list[str]:
        return sorted(str(n) for n, in con.execute(  # type: ignore[attr-defined]
            "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'statement_store'"
        ).fetchall())

    with case.connect() as con:
        assert indexes(con) == ["statement_entity", "statement_value"]  # a new case has them
        con.execute("DROP INDEX statement_entity")
        con.execute("DROP INDEX statement_value")
        con.execute("CHECKPOINT")
    before = hashlib.sha256(case.db_path.read_bytes()).hexdigest()
    with Case.open(case.root).connect(read_only=True) as con:
        assert indexes(con) == []
    assert hashlib.sha256(case.db_path.read_bytes()).hexdigest() == before
    with Case.open(case.root).connect() as con:
        assert indexes(con) == ["statement_entity", "statement_value"]


def test_a_hold_reads_the_tables_once_and_sees_those_made_or_dropped_in_it(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """has_table on a connection for reading in a hold answers from the tables read
    once for the hold (the gate asks a dozen times a request), read again after any
    connection for writing: a table created or dropped in the hold is seen at once,
    and while a connection for writing is open DuckDB is asked each time."""
    from tnoc import query_results
    from tnoc.query_results import has_table

    reads: list[int] = []
    listed = query_results.stored_tables
    monkeypatch.setattr("tnoc.store.case.stored_tables",
                        lambda con: reads.append(1) or listed(con))
    with case.hold():
        for _ in range(3):
            with case.connect(read_only=True) as con:
                assert has_table(con, "sources") and not has_table(con, "made_here")
        assert len(reads) == 1
        with case.transaction() as con:
            con.execute("CREATE TABLE made_here (x INTEGER)")
            assert has_table(con, "made_here")  # the writer's own: asked each time
        with case.connect(read_only=True) as con:
            assert has_table(con, "made_here") and len(reads) == 2
        with case.connect() as writer, case.connect(read_only=True) as con:
            writer.execute("DROP TABLE made_here")
            assert not has_table(con, "made_here")  # a writer open: asked
        with case.connect(read_only=True) as con:
            assert not has_table(con, "made_here")
            con.execute("CREATE TEMP TABLE made_here (x INTEGER)")
            assert not has_table(con, "made_here")  # stored tables only
            con.execute("CREATE TABLE made_quietly (x INTEGER)")  # it can, in a hold
        with case.connect(read_only=True) as con:  # the write-ahead log grew
            assert has_table(con, "made_quietly") and len(reads) == 4
    with case.connect(read_only=True) as con:  # outside a hold: DuckDB is asked
        assert has_table(con, "sources") and not has_table(con, "made_here")
    assert len(reads) == 4


def test_a_case_path_duckdb_cannot_open_is_refused_before_anything_is_made(
        tmp_path: Path) -> None:
    """DuckDB reads what follows ``?`` in a database's path as options: ``tnoc case init
    'q?x'`` failed half-way and left a store no command could read. Refused now, naming
    the path, with nothing made; opening such a folder is refused alike."""
    from tnoc.errors import CaseError

    with pytest.raises(CaseError, match=r"q\?x: a case folder's path may not contain '\?'"):
        Case.init(tmp_path / "q?x")
    assert not (tmp_path / "q?x").exists()
    with pytest.raises(CaseError, match="may not contain"):
        Case.open(tmp_path / "q?x")
