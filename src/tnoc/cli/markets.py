"""``tnoc markets``: darknet market listings — where from, where to; market dynamics
(issue #24).

Thin: parse, call :mod:`tnoc.markets` (and :mod:`tnoc.assess.breaks` for change
detection), print. These commands read crawl files, opening no case; ``flows`` and
``dynamics`` also run on the Agora listings taken into a case (``--case``): through the
service's gate (operation ``assess``), their results kept in the case as statements
citing the run (:mod:`tnoc.markets.case`), recorded in its custody ledger.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tnoc.cli.common import (
    AllOpt,
    Column,
    CsvOpt,
    Format,
    JsonOpt,
    Listing,
    _open,
    command_group,
    console,
    err,
    files_or_case,
    keep_in_case,
    known_encoding,
    limit_option,
    note,
    output_format,
    print_listing,
    row_limit,
)
from tnoc.cli.recorded import recorded
from tnoc.errors import ArgumentError

if TYPE_CHECKING:
    from tnoc.markets.crawl_files import ReadingNotes

markets_app = command_group(
    help="Darknet market listings: ships-from and ships-to read to countries, flow "
         "matrices, market size over time corrected for crawl completeness.",
    no_args_is_help=True)

DATA = Path(__file__).resolve().parents[3] / "examples" / "data" / "markets"

FilesArg = Annotated[list[Path], typer.Argument(
    help="Agora listing CSVs (product crawls, 2014 category subsets or vendor pages).")]
OptionalFilesArg = Annotated[list[Path] | None, typer.Argument(
    help="Agora listing CSVs (product crawls, 2014 category subsets or vendor pages); "
         "or --case.", show_default=False)]
MarketsCaseOpt = Annotated[Path | None, typer.Option(
    "--case", "-c", envvar="TNOC_CASE",
    help="Run on the Agora listings taken into this case (mappings agora_listings, "
         "agora_vendor_pages) instead of files, and keep the result in it (TNOC_CASE is "
         "used only when no file is given).")]
SourceOpt = Annotated[list[str] | None, typer.Option(
    "--source", help="With --case: only this crawl (source id or file name; repeat).")]


EncodingOpt = Annotated[str | None, typer.Option(
    "--encoding", metavar="NAME", callback=known_encoding, show_default=False,
    help="The text encoding of every file the command reads (e.g. cp1252, gb18030, "
         "utf-8), when the guess is wrong or said to be doubtful: the files are read in "
         "it, not guessed, and a byte not valid in it is an error naming the file and "
         "line. Default: a byte-order mark, else UTF-8, else a guess (said on standard "
         "error).")]


def crawl_files_or_case(given: bool, case: Path | None, files: str, encoding: str | None,
                        *, required: bool = True) -> Path | None:
    """:func:`tnoc.cli.common.files_or_case` for the commands that read crawl files or
    a case, refusing ``--encoding`` with a case (it is how files are read)."""
    in_case = files_or_case(given, case, files, required=required)
    if in_case is not None and encoding is not None:
        raise ArgumentError("--encoding is how crawl files are read; the case's listings "
                            "were decoded when taken in (tnoc ingest --encoding)")
    return in_case


def _case_listings(case: Path, source: list[str] | None) -> tuple[list[Any], list[str]]:
    """The Agora listings of the case and the sources they come from (through the
    gate: :func:`_open`)."""
    from tnoc.markets.case import case_listings
    from tnoc.store.flagged import resolve_sources

    opened = _open(case)
    with opened.connect(read_only=True) as con:
        listings = case_listings(con, resolve_sources(con, source) if source else None)
    return listings, sorted({item.source_id for item in listings})


def _share(value: float | None, fmt: Format, digits: int = 1) -> object:
    """A share as a percentage for the table (``digits`` decimals: a coverage of 99.97%
    must not print as 100.0%), a fraction to 4 places for JSON and CSV."""
    if value is None:
        return None
    return f"{value:.{digits}%}" if fmt is Format.TABLE else round(value, 4)


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False)


def say_reading(notes: ReadingNotes) -> None:
    """Tell on standard error what reading the files changed or left out (names
    decoded, rows left out, an encoding guessed), so nothing is changed silently."""
    for line in notes.lines():
        err.print(line, style="yellow", markup=False, highlight=False)


def _read(files: list[Path], encoding: str | None) -> list[Any]:
    from tnoc.markets.crawl_files import ReadingNotes, named_once
    from tnoc.markets.locations import read_crawl

    named_once(files)
    notes = ReadingNotes()
    listings = [listing for path in files for listing in read_crawl(path, notes, encoding)]
    say_reading(notes)
    return listings


class PlacesView(StrEnum):
    """What ``tnoc markets places --csv`` writes (one table per CSV document)."""

    coverage = "coverage"
    unparsed = "unparsed"


@markets_app.command("places")
def places(files: FilesArg, limit: Annotated[int | None, limit_option(30, "Rows")] = None,
           view: Annotated[PlacesView | None, typer.Option(
               help="With --csv, the one table written: coverage (per file, then an "
                    "'all files' row; the default) or unparsed (the values left as "
                    "typed). The table and --json give both.")] = None,
           encoding: EncodingOpt = None,
           all_rows: AllOpt = False, as_json: JsonOpt = False, as_csv: CsvOpt = False
           ) -> None:
    """How the ships-from values of each file were read: per file the non-empty values
    and the share mapped to a country or an explicit class (worldwide, region,
    undeclared, Torland, digital); then the values left unparsed, kept as typed."""
    fmt = output_format(as_json, as_csv)
    listings = _read(files, encoding)
    per_file: dict[str, Counter[str]] = {}
    unparsed: Counter[tuple[str, str]] = Counter()
    for listing in listings:
        counts = per_file.setdefault(listing.file, Counter())
        counts["listings"] += 1
        if listing.ships_from.kind != "empty":
            counts["non_empty"] += 1
            counts["mapped"] += listing.ships_from.mapped
            counts[listing.ships_from.kind] += 1
        if listing.ships_from.kind == "unparsed":
            unparsed[(listing.file, listing.ships_from.raw)] += 1
    coverage = {name: {"listings": c["listings"], "non_empty": c["non_empty"],
                       "mapped": c["mapped"],
                       "coverage": round(c["mapped"] / c["non_empty"], 4)
                       if c["non_empty"] else None}
                for name, c in per_file.items()}
    non_empty = sum(c["non_empty"] for c in per_file.values())
    mapped = sum(c["mapped"] for c in per_file.values())
    total_coverage = mapped / non_empty if non_empty else None
    if fmt is Format.TABLE:
        columns: list[Column | str] = [
            Column("file"), Column("listings", fmt=","),
            Column("ships-from given", "non_empty", fmt=","), Column("read", "mapped", fmt=","),
            "coverage"]
        print_listing(Listing(columns, [
            [name, c["listings"], c["non_empty"], c["mapped"], _share(c["coverage"], fmt, 2)]
            for name, c in coverage.items()], what="files"), fmt)
        _say(f"all files: {mapped:,} of {non_empty:,} non-empty ships-from values read "
             f"({_share(total_coverage, fmt, 2)})")
    if fmt is Format.CSV and view is not PlacesView.unparsed:
        print_listing(Listing(
            [Column("file"), Column("listings"), Column("ships-from given", "non_empty"),
             Column("read", "mapped"), "coverage"],
            [[name, c["listings"], c["non_empty"], c["mapped"], c["coverage"]]
             for name, c in coverage.items()]
            + [["all files", sum(per_file[name]["listings"] for name in coverage), non_empty,
                mapped, None if total_coverage is None else round(total_coverage, 4)]],
            what="files"), fmt)
        note(fmt, "--view unparsed: the unparsed values as CSV")
        return
    rows = [[f, raw, n] for (f, raw), n in unparsed.most_common()]
    shown = row_limit(limit, all_rows, 30, fmt)
    print_listing(Listing([Column("file"), Column("ships-from as typed", "raw"),
                           Column("listings", fmt=",")],
                          rows if shown is None else rows[:shown], total=len(rows),
                          title="unparsed ships-from values", what="unparsed values"),
                  fmt, extra={"files": coverage, "non_empty": non_empty, "mapped": mapped,
                              "coverage": None if total_coverage is None
                              else round(total_coverage, 4)})


class FlowLevel(StrEnum):
    """The level of ``tnoc markets flows``."""

    country = "country"
    region = "region"


@markets_app.command("flows")
def flows(
    files: OptionalFilesArg = None,
    by: Annotated[FlowLevel, typer.Option(
        help="country: ships-from country to ships-to country (or the region or class "
             "declared); region: UN M49 regions.")] = FlowLevel.country,
    usd_per_btc: Annotated[float | None, typer.Option(
        help="Show prices in USD too, at this many dollars per bitcoin (needs "
             "--rate-date and --rate-source).")] = None,
    rate_date: Annotated[str | None, typer.Option(help="The date of --usd-per-btc.")] = None,
    rate_source: Annotated[str | None, typer.Option(
        help="Where --usd-per-btc comes from (shown with the figures).")] = None,
    case: MarketsCaseOpt = None,
    source: SourceOpt = None,
    encoding: EncodingOpt = None,
    limit: Annotated[int | None, limit_option(30, "Rows")] = None,
    all_rows: AllOpt = False, as_json: JsonOpt = False, as_csv: CsvOpt = False,
) -> None:
    """Listings per (ships-from, ships-to) with median and total price in BTC, and the
    domestic share: of the listings with one origin and a destination read, those that
    ship only inside the origin. "Worldwide" and declared regions stay as declared.
    With --case: the case's Agora listings (each listing once), the flows kept in the
    case as MarketFlow statements."""
    from tnoc.markets.flows import UsdRate, flow_matrix

    given = [usd_per_btc is not None, bool(rate_date), bool(rate_source)]
    if any(given) and not all(given):
        raise typer.BadParameter("a USD conversion needs --usd-per-btc, --rate-date and "
                                 "--rate-source together", param_hint="--usd-per-btc")
    if usd_per_btc is not None and not (math.isfinite(usd_per_btc) and usd_per_btc > 0):
        raise typer.BadParameter(f"{usd_per_btc}: expected US dollars per bitcoin, a "
                                 "number above zero", param_hint="--usd-per-btc")
    if rate_date:
        try:
            date.fromisoformat(rate_date)
        except ValueError:
            raise typer.BadParameter(f"{rate_date!r}: expected the day of the rate as "
                                     "YYYY-MM-DD", param_hint="--rate-date") from None
    rate = (UsdRate(usd_per_btc, rate_date or "", rate_source or "")
            if usd_per_btc is not None else None)
    in_case = crawl_files_or_case(bool(files), case, "crawl file(s)", encoding)
    if in_case is not None:
        _flows_in_case(in_case, by.value, rate, source, limit, all_rows, as_json, as_csv)
        return
    assert files  # files_or_case refused neither
    _show_flows(flow_matrix(_read(files, encoding), by.value, rate), limit, all_rows,
                as_json, as_csv, {"files": [p.name for p in files]})


@recorded("markets flows")
def _flows_in_case(case: Path, by: str, rate: Any, source: list[str] | None,
                   limit: int | None, all_rows: bool, as_json: bool, as_csv: bool) -> None:
    from tnoc.markets.case import case_flows, save_flows

    listings, sources = _case_listings(case, source)
    matrix, countries = case_flows(listings, by, rate)
    run = keep_in_case(case, lambda con, root: save_flows(con, root, sources, matrix, countries))
    fmt = output_format(as_json, as_csv)
    _show_flows(matrix, limit, all_rows, as_json, as_csv,
                {"files": sorted({i.listing.file for i in listings}), "sources": sources,
                 "counting": "each listing of a source once", "run_id": run})
    note(fmt, f"Kept in the case as analysis run market-flows-{run}." if run
          else "Research mode: nothing kept in the case.")


def _show_flows(matrix: Any, limit: int | None, all_rows: bool, as_json: bool,
                as_csv: bool, extra: dict[str, Any]) -> None:
    fmt = output_format(as_json, as_csv)
    rate = matrix.rate
    columns: list[Column | str] = [
        Column("from", "origin"), Column("to", "destination"), Column("listings", fmt=","),
        Column("priced", fmt=","), Column("median BTC", "median_btc", fmt=".4f"),
        Column("total BTC", "total_btc", fmt=",.2f"), "domestic"]
    if rate:
        columns += [Column("median USD", "median_usd", fmt=",.2f"),
                    Column("total USD", "total_usd", fmt=",.0f")]
    rows: list[list[object]] = []
    for f in matrix.flows:
        row: list[object] = [f.origin, f.destination, f.listings, f.priced,
                             None if f.median_btc is None else round(f.median_btc, 8),
                             round(f.total_btc, 8) if f.priced else None, f.domestic]
        if rate:
            row += [None if f.median_btc is None else round(f.median_btc * rate.usd_per_btc, 2),
                    round(f.total_btc * rate.usd_per_btc, 2) if f.priced else None]
        rows.append(row)
    facts: dict[str, Any] = {
        "by": matrix.by, "listings": matrix.listings, "domestic": matrix.domestic,
        "with_destination": matrix.with_destination, "several": matrix.several,
        "counting_places": "a listing naming several places counts in each of its "
                           "flows, once in 'listings'",
        "domestic_share": None if matrix.domestic_share is None
        else round(matrix.domestic_share, 4),
        "priced": sum(f.priced for f in matrix.flows),
        "currency": "BTC as listed" + (
            f"; USD at {rate.usd_per_btc:,} per BTC on {rate.date} ({rate.source})"
            if rate else ""), **extra}
    if fmt is Format.TABLE:
        _say(f"{matrix.listings:,} listings; domestic share "
              f"{_share(matrix.domestic_share, fmt)} ({matrix.domestic:,} of "
              f"{matrix.with_destination:,} with one origin and a destination read); "
              + (f"{matrix.several:,} listings name several places and count in each of "
                 "their flows, once in the total; " if matrix.several else "")
              + (f"prices: {facts['currency']}" if facts["priced"] else
                 "prices: none (these files give price ranges, not prices)"))
    shown = row_limit(limit, all_rows, 30, fmt)
    print_listing(Listing(columns, rows if shown is None else rows[:shown], total=len(rows),
                          what="flows"), fmt, extra=facts)


class Measure(StrEnum):
    """What ``tnoc markets dynamics`` counts."""

    vendors = "vendors"
    listings = "listings"


@markets_app.command("dynamics")
def dynamics(
    counts: Annotated[Path | None, typer.Option(
        help="Crawl counts (date, p = listings, vendor); default: Agora 2014-2015 "
             "(examples/data/markets).", show_default=False)] = None,
    uptime: Annotated[Path | None, typer.Option(
        help="The market's hours down per day (date, hours_down, ...); default: Agora's "
             "with the default counts.", show_default=False)] = None,
    measure: Annotated[Measure, typer.Option(help="Count vendors or listings.")]
    = Measure.vendors,
    share: Annotated[float, typer.Option(
        help="A crawl is complete when its count is at least this share of the largest "
             "count within --window days.")] = 0.8,
    window: Annotated[int, typer.Option(
        help="Days (centred) the largest count is taken over.")] = 31,
    alpha: Annotated[float, typer.Option(
        help="Significance a break must reach (Chow's nominal p at the sup-F split).")]
    = 0.01,
    case: MarketsCaseOpt = None,
    source: SourceOpt = None,
    encoding: EncodingOpt = None,
    limit: Annotated[int | None, limit_option(30, "Rows")] = None,
    all_rows: AllOpt = False, as_json: JsonOpt = False, as_csv: CsvOpt = False,
) -> None:
    """Market size per crawl, each crawl judged complete or not against the largest
    count near it; breaks in the series of complete crawls (binary segmentation with
    Chow's test), and in the uncorrected series for comparison. With --case: distinct
    listings and vendors per crawl date of the case's Agora listings, the breaks kept
    in the case as MarketBreak statements."""
    from tnoc.markets.dynamics import (
        complete_crawls,
        read_crawl_counts,
        read_uptime,
        with_uptime,
        without_count,
    )

    if not 0 < alpha < 1:
        raise typer.BadParameter("expected a p-value between 0 and 1", param_hint="--alpha")
    in_case = crawl_files_or_case(counts is not None or uptime is not None, case,
                                  "crawl counts", encoding, required=False)
    if in_case is not None:
        _dynamics_in_case(in_case, measure.value, share, window, alpha, source, limit,
                          all_rows, as_json, as_csv)
        return
    if encoding is not None and counts is None and uptime is None:
        raise ArgumentError("--encoding is how the --counts and --uptime files are read; "
                            "give one of them (the shipped Agora files are UTF-8)")
    from tnoc.markets.crawl_files import ReadingNotes

    notes = ReadingNotes()  # the encoding given applies to the files given, not defaults
    crawls = read_crawl_counts(counts or DATA / "agora_crawl_counts_2014-2015.csv",
                               encoding if counts is not None else None, notes)
    uptime_read = uptime or (None if counts else DATA / "agora_uptime_2014-2015.csv")
    if uptime_read is not None:
        crawls = with_uptime(crawls, read_uptime(
            uptime_read, encoding if uptime is not None else None, notes))
    say_reading(notes)
    if uptime_read is None:
        # the shipped record of hours down goes with the shipped counts, not with others
        note(output_format(as_json, as_csv),
             "hours down: none read (give the market's with --uptime FILE; the shipped "
             "record goes with the shipped counts)")
    points = complete_crawls(crawls, measure.value, share, window)
    uncounted = [c.date.isoformat() for c in without_count(crawls, measure.value)]
    _show_dynamics(points, measure.value, share, window, alpha, limit, all_rows, as_json,
                   as_csv, {"crawls_in_file": len(crawls), "without_count": uncounted,
                            "uptime": None if uptime_read is None else str(uptime_read)})


@recorded("markets dynamics")
def _dynamics_in_case(case: Path, measure: str, share: float, window: int, alpha: float,
                      source: list[str] | None, limit: int | None, all_rows: bool,
                      as_json: bool, as_csv: bool) -> None:
    from tnoc.markets.case import FoundBreak, crawl_counts, save_dynamics
    from tnoc.markets.dynamics import complete_crawls

    listings, sources = _case_listings(case, source)
    _one_kind_of_crawl(listings)
    points = complete_crawls(crawl_counts(listings), measure, share, window)
    facts = _show_dynamics(points, measure, share, window, alpha, limit, all_rows, as_json,
                           as_csv, {"files": sorted({i.listing.file for i in listings}),
                                    "sources": sources}, keep=True)
    corrected, uncorrected = ([FoundBreak(str(b["date"]), float(b["f"]), float(b["p"]))
                               for b in facts[key]] for key in ("breaks", "breaks_uncorrected"))
    run = keep_in_case(case, lambda con, root: save_dynamics(
        con, root, sources, measure, str(facts["correction"]), alpha, points, corrected,
        uncorrected))
    facts["run_id"] = run
    _print_dynamics(points, limit, measure, all_rows, as_json, as_csv, facts)
    note(output_format(as_json, as_csv),
          f"Kept in the case as analysis run market-dynamics-{run}." if run
          else "Research mode: nothing kept in the case.")


def _one_kind_of_crawl(listings: list[Any]) -> None:
    """Refuse a series mixing kinds of crawl (:func:`tnoc.markets.case.crawl_kinds`):
    their counts are not one market's size over time."""
    from tnoc.markets.case import crawl_kinds

    kinds = crawl_kinds(listings)
    if len(set(kinds.values())) < 2:
        return
    files: dict[str, set[str]] = {}
    for item in listings:
        files.setdefault(kinds[item.source_id], set()).add(item.listing.file)
    found = "; ".join(f"{kind}: {', '.join(sorted(names))}"
                      for kind, names in sorted(files.items()))
    raise ArgumentError("the case's crawls are of different kinds, whose counts are not "
                        f"one market series ({found}); choose crawls of one kind with "
                        "--source FILE (repeatable)")


def _show_dynamics(points: list[Any], measure: str, share: float, window: int, alpha: float,
                   limit: int | None, all_rows: bool, as_json: bool, as_csv: bool,
                   extra: dict[str, Any], keep: bool = False) -> dict[str, Any]:
    """The breaks of ``points`` and the headline facts; printed with the crawls unless
    ``keep`` (the caller prints once the run id is known)."""
    from tnoc.assess.breaks import find_breaks
    from tnoc.assess.series import CountSeries
    from tnoc.markets.dynamics import partial_windows

    def breaks(kept: list[Any]) -> list[dict[str, object]]:
        series = CountSeries(measure, "per crawl", [p.date.isoformat() for p in kept],
                             [float(p.count) for p in kept])
        return [{"date": b.period, "f": round(b.f, 2), "p": float(f"{b.p:.3g}")}
                for b in find_breaks(series, alpha)]

    complete = [p for p in points if p.complete]
    facts: dict[str, Any] = {
        "measure": measure, "crawls": len(points), "complete_crawls": len(complete),
        "window": window,
        "partial_window": [d.isoformat() for d in partial_windows(points, window)],
        "correction": f"a crawl is complete when its {measure} count is at least "
                      f"{share:g} of the largest within {window} days centred on it",
        "breaks": breaks(complete), "breaks_uncorrected": breaks(points), **extra}
    if not keep:
        _print_dynamics(points, limit, measure, all_rows, as_json, as_csv, facts)
    return facts


def _print_dynamics(points: list[Any], limit: int | None, measure: str, all_rows: bool,
                    as_json: bool, as_csv: bool, facts: dict[str, Any]) -> None:
    fmt = output_format(as_json, as_csv)
    down = [p for p in points if p.implausible_down]
    facts["implausible_hours_down"] = [p.date.isoformat() for p in down]
    if fmt is Format.TABLE:
        _say(f"{facts['complete_crawls']:,} of {len(points):,} crawls complete "
             f"({facts['correction']})")
        if facts.get("without_count"):
            left = facts["without_count"]
            _say(f"{len(left):,} of the file's {facts['crawls_in_file']:,} crawls have no "
                 f"{measure} count (NA) and are left out: {', '.join(left)}")
        edges = facts.get("partial_window") or []
        if edges:
            _say(f"{len(edges):,} crawl(s) within {facts['window'] // 2} days of the "
                 "series' first or last are judged on the part of their window the "
                 f"series covers: {', '.join(edges)}")
        if down:
            _say(f"{len(down):,} crawl(s) on a day the uptime record gives more than 24 "
                 "hours down (implausible; flagged): " + ", ".join(
                     f"{p.date.isoformat()} ({p.hours_down:g} h)" for p in down))
        for label, key in (("breaks (complete crawls)", "breaks"),
                           ("breaks (every crawl, uncorrected)", "breaks_uncorrected")):
            found = "; ".join(f"{b['date']} (F {b['f']}, p {b['p']})" for b in facts[key])
            _say(f"{label}: {found or 'none'}")
    rows = [[p.date.isoformat(), p.count, p.local_max, p.shown_completeness, p.complete,
             p.hours_down, "over 24 h: implausible" if p.implausible_down else ""]
            for p in points]
    shown = row_limit(limit, all_rows, 30, fmt)
    print_listing(Listing(
        [Column("crawl date", "date"), Column(measure, "count", fmt=","),
         Column("largest near", "local_max", fmt=","),
         Column("completeness", fmt=".4f"), "complete",
         Column("market hours down", "hours_down"), Column("down flag", "down_flag")],
        rows if shown is None else rows[:shown], total=len(rows), what="crawls"),
        fmt, extra=facts)


def register(app: typer.Typer) -> None:
    """Add ``tnoc markets`` (with its ``vendors`` group) to the program."""
    import tnoc.cli.markets_vendors  # noqa: F401  (adds `markets vendors` to markets_app)

    app.add_typer(markets_app, name="markets")
