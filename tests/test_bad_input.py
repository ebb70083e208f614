"""Bad input: a clear error naming file, row and field; the store unchanged."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from tnoc.errors import InputFileError, InputTooLargeError, MappingError
from tnoc.ingest.mapping import load_mapping
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

from .conftest import DATA, store_fingerprint

ACCOUNTS = """mapping: accounts
dataset: test
reader: {format: csv}
entities:
  - name: account
    schema: BankAccount
    id: "acct-{number}"
    properties:
      accountNumber: number
      country: country
      openingDate: opened
"""


@pytest.fixture
def accounts_mapping(tmp_path: Path) -> Path:
    path = tmp_path / "accounts.yaml"
    path.write_text(ACCOUNTS, encoding="utf-8")
    return path


@pytest.fixture
def seeded(case: Case) -> Case:
    """A case that already holds real data, so 'unchanged' means something."""
    ingest_file(case, "feodotracker", DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv")
    return case


def _fails(case: Case, mapping: str | Path, file: Path, match: str,
           error: type[Exception] = InputFileError, **options: object) -> str:
    before = store_fingerprint(case)
    with pytest.raises(error) as info:
        ingest_file(case, mapping, file, IngestOptions(**options))  # type: ignore[arg-type]
    assert store_fingerprint(case) == before
    message = str(info.value)
    assert match in message, message
    return message


def test_empty_file(seeded: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    message = _fails(seeded, accounts_mapping, empty, "file is empty")
    assert "empty.csv" in message


def test_header_only(seeded: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("number,country,opened\n", encoding="utf-8")
    _fails(seeded, accounts_mapping, path, "no records")


def test_truncated_file(seeded: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    path = tmp_path / "truncated.csv"
    path.write_text('number,country,opened\n1,DE,2020-01-01\n2,"FR', encoding="utf-8")
    message = _fails(seeded, accounts_mapping, path, "line 3")
    assert "truncated.csv" in message and "quote" in message


def test_ragged_rows(seeded: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("number,country,opened\n1,DE,2020-01-01\n2,FR\n3,IT,2021-02-02\n",
                    encoding="utf-8")
    message = _fails(seeded, accounts_mapping, path, "line 3")
    assert "Expected Number of Columns: 3 Found: 2" in message


def test_not_what_the_mapping_expects(seeded: Case) -> None:
    message = _fails(seeded, "saml_d",
                     DATA / "malware" / "urlhaus_2025-04-21.csv", "are not in the file")
    assert "Sender_account" in message and "urlhaus_2025-04-21.csv" in message


def test_mapping_unknown_column(seeded: Case, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(ACCOUNTS.replace("country: country", "country: nation"), encoding="utf-8")
    path = tmp_path / "a.csv"
    path.write_text("number,country,opened\n1,DE,2020-01-01\n", encoding="utf-8")
    _fails(seeded, mapping, path, "['nation']")


def test_mapping_unknown_property(seeded: Case, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(ACCOUNTS.replace("country: country", "nationality: country"),
                       encoding="utf-8")
    path = tmp_path / "a.csv"
    path.write_text("number,country,opened\n1,DE,2020-01-01\n", encoding="utf-8")
    message = _fails(seeded, mapping, path, "no property 'nationality'", MappingError)
    assert "accountNumber" in message  # lists the valid ones


def test_mapping_unknown_schema_and_option(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(ACCOUNTS.replace("BankAccount", "BankAcount"), encoding="utf-8")
    with pytest.raises(MappingError, match="unknown schema 'BankAcount'"):
        from tnoc.ingest.compile import compile_mapping
        compile_mapping(load_mapping(mapping))
    mapping.write_text(ACCOUNTS.replace("id: ", "identifier: "), encoding="utf-8")
    with pytest.raises(MappingError, match="identifier"):
        load_mapping(mapping)


def test_one_invalid_value_kept_and_flagged(case: Case, tmp_path: Path,
                                            accounts_mapping: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("number,country,opened\n1,DE,2020-01-01\n2,Atlantis,2020-02-30\n"
                    "3,FR,2021-03-04\n", encoding="utf-8")
    report = ingest_file(case, accounts_mapping, path)
    assert report.flagged == 2
    with case.connect(read_only=True) as con:
        rows = con.execute("SELECT prop, value, flag, locator FROM statements WHERE "
                           "flag IS NOT NULL ORDER BY prop").fetchall()
        valid = con.execute("SELECT count(*) FROM statements WHERE prop = 'country' "
                            "AND flag IS NULL").fetchone()
    assert rows == [("country", "Atlantis", "invalid country", "row 2"),
                    ("openingDate", "2020-02-30", "invalid date: expected ISO 8601", "row 2")]
    assert valid == (2,)


def test_latin1_file(case: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("number,country,opened\nÖ-1,Österreich,2020-01-01\n".encode("latin-1"))
    report = ingest_file(case, accounts_mapping, path)
    assert report.encoding is not None and report.encoding != "utf-8"
    with case.connect(read_only=True) as con:
        value = con.execute("SELECT value FROM statements WHERE prop = 'accountNumber'"
                            ).fetchone()
    assert value == ("Ö-1",)


def test_utf16_file(case: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("number,country,opened\nЖ-7,Ukraine,2020-01-01\n".encode("utf-16"))
    report = ingest_file(case, accounts_mapping, path)
    assert report.encoding == "utf-16-le"
    with case.connect(read_only=True) as con:
        rows = con.execute("SELECT prop, value FROM statements WHERE prop <> 'id' "
                           "ORDER BY prop").fetchall()
    assert rows == [("accountNumber", "Ж-7"), ("country", "ua"), ("openingDate", "2020-01-01")]


def test_zip_bomb(seeded: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    bomb = tmp_path / "bomb.csv.gz"
    with gzip.open(bomb, "wb") as fh:
        fh.write(b"number,country,opened\n")
        for _ in range(64):
            fh.write(b"0" * 1024 * 1024)
    assert bomb.stat().st_size < 200_000
    _fails(seeded, accounts_mapping, bomb, "expands beyond the limit", InputTooLargeError,
           max_expanded_bytes=16 * 1024 * 1024)
    assert not list((seeded.scratch).glob("expanded-*"))


def test_compressed_inputs_accepted(case: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    content = b"number,country,opened\n1,DE,2020-01-01\n"
    gz = tmp_path / "a.csv.gz"
    gz.write_bytes(gzip.compress(content))
    assert ingest_file(case, accounts_mapping, gz).statements == 4
    zipped = tmp_path / "b.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("b.csv", content.replace(b"1,DE", b"2,DE"))
    assert ingest_file(case, accounts_mapping, zipped).statements == 4


def test_missing_file(case: Case, tmp_path: Path, accounts_mapping: Path) -> None:
    _fails(case, accounts_mapping, tmp_path / "nope.csv", "no such file")


def test_aml_truncated_block(seeded: Case, tmp_path: Path) -> None:
    lines = (DATA / "aml" / "amlworld_HI-Medium_Patterns.txt").read_text().splitlines()[:5]
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _fails(seeded, "amlworld_patterns", path, "truncated?")
