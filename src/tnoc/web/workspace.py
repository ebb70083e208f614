"""The cases a workspace serves: every case folder under one folder, found by id.

A URL names a case by its id (``case.json``), never by a path: an id that is not one of
the folder's cases is refused the same way as one the user has not logged in to, so a
URL cannot reach a folder outside the workspace. Requests to one case are taken one at
a time (:meth:`Workspace.serial`): each service call opens the case's DuckDB file,
and one process may not hold it open read-only and read-write at once. The gate holds
the store open for the whole request (:meth:`tnoc.store.Case.hold`), so the service's
many short calls do not each open the file again.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tnoc.errors import CaseError
from tnoc.service import CaseService, Session
from tnoc.store import Case

__all__ = ["CaseEntry", "UnknownCase", "Workspace"]


class UnknownCase(CaseError):
    """A case id the workspace does not serve, or one the user has not logged in to
    (no case: exit code 4, :mod:`tnoc.errors`)."""


@dataclass(frozen=True)
class CaseEntry:
    """One case folder of the workspace."""

    case_id: str
    name: str
    root: Path


@dataclass
class Workspace:
    """The case folders under :attr:`folder` (the folder itself when it is a case)."""

    folder: Path
    _locks: dict[str, threading.RLock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)
    _opened: dict[Path, Case] = field(default_factory=dict)
    """Each case opened once (its store brought up to date once, not per request)."""

    def cases(self) -> list[CaseEntry]:
        """Every case under the folder (one level down, or the folder itself), by name."""
        candidates = [self.folder, *sorted(p for p in self.folder.iterdir() if p.is_dir())] \
            if self.folder.is_dir() else []
        found = []
        for root in candidates:
            meta = root / "case.json"
            if not meta.is_file():
                continue
            try:
                doc = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            case_id = str(doc.get("case_id") or "")
            if case_id:
                found.append(CaseEntry(case_id, str(doc.get("name") or root.name),
                                       root.resolve()))
        return sorted(found, key=lambda c: c.name.lower())

    def entry(self, case_id: str) -> CaseEntry:
        """The case with id ``case_id``; :class:`UnknownCase` otherwise."""
        for entry in self.cases():
            if entry.case_id == case_id:
                return entry
        raise UnknownCase("no such case in this workspace, or you have not logged in to it")

    @contextmanager
    def serial(self, case_id: str) -> Iterator[None]:
        """Hold the case's lock: one request at a time reads or writes its store."""
        with self._guard:
            lock = self._locks.setdefault(case_id, threading.RLock())
        with lock:
            yield

    def service(self, case_id: str, user: str, purpose: str | None) -> CaseService:
        """The gate for ``user`` acting on case ``case_id`` for ``purpose``, via web."""
        root = self.entry(case_id).root
        with self._guard:
            case = self._opened.get(root)
            if case is None:
                case = self._opened[root] = Case.open(root)
        return CaseService(case, Session(user, purpose or None, None, via="web"))
