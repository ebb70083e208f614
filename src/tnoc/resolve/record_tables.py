"""A group's records where the model runs: the Parquet files of
:func:`tnoc.resolve.records.group_records` loaded as tables of the linking engine
(Splink's own DuckDB, or Spark's executors with ``tnoc resolve --engine spark``), and
the counts and samples training needs, computed there in DuckDB's SQL (transpiled for
Spark: :mod:`tnoc.store.spark_dialect`).

Only numbers come back to this process (rows, pairs, how many records have a field):
the records stay with the engine, so on Spark they need not fit the driver.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from tnoc.query_results import temp_table_name
from tnoc.resolve.records import TABLES, GroupRecords
from tnoc.store.engine import DuckDBEngine, Engine, SparkEngine, fetch_value

__all__ = ["RecordTable", "RecordTables", "key_column", "linking_engine", "load_records",
           "sample_rows"]


def linking_engine(db_api: Any) -> Engine:
    """The engine under a Splink database API: its own DuckDB connection, or its
    Spark session."""
    own = getattr(db_api, "_con", None)
    if isinstance(own, duckdb.DuckDBPyConnection):
        return DuckDBEngine(own)
    return SparkEngine(db_api.spark)


def sample_rows(max_pairs: float) -> int:
    """The most records whose pairs, r (r - 1) / 2, stay within ``max_pairs``."""
    return max(int((1 + math.sqrt(1 + 8 * max(max_pairs, 0.0))) / 2), 0)


@dataclass
class RecordTable:
    """A table of records on ``engine``: its name there, its rows and its columns."""

    engine: Engine
    name: str
    rows: int
    columns: tuple[str, ...]
    lists: frozenset[str] = frozenset()  # the columns holding lists
    _filled: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, engine: Engine, name: str) -> RecordTable:
        """The table ``name`` already on ``engine``."""
        rows = int(fetch_value(engine, f"SELECT count(*) FROM {name}") or 0)
        schema = engine.fetch_arrow(f"SELECT * FROM {name} LIMIT 0").schema
        lists = frozenset(f.name for f in schema if pa.types.is_list(f.type)
                          or pa.types.is_large_list(f.type))
        return cls(engine, name, rows, tuple(schema.names), lists)

    def derive(self, name: str, select: str, params: dict[str, Any] | None = None
               ) -> RecordTable:
        """A new table ``name`` on the same engine from ``select``."""
        self.engine.create_table(name, select, params)
        return RecordTable.of(self.engine, name)

    def non_null(self, column: str) -> int:
        """Records with a value in ``column`` (0 for a column the table lacks). Every
        column is counted in one query, the first time one is asked for (training asks
        for each comparison level's column: one job per level on Spark otherwise)."""
        if column not in self.columns:
            return 0
        if not self._filled:
            counts = self.engine.fetch_arrow("SELECT " + ", ".join(
                f"count({c}) AS {c}" for c in self.columns) + f" FROM {self.name}")
            self._filled = {c: int(counts.column(c)[0].as_py() or 0) for c in self.columns}
        return self._filled[column]

    def coverage(self, column: str | None) -> float:
        """The share of records with a value in ``column`` (1 for no column, or an
        empty table)."""
        if column is None or column not in self.columns or not self.rows:
            return 1.0
        return self.non_null(column) / self.rows

    def exact_pairs(self, keys: tuple[str, ...] | list[str], exploded: tuple[str, ...] = ()
                    ) -> float:
        """Pairs of records equal on every key expression (counted from key
        frequencies: no self-join), each list column of ``exploded`` taken one value
        per row (a blocking rule on a shared identifier)."""
        needed = sorted({key_column(k) for k in keys})
        source = self.name
        for depth, column in enumerate(exploded):
            others = "".join(f", {c}" for c in needed if c != column)
            source = f"(SELECT unnest({column}) AS {column}{others} FROM {source}) AS e{depth}"
        where = " AND ".join(f"{k} IS NOT NULL" for k in keys)
        return float(fetch_value(
            self.engine, "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) "
            f"AS n FROM {source} WHERE {where} GROUP BY {', '.join(keys)}) AS keyed")
            or 0.0)

    def sharing_pairs(self, column: str, budget: float) -> float | None:
        """Pairs of records that share a value of ``column`` (a list: at least one of
        its values; a scalar: the same value), counted over every record from the
        values' frequencies, sum of n_v (n_v - 1) / 2: no pair is formed but those of
        records holding two values or more. A pair of lists sharing k values is counted
        k times by that sum; the k - 1 too many are counted by joining the records
        with two values or more on their values, if that makes at most ``budget``
        pairs, else the count is not exact and None is returned."""
        if column not in self.lists:
            return self.exact_pairs([column])
        spread = self.engine.fetch_arrow(
            "SELECT coalesce(sum(n * (n - 1) / 2), 0) AS counted, "
            "coalesce(sum(many * (many - 1) / 2), 0) AS among_many FROM (SELECT "
            "count(*) AS n, count(*) FILTER (WHERE several) AS many FROM (SELECT "
            f"unnest({column}) AS value, {_list_size(column)} >= 2 AS several FROM "
            f"{self.name}) AS v GROUP BY value) AS keyed")
        counted = float(spread.column("counted")[0].as_py() or 0.0)
        among_many = float(spread.column("among_many")[0].as_py() or 0.0)
        if among_many > budget:
            return None
        if among_many == 0:
            return counted
        size = _list_size(column)
        excess = fetch_value(self.engine, f"""
            WITH many AS (SELECT unique_id, unnest({column}) AS value FROM {self.name}
                          WHERE {size} >= 2)
            SELECT coalesce(sum(k - 1), 0) FROM (
                SELECT count(*) AS k FROM many AS a JOIN many AS b
                ON a.value = b.value AND a.unique_id < b.unique_id
                GROUP BY a.unique_id, b.unique_id HAVING count(*) >= 2) AS shared""")
        return counted - float(excess or 0.0)

    def one_per_name(self, name: str) -> RecordTable:
        """The record of each distinct ``full_name`` with the first ``entity_id``
        (the entity sample for u)."""
        listed = ", ".join(self.columns)
        return self.derive(name, f"SELECT {listed} FROM (SELECT *, row_number() OVER "
                                 "(PARTITION BY full_name ORDER BY entity_id) AS tnoc_rank "
                                 f"FROM {self.name}) AS ranked WHERE tnoc_rank = 1")

    def u_sample(self, name: str, max_pairs: float, seed: int) -> RecordTable:
        """The records u is measured on: the :func:`sample_rows` of this table (all, if
        no more) whose ``md5(unique_id || '_' || seed)`` comes first, so every pair
        among them is counted. A hash, not a random draw: the same seed draws the same
        records on either engine (Splink's own sample hashes with each engine's
        ``hash()``, so DuckDB and Spark measured u on different records and their
        models differed), and on any machine."""
        wanted = sample_rows(max_pairs)
        if self.rows <= wanted:
            return self.derive(name, f"SELECT * FROM {self.name}")
        return self.derive(name, f"SELECT * FROM {self.name} ORDER BY "
                                 "md5(unique_id || '_' || $seed), unique_id LIMIT "
                                 f"{int(wanted)}", {"seed": str(seed)})


def _list_size(column: str) -> str:
    """SQL: how many values the list ``column`` holds (0 for none)."""
    return f"coalesce(array_length({column}), 0)"


def key_column(key: str) -> str:
    """The column a key expression reads (``substr(name_key, 1, 2)``: ``name_key``)."""
    return key.split("(")[-1].split(",")[0].strip()


@dataclass
class RecordTables:
    """A group's records loaded on an engine: ``names`` (prediction) and ``entities``
    (training), and the tables made on the engine for the group, dropped together
    (:meth:`drop`)."""

    names: RecordTable
    entities: RecordTable
    to_drop: list[str]

    def table(self, kind: str) -> str:
        """A fresh table name of this group on the engine, dropped by :meth:`drop`."""
        name = temp_table_name(f"tnoc_{kind}")
        self.to_drop.append(name)
        return name

    def drop(self) -> None:
        for name in reversed(self.to_drop):
            self.names.engine.drop(name)
        self.to_drop.clear()


def load_records(engine: Engine, records: GroupRecords) -> RecordTables:
    """The Parquet files of ``records`` as tables of ``engine`` (read once: Splink reads
    them many times over); on a failure, those already made are dropped."""
    to_drop: list[str] = []
    loaded = {}
    try:
        for table in TABLES:
            files = temp_table_name(f"tnoc_{table}_files")
            engine.register_parquet(files, records.files(table))
            name = temp_table_name(f"tnoc_{table}")
            to_drop.append(name)
            try:
                engine.create_table(name, f"SELECT * FROM {files}")
            finally:
                engine.drop(files)
            loaded[table] = RecordTable.of(engine, name)
    except BaseException:
        for name in reversed(to_drop):
            engine.drop(name)
        raise
    return RecordTables(loaded["names"], loaded["entities"], to_drop)
