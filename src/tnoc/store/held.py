"""Sources whose statements are held as Parquet files in the case folder, not in the
DuckDB file (issue #27: a lake-first store for sources too big for one machine).

``tnoc ingest ... --statements parquet`` keeps a source's statements as the Parquet
files its engine wrote (Spark's workers, or DuckDB), under
``CASE/held/<source_id>/*.parquet``, each listed with its SHA-256, size and rows in the
store's table ``held_files``; the seal's per-(entity, property) digests likewise
(``seals-*.parquet``, read through a view ``statement_seals``). The case's DuckDB file
keeps the source's record, its seal's roots and its custody entries, never its
statements or their digests. A listed file missing or damaged makes every reading of
the statements fail saying so (:func:`show_held`'s refusal), never read part of them.

Every reader sees them unchanged: each connection to the case (:meth:`Case._open
<tnoc.store.case.Case._open>`) defines a temporary view ``statement_store`` over the
store's own table *and* the held files (:func:`show_held`). DuckDB binds a view's
names at query time and looks in the temporary catalogue first, so the views built on
``statement_store`` (``statements``, ``entities``, ``edges``, ``canonical_map`` ...),
and the lookups, seals, exports and analyses that read it, read both without a
change. What writes the store's own table names it through its database
(:func:`stored_statements`): an unqualified name would reach the view.

What changes a held source's statements is kept beside its files, never by editing
them:

- **merges** (entity resolution sets ``merged_into``) are an overlay: the table
  ``held_merges`` (member -> canonical), joined to the held rows by the view;
- **erasure** writes the remaining rows of each touched file as a new file and lists
  it instead (:mod:`tnoc.govern.erasure`);
- a **replacement** (``--replace``) lists the new intake's files instead.

A held file has no index, so each source's references (its statements pointing at an
entity) are held once more, ordered by value (:func:`index_references`, kind
``references``, written anew whenever the statements change): lookups of the
statements naming an entity read them through the view ``statement_refs``, where
Parquet's row-group statistics skip all but the groups that can hold the id; ``tnoc
verify`` checks them against the statements (:func:`check_references`).

Files are placed by renaming them from the process's scratch folder just before the
transaction that lists them commits (:class:`HeldStaging`); a file no committed row
lists (a killed run's, or one replaced or erased) is removed by the next opening for
writing (:func:`sweep_held`, not while the listing is in doubt), and ``tnoc verify``
names a changed, missing, unlisted or wrongly placed file (:func:`check_held`). The
content itself is covered by the source's seal (:mod:`tnoc.store.seals`), computed
through the view like any other source's.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import threading
from collections.abc import Callable, Collection, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from tnoc.ledger.custody import file_sha256
from tnoc.query_results import has_table
from tnoc.store.engine import HELD_ROW_GROUP
from tnoc.store.sql import file_list, glob_literal, identifier, literal

if TYPE_CHECKING:
    from tnoc.store.case import Case

HELD_DIR = "held"
"""The folder of the case that holds the held sources' files, one folder per source."""

HELD_TABLES = """
CREATE TABLE IF NOT EXISTS held_files (
    source_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,      -- 'statements', 'seals' (their per-pair digests), or
                                -- 'references' (their references again, by value)
    path VARCHAR NOT NULL,      -- relative to the case folder: held/<source_id>/<file>
    sha256 VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    rows BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS held_merges (
    entity_id VARCHAR NOT NULL,  -- a member of a merged entity, in a held source or not
    merged_into VARCHAR NOT NULL
);
"""

HELD_COLUMNS = ("entity_id", "schema", "prop", "prop_type", "value", "original_value",
                "source_id", "locator", "flag")
"""The columns a held file has: ``statement_store``'s without ``merged_into`` (an
overlay, :data:`HELD_TABLES`)."""

REQUIRED = ("entity_id", "schema", "prop", "prop_type", "value", "source_id")
"""The columns ``statement_store`` declares NOT NULL: a held file is held to the same."""

STAGED_NAME = re.compile(r"(?:(?:seals|references)-)?[0-9a-f]+-[0-9]{5}\.parquet")
"""How TNOC names the files it places under ``held/<source_id>/``
(:meth:`HeldStaging.add`: kind, the transaction's token, a number): the only files
:func:`sweep_held` removes when no row lists them; another file there (put by hand) is
left for ``tnoc verify`` to name."""
HELD_PATH = re.compile(HELD_DIR + r"/([A-Za-z0-9_-]+)/[A-Za-z0-9_-]+\.parquet")
"""The only paths a held file may have (relative to the case folder): a row of
``held_files`` naming another (``../other-case/...``) is never read nor removed, and
verify names it."""

