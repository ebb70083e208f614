"""One worksheet of an Excel workbook, read fast where that reads the values openpyxl
reads, and by openpyxl otherwise.

The workbooks analysts ingest are statistical tables (UNODC's GLOTIP: 46,556 rows).
openpyxl parses a cell at a time in Python (5.0-6.1 s of CPU for GLOTIP on this
machine, idle; 34 s at load 6); python-calamine parses the sheet in Rust (2.6-3.1 s
with the scan below; 4 s at load 6). Calamine gives every number as a float,
a date cell without a time as a ``date`` and an empty cell as ``""``; its values are
brought back to openpyxl's (a whole number an ``int``, a date a ``datetime`` at
midnight, an empty cell ``None``), so that a value is written the same whichever
reader parsed it.

Calamine cannot say everything openpyxl says, so the sheet's XML is scanned first
(0.6 s for GLOTIP's 22 MB) and openpyxl, which streams, reads the sheet instead when
any of these is in it:

- an error cell (``#N/A``, ``#DIV/0!``): openpyxl keeps its text, calamine an empty
  cell, and an invalid value is kept as its original, never dropped;
- a number written with a decimal point or an exponent that may be whole (``3.0``,
  ``1E+2``: openpyxl a float, calamine's whole number an ``int``), or an integer of
  16 digits or more (a card or account number: openpyxl exact, calamine a float that
  has lost its last digits);
- an escaped character (``_x000D_``, how Excel writes a carriage return: openpyxl
  keeps the escape, calamine decodes it) or an empty shared string;
- cells far apart (a stray entry in column XFD): calamine lays the sheet out as one
  grid of rows x columns, and a sheet of a few cells spanning a million rows would
  exhaust memory and abort the process;
- more XML than :data:`~tnoc.ingest.limits.MAX_DOCUMENT_BYTES`.

A sheet whose stated dimension is smaller than its cells is read whole by both
(openpyxl's read-only mode would stop at the stated size and drop the rest, silently).
Known, not yet scanned for: a date-formatted cell holding a negative or out-of-range
serial reads as ``time(0, 0)`` or a float through calamine, where openpyxl gives a
date or ``#VALUE!``.

tests/test_workbook.py reads a real GLOTIP subset and workbooks of every kind of cell
both ways (the whole GLOTIP workbook too, once, when this reader was written: every
row equal).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tnoc.errors import InputFileError, Where
from tnoc.ingest.limits import MAX_DOCUMENT_BYTES

__all__ = ["Sheet", "read_sheet"]

MAX_GRID_CELLS = 10_000_000
"""Largest rows x columns calamine lays out (about 32 bytes a cell: 320 MB); a larger
sheet is streamed by openpyxl."""
SPARSE_GRID = 8
"""A sheet whose grid is more than this many times its cells (and over a million) is
mostly empty space: streamed by openpyxl."""

_ERROR_CELL = re.compile(rb'<c\b[^>]*\bt="e"')
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_EMPTY_TEXT = re.compile(rb"<t(?:\s[^>]*)?(?:/>|></t>)")
_AMBIGUOUS_NUMBER = re.compile(  # 16+ digits; a point and only zeros; an exponent >= 0
    rb"<v>\s*[-+]?(?:\d{16,}|\d*\.0*|[\d.]+[eE]\+?\d+)\s*</v>")
_CELL = re.compile(rb"<c\b")
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_SHEET = re.compile(rb"<sheet\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


@dataclass(frozen=True)
class Sheet:
    """A sheet's name, its rows from the first (row ``n`` of the sheet is
    ``rows[n - 1]``) and which library read them (``calamine`` or ``openpyxl``)."""

    name: str
    rows: list[tuple[Any, ...]]
    reader: str

    def numbered(self, start: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number in the sheet, values) from row ``start``."""
        for number in range(start, len(self.rows) + 1):
            yield number, self.rows[number - 1]


def read_sheet(path: Path, sheet: str | None = None, *, display: Path | None = None,
               expected: str = "an .xlsx workbook") -> Sheet:
    """The worksheet named ``sheet`` (the first worksheet when None: chartsheets are
    not tables) of the workbook at ``path``. A file that is not a readable workbook,
    or has no such worksheet, is an :class:`InputFileError` naming the file
    (``display``, default ``path``) and what was expected."""
    where = Where(display or path)
    try:
        with zipfile.ZipFile(path) as book:
            name, part = _worksheet(book, sheet, where)
            calamine = _calamine_reads_as_openpyxl(book, part)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputFileError(f"not a readable XLSX workbook: {exc}", where, expected) from exc
    if calamine:
        return Sheet(name, _calamine_rows(path, name, where, expected), "calamine")
    return Sheet(name, _openpyxl_rows(path, name, where, expected), "openpyxl")


