"""Sources held as Parquet files, not in the DuckDB file (``tnoc ingest ... --statements
parquet``, :mod:`tnoc.store.held`; issue #27's lake-first store): every reader sees
the same statements, the files are listed and checked, and a failed or replaced
intake leaves nothing behind. Merges and erasure on held sources: tests/test_erasure.py
(its whole module runs on both kinds of case)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tnoc.evidence.verify import verify_case
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.custody import file_sha256
from tnoc.store import Case
from tnoc.store.engine import HELD_ROW_GROUP
from tnoc.store.held import (
    HeldStaging,
    held_files,
    index_references,
    stored_statements,
    stored_table,
)
from tnoc.store.lookup import statements_by

from .conftest import DATA, run_tnoc, store_fingerprint
from .test_ingest_engines import _kept

SDN = DATA / "sanctions" / "ofac_sdn_2024-05-03.csv"
CDR = Path(__file__).parent / "data" / "cdr" / "calls.csv"


def _statement_files(case: Case) -> list[Path]:
    """The held statement files (not their seals' digests, ``seals-*``, nor their
    references held again by value, ``references-*``)."""
    return sorted(p for p in (case.root / "held").rglob("*.parquet")
                  if not p.name.startswith(("seals-", "references-")))


def _in_store(case: Case) -> int:
    """Statements in the store's own table (not the held files)."""
    with case.connect(read_only=True) as con:
        return int(con.execute(f"SELECT count(*) FROM {stored_statements(con)}"
                               ).fetchall()[0][0])


def test_a_held_source_reads_as_the_same_statements_as_a_stored_one(tmp_path: Path) -> None:
    """OFAC's SDN list (197,584 statements) held as Parquet: the statements, the
    entities and a search are those of the same file taken into the store; the DuckDB
    file holds none of them, nor their seal's per-(entity, property) digests (held
    beside them: the same digests); the files are listed with their sha256 and ``tnoc
    verify`` re-hashes them and checks the seal through the views."""
    stored, held = Case.init(tmp_path / "stored"), Case.init(tmp_path / "held")
    a = ingest_file(stored, "ofac_sdn", SDN)
    b = ingest_file(held, "ofac_sdn", SDN, IngestOptions(held=True))
    assert (a.source_id, a.statements, a.flagged, a.entities) == (
        b.source_id, b.statements, b.flagged, b.entities)
    assert (a.held_files, b.held_files) == (0, 1)
    assert _kept(held) == _kept(stored)
    assert _in_store(held) == 0 and _in_store(stored) == a.statements
    with held.connect(read_only=True) as con, stored.connect(read_only=True) as con2:
        for query in ("SELECT count(*), count(DISTINCT id) FROM entities",
                      "SELECT count(*) FROM edges",
                      "SELECT properties::VARCHAR FROM entities WHERE id = 'ofac-sdn-32796'"):
            assert con.execute(query).fetchall() == con2.execute(query).fetchall(), query
        [listed] = held_files(con, kind="statements")
        [seals] = held_files(con, kind="seals")
        digests = "SELECT * FROM statement_seals ORDER BY ALL"
        assert con.execute(digests).fetchall() == con2.execute(digests).fetchall()
        assert con.execute(f"SELECT count(*) FROM "
                           f"{stored_table(con, 'statement_seals')}").fetchall() == [(0,)]
    assert listed.rows == a.statements and listed.path.startswith(f"held/{a.source_id}/")
    assert (held.root / listed.path).is_file() and (held.root / seals.path).is_file()
    assert seals.path.startswith(f"held/{a.source_id}/seals-")
    result = verify_case(held, record=False)
    assert result.ok and result.sealed == 1 and result.held_files == 3
    # the references held again, by value: lookups of what names an entity read them
    with held.connect(read_only=True) as con, stored.connect(read_only=True) as con2:
        [refs] = held_files(con, kind="references")
        assert refs.path.startswith(f"held/{a.source_id}/references-")
        named = [str(r[0]) for r in con2.execute(
            "SELECT value FROM statement_store WHERE prop_type = 'entity' "
            "GROUP BY value ORDER BY count(*) DESC, value LIMIT 5").fetchall()]
        assert refs.rows == con2.execute("SELECT count(*) FROM statement_store WHERE "
                                         "prop_type = 'entity'").fetchall()[0][0] > 0
        naming = (f"SELECT * FROM {statements_by('value')} s ORDER BY ALL")
        assert con.execute(naming, {"ids": named}).fetchall() == con2.execute(
            naming, {"ids": named}).fetchall() != []
        # read from the references file, not the source's statement file
        [(view,)] = con.execute("SELECT sql FROM duckdb_views() WHERE temporary AND "
                                "view_name = 'statement_refs'").fetchall()
        assert refs.path.split("/")[-1] in view and listed.path.split("/")[-1] not in view


