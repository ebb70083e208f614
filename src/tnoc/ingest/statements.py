"""The statements a mapping makes from the rows read, on any SQL engine (issue #27, item 3).

An ingest reads a file into the table ``src`` (one row per record, with its row number
``_row`` and ``_locator``; :mod:`tnoc.ingest.readers`), then maps it: the mapping's
derived columns and entity ids are added to ``src``, the compiled mapping
(:mod:`tnoc.ingest.compile`) selects every raw statement into ``pending``, the values
FtM must clean are cleaned in Python once per distinct value, and the statements are
one row per entity, property and value (the first row as locator). This module is that
mapping stage through :class:`tnoc.store.engine.Engine`, so the same SQL text runs on
the case's DuckDB connection (:func:`tnoc.ingest.pipeline.ingest_file`) and on Spark
(transpiled by :func:`tnoc.store.spark_dialect.to_spark`) with the same statements
(tests/test_ingest_engines.py; ``tnoc ingest --engine spark`` keeps Spark's statements
in the case). The file is still read on DuckDB (:func:`read_src`, its readers give the
row numbers and locators; docs/scale.md) and reaches another engine as Parquet files its
workers read (:func:`send_rows`), not through this process's memory.

No row is updated in place: the Python-cleaned values come back as a table
(``cleaned``: one row per distinct type, original text and hint, two or more for a value
that names several, a listing's place naming two countries) joined to ``pending`` in
the statements' SELECT, which an engine without ``UPDATE`` (Spark) runs as it is. Python
still sees each distinct value once, never a row: on the real files the distinct values
needing it are a few thousand (places, phones, countries), cleaned in Arrow batches
where the engine keeps them (:meth:`tnoc.store.engine.Engine.map_batches`: on Spark
``mapInArrow`` on the executors, not the driver).

Every choice among duplicates is deterministic (issue #27, item 4): a statement keeps
the original text and locator of its first row (by row number, then locator, then the
text: one cell split into "US;usa" gives two texts of one row), its schema the deepest
one (then the greatest name), and a flag when any of its rows was flagged (the least,
by text, when they differ). DuckDB's ``arg_min`` skips a row whose text or locator is
NULL where Spark's ``min_by`` does not; neither is ever NULL here (every reader sets a
locator; a statement with no text is not made).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from tnoc.errors import InputFileError, TnocError, Where
from tnoc.ingest.archive import DEFAULT_MAX_EXPANDED_BYTES, expanded
from tnoc.ingest.clean import clean_distinct, lit
from tnoc.ingest.compile import (
    Compiled,
    compile_mapping,
    derive_sql,
    id_prelude,
    unique_id_checks,
)
from tnoc.ingest.mapping import Mapping
from tnoc.ingest.readers import ReadTable, read_source
from tnoc.model import get_model
from tnoc.store.case import crash_point
from tnoc.store.engine import DuckDBEngine, Engine, fetch_value

CLEANED_COLUMNS = ("clean_type", "original", "hint", "value", "flag")
CLEANED_SCHEMA = pa.schema([(name, pa.string()) for name in CLEANED_COLUMNS])
"""The columns of the Python-cleaned values joined back to ``pending``."""

_CLEANED_PENDING = """
SELECT p.entity_id, p.schema, p.prop, p.prop_type, p.original,
    CASE WHEN p.needs_python THEN c.value ELSE p.value END AS value,
    CASE WHEN p.needs_python THEN c.flag ELSE p.flag END AS flag,
    p._row, p.depth, p._locator
FROM pending p LEFT JOIN cleaned c
    ON p.needs_python AND p.clean_type = c.clean_type AND p.original = c.original
    AND p.hint IS NOT DISTINCT FROM c.hint
"""

_GROUPED = """
SELECT g.entity_id, NULL::VARCHAR AS merged_into, g.schema, g.prop, g.prop_type, g.value,
    CASE WHEN g.original IS DISTINCT FROM g.value THEN g.original END AS original_value,
    $source_id AS source_id, g._locator AS locator, g.flag
