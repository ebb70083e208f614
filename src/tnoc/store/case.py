"""A case: one directory holding ``case.duckdb``, ``exhibits/``, ``ledger/``,
``reports/`` and ``case.json`` (name, id, creation). See DESIGN.md §2."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tnoc import __version__
from tnoc.errors import CaseError
from tnoc.store import schema

DB_FILE = "case.duckdb"
META_FILE = "case.json"
SUBDIRS = ("exhibits", "ledger", "reports", "tmp")


@dataclass
class Case:
    """An open case directory."""

    root: Path
    case_id: str
    name: str

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
        return self.root / "tmp"

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
