"""The Excel reader gives the values openpyxl gives, cell for cell and type for type:
calamine where its reading is the same, openpyxl where it is not
(tnoc.ingest.readers.workbook)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tnoc.errors import InputFileError
from tnoc.ingest.readers.workbook import read_sheet

SIX_COUNTRIES = (Path(__file__).parent / "data" / "trafficking"
                 / "unodc_glotip_2017-2018_six_countries.xlsx")


def _openpyxl_rows(path: Path, sheet: str | None = None) -> list[tuple[Any, ...]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in book[sheet or book.sheetnames[0]].iter_rows(values_only=True)]
    finally:
        book.close()


def _typed(rows: list[tuple[Any, ...]]) -> list[tuple[tuple[str, Any], ...]]:
    return [tuple((type(v).__name__, v) for v in row) for row in rows]


def _with_cells(tmp_path: Path, name: str, cells: dict[str, bytes]) -> Path:
    """A one-sheet workbook whose cells (A2, B2, ...) are given as raw sheet XML, as
    Excel or Apache POI write them (openpyxl cannot write all of them)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "S"
    sheet.append([f"h{i}" for i in range(len(cells))])
    sheet.append(["x"] * len(cells))
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / name
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                for ref, xml in cells.items():
                    data = re.sub(rb'<c r="' + ref.encode() + rb'"[^>]*>.*?</c>', xml, data)
            target.writestr(item, data)
    return path


def test_real_workbook_read_as_openpyxl_reads_it() -> None:
    """UNODC's GLOTIP rows (a real subset): every value and its type as before. (The
    whole 46,557-row workbook in examples/data, with its shared strings, was compared
    the same way when this reader was written: every row equal; CPU 5.0-6.1 s by
    openpyxl, 2.6-3.1 s by this reader with its scan.)"""
    sheet = read_sheet(SIX_COUNTRIES)
    assert (sheet.name, sheet.reader, len(sheet.rows)) == ("data_glotip_1", "calamine", 208)
    assert _typed(sheet.rows) == _typed(_openpyxl_rows(SIX_COUNTRIES))


def test_every_kind_of_cell_as_openpyxl_reads_it(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "cells"
    ws.append(["int", "float", "big", "exponent", "date", "datetime", "time", "bool",
               "empty", "text", "zero", "negative zero", "whole float", "duration"])
    ws.append([1, 2.5, 123456789012345, 0.001, dt.date(2020, 1, 2),
               dt.datetime(2020, 1, 2, 3, 4, 5), dt.time(3, 4, 5), True, None, " Çé ",
               0, -0.0, 3.0, dt.timedelta(hours=30)])
    ws.append([None] * 14)
    ws.append([-3, 0.1 + 0.2, -99, 1.5e-7, dt.datetime(1900, 3, 1), None, None, False,
               "", "=1/0", 0.0, None, 1e15 - 1, None])
    book.create_sheet("second").append(["x"])
    path = tmp_path / "cells.xlsx"
    book.save(path)
    first = read_sheet(path)
    assert first.reader == "calamine"
    assert _typed(first.rows) == _typed(_openpyxl_rows(path))
    assert read_sheet(path, "second").rows == [("x",)]


@pytest.mark.parametrize(("cell", "value"), [
    (b'<c r="A2" t="e"><v>#N/A</v></c>', "#N/A"),  # an error: kept, not emptied
    (b'<c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "#DIV/0!"),  # cached error
    (b'<c r="A2"><v>4111111111111111</v></c>', 4111111111111111),  # exact, not a float
    (b'<c r="A2"><v>3.0</v></c>', 3.0),  # POI's whole double: openpyxl's float
    (b'<c r="A2"><v>1E+2</v></c>', 100.0),
    (b'<c r="A2" t="inlineStr"><is><t>a_x000D_b</t></is></c>', "a_x000D_b"),
])
def test_cells_calamine_reads_otherwise_go_to_openpyxl(tmp_path: Path, cell: bytes,
                                                       value: Any) -> None:
    path = _with_cells(tmp_path, "odd.xlsx", {"A2": cell})
    sheet = read_sheet(path)
    assert sheet.reader == "openpyxl"
    assert _typed(sheet.rows) == _typed(_openpyxl_rows(path))
    assert sheet.rows[1][0] == value and type(sheet.rows[1][0]) is type(value)


def test_a_stray_far_cell_is_streamed_not_laid_out(tmp_path: Path) -> None:
    """One cell in column XFD, row 70,000: calamine would lay out a grid of 1.1 billion
    cells and abort the process; openpyxl streams the rows, the far one too."""
    path = _with_cells(tmp_path, "far.xlsx", {
        "A2": b'<c r="A2" t="inlineStr"><is><t>near</t></is></c></row>'
              b'<row r="70000"><c r="XFD70000"><v>7</v></c>'})
    sheet = read_sheet(path)
    assert sheet.reader == "openpyxl"
    assert len(sheet.rows) == 70_000 and sheet.rows[1] == ("near",)
    assert sheet.rows[2] == (None,) and sheet.rows[-1][-1] == 7  # padded to the header


def test_the_first_worksheet_not_a_chartsheet(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "data"
    book.active.append(["a"])
    book.active.append([1])
    book.create_chartsheet("chart", 0)
    path = tmp_path / "chart-first.xlsx"
    book.save(path)
    sheet = read_sheet(path)
    assert (sheet.name, sheet.rows) == ("data", [("a",), (1,)])


def test_not_a_workbook_or_no_such_sheet_names_the_file(tmp_path: Path) -> None:
    fake = tmp_path / "list.xlsx"
    fake.write_text("name,country\nA,DE\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a readable XLSX workbook") as failed:
        read_sheet(fake, display=Path("evidence/list.xlsx"))
    assert "evidence/list.xlsx" in str(failed.value)
    with pytest.raises(InputFileError, match="no worksheet 'Sheet9'") as missing:
        read_sheet(SIX_COUNTRIES, "Sheet9")
    assert "data_glotip_1" in str(missing.value)
