"""The generated transfers of benchmarks/spark.py (tnoc.money.synthetic) and the rules'
SQL it runs on both engines (issue #27): the generator is seeded and plants what it
says; money is summed exactly; on a small generated set the structuring rule, the
alert totals and the account projection give the same rows on DuckDB and on Spark."""

from __future__ import annotations

import math
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from tnoc.money.synthetic import PLANTED, generate_transfers
from tnoc.money.transfers import account_ties_sql
from tnoc.money.typologies import alert_totals_sql, structuring_sql
from tnoc.money.typology_params import TypologyParams
from tnoc.store.engine import DuckDBEngine, Engine, SparkEngine

SIZE = 4_000


@pytest.fixture(scope="module")
def transfers() -> pa.Table:
    return generate_transfers(SIZE, seed=7)


def test_generator_is_seeded_and_plants_each_structure(transfers: pa.Table) -> None:
    assert transfers.num_rows == SIZE
    assert transfers.equals(generate_transfers(SIZE, seed=7))
    assert not transfers.equals(generate_transfers(SIZE, seed=8))
    assert pc.count_distinct(transfers["transfer_id"]).as_py() == SIZE
    kinds = {r["values"]: r["counts"] for r in
             pc.value_counts(transfers["planted"]).to_pylist()}
    # one of each below 20,000 transfers: 8 + 8 + 4 + 4 + 9 planted rows
    assert kinds == {None: SIZE - 33, "FAN-IN": 8, "FAN-OUT": 8, "CYCLE": 4,
                     "STRUCTURING": 4, "BIPARTITE": 9}
    assert set(PLANTED) == set(kinds) - {None}
    smurfed = transfers.filter(pc.equal(transfers["planted"], "STRUCTURING"))
    assert all(9_100 <= a < 9_900 for a in smurfed["amount"].to_pylist())
    # heavy-tailed: the busiest account takes part in far more transfers than the median
    ends = pc.value_counts(pa.chunked_array(
        [transfers["payer"], transfers["beneficiary"]]).combine_chunks())
    counts = sorted(ends.field("counts").to_pylist())
    assert counts[-1] >= 20 * counts[len(counts) // 2]
    with pytest.raises(ValueError, match="at least 1,000"):
        generate_transfers(999)


def test_structuring_rule_finds_the_planted_smurfs(transfers: pa.Table) -> None:
    con = duckdb.connect()
    con.register("transfers", transfers)
    sql, params = structuring_sql("transfers", TypologyParams())
    found = con.execute(f"SELECT DISTINCT transfer_id FROM ({sql})", params).fetchall()
    planted = transfers.filter(pc.equal(transfers["planted"], "STRUCTURING"))
    assert {r[0] for r in found} >= set(planted["transfer_id"].to_pylist())


def test_alert_totals_sum_money_exactly() -> None:
    """0.1 + 0.2 + 0.3 as floats is 0.6000000000000001 (and depends on the order of the
    terms, which differs between engines); summed as DECIMAL it is 0.6."""
    con = duckdb.connect()
    con.register("transfers", pa.table({"transfer_id": ["a", "b", "c"],
                                        "amount": [0.1, 0.2, 0.3],
                                        "currency": ["EUR"] * 3}))
    con.register("alerted", pa.table({"alert_id": [1, 1, 1], "transfer_id": ["a", "b", "c"]}))
    assert con.execute("SELECT sum(amount) FROM transfers").fetchall()[0][0] != 0.6
    rows = con.execute(alert_totals_sql("alerted", "transfers")).fetchall()
    assert rows == [(1, "EUR", 0.6, 3)]


def _rows(table: pa.Table) -> list[tuple[object, ...]]:
    cols = [c.cast(pa.timestamp("us")) if pa.types.is_timestamp(c.type) else c
            for c in table.columns]
    return sorted(zip(*(c.to_pylist() for c in cols), strict=True), key=repr)


@pytest.mark.spark
def test_rules_and_projection_same_on_both_engines(transfers: pa.Table, spark: Any) -> None:
    """Structuring, the alert totals over it and the account projection (sorted
    currency lists, exact sums) on the generated transfers: the same rows."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    engines: list[Engine] = [DuckDBEngine(con), SparkEngine(spark)]
    sql, params = structuring_sql("bench_transfers", TypologyParams())
    results = []
    for engine in engines:
        engine.register_arrow("bench_transfers", transfers.drop_columns(["planted"]))
        engine.create_table("bench_st", sql, params)
        engine.create_table("bench_at", "SELECT dense_rank() OVER (ORDER BY alert_key) "
                                        "AS alert_id, transfer_id FROM bench_st")
        results.append([
            _rows(engine.fetch_arrow("SELECT * FROM bench_st")),
            _rows(engine.fetch_arrow(alert_totals_sql("bench_at", "bench_transfers"))),
            _rows(engine.fetch_arrow(account_ties_sql("bench_transfers"))),
            _rows(engine.fetch_arrow("SELECT list(DISTINCT currency ORDER BY currency) "
                                     "AS c FROM bench_transfers"))])
        for name in ("bench_at", "bench_st", "bench_transfers"):
            engine.drop(name)
    duck, on_spark = results
    assert duck[0] and duck[0] == on_spark[0]
    for a, b in zip(duck[1], on_spark[1], strict=True):
        assert a[:2] == b[:2] and a[3] == b[3] and math.isclose(a[2], b[2], rel_tol=1e-12)
    assert len(duck[2]) > 3_000 and duck[2] == on_spark[2]
    assert any("," in str(r[-1]) for r in duck[2])  # pairs with several currencies
    assert duck[3] == on_spark[3] == [(["EUR", "GBP", "USD"],)]


def test_the_scaling_is_reported_over_the_stages_both_sizes_finished() -> None:
    """A stage that failed at one size (k_hop did, session 42) left ``scaling_4x``
    null for the whole run; the ratio over the stages Spark finished at both sizes is
    reported beside it, with those stages named."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from spark import spark_scaling

    def run(status: str, seconds: dict[str, float]) -> dict[str, Any]:
        return {"spark": {"status": status, "seconds": {"session": 9.0, **seconds},
                          "total_seconds": sum(seconds.values())}}

    results = {"1000000": run("failed", {"hops": 10.0, "cycles": 20.0}),
               "4000000": run("finished", {"hops": 30.0, "cycles": 50.0, "k_hop": 5.0})}
    assert spark_scaling(results) == {"scaling_4x": None, "scaling_4x_common": 2.667,
                                      "scaling_4x_stages": ["cycles", "hops"],
                                      "scaling_4x_sizes": [1000000, 4000000]}
    results["1000000"] = run("finished", {"hops": 10.0, "cycles": 20.0, "k_hop": 5.0})
    assert spark_scaling(results)["scaling_4x"] == 2.429
    assert spark_scaling({"1000000": results["1000000"]})["scaling_4x"] is None


def test_results_compare_in_any_order_floats_to_1e9_instants_across_zones(
        tmp_path: Any) -> None:
    """benchmarks/spark.py's comparison (same_rows), done by DuckDB so a 16M-row stage
    needs no Python row: the same rows in another order, a float 1e-12 off and a
    timestamp written with its UTC zone (as Spark writes it) are the same; one text,
    one float 1e-6 off, an infinity against a number or the other infinity, one row
    fewer or one instant an hour off are not."""
    import datetime as dt
    import sys
    from pathlib import Path

    import pyarrow.parquet as pq

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from spark import same_rows

    when = [dt.datetime(2024, 1, 1, h) for h in (1, 2, 3)]

    def write(name: str, ids: list[str], ratio: list[float], times: list[dt.datetime],
              zone: str | None = None) -> Path:
        path = tmp_path / f"{name}.parquet"
        pq.write_table(pa.table({"id": ids, "ratio": pa.array(ratio, pa.float64()),
                                 "at": pa.array(times, pa.timestamp("us", tz=zone))}), path)
        return path

    duck = write("duck", ["a", "b", "c"], [0.5, float("nan"), 1e6], when)
    assert same_rows(duck, write("spark", ["c", "a", "b"], [1e6 + 1e-6, 0.5 + 1e-12,
                                                            float("nan")],
                                 [when[2], when[0], when[1]], zone="UTC"))
    assert not same_rows(duck, write("text", ["a", "b", "x"], [0.5, float("nan"), 1e6], when))
    assert not same_rows(duck, write("far", ["a", "b", "c"], [0.5 + 1e-6, float("nan"), 1e6],
                                     when))
    assert not same_rows(duck, write("fewer", ["a", "b"], [0.5, float("nan")], when[:2]))
    infinite = write("inf", ["a", "b", "c"], [0.5, float("nan"), float("inf")], when)
    assert same_rows(infinite, infinite)
    assert not same_rows(duck, infinite)  # inf - 1e6 is not within any tolerance
    assert not same_rows(infinite, write("-inf", ["a", "b", "c"],
                                         [0.5, float("nan"), float("-inf")], when))
    assert not same_rows(duck, write("hour", ["a", "b", "c"], [0.5, float("nan"), 1e6],
                                     [when[0], when[1], when[2] + dt.timedelta(hours=1)]))