def test_a_failed_intake_leaves_no_held_file(case: Case) -> None:
    """An intake that fails after its files were placed (here: the importer's hook,
    run last) leaves the store as it was and nothing under ``held/`` or scratch."""
    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    before = store_fingerprint(case)
    files = sorted((case.root / "held").rglob("*"))
    assert len(files) == 4  # the source's folder, its statements, digests, references

    def fail(*_: Any) -> None:
        raise RuntimeError("the importer failed")

    with pytest.raises(RuntimeError, match="the importer failed"):
        ingest_file(case, "ofac_sdn", SDN, IngestOptions(held=True), on_intake=fail)
    assert store_fingerprint(case) == before
    assert sorted((case.root / "held").rglob("*")) == files
    assert not list(case.scratch.glob("mapped-*"))


def test_a_replaced_held_source_keeps_only_its_new_files(case: Case) -> None:
    """``--replace`` into the store: the held files are unlisted and removed; again as
    held: one new file, the former gone."""
    first = ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    [old] = _statement_files(case)
    again = ingest_file(case, "call_records", CDR, IngestOptions(replace=True))
    assert again.statements == first.statements and again.held_files == 0
    assert not old.exists() and _in_store(case) == first.statements
    assert not (case.root / "held").exists() or not any((case.root / "held").rglob("*.*"))
    ingest_file(case, "call_records", CDR, IngestOptions(replace=True, held=True))
    [new] = _statement_files(case)
    assert new != old and _in_store(case) == 0
    assert verify_case(case, record=False).ok


def test_replacing_a_source_whose_held_file_changed_says_so_and_records_it(
        case: Case) -> None:
    """``--replace`` of a held source whose statement file was edited (same size, so
    every reading still opens it): the replacement retires the file, but says so in
    its notes and its signed ``acquired`` entry keeps what was found (the file, the
    sha256 listed and the one found): the evidence of the tampering does not go with
    the file. Verify holds after (the new files are as listed)."""
    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    [file] = _statement_files(case)
    rel = file.relative_to(case.root).as_posix()
    with case.connect(read_only=True) as con:
        [listed] = [h.sha256 for h in held_files(con) if h.path == rel]
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte flipped in the middle: the size is the same
    file.write_bytes(bytes(data))
    found = file_sha256(file)[0]
    report = ingest_file(case, "call_records", CDR, IngestOptions(replace=True, held=True))
    [note] = [n for n in report.notes if n.startswith(f"held file {rel} ")]
    assert f"sha256 {found}" in note and "this intake's ledger entry records" in note
    with case.connect(read_only=True) as con:
        [details] = [json.loads(d) for (d,) in con.execute(
            "SELECT details FROM custody_events WHERE event_type = 'acquired' "
            "ORDER BY seq DESC LIMIT 1").fetchall()]
    [damaged] = details["replaced_damaged"]
    assert damaged["file"] == rel and damaged["listed_sha256"] == listed
    assert damaged["found"].startswith(f"sha256 {found} ")
    assert not file.exists() and verify_case(case, record=False).ok
    # a replacement of intact files records nothing of the kind
    ingest_file(case, "call_records", CDR, IngestOptions(replace=True, held=True))
    with case.connect(read_only=True) as con:
        [(details_text,)] = con.execute(
            "SELECT details FROM custody_events WHERE event_type = 'acquired' "
            "ORDER BY seq DESC LIMIT 1").fetchall()
    assert "replaced_damaged" not in json.loads(details_text)


