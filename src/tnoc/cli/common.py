"""What every ``tnoc`` sub-command shares: the case option, consoles, progress, and the
one way listings are printed (table, full values on a pipe, ``--json``, ``--csv``)."""

from __future__ import annotations

import contextvars
import copy
import csv
import functools
import inspect
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from typer._click import core as click  # Typer 0.29 vendors Click: its own types
from typer._click.globals import get_current_context
from typer.core import TyperGroup

if TYPE_CHECKING:  # the store pulls in DuckDB and FtM: imported where a command runs
    import duckdb
    from rich.table import Table
    from rich.text import Text

    from tnoc.errors import CaseError
    from tnoc.service import CaseService, Compartment
    from tnoc.store import Case

PIPE_WIDTH = 1_000_000
"""Width of standard output when it is not a terminal: wide enough that no table cell is
cut, folded or wrapped, so a pipe or a file receives every value in full."""


class DataConsole(Console):
    """A Rich console that never lets data steer the terminal.

    Every string it prints passes :meth:`render_str` (the one place Rich turns text into
    output, for ``print`` arguments, table cells and titles alike), which shows control
    characters as visible symbols (:func:`tnoc.safe_text.visible_controls`): an escape
    sequence in a seized value is seen, never obeyed. Markup and emoji codes are off
    by default, so a name like "Ali [/x] Baba" or ":police_car:" prints as written; a
    message that wants colour says so with ``style=``, or ``markup=True`` with every
    piece of data passed through :func:`safe_markup`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Text as Rich renders it, control characters made visible first."""
        from tnoc.safe_text import visible_controls

        return super().render_str(visible_controls(text), **kwargs)


def safe_text(value: object) -> str:
    """Data as plain text for a terminal: control characters shown as visible symbols.
    For a :class:`rich.text.Text` built from data (which skips :meth:`render_str`)."""
    from tnoc.safe_text import visible_controls

    return visible_controls(str(value))


def safe_markup(value: object) -> str:
    """Data to put into a Rich markup string (``markup=True``): brackets escaped, so
    "Ali [/x] Baba" is a name and not a closing tag, control characters visible."""
    from rich.markup import escape

    return escape(safe_text(value))


def _stdout_console() -> Console:
    """The console for standard output: the terminal's width on a terminal; on a pipe or
    file, :data:`PIPE_WIDTH` and no wrapping of long lines (a hash or an address written
    to a file must be whole)."""
    terminal = DataConsole()
    return terminal if terminal.is_terminal else DataConsole(width=PIPE_WIDTH, soft_wrap=True)


console = _stdout_console()
err = DataConsole(stderr=True)

CaseOpt = Annotated[Path, typer.Option(
    "--case", "-c", envvar="TNOC_CASE", help="Case directory (or set TNOC_CASE).",
    show_default=True,
)]


def _open(case: Path) -> Case:
    """The case, once the running command's operation is authorised for this session
    and recorded in the audit trail (:func:`service`, :mod:`tnoc.service`), decided on
    the handling codes of the sources the command reads (:data:`COMMAND_READS`). A
    command that can run on the member's share of the case runs on it, and says on
    standard error how many sources above their clearance were left out."""
    opened = service(case)
    name = command_operation()
    reads = _command_entry(COMMAND_READS)
    if name in opened.compartments or name in opened.authorised:
        pass  # decided once per command (``@recorded`` opens the case before the command)
    elif reads is None or opened.cleared_for_case(name):
        opened.case_for(name)  # cleared to the whole case: no need to find what it reads
    else:
        ctx = get_current_context(silent=True)
        with opened.case.connect(read_only=True) as con:
            sources = reads.sources(con, dict(ctx.params) if ctx else {})
        if reads.partial and sources is not None:
            note = opened.compartment(name, sources).note()
            if note:
                err.print(note, style="yellow", highlight=False, markup=False)
        else:
            opened.case_for(name, sources)
    say_unaudited(opened)
    return opened.case


def compartment_of(case: Path) -> Compartment | None:
    """What the running command reads of ``case`` when it runs on the member's share of
    it (after :func:`_open`); None for a command decided on all it reads."""
    return service(case).compartments.get(command_operation())


def share_limit(case: Path, tlp: str) -> str:
    """The most permissive handling code a shared export may carry: ``tlp``, or the
    member's clearance when that is stricter (the sources above it are left out,
    :func:`_open` said so)."""
    from tnoc.tlp import tlp_rank

    found = compartment_of(case)
    if found is not None and tlp_rank(found.clearance) < tlp_rank(tlp):
        return found.clearance
    return tlp


def say_unaudited(opened: CaseService) -> None:
    """Warn (once) that an operation reading no personal data ran without an audit
    record, and why (a read-only copy, a key the case never registered)."""
    if opened.unaudited:
        err.print(f"warning: not audited: {opened.unaudited}", highlight=False,
                  markup=False, soft_wrap=True)
        opened.unaudited = None


class _DescriptionColumn(TextColumn):
    """A progress line's description as text: it names files ("ingest [/].csv"), so it
    is never read as markup and its control characters are shown (:func:`safe_text`)."""

    def __init__(self) -> None:
        super().__init__("{task.description}", markup=False)

    def render(self, task: Task) -> Text:
        """The description, plain."""
        from rich.text import Text

        return Text(safe_text(task.description), style=self.style)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), _DescriptionColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table an analyst opens in a spreadsheet: UTF-8, header first. ``-`` writes it
    to standard output (``--csv -``), for a pipe. A file is written whole or not at all
    (:func:`tnoc.safe_write.atomic_output`); where it may go (not inside a case,
    not over a file without ``--force``) is checked before the command runs
    (``@recorded(writes=...)``)."""
    rows = _as_seen(list(rows))
    if str(path) == "-":
        _write_csv_rows(sys.stdout, header, rows)
        return
    from tnoc.safe_write import atomic_output

    with atomic_output(path) as partial, \
            open(partial, "w", newline="", encoding="utf-8") as fh:
        _write_csv_rows(fh, header, rows)


def _write_csv_rows(fh: TextIO, header: Sequence[str],
                    rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(fh)
    writer.writerow([_csv_value(h) for h in header])
    writer.writerows([_csv_value(v) for v in row] for row in rows)


# --- listings: the one way a command prints a table --------------------------------------
#
# A command builds a Listing (columns, the rows it shows, how many there are in all) and
# hands it to print_listing with the format the user chose. On a terminal that is a
# Rich table, long values elided to fit; on a pipe the same table with every value whole;
# --json one JSON document; --csv CSV with a header. A list cut short always ends with
# the footer "showing N of M ...; --all (or --limit 0) to see all", so nothing is cut
# silently.


class Format(StrEnum):
    """How a listing is written: a table for people, JSON or CSV for programs."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


