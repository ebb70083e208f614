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
import socket
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
if sys.argv[2] == "recover":
    Case.open(sys.argv[1]).recover()
else:
    ingest_file(Case.open(sys.argv[1]), "call_records", Path(sys.argv[2]))
"""


@pytest.fixture(scope="module")
def empty_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One new case, copied for each kill point."""
    return Case.init(tmp_path_factory.mktemp("crash") / "case").root


@pytest.fixture(scope="module")
def committed_case(empty_case: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case whose intake of calls.csv was killed after its commit (the copy still in
    ``.incoming``), made once and copied by each test that starts from it."""
    root = tmp_path_factory.mktemp("committed") / "case"
    shutil.copytree(empty_case, root)
    _killed_ingest(root, CALLS, "after-commit")
    return root


def _killed_ingest(root: Path, path: Path | str, step: str) -> None:
    """Ingest ``path`` (``"recover"``: only open for writing) in a child process killed
    at ``step``; check it was killed."""
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
    if step == "expanding":  # the killed run's scratch folder, beside this process's
        assert set(_listing(root / "tmp")) - {case.scratch.name}
    if step not in ("expanding", "reading"):
        assert _listing(case.incoming)  # the killed run's copy of the file

    result = verify_case(case)  # opens for writing: finishes or undoes the killed intake
    assert result.ok, [str(p) for p in result.problems]
    assert any(w.startswith("recovered ") for w in result.warnings) == committed
    assert _listing(root / "tmp") == [case.scratch.name]  # only this process's
    assert _listing(case.incoming) == []

    report = ingest_file(case, "call_records", given)
    assert report.status == ("already ingested" if committed else "ingested")
    assert report.statements > 0
    assert verify_case(case).ok
    with case.connect(read_only=True) as con:
        copied = con.execute("SELECT details FROM custody_events "
                             "WHERE event_type = 'copied'").fetchall()
    assert len(copied) == (1 if committed else 0)  # the recovery is in the ledger


def test_missing_exhibit_restored_by_reingest(committed_case: Path, tmp_path: Path) -> None:
    """A committed source whose exhibit is gone (no copy left to recover) gets it back
    from the file given again, not 'nothing to do'."""
    root = tmp_path / "case"
    shutil.copytree(committed_case, root)
    case = Case.open(root)
    for copy in case.incoming.iterdir():
        copy.unlink()  # the pending copy lost too
    assert not verify_case(case, record=False).ok

    report = ingest_file(case, "call_records", CALLS)
    assert report.status == "exhibit restored"
    assert verify_case(case).ok


def _copied(case: Case) -> int:
    """How many ``copied`` ledger entries (recoveries, restorations) the case holds."""
    with case.connect(read_only=True) as con:
        row = con.execute("SELECT count(*) FROM custody_events "
                          "WHERE event_type = 'copied'").fetchone()
    return int(row[0]) if row else 0


def test_killed_recovery_is_finished_by_the_next(committed_case: Path, tmp_path: Path) -> None:
    """A recovery killed after putting the exhibit in place, before removing the copy:
    the next opening removes the copy without a false 'did not complete', one ledger
    entry in all."""
    root = tmp_path / "case"
    shutil.copytree(committed_case, root)
    _killed_ingest(root, "recover", "settling")
    case = Case.open(root)
    assert _listing(case.incoming)  # the copy the killed recovery had not removed yet
    result = verify_case(case)
    assert result.ok, [str(p) for p in result.problems]
    assert any("is already in place" in w for w in result.warnings), result.warnings
    assert not any("did not complete" in w for w in result.warnings)
    assert _listing(case.incoming) == [] and _copied(case) == 1


def test_killed_restoration_is_recovered(committed_case: Path, tmp_path: Path) -> None:
    """A re-ingest restoring a missing exhibit, killed with its whole copy in
    ``.incoming``: the next opening moves that copy into place."""
    root = tmp_path / "case"
    shutil.copytree(committed_case, root)
    for copy in (root / "exhibits" / ".incoming").iterdir():
        copy.unlink()  # the exhibit lost with its pending copy
    _killed_ingest(root, CALLS, "restoring")
    case = Case.open(root)
    result = verify_case(case)
    assert result.ok, [str(p) for p in result.problems]
    assert any(w.startswith("recovered ") for w in result.warnings), result.warnings
    assert _listing(case.incoming) == [] and _copied(case) == 1


def test_damaged_copy_of_a_committed_intake_is_kept_and_named(
        committed_case: Path, tmp_path: Path) -> None:
    """After a power loss the committed intake's copy can come back truncated: it is kept
    aside (never deleted as a leftover), the source and the way to restore it are named,
    and a re-ingest of the file restores the exhibit."""
    root = tmp_path / "case"
    shutil.copytree(committed_case, root)
    (copy,) = (root / "exhibits" / ".incoming").iterdir()
    copy.write_bytes(CALLS.read_bytes()[:100])  # what the disk gave back
    case = Case.open(root)
    with case.connect(read_only=True) as con:
        (source_id,) = con.execute("SELECT source_id FROM sources").fetchone() or ("",)
    result = verify_case(case)
    assert not result.ok  # the exhibit is missing, and said so
    (kept,) = [w for w in result.warnings if w.startswith("kept ")]
    assert source_id in kept and "calls.csv" in kept and "re-ingest" in kept
    assert f"tnoc ingest call_records {CALLS.resolve()} -c {root}" in kept
    assert "did not complete" not in " ".join(result.warnings)
    assert _listing(case.incoming) == [copy.name + ".damaged"]
    assert (case.incoming / (copy.name + ".damaged")).read_bytes() == CALLS.read_bytes()[:100]

    assert ingest_file(case, "call_records", CALLS).status == "exhibit restored"
    assert verify_case(case).ok


def test_leftovers_of_a_dead_run_with_this_pid_are_cleaned(
        committed_case: Path, tmp_path: Path) -> None:
    """Pids repeat (tnoc is pid 1 in every ``docker run``): a scratch folder and an
    incoming copy naming this very pid but whose lock no process holds are a dead run's:
    removed and recovered. This process's own, whose lock it holds, are kept."""
    root = tmp_path / "case"
    shutil.copytree(committed_case, root)
    (copy,) = (root / "exhibits" / ".incoming").iterdir()
    dead = f"run-{socket.gethostname()}-{os.getpid()}-00000000"
    (root / "tmp" / dead).mkdir()
    (root / "tmp" / dead / "lock").touch()  # a lock file no process holds
    (root / "tmp" / dead / "expanded-calls.csv").write_text("x")
    (root / "tmp" / f"pid-{os.getpid()}").mkdir()  # scratch of earlier versions
    copy.rename(copy.with_name(f"{copy.name[:64]}-{dead}"))
    case = Case.open(root)
    mine = case.incoming_copy("0" * 64)  # a live intake's copy: this process's
    mine.write_text("x")
    (case.scratch / "expanded-calls.csv").write_text("x")
    recovered = case.recover()
    assert [w.split(" as ")[0] for w in recovered] == [
        f"recovered exhibits/.incoming/{copy.name[:64]}-{dead}"]
    assert _listing(root / "tmp") == [case.scratch.name]
    assert _listing(case.incoming) == [mine.name]
    assert (case.scratch / "expanded-calls.csv").exists()
    mine.unlink()
    assert verify_case(case).ok
