"""One ingest = one transaction: register the source, read, map, clean, insert.

The steps, all inside a single DuckDB transaction so that an error or a killed
process leaves the store exactly as it was:

1. hash the file as received (sha256) and derive a deterministic ``source_id`` from
   the hash and the mapping name: the same file through the same mapping is the same
   source, so re-ingesting is a no-op (idempotent);
2. expand a compressed file under a size limit, detect the encoding, read it into
   the ``src`` table (:mod:`tnoc.ingest.readers`);
3. check that every column the mapping reads exists;
4. compile the mapping to SQL and build ``pending`` (:mod:`tnoc.ingest.compile`);
5. clean the values FtM must clean, once per distinct value (:mod:`tnoc.ingest.clean`),
   steps 4-5 and the statements' SELECT through the engine interface
   (:mod:`tnoc.ingest.statements`: the same text maps a file on Spark);
6. insert statements (one per entity, property and value per source, first row as
   locator), the ``sources`` row and an ``acquired`` custody event whose details seal
   the statements and the record (:mod:`tnoc.store.seals`); refuse a file
   whose entities older sources hold under the id rule of earlier versions (the same
   line twice, see :func:`_doubled`);
7. before commit, copy the file to ``exhibits/.incoming/<sha256>-<run>`` and flush it
   and its folder to disk (fsync: DuckDB flushes its commit, the copy must be there as
   surely); after commit, move that copy into ``exhibits/<sha256>/`` and flush that
   folder. ``<run>`` names this process's scratch folder, whose lock it holds for life
   (:attr:`tnoc.store.case.Case.scratch`): a copy whose run holds no lock is a dead
   intake's, however pids repeat.

A process killed at any step leaves either nothing committed (its ``.incoming`` copy
and scratch folder are removed by the next opening for writing) or a committed source
whose copy is still in ``.incoming``: the next opening for writing moves it into place
(:meth:`tnoc.store.case.Case._recover`), and a re-ingest of the file restores a
missing exhibit from the file given (:func:`_restore_exhibit`). ``TNOC_TEST_CRASH_AT``
names a step at which to kill the process, for the crash tests
(:func:`tnoc.store.case.crash_point`).
"""

from __future__ import annotations

import getpass
import hashlib
import mimetypes
import os
import re
import shutil
import uuid
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from dataclasses import replace as changed
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from tnoc import __version__
from tnoc.errors import InputFileError, TnocError, Where
from tnoc.ingest.archive import DEFAULT_MAX_EXPANDED_BYTES, copy_file
from tnoc.ingest.clean import slug
from tnoc.ingest.compile import digested_ids_sql, id_sql
from tnoc.ingest.encoding import codec_name
from tnoc.ingest.id_rules import ID_RULE, OLD_RULE_ID, OLD_RULES, before_rule, old_id_pairs
from tnoc.ingest.mapping import Mapping, load_mapping, template_fields
from tnoc.ingest.readers import ReadTable
from tnoc.ingest.statements import (
    MappedStatements,
    build_pending,
    clean_pending,
    drop_mapped,
    file_label,
    mapped_statements,
    read_src,
    send_rows,
)
from tnoc.ledger.custody import CustodyEvent, file_sha256, record_event
from tnoc.store.case import Case, crash_point, fsync_dir
from tnoc.store.engine import DuckDBEngine, Engine, SparkEngine
from tnoc.store.held import (
    HeldFile,
    HeldStaging,
    check_columns,
    held_files,
    held_problem,
    index_references,
    stored_statements,
)
from tnoc.store.schema import STORE_COLUMNS
from tnoc.store.seals import seal_source
from tnoc.store.sql import file_list
from tnoc.tlp import TLP_ORDER

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Progress = Callable[[str], None]
MAPPED = "mapped_statements"
"""The table (on Spark: a checkpointed view) holding one SELECT's statements while they
are written as Parquet and counted."""
HANDLING_CODES = TLP_ORDER


