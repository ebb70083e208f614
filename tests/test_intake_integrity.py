"""Intake integrity: doubtful encoding guesses are flagged, a file's identity includes
what the mapping reads from its name, and a partner's CASE/UCO record cannot plant an
intake entry that blocks a later real intake."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tnoc.evidence.verify import verify_case
from tnoc.exchange.caseuco import import_custody_record, write_custody_record
from tnoc.ingest.encoding import as_utf8, detect
from tnoc.ingest.mapping import ReaderSpec, load_mapping
from tnoc.ingest.pipeline import IngestOptions, ingest_file, make_source_id, reads_file_name
from tnoc.ingest.readers import read_source
from tnoc.ledger.custody import read_ledger
from tnoc.store import Case

from .conftest import DATA

CRYPTO = DATA / "sanctions" / "ofac_crypto_addresses"
# real names, as in Spanish, French and German sanctions and customer lists
WESTERN = ["José Peña", "María Muñoz", "Jorge Gómez", "Françoise Lefèvre", "Jürgen Müller"]
# real Czech and Polish names (the composer Antonín Dvořák, the city of Łódź)
CENTRAL = ["Antonín Dvořák", "Łódź Kowalski", "Jiří Novák", "Zdeněk Šťastný", "Paweł Żółć"]


def _names_file(folder: Path, names: list[str], encoding: str) -> Path:
    path = folder / f"names-{encoding}.txt"
    path.write_bytes("\n".join(names).encode(encoding) + b"\n")
    return path


def test_latin1_names_are_read_as_cp1252_and_the_guess_is_flagged(tmp_path: Path) -> None:
    """Latin-1 bytes score alike as cp1250 and cp1252: the Western encoding wins the tie
    (Peña, not Peńa) and the ingest notes say which values the other guess would give."""
    path = _names_file(tmp_path, WESTERN, "latin-1")
    text = as_utf8(path, tmp_path / "scratch")
    assert text.encoding == "cp1252"
    assert text.path.read_text(encoding="utf-8").splitlines() == WESTERN
    assert text.doubt is not None
    assert "cp1252 over cp1250" in text.doubt and "'Peña' / 'Peńa'" in text.doubt
    with duckdb.connect() as con:
        table = read_source(con, path, ReaderSpec(format="lines", columns=["name"]), path,
                            tmp_path / "scratch")
        read = [r[0] for r in con.execute("SELECT name FROM src ORDER BY _row").fetchall()]
    assert read == WESTERN and table.encoding == "cp1252"
    assert any("cp1252 over cp1250" in note for note in table.notes)


def test_cp1250_names_stay_cp1250_without_doubt(tmp_path: Path) -> None:
    """The other direction: Czech and Polish names are decoded as cp1250, unflagged
    (cp1252 cannot make letters of ř, ł, ź)."""
    path = _names_file(tmp_path, CENTRAL, "cp1250")
    guess = detect(path)
    assert (guess.encoding, guess.doubt) == ("cp1250", None)
    text = as_utf8(path, tmp_path / "scratch")
    assert text.path.read_text(encoding="utf-8").splitlines() == CENTRAL


def test_an_encoding_given_is_not_second_guessed(tmp_path: Path) -> None:
    """``reader.encoding`` chooses: no guess, no doubt."""
    path = _names_file(tmp_path, WESTERN, "latin-1")
    text = as_utf8(path, tmp_path / "scratch", "cp1250")
    assert text.doubt is None and "José Peńa" in text.path.read_text(encoding="utf-8")


def test_identical_files_named_for_their_chain_are_two_sources(case: Case) -> None:
    """OFAC's ARB and BSC address lists are byte-identical; the chain comes from the
    file name, so both are taken in, each with its own currency."""
    arb, bsc = CRYPTO / "sanctioned_addresses_ARB.txt", CRYPTO / "sanctioned_addresses_BSC.txt"
    assert arb.read_bytes() == bsc.read_bytes()
    first = ingest_file(case, "ofac_crypto_addresses", arb)
    second = ingest_file(case, "ofac_crypto_addresses", bsc)
    assert (first.status, second.status) == ("ingested", "ingested")
    assert first.source_id != second.source_id
    assert not any("same bytes" in n for n in first.notes)  # the analyst is told
    assert any("sanctioned_addresses_BSC.txt holds the same bytes as "
               f"sanctioned_addresses_ARB.txt ({first.source_id})" in n
               for n in second.notes), second.notes
    again = ingest_file(case, "ofac_crypto_addresses", bsc)
    assert (again.status, again.source_id) == ("already ingested", second.source_id)
    with case.connect(read_only=True) as con:
        currencies = {r[0] for r in con.execute(
            "SELECT DISTINCT value FROM statement_store WHERE prop = 'currency'").fetchall()}
    assert {"ARB", "BSC"} <= currencies
    assert verify_case(case, record=False).ok


def test_ids_of_mappings_that_do_not_read_the_file_name_are_unchanged() -> None:
    """Old cases still verify: without a file label the id rule is the earlier one."""
    import hashlib

    sha = "a" * 64
    assert make_source_id(sha, "ofac_sdn") == "src-" + hashlib.sha256(
        f"{sha}|ofac_sdn".encode()).hexdigest()[:20]
    assert make_source_id(sha, "ofac_sdn", "x") != make_source_id(sha, "ofac_sdn")


def test_a_partners_record_cannot_block_a_later_real_intake(tmp_path: Path) -> None:
    """A CASE/UCO record naming the source id and SHA-256 of a file this case has not
    taken in yet (here: the custody record of a partner case that ingested it) comes in
    as the partner's history, attached to the record's own source; the real intake of
    that file afterwards verifies, and the imported history is still there."""
    xbt = CRYPTO / "sanctioned_addresses_XMR.txt"
    partner = Case.init(tmp_path / "partner")
    theirs = ingest_file(partner, "ofac_crypto_addresses", xbt)
    record = tmp_path / "custody.jsonld"
    write_custody_record(partner, record, validate_first=False)
    ours = Case.init(tmp_path / "ours")
    report, added = import_custody_record(ours, record)
    assert added >= 1
    mine = ingest_file(ours, "ofac_crypto_addresses", xbt)
    assert mine.source_id == theirs.source_id  # the same file, the same identity
    result = verify_case(ours, record=False)
    assert result.ok, [str(p) for p in result.problems]
    with ours.connect(read_only=True) as con:
        ledger = read_ledger(con)
    imported = [e.event for e in ledger if "from_case_uco_record" in e.event.details]
    assert imported and all(e.item_id == report.source_id for e in imported)
    assert theirs.sha256 in {e.details["partner_item_sha256"] for e in imported}
    intake = [e.event for e in ledger if e.event.event_type == "acquired"
              and e.event.item_id == mine.source_id]
    assert [e.item_sha256 for e in intake] == [mine.sha256]


@pytest.mark.parametrize("name", ["sanctioned_addresses_ARB.txt"])
def test_the_file_label_reaches_the_source_id(tmp_path: Path, case: Case, name: str) -> None:
    """The same bytes under another name are another source for a mapping reading
    ``_file``, and the preserved copy keeps its own name."""
    copy = tmp_path / "sanctioned_addresses_ETC.txt"
    shutil.copy(CRYPTO / name, copy)
    a = ingest_file(case, "ofac_crypto_addresses", CRYPTO / name)
    b = ingest_file(case, "ofac_crypto_addresses", copy)
    assert a.source_id != b.source_id
    assert (case.exhibits / b.sha256 / copy.name).is_file()


NAMES = """mapping: names_list
dataset: test
reader: {format: lines, columns: [name]}
entities:
  - name: person
    schema: Person
    id: "person-{name}"
    properties:
      name: name