_PLACING = threading.Lock()
"""Held while files are renamed into ``held/`` and until their transaction ends, so a
sweep in another thread of this process never takes them for a dead run's."""


@dataclass(frozen=True)
class HeldFile:
    """One Parquet file of a held source, as ``held_files`` lists it."""

    source_id: str
    kind: str
    """``statements``; ``seals``: the source's per-(entity, property) digests
    (:mod:`tnoc.store.seals`), held beside them rather than in ``statement_seals``; or
    ``references``: its references again, ordered by value, for lookups
    (:func:`index_references`)."""
    path: str
    sha256: str
    bytes: int
    rows: int

    @property
    def sound(self) -> bool:
        """Whether the path is one a held file of its source may have (:data:`HELD_PATH`):
        only such files are read, hashed or removed."""
        match = HELD_PATH.fullmatch(self.path)
        return match is not None and match.group(1) == self.source_id


def stored_table(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The store's own table ``name`` (``statement_store``, ``statement_seals``), named
    through its database, for the statements that write it: an unqualified name (or
    ``main.``) reaches the view of :func:`show_held` when the case holds sources in
    Parquet."""
    # read to the end: DuckDB 2 refuses a relation on a connection with a half-read result
    row = con.execute("SELECT current_database()").fetchall()[0]
    return f"{identifier(str(row[0]))}.main.{identifier(name)}"


def stored_statements(con: duckdb.DuckDBPyConnection) -> str:
    """:func:`stored_table` ``statement_store``."""
    return stored_table(con, "statement_store")


def held_files(con: duckdb.DuckDBPyConnection, source_id: str | None = None,
               kind: str | None = None) -> list[HeldFile]:
    """The held files the store lists (of one source, or all; of one kind, or every
    kind), in path order."""
    if not has_table(con, "held_files"):
        return []
    return [f for f in _listing(con) if (source_id is None or f.source_id == source_id)
            and (kind is None or f.kind == kind)]


def _listing(con: duckdb.DuckDBPyConnection) -> list[HeldFile]:
    """Every row of ``held_files`` (a few per held source), in path order."""
    query = ("SELECT source_id, {kind} AS kind, path, sha256, bytes, rows FROM "
             "main.held_files ORDER BY path")
    try:
        rows = con.execute(query.format(kind="kind")).fetchall()
    except duckdb.BinderException:  # a store of session 56's first commits, before its
        # upgrade (schema.create adds the column): statements only
        rows = con.execute(query.format(kind="'statements'")).fetchall()
    return [HeldFile(str(s), str(k), str(p), str(h), int(b), int(r))
            for s, k, p, h, b, r in rows]


def by_kind(files: Sequence[tuple[HeldFile, Path]]
            ) -> tuple[list[Path], list[Path], list[Path]]:
    """The paths of held ``files`` (each with where it is read) split as
    :func:`show_held` takes them: statements, seals' digests, and what lookups by value
    read (each source's references file, :func:`index_references`; the statement files
    of a source held before it had one)."""
    indexed = {f.source_id for f, _ in files if f.kind == "references"}
    return ([p for f, p in files if f.kind == "statements"],
            [p for f, p in files if f.kind == "seals"],
            [p for f, p in files if f.kind == "references"
             or (f.kind == "statements" and f.source_id not in indexed)])


STORE_ORDER = ("entity_id", "merged_into", "schema", "prop", "prop_type", "value",
               "original_value", "source_id", "locator", "flag")
"""``statement_store``'s columns, in table order."""


REFUSAL = "held statement files: "
"""How a refusal to read damaged held files begins (:func:`refusal_of`)."""


def refusal_of(exc: BaseException) -> str | None:
    """What ``exc`` says about held files, for the command line to say as an error of
    the case (exit 4), else None: the refusal of :func:`show_held` (DuckDB raised it
    reading the view), or DuckDB's own error reading a held file damaged past the
    footer it read when the view was made."""
    if not isinstance(exc, duckdb.Error):
        return None
    text = str(exc)
    at = text.find(REFUSAL)
    if at >= 0:
        return text[at + len(REFUSAL):].strip()
    named = re.search(r"(\S*/" + HELD_PATH.pattern + ")", text)
    if named is not None:
        return (f"the held statement file {named.group(1)} cannot be read "
                f"({text.splitlines()[0]}); 'tnoc verify' on the case names what "
                "changed; restore it from a backup")
    return None


def unread_statements(exc: BaseException, roots: Sequence[Path]) -> str | None:
    """What to say of a DuckDB error ``exc`` a command on the cases ``roots`` met: the
    refusal or the held file it names (:func:`refusal_of`), else, when one of them
    holds statements as Parquet, that its reading failed and where to look (DuckDB
    does not always name the damaged file: "Varint-decoding found too large number");
    None for anything else."""
    said = refusal_of(exc)
    if said is not None or not isinstance(exc, duckdb.Error):
        return said
    held = [r for r in roots if any((r / HELD_DIR).glob("*/*.parquet"))]
    if not held:
        return None
    return (f"the statements could not be read ({str(exc).splitlines()[0]}); {held[0]} "
            f"holds statements as Parquet files: tnoc verify {shlex.quote(str(held[0]))} "
            "names one that changed; restore it from a backup")


def _refusal(columns: Sequence[str], why: str | None) -> str:
    """``UNION ALL`` one row whose every column raises ``why`` when read (DuckDB's
    ``error()``): a reading of the view fails with it, a query of other tables runs."""
    if why is None:
        return ""
    raising = f"error({literal(REFUSAL + why)})::VARCHAR"
    return " UNION ALL SELECT " + ", ".join(f"{raising} AS {c}" for c in columns)


def show_held(con: duckdb.DuckDBPyConnection, files: Sequence[Path],
              seals: Sequence[Path] = (), references: Sequence[Path] = (),
              refusal: str | None = None) -> None:
    """Make ``statement_store`` read, on this connection, the store's table and the
    held ``files`` (absolute paths), ``statement_seals`` the store's table and the
    held ``seals`` files, and ``statement_refs`` (what a lookup by value reads,
    :func:`tnoc.store.lookup.statements_by`) the store's table and the held
    ``references`` (:func:`by_kind`: the references files, and the statement files of
    a source that has none): temporary views, or none where there are no files. With a
    ``refusal`` (why the held files cannot be read whole), reading any of them fails
    with it, so nothing reads part of the statements; the case's other tables stay
    readable (the gate, the audit, verify)."""
    if not seals and refusal is None:
        con.execute("DROP VIEW IF EXISTS temp.main.statement_seals")
    else:
        held = (f" UNION ALL SELECT source_id, entity_id, prop, digest FROM read_parquet("
                f"{file_list(seals)}, hive_partitioning = false)") if seals else ""
        con.execute(
            "CREATE OR REPLACE TEMP VIEW statement_seals AS SELECT source_id, entity_id, "
            f"prop, digest FROM {stored_table(con, 'statement_seals')}{held}"
            + _refusal(("source_id", "entity_id", "prop", "digest"), refusal))
    for view, held_files_ in (("statement_store", files), ("statement_refs", references)):
        if not held_files_ and refusal is None:
            con.execute(f"DROP VIEW IF EXISTS temp.main.{view}")
            continue
        held = f" UNION ALL {held_rows(held_files_)}" if held_files_ else ""
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {', '.join(STORE_ORDER)} "
            f"FROM {stored_statements(con)}{held}" + _refusal(STORE_ORDER, refusal))