@dataclass
class IngestOptions:
    """Collection facts recorded with the source, and limits."""

    collector: str | None = None
    collected_at: str | None = None
    legal_basis: str | None = None
    handling_code: str = "TLP:AMBER"
    replace: bool = False
    held: bool = False  # keep the statements as Parquet files under CASE/held/, not in
    # the DuckDB file (tnoc.store.held: a source too big for one machine's store)
    max_expanded_bytes: int = DEFAULT_MAX_EXPANDED_BYTES
    region: str | None = None  # phones without a country code: this country (overrides
    # the mapping's region)
    encoding: str | None = None  # the file's text encoding, not guessed (overrides the
    # mapping's reader.encoding)


@dataclass
class IngestReport:
    """What one ingest did, for the CLI and for tests."""

    source_id: str
    file: str
    sha256: str
    status: str
    records: int = 0
    statements: int = 0
    flagged: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    flag_samples: list[tuple[str, str, str, str]] = field(default_factory=list)
    encoding: str | None = None
    held_files: int = 0
    """Parquet files holding the statements outside the DuckDB file (--statements
    parquet, :mod:`tnoc.store.held`; their seal's digests are held in one more); 0
    when they are in the store."""
    notes: list[str] = field(default_factory=list)
    """What the analyst must know although the ingest went through (ids of the case
    under the old id rule, see :func:`_old_rule_ids`)."""


def make_source_id(sha256: str, mapping_name: str, label: str | None = None) -> str:
    """Deterministic source id: same file + same mapping = same source.

    ``label`` is the file's name as the mapping reads it (``_file``): two byte-identical
    files whose values come from their names (OFAC's ``sanctioned_addresses_ARB.txt``
    and ``_BSC.txt``) are two sources. Without a label the id is the one of earlier
    versions, so cases of mappings that do not read ``_file`` still verify."""
    key = f"{sha256}|{mapping_name}" + (f"|{label}" if label is not None else "")
    return "src-" + hashlib.sha256(key.encode()).hexdigest()[:20]


def reads_file_name(mapping: Mapping) -> bool:
    """Whether any value of ``mapping`` comes from the file's name (column ``_file``
    or a ``{_file}`` field anywhere in a template, format spec or not: the fields as
    :func:`tnoc.ingest.mapping.template_fields` parses them), making the name part of the
    source's identity."""
    def mentions(node: object) -> bool:
        if isinstance(node, str):
            return node == "_file" or any(
                re.split(r"[:!]", field, maxsplit=1)[0].strip() == "_file"
                for field in template_fields(node))
        if isinstance(node, dict):
            return any(mentions(k) or mentions(v) for k, v in node.items())
        if isinstance(node, list | tuple):
            return any(mentions(v) for v in node)
        return False

    return mentions(mapping.model_dump(mode="json"))