JsonOpt = Annotated[bool, typer.Option(
    "--json", help="One JSON document on standard output: the rows (every one unless "
                   "--limit is given) and how many there are in all.")]
CsvOpt = Annotated[bool, typer.Option(
    "--csv", help="CSV with a header row on standard output (every row unless --limit "
                  "is given).")]
_ALL_ROWS_HELP = {
    "--json": "One JSON document on standard output: every row and how many there are.",
    "--csv": "CSV with a header row on standard output (every row)."}
"""The help of ``--json`` and ``--csv`` on a command without ``--limit``
(:class:`GovernedGroup`): theirs would name an option the command lacks."""
AllOpt = Annotated[bool, typer.Option(
    "--all", help="Every row, however many (the same as --limit 0).")]


def known_encoding(name: str | None) -> str | None:
    """``--encoding`` checked as the command line is read, before any file is: Python's
    name of it, the intake's check (:func:`tnoc.ingest.encoding.codec_name`); an
    unknown name is a usage error (exit 2)."""
    from tnoc.ingest.encoding import UnknownEncoding, codec_name

    if name is None:
        return None
    try:
        return codec_name(name)
    except UnknownEncoding as exc:
        raise typer.BadParameter(exc.problem) from exc


class EngineName(StrEnum):
    """The engines ``--engine`` takes (:data:`tnoc.store.case_engine.ENGINES`; a test
    checks they agree): as a choice, Click refuses any other value with exit 2 before
    the case is opened."""

    duckdb = "duckdb"
    spark = "spark"


class KeptIn(StrEnum):
    """Where ``tnoc ingest --statements`` keeps a source's statements
    (:mod:`tnoc.store.held`)."""

    store = "store"
    parquet = "parquet"


ENGINE_CHOICES = tuple(e.value for e in EngineName)
EngineOpt = Annotated[EngineName, typer.Option(
    "--engine", help="Where the heavy work runs: 'duckdb' (the case's own store, one "
                     "machine) or 'spark' (reads the case's lake: run 'tnoc case lake' "
                     "first; see docs/scale.md).", show_default=True)]
"""The one ``--engine`` of the commands whose stage runs on either engine
(:func:`tnoc.store.case_engine.case_engine`)."""
SparkMasterOpt = Annotated[str, typer.Option(
    "--spark-master", help="With --engine spark: 'local[N]' (N threads in this process) "
                           "or a cluster's URL, e.g. spark://127.0.0.1:7077 ('make "
                           "spark-cluster'); a spark:// master that does not answer "
                           "within 3 s is an error (exit 1). Given without --engine "
                           "spark, a usage error (exit 2).", show_default=True)]
"""The one ``--spark-master``: its default applies with ``--engine spark``; given on the
command line without it, it is refused (:func:`spark_master_needs_spark`), never ignored."""
_CHECKS_MASTER = "__tnoc_checks_spark_master__"


def spark_master_needs_spark(engine: object) -> None:
    """Refuse a ``--spark-master`` given on the command line to a command running on
    another engine than Spark (``engine``, the command's ``--engine`` value): it would
    be ignored, and an analyst who typed a cluster's URL believes the work ran there.
    Click's parameter source tells a value given from the default (``local[2]``), so
    the default never triggers it.

    Raises:
        ArgumentError: ``--spark-master`` given with another engine (exit 2).
    """
    ctx = get_current_context(silent=True)
    if ctx is None or str(engine) == EngineName.spark.value:
        return
    source = ctx.get_parameter_source("spark_master")
    if source is None or source is click.ParameterSource.DEFAULT:
        return
    from tnoc.errors import ArgumentError

    raise ArgumentError(f"--spark-master {ctx.params.get('spark_master')}: only applies "
                        f"with --engine spark (this command runs on --engine {engine}); "
                        "add --engine spark, or leave --spark-master out")


def _spark_master_only_with_spark(command: click.Command) -> None:
    """Make a command that takes both ``--engine`` and ``--spark-master`` check, before
    it runs, that the master is not given without Spark
    (:func:`spark_master_needs_spark`): done here, once for every such command, so no
    command can forget it. The command's callback is wrapped once (the command tree may
    be reused across invocations)."""
    names = {p.name for p in command.params}
    callback = command.callback
    if not {"engine", "spark_master"} <= names or callback is None \
            or getattr(callback, _CHECKS_MASTER, False):
        return

    def checked(*args: Any, **kwargs: Any) -> Any:
        spark_master_needs_spark(kwargs.get("engine"))
        return callback(*args, **kwargs)

    setattr(checked, _CHECKS_MASTER, True)
    command.callback = functools.wraps(callback)(checked)
ForceOpt = Annotated[bool, typer.Option(
    "--force", help="Replace output files that already exist (never allowed inside a "
                    "case folder, except its reports/).")]
"""The one ``--force`` of every command that writes a file: without it an existing file
is kept and the command refuses (:func:`tnoc.safe_write.check_output`)."""

