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


def _renamed_synth(folder: Path, names: dict[str, str], rows: slice) -> Path:
    """The synthetic-cannabinoid Agora subset, ``rows`` of it, vendors renamed."""
    import csv

    synth = Path(__file__).parents[1] / "examples" / "data" / "markets" / "agora_2014_synth.csv"
    with synth.open(newline="", encoding="utf-8") as handle:
        header, *records = list(csv.reader(handle))
    column = header.index("vendor")
    path = folder / f"synth_{rows.start}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *[
            [names.get(v, v) if i == column else v for i, v in enumerate(r)]
            for r in records[rows]]])
    return path


def _vendors(case: Case) -> dict[str, set[str]]:
    with case.connect(read_only=True) as con:
        found: dict[str, set[str]] = {}
        for entity, name in con.execute(
                "SELECT entity_id, value FROM statement_store WHERE schema = 'UserAccount' "
                "AND prop = 'username'").fetchall():
            found.setdefault(str(entity), set()).add(str(name))
        return found


NAMES = {"SusnaSmith": "王小明", "nawlins": "李大偉", "axa": "M\u00fcller",
         "Charlie_Bartlett": "M\u00f6ller"}


def test_ids_keep_the_letters_of_every_script(tmp_path: Path) -> None:
    """An id made of a name keeps its letters: three Chinese vendor names were all
    ``agora-vendor`` (one account of 212 listings, a review found), "Müller" and
    "Möller" both ``agora-vendor-M-ller``."""
    case = Case.init(tmp_path / "case")
    path = _renamed_synth(tmp_path, NAMES, slice(0, None))
    ingest_file(case, "agora_listings", path)
    vendors = _vendors(case)
    renamed = {e: n for e, n in vendors.items() if n & set(NAMES.values())}
    assert all(len(n) == 1 for n in vendors.values()), vendors
    assert sorted(next(iter(n)) for n in renamed.values()) == sorted(NAMES.values())
    assert "agora-vendor-M\u00fcller" in vendors and "agora-vendor-M\u00f6ller" in vendors


def test_an_older_case_with_ids_without_those_letters_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case taken in before ids kept letters beyond A-Z holds ``agora-vendor-M-ller``;
    a later crawl of the same vendors would make ``agora-vendor-Müller`` beside it: the
    ingest refuses and names the older source and the fix, as for the dashed ids."""
    case = Case.init(tmp_path / "case")
    first = _renamed_synth(tmp_path, NAMES, slice(0, 400))
    with monkeypatch.context() as patched:
        patched.setattr(tnoc.ingest.compile, "slug_sql", tnoc.ingest.clean.ascii_slug_sql)
        patched.setattr(tnoc.ingest.clean, "slug_sql", tnoc.ingest.clean.ascii_slug_sql)
        ingest_file(case, "agora_listings", first)
    older = _vendors(case)
    assert "agora-vendor-M-ller" in older
    later = _renamed_synth(tmp_path, NAMES, slice(400, None))
    with pytest.raises(TnocError) as refused:
        ingest_file(case, "agora_listings", later)
    message = str(refused.value)
    assert f"{first.name} (mapping agora_listings)" in message
    assert "without the letters beyond A-Z" in message and "--replace" in message
    assert _vendors(case) == older  # nothing half-written