def _insert(
    con: duckdb.DuckDBPyConnection, engine: Engine, source_id: str, mapped: MappedStatements,
    path: Path, mapping: Mapping, scratch: Path, held: HeldStaging | None = None,
) -> tuple[int, int]:
    """Put the mapped statements into the store: straight from the case's connection,
    or, when another engine mapped the file, through Parquet files its workers write
    under ``scratch`` (removed after), read by DuckDB in this transaction. With
    ``held``, those files (written by either engine) are not read into the store but
    staged to be held as they are (:mod:`tnoc.store.held`), once checked as the store
    checks a statement. Returns the source's statements and flagged values."""
    table = stored_statements(con)
    if isinstance(engine, DuckDBEngine) and held is None:
        for select in mapped.selects():
            try:
                con.execute(f"INSERT INTO {table} ({STORE_COLUMNS}) {select}",
                            {"source_id": source_id})
            except duckdb.Error as exc:  # a value only read here (a view, a direct block)
                raise _mapping_failed(mapping, path, exc) from exc
    else:
        folder = scratch / f"mapped-{source_id}"
        shutil.rmtree(folder, ignore_errors=True)
        if held is not None:  # held: the staging removes it at the end, whatever happens
            held.scratch.append(folder)
        try:
            made = 0
            for i, select in enumerate(mapped.selects()):
                try:  # computed once (a table), written and counted
                    engine.create_table(MAPPED, f"SELECT {STORE_COLUMNS} FROM ({select}) q",
                                        {"source_id": source_id})
                    engine.write_parquet(f"SELECT * FROM {MAPPED}", folder / str(i))
                    made += int(engine.fetch_arrow(f"SELECT count(*) AS n FROM {MAPPED}")
                                ["n"][0].as_py())
                except engine.errors as exc:
                    raise _mapping_failed(mapping, path, exc) from exc
                finally:
                    with suppress(*engine.errors):
                        engine.drop(MAPPED)
            files = sorted(str(f) for f in folder.glob("*/*.parquet"))
            read = con.execute(f"SELECT count(*) FROM read_parquet({file_list(files)})"
                               ).fetchall()[0][0] if files else 0
            if read != made:  # e.g. a cluster's workers wrote to disks of their own
                raise TnocError(
                    f"{path}: {engine.name} made {made:,} statements but {read:,} reached "
                    f"{folder} (its workers must write where this process reads: on a "
                    "cluster, the case folder on storage they share); nothing was taken in")
            if held is not None:
                wrong = check_columns(con, [Path(f) for f in files]) if files else None
                if wrong is not None:
                    raise _mapping_failed(mapping, path, TnocError(wrong))
                held.retire(con, held_files(con, source_id))
                held.add(con, source_id, [Path(f) for f in files])
                held.list_in(con)
                index_references(con, held, source_id, scratch)
            else:
                try:
                    con.execute(f"INSERT INTO {table} ({STORE_COLUMNS}) "
                                f"SELECT {STORE_COLUMNS} FROM read_parquet("
                                f"{file_list(files)})")
                except duckdb.Error as exc:  # as on DuckDB: a value only checked here
                    raise _mapping_failed(mapping, path, exc) from exc
        finally:
            if held is None:
                shutil.rmtree(folder, ignore_errors=True)
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE flag IS NOT NULL) FROM statement_store "
        "WHERE source_id = ?", [source_id]
    ).fetchall()[0]
    return int(row[0]), int(row[1])


def _keep_merges(con: duckdb.DuckDBPyConnection) -> None:
    """The analysts' merges hold for the statements just taken in too: a replaced
    source's statements (or a new source's about an entity already merged) come with
    no ``merged_into``, so the active judgements are applied again
    (:func:`tnoc.store.merged.apply_canonical_ids`, which changes only the rows
    that differ). Without it a ``--replace`` undid every merge of the source while the
    judgements still said merged: verify failed, a new merge was refused as already
    made, and an erasure of the merged person missed the members."""
    from tnoc.query_results import has_table
    from tnoc.store.merged import apply_canonical_ids

    if has_table(con, "judgements"):
        apply_canonical_ids(con)


def _existing(con: duckdb.DuckDBPyConnection,
              source_id: str) -> tuple[str, int, int, str | None] | None:
    """Mapping hash, records, statements and exhibit path of a committed source."""
    row = con.execute(
        "SELECT mapping_sha256, records, statements, exhibit_path FROM sources "
        "WHERE source_id = ?", [source_id],
    ).fetchone()
    return (str(row[0]), int(row[1]), int(row[2]), row[3]) if row else None


def _restore_exhibit(con: duckdb.DuckDBPyConnection, case: Case, intake: _Intake,
                     exhibit_path: str) -> None:
    """Put back the missing exhibit of a committed source from the file given again.

    The copy is hashed before it goes in place: only a file with the sha256 the intake
    entry recorded is an exhibit. Recorded as a ``copied`` ledger entry.
    """
    copy_file(intake.path, intake.incoming)
    crash_point("restoring")
    actual, _size = file_sha256(intake.incoming)
    if actual != intake.sha256:
        intake.incoming.unlink(missing_ok=True)
        raise InputFileError(f"changed while it was read (sha256 {actual}, was "
                             f"{intake.sha256}); the exhibit was not restored",
                             Where(intake.path))
    target = case.root / exhibit_path
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(intake.incoming, target)
    fsync_dir(target.parent)
    fsync_dir(target.parent.parent)
    record_event(con, CustodyEvent(
        event_type="copied", item_id=intake.source_id, item_sha256=intake.sha256,
        purpose="exhibit restored: the preserved copy was missing",
        method=f"tnoc ingest: {intake.path.name} (sha256 checked) copied to {exhibit_path}",
        hash_before=intake.sha256, hash_after=intake.sha256,
        details={"restored": True, "from": str(intake.path.resolve()), "to": exhibit_path}))