ID_WIDTH = 28
"""The most a terminal shows of an entity id beside its name (a pipe gets it whole)."""
SEE_ALL = "--all (or --limit 0) to see all"
"""How to see the rest of a list cut short: the end of every footer."""


def limit_option(default: int, what: str = "Rows", *names: str) -> Any:
    """The option limiting a listing: ``--limit`` (and ``--top``, or the command's own
    older name); 0 means every row. ``default`` applies to the table; --json and --csv
    give every row unless the option is given (declare it ``int | None = None``)."""
    return typer.Option(*(names or ("--limit", "--top")), min=0, show_default=False,
                        help=f"{what} to print (default {default}; 0 or --all: every one). "
                             "--json and --csv give every one unless this is given.")


def output_format(as_json: bool, as_csv: bool) -> Format:
    """The format chosen by ``--json`` / ``--csv`` (a table when neither)."""
    if as_json and as_csv:
        from tnoc.errors import ArgumentError

        raise ArgumentError("--json and --csv: choose one of the two")
    return Format.JSON if as_json else Format.CSV if as_csv else Format.TABLE


def row_limit(limit: int | None, all_rows: bool, default: int, fmt: Format) -> int | None:
    """How many rows a listing shows; None means every row: with --all or --limit 0, and
    for JSON or CSV unless --limit was given. Otherwise the limit given, or ``default``."""
    if all_rows or limit == 0:
        return None
    if limit is not None:
        return limit
    return default if fmt is Format.TABLE else None


def notes_console(fmt: Format) -> Console:
    """Where a command's remarks go: beside the table on standard output, or to standard
    error when standard output carries JSON or CSV (so that stays one clean document)."""
    return console if fmt is Format.TABLE else err


def note(fmt: Format, text: str) -> None:
    """A remark of a command (what it read, what it kept), beside a table or on standard
    error under JSON and CSV (:func:`notes_console`); data text, never Rich markup."""
    notes_console(fmt).print(text, highlight=False, markup=False)


def seen_note(fmt: Format, template: str, **values: object) -> None:
    """A remark (:func:`note`) whose ``values`` (``{name}`` in ``template``) are as the
    acting member may see them (:func:`_seen_facts`): for a researcher a count from 1
    to 4 in an aggregate is "<5", a file or entity name its pseudonym. A remark that
    says how many servers or people a listing is about is data like the listing's
    cells, so it passes the same rule; whole numbers are shown with thousands
    separators, lists joined with ", "."""
    shown = _seen_facts(values)

    def text(value: object) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        if isinstance(value, list):
            return ", ".join(text(v) for v in value)
        return str(value)

    note(fmt, template.format(**{k: text(v) for k, v in shown.items()}))


@dataclass(frozen=True)
class Column:
    """One column of a listing.

    ``header`` is what a person reads; ``key`` names the column in JSON and CSV (default:
    the header in snake case); ``fmt`` is a format spec for the table (``","``,
    ``".3f"``); ``width`` is the most a terminal shows of a value, the rest elided with
    "…". Only a terminal elides: a pipe, JSON and CSV get every value whole.

    ``count`` says whether a whole number in the column counts people, events or
    things: in research mode an aggregate's counts from 1 to 4 are suppressed
    (:func:`tnoc.govern.research.research_rows`). Declare ``count=False`` for a rank,
    a row number, a median, a share, a year or an id-like number, which single out
    nobody and would be falsified by ``<5``. The default is True: a column nobody
    declared is treated as a count, which protects people (fail closed).

    ``counts_from`` names the count columns (by :attr:`name`) a value is computed from
    (a share, a change since the previous row): in research mode the value is
    suppressed wherever one of them is, since a share of 3 or a change from 40 to 3
    gives the count back. A ``hidden`` column is never printed: it carries a count
    such a value is computed from but the table does not show (the previous row's
    count behind a change).
    """

    header: str
    key: str = ""
    fmt: str = ""
    width: int | None = None
    count: bool = True
    counts_from: tuple[str, ...] = ()
    hidden: bool = False

    @property
    def name(self) -> str:
        """The column's name in JSON and CSV."""
        return self.key or re.sub(r"[^0-9a-z]+", "_", self.header.lower()).strip("_")


@dataclass
class Listing:
    """A table a command lists: its columns, the rows shown and how many there are.

    ``total`` is the number of rows in all (None when ``rows`` are all of them);
    ``what`` names a row for the footer ("showing 30 of 212 countries").
    """

    columns: Sequence[Column | str]
    rows: Sequence[Sequence[object]]
    total: int | None = None
    title: str | None = None
    what: str = "rows"

    @property
    def cols(self) -> list[Column]:
        """The columns as :class:`Column`."""
        return [c if isinstance(c, Column) else Column(c) for c in self.columns]

    @property
    def count(self) -> int:
        """Rows in all (shown or not)."""
        return len(self.rows) if self.total is None else max(self.total, len(self.rows))

    def footer(self) -> str | None:
        """'showing N of M WHAT; --all (or --limit 0) to see all' when rows were left
        out, else None."""
        if self.count <= len(self.rows):
            return None
        return f"showing {len(self.rows):,} of {self.count:,} {self.what}; {SEE_ALL}"

    def document(self) -> dict[str, Any]:
        """The listing as JSON-ready data: rows as objects, and how many in all."""
        names = [c.name for c in self.cols]
        return {**({"title": self.title} if self.title else {}),
                "total": self.count, "shown": len(self.rows),
                "rows": [{n: _json_value(v) for n, v in zip(names, row, strict=True)}
                         for row in self.rows]}


def cut(rows: Sequence[Any], limit: int | None) -> tuple[list[Any], int]:
    """The first ``limit`` rows (every row for None) and how many there are in all."""
    return list(rows if limit is None else rows[:limit]), len(rows)