HELD_VIEWS = ("statement_store", "statement_seals", "statement_refs")
"""The temporary views :func:`show_held` makes on a connection."""


def held_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of ``con`` (a connection of its own to the same database, whose result
    leaves ``con`` free) that reads the held sources as ``con`` does: temporary views
    belong to one connection, so a plain cursor's ``statement_store`` was the store's
    table alone (the search index built on one held none of a held source's
    entities); ``con``'s views of :data:`HELD_VIEWS` are made on it too."""
    cursor = con.cursor()
    try:
        for (sql,) in con.execute(
                "SELECT sql FROM duckdb_views() WHERE temporary AND schema_name = 'main' "
                "AND view_name IN (SELECT unnest(?))", [list(HELD_VIEWS)]).fetchall():
            cursor.execute(str(sql))
    except BaseException:
        cursor.close()
        raise
    return cursor


def held_rows(files: Sequence[Path], addressed: bool = False,
              merges: str = "main.held_merges") -> str:
    """A SELECT of the held ``files``' rows as ``statement_store``'s columns, their
    merges from the overlay ``merges`` (``held_merges``, or the lake's copy of it);
    ``addressed``: each preceded by its row number and file (``rid``, ``held_file``:
    :func:`addressed_statements`)."""
    rest = ", ".join(f"h.{c}" for c in HELD_COLUMNS[1:])
    address = "h.file_row_number AS rid, h.filename AS held_file, " if addressed else ""
    options = ", filename = true, file_row_number = true" if addressed else ""
    return (f"SELECT {address}h.entity_id, m.merged_into, {rest} FROM read_parquet("
            f"{file_list(files)}, hive_partitioning = false{options}) h "
            f"LEFT JOIN {merges} m ON m.entity_id = h.entity_id")


