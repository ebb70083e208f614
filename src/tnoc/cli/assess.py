"""``tnoc assess`` and ``tnoc report``: threat assessment (thin: parse, call
:mod:`tnoc.assess`, print)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tnoc.cli.common import (
    AllOpt,
    CaseOpt,
    Column,
    CsvOpt,
    ForceOpt,
    Format,
    JsonOpt,
    Listing,
    _open,
    _progress,
    command_group,
    console,
    cut,
    err,
    limit_option,
    notes_console,
    output_format,
    print_listing,
    research_mode,
    row_limit,
    safe_markup,
    write_csv,
)
from tnoc.cli.recorded import recorded
from tnoc.errors import TnocError

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.figure import Figure

EVERY_GROUP = 2**62
"""Profile every malware family, vendor and laundering network, not only the largest:
a group ranked low by size may score high on harm."""

assess_app = command_group(
    help="Threat assessment: trends and alarms over the case's statistics and feeds, "
         "emerging threats, where the infrastructure is, flows, and harm-based priorities. "
         "'tnoc report' puts it all in one HTML/PDF document.",
    no_args_is_help=True)


@assess_app.command("indicators")
def assess_indicators(
    case: CaseOpt = Path("."),
    limit: Annotated[int | None, limit_option(50, "Indicators")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The statistical indicators in the case (what 'tnoc assess trends' can read), with
    their number of observations."""
    from tnoc.assess.series import indicators

    with _open(case).connect(read_only=True) as con:
        rows = indicators(con)
    if not rows:
        raise TnocError("no statistics in the case: ingest e.g. 'tnoc ingest ic3_counts FILE'")
    fmt = output_format(as_json, as_csv)
    shown, total = cut(rows, row_limit(limit, all_rows, 50, fmt))
    print_listing(Listing(["indicator", "observations"], shown, total=total,
                          what="indicators"), fmt)