def print_listing(listing: Listing, fmt: Format,
                  extra: dict[str, Any] | None = None) -> None:
    """Write a listing in the chosen format, with the footer when rows were left out
    (under the table; on standard error for JSON and CSV). ``extra`` adds top-level
    facts to the JSON document (a run id, counts the command printed above the table)."""
    listing = seen(listing)
    footer = listing.footer()
    if fmt is Format.JSON:
        emit_json({**_seen_facts(extra or {}), **listing.document()})
    elif fmt is Format.CSV:
        _write_csv_rows(sys.stdout, [c.name for c in listing.cols], listing.rows)
    elif listing.count == 0:  # an empty table's bare headers read as a broken command
        notes_console(fmt).print(f"{safe_text(listing.title)}: none" if listing.title
                                 else f"no {listing.what}", highlight=False, markup=False)
    else:
        table = _table(listing)
        wide = _too_wide(table)
        if wide:  # the terminal soft-wraps the longer lines: nothing is cut off
            terminal = console.width
            console.width = wide  # Console.print(width=) is capped at the console's
            try:
                console.print(table, crop=False)
            finally:
                console.width = terminal
            notes_console(fmt).print(
                f"(the table is {wide} characters wide, this terminal {terminal}: "
                "its lines wrap; widen the window, or --csv / --json for other tools)",
                style="dim", highlight=False, markup=False)
        else:
            console.print(table)
    if footer:
        notes_console(fmt).print(footer, style="yellow", highlight=False)


