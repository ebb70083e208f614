"""Sources whose statements are held as Parquet files in the case folder, not in the
DuckDB file (issue #27: a lake-first store for sources too big for one machine).

``tnoc ingest ... --statements parquet`` keeps a source's statements as the Parquet
files its engine wrote (Spark's workers, or DuckDB), under
``CASE/held/<source_id>/*.parquet``, each listed with its SHA-256, size and rows in the
store's table ``held_files``. The case's DuckDB file keeps the source's record, its
seal and its custody entries, never its statements.

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

Files are placed by renaming them from the process's scratch folder just before the
transaction that lists them commits (:class:`HeldStaging`); a file no committed row
lists (a killed run's, or one replaced or erased) is removed by the next opening for
writing (:func:`sweep_held`), and ``tnoc verify`` names a changed, missing or unlisted
file (:func:`check_held`). The content itself is covered by the source's seal
(:mod:`tnoc.store.seals`), computed through the view like any other source's.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tnoc.ledger.custody import file_sha256
from tnoc.query_results import has_table
from tnoc.store.sql import identifier

HELD_DIR = "held"
"""The folder of the case that holds the held sources' files, one folder per source."""

HELD_TABLES = """
CREATE TABLE IF NOT EXISTS held_files (
    source_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,      -- 'statements', or 'seals' (their per-pair digests)
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

_PLACING = threading.Lock()
"""Held while files are renamed into ``held/`` and until their transaction ends, so a
sweep in another thread of this process never takes them for a dead run's."""


@dataclass(frozen=True)
class HeldFile:
    """One Parquet file of a held source, as ``held_files`` lists it."""

    source_id: str
    kind: str
    """``statements``, or ``seals``: the source's per-(entity, property) digests
    (:mod:`tnoc.store.seals`), held beside them rather than in ``statement_seals``."""
    path: str
    sha256: str
    bytes: int
    rows: int