"""


def test_ingest_says_the_doubt_and_encoding_chooses(tmp_path: Path) -> None:
    """``tnoc ingest`` tells the analyst about a doubtful guess and how to choose;
    ``--encoding`` chooses (a changed encoding is a changed mapping version), and an
    unknown encoding name is a clear error that takes nothing in."""
    from typer.testing import CliRunner

    from tnoc.cli.main import app

    runner = CliRunner()
    ingest = ["ingest", "-c", str(tmp_path / "case"), str(tmp_path / "names.yaml")]
    mapping = tmp_path / "names.yaml"
    mapping.write_text(NAMES, encoding="utf-8")
    path = _names_file(tmp_path, WESTERN, "latin-1")
    case = Case.init(tmp_path / "case")
    done = runner.invoke(app, [*ingest, str(path)])
    assert done.exit_code == 0, done.output
    assert "encoding cp1252" in done.stdout
    assert "cp1252 over cp1250" in done.stderr and "--encoding" in done.stderr
    bad = runner.invoke(app, [*ingest, str(path), "--encoding", "klingon"])
    # a usage error as the command line is read (exit 2), before any file is read
    assert bad.exit_code == 2 and "'klingon'" in bad.output and "--encoding" in bad.output
    chosen = runner.invoke(app, [*ingest, str(path), "--encoding", "cp1250", "--replace"])
    assert chosen.exit_code == 0, chosen.output
    assert "encoding cp1250" in chosen.stdout and "over" not in chosen.stderr
    with case.connect(read_only=True) as con:
        names = {r[0] for r in con.execute(
            "SELECT value FROM statement_store WHERE prop = 'name'").fetchall()}
    assert "José Peńa" in names and "José Peña" not in names


def test_a_file_taken_in_under_the_earlier_id_is_not_taken_in_twice(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case made before the file name was part of a source's id holds the file under
    ``sha256|mapping``: a re-ingest says so instead of making a second source (every
    address twice), and ``--replace`` moves it to today's id, once."""
    from tnoc.ingest import pipeline

    arb = CRYPTO / "sanctioned_addresses_ARB.txt"
    with monkeypatch.context() as earlier:  # the id rule of earlier versions
        earlier.setattr(pipeline, "reads_file_name", lambda _mapping: False)
        old = ingest_file(case, "ofac_crypto_addresses", arb)
    assert old.source_id == make_source_id(old.sha256, "ofac_crypto_addresses")

    again = ingest_file(case, "ofac_crypto_addresses", arb)
    assert again.status == "already ingested (under the id of earlier versions)"
    assert again.source_id == old.source_id
    assert any("--replace moves it to today's id" in n for n in again.notes), again.notes
    bsc = ingest_file(case, "ofac_crypto_addresses", CRYPTO / "sanctioned_addresses_BSC.txt")
    assert bsc.status == "ingested"  # same bytes, another name: another file

    moved = ingest_file(case, "ofac_crypto_addresses", arb, IngestOptions(replace=True))
    assert moved.status == "ingested"
    assert moved.source_id == make_source_id(old.sha256, "ofac_crypto_addresses",
                                             "sanctioned_addresses_ARB")
    assert any(old.source_id in n and "replaced" in n for n in moved.notes), moved.notes
    with case.connect(read_only=True) as con:
        ids = {r[0] for r in con.execute("SELECT source_id FROM sources").fetchall()}
    assert ids == {moved.source_id, bsc.source_id}
    assert ingest_file(case, "ofac_crypto_addresses", arb).status == "already ingested"
    with case.connect(read_only=True) as con:
        intake = [e.event for e in read_ledger(con) if e.event.event_type == "acquired"
                  and e.event.item_id == moved.source_id]
    assert [e.details.get("replaces") for e in intake] == [old.source_id]  # signed