def _attributes(tag: bytes) -> dict[str, str]:
    return {k.decode().rsplit(":", 1)[-1]: html.unescape(v.decode("utf-8"))
            for k, v in _ATTRIBUTE.findall(tag)}


def _worksheet(book: zipfile.ZipFile, sheet: str | None, where: Where) -> tuple[str, str]:
    """(name, zip member) of the worksheet asked for, from the workbook's part and its
    relationships (the package's own, not a fixed path)."""
    root = next((a["Target"] for a in map(_attributes, _RELATIONSHIP.findall(
        book.read("_rels/.rels"))) if a.get("Type", "").endswith("/officeDocument")), None)
    if root is None:
        raise ValueError("no workbook part in the package")
    root = root.lstrip("/")
    folder = posixpath.dirname(root)
    rels = f"{folder}/_rels/{posixpath.basename(root)}.rels"
    targets = {a.get("Id", ""): (a.get("Target", ""), a.get("Type", ""))
               for a in map(_attributes, _RELATIONSHIP.findall(book.read(rels)))}
    sheets = []
    for attributes in map(_attributes, _SHEET.findall(book.read(root))):
        target, kind = targets.get(attributes.get("id", ""), ("", ""))
        if kind.endswith("/worksheet"):
            member = (target.lstrip("/") if target.startswith("/")
                      else posixpath.normpath(posixpath.join(folder, target)))
            sheets.append((attributes.get("name", ""), member))
    names = [n for n, _ in sheets]
    chosen = next(((n, m) for n, m in sheets if n == sheet), None) if sheet else (
        sheets[0] if sheets else None)
    if chosen is None:
        raise InputFileError(f"no worksheet {sheet!r}" if sheet else "no worksheet",
                             where, f"one of {names}")
    return chosen


def _calamine_reads_as_openpyxl(book: zipfile.ZipFile, part: str) -> bool:
    """Whether calamine's reading of the sheet ``part`` equals openpyxl's (see the
    module's list), checked on the raw XML before either parses it."""
    strings = next((i for i in book.infolist() if i.filename.endswith("sharedStrings.xml")),
                   None)
    info = book.getinfo(part)
    if info.file_size > MAX_DOCUMENT_BYTES or (
            strings is not None and strings.file_size > MAX_DOCUMENT_BYTES):
        return False
    if strings is not None:
        text = book.read(strings)
        if _ESCAPE.search(text) or _EMPTY_TEXT.search(text):
            return False
    xml = book.read(info)
    if _ERROR_CELL.search(xml) or _ESCAPE.search(xml) or _AMBIGUOUS_NUMBER.search(xml):
        return False
    cells = 0
    rows = columns = 0
    for match in _CELL_REF.finditer(xml):
        cells += 1
        rows = max(rows, int(match.group(2)))
        columns = max(columns, _column_number(match.group(1)))
    if cells != len(_CELL.findall(xml)):  # cells placed by position, not named
        return False
    grid = rows * columns
    return grid <= MAX_GRID_CELLS and (grid <= 1_000_000 or grid <= SPARSE_GRID * cells)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _calamine_rows(path: Path, name: str, where: Where, expected: str
                   ) -> list[tuple[Any, ...]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            raw = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        finally:
            book.close()
    except Exception as exc:  # calamine raises its own errors for a damaged sheet
        raise InputFileError(f"cannot read sheet {name!r}: {exc}", where, expected) from exc
    return [tuple(_as_openpyxl(v) for v in row) for row in raw]


def _as_openpyxl(value: Any) -> Any:
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, float):
        # the scan let through only whole numbers written as integers of at most 15
        # digits: exact in a float, and openpyxl's int
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _openpyxl_rows(path: Path, name: str, where: Where, expected: str
                   ) -> list[tuple[Any, ...]]:
    """The sheet streamed by openpyxl, whatever its stated dimension says (read-only
    mode otherwise stops there), each row at least as wide as the first (the header),
    not padded to the widest: a stray far cell widens its own row only."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InputFileError(f"not a readable XLSX workbook: {exc}", where, expected) from exc
    try:
        sheet = book[name]
        sheet.reset_dimensions()
        rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # a damaged sheet inside a readable archive
        raise InputFileError(f"cannot read sheet {name!r}: {exc}", where, expected) from exc
    finally:
        book.close()
    width = len(rows[0]) if rows else 0
    return [row + (None,) * (width - len(row)) if len(row) < width else row for row in rows]
