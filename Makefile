# TNOC: `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test lint bench clean screenshots

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

test: $(STAMP_TEST)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 --dist loadfile

screenshots: $(STAMP_TEST)  # the browser tests, keeping their pictures in docs/workspace, docs/portal
	TNOC_SCREENSHOTS=1 $(BIN)/pytest -n 2 --dist loadfile tests/web tests/portal

bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/ingest.py --json

clean:
	rm -rf demo-case .pytest_cache .mypy_cache .ruff_cache
