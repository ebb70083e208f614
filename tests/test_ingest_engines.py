"""Ingest's mapping stage on DuckDB and on Spark (issue #27, item 3): every shipped
mapping on its real file, the statements compared row by row.

The DuckDB side is a real ingest into a case (:func:`tnoc.ingest.pipeline.ingest_file`);
the Spark side reads the same file (:func:`tnoc.ingest.statements.read_src`), sends it to
Spark as an ingest does (:func:`tnoc.ingest.statements.send_rows`: Parquet files Spark
reads) and maps it with the same SQL text on Spark
(:func:`tnoc.ingest.statements.map_rows`): derived columns, entity ids, ``each``
matches, dates in given formats, Python cleaning of the distinct places, phones and
countries, and the de-duplication of repeated statements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.test_engine import rows
from tests.test_mappings_real import CASES
from tnoc.errors import TnocError
from tnoc.ingest.mapping import load_mapping
from tnoc.ingest.pipeline import ingest_file
from tnoc.ingest.statements import drop_mapped, map_rows, read_src, send_rows
from tnoc.query_results import query_arrow
from tnoc.store import Case
from tnoc.store.engine import SparkEngine
from tnoc.store.spark_dialect import java_datetime_pattern, to_spark

from .conftest import DATA

COMPARED = ("entity_id", "schema", "prop", "prop_type", "value", "original_value",
            "locator", "flag")
"""The statement columns compared (``source_id`` is the parameter both are given)."""

BIGGEST = 60_000
"""Files with more records than this (Elliptic's 200,000 transactions and 230,000 flows)
are left out to keep the test to a few minutes; their mappings are plain columns that
the smaller files exercise too."""

ON_BOTH = [c for c in CASES if c[2] <= BIGGEST]


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize(("mapping", "file"), [(c[0], c[1]) for c in ON_BOTH],
                         ids=[f"{c[0]}:{Path(c[1]).name}" for c in ON_BOTH])
def test_the_statements_of_a_real_file_are_the_same_on_both_engines(
        case: Case, spark: Any, tmp_path: Path, mapping: str, file: str) -> None:
    report = ingest_file(case, mapping, DATA / file)
    loaded = load_mapping(mapping).with_region(None)
    engine = SparkEngine(spark)
    with case.connect(read_only=True) as con:
        duck = query_arrow(con, f"SELECT {', '.join(COMPARED)} FROM statement_store "
                           "WHERE source_id = $source", {"source": report.source_id})
        read_src(con, DATA / file, loaded, tmp_path)
        send_rows(con, engine, tmp_path / "sent", DATA / file)
    try:
        mapped = map_rows(engine, loaded)
        parts = [engine.fetch_arrow(f"SELECT {', '.join(COMPARED)} FROM ({select})",
                                    {"source_id": report.source_id})
                 for select in mapped.selects()]
    finally:
        drop_mapped(engine)
        engine.drop("src")
    on_spark = pa.concat_tables([p.cast(duck.schema) for p in parts])
    assert on_spark.num_rows == report.statements
    assert rows(on_spark) == rows(duck)


def test_strftime_formats_become_java_patterns_with_their_letters_quoted() -> None:
    # read: numbers as single letters (one or two digits, as DuckDB reads them) unless
    # another number follows at once; written: padded, as strftime pads
    assert java_datetime_pattern("%Y-%m-%dT%H:%M:%S") == "y-M-d'T'H:m:s"
    assert java_datetime_pattern("%Y-%m-%dT%H:%M:%S", output=True) == "yyyy-MM-dd'T'HH:mm:ss"
    assert java_datetime_pattern("%d %b %Y") == "d MMM y"
    assert java_datetime_pattern("%Y%m%d") == "yyyyMMdd"
    assert java_datetime_pattern("%-d/%-m/%Y at %H %%", output=True) == "d/M/yyyy' at 'HH %"
    assert java_datetime_pattern("%Y o'clock") == "y' o''clock'"
    for refused in ("%Q", "%y", "%z", "%a"):  # unknown, or read otherwise by Spark
        with pytest.raises(ValueError, match=refused):
            java_datetime_pattern(refused)


DATES = [
    ("%d/%m/%Y", ["1/2/2020", "01/02/2020", "31/12/1999", "32/01/2020", "x"]),
    ("%Y/%m/%d %H:%M", ["2022/9/1 0:08", "2022/09/01 00:08", "2022/9/1"]),  # AMLworld
    ("%d %b %Y", ["1 Jan 1970", "01  Jan 1970", " 01 Jan 1970", "01 jan 1970", "Jan 1970"]),
    ("%b %Y", ["Sep 2020", "sep 2020"]),
    ("%Y", ["1984", "99", "19x4"]),
    ("%Y%m%d", ["20200102", "202001"]),  # (DuckDB reads "2020012", Spark does not)
    ("unix", ["1500000000.5", "0", "-1", "1e20", "abc"]),
]
"""Dates as the shipped mappings read them and as a file may write them: each format's
values cleaned by ``tnoc.ingest.clean.date_sql`` on both engines (session 43's review
found ``dd``/``HH`` patterns refusing "1/2/2020" and "2022/9/1 0:08" on Spark)."""


NAMES = ["lsdaisy!", "lsdaisy%21", "lsdaisy", "-Inanna-", "/user/dopa", "M\u00fcller",
         "Mu\u0308ller", "\u738b\u5c0f\u660e", "a b", "a-b", " a--b ", "!!!", "x\ny", "x\n",
         "tab\there", "\U0001f600", "caf\u00e9\u200b", "+49 170 1234567", "", None]
"""Vendor names as ids are made of them (``id_slug: exact``): symbols, percent escapes,
dashes at either end, marks, CJK, line breaks (Java's ``$`` would match before a last
one), an emoji, an invisible character, a phone number, empty and none."""


@pytest.mark.spark
def test_exact_ids_are_the_same_on_both_engines(spark: Any) -> None:
    """The id SQL of an ``id_slug: exact`` template (a slug, the sha1 of the exact text
    where the slug changed it) gives the same id on Spark as on DuckDB, and the ids of
    ``lsdaisy!`` and ``lsdaisy`` differ."""
    import duckdb

    from tnoc.ingest.compile import digested_ids_sql, id_sql
    from tnoc.ingest.mapping import EntitySpec, load_mapping
    from tnoc.store.engine import DuckDBEngine

    vendor = EntitySpec.model_validate({"name": "vendor", "schema": "UserAccount",
                                        "id": "agora-vendor-{vendor}", "id_slug": "exact"})
    table = pa.table({"vendor": pa.array(NAMES, pa.string())})
    duck = DuckDBEngine(duckdb.connect())
    engine = SparkEngine(spark)
    duck.register_arrow("names", table)
    engine.register_arrow("names", table)
    sql = f"SELECT vendor, {id_sql(vendor, 'agora')} AS id FROM names"
    # and which ids carry a digest (the slug changed the name), as the ingest asks
    digested = digested_ids_sql(load_mapping("agora_listings"))
    assert digested is not None
    for each in (duck, engine):
        each.register_arrow("src", table)
    try:
        on_duck, on_spark = rows(duck.fetch_arrow(sql)), rows(engine.fetch_arrow(sql))
        with_digest = [sorted(map(str, e.fetch_arrow(digested).column(0).to_pylist()))
                       for e in (duck, engine)]
    finally:
        engine.drop("names")
        engine.drop("src")
    assert on_spark == on_duck and with_digest[0] == with_digest[1]
    assert with_digest[0] == sorted({i for n, i in on_duck if i and i != f"agora-vendor-{n}"})
    assert "agora-vendor-lsdaisy" not in with_digest[0]
    ids = dict(on_duck)
    assert ids["lsdaisy"] == "agora-vendor-lsdaisy" != ids["lsdaisy!"]
    assert ids["lsdaisy!"] == "agora-vendor-lsdaisy-055ec157d3"
    assert ids[""] is None and ids[None] is None
    assert len({i for i in ids.values() if i}) == len([n for n in NAMES if n])


@pytest.mark.spark
def test_dates_in_a_given_format_read_the_same_on_both_engines(spark: Any) -> None:
    import duckdb

    from tnoc.ingest.clean import date_sql
    from tnoc.ingest.mapping import PropertySpec
    from tnoc.store.engine import DuckDBEngine

    given = [(fmt, value) for fmt, values in DATES for value in values]
    table = pa.table({"fmt": [g[0] for g in given], "x": [g[1] for g in given]})
    duck = DuckDBEngine(duckdb.connect())
    engine = SparkEngine(spark)
    duck.register_arrow("dates", table)
    engine.register_arrow("dates", table)
    cases = []
    for fmt, _values in DATES:
        value, flag = date_sql("x", PropertySpec(column="x", date_format=fmt))
        cases.append(f"SELECT fmt, x, {value} AS value, {flag} AS flag FROM dates "
                     f"WHERE fmt = '{fmt}'")
    sql = " UNION ALL ".join(cases)
    on_duck, on_spark = rows(duck.fetch_arrow(sql)), rows(engine.fetch_arrow(sql))
    engine.drop("dates")
    assert on_spark == on_duck
    read = {(r[0], r[1]): r[2] for r in on_duck}
    assert read[("%d/%m/%Y", "1/2/2020")] == "2020-02-01"
    assert read[("%Y/%m/%d %H:%M", "2022/9/1 0:08")] == "2022-09-01T00:08:00"
    assert read[("unix", "1500000000.5")] == "2017-07-14T02:40:00"
    assert read[("unix", "1e20")] is None  # beyond year 9999: flagged, not an error



def test_a_date_read_in_a_format_transpiles_to_spark_functions() -> None:
    # sqlglot left try_strptime as it is and wrote the 'T' of strftime bare: both
    # refused by Spark (the ndrangheta, OFAC, AMLworld and ransomware mappings failed)
    sql = to_spark("SELECT strftime(try_strptime(x, '%d %b %Y'), '%Y-%m-%dT%H:%M:%S'), "
                   "to_timestamp(try_cast(y AS DOUBLE)) FROM t")
    assert "TRY_TO_TIMESTAMP(REGEXP_REPLACE(TRIM(x), '\\\\s+', ' '), 'd MMM y')" in sql
    assert "'yyyy-MM-dd\\'T\\'HH:mm:ss'" in sql
    assert "TIMESTAMP_SECONDS(TRY_CAST(y AS DOUBLE))" in sql  # keeps the fraction
    with pytest.raises(ValueError, match="one format"):
        to_spark("SELECT try_strptime(x, ['%Y', '%d %b %Y']) FROM t")


TIED_MAPPING = """mapping: test_tied
dataset: test_tied
media_type: text/csv
reader: {format: csv}
entities:
  - name: firm
    schema: Company
    id: "firm-{id}"
    properties:
      name: name
      country: {column: countries, split: ";"}
"""


def test_one_cells_texts_of_one_value_keep_the_least_as_original(case: Case,
                                                                 tmp_path: Path) -> None:
    """"US;usa;U.S." names one country three ways in one row: the statement's original
    text is the least of them ("U.S."), not whichever the engine met first (the tie of
    row and locator was unbroken: DuckDB kept "US" where Spark kept "U.S.")."""
    mapping = tmp_path / "tied.yaml"
    mapping.write_text(TIED_MAPPING)
    data = tmp_path / "tied.csv"
    data.write_text("id,name,countries\n1,Acme,US;usa;U.S.\n2,Bcme,Germany;DE\n")
    ingest_file(case, mapping, data)
    with case.connect(read_only=True) as con:
        kept = con.execute("SELECT entity_id, value, original_value FROM statement_store "
                           "WHERE prop = 'country' ORDER BY 1").fetchall()
    assert kept == [("firm-1", "us", "U.S."), ("firm-2", "de", "DE")]


STORE = ("entity_id, merged_into, schema, prop, prop_type, value, original_value, "
         "source_id, locator, flag")


def _kept(case: Case) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    """A case's statements and compartment rows, in order, and its sources' statement
    counts summed."""
    with case.connect(read_only=True) as con:
        statements = con.execute(f"SELECT {STORE} FROM statement_store "
                                 f"ORDER BY {STORE}").fetchall()
        compartments = con.execute("SELECT * FROM compartment_entities "
                                   "ORDER BY ALL").fetchall()
        counted = con.execute("SELECT sum(statements) FROM sources").fetchall()[0][0]
    return statements, compartments, int(counted)


@pytest.mark.spark
def test_an_ingest_mapped_on_spark_keeps_the_statements_of_duckdb(
        tmp_path: Path, spark: Any) -> None:
    """``ingest_file(..., spark=...)``: OFAC's SDN list (14,965 records; countries,
    dates and names cleaned) mapped on Spark gives, in the case, the same statements as
    the DuckDB ingest of the same file, the acquired entry says it was mapped on Spark,
    and the session holds none of the mapping's tables after."""
    from tnoc.ledger.custody import read_ledger

    sdn = DATA / "sanctions" / "ofac_sdn_2024-05-03.csv"
    on_duckdb, on_spark = Case.init(tmp_path / "duck"), Case.init(tmp_path / "spark")
    duck = ingest_file(on_duckdb, "ofac_sdn", sdn)
    steps: list[str] = []
    report = ingest_file(on_spark, "ofac_sdn", sdn, progress=steps.append, spark=spark)
    assert (report.source_id, report.records, report.statements, report.flagged) == (
        duck.source_id, duck.records, duck.statements, duck.flagged)
    assert report.entities == duck.entities and report.flag_samples == duck.flag_samples
    assert _kept(on_spark) == _kept(on_duckdb)
    assert "mapping on spark" in steps and "cleaning on spark" in steps
    with on_spark.connect(read_only=True) as con:
        acquired = [e.event for e in read_ledger(con) if e.event.event_type == "acquired"]
    assert acquired[0].details["mapped_on"] == {"engine": "spark",
                                                "master": spark.sparkContext.master}
    assert not {"src", "pending", "cleaned"} & {t.name for t in spark.catalog.listTables()}
    assert not list(on_spark.scratch.glob("mapped-*"))  # Spark's Parquet removed
    assert not list(on_spark.scratch.glob("src-*"))  # and the records sent to it