def emit_json(document: object) -> None:
    """One JSON document on standard output (UTF-8 kept readable, not escaped). JSON
    escapes C0 controls itself; DEL and C1 controls (``\\x9b`` opens an escape sequence
    on some terminals) are written as ``\\u`` escapes too, the same JSON value."""
    text = json.dumps(_json_value(document), ensure_ascii=False)
    sys.stdout.write(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def rich_table(listing: Listing) -> Table:
    """The listing as a Rich table: on a terminal long values elided to their column's
    width; on a pipe nothing elided or wrapped. Values are text, never Rich markup (a
    seized file may hold '[red]'), their control characters shown (:func:`safe_text`).
    In research mode, as the researcher may see it (:func:`seen`)."""
    return _table(seen(listing))


def seen(listing: Listing) -> Listing:
    """``listing`` as the acting member may see it: for a researcher, its rows and
    title through research mode (:meth:`tnoc.service.CaseService.as_seen`: people and
    identifiers as pseudonyms, small counts suppressed in aggregates). Every table,
    JSON document and CSV of a command passes here, so no command prints names of its
    own; ``write_csv`` does the same for the files it writes."""
    from dataclasses import replace

    from tnoc.govern.research import SUPPRESSED

    cols = listing.cols
    rows = _as_seen([*listing.rows, [listing.title]], [c.count for c in cols])
    title = rows[-1][0]
    at = {c.name: i for i, c in enumerate(cols)}
    derived = [(i, [at[name] for name in c.counts_from]) for i, c in enumerate(cols)
               if c.counts_from]
    shown = [i for i, c in enumerate(cols) if not c.hidden]
    if not derived and len(shown) == len(cols):  # most listings: nothing to redo
        return replace(listing, rows=rows[:-1], title=None if title is None else str(title))
    body = []
    for row in rows[:-1]:
        cells = list(row)
        for i, bases in derived:
            if any(cells[j] == SUPPRESSED for j in bases):
                cells[i] = SUPPRESSED
        body.append(tuple(cells[i] for i in shown))
    return replace(listing, columns=[cols[i] for i in shown], rows=body,
                   title=None if title is None else str(title))


def _seen_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts a listing's JSON adds (``extra``), every text and number in them as
    the acting member may see it (:func:`_as_seen`, one cell each)."""
    leaves: list[object] = []

    def collect(value: object) -> None:
        if isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list | tuple):
            for v in value:
                collect(v)
        else:
            leaves.append(value)

    collect(facts)
    shown = iter(_as_seen([leaves])[0])

    def rebuild(value: object) -> object:
        if isinstance(value, dict):
            return {k: rebuild(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [rebuild(v) for v in value]
        return next(shown)

    return {k: rebuild(v) for k, v in facts.items()}


def _as_seen(rows: list[Sequence[object]],
             counts: Sequence[bool] | None = None) -> list[Sequence[object]]:
    """``rows`` as the acting member may see them; ``counts`` flags, by position, the
    columns holding counts (:attr:`Column.count`; None: every column)."""
    for opened in (_SERVICES.get() or {}).values():
        shown = opened.as_seen(rows, counts)
        if shown is not None:
            return list(shown)
    return rows


SHORTEST_TEXT = 12
"""On a terminal, the fewest characters a text column is narrowed to before the table
is printed wider than the terminal (:func:`_too_wide`)."""


def _table(listing: Listing) -> Table:
    """The listing as a Rich table. On a terminal a column is never narrowed below what
    it needs to be read: a number's whole width, a value elided at the column's
    ``width`` at most, other text to :data:`SHORTEST_TEXT` characters (wrapped), never
    less than its header; Rich would otherwise crush columns to "…" or drop them when
    many do not fit (:func:`_too_wide` says when)."""
    from rich.table import Table
    from rich.text import Text

    terminal = console.is_terminal
    table = Table(title=Text(safe_text(listing.title)) if listing.title else None)
    cells = [[safe_text(_cell(v, c.fmt)) for v, c in zip(row, listing.cols, strict=True)]
             for row in listing.rows]
    for i, col in enumerate(listing.cols):
        number = any(isinstance(r[i], int | float) and not isinstance(r[i], bool)
                     for r in listing.rows[:20])
        longest = max([len(col.header), *(len(row[i]) for row in cells)])
        least = longest if number else max(len(col.header),
                                           min(longest, col.width or SHORTEST_TEXT))
        table.add_column(col.header, justify="right" if number else "left",
                         max_width=col.width if terminal else None,
                         min_width=least if terminal else None,
                         overflow="ellipsis" if terminal and col.width else "fold",
                         no_wrap=bool(col.width) or number or not terminal)
    for row in cells:
        table.add_row(*(Text(value) for value in row))
    return table


def _too_wide(table: Table) -> int | None:
    """The width ``table`` needs when it is more than the terminal's (every column at
    its least, :func:`_table`, or its longest word, with borders and padding, as Rich
    measures it), else None; on a pipe nothing is narrowed."""
    from rich.measure import Measurement

    if not console.is_terminal:
        return None
    least = Measurement.get(console, console.options.update_width(1 << 16), table).minimum
    return least if least > console.width else None


def _cell(value: object, fmt: str) -> str:
    """A value as the table shows it: numbers with thousands separators (or ``fmt``),
    lists joined, times to the minute, nothing for None. Text in a numeric column
    (a count a researcher sees as "<5", research mode) is shown as it is."""
    if value is None:
        return ""
    if fmt and not isinstance(value, str):
        return format(value, fmt)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v, "") for v in value)
    return str(value)


def _csv_value(value: object) -> object:
    """A value as a CSV cell: lists joined, dates ISO 8601, and text that would start a
    spreadsheet formula neutralised (:func:`tnoc.safe_text.spreadsheet_cell`)."""
    from tnoc.safe_text import spreadsheet_cell

    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return spreadsheet_cell("; ".join(str(_csv_value(v)) for v in value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return spreadsheet_cell(_plain(value))


def _json_value(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    value = _plain(value)
    return value if value is None or isinstance(value, str | int | float | bool) \
        else str(value)


def _plain(value: object) -> object:
    """A NumPy scalar as the Python number it holds; anything else unchanged."""
    item = getattr(value, "item", None)
    return item() if callable(item) and type(value).__module__ == "numpy" else value


def state_handling(fmt: Format, code: str, sources: Sequence[str],
                   facts: dict[str, Any] | None = None, of: str = "this result") -> None:
    """Say, record (in the running command's custody entry, beside the sources read) and
    add to the JSON ``facts`` the handling code of a computed result: the strictest code
    of the sources it comes from, at least TLP:AMBER (:mod:`tnoc.store.derived`), so a
    list or CSV made from TLP:RED data says it is TLP:RED."""
    from tnoc.ledger.custody import running_command, sources_read

    sources_read(*sources)
    record = running_command()
    if record is not None:
        record.parameters["handling_code"] = code
    if facts is not None:
        facts["handling_code"] = code
    notes_console(fmt).print(f"handling: {code} (the strictest code of the "
                             f"{len(sources):,} source(s) of {of}, at least TLP:AMBER for "
                             "a computed result; share accordingly)",
                             highlight=False, markup=False)



# --- the session: who acts, why; every command goes through the service's gate ----------

AS_HELP = ("Act as this TNOC user (a member of the case; your key folder must hold their "
           "signing key). Default: TNOC_USER, else your login name.")
PURPOSE_HELP = ("Why you consult this case: in a case with members, the reference of an "
                "open purpose ('tnoc purpose list'), required for anything reading personal "
                "data; recorded with its justification in the audit trail. Default: "
                "TNOC_PURPOSE.")

_SERVICES: ContextVar[dict[Path, CaseService] | None] = ContextVar("tnoc_services",
                                                                    default=None)


SESSION_VALUES: ContextVar[dict[str, str]] = ContextVar("tnoc_session_values")
"""--as and --purpose as given to the running command (environment names as keys)."""


def _session_prototype(
    as_user: Annotated[str | None, typer.Option("--as", metavar="USER", help=AS_HELP)] = None,
    purpose: Annotated[str | None, typer.Option(metavar="TEXT", help=PURPOSE_HELP)] = None,
) -> None:
    """The session options as Typer declares them (copied onto every command)."""


def _session_options() -> list[Any]:
    """``--as`` and ``--purpose`` as parameters of a command: not passed to the command
    function, but kept in :data:`SESSION_VALUES` for :func:`service`."""
    from tnoc.environment import PURPOSE_ENV, USER_ENV

    prototype = typer.Typer()
    prototype.command()(_session_prototype)
    declared = {p.name: p for p in typer.main.get_command(prototype).params}
    params = []
    for name, env in (("as_user", USER_ENV), ("purpose", PURPOSE_ENV)):
        param = copy.copy(declared[name])
        param.expose_value = False
        param.callback = _remember(env)
        params.append(param)
    return params


def _remember(env: str) -> Callable[[Any, Any, Any], None]:
    def remember(_ctx: Any, _param: Any, value: Any) -> None:
        if value:
            SESSION_VALUES.get()[env] = str(value)
    return remember


_OWN_LINE = re.compile(r"\s*(?:[-*\u2022]|\d+[.)]|tnoc)\s")
"""A line that keeps its own line in help: a list item ("- ", "* ", "1. ") or a
command of an example ("tnoc ...", the second of two examples)."""


def unwrapped_help(text: str) -> str:
    """A command's docstring as help: each paragraph one line, as Typer's rich mode
    (0.29) keeps the source's line breaks after the first paragraph, so text wrapped at
    88 characters in the code came out ragged at any other width ("... it" / "whole").
    A line of :data:`_OWN_LINE` (a list item, an example's command) keeps its break, a
    paragraph marked ``\\b`` (click's "do not rewrap") stays as written, and what
    follows a form feed (``\\f``: what click and Typer leave out of help) is kept
    unchanged."""
    shown, cut, rest = inspect.cleandoc(text).partition("\f")
    paragraphs = []
    for paragraph in shown.split("\n\n"):
        if paragraph.startswith("\b"):
            paragraphs.append(paragraph)
            continue
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not _OWN_LINE.match(line):
                lines[-1] = f"{lines[-1]} {line.strip()}".strip()
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + ("\n" + cut + rest if cut else "")


class GovernedGroup(TyperGroup):
    """A command group whose commands all take ``--as`` and ``--purpose`` (the session
    of the one gate, :mod:`tnoc.service`), and which runs each command in its own
    context: what one command set (its session, its open cases) ends with it."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None and command.short_help is None and command.help:
            # the list of a group's commands shows the first paragraph of each one's
            # docstring; in rich mode Typer keeps its source line breaks, so a summary
            # wrapped at 88 characters in the code came out ragged at any other width
            first = inspect.cleandoc(command.help).split("\n\n", 1)[0]
            command.short_help = " ".join(first.split())
        if command is not None and command.help:
            command.help = unwrapped_help(command.help)
        if command is not None and not isinstance(command, TyperGroup) and not any(
                p.name == "as_user" for p in command.params):
            session = _session_options()
            taken = {o for p in session for o in p.opts} | {p.name for p in session}
            clash = [p.name for p in command.params
                     if taken & {*p.opts, *p.secondary_opts, p.name}]
            if clash:  # the parser would hand one value to both (issue #20)
                raise TypeError(f"command {cmd_name!r} declares {', '.join(map(str, clash))}"
                                ", which the session options --as/--purpose of every "
                                "command already are: give it another name")
            command.params.extend(session)
            _spark_master_only_with_spark(command)
        if command is not None and not any("--limit" in getattr(p, "opts", ())
                                           for p in command.params):
            for param in command.params:  # no --limit to mention: every row, said so
                flag = (getattr(param, "opts", None) or [""])[0]
                # only the yes/no flags write to standard output; a --csv FILE keeps
                # its own help (it writes to the file named)
                if (flag in _ALL_ROWS_HELP and getattr(param, "is_flag", False)
                        and hasattr(param, "help")):
                    param.help = _ALL_ROWS_HELP[flag]
        return command

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.parent is not None:  # a sub-group: the root made the context
            return super().invoke(ctx)

        def run() -> Any:
            SESSION_VALUES.set({})
            _SERVICES.set({})
            try:
                result = super(GovernedGroup, self).invoke(ctx)
            except typer.Exit as done:
                _finish(None if done.exit_code == 0 else done)
                raise
            except BaseException as failed:
                said = _unread_statements(failed)
                if said is not None:  # held statement files missing or damaged
                    _finish(said)
                    raise said from failed
                _finish(failed)
                raise
            _finish(None)
            return result

        return contextvars.copy_context().run(run)


def _unread_statements(failed: BaseException) -> CaseError | None:
    """A DuckDB error reading the held statement files of a case the command opened,
    as an error of the case (exit 4) saying what and where to look
    (:func:`tnoc.store.held.unread_statements`); None for any other failure."""
    from tnoc.errors import CaseError
    from tnoc.store.held import unread_statements

    said = unread_statements(failed, [o.case.root for o in (_SERVICES.get() or {}).values()])
    return CaseError(said) if said is not None else None


def _finish(error: BaseException | None) -> None:
    """Record the outcome of the operations the command began on each case it opened
    (:meth:`tnoc.service.CaseService.finish`): the one place a command's outcome is
    audited, whatever the command. A failure to record after the command failed does not
    hide why it failed."""
    for opened in (_SERVICES.get() or {}).values():
        if error is None:
            opened.finish()
            continue
        from tnoc.errors import TnocError

        try:
            opened.finish(error)
        except TnocError as unrecorded:
            err.print(f"warning: the refusal could not be recorded: {unrecorded}",
                      markup=False, highlight=False)


def command_group(**kwargs: Any) -> typer.Typer:
    """A ``tnoc`` command group (every one is a :class:`GovernedGroup`)."""
    return typer.Typer(cls=GovernedGroup, **kwargs)


COMMAND_OPERATIONS = {
    "case summary": "case summary", "case dpia": "dpia", "ingest": "ingest", "sources": "sources",
    "flagged": "flagged", "search": "search", "index": "index", "show": "show",
    "resolve": "resolve",
    "review": "judge", "merge": "judge", "split": "judge", "undo": "judge",
    "candidates": "candidates", "judgements": "judgements", "screen": "screen",
    "report": "report", "verify": "verify", "bundle": "bundle", "audit": "audit",
    "users list": "users list", "users": "users", "custody record": "custody record",
    "custody register-key": "users", "custody checkpoint": "custody record",
    "custody timestamp": "custody record", "custody": "custody", "network": "network",
    "money": "money", "assess": "assess", "export": "export", "import": "import",
    # the read-only listings a researcher may see in research mode (and assess, all
    # aggregates: tnoc.govern.policy.OPERATIONS); those naming a
    # person or account as their argument (network path/ego, money trace/explain/
    # attribute) stay under their group's operation: they take pseudonyms, but print
    # results outside print_listing
    **{f"network {c}": "network listing" for c in (
        "communities", "timeline", "brokers", "keyplayers")},
    **{f"money {c}": "money listing" for c in ("check", "cluster", "score", "exposure")},
    "erase": "erase", "hold": "hold", "retention": "retention", "categorise": "categorise",
    "purpose": "purpose", "purpose list": "purpose list",
    "release request": "release request", "release approve": "release approve",
    "release list": "release list",
    "intake queue": "intake", "intake show": "intake read", "intake take": "ingest",
    "intake reply": "intake reply",
    "intake purge": "intake purge", "intake hold": "intake hold",
    "intake release": "intake hold",
    # C2 infrastructure analyses on the case's Feodo Tracker lists and URLhaus dumps
    # (--case; aggregates); the other malware commands read files and open no case
    **{f"malware {c}": "assess" for c in (
        "concentration", "lifetimes", "takedown", "spread")},
    # modern slavery kept in the case (--case; aggregates): an MSE over a list table
    # named on the command line, GLOTIP's corridors and CTDC's profiles as the case
    # holds them, the template clusters of its listing texts
    "trafficking estimate": "assess", "trafficking flows": "assess",
    "trafficking profiles": "assess", "trafficking templates": "assess",
    # darknet market flows and dynamics on the case's Agora listings (--case;
    # aggregates); the other markets commands read files and open no case
    "markets flows": "assess", "markets dynamics": "assess",
    # vendor profiles and account links on the case's Agora listings (--case): names
    # pseudonymised and small counts suppressed for a researcher, as in assess
    "markets vendors profiles": "assess", "markets vendors link": "assess",
    # lake mode: every source's statements copied to Parquet for Spark, as 'export
    # parquet' does (the whole case: decided on its strictest source)
    "case lake": "export",
}
"""The service operation each command is (:data:`tnoc.govern.policy.OPERATIONS`): the
command's words, else its group's."""


def _command_words() -> list[str]:
    """The words of the command running now (``["network", "measures"]``)."""
    ctx = get_current_context(silent=True)
    words: list[str] = []
    while ctx is not None and ctx.parent is not None:  # the root is the program's name
        words.insert(0, str(ctx.info_name))
        ctx = ctx.parent
    return words


def _command_entry(table: dict[str, Any]) -> Any:
    """The entry of ``table`` for the running command: its words, else its group's."""
    words = _command_words()
    for n in range(len(words), 0, -1):
        found = table.get(" ".join(words[:n]))
        if found:
            return found
    return None


def command_operation() -> str:
    """The operation of the command running now (from its words, ``network measures``
    -> ``network``)."""
    found = _command_entry(COMMAND_OPERATIONS)
    if found:
        return str(found)
    raise TypeError(f"command {' '.join(_command_words())!r} names no operation of the "
                    "service (add it to COMMAND_OPERATIONS)")


# --- what a command reads: the sources its access is decided on (issue #20) ----------


@dataclass(frozen=True)
class Reads:
    """The sources a command reads, found from the case and the command's options before
    it runs; None from ``sources`` when that cannot be known cheaply (the whole case:
    decided on its strictest source, fail closed). ``partial``: the command may run on
    the sources within the member's clearance, leaving the others out (it stores
    nothing in the case, so no full-clearance result is overwritten by a partial one);
    otherwise a member cleared below any source it reads is refused."""

    sources: Callable[[duckdb.DuckDBPyConnection, dict[str, Any]], list[str] | None]
    partial: bool = False


def _named_sources(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    from tnoc.store.flagged import resolve_sources

    return resolve_sources(con, params.get("source") or ())


def _flagged_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    from tnoc.store.reads import all_sources

    return _named_sources(con, params) if params.get("source") else all_sources(con)


def _schemata_reads(*schemata: str) -> Callable[[duckdb.DuckDBPyConnection,
                                                 dict[str, Any]], list[str]]:
    """The sources of the entities of ``schemata`` (of ``--source`` when given) and of
    the entities they name."""
    def reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
        from tnoc.store.reads import sources_of_entities

        return sources_of_entities(con, schemata, _named_sources(con, params))
    return reads


def _payment_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    """The payments (of ``--source`` when given), the entities they name and the
    statements naming their parties' holders (:func:`tnoc.store.parties.payment_reads`)."""
    from tnoc.store.parties import payment_reads

    return payment_reads(con, _named_sources(con, params))


def _indicator_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    """``assess trends INDICATOR`` reads the observations of that indicator only."""
    from tnoc.store.reads import sources_of_indicator

    return sources_of_indicator(con, str(params.get("indicator") or ""))


def _projection_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]
                      ) -> list[str] | None:
    """A network projected from ``--source``: the statements of those sources' entities
    and of the entities they tie to; without ``--source``, the whole case."""
    if not params.get("source"):
        return None
    from tnoc.store.reads import sources_of_entities

    return sources_of_entities(con, (), _named_sources(con, params))


def _shared_export_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]
                         ) -> list[str]:
    """A shared export reads the sources within its ``--tlp``: it withholds the values
    of stricter ones (:mod:`tnoc.exchange.handling`)."""
    from tnoc.store.reads import sources_within

    return sources_within(con, params.get("tlp") or "TLP:AMBER")


