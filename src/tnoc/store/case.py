"""A case: one directory holding ``case.duckdb``, ``exhibits/``, ``ledger/``,
``reports/`` and ``case.json`` (name, id, creation). See DESIGN.md §2."""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tnoc import __version__
from tnoc.errors import CaseBusy, CaseError
from tnoc.query_results import KNOWN_TABLES, stored_tables
from tnoc.store import schema
from tnoc.store.held import HeldFile, held_files, listing_of_new, show_case_held, sweep_held

DB_FILE = "case.duckdb"
META_FILE = "case.json"
SUBDIRS = ("exhibits", "ledger", "reports", "tmp")
INCOMING = ".incoming"
CRASH_ENV = "TNOC_TEST_CRASH_AT"
OLD_SCRATCH = ("duckdb", "expanded-", "noeof-", "utf8-")
"""Scratch files of versions before per-process scratch folders, directly in ``tmp/``."""


def crash_point(step: str) -> None:
    """Kill this process at once (SIGKILL, no clean-up) when ``TNOC_TEST_CRASH_AT`` names
    ``step``: how the crash tests stop an intake at a named step, deterministically."""
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


RUN_PREFIX = "run-"
LOCK_FILE = "lock"
DAMAGED = ".damaged"
"""Suffix of an incoming copy kept aside because its sha256 is not its source's."""

_leases: dict[Path, tuple[int, str, int]] = {}
"""Per case ``tmp/`` folder: (pid, run name, fd of the held lock) of this process."""


HeldState = tuple[int, int, tuple[int, int] | None, tuple[int, int] | None]
"""What :meth:`Case.held_state` gives."""


def _stat(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of ``path``, None if there is none."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_size, found.st_mtime_ns


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a file created, renamed or removed in it) to disk: without
    it a power loss can undo a rename that DuckDB's committed store already relies on."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _run_name() -> str:
    """A name unique to this process start: host, pid and a random token. The pid alone
    repeats (tnoc is pid 1 in every ``docker run``), hosts share folders."""
    host = re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:40] or "host"
    return f"{RUN_PREFIX}{host}-{os.getpid()}-{secrets.token_hex(4)}"