FROM (
    SELECT entity_id, prop, coalesce(value, original) AS value,
        arg_max(schema, (depth, schema)) AS schema,
        min(prop_type) AS prop_type,
        arg_min(original, (_row, _locator, original)) AS original,
        arg_min(_locator, (_row, _locator, original)) AS _locator,
        min(flag) AS flag
    FROM ({pending}) q
    GROUP BY entity_id, prop, coalesce(value, original)
) g
"""

_DIRECT = """
SELECT d.entity_id, NULL::VARCHAR AS merged_into, d.schema, d.prop, d.prop_type,
    coalesce(d.value, d.original) AS value,
    CASE WHEN d.value IS NOT NULL AND d.original <> d.value THEN d.original END
        AS original_value,
    $source_id AS source_id, d._locator AS locator, d.flag
FROM ({direct}) d
"""


@dataclass(frozen=True)
class MappedStatements:
    """The statement rows of one mapped file, as SELECTs over the engine's ``pending``
    (and ``cleaned``) tables with one parameter, ``$source_id``: ``grouped`` the
    statements that may repeat (one row per entity, property and value), ``direct`` those
    of blocks whose ids are unique per row (written as they are, see
    :func:`tnoc.ingest.compile.compile_mapping`), None when there are none. Columns:
    those of the case's ``statement_store``, in its order."""

    grouped: str
    direct: str | None

    def selects(self) -> list[str]:
        """The SELECTs whose rows together are the statements."""
        return [self.grouped] + ([self.direct] if self.direct else [])


def file_label(path: Path) -> str:
    """The file's name without compression and format suffixes, for ``{_file}``."""
    name = path.name
    for suffix in (".gz", ".bz2", ".xz", ".zip", ".csv", ".tsv", ".txt", ".json", ".jsonl",
                   ".yaml", ".xlsx", ".ijson"):
        name = name.removesuffix(suffix)
    return name


def check_columns(mapping: Mapping, columns: list[str], display: Path) -> None:
    """Refuse a file that lacks a column the mapping reads, naming them and the file's."""
    missing = sorted(mapping.referenced_columns() - set(columns))
    if missing:
        raise InputFileError(
            f"columns {missing} named by mapping {mapping.mapping!r} are not in the file; "
            f"the file has {columns[:20]}",
            Where(display, 1, row_label="line"),
            "a file of the kind the mapping describes",
        )


def read_src(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, scratch: Path,
             max_expanded_bytes: int = DEFAULT_MAX_EXPANDED_BYTES) -> ReadTable:
    """Read a file into the temporary table ``src`` of ``con`` as an ingest does: a
    compressed file expanded under ``max_expanded_bytes``, the mapping's reader (its
    checks: a ragged row is an error naming file and line), the columns the mapping
    reads checked, and the file's label as ``_file``."""
    with expanded(path, scratch, max_expanded_bytes) as readable:
        crash_point("reading")
        table = read_source(con, readable, mapping.reader, path, scratch)
    check_columns(mapping, table.columns, path)
    con.execute(f"ALTER TABLE src ADD COLUMN _file VARCHAR DEFAULT {lit(file_label(path))}")
    return table


def send_rows(con: duckdb.DuckDBPyConnection, engine: Engine, folder: Path,
              read_from: Path) -> None:
    """The records read into ``src`` on the case's connection (:func:`read_src`) made
    ``src`` of another engine: written by DuckDB as Parquet into ``folder`` (made anew,
    the caller removes it after the mapping) and read there by the engine's workers, so
    a file of any size reaches Spark without passing through this process's memory (as
    Arrow it was held here whole, then copied into the JVM). The engine must see every
    row: on a cluster whose workers cannot read ``folder`` (the case folder not on
    storage they share) the counts differ and nothing is mapped.

    Raises:
        TnocError: the engine read another number of rows than were written
            (``read_from`` names the file in the message).
    """
    shutil.rmtree(folder, ignore_errors=True)
    DuckDBEngine(con).write_parquet("SELECT * FROM src", folder)
    engine.register_parquet("src", folder)
    written = int(con.execute("SELECT count(*) FROM src").fetchall()[0][0])
    seen = int(fetch_value(engine, "SELECT count(*) AS n FROM src") or 0)
    if seen != written:
        raise TnocError(
            f"{read_from}: {written:,} records read but {engine.name} sees {seen:,} in "
            f"{folder} (its workers must read where this process writes: on a cluster, "
            "the case folder on storage they share); nothing was taken in")