def _ftm_export_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]
                      ) -> list[str] | None:
    """``export ftm`` with a sharing option (--tlp, --schema, --pseudonymise) is a
    shared export; without one it writes the whole case."""
    if params.get("tlp") or params.get("schema") or params.get("pseudonymise"):
        return _shared_export_reads(con, params)
    return None


def _c2_list_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    """``malware concentration/lifetimes/takedown --case`` read the case's Feodo Tracker
    lists (those of ``--source`` when given) and nothing else."""
    from tnoc.malware.case import c2_sources

    return c2_sources(con, _named_sources(con, params) if params.get("source") else None)


def _malware_list_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]
                        ) -> list[str]:
    """``malware spread --case`` reads the case's Feodo Tracker lists and URLhaus dumps
    (those of ``--source`` when given)."""
    from tnoc.malware.case import c2_sources

    return c2_sources(con, _named_sources(con, params) if params.get("source") else None,
                      ("feodotracker", "urlhaus"))


def _no_case_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    """``trafficking estimate --case`` reads a file named on the command line, none of
    the case's sources (it only keeps its result there)."""
    return []


def _glotip_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    """``trafficking flows --case`` reads the case's GLOTIP sources and nothing else."""
    from tnoc.trafficking.flows import glotip_sources

    return glotip_sources(con)


