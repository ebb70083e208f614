"""``tnoc assess`` and ``tnoc report``: threat assessment (thin: parse, call
:mod:`tnoc.assess`, print)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tnoc.cli_common import (
    AllOpt,
    CaseOpt,
    Format,
    JsonOpt,
    Listing,
    _open,
    _progress,
    console,
    cut,
    limit_option,
    notes_console,
    output_format,
    print_listing,
    row_limit,
    write_csv,
)
from tnoc.cli_recorded import recorded
from tnoc.errors import TnocError

assess_app = typer.Typer(
    help="Threat assessment: trends and alarms over the case's statistics and feeds, "
         "emerging threats, where the infrastructure is, flows, and harm-based priorities. "
         "'tnoc report' puts it all in one HTML/PDF document.",
    no_args_is_help=True)


@assess_app.command("indicators")
def assess_indicators(case: CaseOpt = Path(".")) -> None:
    """The statistical indicators in the case (what 'tnoc assess trends' can read)."""
    from tnoc.assess.series import indicators

    with _open(case).connect(read_only=True) as con:
        rows = indicators(con)
    if not rows:
        raise TnocError("no statistics in the case: ingest e.g. 'tnoc ingest ic3_counts FILE'")
    table = Table("indicator", "observations")
    for name, n in rows:
        table.add_row(name, f"{n:,}")
    console.print(table)


def _parse_where(where: list[str] | None) -> dict[str, str]:
    out = {}
    for item in where or []:
        if "=" not in item:
            raise TnocError(f"--where {item!r}: expected DIMENSION=VALUE, e.g. country=us")
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out


@assess_app.command("trends")
@recorded("assess trends", writes=("csv",))
def assess_trends(
    indicator: Annotated[str, typer.Argument(help="Indicator, e.g. 'IC3 complaints' "
                                             "(see 'tnoc assess indicators').")],
    case: CaseOpt = Path("."),
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
    csv: Annotated[Path | None, typer.Option(help="Write the results here.")] = None,
) -> None:
    """Mann–Kendall trend and Sen's slope per series, its newest value and that
    period's alarm, and the category seams (renames, mergers, new categories) that
    break comparability. With --last N the trend and the alarms reported both keep to
    the last N periods; a category with no value in the newest period is marked as
    discontinued, not judged.

    Examples: tnoc assess trends "IC3 complaints" --last 5 -c CASE;
    tnoc assess trends "drug seizures (lbs)" --monthly --last 24 -c CASE"""
    from tnoc.assess.breaks import seams
    from tnoc.assess.series import observation_series
    from tnoc.assess.trends import assess_series

    with _open(case).connect(read_only=True) as con:
        by_series = observation_series(con, indicator, by=by, where=_parse_where(where),
                                       fiscal_year_start=10 if monthly else None)
        found = seams(con, indicator, by_series) if by == "category" and not monthly else []
    read = {name: assess_series(series, alarm, last=last) for name, series in
            by_series.items()}
    window = next(iter(read.values())).window if read else []
    span = f"{window[0]}–{window[-1]}" if window else ""
    table = Table(by, "points", "trend", "p", "Sen slope/period", "newest", "alarm",
                  "notes", title=f"{indicator}: trends over {span}"
                  + (f" (last {last} periods)" if last else "") + f"; {alarm} alarms")
    rows = []
    for name, r in read.items():
        t, a = r.trend, r.alarm
        if a is not None:
            verdict = (f"ALARM (bound {a.threshold:,.0f})" if a.alarm
                       else f"< {a.threshold:,.0f}")
        else:
            verdict = (f"no {r.window[-1]} value" if r.newest_period and not r.current
                       else "not judged")
        row = [name, t.n, t.trend, "" if t.p is None else f"{t.p:.3f}",
               "" if t.slope is None else f"{t.slope:+,.1f}",
               "" if r.newest_period is None
               else f"{r.newest_period}: {r.newest_value or 0:,.0f}",
               verdict, "; ".join([*r.notes, *t.notes])]
        rows.append(row)
        table.add_row(*[str(x) for x in row])
    console.print(table)
    if found:
        seam_table = Table("from", "category", "kind", "what changed",
                           "level before → after", "merger?", title="Category seams")
        for x in found:
            levels = (f"{x.level_before:,.0f} → " if x.level_before is not None else "– → ") \
                + (f"{x.level_after:,.0f}" if x.level_after is not None else "–")
            seam_table.add_row(x.period, x.category, x.kind, x.description, levels,
                               "likely" if x.likely_merger else "")
        console.print(seam_table)
    if csv:
        write_csv(csv, [by, "points", "trend", "p", "sen_slope", "newest", "alarm", "notes"],
                  rows)
        console.print(f"written to {csv}")


@assess_app.command("emerging")
@recorded("assess emerging")
def assess_emerging(
    indicator: Annotated[str, typer.Argument(help="Indicator, e.g. 'IC3 reported losses'.")],
    case: CaseOpt = Path("."),
    by: Annotated[str, typer.Option(help="Series per category, item, country...")] = "category",
    window: Annotated[int, typer.Option(help="Recent periods the trend test uses.")] = 5,
) -> None:
    """Categories rising now, ranked by evidence (trend and alarm), with the numbers."""
    from tnoc.assess.emerging import emerging_threats
    from tnoc.assess.series import observation_series

    with _open(case).connect(read_only=True) as con:
        listed = emerging_threats(observation_series(con, indicator, by=by), window=window)
    if not listed:
        console.print("No category rises or alarms in the newest period.")
        return
    table = Table("#", by, "signals", "evidence", title=f"Emerging threats: {indicator}")
    for i, t in enumerate(listed, 1):
        table.add_row(str(i), t.category, str(t.signals), "\n".join(t.evidence))
    console.print(table)


@assess_app.command("where")
@recorded("assess where", writes=("csv",))
def assess_where(
    case: CaseOpt = Path("."),
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
            n = locate_case(con)
        rows = where_summary(con, group, method)
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
    since: Annotated[int | None, typer.Option(help="Victims: first year.")] = None,
    top: Annotated[int, typer.Option(help="Flows to print.")] = 20,
    plot: Annotated[Path | None, typer.Option(help="Draw a flow map (.png/.svg).")] = None,
    sankey: Annotated[Path | None, typer.Option(
        help="Draw the --top flows as a Sankey diagram (.png/.svg).")] = None,
) -> None:
    """Origin-to-destination flows, with every unreadable place counted; drawn as a
    flow map (--plot) or a Sankey diagram (--sankey)."""
    from tnoc.assess.flows import listing_flows, victim_flows

    with _open(case).connect(read_only=True) as con:
        if kind == "listings":
            matrix = listing_flows(con)
        elif kind == "victims":
            matrix = victim_flows(con, since=since)
        else:
            raise TnocError(f"unknown flow kind {kind!r}; one of listings, victims")
    table = Table("origin", "destination", matrix.unit, "records", title=matrix.title)
    for f in matrix.top(top):
        table.add_row(f.origin, f.destination, f"{f.weight:,.1f}", str(f.records))
    console.print(table)
    if matrix.unresolved:
        console.print("Not read as a place: " + ", ".join(
            f"{k!r} ({n})" for k, n in matrix.unresolved.most_common(10)))
    if plot:
        from tnoc.assess.maps import flow_map

        flow_map([(f.origin, f.destination, f.weight) for f in matrix.top(top)],
                 matrix.title, matrix.unit).savefig(plot, bbox_inches="tight")
        console.print(f"drawn to {plot}")
    if sankey:
        from tnoc.assess.charts import sankey as sankey_chart

        sankey_chart([(f.origin, f.destination, f.weight) for f in matrix.top(top)],
                     matrix.title, matrix.unit).savefig(sankey, bbox_inches="tight")
        console.print(f"Sankey diagram drawn to {sankey}")


@assess_app.command("priorities")
@recorded("assess priorities", reads=("scheme",))
def assess_priorities(
    case: CaseOpt = Path("."),
    scheme: Annotated[Path | None, typer.Option(
        help="Priority scheme YAML (default: TNOC's illustrative scheme).")] = None,
    top: Annotated[int, typer.Option(
        help="Malware families, vendors and laundering networks profiled (each).")] = 8,
) -> None:
    """Group profiles (networks, malware families, darknet vendors, laundering networks
    from the stored typology alerts) scored by a weighted-factor scheme, with each
    factor's level and confidence, and the countermeasures per group under the 4Ps and
    the 5Ds."""
    from tnoc.assess.countermeasures import countermeasures
    from tnoc.assess.geo import locate_case
    from tnoc.assess.groups import case_profiles
    from tnoc.assess.harm import load_scheme, prioritise

    chosen = load_scheme(scheme)
    with _open(case).connect(read_only=True) as con, _progress() as progress:
        progress.add_task("profiling groups", total=None)
        locate_case(con)
        profiles = case_profiles(con, top)
        options = countermeasures(profiles, con)
    if not profiles:
        raise TnocError("no networks, malware feeds, market listings or stored typology "
                        "alerts in the case")
    table = Table("#", "group", "score", "evidenced", *[f.name for f in chosen.factors],
                  title=chosen.name)
    for i, p in enumerate(prioritise(profiles, chosen), 1):
        table.add_row(str(i), p.group, f"{p.score:.2f}", f"{p.coverage:.0%}",
                      *[f"{f.level}{f.confidence}" if f.level else "gap" for f in p.factors])
    console.print(table)
    console.print("Not an agency's official scheme: see docs/assess.md for its scales.")
    opts = Table("group", "4P", "5D", "option", "impact", title="Countermeasures")
    for o in options:
        opts.add_row(o.group, o.p, o.d, o.action, o.impact)
    console.print(opts)


@recorded("report", reads=("scheme",))
def report(
    case: CaseOpt = Path("."),
    out: Annotated[Path | None, typer.Option(
        help="HTML file (default CASE/reports/threat-assessment.html).")] = None,
    pdf: Annotated[bool, typer.Option(help="Also print to PDF (WeasyPrint).")] = True,
    scheme: Annotated[Path | None, typer.Option(help="Priority scheme YAML.")] = None,
) -> None:
    """Write the threat assessment: summary, trends with charts, maps, network figures,
    group priorities, countermeasures, data gaps, and footnotes tracing every figure to
    its source files and rows. Works offline; the run is recorded in the case."""
    from tnoc.assess.report import write_report

    with _progress() as progress:
        task = progress.add_task("assessing", total=None)
        files = write_report(_open(case), out, pdf, scheme,
                             lambda m: progress.update(task, description=m))
    a = files.assessment
    console.print(f"[bold]{files.html}[/]" + (f" and {files.pdf}" if files.pdf else ""))
    console.print(f"{len(a.figures)} figures, {len(a.footnotes)} footnotes, "
                  f"{len(a.sources)} sources, {len(a.gaps)} data gaps; "
                  f"recorded as {files.source_id}")
    for line in a.summary:
        console.print(f"• {line}")