def _old_rule_ids(con: duckdb.DuckDBPyConnection, source_id: str) -> tuple[int, str | None]:
    """How many entities ``source_id`` holds under the old id rule, and one of them."""
    row = con.execute(
        f"SELECT count(DISTINCT entity_id), min(entity_id) FROM statement_store "
        f"WHERE source_id = ? AND {OLD_RULE_ID}", [source_id]).fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def _doubled(con: duckdb.DuckDBPyConnection, case: Case, path: Path, source_id: str,
             replacing: bool, digested: list[str]) -> list[str]:
    """Refuse to make entities that older sources of the case hold under an old id rule
    (:mod:`tnoc.ingest.id_rules`).

    A source ingested before ids became slugs holds ``cdr-line--4915...``; this file
    makes ``cdr-line-4915...`` for the same line: taken in side by side, one phone line
    would be two entities, its calls split between them. The fix is to take the older
    source in again with ``--replace`` (from its exhibit copy), which gives it today's
    ids. When this file replaces a source of the case (``--replace``, ``replacing``: an
    analyst replacing the older sources one by one) the ingest goes through and returns
    what is still to be replaced as notes; ``--replace`` on a file the case does not
    hold yet is refused like any other (it replaces nothing).

    Likewise a vendor "lsdaisy!" of a source taken in before names were kept apart
    (``id_slug: exact``; ``digested`` lists this file's ids made so) is
    ``agora-vendor-lsdaisy`` there and ``agora-vendor-lsdaisy-055ec157d3`` here. That
    older id may also be a vendor named "lsdaisy" (the rule before joined the two); the
    older source taken in again holds each under its own id, which settles it.

    A source imported from another case's export holds no file here to take in again,
    and may well have been made by today's rule: it is named (in the note, or beside
    the refusal), never a reason to refuse.
    """
    found = old_id_pairs(con, [source_id], before_rule(con, [source_id]), digested)
    fixes = [o.advice(case.root) for o in found if o.exhibit_path is not None]
    imported = [o.said() for o in found if o.exhibit_path is None]
    notes = [f"imported sources whose ids may be of an old id rule ({OLD_RULES}): "
             + "; ".join(imported) + ". Their files are with the cases that took them in: "
             "if one was taken in there before this version, re-ingest it there with "
             "--replace and import its export into a new case"] if imported else []
    if not fixes:
        return notes
    if replacing:
        return [f"still under an old id rule ({OLD_RULES}), the same entities as this "
                "file's under other ids: " + "; ".join(fixes)] + notes
    raise TnocError(
        f"{path}: the case holds entities of this file under an id rule of earlier tnoc "
        f"versions ({OLD_RULES}); taking it in would make each of them two entities, so "
        "nothing was taken in. Older sources: " + "; ".join(fixes)
        + f"; then ingest {path.name} again (docs/mappings.md, 'Ids')"
        + "".join(f". Also: {note}" for note in notes))


def _twins(con: duckdb.DuckDBPyConnection, intake: _Intake, mapping: Mapping) -> list[str]:
    """A note when sources of this mapping hold the same bytes under another name.

    The mapping reads the file's name (``_file``): two byte-identical files are two
    sources, each with what its name says (OFAC publishes identical ARB and BSC
    lists). But a copy renamed by mistake, or by someone, gets what the new name says
    (``sanctioned_addresses_XMR.txt`` as ``_ZEC.txt``: Monero addresses as Zcash): the
    analyst is told, so the name is checked before it is trusted."""
    rows = con.execute(
        "SELECT file_name, source_id FROM sources WHERE sha256 = ? AND mapping = ? "
        "AND source_id <> ? ORDER BY file_name",
        [intake.sha256, mapping.mapping, intake.source_id]).fetchall()
    if not rows:
        return []
    others = ", ".join(f"{name} ({source_id})" for name, source_id in rows)
    return [f"{intake.path.name} holds the same bytes as {others}; mapping "
            f"{mapping.mapping!r} takes values from the file's name, so each is taken in "
            "with what its own name says: check the names are right (a renamed copy "
            "would carry the wrong values)"]