def test_replace_repairs_a_truncated_or_missing_held_file_of_an_indexed_case(
        tmp_path: Path) -> None:
    """``tnoc ingest --replace`` is the repair the refusal of a damaged held file
    names; with a search index it was refused itself (the gate read the case's
    fingerprint before the intake, and the damaged view refused it). A truncated
    statement file and a deleted references file: each replaced, said, recorded;
    verify holds; the search finds again."""
    from tnoc.ledger.keys import operator
    from tnoc.service import CaseService, Session

    for damage in ("truncated", "missing"):
        case = Case.init(tmp_path / damage)
        ingest_file(case, "call_records", CDR, IngestOptions(held=True))
        CaseService(case, Session(operator())).build_index()
        if damage == "truncated":
            [file] = _statement_files(case)
            file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
        else:
            [file] = [p for p in (case.root / "held").rglob("references-*.parquet")]
            file.unlink()
        refused = run_tnoc("search", "Kemal", "-c", str(case.root))
        assert refused.returncode == 4, refused.stderr
        done = run_tnoc("ingest", "call_records", str(CDR), "-c", str(case.root),
                        "--statements", "parquet", "--replace")
        assert done.returncode == 0, done.stderr
        rel = file.relative_to(case.root).as_posix()
        assert f"held file {rel} of the source replaced: " in done.stdout + done.stderr
        assert verify_case(case, record=False).ok
        found = run_tnoc("search", "Kemal", "-c", str(case.root))
        assert found.returncode == 0 and "Kemal Aydin" in found.stdout, found.stderr


def test_a_changed_missing_or_stray_held_file_is_named(case: Case, tmp_path: Path) -> None:
    """A held file edited: verify names it (sha256) and the seal fails. Missing: every
    reading of the statements fails, naming the file; verify names it. A file no
    source lists: named by a verify that writes nothing, removed (and said) by the
    next opening for writing."""
    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    [file] = _statement_files(case)
    rel = file.relative_to(case.root).as_posix()

    changed = Case.open(shutil.copytree(case.root, tmp_path / "changed"))
    target = changed.root / rel
    with changed.connect() as con:
        con.execute(f"COPY (SELECT * REPLACE ('134' AS value) FROM read_parquet('{target}')) "
                    f"TO '{target}.x' (FORMAT parquet)")
    target.with_name(target.name + ".x").replace(target)
    problems = [str(p) for p in verify_case(changed, record=False).problems]
    assert problems[0].startswith(f"held file {rel}: sha256 ") and len(problems) == 2
    assert "calls.csv" in problems[1] and "not the ones sealed" in problems[1]

    missing = Case.open(shutil.copytree(case.root, tmp_path / "missing"))
    (missing.root / rel).unlink()
    with missing.connect(read_only=True) as con, \
            pytest.raises(duckdb.Error, match=f"missing .e.g. {rel}"):
        con.execute("SELECT count(*) FROM statements").fetchall()
    done = run_tnoc("verify", str(missing.root), "--no-record")
    assert done.returncode == 1 and f"held file {rel}: missing" in done.stdout
    done = run_tnoc("search", "Kemal", "-c", str(missing.root))  # said, exit 4
    assert done.returncode == 4 and done.stderr.startswith("error: 1 held file(s) of ")
    assert "Traceback" not in done.stderr

    # a leftover named as TNOC names the files it places: removed by the next writing;
    # any other file there (put by hand) is kept for verify to name, never removed
    leftover = file.with_name("0123456789ab-00007.parquet")
    stray = case.root / "held" / "copied.parquet"
    notes = file.with_name("my-notes.parquet")
    for extra in (leftover, stray, notes):
        shutil.copyfile(file, extra)
    problems = [str(p) for p in verify_case(case, record=False).problems]
    named = sorted(e.relative_to(case.root).as_posix() for e in (leftover, stray, notes))
    assert problems == [f"held file {n}: listed by no source: " + (
        "named as TNOC names its files (a leftover of an interrupted run, removed by the "
        "next writing)" if "0123456789ab" in n else "put there by hand or by another "
        "program (TNOC never removes it: move it out of held/)") for n in named]
    said = case.recover()[0]
    assert f"removed {leftover.relative_to(case.root).as_posix()}" in said
    assert not leftover.exists() and stray.exists() and notes.exists()
    assert [str(p) for p in verify_case(case, record=False).problems] == [
        p for p in problems if "0123456789ab" not in p]