def stored_table(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The store's own table ``name`` (``statement_store``, ``statement_seals``), named
    through its database, for the statements that write it: an unqualified name (or
    ``main.``) reaches the view of :func:`show_held` when the case holds sources in
    Parquet."""
    row = con.execute("SELECT current_database()").fetchone()
    assert row is not None
    return f"{identifier(str(row[0]))}.main.{identifier(name)}"


def stored_statements(con: duckdb.DuckDBPyConnection) -> str:
    """:func:`stored_table` ``statement_store``."""
    return stored_table(con, "statement_store")


def held_files(con: duckdb.DuckDBPyConnection, source_id: str | None = None,
               kind: str | None = None) -> list[HeldFile]:
    """The held files the store lists (of one source, or all; of one kind, or both),
    in path order."""
    if not has_table(con, "held_files"):
        return []
    rows = con.execute(
        "SELECT source_id, kind, path, sha256, bytes, rows FROM main.held_files "
        "WHERE ($source IS NULL OR source_id = $source) AND ($kind IS NULL OR kind = $kind) "
        "ORDER BY path", {"source": source_id, "kind": kind}).fetchall()
    return [HeldFile(str(s), str(k), str(p), str(h), int(b), int(r))
            for s, k, p, h, b, r in rows]


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def show_held(con: duckdb.DuckDBPyConnection, files: Sequence[Path],
              seals: Sequence[Path] = ()) -> None:
    """Make ``statement_store`` read, on this connection, the store's table and the
    held ``files`` (absolute paths), and ``statement_seals`` the store's table and the
    held ``seals`` files: temporary views, or none where there are no files."""
    if not seals:
        con.execute("DROP VIEW IF EXISTS temp.main.statement_seals")
    else:
        con.execute(
            "CREATE OR REPLACE TEMP VIEW statement_seals AS SELECT source_id, entity_id, "
            f"prop, digest FROM {stored_table(con, 'statement_seals')} UNION ALL "
            "SELECT source_id, entity_id, prop, digest FROM read_parquet(["
            + ", ".join(_text(str(f)) for f in seals) + "], hive_partitioning = false)")
    if not files:
        con.execute("DROP VIEW IF EXISTS temp.main.statement_store")
        return
    table = stored_statements(con)
    listed = ", ".join(_text(str(f)) for f in files)
    rest = ", ".join(f"h.{c}" for c in HELD_COLUMNS[1:])
    con.execute(
        "CREATE OR REPLACE TEMP VIEW statement_store AS "
        "SELECT entity_id, merged_into, schema, prop, prop_type, value, original_value, "
        f"source_id, locator, flag FROM {table} UNION ALL "
        f"SELECT h.entity_id, m.merged_into, {rest} "
        f"FROM read_parquet([{listed}], hive_partitioning = false) h "
        "LEFT JOIN main.held_merges m ON m.entity_id = h.entity_id")


def addressed_statements(con: duckdb.DuckDBPyConnection, root: Path) -> str:
    """A SELECT of every statement with its address, for what removes some of them
    (erasure): ``rid`` (the row id in the store's table, or the row number in a held
    file) and ``held_file`` (NULL in the store, else the file as read: the case
    folder joined to its listed path), then ``statement_store``'s columns."""
    table = stored_statements(con)
    plain = (f"SELECT rowid AS rid, NULL::VARCHAR AS held_file, entity_id, merged_into, "
             f"schema, prop, prop_type, value, original_value, source_id, locator, flag "
             f"FROM {table}")
    listed = held_files(con, kind="statements")
    if not listed:
        return plain
    paths = ", ".join(_text(str(root / f.path)) for f in listed)
    rest = ", ".join(f"h.{c}" for c in HELD_COLUMNS[1:])
    return (f"{plain} UNION ALL SELECT h.file_row_number AS rid, "
            f"h.filename AS held_file, h.entity_id, m.merged_into, {rest} "
            f"FROM read_parquet([{paths}], hive_partitioning = false, filename = true, "
            "file_row_number = true) h LEFT JOIN main.held_merges m "
            "ON m.entity_id = h.entity_id")


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
    by_file = {str(staging.root / f.path): f for f in held_files(con, kind="statements")}
    cols = ", ".join(HELD_COLUMNS)
    for n, read in enumerate(touched):
        folder = scratch / f"held-{staging.token}-{n}"
        folder.mkdir(parents=True)
        target = folder / "part-0.parquet"
        con.execute(
            f"COPY (SELECT {cols} FROM read_parquet($file, hive_partitioning = false, "
            f"file_row_number = true) WHERE file_row_number NOT IN (SELECT rid FROM "
            f"{removed} WHERE held_file = $read) ORDER BY file_row_number) "
            f"TO {_text(str(target))} (FORMAT parquet, COMPRESSION zstd)",
            {"file": read, "read": read})
        staging.add(con, by_file[read].source_id, [target], folder)
    staging.retire(con, [by_file[read].path for read in touched])
    staging.list_in(con)
    return len(touched)


def show_case_held(con: duckdb.DuckDBPyConnection, root: Path,
                   damaged_ok: bool = False) -> None:
    """:func:`show_held` for the files the case's store lists. A listed file missing
    raises :class:`CaseError` naming it, since every reading would lack its statements
    (or fail half-way); with ``damaged_ok`` (``tnoc verify``, which names it among the
    problems) the files present are read."""
    listed = held_files(con)
    files = [root / f.path for f in listed]
    missing = [f for f in files if not f.is_file()]
    if missing and not damaged_ok:
        from tnoc.errors import CaseError

        raise CaseError(
            f"{len(missing):,} held statement file(s) of {root} are missing (e.g. "
            f"{missing[0].relative_to(root).as_posix()}): the case cannot be read without "
            f"their statements; 'tnoc verify {root}' names them, restore them from a "
            "backup")
    def shown(ok: Callable[[HeldFile], bool]) -> None:
        show_held(con, *[[root / f.path for f in listed if f.kind == kind and ok(f)]
                         for kind in ("statements", "seals")])

    try:
        shown(lambda f: (root / f.path).is_file())
    except duckdb.Error as exc:  # a file that is no Parquet (DuckDB reads each footer)
        if not damaged_ok:
            from tnoc.errors import CaseError

            raise CaseError(
                f"the held statement files of {root} cannot be read "
                f"({str(exc).splitlines()[0]}); 'tnoc verify {root}' names what changed, "
                "restore it from a backup") from exc
        shown(lambda f: (root / f.path).is_file()
              and file_sha256(root / f.path) == (f.sha256, f.bytes))


def check_columns(con: duckdb.DuckDBPyConnection, files: Sequence[Path]) -> str | None:
    """Why ``files`` cannot be held (a column missing, or NULL where the store requires
    a value, with its first file and row), or None."""
    listed = "[" + ", ".join(_text(str(f)) for f in files) + "]"
    have = {str(r[0]) for r in con.execute(
        f"DESCRIBE SELECT * FROM read_parquet({listed}, hive_partitioning = false)"
    ).fetchall()}
    missing = [c for c in HELD_COLUMNS if c not in have]
    if missing:
        return f"the statements written lack column(s) {', '.join(missing)}"
    test = " OR ".join(f"{c} IS NULL" for c in REQUIRED)
    row = con.execute(
        f"SELECT filename, file_row_number, {', '.join(REQUIRED)} FROM read_parquet("
        f"{listed}, hive_partitioning = false, filename = true, file_row_number = true) "
        f"WHERE {test} LIMIT 1").fetchone()
    if row is None:
        return None
    empty = [c for c, v in zip(REQUIRED, row[2:], strict=True) if v is None]
    return (f"statement {int(row[1]) + 1} of {Path(str(row[0])).name} has no "
            f"{', '.join(empty)} (the store requires one)")


@dataclass
class HeldStaging:
    """One transaction's changes to the held files: files written in the scratch
    folder to be held (:meth:`add`), listed in ``held_files`` inside the transaction
    (:meth:`list_in`) and renamed into ``held/<source_id>/`` just before it commits
    (:meth:`place`); files it unlists (:meth:`retire`, a replaced source's, an erased
    file's former version) are removed once it has committed. If it fails, what was
    placed is removed and what was retired stays (:meth:`__exit__`)."""

    root: Path
    token: str
    staged: list[tuple[Path, HeldFile]] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    placed: list[Path] = field(default_factory=list)
    scratch: list[Path] = field(default_factory=list)
    """Scratch folders the staged files came from, removed at the end."""
    _locked: bool = False

    def add(self, con: duckdb.DuckDBPyConnection, source_id: str, files: Sequence[Path],
            folder: Path, kind: str = "statements") -> None:
        """Stage ``files`` of ``source_id`` (in the scratch ``folder``, removed at the
        end): hashed and counted now."""
        self.scratch.append(folder)
        for file in files:
            sha, size = file_sha256(file)
            row = con.execute("SELECT count(*) FROM read_parquet($f)",
                              {"f": str(file)}).fetchone()
            rows = int(row[0]) if row else 0
            prefix = "" if kind == "statements" else f"{kind}-"
            name = (f"{HELD_DIR}/{source_id}/{prefix}{self.token}-"
                    f"{len(self.staged):05d}.parquet")
            self.staged.append((file, HeldFile(source_id, kind, name, sha, size, rows)))

    def write(self, con: duckdb.DuckDBPyConnection, source_id: str, kind: str,
              select: str, params: dict[str, object], folder: Path) -> None:
        """Hold the rows of ``select`` as the source's file of ``kind`` instead of the
        one it had (written in the scratch ``folder``, staged, listed)."""
        folder.mkdir(parents=True)
        target = folder / "part-0.parquet"
        con.execute(f"COPY ({select}) TO {_text(str(target))} "
                    "(FORMAT parquet, COMPRESSION zstd)", params)
        self.retire(con, [f.path for f in held_files(con, source_id, kind)])
        self.add(con, source_id, [target], folder, kind)
        self.list_in(con)

    def retire(self, con: duckdb.DuckDBPyConnection, paths: Sequence[str]) -> None:
        """Unlist ``paths`` (relative, as listed): removed once the transaction commits."""
        con.execute("DELETE FROM main.held_files WHERE list_contains($p, path)",
                    {"p": list(paths)})
        self.retired += paths
        self.show(con)

    def list_in(self, con: duckdb.DuckDBPyConnection) -> None:
        """List the staged files in ``held_files`` and show them to this connection
        (still read from scratch until :meth:`place`)."""
        listed = {f.path for f in held_files(con)}
        con.executemany("INSERT INTO main.held_files VALUES (?, ?, ?, ?, ?, ?)",
                        [(f.source_id, f.kind, f.path, f.sha256, f.bytes, f.rows)
                         for _, f in self.staged if f.path not in listed])
        self.show(con)

    def show(self, con: duckdb.DuckDBPyConnection) -> None:
        """:func:`show_held` of what is listed now, the staged files from scratch."""
        staged = {f.path: src for src, f in self.staged}
        listed = held_files(con)
        show_held(con, *[[staged.get(f.path, self.root / f.path) for f in listed
                          if f.kind == kind] for kind in ("statements", "seals")])

    def place(self) -> None:
        """Rename the staged files into ``held/`` (the last step before the commit)."""
        if not self.staged:
            return
        _PLACING.acquire()
        self._locked = True
        folders = set()
        for src, held in self.staged:
            target = self.root / held.path
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
            os.replace(src, target)
            self.placed.append(target)
        for folder in folders:
            _fsync(folder)

    def __enter__(self) -> HeldStaging:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        try:
            if kind is not None:  # the transaction failed: nothing of it stays
                for path in self.placed:
                    path.unlink(missing_ok=True)
            else:  # committed: what it unlisted goes
                for rel in self.retired:
                    (self.root / rel).unlink(missing_ok=True)
            for folder in self.scratch:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            if self._locked:
                self._locked = False
                _PLACING.release()


def _fsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sweep_held(con: duckdb.DuckDBPyConnection, root: Path) -> list[str]:
    """Remove the files under ``held/`` that no committed row of ``held_files`` lists
    (a killed run's, or files replaced or erased), and empty folders; their paths.
    Run under the store's write lock (no other process writes meanwhile)."""
    folder = root / HELD_DIR
    if not folder.is_dir():
        return []
    with _PLACING:
        listed = {f.path for f in held_files(con)}
        removed = []
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.relative_to(root).as_posix() not in listed:
                path.unlink()
                removed.append(path.relative_to(root).as_posix())
        for sub in sorted(folder.iterdir()):
            if sub.is_dir() and not any(sub.iterdir()):
                sub.rmdir()
        return removed


def check_held(con: duckdb.DuckDBPyConnection, root: Path) -> list[tuple[str, str]]:
    """What is wrong with the held files (for ``tnoc verify``), as (file, why): a
    listed file changed or missing, or a file under ``held/`` no row lists; empty when
    all is as listed."""
    problems = []
    listed = held_files(con)
    for held in listed:
        path = root / held.path
        if not path.is_file():
            problems.append((held.path, f"missing (a file of source {held.source_id})"))
            continue
        sha, size = file_sha256(path)
        if sha != held.sha256 or size != held.bytes:
            problems.append((held.path, f"sha256 {sha} ({size:,} bytes), the store lists "
                             f"{held.sha256} ({held.bytes:,} bytes) for source "
                             f"{held.source_id}"))
    names = {h.path for h in listed}
    folder = root / HELD_DIR
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in names:
            problems.append((rel, "listed by no source (a leftover of an interrupted run "
                             "is removed by the next writing; otherwise it was put there "
                             "by hand)"))
    return problems
