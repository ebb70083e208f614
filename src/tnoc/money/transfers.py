"""Transfers: the case's payments as one table the money rules run on, with its problems.

Every FtM ``Payment`` in the store becomes one row of the transfers table: payer and
beneficiary (the accounts, ``payerAccount``/``beneficiaryAccount``, else the parties, each read
through entity resolution's ``canonical_map`` so merged accounts are one node), time,
amount, ISO currency, channel (``programme``) and the source file and row it came from.

Bad input is reported, not dropped (the issues table; the statements stay as they are
in the store). :func:`build_transfers` returns a :class:`Transfers` handle naming both
tables (unique per build) with its counts; the rules, tracing and the reports take the
handle, never a table name (docs/DESIGN.md §2):

* amount missing, not a number, zero or negative -> left out of the rules;
* currency missing or unknown -> kept as written; structure rules still see the
  transfer, amount comparisons only match the same written currency;
* time missing or unreadable -> left out; times that carry a zone are converted to UTC,
  and a source that mixes zoned and zone-less times is reported (zone-less times are
  read as UTC);
* rows out of time order in their file -> reported (the rules sort by time anyway);
* self-transfers (payer = beneficiary) -> reported and left out of structure rules (a
  self-loop is no tie);
* one transaction id with conflicting amounts, times or ends -> left out and reported;
  the same transfer twice under different ids (same ends, time, amount, currency) ->
  reported as a possible duplicate, both kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import duckdb
import pyarrow as pa

from tnoc.money.currency import iso_currency
from tnoc.query_results import has_table, temp_table_name

if TYPE_CHECKING:
    from tnoc.store import Case
    from tnoc.store.lake import LakeWritten

ZONE_RE = r"(Z|[+-]\d\d:?\d\d)$"

TRANSFERS_SQL = """
CREATE OR REPLACE TEMP TABLE {raw_table} AS
WITH p AS (
    SELECT s.canonical_id AS transfer_id,
           min(s.source_id) AS source_id,
           min(s.locator) FILTER (WHERE s.prop = 'id') AS locator,
           list(DISTINCT s.ref) FILTER (WHERE s.prop = 'payerAccount') AS payer_acct,
           list(DISTINCT s.ref) FILTER (WHERE s.prop = 'payer') AS payer_party,
           list(DISTINCT s.ref) FILTER (WHERE s.prop = 'beneficiaryAccount') AS ben_acct,
           list(DISTINCT s.ref) FILTER (WHERE s.prop = 'beneficiary') AS ben_party,
           list(DISTINCT coalesce(s.original_value, s.value))
               FILTER (WHERE s.prop = 'amount') AS amounts,
           list(DISTINCT s.value) FILTER (WHERE s.prop = 'date' AND s.flag IS NULL) AS dates,
           list(DISTINCT coalesce(s.original_value, s.value))
               FILTER (WHERE s.prop = 'date') AS dates_written,
           list(DISTINCT s.value) FILTER (WHERE s.prop = 'currency') AS currencies,
           min(s.value) FILTER (WHERE s.prop = 'programme') AS channel
    FROM (SELECT st.*, coalesce(m.canonical_id, st.value) AS ref FROM statements st
          LEFT JOIN canonical_map m ON m.entity_id = st.value
          WHERE st.schema = 'Payment') s
    WHERE true {source_filter}
    GROUP BY 1
)
SELECT transfer_id, source_id, locator,
       coalesce(payer_acct, payer_party) AS payers,
       coalesce(ben_acct, ben_party) AS beneficiaries,
       amounts, dates, dates_written, currencies, channel