def addressed_statements(con: duckdb.DuckDBPyConnection, root: Path) -> str:
    """A SELECT of every statement with its address, for what removes some of them
    (erasure): ``rid`` (the row id in the store's table, or the row number in a held
    file) and ``held_file`` (NULL in the store, else the file as read: the case
    folder joined to its listed path), then ``statement_store``'s columns."""
    plain = (f"SELECT rowid AS rid, NULL::VARCHAR AS held_file, {', '.join(STORE_ORDER)} "
             f"FROM {stored_statements(con)}")
    listed = [f for f in held_files(con, kind="statements") if f.sound]
    if not listed:
        return plain
    return f"{plain} UNION ALL {held_rows([root / f.path for f in listed], addressed=True)}"


def rewrite_without(con: duckdb.DuckDBPyConnection, staging: HeldStaging, scratch: Path,
                    removed: str) -> int:
    """Write each held file that has rows in the table ``removed`` (``rid``,
    ``held_file`` of :func:`addressed_statements`) anew without them, in ``scratch``;
    list the new files and retire the old ones through ``staging`` (placed and
    removed with its transaction). Returns how many files were rewritten."""
    touched = [str(r[0]) for r in con.execute(
        f"SELECT DISTINCT held_file FROM {removed} WHERE held_file IS NOT NULL "
        "ORDER BY 1").fetchall()]
    if not touched:
        return 0
    by_file = {str(staging.root / f.path): f for f in held_files(con, kind="statements")
               if f.sound}
    cols = ", ".join(HELD_COLUMNS)
    for n, read in enumerate(touched):
        folder = scratch / f"held-{staging.token}-{n}"
        staging.scratch.append(folder)  # removed at the end, whatever happens
        folder.mkdir(parents=True)
        target = folder / "part-0.parquet"
        con.execute(
            f"COPY (SELECT {cols} FROM read_parquet($file, hive_partitioning = false, "
            f"file_row_number = true) WHERE file_row_number NOT IN (SELECT rid FROM "
            f"{removed} WHERE held_file = $read) ORDER BY file_row_number) "
            f"TO {literal(target)} (FORMAT parquet, COMPRESSION zstd)",
            {"file": glob_literal(read), "read": read})
        staging.add(con, by_file[read].source_id, [target])
    staging.retire(con, [by_file[read] for read in touched])
    staging.list_in(con)
    for source_id in sorted({by_file[read].source_id for read in touched}):
        index_references(con, staging, source_id, scratch)
    return len(touched)


def index_references(con: duckdb.DuckDBPyConnection, staging: HeldStaging,
                     source_id: str, scratch: Path) -> None:
    """Hold ``source_id``'s references (its statements with ``prop_type = 'entity'``,
    those pointing at an entity) once more, ordered by ``value``, as its file of kind
    ``references`` instead of the one it had: what a lookup of the statements naming
    an entity reads (``statement_refs``, :func:`tnoc.store.lookup.statements_by`).

    A held file has no index; Parquet keeps each row group's least and greatest value
    of each column, so in a file ordered by value such a lookup reads the one or two
    row groups that can hold the entity's id instead of every value of the source
    (measured in benchmarks/held.py). The references are about a quarter of a
    payments file's statements (the payer and beneficiary and their accounts), so
    the copy costs that much more disk. An entity's own statements are read from the
    statement files, whose row groups' statistics and Bloom filters on ``entity_id``
    skip the groups that cannot hold it. Read
    from the source's statement files as this transaction has them (staged in
    scratch, or in place); written anew whenever they change (intake, erasure)."""
    staged = {f.path: p for p, f in staging.staged}
    files = [staged.get(f.path, staging.root / f.path)
             for f in held_files(con, source_id, "statements") if f.sound]
    if not files:
        staging.retire(con, held_files(con, source_id, "references"))
        return
    staging.write(con, source_id, "references",
                  f"SELECT {', '.join(HELD_COLUMNS)} FROM read_parquet({file_list(files)}, "
                  "hive_partitioning = false) WHERE prop_type = 'entity' "
                  "ORDER BY value, entity_id, prop",
                  {}, scratch / f"references-{staging.token}-{len(staging.staged)}")


