"""A case: one directory holding ``case.duckdb``, ``exhibits/``, ``ledger/``,
``reports/`` and ``case.json`` (name, id, creation). See DESIGN.md §2."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tnoc import __version__
from tnoc.errors import CaseError
from tnoc.store import schema

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


def pid_alive(pid: int) -> bool:
    """True if a process ``pid`` exists (another user's counts: never delete its files)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_of(name: str, prefix: str = "", sep: str = "-") -> int | None:
    """The pid a scratch folder (``pid-123``) or incoming file (``<sha256>-123``) names."""
    tail = name.removeprefix(prefix).rsplit(sep, 1)[-1]
    return int(tail) if tail.isdigit() and name.startswith(prefix) else None


@dataclass
class Case:
    """An open case directory."""

    root: Path
    case_id: str
    name: str
    _recovered: list[str] = field(default_factory=list, init=False, repr=False,
                                  compare=False)
    """What the last opening for writing cleaned up or recovered (:meth:`_recover`)."""

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
        """This process's scratch folder, ``tmp/pid-<pid>``: what a killed process leaves
        there is removed by the next process that opens the case for writing."""
        return self.root / "tmp" / f"pid-{os.getpid()}"

    @property
    def incoming(self) -> Path:
        """Where an intake puts its copy of the file before commit (``<sha256>-<pid>``)."""
        return self.exhibits / INCOMING

    @classmethod
    def init(cls, root: Path, name: str | None = None) -> Case:
        """Create a new case directory with an empty store."""
        root = Path(root)
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
        """Open an existing case directory (creating missing views after an upgrade)."""
        root = Path(root)
        if not (root / DB_FILE).exists() or not (root / META_FILE).exists():
            raise CaseError(
                f"{root} is not a TNOC case (no {DB_FILE}); create one with "
                f"'tnoc case init {root}'"
            )
        meta = json.loads((root / META_FILE).read_text(encoding="utf-8"))
        for sub in SUBDIRS:
            (root / sub).mkdir(exist_ok=True)
        case = cls(root, meta["case_id"], meta["name"])
        case._upgrade()
        return case

    def _upgrade(self) -> None:
        """Bring views and new tables up to this version's store layout."""
        with self.connect(read_only=True) as con:
            row = con.execute(
                "SELECT value FROM case_info WHERE key = 'store_version'").fetchone()
        if row is None or row[0] != schema.STORE_VERSION:
            with self.connect() as con:
                schema.create(con)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the case store; closed on exit."""
        try:
            con = duckdb.connect(str(self.db_path), read_only=read_only)
        except duckdb.IOException as exc:
            raise CaseError(f"cannot open {self.db_path}: {exc}") from exc
        try:
            # a parameter, not text: a case folder may be called "o'brien 2024"
            con.execute("SET temp_directory = $dir", {"dir": str(self.scratch / "duckdb")})
            con.execute("SET TimeZone = 'UTC'")
            con.execute("SET enable_progress_bar = false")
            if not read_only:  # we hold DuckDB's write lock: no other process has it open
                self._recover(con)
            yield con
        finally:
            con.close()

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

        - scratch folders ``tmp/pid-<pid>`` of processes no longer alive are removed, and
          the scratch files earlier versions put directly in ``tmp/`` (:data:`OLD_SCRATCH`;
          no other process has the store open while we hold its write lock);
        - an ``exhibits/.incoming/<sha256>-<pid>`` copy of a dead process whose sha256 is
          that of a committed source whose exhibit is missing (killed between commit and
          move) is moved into place, recorded as a ``copied`` ledger entry; any other
          such copy is a leftover of an intake that was rolled back and is removed.

        What was done with ``.incoming`` copies is kept in :attr:`recovered`.
        """
        self._recovered = []
        tmp = self.root / "tmp"
        for entry in sorted(tmp.iterdir()) if tmp.is_dir() else []:
            pid = _pid_of(entry.name, "pid-")
            if pid is None and not entry.name.startswith(OLD_SCRATCH):
                continue  # not ours: leave it
            if pid is not None and (pid == os.getpid() or pid_alive(pid)):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        if not self.incoming.is_dir():
            return
        for copy in sorted(self.incoming.iterdir()):
            pid = _pid_of(copy.name)
            if pid is None or pid == os.getpid() or pid_alive(pid):
                continue  # a live intake's copy, about to be moved by its own process
            self._recovered.append(self._settle_incoming(con, copy))

    def _settle_incoming(self, con: duckdb.DuckDBPyConnection, copy: Path) -> str:
        """Move one dead process's incoming copy to the missing exhibit it is, or remove."""
        from tnoc.errors import TnocError
        from tnoc.evidence.custody import CustodyEvent, file_sha256, record_event

        sha256 = copy.name.rsplit("-", 1)[0]
        wanting = [(str(r[0]), str(r[1])) for r in con.execute(
            "SELECT source_id, exhibit_path FROM sources WHERE sha256 = ? "
            "AND exhibit_path IS NOT NULL ORDER BY source_id", [sha256]).fetchall()
            if not (self.root / str(r[1])).exists()]
        name = copy.relative_to(self.root)
        if not wanting or file_sha256(copy)[0] != sha256:
            copy.unlink(missing_ok=True)
            return f"removed {name}, left by an intake that did not complete"
        for source_id, exhibit_path in wanting:
            target = self.root / exhibit_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(copy, target.with_name(target.name + ".recovering"))
            os.replace(target.with_name(target.name + ".recovering"), target)
            # without a key to sign with here the file is still put in place: its hash is
            # the one the intake entry recorded, which is what verify checks
            with contextlib.suppress(TnocError):
                record_event(con, CustodyEvent(
                    event_type="copied", item_id=source_id, item_sha256=sha256,
                    purpose="exhibit recovered after an interrupted intake",
                    method=f"tnoc: {name} (sha256 checked) moved to {exhibit_path}",
                    hash_before=sha256, hash_after=sha256,
                    details={"recovered": True, "from": str(name), "to": exhibit_path}))
        copy.unlink(missing_ok=True)
        return f"recovered {name} as " + ", ".join(e for _, e in wanting)
