"""Transfers: the case's payments as one table the money rules run on, with its problems.

Every FtM ``Payment`` in the store becomes one row of the transfers table: payer and
beneficiary (the accounts, ``payerAccount``/``beneficiaryAccount``, else the parties, each read
through entity resolution's ``canonical_map`` so merged accounts are one node), time,
amount, ISO currency, channel (``programme``) and the source file and row it came from.

Bad input is reported, not dropped (the issues table; the statements stay as they are
in the store). :func:`build_transfers` returns a :class:`Transfers` handle naming both
tables (unique per build) with its counts; the rules, tracing and the reports take the
handle, never a table name (docs/DESIGN.md §2). The build is SQL alone
(:func:`build_transfer_tables`), the same text on DuckDB and on Spark (issue #27):

* amount missing, not a finite number (``nan``, ``inf``, ``1e999`` included), zero or
  negative -> left out of the rules;
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import duckdb
import pyarrow as pa

from tnoc.errors import ArgumentError
from tnoc.money.currency import iso_currency
from tnoc.query_results import arrow_temp_table, has_table, temp_table_name
from tnoc.store.case_engine import DEFAULT_MASTER

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from tnoc.store import Case
    from tnoc.store.engine import Engine
    from tnoc.store.lake import LakeWritten

ZONE_RE = r"(Z|[+-]\d\d:?\d\d)\s*$"
"""A time written with its zone (``Z``, ``+02:00``, ``-0500``) at its end."""
AMOUNT_PATTERN = r"^\s*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\s*$"
"""An amount as a plain decimal number (thousands commas removed first): signs,
ASCII digits, decimals and exponents, ASCII spaces around, nothing else (Python's
float() also read other scripts' digits and a no-break space). ``nan``, ``inf`` and
``1_000`` are numbers to Python and to DuckDB's cast but not amounts; an exponent too
large for a double is not a number either."""
LARGEST_DOUBLE = "1.7976931348623157e308"

_GATHERED = (
    # (list, the statement's column, which statements)
    ("payer_acct", "ref", "prop = 'payerAccount'"),
    ("payer_party", "ref", "prop = 'payer'"),
    ("ben_acct", "ref", "prop = 'beneficiaryAccount'"),
    ("ben_party", "ref", "prop = 'beneficiary'"),
    ("amounts", "written", "prop = 'amount'"),
    ("dates", "value", "prop = 'date' AND flag IS NULL"),
    ("dates_written", "written", "prop = 'date'"),
    ("dates_read_written", "written", "prop = 'date' AND flag IS NULL"),
    ("currencies", "value", "prop = 'currency'"),
)


def _gather_sql() -> str:
    """:data:`TRANSFERS_SQL`, written out from :data:`_GATHERED`."""
    bounds = ",\n           ".join(f"min({column}) FILTER (WHERE {where}) AS {name}_lo, "
                        f"max({column}) FILTER (WHERE {where}) AS {name}_hi"
                        for name, column, where in _GATHERED)
    several = " OR ".join(f"{name}_lo <> {name}_hi" for name, _, _ in _GATHERED)
    lists = ",\n           ".join(
        f"list(DISTINCT {column} ORDER BY {column}) FILTER (WHERE {where}) AS {name}"
        for name, column, where in _GATHERED)

    def gathered(name: str) -> str:
        return (f"CASE WHEN p.{name}_lo IS NULL THEN [] WHEN p.{name}_lo = p.{name}_hi "
                f"THEN [p.{name}_lo] ELSE l.{name} END")

    return f"""
WITH s AS (
    SELECT s.canonical_id, s.source_id, s.locator, s.prop, s.flag, s.value,
           coalesce(m.canonical_id, s.value) AS ref,
           coalesce(s.original_value, s.value) AS written
    FROM statements s LEFT JOIN canonical_map m ON m.entity_id = s.value
    WHERE s.schema = 'Payment' {{source_filter}}
), p AS (
    SELECT canonical_id AS transfer_id, min(source_id) AS source_id,
           min(locator) FILTER (WHERE prop = 'id') AS locator,
           min(value) FILTER (WHERE prop = 'programme') AS channel,
           {bounds}
    FROM s GROUP BY 1
), l AS (
    SELECT canonical_id AS transfer_id, {lists}
    FROM s WHERE canonical_id IN (SELECT transfer_id FROM p WHERE {several})
    GROUP BY 1
)
SELECT p.transfer_id, p.source_id, p.locator,
       CASE WHEN p.payer_acct_lo IS NOT NULL THEN {gathered('payer_acct')}
            ELSE {gathered('payer_party')} END AS payers,
       CASE WHEN p.ben_acct_lo IS NOT NULL THEN {gathered('ben_acct')}
            ELSE {gathered('ben_party')} END AS beneficiaries,
       {gathered('amounts')} AS amounts, {gathered('dates')} AS dates,
       {gathered('dates_written')} AS dates_written,
       {gathered('dates_read_written')} AS dates_read_written,
       {gathered('currencies')} AS currencies, p.channel
FROM p LEFT JOIN l ON l.transfer_id = p.transfer_id
"""


TRANSFERS_SQL = _gather_sql()
"""Every payment of the case (``{source_filter}``: or of some sources) as one row per
transfer id: its payers and beneficiaries (accounts, else parties, read through the
canonical map so merged accounts are one), amounts and times as written, the times
FtM could read and their text as written, currencies, channel. Each list is a sorted
set (a set's order is then the same on every engine and run, issue #27 item 4), empty
when none. Most transfers
have one value of each: those are read with ``min`` and ``max`` (a plain hash
aggregate); only the transfers with two different values of something are gathered
again as sorted lists (a sorted ``DISTINCT`` list per transfer is 7x slower on a
million transfers)."""

CHECKED_SQL = """
WITH c AS (
    SELECT *,
           coalesce(array_length(payers), 0) AS payer_count,
           coalesce(array_length(beneficiaries), 0) AS beneficiary_count,
           coalesce(array_length(amounts), 0) AS amount_count,
           coalesce(array_length(dates), 0) AS date_count,
           coalesce(array_length(currencies), 0) AS currency_count
    FROM {raw}
), f AS (
    SELECT *,
           CASE WHEN payer_count = 1 THEN payers[1] END AS payer,
           CASE WHEN beneficiary_count = 1 THEN beneficiaries[1] END AS beneficiary,
           CASE WHEN amount_count = 1 THEN amounts[1] END AS amount_written,
           CASE WHEN amount_count = 1 AND regexp_matches(replace(amounts[1], ',', ''),
                                                         '{number}')
                THEN try_cast(trim(replace(amounts[1], ',', '')) AS DOUBLE) END AS number,
           CASE WHEN currency_count >= 1 THEN currencies[1] END AS currency,
           CASE WHEN date_count = 1 THEN dates[1] END AS date,
           -- the text of the one time read (not of a flagged one beside it: a zoned
           -- text there would give the time)
           CASE WHEN date_count = 1 THEN coalesce(dates_read_written[1], dates[1])
                END AS written,
           try_cast(regexp_extract(locator, '([0-9]+)', 1) AS BIGINT) AS line
    FROM c
), g AS (
    SELECT f.*, CASE WHEN abs(number) <= {largest} THEN number END AS amount, k.code
    FROM f LEFT JOIN {codes} k ON k.currency_written = f.currency
)
SELECT *,
       coalesce(regexp_matches(written, '{zone}'), false) AS zoned,
       (payer_count <> 1 OR beneficiary_count <> 1 OR amount_count <> 1
        OR NOT coalesce(amount > 0, false) OR date_count <> 1 OR currency_count > 1)
           AS unusable
FROM g
"""
"""Each transfer read and checked in one pass (``{raw}``: :data:`TRANSFERS_SQL`'s
table; ``{codes}``: the ISO code of each currency as written; ``{number}``:
:data:`AMOUNT_PATTERN`; ``{largest}``: :data:`LARGEST_DOUBLE`; ``{zone}``:
:data:`ZONE_RE`): its one payer, beneficiary, amount, date and currency where it has
exactly one, the amount as a finite number, the currency's code, whether its time
carries a zone, its row number (the locator's first digits), and ``unusable``: a
problem that leaves it out of the rules."""

_PROBLEM = ("SELECT transfer_id, source_id, locator, {field} AS field, "
            "CAST({value} AS VARCHAR) AS value, {problem} AS problem, "
            "{excluded} AS excluded FROM {{checked}} WHERE {where}")


def _problem(field: str, value: str, problem: str, excluded: bool, where: str) -> str:
    return _PROBLEM.format(field=field, value=value, problem=problem,
                           excluded=str(excluded).lower(), where=where)


def _joined(column: str) -> str:
    """A list as its values joined by '; ', NULL when it has none."""
    return f"nullif(array_to_string({column}, '; '), '')"


PROBLEMS_SQL = "\nUNION ALL\n".join([
    _problem("CASE WHEN payer_count <> 1 THEN 'payer' ELSE 'beneficiary' END",
             f"CASE WHEN payer_count <> 1 THEN {_joined('payers')} "
             f"ELSE {_joined('beneficiaries')} END",
             "CASE WHEN payer_count <> 1 "
             "THEN 'expected one payer, found ' || CAST(payer_count AS VARCHAR) "
             "ELSE 'expected one beneficiary, found ' || CAST(beneficiary_count AS VARCHAR) "
             "END", True, "payer_count <> 1 OR beneficiary_count <> 1"),
    _problem("'amount'",
             f"CASE WHEN amount_count <> 1 THEN {_joined('amounts')} ELSE amount_written END",
             "CASE WHEN amount_count = 0 THEN 'missing amount' "
             "WHEN amount_count > 1 THEN 'conflicting amounts for one transaction id' "
             "WHEN amount IS NULL THEN 'amount is not a number' "
             "WHEN amount = 0 THEN 'amount is zero' ELSE 'amount is negative' END",
             True, "amount_count <> 1 OR amount IS NULL OR amount <= 0"),
    _problem("'date'", _joined("dates_written"),
             "CASE WHEN date_count = 0 THEN 'missing or unreadable time' "
             "ELSE 'conflicting times for one transaction id' END", True, "date_count <> 1"),
    _problem("'currency'", _joined("currencies"),
             "'conflicting currencies for one transaction id'", True, "currency_count > 1"),
    _problem("'currency'", "currency",
             "CASE WHEN coalesce(currency, '') = '' THEN 'missing currency' "
             "ELSE 'unknown currency (kept as written)' END", False,
             "currency_count <= 1 AND code IS NULL"),
    _problem("'beneficiary'", "beneficiary", "'self-transfer (payer = beneficiary)'", True,
             "NOT unusable AND payer IS NOT DISTINCT FROM beneficiary"),
])
"""The problems of each transfer (``{checked}``: :data:`CHECKED_SQL`'s table),
:data:`ISSUE_COLUMNS`: the
field and its value as written (a list's values joined by '; '), what is wrong, and
whether it leaves the transfer out of the rules. A currency that cannot be read is
kept as written, its transfer used."""

USABLE_SQL = """
SELECT transfer_id, payer, beneficiary,
       CASE WHEN zoned
            THEN try_cast(try_cast(written AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)
            ELSE try_cast(date AS TIMESTAMP) END AS ts,
       amount, coalesce(code, currency, '') AS currency, channel, source_id, locator,
       line, zoned
FROM {checked}
WHERE NOT unusable AND payer IS DISTINCT FROM beneficiary
"""
"""The transfers the rules use (no problem that leaves them out): the time read in UTC
(FtM's date drops the zone, so a zoned time is read from the text as written), the
currency's ISO code, else as written."""

UNREADABLE_SQL = """
SELECT transfer_id, source_id, locator, 'date' AS field, CAST(NULL AS VARCHAR) AS value,
       'unreadable time' AS problem, true AS excluded
FROM {table} WHERE ts IS NULL
"""

ACROSS_TRANSFERS_SQL = (
    # a source mixing zoned and zone-less times: the zone-less are an assumption
    """SELECT t.transfer_id, t.source_id, t.locator, 'date' AS field,
              CAST(NULL AS VARCHAR) AS value,
              'time without zone in a source that mixes zones (read as UTC)' AS problem,
              false AS excluded
       FROM {table} t JOIN (SELECT source_id FROM {table} GROUP BY 1
                            HAVING bool_or(zoned) AND NOT bool_and(zoned)) m
            ON m.source_id = t.source_id
       WHERE NOT t.zoned""",
    # two formats joined by 'T': sqlglot gives Spark a 'T' inside one format unquoted
    """SELECT transfer_id, source_id, locator, 'date' AS field,
              strftime(ts, '%Y-%m-%d') || 'T' || strftime(ts, '%H:%M:%S') AS value,
              'out of time order in its file (earlier than the row before)' AS problem,
              false AS excluded
       FROM (SELECT *, lag(ts) OVER (PARTITION BY source_id ORDER BY line) AS prev
             FROM {table} WHERE line IS NOT NULL)
       WHERE ts < prev""",
    """SELECT transfer_id, source_id, locator, 'id' AS field, first_id AS value,
              'possible duplicate of another transfer (same ends, time, amount, currency)'
                  AS problem,
              false AS excluded
       FROM (SELECT *, first(transfer_id) OVER w AS first_id, count(*) OVER w AS n
             FROM {table}
             WINDOW w AS (PARTITION BY payer, beneficiary, ts, amount, currency
                          ORDER BY transfer_id))
       WHERE n > 1""",
)
"""The problems seen across transfers (``{table}``: the usable ones, times read): a
source that mixes zoned and zone-less times, rows out of time order in their file,
the same transfer twice under two ids."""


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


ISSUE_COLUMNS = ("transfer_id", "source_id", "locator", "field", "value", "problem",
                 "excluded")


def payment_sources(con: duckdb.DuckDBPyConnection, transfers: Transfers) -> list[str]:
    """The sources of every statement of the payments a :func:`build_transfers` run
    read (``transfers``, its handle): what a result about them is computed from, so its
    handling code (:func:`tnoc.store.derived.derived_handling_code`)."""
    return [str(r[0]) for r in con.execute(
        "SELECT DISTINCT source_id FROM statements WHERE schema = 'Payment' AND "
        f"canonical_id IN (SELECT transfer_id FROM {transfers.raw_table}) ORDER BY 1"
    ).fetchall()]


def listing_handling(con: duckdb.DuckDBPyConnection, transfers: Transfers,
                     name_sources: Iterable[str]) -> tuple[list[str], str]:
    """What a listing of ``transfers`` (a :func:`build_transfers` handle) shows and its
    handling code: the sources of the payments read and ``name_sources``, those of the
    parties' names it prints (:mod:`tnoc.store.parties`: a holder is often named by
    a stricter file than the payments), and the strictest code of them
    (:func:`tnoc.store.derived.derived_handling_code`). Sorted source ids.

    Raises:
        TnocError: a source without a handling code.
    """
    from tnoc.store.derived import derived_handling_code

    read = sorted({*payment_sources(con, transfers), *name_sources})
    return read, derived_handling_code(con, read)


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
BUILD_RULES = "transfer-rules/2"
"""The version of the build's rules, part of the state a stored build follows: a build
kept by an earlier TNOC whose rules differ (before 2: ``nan`` and ``inf`` were
amounts) is not taken for current, but built again."""
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
    or erasure; and :data:`BUILD_RULES`): read back while that state is the case's,
    built again when it is not (about 1 s on the 4.3M-statement demo case, at every page
    and command before). A read-only connection reads a current stored
    build but cannot keep a new one (built in temp tables, as with ``sources``);
    an erasure drops them (:func:`discard_stored_transfers`)."""
    if sources:
        return _build_transfers(con, sources)
    from tnoc.search.index import fingerprint

    state = f"{fingerprint(con)} {BUILD_RULES}"
    stored = _stored_transfers(con, state)
    if stored is not None:
        return stored
    built = _build_transfers(con, ())
    if not _read_only(con):
        _store_transfers(con, built, state)
    return built


def stored_transfers(con: duckdb.DuckDBPyConnection) -> Transfers | None:
    """The whole case's transfers kept in the store when they follow the case's state
    (as :func:`build_transfers` leaves them), else None: never builds. A cheap look for
    a stage deciding whether to start another engine at all."""
    from tnoc.search.index import fingerprint

    return _stored_transfers(con, f"{fingerprint(con)} {BUILD_RULES}")


def payments_could_transfer(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the case's payments hold, each somewhere, what a usable transfer needs: a
    positive amount written as a number (:data:`AMOUNT_PATTERN`), a readable time, a
    payer and a beneficiary (as parties or accounts). One look for each, stopped at
    the first statement that has it, never a build (a scan of every payment only when
    none has it): False means no transfer can be usable; True does not mean one is."""
    written = "replace(coalesce(original_value, value), ',', '')"
    needs = (
        f"prop = 'amount' AND regexp_matches({written}, '{AMOUNT_PATTERN}') "
        f"AND try_cast(trim({written}) AS DOUBLE) > 0",
        "prop = 'date' AND flag IS NULL",
        "prop IN ('payer', 'payerAccount') AND flag IS NULL",
        "prop IN ('beneficiary', 'beneficiaryAccount') AND flag IS NULL")
    return all(con.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM statements WHERE schema = 'Payment' "
        f"AND {need} LIMIT 1)").fetchall()[0][0] for need in needs)


def alerted_from_elsewhere(con: duckdb.DuckDBPyConnection, rows: pa.Table,
                           built: Transfers) -> Transfers:
    """A :class:`Transfers` handle on ``con`` for a build made on another engine
    (Spark, :func:`build_transfer_tables` there): ``rows``, the transfers' columns of
    the transfers its alerts rest on, as a temp table, with the build's figures
    (payments read, usable, problems by kind). What numbering, totalling and listing
    the alerts reads (:func:`tnoc.money.typologies.assemble_run`); the problems
    themselves stayed with the build (an empty problems table)."""
    table = arrow_temp_table(con, "transfers", rows)
    return Transfers(table, _no_problems(con), table, built.payments, built.usable,
                     dict(built.issues))


def _no_problems(con: duckdb.DuckDBPyConnection) -> str:
    """A fresh, empty temp table of problems (:data:`ISSUE_COLUMNS`); its name."""
    issues_table = temp_table_name("transfer_issues")
    columns = ", ".join(f"{c} {'BOOLEAN' if c == 'excluded' else 'VARCHAR'}"
                        for c in ISSUE_COLUMNS)
    con.execute(f"CREATE TEMP TABLE {issues_table} ({columns})")
    return issues_table


def write_lake_with_current_transfers(
        case: Case, engine: str = "duckdb", master: str = DEFAULT_MASTER,
        spark: SparkSession | None = None,
        progress: Callable[[str], None] | None = None) -> LakeWritten:
    """``tnoc case lake``: write and seal the case's lake
    (:func:`tnoc.store.lake.write_lake`) with the case's transfers when the store
    keeps a build of them that follows the case's state (a writable whole-case build
    leaves one), and without them otherwise: a stale build is discarded first (in a
    transaction of its own) rather than copied, and none is made, so writing the lake
    of a case its DuckDB host could not build the transfers of never tries. ``tnoc
    money typologies --engine spark`` builds its own from the lake's statements; the
    lake's ``transfers`` are a copy for other readers. ``engine`` ``spark``: the
    entities, edges and content hashes computed on Spark (``spark``, a test's session,
    or one started on ``master``: :mod:`tnoc.store.lake_spark`).

    Raises:
        ArgumentError: an unknown engine.
        TnocError: Spark that cannot start (before any lake is written; a stale
            build of the transfers is discarded first either way), or a case that
            changed while Spark wrote its lake (nothing written).
    """
    from tnoc.store.case_engine import ENGINES, check_master, spark_started
    from tnoc.store.lake import write_lake

    if engine not in ENGINES:
        raise ArgumentError(f"--engine {engine}: one of {', '.join(ENGINES)}")
    if engine == "spark" and spark is None:
        check_master(master)  # an unreachable master is said before anything is done
    with case.transaction() as con:
        if stored_transfers(con) is None:
            discard_stored_transfers(con)
    if engine != "spark":
        return write_lake(case, progress)
    with spark_started(case, master, spark) as session:
        return write_lake(case, progress, spark=session)


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
    """Build the transfers and their problems from the store into fresh temp tables
    (:func:`build_transfer_tables` on the case's connection).

    ``sources`` limits to payments from those source ids or file names."""
    from tnoc.store.engine import DuckDBEngine

    return build_transfer_tables(DuckDBEngine(con), sources)


def build_transfer_tables(engine: Engine, sources: tuple[str, ...] = ()) -> Transfers:
    """The transfers and their problems as tables of ``engine``, built by SQL alone:
    the payments gathered per transfer (:data:`TRANSFERS_SQL`), each read and checked
    in one pass (:data:`CHECKED_SQL`), its problems (:data:`PROBLEMS_SQL`) and the
    usable ones (:data:`USABLE_SQL`), then the checks across transfers (unreadable
    times, a source mixing zones, rows out of order, possible duplicates). The one
    step in Python is per distinct currency as written, not per payment: its ISO code
    (:func:`tnoc.money.currency.iso_currency`), joined back as a small table. So the
    same text runs on DuckDB and on Spark (issue #27, item 3: no Python row loop), and
    a million payments are never fetched into Python.

    ``sources`` limits to payments from those source ids or file names."""
    raw, checked = temp_table_name("transfer_raw"), temp_table_name("transfer_checked")
    table, issues_table = temp_table_name("transfers"), temp_table_name("transfer_issues")
    codes = temp_table_name("currency_codes")
    source_filter = ""
    if sources:
        source_filter = ("AND s.source_id IN (SELECT source_id FROM sources WHERE source_id "
                         "IN $src OR file_name IN $src)")
    try:
        engine.create_table(raw, TRANSFERS_SQL.format(source_filter=source_filter),
                            {"src": list(sources)} if sources else None)
        written = engine.fetch_arrow(f"SELECT DISTINCT currencies[1] AS currency FROM {raw} "
                                     "WHERE array_length(currencies) >= 1")["currency"].to_pylist()
        engine.register_arrow(codes, pa.table(
            {"currency_written": pa.array(written, pa.string()),
             "code": pa.array([iso_currency(w) for w in written], pa.string())}))
        try:
            engine.create_table(checked, CHECKED_SQL.format(
                raw=raw, codes=codes, number=AMOUNT_PATTERN, largest=LARGEST_DOUBLE,
                zone=ZONE_RE))
        finally:
            engine.drop(codes)
        try:
            engine.create_table(issues_table, PROBLEMS_SQL.format(checked=checked))
            engine.create_table(table, USABLE_SQL.format(checked=checked))
        finally:
            engine.drop(checked)
        engine.insert_into(issues_table, UNREADABLE_SQL.format(table=table))
        engine.delete_where(table, "ts IS NULL")
        for check in ACROSS_TRANSFERS_SQL:
            engine.insert_into(issues_table, check.format(table=table))
        payments = int(engine.fetch_arrow(f"SELECT count(*) AS n FROM {raw}")["n"][0].as_py())
        usable = int(engine.fetch_arrow(f"SELECT count(*) AS n FROM {table}")["n"][0].as_py())
        kinds = engine.fetch_arrow(f"SELECT problem, count(*) AS n FROM {issues_table} "
                                   "GROUP BY 1 ORDER BY 2 DESC, 1").to_pylist()
        return Transfers(table, issues_table, raw, payments, usable,
                         {str(k["problem"]): int(k["n"]) for k in kinds})
    except BaseException:  # nothing half-built left on the engine (a reused session)
        for name in (raw, table, issues_table):
            engine.drop(name)
        raise


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
    n = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
    return Transfers(table, _no_problems(con), table, n, n, {})


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
