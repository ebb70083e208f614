"""The case's transfers kept in the store (issue #22, "p95 < 300 ms per page"): a
whole-case :func:`tnoc.money.transfers.build_transfers` is read back while the case is
unchanged and built again after a new intake or a merge; an erasure drops it. On the
real SAML-D sample (1,000 payments)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tnoc.govern.erasure import erase_entity
from tnoc.ingest.pipeline import ingest_file
from tnoc.money.transfers import (
    BUILD_RULES,
    STORED_STATE,
    STORED_TABLES,
    Transfers,
    build_transfers,
)
from tnoc.query_results import has_table
from tnoc.resolve.judgements import judge
from tnoc.store import Case

from .conftest import DATA

SAML_D = DATA / "aml" / "saml-d_sample_1k.csv"


def _rows(con: duckdb.DuckDBPyConnection, built: Transfers) -> list[tuple[object, ...]]:
    return con.execute(f"SELECT transfer_id, payer, beneficiary, ts, amount, currency "
                       f"FROM {built.table} ORDER BY transfer_id").fetchall()


def _saml(case: Case) -> Case:
    ingest_file(case, "saml_d", SAML_D)
    return case


def test_a_build_is_kept_and_read_back_while_the_case_is_unchanged(case: Case) -> None:
    _saml(case)
    with case.connect() as con:
        first = build_transfers(con)
        assert first.table not in STORED_TABLES  # built now, then kept
        assert has_table(con, STORED_STATE)
        rows = _rows(con, first)
        problems = con.execute(f"SELECT * FROM {first.issues_table} ORDER BY ALL").fetchall()
    with case.connect(read_only=True) as con:  # a read-only command reads it back
        again = build_transfers(con)
        assert again.table == STORED_TABLES[0]
        assert (again.payments, again.usable, again.issues) == \
            (first.payments, first.usable, first.issues)
        assert _rows(con, again) == rows and len(rows) == first.usable > 0
        assert con.execute(f"SELECT * FROM {again.issues_table} ORDER BY ALL"
                           ).fetchall() == problems
        # a selection of sources is never the stored whole-case build
        assert build_transfers(con, (SAML_D.name,)).table not in STORED_TABLES


def test_a_new_intake_invalidates_the_stored_transfers(case: Case, tmp_path: Path) -> None:
    first = tmp_path / "saml-d_first_500.csv"  # the real sample's first 500 payments
    first.write_text("".join(SAML_D.read_text().splitlines(keepends=True)[:501]))
    ingest_file(case, "saml_d", first)
    with case.connect() as con:
        assert build_transfers(con).payments == 500
    _saml(case)  # then the whole sample: 500 more payments
    with case.connect(read_only=True) as con:
        stale = build_transfers(con)  # cannot keep a new build: built in temp tables
        assert stale.table not in STORED_TABLES
        assert stale.payments == 1000
    with case.connect() as con:
        assert build_transfers(con).table not in STORED_TABLES  # rebuilt and kept
        kept = build_transfers(con)
        assert (kept.table, kept.payments) == (STORED_TABLES[0], 1000)


def test_a_merge_of_two_accounts_invalidates_the_stored_transfers(case: Case) -> None:
    _saml(case)
    with case.connect() as con:
        build_transfers(con)
        left, right = (str(r[0]) for r in con.execute(
            "SELECT DISTINCT payer FROM transfers_stored ORDER BY 1 LIMIT 2").fetchall())
    with case.transaction() as con:
        judge(con, left, right, "positive", author="alice")
    with case.connect() as con:
        after = build_transfers(con)
        assert after.table not in STORED_TABLES
        ends = {e for r in con.execute(f"SELECT payer, beneficiary FROM {after.table}"
                                       ).fetchall() for e in r}
    assert len({left, right} & ends) == 1  # the two accounts are one node now


def test_an_erasure_drops_the_stored_transfers(case: Case) -> None:
    _saml(case)
    with case.connect() as con:
        build_transfers(con)
        payment = str(con.execute("SELECT transfer_id FROM transfers_stored ORDER BY 1 "
                                  "LIMIT 1").fetchall()[0][0])
    erase_entity(case, payment, "test: a payment erased", "alice")
    with case.connect(read_only=True) as con:
        assert not any(has_table(con, t) for t in (STORED_STATE, *STORED_TABLES))
        rebuilt = build_transfers(con)
        assert payment not in {r[0] for r in _rows(con, rebuilt)}


def test_a_build_kept_under_earlier_rules_is_built_again(case: Case) -> None:
    """A build kept by an earlier TNOC (its state without this version's
    :data:`BUILD_RULES`, as before the rules changed: ``nan`` was an amount) is not read
    back as current though the case has not changed: it is built again and kept."""
    _saml(case)
    with case.connect() as con:
        build_transfers(con)
        con.execute(f"UPDATE {STORED_STATE} SET state = replace(state, ' ' || $rules, '')",
                    {"rules": BUILD_RULES})
        assert build_transfers(con).table not in STORED_TABLES  # rebuilt
        state = con.execute(f"SELECT state FROM {STORED_STATE}").fetchall()[0][0]
        assert state.endswith(BUILD_RULES)
        assert build_transfers(con).table == STORED_TABLES[0]  # and kept


def test_a_build_that_fails_leaves_no_table_behind(case: Case,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A build stopped by an error half-way (here a check across transfers that fails)
    drops what it had made: an engine a notebook or a test reuses (a Spark session)
    keeps no half-built transfers, and the error is the statement's own."""
    import tnoc.money.transfers as transfers
    from tnoc.store.engine import DuckDBEngine

    _saml(case)
    monkeypatch.setattr(transfers, "ACROSS_TRANSFERS_SQL",
                        (*transfers.ACROSS_TRANSFERS_SQL, "SELECT no_such_column FROM {table}"))
    with case.connect(read_only=True) as con:
        def temp() -> set[str]:
            return {str(r[0]) for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}

        before = temp()
        with pytest.raises(duckdb.BinderException, match="no_such_column"):
            transfers.build_transfer_tables(DuckDBEngine(con))
        assert temp() == before