def check_references(con: duckdb.DuckDBPyConnection, root: Path,
                     named: Collection[str] = ()) -> list[tuple[str, str]]:
    """Each held source's references file against its statements (for ``tnoc
    verify``): the same rows as its statements with ``prop_type = 'entity'``, as a
    multiset (``EXCEPT ALL`` both ways), else (file, how many rows differ). A file
    that is missing or changed is named by :func:`check_held`; one that differs from
    the statements it copies would make lookups by value (the links of ``tnoc show``,
    the dossier) show what the statements do not say. A source with a file among
    ``named`` (paths :func:`check_held` found wrong) is left out: what is wrong is said
    there."""
    problems = []
    every = held_files(con)
    doubtful = {f.source_id for f in every if f.path in named}
    listed = [f for f in every if f.sound and (root / f.path).is_file()
              and f.source_id not in doubtful]
    cols = ", ".join(HELD_COLUMNS)

    def rows(files: Sequence[HeldFile]) -> str:
        return (f"SELECT {cols} FROM read_parquet({file_list([root / f.path for f in files])},"
                " hive_partitioning = false)")

    for source_id in sorted({f.source_id for f in listed if f.kind == "references"}):
        # every references file of the source together (what the lookups read): two
        # listed copies of one file would show each link twice
        refs = [f for f in listed if f.kind == "references" and f.source_id == source_id]
        own = [f for f in listed if f.kind == "statements" and f.source_id == source_id]
        copied = rows(refs)
        stated = (f"{rows(own)} WHERE prop_type = 'entity'" if own
                  else f"{copied} WHERE false")
        named_as = ", ".join(f.path for f in refs)
        try:
            differ = int(con.execute(
                f"SELECT count(*) FROM (({copied} EXCEPT ALL {stated}) UNION ALL "
                f"({stated} EXCEPT ALL {copied}))").fetchall()[0][0])
        except duckdb.Error as exc:  # an unreadable file: check_held names it
            problems.append((named_as, f"not read ({str(exc).splitlines()[0]})"))
            continue
        if differ:
            problems.append((named_as, f"{differ:,} row(s) differ from the references "
                             f"among source {source_id}'s statements (a lookup's "
                             "index of them: written by hand, or by another program)"))
    return problems


def damage(listed: Sequence[HeldFile], root: Path,
           where: Callable[[HeldFile], Path] | None = None) -> str | None:
    """Why the held files ``listed`` cannot be read whole, or None: a row under a path
    no held file may have (:data:`HELD_PATH`), a file missing, or one whose size is
    not the listed one (changed: a lookup would read another index, a reading other
    statements; one ``stat`` per file, the hash is verify's) — each file where
    ``where`` says (by default its path under ``root``). What :func:`show_held`
    refuses with, and why :func:`sweep_held` does not trust the listing."""
    at = where or (lambda f: root / f.path)

    def size(held: HeldFile) -> int | None:
        try:
            return at(held).stat().st_size
        except OSError:
            return None

    unsound = [f.path for f in listed if not f.sound]
    sizes = {f.path: size(f) for f in listed if f.sound}
    missing = [p for p, n in sizes.items() if n is None]
    changed = [f.path for f in listed if f.sound and sizes[f.path] not in (None, f.bytes)]
    if not (unsound or missing or changed):
        return None
    wrong = (f"missing (e.g. {missing[0]})" if missing else
             f"changed (e.g. {changed[0]}: not of the size the store lists)" if changed
             else f"listed under a path no held file has (e.g. {unsound[0]!r})")
    return (f"{len(unsound + missing + changed):,} held file(s) of {root} are {wrong}: "
            f"the case's statements cannot be read without them; tnoc verify "
            f"{shlex.quote(str(root))} names them; restore them from a backup (a "
            "references file is also written anew by taking its source in again with "
            "--replace)")