def test_a_source_moved_to_todays_id_verifies(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """The old id's absence after ``--replace`` is the move the signed intake entry
    records, not a deletion."""
    from tnoc.ingest import pipeline

    arb = CRYPTO / "sanctioned_addresses_ARB.txt"
    with monkeypatch.context() as earlier:
        earlier.setattr(pipeline, "reads_file_name", lambda _mapping: False)
        ingest_file(case, "ofac_crypto_addresses", arb)
    ingest_file(case, "ofac_crypto_addresses", arb, IngestOptions(replace=True))
    result = verify_case(case, record=False)
    assert result.ok, [str(p) for p in result.problems]


@pytest.mark.parametrize(("template", "reads"), [
    ("net-{_file}-{name}", True),
    ("net-{name}-{_file:>12}", True),   # a format spec: still the file name
    ("net-{ _file }", True),
    ("net-{name}-_file", False),         # literal text, not a field
    ("net-{_filed}", False),
])
def test_a_file_name_field_anywhere_in_a_template_counts(
        tmp_path: Path, template: str, reads: bool) -> None:
    """Whether a mapping reads the file name is decided on the template's parsed fields,
    not on exact strings."""
    text = NAMES.replace('id: "person-{name}"', f"id: {template!r}")
    path = tmp_path / "names.yaml"
    path.write_text(text, encoding="utf-8")
    assert reads_file_name(load_mapping(path)) is reads
    assert reads_file_name(load_mapping("criminal_network"))
    assert not reads_file_name(load_mapping("call_records"))