def test_tnoc_ingest_statements_parquet_says_where_they_are(tmp_path: Path) -> None:
    """The command: ``--statements parquet`` says how many files hold them, where; and
    ``tnoc sources`` says which sources are held."""
    case = Case.init(tmp_path / "case")
    done = run_tnoc("ingest", "call_records", str(CDR), "-c", str(case.root),
                    "--statements", "parquet")
    assert done.returncode == 0, done.stderr
    assert ("statements held as 1 Parquet file(s), their seal's digests in one more and "
            "their references ordered by value (for lookups) in another, under") \
        in done.stdout
    assert "(not in the DuckDB file)" in done.stdout
    assert _in_store(case) == 0
    # 'tnoc sources' says where each source's statements are kept
    ingest_file(case, "saml_d", DATA / "aml" / "saml-d_sample_1k.csv")
    done = run_tnoc("sources", "-c", str(case.root), "--json")
    assert done.returncode == 0, done.stderr
    assert {r["file_name"]: r["kept_in"] for r in json.loads(done.stdout)["rows"]} == {
        "calls.csv": "held", "saml-d_sample_1k.csv": "store"}
    # the same columns in --csv for a case with no source yet
    empty = Case.init(tmp_path / "empty")
    header = run_tnoc("sources", "-c", str(empty.root), "--csv").stdout.splitlines()[0]
    assert header == run_tnoc("sources", "-c", str(case.root), "--csv").stdout.splitlines()[0]
    assert header.endswith(",kept_in")


@pytest.mark.spark
def test_statements_mapped_on_spark_are_held_as_its_workers_wrote_them(
        tmp_path: Path, spark: Any) -> None:
    """On Spark, the Parquet its workers wrote are the held files: the same statements
    as a DuckDB ingest into the store, and verify holds."""
    stored, held = Case.init(tmp_path / "stored"), Case.init(tmp_path / "held")
    ingest_file(stored, "ofac_sdn", SDN)
    report = ingest_file(held, "ofac_sdn", SDN, IngestOptions(held=True), spark=spark)
    assert report.held_files >= 1 and _in_store(held) == 0
    assert _kept(held) == _kept(stored)
    assert verify_case(held, record=False).ok
    # in row groups of HELD_ROW_GROUP rows, as DuckDB writes them (parquet-mr's own
    # default is 128 MB: one group for the whole list, which a lookup reads whole)
    groups = [int(n) for f in _statement_files(held) for (_, n) in duckdb.execute(
        "SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(?)",
        [str(f)]).fetchall()]
    assert sum(groups) > HELD_ROW_GROUP and max(groups) == HELD_ROW_GROUP


def test_a_row_naming_a_file_outside_held_is_never_read_nor_removed(case: Case,
                                                                     tmp_path: Path) -> None:
    """A ``held_files`` row edited to name another file (``../``, outside the case):
    reading the statements fails, verify names the row, and a replacement of the source
    neither reads nor removes that file."""
    report = ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    outside = tmp_path / "important.parquet"
    [file] = _statement_files(case)
    shutil.copyfile(file, outside)
    forged = f"held/{report.source_id}/../../../{outside.name}"
    with case.connect() as con:
        con.execute("UPDATE held_files SET path = ? WHERE kind = 'statements'", [forged])
    with case.connect(read_only=True) as con, \
            pytest.raises(duckdb.Error, match="listed under a path no held file has"):
        con.execute("SELECT count(*) FROM statements").fetchall()
    problems = [str(p) for p in verify_case(case, record=False).problems]
    assert problems[0].startswith(f"held file {forged}: listed for source ")
    with case.reading_damaged():  # a replacement reads the file again: never the forged
        ingest_file(case, "call_records", CDR, IngestOptions(replace=True, held=True))
    assert outside.is_file()
    # the real file the forged row no longer named: left while the listing was in
    # doubt, removed by the next opening for writing once it is clean
    real = file.relative_to(case.root).as_posix()
    assert [r for r in case.recover() if r.startswith(f"removed {real}")]
    assert verify_case(case, record=False).ok


