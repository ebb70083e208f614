"""An Agora crawl CSV as rows (issue #24): decoded as the intake decodes it (the encoding
the analyst gives with ``--encoding``, else a BOM, UTF-8, else a guess such as
Windows-1252: :func:`tnoc.ingest.encoding.read_text`), each row
with the line it starts on, and a row that is no listing said with its file and line
rather than read as one: a repeated header (crawl files concatenated), more or fewer
fields than the header (a cut or merged line), or a crawl date that is no day (a
listing's crawl month would be read from it). The readers of places and flows
(:mod:`tnoc.markets.locations`) and of vendors (:mod:`tnoc.markets.vendors`) read
through it, so a file is read alike by every ``tnoc markets`` command.

A vendor's name is read by :func:`vendor_name`: the product crawls take it from the
vendor page's address, so a name with a symbol comes percent-encoded (``lsdaisy%21`` in
the January 2014 crawl, ``lsdaisy!`` on the vendor pages of the same month); decoded,
the two are one account. What reading changed or left out is collected in
:class:`ReadingNotes` for the command to say (nothing is changed silently)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tnoc.errors import ArgumentError, InputFileError, TnocError, Where
from tnoc.ingest.encoding import DecodedText, read_text

__all__ = ["CrawlFile", "ReadingNotes", "cell_text", "header_found", "named_once",
           "not_a_listing_file", "read_crawl_file", "vendor_name"]

# one or more percent escapes in a row: decoded together (a UTF-8 letter is 2-4 bytes)
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_NONE = {"", "NA", "N/A"}
# encodings known, not guessed: UTF-8, or a byte-order mark (tnoc.ingest.encoding.BOMS)
_KNOWN = {"utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"}


@dataclass
class ReadingNotes:
    """What reading crawl files did that an analyst should be told: rows left out
    (``file line N``), vendor names decoded (as written -> as read) and the encoding of
    a file that is not UTF-8 (``file: how it was read``, guessed or as given, and why a
    guess is a doubt when another candidate reads it otherwise)."""

    left_out: list[str] = field(default_factory=list)
    decoded: dict[str, str] = field(default_factory=dict)
    guessed: list[str] = field(default_factory=list)
    plain: set[str] = field(default_factory=set)

    def lines(self, shown: int = 5) -> list[str]:
        """One line per kind of note, each listing at most ``shown`` examples and
        counting the rest."""
        def listed(items: list[str]) -> str:
            more = len(items) - shown
            return ", ".join(items[:shown]) + (f" and {more:,} more" if more > 0 else "")

        out = []
        if self.left_out:
            out.append(f"{len(self.left_out):,} rows without a vendor or a title left out "
                       f"({listed(self.left_out)})")
        if self.decoded:
            out.append(f"{len(self.decoded):,} vendor name(s) written with URL escapes "
                       "read decoded ("
                       + listed([f"{k} -> {v}" + (" (also written so: one vendor)"
                                                  if v in self.plain else "")
                                 for k, v in sorted(self.decoded.items())])
                       + ")")
        out.extend(self.guessed)
        return out


def header_found(columns: Sequence[str]) -> str:
    """A header as read, for an error: its columns as written, in their order, quoted
    (a counts file's " p" shows its space), or that there is none."""
    return f"the columns {', '.join(repr(c) for c in columns)}" if columns else "no header"


def not_a_listing_file(path: Path, columns: list[str], expected: str) -> InputFileError:
    """The error for a file whose header is no Agora listing layout: its columns as
    written, in their order (a counts file's " p" shows its space), and the layout
    ``expected`` (exit 2, as for any input file not readable as its kind)."""
    return InputFileError(f"not an Agora listing CSV: found {header_found(columns)}",
                          Where(path, 1, row_label="line"), expected)


def named_once(files: list[Path]) -> None:
    """Refuse two crawl files of one name: the analyses tell files apart by name (an
    account is "vendor @ file", a flow keeps its files' names), so the same file given
    twice, or two crawls named alike in two folders, would be read as one file, its
    listings twice (a review, helper-133). Raises :class:`ArgumentError` (exit 2)."""
    seen: dict[str, Path] = {}
    for path in files:
        if path.name in seen:
            same = seen[path.name].resolve() == path.resolve()
            raise ArgumentError(
                f"{path} is given twice" if same else
                f"{seen[path.name]} and {path} have one name, by which the analyses tell "
                "files apart: copy one under another name")
        seen[path.name] = path


def cell_text(text: str | None) -> str:
    """A cell of a crawl as the analyses read it: spaces and line breaks collapsed, and
    ``NA`` (the crawls' R export's missing value) as none."""
    text = " ".join((text or "").split())
    return "" if text in _NONE else text


def vendor_name(text: str | None, notes: ReadingNotes | None = None,
                escaped: bool = True) -> str:
    """A vendor's name as the analyses compare it: spaces collapsed, ``NA`` as none and,
    where the layout writes names ``escaped`` as in an address (the product crawls and
    category subsets, not the vendor pages), percent escapes decoded (``lsdaisy%21`` ->
    ``lsdaisy!``). A run of escapes is decoded only into printable text without
    spaces: a ``%`` that escapes nothing (``100%pure``), bytes that are no UTF-8, and a
    space, line break, control or invisible character (``%20axa`` would look like
    ``axa``; ``%0A``, ``%E2%80%AE``) are kept as written. A name decoded is added to
    ``notes``, and a name written plain to ``notes.plain`` (to say when a decoded name
    is also written so)."""
    written = cell_text(text)
    if not written:
        return ""

    def decoded(match: re.Match[str]) -> str:
        try:
            text = bytes.fromhex(match.group(0).replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)
        printable = text.isprintable() and not any(ch.isspace() for ch in text)
        return text if printable else match.group(0)

    name = _ESCAPES.sub(decoded, written) if escaped else written
    if name in _NONE:
        return ""
    if notes is not None:
        if name != written:
            notes.decoded[written] = name
        else:
            notes.plain.add(name)
    return name


@dataclass(frozen=True)
class CrawlFile:
    """The header of a crawl CSV and its rows: (line the row starts on, column -> text)."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]

    @property
    def vendor_pages(self) -> bool:
        """Whether the file is of vendor pages (a description, no listing page), whose
        names are written as shown, not escaped as in the listing pages' addresses."""
        return "description" in self.columns and "list" not in self.columns


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def decoded_text(path: Path, notes: ReadingNotes | None = None,
                 encoding: str | None = None) -> DecodedText:
    """The text of ``path`` as the markets commands read every file: in ``encoding``
    when given, else a BOM, UTF-8 or a guess (:func:`tnoc.ingest.encoding.read_text`);
    the encoding of a file that is not UTF-8 added to ``notes``, as given or as a guess
    with its doubt and the option to choose with.

    Raises:
        TnocError: the file cannot be read.
        InputFileError: bytes not valid in the encoding given or found.
    """
    try:
        decoded = read_text(path, encoding)
    except OSError as error:
        raise TnocError(f"cannot read {path}: {error.strerror}") from error
    if decoded.encoding not in _KNOWN and notes is not None:
        # the encoding to try: the one the doubt names, else another Western one
        example = decoded.rival or ("cp1250" if decoded.encoding == "cp1252" else "cp1252")
        notes.guessed.append(
            f"{path.name}: read as {decoded.encoding} (as given)" if decoded.given else
            f"{path.name}: not UTF-8, read as {decoded.encoding} (a guess)" + (
                f"; {decoded.doubt}" if decoded.doubt else "")
            + "; if names read wrong, give the file's encoding with --encoding (e.g. "
              f"--encoding {example}) or save the file as UTF-8")
    return decoded


def read_crawl_file(path: Path, notes: ReadingNotes | None = None,
                    encoding: str | None = None) -> CrawlFile:
    """The header and rows of ``path`` (see the module docstring), read in
    ``encoding`` when it is given (Python's name of it); blank lines are skipped. The
    encoding of a file that is not UTF-8 is added to ``notes``: as given, or a guess
    with why it is doubtful when another candidate reads the file otherwise and how to
    choose.

    Raises:
        TnocError: the file cannot be read.
        InputFileError: bytes not valid in the encoding given or found, a repeated
            header or a row with another number of fields than the header (file and
            line named), text that is no CSV, or no listing at all.
    """
    decoded = decoded_text(path, notes, encoding)
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