FROM p
"""


@dataclass(frozen=True)
class Transfers:
    """Handle on one :func:`build_transfers` result on its connection: the temp tables
    it wrote (``table``: the usable transfers, columns ``transfer_id, payer, beneficiary,
    ts, amount, currency, channel, source_id, locator, line, zoned``; ``issues_table``:
    the problems, :data:`ISSUE_COLUMNS`; ``raw_table``: every payment read, one row per
    transfer id) and its figures: payments read, how many the rules can use, problems
    by kind. The names are unique per build, so two builds on one connection (say two
    ``--source`` selections) stand side by side."""

    table: str
    issues_table: str
    raw_table: str
    payments: int
    usable: int
    issues: dict[str, int]


TRANSFER_ROW_COLUMNS = ("transfer_id", "payer", "beneficiary", "date", "written", "zoned",
                        "amount", "currency", "channel", "source_id", "locator", "line")
ISSUE_COLUMNS = ("transfer_id", "source_id", "locator", "field", "value", "problem",
                 "excluded")


def _insert_rows(con: duckdb.DuckDBPyConnection, name: str, columns: tuple[str, ...],
                 rows: list[tuple[object, ...]]) -> None:
    """Append Python rows to a table through Arrow (executemany is row by row)."""
    arrow_rows = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    con.register("_rows", arrow_rows)
    try:
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


def _locator_line(locator: str | None) -> int | None:
    match = re.search(r"(\d+)", locator or "")
    return int(match.group(1)) if match else None


def payment_sources(con: duckdb.DuckDBPyConnection, transfers: Transfers) -> list[str]:
    """The sources of every statement of the payments a :func:`build_transfers` run
    read (``transfers``, its handle): what a result about them is computed from, so its
    handling code (:func:`tnoc.store.derived.derived_handling_code`)."""
    return [str(r[0]) for r in con.execute(
        "SELECT DISTINCT source_id FROM statements WHERE schema = 'Payment' AND "
        f"canonical_id IN (SELECT transfer_id FROM {transfers.raw_table}) ORDER BY 1"
    ).fetchall()]


class TransferProblem(NamedTuple):
    """One problem of the payments :func:`build_transfers` read: the file and row, the
    field and its value as written, what is wrong, whether the payment is left out of
    the rules, and the transfer (payment) id."""

    file: str
    row: str | None
    field: str
    value: str | None
    problem: str
    excluded: bool
    transfer_id: str | None


def transfer_problems(con: duckdb.DuckDBPyConnection,
                      transfers: Transfers) -> list[TransferProblem]:
    """Every problem a :func:`build_transfers` run found (``transfers``, its handle):
    payments left out first, then by file, row number (numerically: row 9 before row
    10) and transfer, so an analyst fixes a file from the top."""
    return [TransferProblem(*r) for r in con.execute(f"""
        SELECT coalesce(s.file_name, i.source_id), i.locator, i.field, i.value,
               i.problem, i.excluded, i.transfer_id
        FROM {transfers.issues_table} i LEFT JOIN sources s USING (source_id)
        ORDER BY i.excluded DESC, 1,
                 try_cast(regexp_extract(i.locator, '(\\d+)', 1) AS BIGINT), 2,
                 i.transfer_id, i.problem""").fetchall()]


STORED_TABLES = ("transfers_stored", "transfer_issues_stored", "transfer_raw_stored")
"""The case's transfers, their problems and the payments read, kept in the store by the
last whole-case :func:`build_transfers` (a derived table: rebuilt from the statements)."""
STORED_STATE = "transfers_stored_state"
"""One row: the case's state the stored transfers were built from
(:func:`tnoc.search.index.fingerprint`), their counts and problems by kind (JSON)."""


def build_transfers(con: duckdb.DuckDBPyConnection,
                    sources: tuple[str, ...] = ()) -> Transfers:
    """The transfers and their problems of the case's payments; returns their
    :class:`Transfers` handle, which every consumer is given (and only reads).

    ``sources`` limits to payments from those source ids or file names: built into
    fresh temp tables every time. The whole case's (no ``sources``) are a derived table
    kept in the store (:data:`STORED_TABLES`) with the case's state they follow
    (:func:`tnoc.search.index.fingerprint`: statements, sources, merges, the last intake
    or erasure): read back while that state is the case's, built again when it is not
    (about 1 s and a Python pass over every payment on the 4.3M-statement demo case, at
    every page and command before). A read-only connection reads a current stored
    build but cannot keep a new one (built in temp tables, as with ``sources``);
    an erasure drops them (:func:`discard_stored_transfers`)."""
    if sources:
        return _build_transfers(con, sources)
    from tnoc.search.index import fingerprint

    state = fingerprint(con)
    stored = _stored_transfers(con, state)
    if stored is not None:
        return stored
    built = _build_transfers(con, ())
    if not _read_only(con):
        _store_transfers(con, built, state)
    return built


def keep_transfers_current(con: duckdb.DuckDBPyConnection) -> Transfers | None:
    """The whole case's transfers, kept in the store as following the case's state
    (:func:`build_transfers` on a writable connection), when the case has payments;
    None when it has none. ``tnoc case lake`` runs it first, so the lake's
    ``transfers`` are the case's current ones (:func:`check_lake_transfers`)."""
    has_payments = con.execute("SELECT count(*) FROM (SELECT 1 FROM statements "
                               "WHERE schema = 'Payment' LIMIT 1)").fetchall()[0][0]
    return build_transfers(con) if has_payments else None


