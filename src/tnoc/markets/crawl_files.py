"""An Agora crawl CSV as rows (issue #24): decoded as the intake decodes it (a BOM, UTF-8,
else a guess such as Windows-1252: :func:`tnoc.ingest.encoding.read_text`), each row
with the line it starts on, and a row that is no listing said with its file and line
rather than read as one: a repeated header (crawl files concatenated), more or fewer
fields than the header (a cut or merged line), or a crawl date that is no day (a
listing's crawl month would be read from it). The readers of places and flows
(:mod:`tnoc.markets.locations`) and of vendors (:mod:`tnoc.markets.vendors`) read
through it, so a file is read alike by every ``tnoc markets`` command."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tnoc.errors import InputFileError, TnocError, Where
from tnoc.ingest.encoding import read_text

__all__ = ["CrawlFile", "read_crawl_file"]


@dataclass(frozen=True)
class CrawlFile:
    """The header of a crawl CSV and its rows: (line the row starts on, column -> text)."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def read_crawl_file(path: Path) -> CrawlFile:
    """The header and rows of ``path`` (see the module docstring); blank lines are
    skipped.

    Raises:
        TnocError: the file cannot be read.
        InputFileError: bytes not valid in the encoding found, a repeated header or a
            row with another number of fields than the header (file and line named),
            text that is no CSV, or no listing at all.
    """
    try:
        decoded = read_text(path)
    except OSError as error:
        raise TnocError(f"cannot read {path}: {error.strerror}") from error
    reader = csv.reader(io.StringIO(decoded.text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    start = 1
    try:
        header = next(reader, [])
        start = reader.line_num + 1
        for fields in reader:
            line, start = start, reader.line_num + 1
            if not fields:
                continue
            if fields == header:
                raise InputFileError("the header again", Where(path, line, row_label="line"),
                                     "a listing (crawl files joined with their headers?)")
            if len(fields) != len(header):
                raise InputFileError(
                    f"{len(fields)} fields", Where(path, line, row_label="line"),
                    f"{len(header)} fields, as the header has ({', '.join(header)})")
            row = dict(zip(header, fields, strict=True))
            day = row.get("date", "").strip()
            if day and day != "NA" and not _is_day(day):
                raise InputFileError(f"date {day!r}", Where(path, line, "date", "line"),
                                     "a crawl day as YYYY-MM-DD")
            rows.append((line, row))
    except csv.Error as error:
        raise InputFileError(f"not readable as CSV: {error}",
                             Where(path, start, row_label="line")) from error
    if not rows:
        raise InputFileError("no listings" if header else "an empty file", Where(path),
                             "a header and at least one listing")
    return CrawlFile(header, rows)