def _ctdc_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    """``trafficking profiles --case`` reads the case's CTDC sources and nothing else."""
    from tnoc.trafficking.profiles import ctdc_sources

    return ctdc_sources(con)
def _listing_text_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]
                        ) -> list[str]:
    """``trafficking templates --case`` reads the case's listings (those of
    ``--source`` when given) and the accounts that posted them."""
    from tnoc.trafficking.template_case import text_sources

    return text_sources(con, _named_sources(con, params) if params.get("source") else None)


def _market_listing_reads(con: duckdb.DuckDBPyConnection, params: dict[str, Any]
                          ) -> list[str]:
    """``markets flows/dynamics --case`` (and ``markets vendors profiles/link``) read
    the case's Agora listings (those of ``--source`` when given) and nothing else."""
    from tnoc.markets.case import listing_sources

    return listing_sources(con, _named_sources(con, params) if params.get("source")
                           else None)


COMMAND_READS: dict[str, Reads] = {
    "flagged": Reads(_flagged_reads, partial=True),
    "export ftm": Reads(_ftm_export_reads, partial=True),
    "export stix": Reads(_shared_export_reads, partial=True),
    "export misp": Reads(_shared_export_reads, partial=True),
    "export case-uco": Reads(_shared_export_reads, partial=True),
    "money check": Reads(_payment_reads),
    "money typologies": Reads(_payment_reads),
    "money trace": Reads(_payment_reads),
    "assess indicators": Reads(_schemata_reads("StatisticalObservation")),
    "assess trends": Reads(_indicator_reads),
    **{f"network {c}": Reads(_projection_reads) for c in (
        "measures", "communities", "brokers", "keyplayers", "path", "ego", "disrupt",
        "export")},
    **{f"malware {c}": Reads(_c2_list_reads) for c in (
        "concentration", "lifetimes", "takedown")},
    "malware spread": Reads(_malware_list_reads),
    "trafficking estimate": Reads(_no_case_reads),
    "trafficking flows": Reads(_glotip_reads),
    "trafficking profiles": Reads(_ctdc_reads),
    "trafficking templates": Reads(_listing_text_reads),
    "markets flows": Reads(_market_listing_reads),
    "markets dynamics": Reads(_market_listing_reads),
    "markets vendors profiles": Reads(_market_listing_reads),
    "markets vendors link": Reads(_market_listing_reads),
}
"""What each command reads (:class:`Reads`); a command not listed reads the whole case.
Analyses that store results (network projections and measures, money alerts) are never
partial: a member cleared below a source they read is refused, so a stored result is
always computed from everything it names."""