def readable(con: duckdb.DuckDBPyConnection, path: Path, whole: bool = False) -> bool:
    """Whether DuckDB reads ``path`` as Parquet: its footer, or (``whole``) every value
    of every row (a damaged page is found only so)."""
    query = ("SELECT sum(hash(x)) FROM read_parquet($f) x" if whole else
             "SELECT count(*) FROM parquet_metadata($f)")
    try:
        con.execute(query, {"f": glob_literal(path)}).fetchall()
    except duckdb.Error:
        return False
    return True


def listing_of_new(con: duckdb.DuckDBPyConnection) -> list[HeldFile]:
    """``held_files`` read on a new connection (autocommit: a failed read aborts no
    transaction), in one query: :func:`held_files` checks the table first, which took
    2 of a connection's 2.4 ms in a hold. Empty for a store of before held sources."""
    try:
        return _listing(con)
    except duckdb.Error:  # (not only CatalogException: a missing table is looked for
        # among the caller's Python names, DuckDB's replacement scan)
        if has_table(con, "held_files"):
            raise
        return []  # a store of before held sources (or one being made): nothing held


def show_case_held(con: duckdb.DuckDBPyConnection, root: Path,
                   damaged_ok: bool = False, listed: list[HeldFile] | None = None) -> None:
    """:func:`show_held` for the files the case's store lists. When a listed file is
    missing, listed under a path no held file may have (:data:`HELD_PATH`), or not
    Parquet as far as DuckDB reads when the view is made (the first file of each
    kind), reading the views fails with what is wrong (:func:`show_held`'s refusal):
    every reading would otherwise lack statements, or fail half-way. With
    ``damaged_ok`` (``tnoc verify``, which names each problem) they read the sound
    files whose footer DuckDB reads, and refuse nothing. Run on each new connection
    (nothing to drop when nothing is listed), with ``listed`` when the caller knows
    the listing (:meth:`tnoc.store.case.Case._held_listing`), else read
    (:func:`listing_of_new`)."""
    if listed is None:
        listed = listing_of_new(con)
    if not listed:
        return
    why = None if damaged_ok else damage(listed, root)
    sound = [f for f in listed if f.sound and (root / f.path).is_file()]
    if damaged_ok:
        sound = [f for f in sound if readable(con, root / f.path)]
    try:
        show_held(con, *by_kind([(f, root / f.path) for f in sound]), refusal=why)
    except duckdb.Error as exc:  # a file that is no Parquet: nothing is read
        show_held(con, [], refusal=why or (
            f"the held statement files of {root} cannot be read "
            f"({str(exc).splitlines()[0]}); tnoc verify {shlex.quote(str(root))} names "
            "what changed; "
            "restore it from a backup"))


def check_columns(con: duckdb.DuckDBPyConnection, files: Sequence[Path]) -> str | None:
    """Why ``files`` cannot be held (a column missing, or NULL where the store requires
    a value, with its first file and row), or None."""
    listed = file_list(files)
    have = {str(r[0]) for r in con.execute(
        f"DESCRIBE SELECT * FROM read_parquet({listed}, hive_partitioning = false)"
    ).fetchall()}
    missing = [c for c in HELD_COLUMNS if c not in have]
    if missing:
        return f"the statements written lack column(s) {', '.join(missing)}"
    test = " OR ".join(f"{c} IS NULL" for c in REQUIRED)
    found = con.execute(
        f"SELECT filename, file_row_number, {', '.join(REQUIRED)} FROM read_parquet("
        f"{listed}, hive_partitioning = false, filename = true, file_row_number = true) "
        f"WHERE {test} LIMIT 1").fetchall()
    if not found:
        return None
    row = found[0]
    empty = [c for c, v in zip(REQUIRED, row[2:], strict=True) if v is None]
    return (f"statement {int(row[1]) + 1} of {Path(str(row[0])).name} has no "
            f"{', '.join(empty)} (the store requires one)")


