"""One sheet of an Excel workbook, read whole and fast, with the values openpyxl gives.

The workbooks analysts ingest are statistical tables (UNODC's GLOTIP: 46,556 rows).
openpyxl parses a cell at a time in Python (about 30 s for GLOTIP on this machine);
python-calamine parses the sheet in Rust (about 4 s). Calamine gives every number as a
float, every date cell without a time as a ``date`` and an empty cell as ``""``; the
values are brought back to what openpyxl (and so every ingest before this reader) gives,
so that a value is written the same whichever reader parsed it and nothing is
mis-decoded:

- a whole number below 10**15 is an ``int`` (Excel writes up to 15 digits in full and
  larger numbers with an exponent, which openpyxl reads as a float: ``1e+16``);
- a date is a ``datetime`` at midnight;
- an empty cell is ``None``.

tests/test_workbook.py reads a real GLOTIP subset and a workbook of every kind of cell
both ways and finds every value and type equal (the whole GLOTIP workbook too, once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tnoc.errors import InputFileError, Where

__all__ = ["Sheet", "read_sheet"]

_WHOLE_LIMIT = 1e15


@dataclass(frozen=True)
class Sheet:
    """A sheet's name and its rows from the first (row ``n`` of the sheet is
    ``rows[n - 1]``), each row as wide as the sheet's widest."""

    name: str
    rows: list[tuple[Any, ...]]

    def numbered(self, start: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number in the sheet, values) from row ``start``."""
        for number in range(start, len(self.rows) + 1):
            yield number, self.rows[number - 1]


def read_sheet(path: Path, sheet: str | None = None, *, display: Path | None = None,
               expected: str = "an .xlsx workbook") -> Sheet:
    """The sheet named ``sheet`` (the first when None) of the workbook at ``path``.
    A file that is not a readable workbook, or has no such sheet, is an
    :class:`InputFileError` naming the file (``display``, default ``path``) and what was
    expected."""
    from python_calamine import CalamineWorkbook

    where = Where(display or path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own errors and OSError for a bad file
        raise InputFileError(f"not a readable XLSX workbook: {exc}", where, expected) from exc
    try:
        names = list(book.sheet_names)
        name = sheet or (names[0] if names else "")
        if name not in names:
            raise InputFileError(f"no sheet {name!r}", where, f"one of {names}")
        try:
            raw = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # a damaged sheet inside a readable archive
            raise InputFileError(f"cannot read sheet {name!r}: {exc}", where,
                                 expected) from exc
    finally:
        book.close()
    return Sheet(name, [tuple(_as_openpyxl(v) for v in row) for row in raw])


def _as_openpyxl(value: Any) -> Any:
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _WHOLE_LIMIT:
            return int(value)
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value
