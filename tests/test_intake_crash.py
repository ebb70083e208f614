"""An intake killed (SIGKILL) at any step leaves a case that verifies, and the same file
can be taken in afterwards (issue 19, deliverable 4).

The kill points are named steps of the pipeline (``TNOC_TEST_CRASH_AT``, see
:func:`tnoc.store.case.crash_point`), not timings: each run stops at exactly that step.
One small real file (tests/data/cdr/calls.csv, gzipped for the expansion step) in one
case, copied per kill point.
"""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tnoc.evidence.verify import verify_case
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case
from tnoc.store.case import CRASH_ENV

CALLS = Path(__file__).resolve().parent / "data" / "cdr" / "calls.csv"

# step -> (input compressed?, committed after the kill?)
STEPS = {
    "expanding": (True, False),    # archive expansion: scratch left in tmp/
    "reading": (False, False),     # file open, nothing read yet
    "copying": (False, False),     # half a copy in exhibits/.incoming
    "before-commit": (False, False),  # statements and source inserted, not committed
    "after-commit": (False, True),    # committed, copy still in .incoming
    "moving": (False, True),          # committed, exhibit folder made, copy not moved
}

KILL = """
import sys
from pathlib import Path
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case
ingest_file(Case.open(sys.argv[1]), "call_records", Path(sys.argv[2]))
"""


@pytest.fixture(scope="module")
def empty_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One new case, copied for each kill point."""
    return Case.init(tmp_path_factory.mktemp("crash") / "case").root


def _killed_ingest(root: Path, path: Path, step: str) -> None:
    """Ingest ``path`` in a child process killed at ``step``; check it was killed."""
    env = {**os.environ, CRASH_ENV: step}
    done = subprocess.run([sys.executable, "-c", KILL, str(root), str(path)], env=env,
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, (step, done.returncode, done.stderr)


def _listing(folder: Path) -> list[str]:
    """Names in ``folder`` (none if it does not exist)."""
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("step", list(STEPS))
def test_killed_intake_recovers(empty_case: Path, tmp_path: Path, step: str) -> None:
    compressed, committed = STEPS[step]
    root = tmp_path / "case"
    shutil.copytree(empty_case, root)
    given = CALLS
    if compressed:
        given = tmp_path / "calls.csv.gz"
        given.write_bytes(gzip.compress(CALLS.read_bytes()))
    _killed_ingest(root, given, step)

    case = Case.open(root)
    with case.connect(read_only=True) as con:
        sources = con.execute("SELECT count(*) FROM sources").fetchone()
    assert sources == ((1,) if committed else (0,))
    if step == "expanding":
        assert _listing(root / "tmp")  # the killed run's scratch folder
    if step not in ("expanding", "reading"):
        assert _listing(case.incoming)  # the killed run's copy of the file

    result = verify_case(case)  # opens for writing: finishes or undoes the killed intake
    assert result.ok, [str(p) for p in result.problems]
    assert any(w.startswith("recovered ") for w in result.warnings) == committed
    assert _listing(root / "tmp") == []
    assert _listing(case.incoming) == []

    report = ingest_file(case, "call_records", given)
    assert report.status == ("already ingested" if committed else "ingested")
    assert report.statements > 0
    assert verify_case(case).ok
    with case.connect(read_only=True) as con:
        copied = con.execute("SELECT details FROM custody_events "
                             "WHERE event_type = 'copied'").fetchall()
    assert len(copied) == (1 if committed else 0)  # the recovery is in the ledger


def test_missing_exhibit_restored_by_reingest(empty_case: Path, tmp_path: Path) -> None:
    """A committed source whose exhibit is gone (no copy left to recover) gets it back
    from the file given again, not 'nothing to do'."""
    root = tmp_path / "case"
    shutil.copytree(empty_case, root)
    _killed_ingest(root, CALLS, "after-commit")
    case = Case.open(root)
    for copy in case.incoming.iterdir():
        copy.unlink()  # the pending copy lost too
    assert not verify_case(case, record=False).ok

    report = ingest_file(case, "call_records", CALLS)
    assert report.status == "exhibit restored"
    assert verify_case(case).ok


def test_live_process_files_are_kept(case: Case) -> None:
    """Scratch and incoming copies of a process still running are not touched."""
    alive = os.getppid()  # the process that started pytest
    mine = case.root / "tmp" / f"pid-{alive}"
    mine.mkdir(parents=True)
    (mine / "expanded-calls.csv").write_text("x")
    pending = case.incoming / f"{'0' * 64}-{alive}"
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_text("x")
    with case.connect():
        pass
    assert (mine / "expanded-calls.csv").exists() and pending.exists()