@dataclass
class HeldStaging:
    """One transaction's changes to the held files: files written in the scratch
    folder to be held (:meth:`add`), listed in ``held_files`` inside the transaction
    (:meth:`list_in`) and renamed into ``held/<source_id>/`` just before it commits
    (:meth:`place`); files it unlists (:meth:`retire`, a replaced source's, an erased
    file's former version) are removed once it has committed. If it fails, the placed
    files no committed row lists are removed, and what was retired stays
    (:meth:`__exit__`); what cannot be settled there is left to :func:`sweep_held`.

    Between :meth:`place` and the end of the ``with`` block the thread holds the
    placing lock: it must open no connection for writing there (its opening would
    sweep, and wait for that lock)."""

    root: Path
    token: str
    case: Case | None = None
    """The case, asked through its own connections (a hold's too) after a failure."""
    staged: list[tuple[Path, HeldFile]] = field(default_factory=list)
    retired: list[HeldFile] = field(default_factory=list)
    placed: list[Path] = field(default_factory=list)
    scratch: list[Path] = field(default_factory=list)
    """Scratch folders the staged files are written in, removed at the end."""
    _locked: bool = False

    def add(self, con: duckdb.DuckDBPyConnection, source_id: str, files: Sequence[Path],
            kind: str = "statements") -> None:
        """Stage ``files`` of ``source_id`` (written in a folder of :attr:`scratch`):
        hashed and counted now."""
        for file in files:
            sha, size = file_sha256(file)
            rows = int(con.execute("SELECT count(*) FROM read_parquet($f)",
                                   {"f": glob_literal(file)}).fetchall()[0][0])
            prefix = "" if kind == "statements" else f"{kind}-"
            name = (f"{HELD_DIR}/{source_id}/{prefix}{self.token}-"
                    f"{len(self.staged):05d}.parquet")
            self.staged.append((file, HeldFile(source_id, kind, name, sha, size, rows)))

    def write(self, con: duckdb.DuckDBPyConnection, source_id: str, kind: str,
              select: str, params: dict[str, object], folder: Path) -> None:
        """Hold the rows of ``select`` as the source's file of ``kind`` instead of the
        one it had (written in the scratch ``folder``, staged, listed)."""
        self.scratch.append(folder)
        folder.mkdir(parents=True)
        target = folder / "part-0.parquet"
        con.execute(f"COPY ({select}) TO {literal(target)} (FORMAT parquet, "
                    f"COMPRESSION zstd, ROW_GROUP_SIZE {HELD_ROW_GROUP})", params)
        self.retire(con, held_files(con, source_id, kind))
        self.add(con, source_id, [target], kind)
        self.list_in(con)

    def retire(self, con: duckdb.DuckDBPyConnection, files: Sequence[HeldFile]) -> None:
        """Unlist ``files`` (each by its source, kind and path: a row of another
        source naming the same path stays): removed once the transaction commits, the
        sound ones (:attr:`HeldFile.sound`: under their own source's folder)."""
        for held in files:
            con.execute("DELETE FROM main.held_files WHERE source_id = ? AND kind = ? "
                        "AND path = ?", [held.source_id, held.kind, held.path])
        self.retired += files
        self.show(con)

    def list_in(self, con: duckdb.DuckDBPyConnection) -> None:
        """List the staged files in ``held_files`` and show them to this connection
        (still read from scratch until :meth:`place`)."""
        listed = {f.path for f in held_files(con)}
        rows = [(f.source_id, f.kind, f.path, f.sha256, f.bytes, f.rows)
                for _, f in self.staged if f.path not in listed]
        if rows:
            con.executemany("INSERT INTO main.held_files (source_id, kind, path, sha256, "
                            "bytes, rows) VALUES (?, ?, ?, ?, ?, ?)", rows)
        self.show(con)

    def show(self, con: duckdb.DuckDBPyConnection) -> None:
        """:func:`show_held` of what is listed now, the staged files from scratch,
        refusing as :func:`show_case_held` does when a listed file is missing or
        unsound (the transaction then reads no part of the statements)."""
        staged = {f.path: src for src, f in self.staged}
        listed = held_files(con)
        why = damage(listed, self.root, lambda f: staged.get(f.path, self.root / f.path))
        show_held(con, *by_kind([(f, staged.get(f.path, self.root / f.path))
                                 for f in listed if f.sound and (
                                     f.path in staged or (self.root / f.path).is_file())]),
                  refusal=why)

    def place(self) -> None:
        """Rename the staged files into ``held/``, their content and the folders that
        name them on disk first (the last step before the commit)."""
        if not self.staged:
            return
        from tnoc.store.case import fsync_dir

        self._locked = _PLACING.acquire()
        made = not (self.root / HELD_DIR).is_dir()
        folders = set()
        for src, held in self.staged:
            with open(src, "rb") as fh:  # the bytes on disk before a row lists them
                os.fsync(fh.fileno())
            target = self.root / held.path
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
                folders.add(target.parent.parent)
            os.replace(src, target)
            self.placed.append(target)
            folders.add(target.parent)
        if made:
            folders.add(self.root)
        for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
            fsync_dir(folder)

    def __enter__(self) -> HeldStaging:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        try:
            if kind is not None and self.placed:  # failed: but had it committed?
                self._unplace()
            elif kind is None:  # committed: what it unlisted goes
                for held in self.retired:
                    if held.sound:
                        with suppress(OSError):  # else the next sweep removes it
                            (self.root / held.path).unlink(missing_ok=True)
            for folder in self.scratch:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            if self._locked:
                self._locked = False
                _PLACING.release()

    def _unplace(self) -> None:
        """After a failure past :meth:`place`: remove the placed files the store does
        not list (the commit did not happen); those it lists stay (an error after the
        commit). When the store cannot be asked, nothing is removed: the next opening
        for writing sweeps what no row lists."""
        if self.case is None:
            return
        try:  # through the case: inside a hold, a connection to the held database
            with self.case.connect(read_only=True) as con:
                listed = {f.path for f in held_files(con)}
        except Exception:  # noqa: BLE001 - whatever failed, the sweep settles it later
            return
        for path in self.placed:
            if path.relative_to(self.root).as_posix() not in listed:
                with suppress(OSError):
                    path.unlink(missing_ok=True)