@pytest.mark.spark
def test_a_mapping_failing_on_spark_is_said_and_leaves_the_case_as_it_was(
        case: Case, tmp_path: Path, spark: Any) -> None:
    """A mapping whose SQL Spark refuses names the mapping and the file (exit 1 on the
    command line) and takes nothing in."""
    from tnoc.errors import InputFileError

    from .conftest import store_fingerprint

    mapping = tmp_path / "bad.yaml"
    mapping.write_text(TIED_MAPPING.replace("name: name", "name: {column: name, extract: '(['}"))
    data = tmp_path / "tied.csv"
    data.write_text("id,name,countries\n1,Acme,US\n")
    before = store_fingerprint(case)
    with pytest.raises(InputFileError, match="mapping 'test_tied' failed on this file"):
        ingest_file(case, mapping, data, spark=spark)
    assert store_fingerprint(case) == before


@pytest.mark.spark
@pytest.mark.slow
def test_tnoc_ingest_engine_spark_takes_a_file_in_as_duckdb_does(tmp_path: Path) -> None:
    """The command: ``tnoc ingest citizen_reports FILE --engine spark --spark-master
    local[1]`` (its own Spark session, started and stopped) keeps the statements and
    the reporters' compartment the DuckDB ingest keeps, and says so."""
    from .conftest import run_tnoc

    reports = Path(__file__).parent / "data" / "reports" / "citizen_reports.csv"
    on_duckdb, on_spark = Case.init(tmp_path / "duck"), Case.init(tmp_path / "spark")
    ingest_file(on_duckdb, "citizen_reports", reports)
    done = run_tnoc("ingest", "citizen_reports", str(reports), "-c", str(on_spark.root),
                    "--engine", "spark", "--spark-master", "local[1]", fresh=True)
    assert done.returncode == 0, done.stderr
    assert "Ingested" in done.stdout
    kept = _kept(on_spark)
    assert kept == _kept(on_duckdb)
    assert kept[1]  # the reporters are in their compartment on both