def _map(engine: Engine, mapping: Mapping, path: Path,
         say: Progress) -> tuple[MappedStatements, list[str]]:
    """Derived columns, entity ids, the ``pending`` statements and their cleaning
    (:mod:`tnoc.ingest.statements`) on ``engine``, a failing statement named as the
    mapping failing on this file; with them the ids made with a digest
    (:func:`tnoc.ingest.compile.digested_ids_sql`, for :func:`_doubled`)."""
    on = "" if engine.name == "duckdb" else f" on {engine.name}"
    try:
        say(f"mapping{on}")
        compiled = build_pending(engine, mapping)
        digested_sql = digested_ids_sql(mapping)
        digested = ([str(i) for i in engine.fetch_arrow(digested_sql).column(0).to_pylist()]
                    if digested_sql else [])
        say(f"cleaning{on}")
        clean_pending(engine, compiled)
        return mapped_statements(compiled), digested
    except engine.errors as exc:
        raise _mapping_failed(mapping, path, exc) from exc


def _mapping_failed(mapping: Mapping, path: Path, exc: BaseException) -> InputFileError:
    """An engine's error while mapping, said as the mapping failing on this file."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return InputFileError(f"mapping {mapping.mapping!r} failed on this file: {first}",
                          Where(path))


@dataclass
class _Intake:
    """Facts about the file being taken in, fixed before the transaction starts."""

    path: Path
    sha256: str
    size: int
    mapping_sha256: str
    source_id: str
    exhibit: Path
    incoming: Path
    now: datetime
    legacy_id: str | None = None
    """The id earlier versions gave this file (without its name) when the mapping reads
    the file name: a case ingested then holds the file under it (:func:`_earlier`)."""


def _mark_compartments(con: duckdb.DuckDBPyConnection, engine: Engine, mapping: Mapping,
                       source_id: str) -> None:
    """Record the entities of this source that a mapping puts in a compartment
    (``compartment: reporter`` on an entity): their ids as the mapping made them from
    ``src`` on the engine that mapped it, kept only where the source states them. Per
    (source, entity), not per statement: the statement table stays as it is, and a
    reporter is one entity per report, so this is a few rows per report
    (tnoc.govern.compartments)."""
    for entity in mapping.entities:
        if entity.compartment is None:
            continue
        ids = engine.fetch_arrow(
            f"SELECT DISTINCT id FROM (SELECT {id_sql(entity, mapping.dataset)} AS id "
            "FROM src) q WHERE id IS NOT NULL")
        con.register("compartment_ids", ids)
        try:
            con.execute(
                "INSERT INTO compartment_entities SELECT DISTINCT $source, id, $compartment "
                "FROM compartment_ids WHERE id IN "
                "(SELECT entity_id FROM statement_store WHERE source_id = $source)",
                {"source": source_id, "compartment": entity.compartment})
        finally:
            con.unregister("compartment_ids")


def _register_source(
    con: duckdb.DuckDBPyConnection, case: Case, intake: _Intake, mapping: Mapping,
    options: IngestOptions, table: ReadTable, statements: int, flagged: int,
    replaces: str | None = None, mapped_on: dict[str, str] | None = None,
    staging: HeldStaging | None = None, damaged: Sequence[dict[str, str]] = (),
) -> None:
    """The ``sources`` row and the ``acquired`` custody event of this intake; ``replaces``
    names the id an earlier version gave the same file, removed by this intake (the
    signed entry says so: the old id's absence from the store is this move);
    ``mapped_on``: the engine that mapped the file when it was not the case's DuckDB
    (Spark and its master), recorded in the entry; ``damaged``: the replaced source's
    held files found changed or missing (:func:`_damaged`), recorded as
    ``replaced_damaged``."""
    path = intake.path
    con.execute(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)",
        [intake.source_id, path.name, str(path.resolve()),
         str(intake.exhibit.relative_to(case.root)), intake.sha256, intake.size,
         mapping.media_type or mimetypes.guess_type(path.name)[0], table.encoding,
         options.collected_at, options.collector or getpass.getuser(), options.legal_basis,
         options.handling_code, mapping.mapping, intake.mapping_sha256, mapping.dataset,
         intake.now, getpass.getuser(), __version__, table.rows, statements, flagged],
    )
    # the statements and this record, sealed in the signed entry (tnoc.store.seals)
    seal = seal_source(con, intake.source_id, staging, case.scratch)
    record_event(con, CustodyEvent(
        event_type="acquired", item_id=intake.source_id, item_sha256=intake.sha256,
        actor=options.collector or getpass.getuser(),
        purpose=("intake into the case (its statements held as Parquet under held/)"
                 if options.held else "intake into case store"),
        legal_authority=options.legal_basis,
        method=f"tnoc ingest, mapping {mapping.mapping} "
               f"(sha256 {intake.mapping_sha256[:16]})",
        hash_after=intake.sha256,
        details={"file_name": path.name, "size_bytes": intake.size, "records": table.rows,
                 "statements": statements, "flagged": flagged,
                 "handling_code": options.handling_code, "seal": seal.details(),
                 "id_rule": ID_RULE,
                 **({"replaces": replaces} if replaces else {}),
                 **({"mapped_on": mapped_on} if mapped_on else {}),
                 **({"replaced_damaged": list(damaged)} if damaged else {})},
    ))


def _damaged(retired: Sequence[HeldFile], root: Path) -> list[dict[str, str]]:
    """The held files of a source being replaced that are not as the store lists them
    (re-hashed: changed, missing, or listed under a path no held file has), each as
    ``{"file", "listed_sha256", "found"}``. The replacement retires them with the
    source; without this the evidence that they had been tampered with went with them
    (``tnoc verify`` beforehand named it; the intake did not), so the intake says it
    and its signed ledger entry keeps it."""
    return [{"file": held.path, "listed_sha256": held.sha256, "found": why}
            for held in retired if (why := held_problem(held, root)) is not None]


def _summarise(con: duckdb.DuckDBPyConnection, source_id: str) -> tuple[
        dict[str, int], list[tuple[str, str, str, str]]]:
    """Entities per schema and the first flagged values of one source, in a total order
    (entity, property, original value, flag) so that the same intake shows the same
    samples whichever engine wrote its statements and in whatever order."""
    entities = dict(con.execute(
        "SELECT schema, count(*) FROM statement_store WHERE source_id = ? AND prop = 'id' "
        "GROUP BY schema ORDER BY schema", [source_id]
    ).fetchall())
    samples = [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in con.execute(
        "SELECT locator, prop, coalesce(original_value, value), flag FROM statement_store "
        "WHERE source_id = ? AND flag IS NOT NULL "
        "ORDER BY entity_id, prop, coalesce(original_value, value), flag, locator LIMIT 5",
        [source_id],
    ).fetchall()]
    return entities, samples


def _marked(options: IngestOptions, table: ReadTable) -> tuple[IngestOptions, list[str]]:
    """The options with the handling code raised to the file's own strictest marking
    (never lowered: sharing terms travel with the data), and what to tell the analyst."""
    from tnoc.tlp import tlp_rank

    if table.marking is None:
        return options, []
    items = f"{table.marked_items:,} {'item' if table.marked_items == 1 else 'items'}"
    if tlp_rank(table.marking) <= tlp_rank(options.handling_code):
        return options, [f"file marks {items} {table.marking} (its strictest); source "
                         f"recorded as {options.handling_code}"]
    return changed(options, handling_code=table.marking), [
        f"file marks {items} {table.marking}; source recorded as {table.marking} "
        f"(not the {options.handling_code} asked: never lower than the file's marking)"]


def _intake(case: Case, path: Path, mapping: Mapping, encoding: str | None = None) -> _Intake:
    sha256, size = file_sha256(path)
    digest = hashlib.sha256(Path(mapping.path).read_bytes() if mapping.path else b"")
    if mapping.region:  # a region given at ingest changes the statements: part of the
        digest.update(f"\nregion: {mapping.region}".encode())  # mapping version
    if encoding:  # so does an encoding given at ingest
        digest.update(f"\nencoding: {encoding}".encode())
    mapping_sha = digest.hexdigest() if mapping.path else ""
    label = file_label(path) if reads_file_name(mapping) else None
    return _Intake(path, sha256, size, mapping_sha,
                   make_source_id(sha256, mapping.mapping, label),
                   case.exhibits / sha256 / path.name,
                   case.incoming_copy(sha256), datetime.now(UTC),
                   make_source_id(sha256, mapping.mapping) if label is not None else None)


def _earlier(con: duckdb.DuckDBPyConnection, intake: _Intake) -> str | None:
    """The id this very file (same bytes, same mapping, same name) has in a case where an
    earlier version took it in, before the name was part of the id; else None.

    Without this a re-ingest would make a second source of the same file and every tie
    and transaction it holds would count twice. A byte-identical file of another name
    (OFAC's ARB and BSC lists) is another file: not matched."""
    if intake.legacy_id is None:
        return None
    row = con.execute("SELECT file_name FROM sources WHERE source_id = ?",
                      [intake.legacy_id]).fetchone()
    if row is None or file_label(Path(str(row[0]))) != file_label(intake.path):
        return None
    return intake.legacy_id


def ingest_file(
    case: Case,
    mapping_ref: str | Path | Mapping,
    path: Path,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    on_intake: Callable[[duckdb.DuckDBPyConnection, str, str], None] | None = None,
    spark: SparkSession | Callable[[], SparkSession] | None = None,
) -> IngestReport:
    """Ingest one file into the case through a mapping; see the module docstring.

    ``on_intake(con, source_id, sha256)`` runs inside the same transaction after the
    source is registered, for importers that also write to the ledger (CASE/UCO): its
    failure undoes the whole intake.

    ``spark``: map and clean the file on this Spark session (issue #27, item 3): the
    file is read and checked here as always (its rows, locators and encoding), mapped
    by the same SQL text on Spark with the values FtM must clean cleaned on Spark's
    workers (``mapInArrow``), and the statements Spark wrote as Parquet are inserted in
    this same transaction; the same statements as on DuckDB. The ``acquired`` entry
    records the engine and master. ``spark`` may be a function starting the session:
    it is called once the file is read and checked, so a file already taken in, or one
    that is no file of the mapping's layout, never waits for Spark to start (about 20
    s; a new-user review, helper-134)."""
    options = options or IngestOptions()
    say = progress or (lambda _msg: None)
    mapping = mapping_ref if isinstance(mapping_ref, Mapping) else load_mapping(mapping_ref)
    mapping = mapping.with_region(options.region)
    if options.encoding is not None:
        mapping = mapping.model_copy(update={"reader": mapping.reader.model_copy(
            update={"encoding": codec_name(options.encoding)})})
    path = Path(path)
    if not path.is_file():
        raise InputFileError("no such file", Where(path))
    if options.handling_code not in HANDLING_CODES:
        raise TnocError(f"unknown handling code {options.handling_code!r}; use one of "
                        + ", ".join(HANDLING_CODES))
    say("hashing")
    intake = _intake(case, path, mapping, options.encoding and mapping.reader.encoding)
    staging = HeldStaging(case.root, uuid.uuid4().hex[:12], case)
    with staging, case.transaction() as con:
        previous = _existing(con, intake.source_id)
        known_as = intake.source_id
        earlier = None if previous else _earlier(con, intake)
        if earlier is not None:
            previous, known_as = _existing(con, earlier), earlier
        moved = [f"{path.name} was taken in by an earlier tnoc version as {earlier}, "
                 f"before the file's name was part of a source's id; --replace moves it to "
                 f"today's id {intake.source_id}"] if earlier else []
        if previous and not options.replace:
            if previous[0] != intake.mapping_sha256:
                raise TnocError(
                    f"{path} was already ingested as {known_as} with another version "
                    f"of mapping {mapping.mapping!r}; re-run with --replace to take it in again"
                )
            stale, example = _old_rule_ids(con, known_as)
            notes = [f"{stale:,} {'entity' if stale == 1 else 'entities'} of this source "
                     "have ids of the id rule of "
                     f"earlier tnoc versions (e.g. {example!r}, today {slug(str(example))!r})"
                     "; re-ingest with --replace to give them today's ids, the ids new "
                     "files get"] if stale else []
            notes = case.recovered + moved + notes
            status = "already ingested" + (" (under the id of earlier versions)"
                                           if earlier else "")
            if previous[3] and not (case.root / previous[3]).exists():
                _restore_exhibit(con, case, changed(intake, source_id=known_as), previous[3])
                status = "exhibit restored"
                notes.append(f"the preserved copy {previous[3]} was missing; restored "
                             "from this file (same sha256), recorded in the ledger")
            return IngestReport(known_as, str(path), intake.sha256, status,
                                previous[1], previous[2], notes=notes)
        damaged: list[dict[str, str]] = []
        if previous:
            con.execute(f"DELETE FROM {stored_statements(con)} WHERE source_id = ?",
                        [known_as])
            retired = held_files(con, known_as)
            damaged = _damaged(retired, case.root)
            staging.retire(con, retired)
            con.execute("DELETE FROM sources WHERE source_id = ?", [known_as])
            con.execute("DELETE FROM compartment_entities WHERE source_id = ?", [known_as])
            if earlier:
                moved = [f"source {earlier} (the id of earlier versions) replaced by "
                         f"{intake.source_id}, today's id of {path.name}"]
        say("reading")
        table = read_src(con, path, mapping, case.scratch, options.max_expanded_bytes)
        options, marked = _marked(options, table)
        if callable(spark):  # the file is read: now Spark is needed
            spark = spark()
        engine: Engine = DuckDBEngine(con)
        sent = case.scratch / f"src-{intake.source_id}"
        try:
            if spark is not None:  # the file as read here, mapped and cleaned on Spark
                engine = SparkEngine(spark)
                send_rows(con, engine, sent, path)
            mapped, digested = _map(engine, mapping, path, say)
            say("writing")
            statements, flagged = _insert(con, engine, intake.source_id, mapped, path,
                                          mapping, case.scratch,
                                          staging if options.held else None)
            _mark_compartments(con, engine, mapping, intake.source_id)
            _keep_merges(con)
        finally:
            if spark is not None:  # a session reused for the next file starts clean
                with suppress(*engine.errors):  # (a dead JVM's error would hide the cause)
                    drop_mapped(engine)
                    engine.drop("src")
                shutil.rmtree(sent, ignore_errors=True)
        notes = moved + [
            f"held file {d['file']} of the source replaced: {d['found']}; it is retired "
            "with the source, and this intake's ledger entry records what was found"
            for d in damaged] + marked + table.notes + _twins(con, intake, mapping) + _doubled(
            con, case, path, intake.source_id, bool(options.replace and previous), digested)
        entities, samples = _summarise(con, intake.source_id)
        _register_source(con, case, intake, mapping, options, table, statements, flagged,
                         earlier if previous else None,
                         {"engine": "spark", "master": str(spark.sparkContext.master)}
                         if spark is not None else None, staging, damaged)
        if on_intake is not None:
            on_intake(con, intake.source_id, intake.sha256)
        drop_mapped(engine)
        engine.drop("src")
        con.execute("DROP TABLE IF EXISTS src")
        if not intake.exhibit.exists():
            copy_file(path, intake.incoming)
        staging.place()  # held files renamed into held/: the last step before the commit
        crash_point("before-commit")
    crash_point("after-commit")
    if intake.incoming.exists():
        intake.exhibit.parent.mkdir(parents=True, exist_ok=True)
        crash_point("moving")
        os.replace(intake.incoming, intake.exhibit)
        fsync_dir(intake.exhibit.parent)
        fsync_dir(intake.exhibit.parent.parent)
    return IngestReport(intake.source_id, str(path), intake.sha256, "ingested", table.rows,
                        statements, flagged, entities, samples, table.encoding,
                        sum(f.kind == "statements" for _, f in staging.staged),
                        case.recovered + notes)
