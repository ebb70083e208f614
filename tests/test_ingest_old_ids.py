"""A case ingested under the id rule of earlier versions (``cdr-line--4915...``) and a
file ingested today (``cdr-line-4915...``) must not make one phone line two entities:
``tnoc ingest`` says so, names the older source and gives the fix (``--replace``).

Real data: the seized phone's call records of ``tests/data/cdr/calls.csv``; the older
case is made by ingesting with the id rule as it was (dashes kept, none trimmed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tnoc.ingest.clean
import tnoc.ingest.compile
from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.ingest.clean import lit
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

CDR = Path(__file__).parent / "data" / "cdr" / "calls.csv"
OLD_UNSAFE_ID_CHARS = r"[^A-Za-z0-9._:-]+"  # the rule before ids became slugs


def _old_slug_sql(x: str) -> str:
    return f"regexp_replace({x}, {lit(OLD_UNSAFE_ID_CHARS)}, '-', 'g')"


@pytest.fixture
def old_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Case:
    """calls.csv taken in under the old id rule."""
    case = Case.init(tmp_path / "case")
    with monkeypatch.context() as patched:
        patched.setattr(tnoc.ingest.compile, "slug_sql", _old_slug_sql)
        patched.setattr(tnoc.ingest.clean, "slug_sql", _old_slug_sql)
        ingest_file(case, "call_records", CDR)
    return case


def _lines(case: Case) -> list[str]:
    with case.connect(read_only=True) as con:
        return [str(r[0]) for r in con.execute(
            "SELECT DISTINCT entity_id FROM statement_store WHERE entity_id LIKE 'cdr-line%' "
            "ORDER BY 1").fetchall()]


def test_old_ids_are_found_and_the_fix_named(old_case: Case, tmp_path: Path) -> None:
    old_lines = _lines(old_case)
    assert "cdr-line--4915112223333" in old_lines  # what the older case holds
    # the next export of the same phone: the same lines, a new file
    header, *rows = CDR.read_text(encoding="utf-8").splitlines()
    later = tmp_path / "calls_later.csv"
    later.write_text("\n".join([header, *rows[10:]]) + "\n", encoding="utf-8")
    with pytest.raises(TnocError) as refused:
        ingest_file(old_case, "call_records", later)
    message = str(refused.value)
    assert "calls.csv (mapping call_records)" in message
    assert "'cdr-line--" in message and "two entities" in message
    assert "nothing was taken in" in message
    command = re.search(r"tnoc ingest call_records (\S+) --replace", message)
    assert command and Path(command.group(1)).is_file()  # the exhibit copy
    assert _lines(old_case) == old_lines  # nothing half-written
    # the same file again: nothing doubles, and the analyst is told the ids are stale
    again = ingest_file(old_case, "call_records", CDR)
    assert again.status == "already ingested"
    assert again.notes and "--replace" in again.notes[0] and "cdr-line--" in again.notes[0]
    # the fix: the older source again with --replace, from its exhibit copy; then the
    # later file makes the same entities
    replaced = ingest_file(old_case, "call_records", Path(command.group(1)),
                           IngestOptions(replace=True))
    assert replaced.status == "ingested" and not replaced.notes
    assert not [i for i in _lines(old_case) if "--" in i]
    before = _lines(old_case)
    ingest_file(old_case, "call_records", later)
    assert _lines(old_case) == before  # no line twice


def test_replace_goes_through_and_says_what_is_left(old_case: Case,
                                                    tmp_path: Path) -> None:
    """Older sources replaced one at a time: each replace goes through and names the
    sources still under the old rule (else none could be replaced first)."""
    header, *rows = CDR.read_text(encoding="utf-8").splitlines()
    later = tmp_path / "calls_later.csv"
    later.write_text("\n".join([header, *rows[10:]]) + "\n", encoding="utf-8")
    done = ingest_file(old_case, "call_records", later, IngestOptions(replace=True))
    assert done.status == "ingested"
    assert done.notes and "calls.csv (mapping call_records)" in done.notes[0]


def test_ingest_command_prints_the_note(old_case: Case) -> None:
    result = CliRunner().invoke(app, ["ingest", "call_records", str(CDR),
                                      "-c", str(old_case.root)])
    assert result.exit_code == 0, result.output
    assert "already ingested" in result.stdout
    assert "note:" in result.stderr and "--replace" in result.stderr
