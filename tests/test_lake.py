"""Lake mode (issue #27, item 2): the case's large tables as hive-partitioned Parquet
with a manifest sealed in the custody ledger; DuckDB views over it equal the tables,
Spark reads the same files with the same content hash, and ``tnoc verify`` names a
changed, missing or extra file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import Refused, TnocError
from tnoc.evidence.verify import verify_case
from tnoc.govern.erasure import erase_entity
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.custody import file_sha256, read_ledger
from tnoc.money.transfers import STORED_TABLES, build_transfers
from tnoc.resolve.judgements import judge
from tnoc.store import Case
from tnoc.store.case_engine import lake_for_spark
from tnoc.store.held import held_files
from tnoc.store.lake import (
    LAKE,
    MANIFEST,
    TRANSFERS_STORED,
    check_lake,
    columns_of,
    content_hash,
    duckdb_lake_views,
    spark_content_hash,
    spark_lake_frames,
    write_lake,
)

from .conftest import ROOT


@pytest.fixture(scope="module")
def laked(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A case of real data (the CDR calls, the SAML-D 1k sample with its transfers
    stored by a whole-case build) and its lake."""
    case = Case.init(tmp_path_factory.mktemp("lake") / "case")
    ingest_file(case, "call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv")
    ingest_file(case, "saml_d", ROOT / "examples" / "data" / "aml" / "saml-d_sample_1k.csv")
    with case.transaction() as con:
        build_transfers(con)
    write_lake(case)
    return case


def manifest(case: Case) -> dict[str, Any]:
    return dict(json.loads((case.root / LAKE / MANIFEST).read_text()))


def test_transfers_table_is_the_one_money_stores() -> None:
    assert STORED_TABLES[0] == TRANSFERS_STORED


def test_lake_written_partitioned_and_sealed(laked: Case) -> None:
    found = manifest(laked)
    assert set(found["tables"]) == {"statements", "entities", "edges", "transfers"}
    with laked.connect(read_only=True) as con:
        sources = {str(r[0]) for r in con.execute("SELECT source_id FROM sources").fetchall()}
        counts = {t: int(con.execute(f"SELECT count(*) FROM {s}").fetchall()[0][0])
                  for t, s in (("statements", "statements"), ("entities", "entities"),
                               ("edges", "edges"), ("transfers", TRANSFERS_STORED))}
        entry = [e for e in read_ledger(con) if e.event.event_type == "sealed"][-1]
    statements = found["tables"]["statements"]
    # one folder per source, named by it (hive partitions)
    assert {f["file"].split("/")[1] for f in statements["files"]} == {
        f"source_id={s}" for s in sources}
    assert {f["file"].split("/")[1][:7] for f in found["tables"]["entities"]["files"]} == {
        "bucket="}
    for name, part in found["tables"].items():
        assert part["rows"] == counts[name] > 0
        assert sum(f["rows"] for f in part["files"]) == counts[name]
        for f in part["files"]:
            assert file_sha256(laked.root / LAKE / f["file"])[0] == f["sha256"]
    # the manifest sealed as one ledger entry
    assert entry.event.item_id == "lake"
    assert entry.event.item_sha256 == file_sha256(laked.root / LAKE / MANIFEST)[0]
    assert entry.event.details["tables"]["statements"]["rows"] == counts["statements"]


def test_duckdb_views_over_the_lake_equal_the_tables(laked: Case) -> None:
    found = manifest(laked)
    with laked.connect(read_only=True) as con:
        views = duckdb_lake_views(con, laked.root / LAKE)
        for name, part in found["tables"].items():
            source, view = part["source"], views[name]
            assert columns_of(con, view) == columns_of(con, source)
            assert con.execute(f"SELECT count(*) FROM {view}").fetchall() == [(part["rows"],)]
            hashed = content_hash(con, view, columns_of(con, view))
            assert hashed == content_hash(con, source, columns_of(con, source)) \
                == part["content_sha256"]
            # not just equal counts: the rows themselves
            assert con.execute(f"SELECT count(*) FROM ((SELECT * FROM {view} EXCEPT ALL "
                               f"SELECT * FROM {source}) UNION ALL (SELECT * FROM {source} "
                               f"EXCEPT ALL SELECT * FROM {view}))").fetchall() == [(0,)]