def research_mode(case: Path) -> bool:
    """Whether the running command was authorised to a researcher (research mode): an
    analysis that keeps its result in the case for the dossier (communities, key
    players, emerging threats) keeps nothing then, as stored results stay closed to
    researchers (:mod:`tnoc.govern.policy`)."""
    from tnoc.govern.policy import Role

    return any(m.role is Role.RESEARCHER for m in service(case).authorised.values())


def keep_in_case(case: Path, save: Callable[[duckdb.DuckDBPyConnection, Path], object]
                 ) -> str | None:
    """Run ``save(con, root)`` in one transaction of the case and return the run id it
    returns, or None in research mode (stored results stay closed to researchers): how
    the analyses of published files (markets, trafficking, malware) keep their results
    in a case."""
    from tnoc.store.derived import analysis_runs

    if research_mode(case):
        return None
    opened = _open(case)
    with opened.transaction() as con:
        before = analysis_runs(con)
        run = str(save(con, opened.root))
        _KEPT_ANEW.set({**(_KEPT_ANEW.get() or {}), run: analysis_runs(con) > before})
    return run


_KEPT_ANEW: contextvars.ContextVar[dict[str, bool] | None] = contextvars.ContextVar(
    "kept_anew", default=None)
"""Per run id :func:`keep_in_case` returned in this command, whether it was kept anew
(False: an earlier run held the same result, :func:`tnoc.store.derived.earlier_run`)."""


def kept_note(fmt: Format, kind: str, run: str | None) -> None:
    """Say what :func:`keep_in_case` kept: a new run; the earlier run that already held
    the same result (nothing new kept: showing a result again, in another view, is not
    a new analysis); or nothing, in research mode."""
    if run is None:
        note(fmt, "Research mode: nothing kept in the case.")
    elif (_KEPT_ANEW.get() or {}).get(run, True):
        note(fmt, f"Kept in the case as analysis run {kind}-{run}.")
    else:
        note(fmt, f"Already kept in the case as analysis run {kind}-{run} (the same "
                  "result from the same sources): nothing new kept.")


def files_or_case(given: bool, case: Path | None, files: str, *,
                  required: bool = True) -> Path | None:
    """The case a command that reads either ``files`` or a case runs on: None when
    files are given (a case set only by ``TNOC_CASE`` is then ignored); refused when
    both are given on the command line, or (``required``) neither."""
    from tnoc.errors import ArgumentError

    ctx = get_current_context(silent=True)
    from_env = ctx is not None and ctx.get_parameter_source("case") is \
        click.ParameterSource.ENVIRONMENT
    if given and case is not None and not from_env:
        raise ArgumentError(f"give the {files} or --case CASE, not both")
    if required and not given and case is None:
        raise ArgumentError(f"give the {files}, or --case CASE for those taken into a case")
    return None if given else case


def service(case: Path) -> CaseService:
    """The case opened for this command's session (one per case and command), through
    the gate of :mod:`tnoc.service`."""
    import os

    from tnoc.environment import JUSTIFICATION_ENV, PURPOSE_ENV, USER_ENV
    from tnoc.service import CaseService, Session

    given = SESSION_VALUES.get({})
    opened = _SERVICES.get()
    if opened is None:
        opened = {}
        _SERVICES.set(opened)
    key = Path(case).resolve()
    if key not in opened:
        from tnoc.ledger.keys import acting_user

        user = given.get(USER_ENV) or os.environ.get(USER_ENV)
        session = Session(user or Session.from_environment().user,
                          given.get(PURPOSE_ENV) or os.environ.get(PURPOSE_ENV) or None,
                          os.environ.get(JUSTIFICATION_ENV) or None)
        acting_user.set(session.user)
        opened[key] = CaseService.open(case, session)
    return opened[key]
