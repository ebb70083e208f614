"""Reading DuckDB results: the first value, an Arrow table, rows as dicts.

Generic helpers over a DuckDB connection, below every package that reads the store
(the ledger reads its own table with them; :mod:`tnoc.store.query` re-exports them), so
that the ledger need not import the store it sits under.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pyarrow as pa


KNOWN_TABLES: dict[int, Callable[[duckdb.DuckDBPyConnection], frozenset[str] | None]] = {}
"""Connections (by ``id``) whose stored tables something knows without asking DuckDB's
catalog, and what gives them (None: ask): :meth:`tnoc.store.Case.connect` registers the
connections it opens for reading inside a hold, while they are open, with the tables
read once for the hold and read again after any connection for writing
(:meth:`tnoc.store.Case.held_state`)."""


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the database holds a (stored, not temporary) table called ``table``: a
    case from before a table was added, opened read-only, does not. Two columns of
    ``duckdb_tables()`` only: asked for all, DuckDB sizes every table (7 ms on the demo
    case, against 0.6 ms; the gate asks several times per operation). On a connection
    of :data:`KNOWN_TABLES`, from the tables known."""
    known = KNOWN_TABLES.get(id(con))
    tables = known(con) if known is not None else None
    if tables is not None:
        return table in tables
    return bool(con.execute("SELECT count(*) FROM (SELECT table_name, temporary FROM "
                            "duckdb_tables()) WHERE table_name = ? AND NOT temporary",
                            [table]).fetchall()[0][0])


def stored_tables(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The names of the (stored, not temporary) tables :func:`has_table` finds."""
    return frozenset(str(t) for t, in con.execute(
        "SELECT table_name FROM (SELECT table_name, temporary FROM duckdb_tables()) "
        "WHERE NOT temporary").fetchall())


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> Any:
    """The first value of a query's first row, or None; the result is read to the end,
    so the connection is free for the next statement (DuckDB 2 refuses work on a
    connection with a half-read result)."""
    rows = con.execute(sql, params).fetchall() if params is not None \
        else con.execute(sql).fetchall()
    return rows[0][0] if rows else None


def query_arrow(con: duckdb.DuckDBPyConnection, sql: str,
                params: dict[str, Any] | None = None) -> pa.Table:
    """A query's result as an Arrow table (DuckDB 2's ``to_arrow_table``, 1.x's
    ``fetch_arrow_table``)."""
    result: Any = con.sql(sql, params=params) if params else con.sql(sql)
    fetch = getattr(result, "to_arrow_table", None) or result.fetch_arrow_table
    return fetch()


def rows_as_dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """All rows of the last query as dicts."""
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def temp_table_name(prefix: str) -> str:
    """A fresh name for a temp table holding one result (``prefix`` and a random
    suffix): a producer returns it in a handle, so two runs on one connection never
    overwrite each other and no caller finds a result by a name it guesses
    (docs/DESIGN.md §2: results are values or handles, not temp tables found by name)."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def arrow_temp_table(con: duckdb.DuckDBPyConnection, prefix: str, rows: pa.Table) -> str:
    """Copy the Arrow table ``rows`` into a fresh temp table of ``con``
    (:func:`temp_table_name`); its name. For values computed elsewhere (Python, another
    engine) that later SQL on the case's connection joins."""
    name = temp_table_name(prefix)
    with registered(con, rows, name) as view:
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {view}")
    return name


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, rows: pa.Table, prefix: str
               ) -> Iterator[str]:
    """``rows`` visible to ``con``'s SQL under a name of its own (given), for as long
    as the block runs: to copy them into a table there."""
    view = f"_{prefix}_rows"
    con.register(view, rows)
    try:
        yield view
    finally:
        con.unregister(view)


def drop_tables(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Drop ``tables`` (temporary, made by a step that ends here). In a transaction a
    failed statement has aborted, the drop itself fails; the rollback removes them
    anyway, and the step's own error is the one to see, so that failure is passed
    over."""
    with suppress(duckdb.TransactionException):
        for table in tables:
            con.execute(f"DROP TABLE IF EXISTS {table}")
