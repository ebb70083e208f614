"""Outputs that cannot harm a case: where a TNOC command may write a file, and how.

Every file an export, a listing's ``--csv FILE``, a ``--plot``/``--sankey`` drawing, a
report or a bundle writes goes through this module:

* :func:`check_output` refuses a path inside a case folder (the store, its exhibits,
  its ledger: symlinks resolved, any enclosing folder that holds a TNOC case counts),
  except that case's own ``reports/`` folder, where ``tnoc report``, ``tnoc bundle`` and
  ``tnoc demo`` write; and refuses to replace an existing file unless the analyst gave
  ``--force``. A ``tnoc network export CASE/case.duckdb`` or an ``export ftm`` into
  ``exhibits/`` is stopped before anything is opened.
* :func:`atomic_output` writes to a temporary file beside the target and moves it in
  place (``os.replace``) only once it is complete (and, where a check is given, checked):
  a failure, a kill or a malformed result leaves the old file, or none, never half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tnoc.errors import TnocError

CASE_MARKERS = ("case.duckdb", "case.json")
"""The files that make a folder a TNOC case (see :mod:`tnoc.store.case`)."""

WRITABLE_IN_CASE = ("reports",)
"""The only folder of a case that outputs may be written to (reports, bundles)."""


def _umask() -> int:
    """The process's umask (read once, at import, before any thread could race it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()
"""The permissions a file written with ``open()`` gets; temporary files are made
owner-only, so a finished output is given these, as it had before it was atomic."""


class UnsafeOutput(TnocError):
    """An output path that would write into a case or over a file."""


def is_case(folder: Path) -> bool:
    """True when ``folder`` holds a TNOC case (its store and its case.json)."""
    return all((folder / marker).is_file() for marker in CASE_MARKERS)


def enclosing_case(path: Path) -> Path | None:
    """The innermost case folder holding ``path`` (resolved, symlinks followed), or None.

    The path itself counts: a case folder given as an output folder is inside a case."""
    resolved = path.expanduser().resolve()
    for folder in (resolved, *resolved.parents):
        if folder.is_dir() and is_case(folder):
            return folder
    return None


def check_output(path: Path, force: bool = False, what: str = "output") -> Path:
    """Refuse ``path`` as an output when it lies inside a case folder (outside its
    ``reports/``) or is an existing file and ``force`` is false; return it resolved.

    Every enclosing case is checked, not only the innermost one, so a case kept inside
    another case's exhibits is protected by both. An existing folder is not refused here
    (exports to a folder check each file they write)."""
    resolved = path.expanduser().resolve()
    for folder in (resolved, *resolved.parents):
        if not (folder.is_dir() and is_case(folder)):
            continue
        allowed = [folder / sub for sub in WRITABLE_IN_CASE]
        if not any(resolved != a and resolved.is_relative_to(a) for a in allowed):
            inside = resolved.relative_to(folder).as_posix() or "."
            shown = f"{path}" + (f" (-> {resolved})" if resolved != path.absolute() else "")
            raise UnsafeOutput(
                f"refusing to write the {what} to {shown}: it is inside the case folder "
                f"{folder} (as {inside}), where the store, exhibits and ledger are kept; "
                f"write it outside the case, or under {folder / 'reports'}")
    if (path.is_symlink() or path.exists()) and not path.is_dir() and not force:
        raise UnsafeOutput(f"{path} already exists: not replaced; give --force to replace "
                           f"it, or choose another file name")
    # the folder it goes in (made if missing) must be one this process can write in,
    # said before the command's work rather than after (a Spark run of minutes, stored,
    # then a traceback from the CSV's open)
    existing = next(folder for folder in resolved.parents if folder.exists())
    if not existing.is_dir():
        raise UnsafeOutput(f"cannot write the {what} to {path}: {existing} is a file, not "
                           "a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UnsafeOutput(f"cannot write the {what} to {path}: no permission to write in "
                           f"{existing}")
    return resolved


@contextmanager
def partial_beside(path: Path) -> Iterator[Path]:
    """A new empty temporary file beside ``path``, removed when the block ends unless
    the block moved it onto ``path`` itself (as :func:`atomic_output` does, or a writer
    that must move it inside its ledger transaction).

    It keeps the target's suffix (writers and validators pick the format from it:
    matplotlib's ``savefig``, stix2-validator) and starts with a dot, so a folder listing
    does not show it as a result. Same folder, so the move is one atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                suffix=f".partial{path.suffix}")
    os.close(fd)
    partial = Path(name)
    os.chmod(partial, FILE_MODE)
    try:
        yield partial
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def atomic_output(path: Path, check: Callable[[Path], None] | None = None
                  ) -> Iterator[Path]:
    """A temporary file beside ``path`` to write to; moved onto ``path`` when the block
    ends without error (after ``check`` on it, if given, does not raise), removed
    otherwise, so ``path`` holds the old file or the complete new one, never a part."""
    with partial_beside(path) as partial:
        yield partial
        if check is not None:
            check(partial)
        os.replace(partial, path)


def write_bytes_atomic(path: Path, payload: bytes,
                       check: Callable[[Path], None] | None = None) -> None:
    """Write ``payload`` to ``path`` through :func:`atomic_output`."""
    with atomic_output(path, check) as partial:
        partial.write_bytes(payload)