def test_content_hash_is_of_the_content_not_the_files(laked: Case, tmp_path: Path) -> None:
    """Re-partitioned into other files, the same rows hash the same; one value changed
    does not."""
    with laked.connect(read_only=True) as con:
        columns = columns_of(con, "statements")
        sealed = manifest(laked)["tables"]["statements"]["content_sha256"]
        con.execute("COPY (SELECT * FROM statements ORDER BY random()) TO $t "
                    "(FORMAT parquet, PARTITION_BY (prop_type))",
                    {"t": str(tmp_path / "other")})
        glob = str(tmp_path / "other" / "**" / "*.parquet")
        other = (f"(SELECT {', '.join(c for c, _ in columns)} FROM read_parquet('{glob}', "
                 "hive_partitioning = true, hive_types_autocast = false))")
        assert len(list((tmp_path / "other").iterdir())) > 1
        assert content_hash(con, other, columns) == sealed
        changed = (f"(SELECT * REPLACE (CASE WHEN locator = (SELECT min(locator) FROM "
                   f"statements) THEN value || 'x' ELSE value END AS value) FROM {other})")
        assert content_hash(con, changed, columns) != sealed


def test_verify_names_changed_missing_and_extra_lake_files(laked: Case,
                                                           tmp_path: Path) -> None:
    copy = Path(shutil.copytree(laked.root, tmp_path / "case", ignore=shutil.ignore_patterns(
        "tmp")))
    assert verify_case(Case.open(copy), record=False).ok
    files = manifest(laked)["tables"]["statements"]["files"]
    changed, missing = files[0]["file"], files[1]["file"]
    extra = str(Path(changed).parent / "extra.parquet")
    shutil.copy(copy / LAKE / missing, copy / LAKE / extra)  # a file slipped in
    with open(copy / LAKE / changed, "ab") as fh:
        fh.write(b"\0")
    (copy / LAKE / missing).unlink()
    done = CliRunner().invoke(app, ["verify", str(copy), "--no-record", "--json"])
    assert done.exit_code == 1, done.output
    listed = "\n".join(json.loads(done.stdout)["listed"])
    assert f"lake file {LAKE}/{changed}: sha256" in listed
    assert f"lake file {LAKE}/{missing}: missing" in listed
    assert f"lake file {LAKE}/{extra}: not in the sealed manifest" in listed


def test_lake_command_replaces_the_lake_and_verifies(laked: Case, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(laked.root, tmp_path / "case", ignore=shutil.ignore_patterns(
        "tmp")))
    (copy / LAKE / "statements" / "stray.parquet").write_bytes(b"left over")
    done = CliRunner().invoke(app, ["case", "lake", "--case", str(copy)])
    assert done.exit_code == 0, done.output
    assert "statements: " in done.stdout and "sealed in the custody ledger" in done.stdout
    assert not (copy / LAKE / "statements" / "stray.parquet").exists()  # replaced whole
    assert not [p for p in copy.iterdir() if p.name.startswith(f".{LAKE}")]
    assert verify_case(Case.open(copy), record=False).ok
    con = duckdb.connect(str(copy / "case.duckdb"), read_only=True)
    try:
        kinds = [r[0] for r in con.execute(
            "SELECT event_type FROM custody_events WHERE item_id = 'lake' ORDER BY seq")
            .fetchall()]
    finally:
        con.close()
    assert kinds == ["sealed", "sealed"]


@pytest.mark.spark
def test_spark_reads_the_lake_with_the_same_content_hash(laked: Case, spark: Any) -> None:
    found = manifest(laked)
    frames = spark_lake_frames(spark, laked.root / LAKE)
    for name, part in found["tables"].items():
        frame = frames[name]
        assert frame.columns == [c["name"] for c in part["columns"]]
        # the hash covers the rows: each group of row hashes is digested with its count
        assert spark_content_hash(frame) == part["content_sha256"], name