def sweep_held(con: duckdb.DuckDBPyConnection, root: Path) -> list[str]:
    """Remove the files under ``held/<source_id>/`` named as TNOC names them
    (:data:`STAGED_NAME`) that no committed row of ``held_files`` lists (a killed
    run's, or files replaced or erased), and empty folders; their paths. Any other
    file is left for ``tnoc verify`` to name (put there by hand).
    Nothing is removed while the listing is in doubt (a row unsound or naming a file
    missing or of another size, a path listed twice): a file a forged row no longer
    names would be taken for a leftover; ``tnoc verify`` names the doubt. Run under
    the store's write lock (no other process writes meanwhile) and this process's
    placing lock (no other thread is between placing and committing)."""
    folder = root / HELD_DIR
    if not folder.is_dir():
        return []
    with _PLACING:
        rows = held_files(con)
        if damage(rows, root) is not None or len({f.path for f in rows}) != len(rows):
            return []  # a listing edited or a file gone: nothing is taken for a leftover
        listed = {f.path for f in rows}
        removed = []
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.relative_to(root).as_posix() not in listed \
                    and STAGED_NAME.fullmatch(path.name) and path.parent.parent == folder:
                path.unlink()
                removed.append(path.relative_to(root).as_posix())
        for sub in sorted(folder.iterdir()):
            if sub.is_dir() and not any(sub.iterdir()):
                sub.rmdir()
        return removed


def held_problem(held: HeldFile, root: Path) -> str | None:
    """What is wrong with listed held file ``held`` in the case at ``root`` (re-hashed),
    or None when it is as the store lists it."""
    path = root / held.path
    if not held.sound:
        return (f"listed for source {held.source_id} under a path no held file has (only "
                f"held/{held.source_id}/NAME.parquet): not read")
    if not path.is_file():
        return f"missing (a file of source {held.source_id})"
    sha, size = file_sha256(path)
    if sha != held.sha256 or size != held.bytes:
        return (f"sha256 {sha} ({size:,} bytes), the store lists {held.sha256} "
                f"({held.bytes:,} bytes) for source {held.source_id}")
    return None


def check_held(con: duckdb.DuckDBPyConnection, root: Path) -> list[tuple[str, str]]:
    """What is wrong with the held files (for ``tnoc verify``), as (file, why): a
    listed file changed, missing or listed under a path no held file may have, or a
    file under ``held/`` no row lists; empty when all is as listed."""
    listed = held_files(con)
    problems = [(held.path, why) for held in listed
                if (why := held_problem(held, root)) is not None]
    names = {h.path for h in listed}
    folder = root / HELD_DIR
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in names:
            problems.append((rel, "listed by no source: " + (
                "named as TNOC names its files (a leftover of an interrupted run, "
                "removed by the next writing)" if STAGED_NAME.fullmatch(path.name)
                and path.parent.parent == folder else
                "put there by hand or by another program (TNOC never removes it: move it "
                "out of held/)")))
    return problems