def test_verify_reads_a_damaged_case_only_while_it_runs(case: Case) -> None:
    """Verify opens a case whose held file is gone (and names it); after it, the same
    ``Case`` object fails to read the statements again: none sees part of them."""
    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    [file] = _statement_files(case)
    assert verify_case(case, record=False).ok
    file.unlink()
    problems = [str(p) for p in verify_case(case, record=False).problems]
    assert "missing" in problems[0]
    with case.connect(read_only=True) as con, pytest.raises(duckdb.Error, match="missing"):
        con.execute("SELECT entity_id FROM statement_store LIMIT 1").fetchall()


def test_a_damaged_file_that_is_not_the_first_is_named_by_verify(case: Case) -> None:
    """Of two held sources, the second file's bytes overwritten: verify names it and
    the failed seal of its source, and checks the other source's seal as usual."""
    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    ingest_file(case, "ofac_sdn", SDN, IngestOptions(held=True))
    with case.connect(read_only=True) as con:
        last = held_files(con, kind="statements")[-1]
    (case.root / last.path).write_bytes(b"not parquet at all")
    result = verify_case(case, record=False)
    problems = [str(p) for p in result.problems]
    assert problems[0].startswith(f"held file {last.path}: sha256 ")
    assert len(problems) == 2 and "not the ones sealed" in problems[1]
    assert result.sealed == 1


def test_a_case_folder_named_like_a_pattern_reads_its_own_files(tmp_path: Path) -> None:
    """DuckDB reads a file name as a glob: a case in ``ops*`` beside ``ops*-copy``
    read both copies' statements. Each path is escaped."""
    case = Case.init(tmp_path / "ops*")
    report = ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    shutil.copytree(case.root, tmp_path / "ops*-copy")
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM statements").fetchall() == [
            (report.statements,)]
    assert verify_case(case, record=False).ok


def test_a_snapshot_reads_the_files_it_was_made_with(case: Case) -> None:
    """A background reading's snapshot links the held files: a replacement committed
    after it removes the case's former file, and the snapshot still reads its own."""
    report = ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    snapshot = case.snapshot()
    try:
        ingest_file(case, "call_records", CDR, IngestOptions(replace=True, held=True))
        with snapshot.connect() as con:
            assert con.execute("SELECT count(*) FROM statements").fetchall() == [
                (report.statements,)]
    finally:
        snapshot.discard()
    assert snapshot.root is not None and not snapshot.root.exists()