@assess_app.command("trends")
@recorded("assess trends", writes=("csv",))
def assess_trends(
    indicator: Annotated[str, typer.Argument(help="Indicator, e.g. 'IC3 complaints' "
                                             "(see 'tnoc assess indicators').")],
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    by: Annotated[str, typer.Option(help="One series per: category, subcategory, item, "
                                    "country, breakdown or total.")] = "category",
    where: Annotated[list[str] | None, typer.Option(
        help="Keep observations with DIMENSION=VALUE (repeatable).")] = None,
    last: Annotated[int | None, typer.Option(help="Test only the last N periods.")] = None,
    alarm: Annotated[str, typer.Option(help="Alarm method: farrington, negbin, ears-c1, "
                                       "ears-c2, ears-c3, cusum.")] = "farrington",
    monthly: Annotated[bool, typer.Option(
        "--monthly", help="Per calendar month, for tables published per fiscal year and "
        "month (CBP: 'fiscal month=APR' in the breakdown; US federal year from October)."
        )] = False,
    limit: Annotated[int | None, typer.Option(
        "--limit", "--top", min=0, show_default=False,
        help="Series to print (default: every one).")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    csv: Annotated[Path | None, typer.Option(
        help="Write every series here as CSV ('-': to standard output).")] = None,
) -> None:
    """Mann–Kendall trend and Sen's slope per series, its newest value and that
    period's alarm, and the category seams (renames, mergers, new categories) that
    break comparability. With --last N the trend and the alarms reported both keep to
    the last N periods; a category with no value in the newest period is marked as
    discontinued, not judged.

    Examples: tnoc assess trends "IC3 complaints" --last 5 -c CASE;
    tnoc assess trends "drug seizures (lbs)" --monthly --last 24 -c CASE"""
    from tnoc.assess.breaks import seams
    from tnoc.assess.series import observation_series, parse_where
    from tnoc.assess.trends import assess_series

    with _open(case).connect(read_only=True) as con:
        by_series = observation_series(con, indicator, by=by, where=parse_where(where),
                                       fiscal_year_start=10 if monthly else None)
        found = seams(con, indicator, by_series) if by == "category" and not monthly else []
    read = {name: assess_series(series, alarm, last=last) for name, series in
            by_series.items()}
    window = next(iter(read.values())).window if read else []
    span = f"{window[0]}–{window[-1]}" if window else ""
    rows = []
    for name, r in read.items():
        t, a = r.trend, r.alarm
        if a is not None:
            verdict = (f"ALARM (bound {a.threshold:,.0f})" if a.alarm
                       else f"< {a.threshold:,.0f}")
        else:
            verdict = (f"no {r.window[-1]} value" if r.newest_period and not r.current
                       else "not judged")
        rows.append([name, t.n, t.trend, "" if t.p is None else f"{t.p:.3f}",
                     "" if t.slope is None else f"{t.slope:+,.1f}",
                     "" if r.newest_period is None
                     else f"{r.newest_period}: {r.newest_value or 0:,.0f}",
                     verdict, "; ".join([*r.notes, *t.notes])])
    columns: list[Column | str] = [by, "points", "trend", "p",
                                   Column("Sen slope/period", "sen_slope"), "newest",
                                   "alarm", "notes"]
    fmt = output_format(as_json, str(csv) == "-")
    seam_rows = [(x.period, x.category, x.kind, x.description,
                  (f"{x.level_before:,.0f} → " if x.level_before is not None else "– → ")
                  + (f"{x.level_after:,.0f}" if x.level_after is not None else "–"),
                  "likely" if x.likely_merger else "") for x in found]
    seam_columns: list[Column | str] = [
        "from", "category", "kind", Column("what changed", "description"),
        Column("level before → after", "levels"), Column("merger?", "merger")]
    if fmt is not Format.CSV:
        shown, total = cut(rows, row_limit(limit, all_rows, 0, fmt) or None)
        title = (f"{indicator}: trends over {span}"
                 + (f" (last {last} periods)" if last else "") + f"; {alarm} alarms")
        seams_listing = Listing(seam_columns, seam_rows, title="Category seams",
                                what="seams")
        print_listing(Listing(columns, shown, total=total, title=title, what="series"),
                      fmt, extra={"indicator": indicator, "by": by, "alarm_method": alarm,
                                  "periods": [str(p) for p in window],
                                  "seams": seams_listing.document()["rows"]})
        if seam_rows and fmt is Format.TABLE:
            print_listing(seams_listing, fmt)
    if csv:
        write_csv(csv, [c if isinstance(c, str) else c.name for c in columns], rows)
        if fmt is not Format.CSV:
            notes_console(fmt).print(f"written to {csv}", markup=False, highlight=False)


@assess_app.command("emerging")
@recorded("assess emerging")
def assess_emerging(
    indicator: Annotated[str, typer.Argument(help="Indicator, e.g. 'IC3 reported losses'.")],
    case: CaseOpt = Path("."),
    by: Annotated[str, typer.Option(help="Series per category, item, country...")] = "category",
    window: Annotated[int, typer.Option(help="Recent periods the trend test uses.")] = 5,
    limit: Annotated[int | None, limit_option(20, "Threats")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Categories rising now, ranked by evidence (trend and alarm), with the numbers.
    --json and --csv add the trend and the newest period's alarm as separate fields.
    The list is kept in the case (an ``EmergingThreat`` per row, pointing at the
    observations its tests read) for the observations' dossiers; in research mode
    nothing is kept."""
    from tnoc.assess.emerging import emerging_threats, save_emerging
    from tnoc.assess.series import observation_series

    opened = _open(case)
    with opened.connect(read_only=True) as con:
        series = observation_series(con, indicator, by=by)
    listed = emerging_threats(series, window=window)
    if not research_mode(case):  # kept: each observation's dossier names its threat
        with opened.transaction() as con:
            save_emerging(con, opened.root, indicator, by, window, listed, series)
    fmt = output_format(as_json, as_csv)
    if not listed and fmt is Format.TABLE:
        console.print("No category rises or alarms in the newest period.")
        return
    shown, total = cut(listed, row_limit(limit, all_rows, 20, fmt))
    if fmt is Format.TABLE:  # the evidence in words, one line per test
        columns: list[Column | str] = [Column("#", count=False), by, "signals", "evidence"]
        rows: list[list[object]] = [[i, t.category, t.signals, "\n".join(t.evidence)]
                                    for i, t in enumerate(shown, 1)]
    else:  # the same, and its figures as fields a program can read
        columns = [Column("rank", count=False), by, "signals", "trend", "tau", "p", "sen_slope",
                   "latest_period", "latest_value", "expected", "bound", "alarm",
                   "evidence"]
        rows = [[i, t.category, t.signals, t.trend.trend, t.trend.tau, t.trend.p,
                 t.trend.slope, t.latest_period, t.latest_value, t.latest_expected,
                 t.latest_threshold, t.latest_alarm,
                 t.evidence if fmt is Format.JSON else "\n".join(t.evidence)]
                for i, t in enumerate(shown, 1)]
    print_listing(Listing(columns, rows, total=total, what="emerging threats",
                          title=f"Emerging threats: {indicator}"), fmt,
                  extra={"indicator": indicator, "by": by, "window": window})


@assess_app.command("where")
@recorded("assess where", writes=("csv",))
def assess_where(
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    group: Annotated[str | None, typer.Option(
        help="Per group: 'malware family', 'darknet vendor' or 'holder'.")] = None,
    method: Annotated[str | None, typer.Option(
        help="Only one locator: 'ip registry', 'ip geolocation', 'place text', "
             "'phone', 'attributed holder'.")] = None,
    top: Annotated[int | None, limit_option(30)] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    csv: Annotated[Path | None, typer.Option(
        help="Write every row here as CSV ('-': to standard output).")] = None,
) -> None:
    """Where the case's IPs, phones, ships-from places and attributed wallets are, per
    country (offline: RIR registry, GeoLite2, libphonenumber); most entities first."""
    from tnoc.assess.geo import locate_case, where_summary

    with _open(case).connect(read_only=True) as con:
        with _progress() as progress:
            progress.add_task("locating", total=None)
            located = locate_case(con)
        rows = where_summary(con, located, group, method)
    n = located.rows
    fmt = output_format(as_json, str(csv) == "-")
    notes_console(fmt).print(f"{n:,} locations from the case.")
    keys = list(rows[0]) if rows else ["country", "entities"]
    if fmt is not Format.CSV:
        shown, total = cut(rows, row_limit(top, all_rows, 30, fmt))
        print_listing(Listing(keys, [list(r.values()) for r in shown], total=total,
                              what="rows"), fmt, extra={"locations": n})
    if csv:
        write_csv(csv, keys, [list(r.values()) for r in rows])


@assess_app.command("flows")
@recorded("assess flows", writes=("plot", "sankey"))
def assess_flows(
    kind: Annotated[str, typer.Argument(help="'listings' (darknet ships-from → to) or "
                                        "'victims' (GLOTIP citizenship → detection).")],
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    since: Annotated[int | None, typer.Option(help="Victims: first year.")] = None,
    top: Annotated[int | None, limit_option(
        20, "Flows, and place texts not read as a place,")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    plot: Annotated[Path | None, typer.Option(
        help="Draw the flows printed (default the 20 largest) as a flow map "
             "(.png/.svg).")] = None,
    sankey: Annotated[Path | None, typer.Option(
        help="Draw the flows printed (default the 20 largest) as a Sankey diagram "
             "(.png/.svg).")] = None,
) -> None:
    """Origin-to-destination flows, largest first, with every text not read as a place
    counted; drawn as a flow map (--plot) or a Sankey diagram (--sankey). --json gives
    the unread place texts too; --csv the flows alone."""
    from tnoc.assess.flows import listing_flows, victim_flows
    from tnoc.store.derived import derived_handling_code

    with _open(case).connect(read_only=True) as con:
        if kind == "listings":
            matrix = listing_flows(con)
        elif kind == "victims":
            matrix = victim_flows(con, since=since)
        else:
            raise TnocError(f"unknown flow kind {kind!r}; one of listings, victims")
        # what a drawing shows in its corner and file: the strictest code of the flows'
        # sources, at least TLP:AMBER (tnoc.graph.marking)
        handling = derived_handling_code(con, matrix.source_ids())
    fmt = output_format(as_json, as_csv)
    limit = row_limit(top, all_rows, 20, fmt)
    flows, total = cut(matrix.top(len(matrix.flows)), limit)
    unread, unread_total = cut(matrix.unresolved.most_common(), limit)
    unread_listing = Listing(["text", "records"], unread, total=unread_total,
                             title="Not read as a place", what="texts not read as a place")
    print_listing(Listing(
        ["origin", "destination", Column(matrix.unit, "weight", fmt=",.1f"), "records"],
        [(f.origin, f.destination, f.weight, f.records) for f in flows], total=total,
        title=matrix.title, what="flows"), fmt,
        extra={"unit": matrix.unit,
               "not_read_as_a_place": unread_listing.document()})
    if unread and fmt is Format.TABLE:
        print_listing(unread_listing, fmt)
    elif unread_total and fmt is Format.CSV:
        err.print(f"{unread_total:,} texts not read as a place "
                  f"({sum(matrix.unresolved.values()):,} records); --json lists them",
                  highlight=False)
    drawn = matrix.top(row_limit(top, all_rows, 20, Format.TABLE) or len(matrix.flows))
    charts: list[tuple[Path, Callable[..., Figure], str]] = []
    if plot:
        from tnoc.assess.maps import flow_map

        charts.append((plot, flow_map, ""))
    if sankey:
        from tnoc.assess.charts import sankey as sankey_chart

        charts.append((sankey, sankey_chart, "Sankey diagram of "))
    edges = [(f.origin, f.destination, f.weight) for f in drawn]
    if charts:
        from tnoc.graph.marking import write_figure
    for path, draw, what in charts:  # one way to write either drawing, whole or not at all
        write_figure(draw(edges, matrix.title, matrix.unit, handling=handling), path)
        notes_console(fmt).print(f"{what}{len(drawn):,} of {len(matrix.flows):,} flows "
                                 f"drawn to {path}", markup=False, highlight=False)


@assess_app.command("priorities")
@recorded("assess priorities", reads=("scheme",))
def assess_priorities(
    case: CaseOpt = Path("."),
    scheme: Annotated[Path | None, typer.Option(
        help="Priority scheme YAML (default: TNOC's illustrative scheme).")] = None,
    top: Annotated[int | None, limit_option(20, "Groups, highest priority first,")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Every group the case holds (networks, malware families, darknet vendors,
    laundering networks from the stored typology alerts) scored by a weighted-factor
    scheme, highest priority first, with each factor's level and confidence, and the
    countermeasures for the groups printed under the 4Ps and the 5Ds. --json gives the
    countermeasures too; --csv the priorities alone."""
    from tnoc.assess.countermeasures import countermeasures
    from tnoc.assess.geo import locate_case
    from tnoc.assess.groups import case_profiles
    from tnoc.assess.harm import load_scheme, prioritise

    chosen = load_scheme(scheme)
    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con, _progress() as progress:
        progress.add_task("profiling groups", total=None)
        located = locate_case(con)
        profiles = case_profiles(con, located, EVERY_GROUP)
        if not profiles:
            raise TnocError("no networks, malware feeds, market listings or stored "
                            "typology alerts in the case")
        ranked, total = cut(prioritise(profiles, chosen), row_limit(top, all_rows, 20, fmt))
        by_key = {p.key: p for p in profiles}
        options = countermeasures([by_key[p.group] for p in ranked], con, located)
    factors = [f.name for f in chosen.factors]
    levels = Listing(
        [Column("#", count=False), "group",
         Column("score", fmt=".2f"), Column("evidenced", "coverage", fmt=".0%"),
         *factors],
        [(i, p.group, p.score, p.coverage,
          *[f"{f.level}{f.confidence}" if f.level else "gap" for f in p.factors])
         for i, p in enumerate(ranked, 1)], total=total, title=chosen.name, what="groups")
    measures = Listing(["group", Column("4P", "p"), Column("5D", "d"), "option", "impact",
                        "evidence"],
                       [(o.group, o.p, o.d, o.action, o.impact, o.evidence) for o in options],
                       title="Countermeasures", what="countermeasures")
    print_listing(levels, fmt, extra={"scheme": chosen.name, "factors": factors,
                                      "countermeasures": measures.document()["rows"]})
    notes_console(fmt).print("Not an agency's official scheme: see docs/assess.md for "
                             "its scales.", highlight=False)
    if fmt is Format.TABLE:  # the evidence behind each option is in --json
        print_listing(Listing(measures.columns[:5], [r[:5] for r in measures.rows],
                              title=f"Countermeasures for the {len(ranked):,} groups "
                                    "above"), fmt)


@recorded("report", reads=("scheme",), outputs=("out",))
def report(
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    out: Annotated[Path | None, typer.Option(
        help="HTML file (default CASE/reports/threat-assessment.html).")] = None,
    pdf: Annotated[bool, typer.Option(help="Also print to PDF (WeasyPrint).")] = True,
    scheme: Annotated[Path | None, typer.Option(help="Priority scheme YAML.")] = None,
) -> None:
    """Write the threat assessment: summary, trends with charts, maps, network figures,
    group priorities, countermeasures, data gaps, and footnotes tracing every figure to
    its source files and rows. Works offline; the run is recorded in the case."""
    from tnoc.assess.report import write_report
    from tnoc.assess.wording import category_label

    if out is not None and pdf:  # the PDF goes beside the HTML: the same rules hold
        from tnoc.safe_write import check_output

        check_output(out.with_suffix(".pdf"), force, "output")
    with _progress() as progress:
        task = progress.add_task("assessing", total=None)
        files = write_report(_open(case), out, pdf, scheme,
                             lambda m: progress.update(task, description=m))
    a = files.assessment
    console.print(f"[bold]{safe_markup(files.html)}[/]"
                  + (f" and {safe_markup(files.pdf)}" if files.pdf else ""), markup=True)
    console.print(f"{len(a.figures)} figures, {len(a.footnotes)} footnotes, "
                  f"{len(a.sources)} sources, {len(a.gaps)} data gaps; "
                  f"recorded as {files.source_id}")
    for line in a.summary:  # as the report shows it (the run record keeps it as is)
        console.print(f"• {category_label(line)}")