def _lease(tmp: Path) -> str:
    """This process's scratch folder name under ``tmp``, whose lock it holds for its
    whole life (the kernel releases it when the process dies, however it dies).

    The folder is made and locked under a dot-name, then renamed into place: a folder
    under its real name always has its lock file, so one without a held lock belongs to
    no live process. A child made by ``fork`` gets a lease of its own.
    """
    tmp = tmp.resolve()
    held = _leases.get(tmp)
    if held is not None and held[0] == os.getpid() and (tmp / held[1]).is_dir():
        return held[1]
    for folder, (pid, name, fd) in list(_leases.items()):
        if pid == os.getpid() and not (folder / name).is_dir():  # case deleted or moved:
            os.close(fd)  # nothing left to protect, do not hold its lock file open
            del _leases[folder]
    for attempt in range(3):
        name = _run_name()
        staging = tmp / f".{name}"
        staging.mkdir(parents=True)
        fd = os.open(staging / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.rename(staging, tmp / name)  # fails if a recovery took it before our lock
        except OSError:
            os.close(fd)
            if attempt == 2:
                raise
            continue
        _leases[tmp] = (os.getpid(), name, fd)
        return name
    raise AssertionError("unreachable")


@atexit.register
def _release_leases() -> None:
    """At a normal exit, remove this process's scratch folders (a killed process's are
    removed by the next opening for writing), then let their locks go."""
    for folder, (pid, name, fd) in list(_leases.items()):
        if pid == os.getpid():
            shutil.rmtree(folder / name, ignore_errors=True)
            os.close(fd)
            del _leases[folder]


def run_alive(folder: Path) -> bool:
    """Whether a live process holds the lock of scratch folder ``folder`` (this one
    included). No folder or no lock file: no live owner."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True  # held by its process
    finally:
        os.close(fd)  # releases our probe lock, if we got it
    return False


def _owner(copy: Path) -> str:
    """The run an incoming copy ``<sha256>-<run>`` belongs to (earlier versions: a pid)."""
    return copy.name[65:]


def _copy_file(source: Path, target: Path) -> None:
    """Copy ``source`` to a new file ``target`` in the kernel (``copy_file_range``:
    a reflink where the file system shares blocks, else an in-kernel copy), falling
    back to :func:`shutil.copyfile`."""
    with open(source, "rb") as src, open(target, "xb") as dst:
        size = os.fstat(src.fileno()).st_size
        try:
            done = 0
            while done < size:
                step = os.copy_file_range(src.fileno(), dst.fileno(), size - done)
                if step == 0:
                    break
                done += step
            if done == size:
                return
        except (AttributeError, OSError):
            pass
    shutil.copyfile(source, target)


@dataclass(frozen=True)
class StoreSnapshot:
    """A copy of a case's store (:meth:`Case.snapshot`), read on its own and removed
    when the reading is done."""

    path: Path
    scratch: Path
    """The scratch folder of the process that made it (DuckDB spills there)."""
    root: Path | None = None
    """A folder holding ``held/`` as the case held it when the copy was made (hard
    links to its files, :mod:`tnoc.store.held`), which the copy reads: an erasure or
    a replacement committed meanwhile removes the case's former files, not these."""

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection to the copy (its own DuckDB database: the case's file
        is not opened)."""
        try:
            con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            raise CaseError(f"cannot open the snapshot {self.path}: {exc}") from exc
        try:
            con.execute("SET temp_directory = $dir", {"dir": str(self.scratch / "duckdb")})
            con.execute("SET TimeZone = 'UTC'")
            con.execute("SET enable_progress_bar = false")
            if self.root is not None:
                show_case_held(con, self.root)
            yield con
        finally:
            con.close()

    def discard(self) -> None:
        """Remove the copy (and its write-ahead log, if it had one, and its links to
        the held files)."""
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            path.unlink(missing_ok=True)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


def openable_path(root: Path) -> None:
    """Refuse a case folder whose path DuckDB would not open as written: it reads
    what follows a ``?`` in a database's path as options, so ``q?x/case.duckdb`` was
    opened as ``q`` with a write-ahead log at ``q.wal?x/...``, which failed half-way
    through ``tnoc case init`` and left a store no command could read.

    Raises:
        CaseError: the path (as resolved) holds a ``?``.
    """
    if "?" in str(Path(root).resolve()):
        raise CaseError(f"{root}: a case folder's path may not contain '?' (DuckDB reads "
                        "what follows it in a database's path as options); choose another "
                        "name")


@dataclass
class Case:
    """An open case directory."""

    root: Path
    case_id: str
    name: str
    _recovered: list[str] = field(default_factory=list, init=False, repr=False,
                                  compare=False)
    """What the last opening for writing cleaned up or recovered (:meth:`_recover`)."""
    _held: duckdb.DuckDBPyConnection | None = field(default=None, init=False, repr=False,
                                                   compare=False)
    """The connection :meth:`hold` keeps open, if a ``hold`` block is running."""
    _layout_checked: bool = field(default=False, init=False, repr=False, compare=False)
    """Whether this object's first connection checked the store's layout version
    (:meth:`connect`; the check rides on it instead of opening the store once more)."""
    _layout_lock: threading.RLock = field(default_factory=threading.RLock, init=False,
                                          repr=False, compare=False)
    """Taken for that check, so that another thread's first connection waits for it."""
    _indexed: bool = field(default=False, init=False, repr=False, compare=False)
    """Whether this object made sure the store has its lookup indexes
    (:data:`tnoc.store.schema.INDEXES`), on its first connection able to write."""
    _holds: int = field(default=0, init=False, repr=False, compare=False)
    """How many :meth:`hold` blocks this object has begun (which hold is running)."""
    _writers: int = field(default=0, init=False, repr=False, compare=False)
    """How many connections asked for writing (:meth:`connect`, :meth:`transaction`)
    this object has opened or closed: see :meth:`held_state`."""
    _open_writers: int = field(default=0, init=False, repr=False, compare=False)
    """How many of those are open now."""
    _tables: tuple[HeldState, frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False)
    """The store's tables as read in a hold, with its state then (:meth:`_held_tables`)."""
    _listed: tuple[HeldState, list[HeldFile]] | None = field(
        default=None, init=False, repr=False, compare=False)
    """The held files' listing as read in a hold, with its state then
    (:meth:`_held_listing`)."""
    _count_lock: threading.Lock = field(default_factory=threading.Lock, init=False,
                                        repr=False, compare=False)
    _local: threading.local = field(default_factory=threading.local, init=False,
                                    repr=False, compare=False)
    """This thread's state: ``damaged_ok`` inside :meth:`reading_damaged`."""

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

    @property
    def exhibits(self) -> Path:
        return self.root / "exhibits"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def scratch(self) -> Path:
        """This process's scratch folder, ``tmp/run-<host>-<pid>-<token>``, locked for the
        process's life (:func:`_lease`): what a killed process leaves there is removed by
        the next process that opens the case for writing."""
        from tnoc.ledger.custody import read_only_why

        tmp = self.root / "tmp"
        if read_only_why(self.root) is not None:  # a read-only copy: left as it is,
            return tmp / _run_name()  # even by root (nothing is written there anyway)
        try:
            return tmp / _lease(tmp)
        except OSError:  # a case on read-only media: nothing is written there anyway
            return tmp / _run_name()

    @property
    def incoming(self) -> Path:
        """Where an intake puts its copy of the file before commit (``<sha256>-<run>``,
        the run being this process's scratch folder name)."""
        return self.exhibits / INCOMING

    def incoming_copy(self, sha256: str) -> Path:
        """This process's incoming copy of a file: alive while its scratch lock is held."""
        return self.incoming / f"{sha256}-{self.scratch.name}"

    @classmethod
    def init(cls, root: Path, name: str | None = None) -> Case:
        """Create a new case directory with an empty store.

        Raises:
            CaseError: a case there already, or a path DuckDB cannot open
                (:func:`openable_path`); nothing is made then.
        """
        root = Path(root)
        openable_path(root)
        if (root / DB_FILE).exists():
            raise CaseError(f"{root} already holds a case ({DB_FILE} exists)")
        root.mkdir(parents=True, exist_ok=True)
        for sub in SUBDIRS:
            (root / sub).mkdir(exist_ok=True)
        meta = {
            "case_id": str(uuid.uuid4()),
            "name": name or root.resolve().name,
            "created_at": datetime.now(UTC).isoformat(),
            "tnoc_version": __version__,
        }
        (root / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        case = cls(root, meta["case_id"], meta["name"])
        case._layout_checked = True  # made here, at this version's layout
        case._indexed = True  # schema.create makes them
        with case.connect() as con:
            schema.create(con)
            con.execute(
                "INSERT OR REPLACE INTO case_info VALUES ('case_id', ?), ('name', ?), "
                "('created_at', ?)",
                [meta["case_id"], meta["name"], meta["created_at"]],
            )
        return case

    @classmethod
    def open(cls, root: Path | str) -> Case:
        """Open an existing case directory. Views and tables missing after an upgrade
        of TNOC are created by the first connection (:meth:`connect`)."""
        root = Path(root)
        openable_path(root)
        if not (root / DB_FILE).exists() or not (root / META_FILE).exists():
            raise CaseError(
                f"{root} is not a TNOC case (no {DB_FILE}); create one with "
                f"'tnoc case init {root}'"
            )
        meta = json.loads((root / META_FILE).read_text(encoding="utf-8"))
        for sub in SUBDIRS:
            (root / sub).mkdir(exist_ok=True)
        return cls(root, meta["case_id"], meta["name"])

    def _layout_current(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether the store has this version's layout (views and tables).

        Raises:
            CaseError: a store a newer TNOC made: this one would write it back to its
                own layout and miss what the newer one keeps (a held source's
                references file, left holding an erased person's links by an older
                ``tnoc erase``).
        """
        rows = con.execute(
            "SELECT value FROM case_info WHERE key = 'store_version'").fetchall()
        found = str(rows[0][0]) if rows else None
        if found is not None and found.isdigit() and int(found) > int(schema.STORE_VERSION):
            raise CaseError(f"{self.root} was written by a newer TNOC (store version "
                            f"{found}; this one knows {schema.STORE_VERSION}): open it "
                            "with that version or later (pip install -U tnoc)")
        return found == schema.STORE_VERSION

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the case store; closed on exit. Inside :meth:`hold`, a new
        connection to the database the hold keeps open (for writing, so a read-only
        one is asked for the same way: one process cannot open one file both ways)."""
        held = self._held is not None
        writer = not read_only  # as asked: inside a hold every connection could write
        read_only = read_only and not held
        if writer:
            self._count_writer(+1)
        try:
            con = self._open(read_only, held)
        except BaseException:
            if writer:
                self._count_writer(-1)
            raise
        known = held and not writer
        try:
            if not self._layout_checked:  # the first connection: is the layout current?
                with self._layout_lock:  # another thread's first connection waits
                    if not self._layout_checked:
                        con = self._bring_up_to_date(con, read_only)
            if not read_only and not self._indexed:  # a store of an older TNOC
                with self._layout_lock:
                    if not self._indexed:
                        schema.add_indexes(con)
                        self._indexed = True
            if known:  # asked for reading in a hold: the tables read once (has_table)
                KNOWN_TABLES[id(con)] = self._held_tables
            yield con
        finally:
            if known:
                KNOWN_TABLES.pop(id(con), None)
            con.close()
            if writer:
                self._count_writer(-1)

    def _count_writer(self, opened: int) -> None:
        with self._count_lock:
            self._writers += 1
            self._open_writers += opened

    def _held_tables(self, con: duckdb.DuckDBPyConnection) -> frozenset[str] | None:
        """The store's tables (:func:`tnoc.query_results.stored_tables`), read once in
        a hold and again after any connection for writing (:meth:`held_state`), for
        :func:`tnoc.query_results.has_table` on a connection asked for reading in it:
        the gate and the pages ask whether a table exists a dozen times a request;
        None (ask DuckDB) while a connection for writing is open."""
        state = self.held_state()
        if state is None:
            return None
        kept = self._tables
        if kept is not None and kept[0] == state:
            return kept[1]
        tables = stored_tables(con)
        if self.held_state() == state:
            self._tables = (state, tables)
        return tables

    def _held_listing(self, con: duckdb.DuckDBPyConnection) -> list[HeldFile]:
        """The store's ``held_files`` (:func:`tnoc.store.held.listing_of_new`), read
        once in a hold while nothing writes (:meth:`held_state`, as
        :meth:`_held_tables`), else on every connection."""
        state = self.held_state()
        kept = self._listed
        if state is not None and kept is not None and kept[0] == state:
            return kept[1]
        listing = listing_of_new(con)
        if state is not None and self.held_state() == state:
            self._listed = (state, listing)
        return listing

    def held_state(self) -> HeldState | None:
        """Inside :meth:`hold`, while no connection asked for writing is open (besides
        the hold's own, which nothing writes through): (which hold, how many
        connections asked for writing have been opened or closed so far, the size and
        modification time of the store's file and of its write-ahead log); else None.
        While it stays the same, nothing has written to the store: the hold keeps
        DuckDB's write lock, so no other process opens it; every connection of this
        process asked for writing counts; and a write committed through a connection
        asked for reading (in a hold it can write: a build of the transfers stores its
        tables when it can) grows the log, or, checkpointed, rewrites the file. What is
        read from the store in a hold can be kept for the rest of it while this is
        unchanged (:meth:`tnoc.service.CaseService.check` keeps the governance facts,
        :meth:`_held_tables` the tables); None: read it afresh."""
        if self._held is None:
            return None
        with self._count_lock:
            if self._open_writers:
                return None
            counted = (self._holds, self._writers)
        return (*counted, _stat(self.db_path),
                _stat(self.db_path.with_name(self.db_path.name + ".wal")))

    def _bring_up_to_date(self, con: duckdb.DuckDBPyConnection, read_only: bool
                          ) -> duckdb.DuckDBPyConnection:
        """Create the views and tables a store made by an older TNOC lacks (once per
        :class:`Case` object, on its first connection); the connection to go on with."""
        if self._layout_current(con):
            self._layout_checked = True
            return con
        if not read_only:
            schema.create(con)
            self._layout_checked = True
            return con
        con.close()  # an upgrade needs the store open for writing: that connection,
        with self.connect():  # the first again (same thread: the lock is re-entrant),
            pass  # brings it up to date
        return self._open(read_only, held=False)

    def _open(self, read_only: bool, held: bool) -> duckdb.DuckDBPyConnection:
        """A connection to the store with the session's settings (see :meth:`connect`);
        an opening for writing outside a hold recovers what interrupted intakes left."""
        try:
            con = duckdb.connect(str(self.db_path), read_only=read_only)
        except duckdb.IOException as exc:
            if "could not set lock" in str(exc).lower():  # another process holds it
                raise CaseBusy(
                    f"{self.root} is open in another process ({str(exc).splitlines()[0]}); "
                    "a case is written by one process at a time, or read by any number: "
                    "close the other ('tnoc serve', a notebook) or let it finish, and "
                    "run again") from exc
            raise CaseError(f"cannot open {self.db_path}: {exc}") from exc
        try:
            if not held:  # a database setting: the hold's own connection made it
                self._scratch_setting(con)
            con.execute("SET TimeZone = 'UTC'")
            con.execute("SET enable_progress_bar = false")
            if not read_only and not held:  # we hold DuckDB's write lock: no other
                self._recover(con)  # process has it open (in a hold: done at its start)
            show_case_held(con, self.root,  # sources held as Parquet (store.held)
                           getattr(self._local, "damaged_ok", False),
                           self._held_listing(con))
        except BaseException:
            con.close()
            raise
        return con

    def _scratch_setting(self, con: duckdb.DuckDBPyConnection) -> None:
        """Spill to the case's scratch folder. A database setting: set once per opening
        of the database, as DuckDB refuses to change it (even to the same folder) once
        it has been used (by an earlier connection to the same database)."""
        wanted = str(self.scratch / "duckdb")
        row = con.execute("SELECT current_setting('temp_directory')").fetchone()
        if row is None or str(row[0]) != wanted:
            # a parameter, not text: a case folder may be called "o'brien 2024"
            con.execute("SET temp_directory = $dir", {"dir": wanted})

    def snapshot(self) -> StoreSnapshot:
        """A copy of the store as it is now, in this process's scratch folder, for a
        reading computed in a thread of its own beside a server's requests
        (:func:`tnoc.assess.kept.kept_in_background`): the reading opens the copy, so
        the case's own file is not held open while it runs (seconds to minutes: every
        group's profiling), and the CLI and other processes can open the case
        meanwhile. Taken with the store open in this process (the request's
        :meth:`hold`, or a connection opened here), so no other process writes during
        the copy: a checkpoint first moves the write-ahead log into the file (when the
        store is open for writing), and a log still there is copied with it. What it
        costs is a copy of the file (sendfile, or a reflink where the file system
        shares blocks): measured in docs/workspace.md. A killed process's copy goes
        with its scratch folder (:meth:`_recover`)."""
        folder = self.scratch
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / f"snapshot-{secrets.token_hex(6)}.duckdb"
        links = copy.with_suffix(".held")
        with self.connect(read_only=True) as con:
            with contextlib.suppress(duckdb.Error):  # read-only here: nothing to move
                con.execute("CHECKPOINT")
            try:
                _copy_file(self.db_path, copy)
                wal = self.db_path.with_name(self.db_path.name + ".wal")
                if wal.exists():
                    _copy_file(wal, copy.with_name(copy.name + ".wal"))
                for held in held_files(con):  # linked where the file system can
                    if held.sound and (self.root / held.path).is_file():  # a missing
                        # one: the copy's readings refuse, as the case's do
                        target = links / held.path
                        target.parent.mkdir(parents=True, exist_ok=True)
                        try:
                            os.link(self.root / held.path, target)
                        except OSError:  # a file system without hard links
                            _copy_file(self.root / held.path, target)
            except OSError as exc:
                StoreSnapshot(copy, folder, links).discard()
                raise CaseError(f"cannot copy {self.db_path} to {copy} for a reading in "
                                f"the background: {exc}") from exc
        return StoreSnapshot(copy, folder, links)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Keep the store open while the block runs: every :meth:`connect` and
        :meth:`transaction` in it is a new connection to the same DuckDB database
        (DuckDB's instance cache) instead of an opening of the file, which reads its
        catalog again (about 40 ms each on the 4.3M-statement demo case, and one request
        of the web workspace made some twenty). For a server's request, where the gate
        decides, records and reads in many short calls; the write lock is held for the
        block, so no other process opens the case meanwhile. A case that cannot be
        opened for writing (read-only, or another process writing) is not held: each
        call then opens it as without the block and meets the same refusal. A read-only
        copy (write bits taken off) is not held even where it could be opened for
        writing (by root): an opening for writing recovers interrupted intakes and
        checkpoints the log, which would change the copy."""
        from tnoc.ledger.custody import read_only_why

        if self._held is not None or read_only_why(self.root) is not None:
            yield
            return
        try:
            with self.connect() as con:
                with self._count_lock:  # nothing writes through the hold's own
                    self._holds += 1
                    self._open_writers -= 1
                self._held = con
                try:
                    yield
                finally:
                    with self._count_lock:
                        self._open_writers += 1
        except CaseError:
            if self._held is not None:
                raise  # raised inside the block, not by the opening
            yield
        finally:
            self._held = None
            self._tables = None
            self._listed = None

    @contextmanager
    def reading_damaged(self) -> Iterator[None]:
        """Open the store in this block, in this thread, even when held statement files
        are missing or damaged (:func:`tnoc.store.held.show_case_held` reads the sound
        ones): for ``tnoc verify``, which names them as problems. Every other reading
        refuses such a case rather than read part of it."""
        before = getattr(self._local, "damaged_ok", False)
        self._local.damaged_ok = True
        try:
            yield
        finally:
            self._local.damaged_ok = before

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write transaction: committed on success, rolled back on any error.

        A process killed inside it leaves the store as it was (DuckDB's WAL only
        replays committed transactions).
        """
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @property
    def recovered(self) -> list[str]:
        """What the last opening for writing did with copies of interrupted intakes."""
        return list(self._recovered)

    def recover(self) -> list[str]:
        """Finish what killed processes left undone (see :meth:`_recover`); what was done
        with copies of interrupted intakes."""
        with self.connect():
            return self.recovered

    def _recover(self, con: duckdb.DuckDBPyConnection) -> None:
        """Clean up after killed processes, under the write lock.

        - scratch folders ``tmp/run-...`` whose lock no live process holds are removed
          (a folder belongs to a live process only while its lock is held: pids repeat
          across containers and mean nothing across hosts), and what earlier versions
          left: ``tmp/pid-<pid>`` folders and the scratch files directly in ``tmp/``
          (:data:`OLD_SCRATCH`; no other process has the store open for writing while
          we hold its write lock);
        - an ``exhibits/.incoming/<sha256>-<run>`` copy of a run no longer alive, whose
          sha256 is that of a committed source whose exhibit is missing (killed between
          commit and move), is moved into place, recorded as a ``copied`` ledger entry;
          if its content has another sha256 (a copy not yet on disk at a power loss) it
          is kept aside as ``<name>.damaged`` and the source named; any other copy is a
          leftover of an intake that was rolled back and is removed.

        What was done with ``.incoming`` copies is kept in :attr:`recovered`.
        """
        self._recovered = [f"removed {path}: a held statement file no source lists (left "
                           "by an interrupted run, or replaced or erased)"
                           for path in sweep_held(con, self.root)]
        tmp = self.root / "tmp"
        for entry in sorted(tmp.iterdir()) if tmp.is_dir() else []:
            if not entry.name.startswith((RUN_PREFIX, f".{RUN_PREFIX}", "pid-", *OLD_SCRATCH)):
                continue  # not ours: leave it
            if entry.name.startswith(f".{RUN_PREFIX}") and not (entry / LOCK_FILE).exists():
                continue  # being made by a starting process (see _lease)
            if run_alive(entry):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        if not self.incoming.is_dir():
            return
        for copy in sorted(self.incoming.iterdir()):
            if copy.name.endswith(DAMAGED) or len(copy.name) <= 65 or (
                    _owner(copy) and run_alive(self.root / "tmp" / _owner(copy))):
                continue  # kept aside, not ours, or a live intake's copy
            self._recovered.append(self._settle_incoming(con, copy))

    def _settle_incoming(self, con: duckdb.DuckDBPyConnection, copy: Path) -> str:
        """Move one dead run's incoming copy to the missing exhibit it is, keep it aside
        when it is damaged, or remove it."""
        from tnoc.errors import TnocError
        from tnoc.ledger.custody import CustodyEvent, file_sha256, record_event

        sha256 = copy.name[:64]
        wanting = [(str(r[0]), str(r[1]), str(r[2]), "tnoc ingest " + shlex.join(
            [str(r[4]), str(r[3]), "-c", str(self.root)])) for r in con.execute(
            "SELECT source_id, exhibit_path, file_name, coalesce(original_path, file_name), "
            "mapping FROM sources WHERE sha256 = ? AND exhibit_path IS NOT NULL "
            "ORDER BY source_id", [sha256]).fetchall()
            if not (self.root / str(r[1])).exists()]
        name = copy.relative_to(self.root)
        if not wanting:
            placed = con.execute("SELECT min(exhibit_path) FROM sources WHERE sha256 = ?",
                                 [sha256]).fetchone()
            copy.unlink(missing_ok=True)
            if placed and placed[0]:  # a recovery killed after the move, before clean-up
                return f"removed {name}: the exhibit {placed[0]} is already in place"
            return f"removed {name}, left by an intake that did not complete"
        actual = file_sha256(copy)[0]
        if actual != sha256:
            # the intake committed, but its copy did not reach the disk whole (a power
            # loss): keep what is left for inspection, never delete it as a leftover
            aside = copy.with_name(copy.name + DAMAGED)
            os.replace(copy, aside)
            fsync_dir(aside.parent)
            return (f"kept {aside.relative_to(self.root)} aside: the copy of committed "
                    + ", ".join(f"source {s} ({f})" for s, _, f, _ in wanting)
                    + f" has sha256 {actual}, not {sha256}, so the exhibit "
                    + ", ".join(e for _, e, _, _ in wanting) + " is still missing; re-ingest "
                    "the file to restore it: " + "; ".join(sorted({c for *_, c in wanting})))
        for source_id, exhibit_path, _, _ in wanting:
            target = self.root / exhibit_path
            target.parent.mkdir(parents=True, exist_ok=True)
            recovering = target.with_name(target.name + ".recovering")
            shutil.copyfile(copy, recovering)
            with open(recovering, "rb+") as out:
                os.fsync(out.fileno())
            os.replace(recovering, target)
            fsync_dir(target.parent)
            fsync_dir(target.parent.parent)
            # without a key to sign with here the file is still put in place: its hash is
            # the one the intake entry recorded, which is what verify checks
            with contextlib.suppress(TnocError):
                record_event(con, CustodyEvent(
                    event_type="copied", item_id=source_id, item_sha256=sha256,
                    purpose="exhibit recovered after an interrupted intake",
                    method=f"tnoc: {name} (sha256 checked) moved to {exhibit_path}",
                    hash_before=sha256, hash_after=sha256,
                    details={"recovered": True, "from": str(name), "to": exhibit_path}))
            crash_point("settling")
        copy.unlink(missing_ok=True)
        return f"recovered {name} as " + ", ".join(e for _, e, _, _ in wanting)