def test_an_erasure_removes_the_lake_until_it_is_written_anew(laked: Case,
                                                              tmp_path: Path) -> None:
    """The lake copies every value: after an erasure (LED art. 16) no copy may stay, so
    the lake goes with it; verify warns, and the lake written again holds nothing of the
    erased entity."""
    copy = Case.open(shutil.copytree(laked.root, tmp_path / "case",
                                     ignore=shutil.ignore_patterns("tmp")))
    lake_rows = ("SELECT count(*) FROM lake_statements WHERE entity_id = $e "
                 "OR canonical_id = $e")
    with copy.connect(read_only=True) as con:
        entity = str(con.execute("SELECT min(canonical_id) FROM statements "
                                 "WHERE schema = 'Person'").fetchall()[0][0])
        duckdb_lake_views(con, copy.root / LAKE)
        assert con.execute(lake_rows, {"e": entity}).fetchall()[0][0] > 0  # can fail
    erase_entity(copy, entity, "art. 16 request", "tester")
    assert not (copy.root / LAKE).exists()
    checked = verify_case(copy, record=False)
    assert checked.ok, checked.problems
    assert any("lake sealed by ledger entry" in w and "removed" in w
               for w in checked.warnings)
    write_lake(copy)
    with copy.connect(read_only=True) as con:
        duckdb_lake_views(con, copy.root / LAKE)
        assert con.execute(lake_rows, {"e": entity}).fetchall() == [(0,)]
    assert verify_case(copy, record=False).ok
    # a source taken in after the lake: intact, but no longer the whole case
    part = tmp_path / "ofac_sdn_part.csv"
    sdn = ROOT / "examples" / "data" / "sanctions" / "ofac_sdn_2023-05-02.csv"
    part.write_text("".join(sdn.read_text(encoding="utf-8").splitlines(keepends=True)[:20]),
                    encoding="utf-8")
    ingest_file(copy, "ofac_sdn", part)
    checked = verify_case(copy, record=False)
    assert checked.ok
    assert any("predates 1 later intake" in w for w in checked.warnings), checked.warnings


# --- held sources: their statements read in place, not copied (tnoc.store.held) ---------

GANG = ("net-LONDON_GANG-1", "net-LONDON_GANG-2")


