"""The encoding guess (:mod:`tnoc.ingest.encoding`) on the shipped crawls re-saved in
legacy encodings: the February 2014 Agora crawl in Windows-1252 had been read as cp775
(its no-break spaces made lone letters 'Ā'); names in Japanese still read right."""

from __future__ import annotations

import collections
import csv
import io
import re
from pathlib import Path

import pytest

from tnoc.ingest.encoding import detect, read_text

MARKETS = Path(__file__).resolve().parents[1] / "examples" / "data" / "markets"
RECORD = re.compile(r'(?m)^(?="\d{4}-\d{2}-\d{2}__)')  # a listing's first line


def _feb_crawl(records: int) -> str:
    """The header and the first ``records`` listings of the February 2014 crawl that
    Windows-1252 can write (some titles have stars and arrows it has not)."""
    header, body = (MARKETS / "agora-products-2014-02-01.csv").read_text(
        encoding="utf-8").split("\n", 1)
    kept = [r for r in RECORD.split(body)[:records + 1]
            if r and r.encode("cp1252", errors="ignore").decode("cp1252") == r]
    return header + "\n" + "".join(kept)


@pytest.mark.parametrize("records", [100, 1000])
def test_the_february_crawl_in_cp1252_is_read_as_cp1252(tmp_path: Path, records: int) -> None:
    """100 listings have no-break spaces and 'µ' as their only high bytes, 1,000 also
    'Cocaïne', '£' and '€': cp775 reads the no-break spaces as 'Ā' (after "anon"), which
    must not count as letters of a language."""
    text = _feb_crawl(records)
    assert "\xa0" in text and "µ" in text
    path = tmp_path / "agora-feb.csv"
    path.write_bytes(text.encode("cp1252"))
    read = read_text(path)
    assert read.encoding == "cp1252"
    assert read.text == text
    if records == 1000:
        assert "Cocaïne" in read.text and "€" in read.text


def test_japanese_names_in_shift_jis_are_still_read_right(tmp_path: Path) -> None:
    """The seeds subset with its three busiest vendors given Japanese names, in
    Shift-JIS: read as cp932 (Microsoft's Shift-JIS, reading these bytes alike)."""
    lines = (MARKETS / "agora_2014_seeds.csv").read_text(encoding="utf-8").splitlines(True)
    text = "".join(lines[:300])
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("vendor")
    busiest = [v for v, _ in collections.Counter(r[column] for r in rows[1:]).most_common(3)]
    for vendor, name in zip(busiest, ["山田太郎", "鈴木", "佐藤"], strict=True):
        text = text.replace(vendor, name)
    path = tmp_path / "seeds-ja.csv"
    path.write_bytes(text.encode("shift_jis"))
    assert detect(path).encoding in ("shift_jis", "cp932")
    assert read_text(path).text == text


def test_a_short_file_keeps_the_doubt_of_its_guess(tmp_path: Path) -> None:
    """Too short for a language, a Windows-1252 guess still says the candidates that
    scored alike and read it otherwise (it had said nothing when cp1252 was also
    charset-normalizer's own guess)."""
    path = tmp_path / "names.csv"
    path.write_bytes("id,name\n1,Peña,Señor\n".encode("cp1252"))
    guess = detect(path)
    assert guess.encoding == "cp1252"
    assert guess.doubt and "'Peña' / 'Peńa'" in guess.doubt