def write_lake_with_current_transfers(case: Case) -> LakeWritten:
    """``tnoc case lake``: bring the case's stored transfers up to date
    (:func:`keep_transfers_current`, in one transaction of its own) and then write and
    seal the case's lake (:func:`tnoc.store.lake.write_lake`), so the lake's
    ``transfers`` are the case's current ones and ``tnoc money typologies --engine
    spark`` can read them (:func:`check_lake_transfers`). A case without payments gets
    a lake without transfers."""
    from tnoc.store.lake import write_lake

    with case.transaction() as con:
        keep_transfers_current(con)
    return write_lake(case)


def check_lake_transfers(root: Path, con: duckdb.DuckDBPyConnection,
                         transfers: Transfers) -> None:
    """Refuse to run the money rules on Spark unless the case's lake holds the case's
    current transfers: the lake's ``transfers`` table must have the content hash
    (:func:`tnoc.store.lake.content_hash`, over the sorted rows) of ``transfers``, the
    whole case's :func:`build_transfers` on ``con``. A lake written before the payments
    were read, or from transfers stored for an earlier state of the case, is refused.
    Costs a pass over the transfers (the lake's own hash is in its sealed manifest).

    Raises:
        Refused: a lake without the case's current transfers (exit 5, as any lake
            older than the case); the message names the command that writes them
            (``tnoc case lake``).
    """
    from tnoc.errors import Refused
    from tnoc.store.lake import LAKE, columns_of, content_hash, read_manifest

    remake = f"write it again with 'tnoc case lake --case {root}'"
    lake = read_manifest(root / LAKE).get("tables", {}).get("transfers")
    if lake is None:
        raise Refused(f"{root / LAKE}: the lake holds no transfers (written before the "
                      f"case's payments were read); {remake}")
    if (int(lake["rows"]) != transfers.usable or lake["content_sha256"]
            != content_hash(con, transfers.table, columns_of(con, transfers.table))):
        raise Refused(f"{root / LAKE}: the lake's transfers are not the case's current "
                      f"ones ({int(lake['rows']):,} transfers in the lake, "
                      f"{transfers.usable:,} now, or the same number but others); "
                      f"{remake}")


def _read_only(con: duckdb.DuckDBPyConnection) -> bool:
    # read to the end (fetchall): DuckDB 2 refuses a relation query (query_arrow) on a
    # connection with a half-read result
    rows = con.execute("SELECT readonly FROM duckdb_databases() "
                       "WHERE database_name = current_database()").fetchall()
    return bool(rows and rows[0][0])


def _stored_transfers(con: duckdb.DuckDBPyConnection, state: str) -> Transfers | None:
    """The stored build's handle when it follows ``state``, else None."""
    if not has_table(con, STORED_STATE):
        return None
    rows = con.execute(f"SELECT payments, usable, issues FROM {STORED_STATE} "
                       "WHERE state = ?", [state]).fetchall()
    if not rows:
        return None
    row = rows[0]
    table, issues_table, raw = STORED_TABLES
    return Transfers(table, issues_table, raw, int(row[0]), int(row[1]),
                     dict(json.loads(row[2])))


def _store_transfers(con: duckdb.DuckDBPyConnection, built: Transfers, state: str) -> None:
    """Keep ``built`` (the whole case's) in the store as following ``state``: the state
    row is written last, so a build cut short is never taken for a current one."""
    discard_stored_transfers(con)
    for stored, made in zip(STORED_TABLES, (built.table, built.issues_table,
                                            built.raw_table), strict=True):
        con.execute(f"CREATE TABLE {stored} AS SELECT * FROM {made}")
    con.execute(f"CREATE TABLE {STORED_STATE} (state VARCHAR, payments BIGINT, "
                "usable BIGINT, issues VARCHAR)")
    con.execute(f"INSERT INTO {STORED_STATE} VALUES (?, ?, ?, ?)",
                [state, built.payments, built.usable, json.dumps(built.issues)])