def test_a_failure_after_the_commit_keeps_the_files_the_store_lists(case: Case) -> None:
    """An error reaching the staging after its transaction committed (a Ctrl-C, a
    failing close) removes only placed files the store does not list."""
    from tnoc.store.held import HeldStaging

    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    [listed] = _statement_files(case)
    stray = listed.with_name("deadbeef-00000.parquet")
    shutil.copyfile(listed, stray)
    staging = HeldStaging(case.root, "deadbeef", case)
    staging.placed += [listed, stray]
    staging.__exit__(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert listed.is_file() and not stray.exists()
    assert verify_case(case, record=False).ok


def test_a_forged_row_removes_no_other_sources_file(case: Case, tmp_path: Path) -> None:
    """A row forged for another source naming this source's file: replacing that
    other source unlists its own rows only, and this file and its row stay; a row
    edited so the real file is no longer named: no opening for writing, verify's
    included, takes the file for a leftover."""
    victim = ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    other = ingest_file(case, "ofac_sdn", SDN, IngestOptions(held=True))
    [file] = _statement_files(case)[:1] if victim.source_id < other.source_id else \
        _statement_files(case)[-1:]
    rel = file.relative_to(case.root).as_posix()
    assert rel.startswith(f"held/{victim.source_id}/")
    with case.connect() as con:
        con.execute("INSERT INTO held_files SELECT ?, kind, path, sha256, bytes, rows "
                    "FROM held_files WHERE path = ?", [other.source_id, rel])
    with case.reading_damaged():
        ingest_file(case, "ofac_sdn", SDN, IngestOptions(replace=True, held=True))
    assert file.is_file()
    with case.connect(read_only=True) as con:
        assert [f.source_id for f in held_files(con) if f.path == rel] == [victim.source_id]

    edited = Case.open(shutil.copytree(case.root, tmp_path / "edited"))
    with edited.connect() as con:
        con.execute("UPDATE held_files SET path = replace(path, 'held/', 'held/./') "
                    "WHERE path = ?", [rel])
    assert edited.recover() == [] and (edited.root / rel).is_file()
    verify_case(edited)  # records: opens for writing first
    assert (edited.root / rel).is_file()


def test_a_held_ingest_into_a_damaged_case_reads_no_part_of_it(case: Case) -> None:
    """With a held file missing, an intake's own reading of the statements (inside its
    transaction, after it lists its files) fails saying so: nothing is taken in."""
    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    _statement_files(case)[0].unlink()
    with pytest.raises(duckdb.Error, match="held file.*missing"):
        ingest_file(case, "ofac_sdn", SDN, IngestOptions(held=True))
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sources").fetchall() == [(1,)]


def test_a_file_damaged_past_its_footer_is_named_not_a_crash(case: Case,
                                                             tmp_path: Path) -> None:
    """Bytes changed inside a held file's data (its footer intact, so the view is
    made): verify names the file and its source's failed seal instead of crashing,
    and a command reading the statements says it (exit 4)."""
    ingest_file(case, "ofac_sdn", SDN, IngestOptions(held=True))
    [file] = _statement_files(case)
    data = bytearray(file.read_bytes())  # most pages zeroed, the footer at the end kept
    data[len(data) // 10:len(data) * 8 // 10] = bytes(len(data) * 8 // 10 - len(data) // 10)
    file.write_bytes(bytes(data))
    problems = [str(p) for p in verify_case(case, record=False).problems]
    assert problems[0].startswith(f"held file {file.relative_to(case.root).as_posix()}")
    assert any("not the ones sealed" in p for p in problems[1:])
    done = run_tnoc("export", "parquet", str(tmp_path / "out"), "-c", str(case.root))
    assert done.returncode == 4 and done.stderr.startswith("error: the statements could ")
    assert "holds statements as Parquet files: tnoc verify" in done.stderr


def test_a_failure_in_a_hold_removes_the_files_it_placed(case: Case) -> None:
    """Inside a server's hold, a failed transaction's placed files are removed too (the
    store is asked through the hold, not by an opening DuckDB refuses)."""
    from tnoc.store.held import HeldStaging

    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    [listed] = _statement_files(case)
    stray = listed.with_name("deadbeef-00000.parquet")
    with case.hold():
        shutil.copyfile(listed, stray)
        staging = HeldStaging(case.root, "deadbeef", case)
        staging.placed.append(stray)
        staging.__exit__(RuntimeError, RuntimeError(), None)
    assert not stray.exists() and listed.is_file()


def test_a_file_named_like_a_pattern_is_taken_in(tmp_path: Path) -> None:
    """DuckDB reads a file name as a glob: ``calls [1].csv`` named no file (a
    character class). Every reader escapes it."""
    named = tmp_path / "calls [1].csv"
    shutil.copyfile(CDR, named)
    (tmp_path / "calls 1.csv").write_text("not the file\n")
    case = Case.init(tmp_path / "case")
    report = ingest_file(case, "call_records", named)
    assert report.records == ingest_file(Case.init(tmp_path / "other"), "call_records",
                                         CDR).records


def _naming(case: Case, ids: list[str]) -> list[tuple[Any, ...]]:
    """The statements naming ``ids`` as a lookup reads them (``statement_refs``)."""
    with case.connect(read_only=True) as con:
        return con.execute(f"SELECT * FROM {statements_by('value')} s ORDER BY ALL",
                           {"ids": ids}).fetchall()


def test_a_references_file_that_differs_from_its_statements_is_named(
        case: Case) -> None:
    """The references held by value are a copy made for lookups: one written anew
    with a row left out (and listed with its new hash, as another program could)
    is named by verify, and the lookups read what it holds."""
    report = ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    line = "cdr-line-491701234567"
    before = _naming(case, [line])
    assert before  # the calls name the line: can fail
    with case.connect() as con:
        [refs] = held_files(con, kind="references")
        path = case.root / refs.path
        con.execute(f"COPY (SELECT * FROM read_parquet('{path}') WHERE NOT (value = "
                    f"'{line}' AND prop = 'caller')) TO '{path}.new' (FORMAT parquet)")
        Path(f"{path}.new").replace(path)
        sha, size = file_sha256(path)
        con.execute("UPDATE held_files SET sha256 = ?, bytes = ? WHERE path = ?",
                    [sha, size, refs.path])
    problems = [str(p) for p in verify_case(case, record=False).problems]
    assert problems == [f"held file {refs.path}: {len(before) - len(_naming(case, [line]))}"
                        f" row(s) differ from the references among source "
                        f"{report.source_id}'s statements (a lookup's index of them: "
                        "written by hand, or by another program)"]
    # two listed copies of a whole references file: each link would show twice
    whole = _naming(case, [line])
    with case.connect() as con:
        index_references(con, staging := HeldStaging(case.root, "cafe", case),
                         report.source_id, case.scratch)
        staging.place()
    staging.__exit__(None, None, None)
    with case.connect() as con:
        [refs] = held_files(con, kind="references")
        twin = refs.path.replace("references-", "references-twin-")
        shutil.copyfile(case.root / refs.path, case.root / twin)
        con.execute("INSERT INTO held_files SELECT source_id, kind, ?, sha256, bytes, rows "
                    "FROM held_files WHERE path = ?", [twin, refs.path])
    assert len(_naming(case, [line])) == 2 * len(before) > len(whole)
    problems = [str(p) for p in verify_case(case, record=False).problems]
    assert problems == [f"held file {refs.path}, {twin}: {refs.rows:,} row(s) differ from "
                        f"the references among source {report.source_id}'s statements (a "
                        "lookup's index of them: written by hand, or by another program)"]


def test_a_held_source_without_references_file_is_looked_up_in_its_statements(
        case: Case) -> None:
    """A source held before its references were held again (session 56's cases) has
    none: lookups by value read its statement files, with the same answers."""
    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    sdn = ingest_file(case, "ofac_sdn", SDN, IngestOptions(held=True))
    ids = ["cdr-line-491701234567", "ofac-sdn-36", "ofac-sdn-173"]
    before = _naming(case, ids)
    assert len({r[7] for r in before}) == 2  # named in both sources: can fail
    with case.connect() as con:
        [refs] = held_files(con, sdn.source_id, "references")
        con.execute("DELETE FROM held_files WHERE path = ?", [refs.path])
    (case.root / refs.path).unlink()
    assert _naming(case, ids) == before
    assert verify_case(case, record=False).ok


def test_a_held_file_of_another_size_than_listed_is_refused_not_read(case: Case) -> None:
    """A references file rewritten without a row (as by hand, the listing untouched):
    ``tnoc show`` would silently lose a link; it refuses (exit 4) naming the file and
    what to do, and verify names it."""
    ingest_file(case, "call_records", CDR, IngestOptions(held=True))
    with case.connect(read_only=True) as con:
        [refs] = held_files(con, kind="references")
    path = case.root / refs.path
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_parquet('{path}') WHERE value <> "
                f"'cdr-line-491701234567') TO '{path}.new' (FORMAT parquet)")
    con.close()
    Path(f"{path}.new").replace(path)
    assert path.stat().st_size != refs.bytes
    done = run_tnoc("show", "cdr-line-491701234567", "-c", str(case.root))
    assert done.returncode == 4, done.stdout
    assert done.stderr.startswith(f"error: 1 held file(s) of {case.root} are changed (e.g. "
                                  f"{refs.path}: not of the size the store lists)")
    assert "--replace" in done.stderr
    assert [(p.part, p.ref) for p in verify_case(case, record=False).problems] == [
        ("held file", refs.path)]
