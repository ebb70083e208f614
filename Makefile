# TNOC: `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test test-slow test-all lint bench clean screenshots spark-cluster spark-cluster-stop spark-udf

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUN): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(STAMP_TEST): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@ $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(BIN)/tnoc demo demo-case --fresh

# `make test`: lint, types, layers, then every test but the few marked slow or spark
# (the demo build, Splink and the engines on Spark, ...: `make test-slow`, which CI
# runs after it). `make test-all`: both in one pytest run.
test: $(STAMP_TEST)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 --dist loadfile --durations=30 -m "not slow and not spark"

test-slow: $(STAMP_TEST)
	$(BIN)/pytest -n 2 --dist loadfile --durations=30 -m "slow or spark"

test-all: $(STAMP_TEST)
	$(BIN)/pytest -n 2 --dist loadfile --durations=30

screenshots: $(STAMP_TEST)  # the browser tests, keeping their pictures in docs/workspace, docs/portal
	TNOC_SCREENSHOTS=1 $(BIN)/pytest -n 2 --dist loadfile tests/web tests/portal

bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/ingest.py --json

# A standalone Spark cluster on this machine from pyspark's own jars (no download):
# one master (spark://127.0.0.1:7077, UI :8080) and one worker, logs and pids in
# $(SPARK_RUN). Point TNOC at it with SparkEngine(spark_session("spark://127.0.0.1:7077"))
# (docs/scale.md). `make spark-cluster-stop` ends both.
SPARK_RUN ?= .spark-cluster
SPARK_PORT ?= 7077
SPARK_UI_PORT ?= 8080
SPARK_WORKER_CORES ?= 2
SPARK_WORKER_MEMORY ?= 2g
SPARK_HOME_OF_VENV = $$($(BIN)/python -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')

# The Jaro-Winkler function entity resolution uses on Spark (DuckDB's, byte for byte:
# src/tnoc/resolve/spark_udf/JaroWinkler.java), compiled against pyspark's own jars and
# committed, so `pip install` needs no JDK. Run after changing the Java source; needs
# a JDK 11 or later (openjdk-17-jdk-headless); the classes target Java 11, the oldest
# Java pyspark 3.5 and 4 share. tests/test_resolve_spark.py checks the jar against DuckDB.
UDF_DIR = src/tnoc/resolve/spark_udf
spark-udf: $(STAMP_TEST)
	@command -v javac >/dev/null || { echo "spark-udf: needs javac 11 or later (openjdk-17-jdk-headless)" >&2; exit 1; }
	rm -rf $(UDF_DIR)/classes && mkdir -p $(UDF_DIR)/classes
	javac --release 11 -Xlint:all,-path -Werror -cp "$$(echo $(SPARK_HOME_OF_VENV)/jars/spark-sql-api_*.jar)" \
	    -d $(UDF_DIR)/classes $(UDF_DIR)/*.java
	cd $(UDF_DIR)/classes && export TZ=UTC && find . -exec touch -d 1980-01-01T00:00:00 {} + && \
	    jar --create --no-manifest --file ../tnoc-similarity.jar org
	rm -rf $(UDF_DIR)/classes

spark-cluster: $(STAMP_TEST)
	@command -v java >/dev/null || { echo "spark-cluster: needs a Java 17 runtime (openjdk-17-jre-headless)" >&2; exit 1; }
	@mkdir -p $(SPARK_RUN)
	@home=$(SPARK_HOME_OF_VENV); export SPARK_HOME=$$home SPARK_LOCAL_IP=127.0.0.1; \
	nohup $$home/bin/spark-class org.apache.spark.deploy.master.Master \
	    --host 127.0.0.1 --port $(SPARK_PORT) --webui-port $(SPARK_UI_PORT) \
	    > $(SPARK_RUN)/master.log 2>&1 & echo $$! > $(SPARK_RUN)/master.pid; \
	nohup $$home/bin/spark-class org.apache.spark.deploy.worker.Worker \
	    --host 127.0.0.1 --cores $(SPARK_WORKER_CORES) --memory $(SPARK_WORKER_MEMORY) \
	    --webui-port $$(($(SPARK_UI_PORT) + 1)) --work-dir $(CURDIR)/$(SPARK_RUN)/work spark://127.0.0.1:$(SPARK_PORT) \
	    > $(SPARK_RUN)/worker.log 2>&1 & echo $$! > $(SPARK_RUN)/worker.pid; \
	echo "spark master spark://127.0.0.1:$(SPARK_PORT) (pid $$(cat $(SPARK_RUN)/master.pid)), worker pid $$(cat $(SPARK_RUN)/worker.pid); logs in $(SPARK_RUN)/"

spark-cluster-stop:
	@for p in worker master; do \
	    if [ -f $(SPARK_RUN)/$$p.pid ]; then kill $$(cat $(SPARK_RUN)/$$p.pid) 2>/dev/null || true; rm -f $(SPARK_RUN)/$$p.pid; fi; \
	done

clean:
	rm -rf demo-case .pytest_cache .mypy_cache .ruff_cache