@pytest.fixture(scope="module")
def held_laked(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A case of real data with two held sources (the CDR calls; the London gang, two
    of whose members a judgement merged: the held overlay ``held_merges``) and one in
    the store (the SAML-D 1k sample, its transfers stored), and its lake."""
    case = Case.init(tmp_path_factory.mktemp("held-lake") / "case")
    ingest_file(case, "call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv",
                IngestOptions(held=True))
    ingest_file(case, "criminal_network",
                ROOT / "examples" / "data" / "networks" / "LONDON_GANG.csv",
                IngestOptions(held=True))
    ingest_file(case, "saml_d", ROOT / "examples" / "data" / "aml" / "saml-d_sample_1k.csv")
    with case.transaction() as con:
        judge(con, *GANG, "positive", author="tester")
        build_transfers(con)
    write_lake(case)
    return case


def test_held_statements_are_named_in_the_lake_not_copied(held_laked: Case) -> None:
    found = manifest(held_laked)
    statements = found["tables"]["statements"]
    with held_laked.connect(read_only=True) as con:
        listed = held_files(con, kind="statements")
        held_sources = {f.source_id for f in listed}
        counts = dict(con.execute("SELECT source_id, count(*) FROM statements "
                                  "GROUP BY 1").fetchall())
        merged = con.execute("SELECT count(*) FROM main.held_merges").fetchall()[0][0]
    assert len(held_sources) == 2 and len(counts) == 3
    # the held files, named with the store's listing; only the stored source copied
    assert [(h["file"], h["sha256"], h["rows"]) for h in statements["held"]] == [
        (f.path, f.sha256, f.rows) for f in listed]
    assert {f["file"].split("/")[1] for f in statements["files"]} == {
        f"source_id={s}" for s in counts if s not in held_sources}
    assert sum(f["rows"] for f in statements["files"]) == sum(
        n for s, n in counts.items() if s not in held_sources)
    assert statements["rows"] == sum(counts.values())
    # what the held rows take from the store: their sources' columns, the merges
    parts = {n: p for n, p in found["tables"].items() if p.get("part_of")}
    assert {n: p["rows"] for n, p in parts.items()} == {"held_sources": 2,
                                                         "held_merges": merged}
    assert merged > 0  # the judgement's overlay: can fail
    assert verify_case(held_laked, record=False).ok


def test_duckdb_views_over_a_lake_with_held_sources_equal_the_tables(
        held_laked: Case) -> None:
    found = manifest(held_laked)
    with held_laked.connect(read_only=True) as con:
        views = duckdb_lake_views(con, held_laked.root / LAKE)
        assert set(views) == {"statements", "entities", "edges", "transfers"}
        for name, view in views.items():
            source = found["tables"][name]["source"]
            assert columns_of(con, view) == columns_of(con, source)
            assert content_hash(con, view, columns_of(con, view)) \
                == found["tables"][name]["content_sha256"] \
                == content_hash(con, source, columns_of(con, source))
            assert con.execute(f"SELECT count(*) FROM ((SELECT * FROM {view} EXCEPT ALL "
                               f"SELECT * FROM {source}) UNION ALL (SELECT * FROM {source} "
                               f"EXCEPT ALL SELECT * FROM {view}))").fetchall() == [(0,)]
        # the merge reached the held rows read in place
        assert con.execute("SELECT count(DISTINCT canonical_id) FROM lake_statements "
                           "WHERE entity_id IN $gang", {"gang": list(GANG)}
                           ).fetchall() == [(1,)]


def test_a_held_file_changed_or_retired_after_the_lake(held_laked: Case,
                                                       tmp_path: Path) -> None:
    """A held file changed behind the store's back is a problem of the lake (and of the
    case); one the case retired since (its source taken in again) leaves the lake
    intact but old: Spark refuses both, naming the command that writes it anew."""
    copy = Case.open(shutil.copytree(held_laked.root, tmp_path / "case",
                                     ignore=shutil.ignore_patterns("tmp")))
    with copy.connect(read_only=True) as con:
        calls_source = con.execute("SELECT source_id FROM sources WHERE file_name = "
                                   "'calls.csv'").fetchall()[0][0]
    named = next(h for h in manifest(copy)["tables"]["statements"]["held"]
                 if h["source_id"] == calls_source)
    calls = named["file"]
    saved = (copy.root / calls).read_bytes()
    (copy.root / calls).write_bytes(saved[:-9] + b"x" + saved[-8:])
    with copy.connect(read_only=True) as con:
        problems, _ = check_lake(copy.root, con)
        with pytest.raises(TnocError, match="tnoc case lake"):
            lake_for_spark(copy.root, con)
    assert (calls, f"sha256 {file_sha256(copy.root / calls)[0]}, the sealed lake manifest "
            f"lists {named['sha256']}: the file changed") in problems
    (copy.root / calls).write_bytes(saved)
    ingest_file(copy, "call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv",
                IngestOptions(held=True, replace=True))
    assert not (copy.root / calls).exists()
    with copy.connect(read_only=True) as con:
        problems, warnings = check_lake(copy.root, con)
        assert problems == []
        assert any(f"reads {calls} in place, which the case no longer holds" in w
                   and "cannot be read until it is written anew" in w
                   for w in warnings), warnings
        with pytest.raises(Refused, match="tnoc case lake"):
            lake_for_spark(copy.root, con)
        with pytest.raises(TnocError, match=f"reads {calls} in place.*tnoc case lake"):
            duckdb_lake_views(con, copy.root / LAKE)
    assert verify_case(copy, record=False).ok


@pytest.mark.spark
def test_spark_reads_held_files_natively_with_the_same_content(held_laked: Case,
                                                               spark: Any) -> None:
    found = manifest(held_laked)
    frames = spark_lake_frames(spark, held_laked.root / LAKE)
    assert set(frames) == {"statements", "entities", "edges", "transfers"}
    for name, frame in frames.items():
        part = found["tables"][name]
        assert frame.columns == [c["name"] for c in part["columns"]]
        assert spark_content_hash(frame) == part["content_sha256"], name
    # read from the held files themselves, not a copy in the lake
    read = {Path(f).name for f in frames["statements"].inputFiles()}
    assert {Path(h["file"]).name for h in found["tables"]["statements"]["held"]} <= read
    assert not [v for v in spark.catalog.listTables() if v.name.startswith("tnoc_held_")]


@pytest.mark.spark
@pytest.mark.parametrize("fixture", ["laked", "held_laked"])
def test_a_lake_written_with_spark_is_the_same_lake(fixture: str, request: Any, spark: Any,
                                                    tmp_path: Path) -> None:
    """``tnoc case lake --engine spark``: Spark computes the entities and edges from the
    lake's statements (held files read in place) and every table's content hash. The
    same content hashes and rows as the lake DuckDB wrote of the same case; every file
    on disk listed (not Spark's ``_SUCCESS`` or checksum files); verify holds; the
    ledger entry names the engine; Spark's stages read it."""
    from tnoc.money.transfers import write_lake_with_current_transfers

    case: Case = request.getfixturevalue(fixture)
    copy = Case.open(shutil.copytree(case.root, tmp_path / "case",
                                     ignore=shutil.ignore_patterns("tmp")))
    on_duckdb = manifest(copy)["tables"]

    def types() -> dict[str, list[tuple[str, str]]]:  # the files' own column types
        with duckdb.connect() as con:
            return {name: [(str(c), str(t)) for c, t, *_ in con.execute(
                f"DESCRIBE SELECT * FROM read_parquet('{copy.root / LAKE / name}/**/*.parquet')"
            ).fetchall()] for name in ("entities", "edges")}

    written_by_duckdb = types()
    steps: list[str] = []
    write_lake_with_current_transfers(copy, "spark", spark=spark, progress=steps.append)
    assert types() == written_by_duckdb  # INT64 instants, maps, lists: as DuckDB writes
    found = manifest(copy)["tables"]
    assert {n: (t["rows"], t["content_sha256"], t["columns"]) for n, t in found.items()} \
        == {n: (t["rows"], t["content_sha256"], t["columns"]) for n, t in on_duckdb.items()}
    assert "lake: computing entities on spark" in steps
    # written by Spark's workers (their part files), bucketed as DuckDB buckets them
    assert all(f["file"].startswith("entities/bucket=") and "/part-" in f["file"]
               for f in found["entities"]["files"])
    lake = copy.root / LAKE
    assert {p.relative_to(lake).as_posix() for p in lake.rglob("*") if p.is_file()} == {
        MANIFEST, *(f["file"] for t in found.values() for f in t["files"])}
    assert verify_case(copy, record=False).ok
    with copy.connect(read_only=True) as con:
        entry = [e for e in read_ledger(con) if e.event.event_type == "sealed"][-1]
    assert entry.event.details["engine"] == "spark"
    assert "--engine spark" in entry.event.method
    frames = spark_lake_frames(spark, lake)
    assert frames["edges"].count() == on_duckdb["edges"]["rows"]


@pytest.mark.spark
def test_spark_writes_the_lake_with_the_case_closed(held_laked: Case, spark: Any,
                                                    tmp_path: Path) -> None:
    """While Spark computes, the case is closed: another process takes a file in (here
    from the progress callback, as Spark starts on the entities). The lake is then not
    sealed as the case it no longer is: refused naming the command, nothing written,
    the earlier lake and its seal kept, no scratch left; verify warns of the intake as
    for any lake older than the case."""
    from tnoc.money.transfers import write_lake_with_current_transfers

    from .conftest import run_tnoc

    copy = Case.open(shutil.copytree(held_laked.root, tmp_path / "case",
                                     ignore=shutil.ignore_patterns("tmp")))
    before = (copy.root / LAKE / MANIFEST).read_bytes()
    taken: list[int] = []

    def step(what: str) -> None:
        if what == "lake: computing entities on spark":
            done = run_tnoc("ingest", "feodotracker", str(
                ROOT / "examples" / "data" / "malware"
                / "feodotracker_ipblocklist_2021-10-02.csv"), "-c", str(copy.root))
            taken.append(done.returncode)

    with pytest.raises(TnocError, match="the case changed while Spark wrote its lake .*"
                       r"run it again: tnoc case lake --case .* --engine spark "
                       r"--spark-master 'local\[1\]'$"):
        write_lake_with_current_transfers(copy, "spark", spark=spark, progress=step)
    assert taken == [0]  # the other process could write: the case was not held
    assert (copy.root / LAKE / MANIFEST).read_bytes() == before
    assert not list(copy.scratch.glob("lake-*"))
    result = verify_case(copy, record=False)
    assert result.ok and any("predates 1 later intake" in w for w in result.warnings)


@pytest.mark.spark
def test_equally_deep_schemata_forced_into_one_read_alike(tmp_path: Path, spark: Any) -> None:
    """Persons and organisations of a donations register forced into one entity each
    (both schemata of depth 3): each engine, and DuckDB at any thread count, names the
    entity's schema alike (the deepest, then the last by name: Person), as ``tnoc
    show`` does, so the lakes DuckDB and Spark write have one content hash. (Without
    the tie broken by name each kept whichever row came first.)"""
    from tnoc.money.transfers import write_lake_with_current_transfers
    from tnoc.store.lookup import schema_of

    case = Case.init(tmp_path / "case")
    ingest_file(case, "ftm_entities", ROOT / "examples" / "data" / "ftm" / "donations.ijson")
    with case.transaction() as con:
        people, groups = ([str(r[0]) for r in con.execute(
            "SELECT DISTINCT entity_id FROM statements WHERE schema = ? ORDER BY 1 LIMIT 6",
            [kind]).fetchall()] for kind in ("Person", "Organization"))
        for person, group in zip(people, groups, strict=True):
            judge(con, person, group, "positive", author="tester", force=True,
                  note="a test of equally deep schemata")
    with case.connect(read_only=True) as con:
        merged = [str(r[0]) for r in con.execute(
            "SELECT DISTINCT canonical_id FROM statements WHERE merged_into IS NOT NULL"
        ).fetchall()]
        assert len(merged) == 6
        for threads in (1, 2, 4):
            con.execute(f"SET threads = {threads}")
            assert {str(r[0]) for r in con.execute(
                "SELECT schema FROM entities WHERE id IN (SELECT unnest(?))", [merged]
            ).fetchall()} == {"Person"}
        assert schema_of(con, ["Organization", "Person"]) == "Person"
    write_lake(case)
    on_duckdb = manifest(case)["tables"]
    write_lake_with_current_transfers(case, "spark", spark=spark)
    assert {n: t["content_sha256"] for n, t in manifest(case)["tables"].items()} == {
        n: t["content_sha256"] for n, t in on_duckdb.items()}


@pytest.mark.spark
def test_the_reporters_compartment_stays_out_of_a_lake_spark_wrote(tmp_path: Path,
                                                                   spark: Any) -> None:
    """Citizen reports put their reporters in a compartment: the ``entities`` view
    leaves those values out (a two-column NOT IN over ``compartment_entities``, which
    Spark runs transpiled). The lake Spark writes has the same content hash as
    DuckDB's, and none of a reporter's values in its entities' properties."""
    from tnoc.money.transfers import write_lake_with_current_transfers

    case = Case.init(tmp_path / "case")
    ingest_file(case, "citizen_reports",
                ROOT / "tests" / "data" / "reports" / "citizen_reports.csv")
    with case.connect(read_only=True) as con:
        hidden = {str(v) for (v,) in con.execute(
            "SELECT DISTINCT s.value FROM statements s JOIN compartment_entities c "
            "USING (source_id, entity_id) WHERE s.prop <> 'id'").fetchall()}
    assert hidden
    write_lake(case)
    on_duckdb = manifest(case)["tables"]
    write_lake_with_current_transfers(case, "spark", spark=spark)
    assert {n: t["content_sha256"] for n, t in manifest(case)["tables"].items()} == {
        n: t["content_sha256"] for n, t in on_duckdb.items()}
    with duckdb.connect() as con:
        values = {str(v) for (v,) in con.execute(
            "SELECT DISTINCT unnest(flatten(map_values(properties))) FROM read_parquet("
            f"'{case.root / LAKE}/entities/**/*.parquet')").fetchall()}
    assert values and not values & hidden


@pytest.mark.spark
def test_a_lake_with_no_ties_written_with_spark(tmp_path: Path, spark: Any) -> None:
    """A case with no ties (a botnet blocklist): Spark writes no file for an empty
    table, so the lake holds one file of no rows with the columns, as on DuckDB."""
    from tnoc.money.transfers import write_lake_with_current_transfers

    case = Case.init(tmp_path / "case")
    ingest_file(case, "feodotracker",
                ROOT / "examples" / "data" / "malware" / "feodotracker_ipblocklist_2021-10-02.csv")
    write_lake(case)
    on_duckdb = manifest(case)["tables"]
    write_lake_with_current_transfers(case, "spark", spark=spark)
    found = manifest(case)["tables"]
    assert found["edges"]["rows"] == 0 and len(found["edges"]["files"]) == 1
    assert {n: t["content_sha256"] for n, t in found.items()} == {
        n: t["content_sha256"] for n, t in on_duckdb.items()}
    assert verify_case(case, record=False).ok
    assert spark_lake_frames(spark, case.root / LAKE)["edges"].columns == [
        c["name"] for c in found["edges"]["columns"]]