@pytest.mark.spark
def test_statements_that_do_not_reach_the_case_are_an_error(
        case: Case, tmp_path: Path, spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers that write where this process does not read (a cluster's workers on
    disks of their own, here: a write that leaves no file) are said, with the count
    Spark made, and nothing is taken in; not a source of no statements."""
    from .conftest import store_fingerprint

    data = tmp_path / "tied.csv"
    data.write_text("id,name,countries\n1,Acme,US;usa;U.S.\n2,Bcme,Germany;DE\n")
    mapping = tmp_path / "tied.yaml"
    mapping.write_text(TIED_MAPPING)
    monkeypatch.setattr(SparkEngine, "write_parquet",
                        lambda self, select, folder, params=None: folder.mkdir(parents=True))
    before = store_fingerprint(case)
    with pytest.raises(TnocError, match=r"spark made \d+ statements but 0 reached"):
        ingest_file(case, mapping, data, spark=spark)
    assert store_fingerprint(case) == before
    assert "mapped_statements" not in {t.name for t in spark.catalog.listTables()}


@pytest.mark.spark
def test_records_spark_cannot_read_are_an_error(
        case: Case, tmp_path: Path, spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The records go to Spark as Parquet files its workers read (``send_rows``); a
    worker that does not see them (a cluster's, without the case folder on shared
    storage; here: files that vanish before Spark reads them) is said with both counts
    and the file, and nothing is taken in, rather than a source of no statements."""
    import shutil

    from .conftest import store_fingerprint

    data = tmp_path / "tied.csv"
    data.write_text("id,name,countries\n1,Acme,US\n2,Bcme,Germany\n")
    mapping = tmp_path / "tied.yaml"
    mapping.write_text(TIED_MAPPING)
    real = SparkEngine.register_parquet

    def unseen(self: SparkEngine, name: str, folder: Path) -> None:
        real(self, name, folder)
        shutil.rmtree(folder)
        folder.mkdir()
        self.spark.createDataFrame([], self.spark.table(name).schema
                                   ).createOrReplaceTempView(name)

    monkeypatch.setattr(SparkEngine, "register_parquet", unseen)
    before = store_fingerprint(case)
    with pytest.raises(TnocError, match=r"tied.csv: 2 records read but spark sees 0"):
        ingest_file(case, mapping, data, spark=spark)
    assert store_fingerprint(case) == before
    assert not list(case.scratch.glob("src-*"))