def prop_types_table() -> pa.Table:
    """Every schema and property of the model with its type and the schema's depth (the
    lookup of mappings whose rows are statements already, FtM entities)."""
    rows = [(s.name, p.name, p.type.name, len(s.schemata))
            for s in get_model().schemata.values() for p in s.properties.values()]
    return pa.table({"schema": [r[0] for r in rows], "prop": [r[1] for r in rows],
                     "prop_type": [r[2] for r in rows], "depth": [r[3] for r in rows]})


def build_pending(engine: Engine, mapping: Mapping) -> Compiled:
    """Add the mapping's derived columns and entity ids to ``src`` and make ``pending``,
    every raw statement (a table when Python must clean values, else a view read once).
    A failing statement raises the engine's own error."""
    derived = derive_sql(mapping)
    if derived:
        engine.create_table("src", derived)
    if mapping.statements is not None:
        engine.register_arrow("prop_types", prop_types_table())
    prelude = id_prelude(mapping)
    if prelude:
        engine.create_table("src", prelude)
    unique = frozenset(name for name, sql in unique_id_checks(mapping).items()
                       if engine.fetch_arrow(sql).column(0)[0].as_py())
    # statements that need Python cleaning never go the direct way (see compile_mapping)
    compiled = compile_mapping(mapping, unique)
    if compiled.python_props:
        engine.create_table("pending", compiled.sql)
    else:
        engine.create_view("pending", compiled.sql)
    return compiled


def clean_pending(engine: Engine, compiled: Compiled) -> None:
    """Clean the values FtM must clean, once per distinct (type, original, hint), into
    table ``cleaned`` (:data:`CLEANED_COLUMNS`) for :func:`mapped_statements`; nothing
    to do when the mapping has no such value. The engine finds the distinct values
    and runs :func:`clean_batches` over them where they are (on Spark, on the
    executors: ``mapInArrow``)."""
    if not compiled.python_props:
        return
    engine.map_batches(
        "cleaned", "SELECT DISTINCT clean_type, original, hint FROM pending "
        "WHERE needs_python", clean_batches, CLEANED_SCHEMA)


def clean_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """:func:`tnoc.ingest.clean.clean_distinct` over Arrow batches of distinct
    (clean_type, original, hint), for :meth:`Engine.map_batches`: each batch's
    cleaned rows, one value per row (several where a value names several)."""
    for batch in batches:
        cleaned = clean_distinct(zip(
            *(batch.column(n).to_pylist() for n in ("clean_type", "original", "hint")),
            strict=True))
        yield pa.record_batch([pa.array([row[i] for row in cleaned], type=pa.string())
                               for i in range(len(CLEANED_COLUMNS))],
                              schema=CLEANED_SCHEMA)


def mapped_statements(compiled: Compiled) -> MappedStatements:
    """The SELECTs of the statements, after :func:`build_pending` and
    :func:`clean_pending` on the same engine."""
    pending = _CLEANED_PENDING if compiled.python_props else "SELECT * FROM pending"
    return MappedStatements(
        _GROUPED.format(pending=pending),
        _DIRECT.format(direct=compiled.direct_sql) if compiled.direct_sql else None)


def map_rows(engine: Engine, mapping: Mapping) -> MappedStatements:
    """The whole mapping stage over ``src``: :func:`build_pending`,
    :func:`clean_pending`, :func:`mapped_statements`."""
    compiled = build_pending(engine, mapping)
    clean_pending(engine, compiled)
    return mapped_statements(compiled)


def drop_mapped(engine: Engine) -> None:
    """Forget the mapping stage's tables (``pending``, ``cleaned``, ``prop_types``)."""
    for name in ("pending", "cleaned", "prop_types"):
        engine.drop(name)