def discard_stored_transfers(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the stored transfers (caller's connection, writable): after an erasure no
    copy of the erased payments may stay; the next whole-case build keeps new ones."""
    for name in (STORED_STATE, *STORED_TABLES):
        con.execute(f"DROP TABLE IF EXISTS {name}")


def _build_transfers(con: duckdb.DuckDBPyConnection,
                     sources: tuple[str, ...]) -> Transfers:
    """Build the transfers and their problems from the store into fresh temp tables.

    ``sources`` limits to payments from those source ids or file names."""
    raw, rows_table = temp_table_name("transfer_raw"), temp_table_name("transfer_rows")
    table, issues_table = temp_table_name("transfers"), temp_table_name("transfer_issues")
    source_filter = ""
    if sources:
        source_filter = ("AND s.source_id IN (SELECT source_id FROM sources WHERE source_id "
                         "IN $src OR file_name IN $src)")
    con.execute(TRANSFERS_SQL.format(source_filter=source_filter, raw_table=raw),
                {"src": list(sources)} if sources else None)
    con.execute(f"""
        CREATE TEMP TABLE {issues_table} (
            transfer_id VARCHAR, source_id VARCHAR, locator VARCHAR, field VARCHAR,
            value VARCHAR, problem VARCHAR, excluded BOOLEAN)""")
    rows = con.execute(f"""
        SELECT transfer_id, source_id, locator, payers, beneficiaries, amounts, dates,
               dates_written, currencies, channel FROM {raw}""").fetchall()
    issues: list[tuple[object, ...]] = []
    good: list[tuple[object, ...]] = []
    for (tid, source_id, locator, payers, bens, amounts, dates, written, currencies,
         channel) in rows:
        def issue(field: str, value: object, problem: str, excluded: bool,
                  tid: str = tid, source_id: str = source_id, locator: str = locator) -> None:
            issues.append((tid, source_id, locator, field, None if value is None else str(value),
                           problem, excluded))
        payers, bens = payers or [], bens or []
        amounts, dates, currencies = amounts or [], dates or [], currencies or []
        bad = False
        if len(payers) != 1 or len(bens) != 1:
            which = "payer" if len(payers) != 1 else "beneficiary"
            found = payers if which == "payer" else bens
            issue(which, "; ".join(found) or None,
                  f"expected one {which}, found {len(found)}", True)
            bad = True
        amount: float | None = None
        if len(amounts) != 1:
            issue("amount", "; ".join(amounts) or None,
                  "missing amount" if not amounts else
                  "conflicting amounts for one transaction id", True)
            bad = True
        else:
            try:
                amount = float(amounts[0].replace(",", ""))
            except ValueError:
                issue("amount", amounts[0], "amount is not a number", True)
                bad = True
            else:
                if amount <= 0:
                    issue("amount", amounts[0],
                          "amount is zero" if amount == 0 else "amount is negative", True)
                    bad = True
        if len(dates) != 1:
            issue("date", "; ".join(written or []) or None,
                  "missing or unreadable time" if not dates else
                  "conflicting times for one transaction id", True)
            bad = True
        currency = currencies[0] if currencies else None
        code = iso_currency(currency)
        if len(currencies) > 1:
            issue("currency", "; ".join(currencies),
                  "conflicting currencies for one transaction id", True)
            bad = True
        elif code is None:
            issue("currency", currency,
                  "missing currency" if not currency else "unknown currency (kept as written)",
                  False)
        if not bad and payers[0] == bens[0]:
            issue("beneficiary", bens[0], "self-transfer (payer = beneficiary)", True)
            bad = True
        if bad:
            continue
        written_time = (written or dates)[0]
        good.append((tid, payers[0], bens[0], dates[0], written_time,
                     bool(re.search(ZONE_RE, written_time.strip())), amount,
                     code or currency or "", channel, source_id, locator,
                     _locator_line(locator)))
    con.execute(f"""
        CREATE TEMP TABLE {rows_table} (
            transfer_id VARCHAR, payer VARCHAR, beneficiary VARCHAR, date VARCHAR,
            written VARCHAR, zoned BOOLEAN, amount DOUBLE, currency VARCHAR, channel VARCHAR,
            source_id VARCHAR, locator VARCHAR, line BIGINT)""")
    if good:
        _insert_rows(con, rows_table, TRANSFER_ROW_COLUMNS, good)
    # FtM's date drops the zone: a zoned time is read from the text as written, in UTC.
    con.execute(f"""
        CREATE TEMP TABLE {table} AS
        SELECT transfer_id, payer, beneficiary,
               CASE WHEN zoned
                    THEN try_cast(try_cast(written AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)
                    ELSE try_cast(date AS TIMESTAMP) END AS ts,
               amount, currency, channel, source_id, locator, line, zoned
        FROM {rows_table}""")
    con.execute(f"DROP TABLE {rows_table}")
    unreadable = con.execute(
        "SELECT transfer_id, source_id, locator, 'date', NULL, 'unreadable time', true "
        f"FROM {table} WHERE ts IS NULL").fetchall()
    issues.extend(unreadable)
    con.execute(f"DELETE FROM {table} WHERE ts IS NULL")
    # A source mixing zoned and zone-less times: the zone-less are an assumption.
    issues.extend(con.execute(f"""
        SELECT t.transfer_id, t.source_id, t.locator, 'date', NULL,
               'time without zone in a source that mixes zones (read as UTC)', false
        FROM {table} t JOIN (SELECT source_id FROM {table} GROUP BY 1
                               HAVING bool_or(zoned) AND NOT bool_and(zoned)) m USING (source_id)
        WHERE NOT t.zoned""").fetchall())
    issues.extend(con.execute(f"""
        SELECT transfer_id, source_id, locator, 'date', strftime(ts, '%Y-%m-%dT%H:%M:%S'),
               'out of time order in its file (earlier than the row before)', false
        FROM (SELECT *, lag(ts) OVER (PARTITION BY source_id ORDER BY line) AS prev
              FROM {table} WHERE line IS NOT NULL)
        WHERE ts < prev""").fetchall())
    issues.extend(con.execute(f"""
        SELECT transfer_id, source_id, locator, 'id', first_id,
               'possible duplicate of another transfer (same ends, time, amount, currency)',
               false
        FROM (SELECT *, first(transfer_id) OVER w AS first_id, count(*) OVER w AS n
              FROM {table}
              WINDOW w AS (PARTITION BY payer, beneficiary, ts, amount, currency
                           ORDER BY transfer_id))
        WHERE n > 1""").fetchall())
    if issues:
        _insert_rows(con, issues_table, ISSUE_COLUMNS, issues)
    by_kind = dict(con.execute(
        f"SELECT problem, count(*) FROM {issues_table} GROUP BY 1 ORDER BY 2 DESC").fetchall())
    usable = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return Transfers(table, issues_table, raw, len(rows), int(usable), by_kind)


def adopt_transfers(con: duckdb.DuckDBPyConnection, table: str) -> Transfers:
    """A :class:`Transfers` handle on a table made elsewhere with the transfers' columns
    (at least ``transfer_id, payer, beneficiary, ts, amount, currency, source_id,
    locator``): hand-made cases in tests and benchmarks, payments from outside the
    store. It has no problems; every row counts as read and usable."""
    have = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    missing = [c for c in ("transfer_id", "payer", "beneficiary", "ts", "amount",
                           "currency", "source_id", "locator") if c not in have]
    if missing:
        raise ValueError(f"table {table!r} lacks the transfers column(s) {', '.join(missing)}")
    issues_table = temp_table_name("transfer_issues")
    columns = ", ".join(f"{c} {'BOOLEAN' if c == 'excluded' else 'VARCHAR'}"
                        for c in ISSUE_COLUMNS)
    con.execute(f"CREATE TEMP TABLE {issues_table} ({columns})")
    n = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
    return Transfers(table, issues_table, table, n, n, {})


def account_ties_sql(transfers: str) -> str:
    """The SELECT of the account projection of table ``transfers``: one tie per pair of
    accounts that transferred (either way; ``a`` the smaller id, ``b`` the larger) and
    currency, weighted by the number of transfers and the money moved. Money is summed
    exactly (DECIMAL, :data:`tnoc.money.typologies.EXACT_MONEY`'s type), never across
    currencies; ``currencies`` names the pair's currencies, sorted (a string aggregate
    without ``ORDER BY`` gives its parts in whatever order the engine read them; issue
    #27). Self-transfers tie nothing. The same text runs on DuckDB and Spark
    (benchmarks/spark.py compares them)."""
    return f"""
        WITH t AS (SELECT least(payer, beneficiary) AS a, greatest(payer, beneficiary) AS b,
                          currency, amount::DECIMAL(38, 8) AS amount, ts
                   FROM {transfers} WHERE payer <> beneficiary),
        pair AS (SELECT a, b, string_agg(DISTINCT currency, ',' ORDER BY currency)
                               AS currencies
                   FROM t GROUP BY a, b)
        SELECT a, b, currency, count(*) AS transfers, sum(amount) AS amount,
               min(ts) AS first_ts, max(ts) AS last_ts, any_value(pair.currencies) AS currencies
        FROM t JOIN pair USING (a, b) GROUP BY a, b, currency"""
