"""The threat-assessment report: one self-contained HTML file (and a PDF of it).

:func:`assess` gathers what the case supports — trends and alarms over its statistics
and feeds, emerging threats, category seams, where the infrastructure and supply are,
flows, group profiles, priorities and countermeasures — into an :class:`Assessment`.
:func:`write_report` renders it with the ``report.html`` template to
``reports/threat-assessment.html`` (figures inlined as SVG, so it works offline and
prints), prints it to PDF with WeasyPrint, and records the run in the store
(``analyses/threat-assessment-RUN.json`` and a custody event) so every number in it
can be traced to the run and its inputs.

Every figure and table carries a footnote; every footnote lists the source files
(name, SHA-256 prefix, mapping) and example locators of the statements behind it, and
links to the sources appendix, where each source has an anchor.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from tnoc import __version__
from tnoc.assess import charts, maps
from tnoc.assess.breaks import seams
from tnoc.assess.countermeasures import Option, countermeasures
from tnoc.assess.emerging import EmergingThreat, emerging_threats
from tnoc.assess.flows import FlowMatrix, listing_flows, victim_flows
from tnoc.assess.geo import locate_case, where_summary
from tnoc.assess.groups import case_profiles
from tnoc.assess.harm import Priority, Scheme, load_scheme, prioritise
from tnoc.assess.profiles import GroupProfile
from tnoc.assess.series import CountSeries, event_series, indicators, observation_series
from tnoc.assess.trends import alarms
from tnoc.errors import TnocError
from tnoc.graph.export import labelled_graph
from tnoc.graph.plot import plot_disruption, plot_network
from tnoc.store import Case
from tnoc.store.derived import DerivedStatement, add_analysis

# statistics indicators charted when present: (indicator, group by, unit label)
TREND_INDICATORS = (("IC3 total complaints", "total", "complaints"),
                    ("IC3 complaints", "category", "complaints"),
                    ("IC3 reported losses", "category", "USD"),
                    ("drug seizures", "item", "quantity"))


@dataclass
class Footnote:
    number: int
    text: str
    sources: list[str]
    locators: list[str] = field(default_factory=list)


@dataclass
class Figure:
    title: str
    uri: str
    caption: str
    footnote: int
    kind: str  # the report section: trend, map, network, priority


@dataclass
class Assessment:
    """Everything the report shows, with its footnotes."""

    case_name: str
    created: str
    figures: list[Figure] = field(default_factory=list)
    emerging: dict[str, list[EmergingThreat]] = field(default_factory=dict)
    seams: dict[str, list[Any]] = field(default_factory=dict)
    where: list[dict[str, object]] = field(default_factory=list)
    flows: list[FlowMatrix] = field(default_factory=list)
    profiles: list[GroupProfile] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)  # table name -> footnote
    scheme: Scheme | None = None
    sources: list[dict[str, object]] = field(default_factory=list)

    def cite(self, text: str, sources: list[str], locators: list[str] | None = None) -> int:
        """Add a footnote; returns its number."""
        number = len(self.footnotes) + 1
        self.footnotes.append(Footnote(number, text, sorted(set(sources)),
                                       (locators or [])[:4]))
        return number


def _locators(series: list[CountSeries]) -> list[str]:
    out: list[str] = []
    for s in series:
        for point in s.provenance[-1:]:
            out.extend(f"{src} {loc}" for src, loc in point[:1])
    return out


def _trend_section(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                   ) -> None:
    present = {name for name, _ in indicators(con)}
    for indicator, by, unit in TREND_INDICATORS:
        if indicator not in present:
            a.gaps.append(f"no '{indicator}' statistics in the case: trend not assessed")
            continue
        say(f"trends: {indicator}")
        by_category = observation_series(con, indicator, by=by)
        listed = emerging_threats(by_category)
        a.emerging[indicator] = listed[:10]
        a.notes[f"emerging {indicator}"] = a.cite(
            f"Emerging threats in '{indicator}': Mann–Kendall over the last 5 periods, "
            "Farrington quasi-Poisson bound (z 2.58) on the newest period.",
            [s for x in by_category.values() for s in x.source_ids()],
            _locators([by_category[t.category] for t in listed[:3]]))
        found = seams(con, indicator, by_category)
        shown = [x for x in found if x.kind == "renamed" or x.likely_merger]
        a.seams[indicator] = shown
        if len(found) > len(shown):
            a.gaps.append(f"'{indicator}': {len(found) - len(shown)} categories start after "
                          "others stop with no sign of a merger (new or dropped reporting "
                          "categories); their trends start late")
        latest = sorted((s for s in by_category.values() if s.values[-1] is not None),
                        key=lambda s: -(s.values[-1] or 0.0))[:6]
        results = [alarms(s, "farrington") for s in latest]
        marks = [(x.period, f"merged into {x.category[:18]}") for x in found
                 if x.category in {s.name for s in latest} and x.likely_merger]
        note = a.cite(f"'{indicator}' by {by}, {latest[0].periods[0]}–{latest[0].periods[-1]}"
                      "; the six largest in the newest period.",
                      [s for x in latest for s in x.source_ids()], _locators(latest))
        a.figures.append(Figure(
            indicator if by == "total" else f"{indicator}: the six largest {by} series",
            charts.svg_data_uri(
                charts.trend_chart(latest, results, f"{indicator} ({unit})", marks)),
            "Red triangles: periods above the Farrington bound fitted to the periods "
            "before them. Dotted lines: a category seam (renamed or merged).", note, "trend"))
    _monthly_seizures(con, a, say)
    _feed_trend(con, a, say)


def _monthly_seizures(con: duckdb.DuckDBPyConnection, a: Assessment,
                      say: Callable[[str], None]) -> None:
    """CBP seizures per calendar month (the table is published per fiscal year and
    month), the five drugs with the most pounds seized in the newest month."""
    indicator = "drug seizures (lbs)"
    if indicator not in {name for name, _ in indicators(con)}:
        a.gaps.append("no CBP monthly seizure table in the case: no monthly drug chart")
        return
    say("trends: CBP seizures per month")
    by_drug = observation_series(con, indicator, "category", fiscal_year_start=10)
    latest = sorted((x for x in by_drug.values() if x.values[-1] is not None),
                    key=lambda x: -(x.values[-1] or 0.0))[:5]
    results = [alarms(x, "farrington", baseline=12, window=24) for x in latest]
    flagged = sum(len(r.alarms) for r in results)
    note = a.cite(f"US CBP drug seizures (lbs) per calendar month, "
                  f"{latest[0].periods[0]} to {latest[0].periods[-1]}, summed over field "
                  "offices and sectors; fiscal months read as calendar months (US federal "
                  "year from October). Farrington quasi-Poisson bound fitted to the 24 "
                  "months before each month.",
                  [src for x in latest for src in x.source_ids()], _locators(latest))
    a.figures.append(Figure(
        "US CBP drug seizures per month: the five largest drugs",
        charts.svg_data_uri(charts.trend_chart(latest, results, "Pounds seized per month",
                                               every=6)),
        f"{flagged} month(s) above their Farrington bound (red triangles). Seizure "
        "weights measure enforcement activity as much as trafficking.", note, "trend"))


def _feed_trend(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                ) -> None:
    try:
        feed = event_series(con, "NetworkIndicator", "startDate",
                            where={"threat": "malware_download"})["all"]
    except TnocError:
        a.gaps.append("no malware-distribution feed (URLhaus) in the case")
        return
    say("trends: malware URLs per day")
    recent = CountSeries(feed.name, feed.unit, feed.periods[-120:], feed.values[-120:],
                         feed.provenance[-120:])
    result = alarms(recent, "farrington", window=28)
    note = a.cite("URLhaus malware-distribution URLs by date added (the feed's snapshot: "
                  "URLs still listed when it was collected, so older days are undercounted); "
                  "Farrington bound over the 28 days before each day.",
                  feed.source_ids(), _locators([feed]))
    recent.name = "malware URLs added per day"
    a.figures.append(Figure("Malware-distribution URLs per day (last 120 days)",
                            charts.svg_data_uri(charts.trend_chart(
                                [recent], [result], "URLhaus URLs added per day",
                                every=14)),
                            f"{len(result.alarms)} alarm day(s) in the window.", note, "trend"))


def _geo_section(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                 ) -> None:
    say("where: IPs, phones, places, wallets")
    locate_case(con)
    a.where = where_summary(con, method_prefix="ip registry")[:15]
    c2 = dict(con.execute(
        "SELECT country, count(DISTINCT value) FROM locations l JOIN sources s USING "
        "(source_id) WHERE s.mapping = 'feodotracker' AND method LIKE 'ip registry%' "
        "GROUP BY 1").fetchall())
    if c2:
        sources = [r[0] for r in con.execute("SELECT source_id FROM sources "
                                             "WHERE mapping = 'feodotracker'").fetchall()]
        note = a.cite("Botnet C2 IP addresses (Feodo Tracker) by registry country "
                      "(RIR delegations via iptocc).", sources)
        a.figures.append(Figure("Botnet command-and-control servers by country",
                                charts.svg_data_uri(maps.choropleth(
                                    c2, "Botnet C2 servers by registry country",
                                    "C2 IP addresses")),
                                "Registry country: where the address block is registered, "
                                "not necessarily where the server stands.", note, "map"))
    disagree = con.execute("""
        SELECT count(DISTINCT a.value) FROM locations a JOIN locations b
        ON a.value = b.value AND a.method LIKE 'ip registry%' AND b.method LIKE 'ip geo%'
        WHERE a.country <> b.country""").fetchall()[0][0]
    if disagree:
        a.gaps.append(f"{disagree} IP address(es) whose registry country and GeoLite2 "
                      "geolocated country differ (hosting and anycast): both kept")
    unresolved = con.execute("SELECT count(*) FROM locations WHERE country IS NULL"
                             ).fetchall()[0][0]
    if unresolved:
        a.gaps.append(f"{unresolved} free-text place(s) that name no country (e.g. "
                      "'Torland', 'Internet', 'Undeclared'): reported, not guessed")


def _flow_section(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                  ) -> None:
    say("flows")
    has = {r[0] for r in con.execute("SELECT DISTINCT schema FROM statements").fetchall()}
    if "DarknetListing" in has:
        matrix = listing_flows(con)
        a.flows.append(matrix)
        a.notes[matrix.title] = a.cite(
            "Agora listings; ships-from and ships-to read from the vendors' own words "
            f"({sum(matrix.unresolved.values())} unreadable or unstated place(s) kept as "
            "such).", matrix.source_ids())
        placed = [(f.origin, f.destination, f.weight) for f in matrix.top(len(matrix.flows))
                  if not f.origin.startswith("(") and not f.destination.startswith("(")]
        left_out = sum(f.weight for f in matrix.flows) - sum(w for _, _, w in placed)
        a.figures.append(Figure(
            "Darknet listings: where vendors ship from and to",
            charts.svg_data_uri(charts.sankey(placed[:25], "Listings by ships-from and "
                                              "ships-to (25 largest flows)", matrix.unit)),
            f"Band width: listings. {left_out:,.0f} listing(s) whose origin or destination "
            "is unstated or unreadable are left out of the diagram (see the table).",
            a.notes[matrix.title], "flow"))
    victims = victim_flows(con, since=2018)
    if victims.flows:
        a.flows.append(victims)
        note = a.cite("UNODC GLOTIP detected victims by citizenship and country of "
                      f"detection, 2018 on; {victims.parameters['withheld']} cell(s) "
                      "published as '<5' or similar left out.", victims.source_ids())
        a.notes[victims.title] = note
        top = [(f.origin, f.destination, f.weight) for f in victims.top(30)]
        a.figures.append(Figure("Trafficking victims: citizenship to country of detection",
                                charts.svg_data_uri(maps.flow_map(
                                    top, "Detected trafficking victims, 2018 on (top 30 "
                                    "flows)", "victims")),
                                "Arcs: victims detected abroad; circles: victims detected "
                                "in their own country.", note, "map"))
    else:
        a.gaps.append("no GLOTIP victims-by-citizenship table: no trafficking flow map")


def _group_section(con: duckdb.DuckDBPyConnection, a: Assessment, scheme: Scheme,
                   say: Callable[[str], None]) -> None:
    say("groups: networks, malware families, vendors, laundering networks")
    a.profiles = case_profiles(con, 5)
    if not any(p.kind == "laundering network" for p in a.profiles):
        a.gaps.append("no stored typology run (tnoc money typologies): no laundering "
                      "networks profiled")
    if not a.profiles:
        a.gaps.append("no networks, malware feeds, market listings or typology alerts: "
                      "no group profiles")
        return
    a.priorities = prioritise(a.profiles, scheme)
    a.options = countermeasures(a.profiles, con)
    for p in a.profiles:
        for gap in p.gaps:
            a.gaps.append(f"{p.key}: no evidence of {gap.replace('_', ' ')}")
    sources = sorted({s for p in a.profiles for s in p.sources})
    a.notes["priorities"] = a.cite(f"Priorities under '{scheme.name}' ({scheme.path}); "
                                   "CCHI offence days from the shipped CCHI table.", sources)
    a.figures.append(Figure("Priority matrix", charts.svg_data_uri(
        charts.priority_matrix(a.priorities, "Groups by harm and likelihood")),
        "Marker size: capability. Shaded: harm and likelihood both above 3.5.",
        a.notes["priorities"], "priority"))
    for p in a.profiles:
        if p.projection is None or not p.simulations:
            continue
        note = a.cite(f"Network {p.name}: projected from its source; disruption simulated "
                      "(degree and betweenness removal recomputed after each step; random "
                      "removal mean of 5 runs).", p.sources)
        with tempfile.TemporaryDirectory() as tmp:
            graph = plot_network(labelled_graph(con, p.projection), Path(tmp) / "n.svg",
                                 f"{p.name}: {p.metrics['members']:.0f} actors")
            curves = plot_disruption(list(p.simulations.values()), Path(tmp) / "d.svg",
                                     f"{p.name}: disruption")
            a.figures.append(Figure(f"Network: {p.name}", charts.svg_file_uri(graph),
                                    "Actors sized by degree, coloured by community.", note,
                                    "network"))
            a.figures.append(Figure(f"Disruption of {p.name}", charts.svg_file_uri(curves),
                                    "Largest component after each removal; lower curves "
                                    "fragment the network faster.", note, "network"))


def _sources(con: duckdb.DuckDBPyConnection, a: Assessment) -> None:
    cited = sorted({s for f in a.footnotes for s in f.sources})
    rows = con.execute(
        "SELECT source_id, file_name, sha256, mapping, dataset, collected_at, "
        "handling_code, statements FROM sources WHERE source_id IN $ids ORDER BY file_name",
        {"ids": cited or [""]}).fetchall()
    keys = ("source_id", "file_name", "sha256", "mapping", "dataset", "collected_at",
            "handling_code", "statements")
    a.sources = [dict(zip(keys, r, strict=True)) for r in rows]
    missing = set(cited) - {s["source_id"] for s in a.sources}
    if missing:
        raise TnocError(f"footnotes cite unknown sources: {sorted(missing)}")


def _summary(a: Assessment) -> None:
    for indicator, listed in a.emerging.items():
        if listed:
            top = listed[0]
            a.summary.append(f"{indicator}: '{top.category}' is the strongest emerging "
                             f"threat ({top.latest_value:,.0f} in {top.latest_period}; "
                             f"{top.signals} of 2 signals).")
    for indicator, found in a.seams.items():
        merged = [x for x in found if x.likely_merger]
        for x in merged[:2]:
            a.summary.append(f"{indicator}: '{x.category}' continues {' + '.join(x.before)} "
                             f"from {x.period} (level ratio {x.ratio:.2f}); trends across "
                             "the seam compare definitions, not crime.")
    if a.priorities:
        first = a.priorities[0]
        a.summary.append(f"Highest priority: {first.group} (score {first.score:.1f} of 5, "
                         f"{first.coverage:.0%} of the scheme's weight evidenced).")
    if a.where:
        lead = a.where[0]
        a.summary.append(f"Most located infrastructure is registered in {lead['country']} "
                         f"({lead['entities']} indicators).")
    a.summary.append(f"{len(a.gaps)} data gap(s) qualify these findings (section 7).")


def assess(case: Case, scheme_path: Path | None = None,
           progress: Callable[[str], None] | None = None) -> Assessment:
    """Build the assessment for ``case`` (read-only on the store)."""
    say = progress or (lambda _m: None)
    scheme = load_scheme(scheme_path)
    a = Assessment(case.name, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                   scheme=scheme)
    with case.connect(read_only=True) as con:
        _trend_section(con, a, say)
        _geo_section(con, a, say)
        _flow_section(con, a, say)
        _group_section(con, a, scheme, say)
        _sources(con, a)
    _summary(a)
    return a


def priority_statements(a: Assessment, run_id: str) -> list[DerivedStatement]:
    """Each group's priority as a ``GroupPriority`` entity pointing at the group's
    members, so the priority is in the evidence base (``tnoc show`` on an actor, an
    account or a malware family lists it) and cites this assessment run."""
    members = {p.key: p.members for p in a.profiles}
    kinds = {p.key: p.kind for p in a.profiles}
    out: list[DerivedStatement] = []
    for rank, priority in enumerate(a.priorities, 1):
        pid = f"priority-{run_id}-{rank}"
        loc = f"priority {rank}"
        values = [("id", pid), ("name", f"priority {rank}: {priority.group}"),
                  ("groupKind", kinds[priority.group]), ("scheme", priority.scheme),
                  ("rank", str(rank)), ("score", f"{priority.score:.3f}"),
                  ("coverage", f"{priority.coverage:.3f}")]
        values += [("factorLevel", f"{f.factor}: {f.level} ({f.confidence})" if f.level
                    else f"{f.factor}: gap") for f in priority.factors]
        values += [("member", m) for m in members[priority.group]]
        out += [DerivedStatement(pid, "GroupPriority", prop, value, loc)
                for prop, value in values]
    return out


@dataclass
class ReportFiles:
    html: Path
    pdf: Path | None
    source_id: str
    assessment: Assessment


def render_html(a: Assessment) -> str:
    env = Environment(loader=PackageLoader("tnoc", "templates"),
                      autoescape=select_autoescape(["html"]))
    return env.get_template("report.html").render(a=a, version=__version__)


def write_report(case: Case, out: Path | None = None, pdf: bool = True,
                 scheme_path: Path | None = None,
                 progress: Callable[[str], None] | None = None) -> ReportFiles:
    """Assess ``case``, write the HTML (and PDF) and record the run in the store."""
    say = progress or (lambda _m: None)
    a = assess(case, scheme_path, say)
    out = out or case.reports / "threat-assessment.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = render_html(a)
    tmp = out.with_suffix(".html.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    pdf_path = None
    if pdf:
        say("printing to PDF")
        try:
            from weasyprint import HTML
        except OSError as exc:  # pango missing
            raise TnocError(f"PDF needs WeasyPrint's system libraries (pango): {exc}; "
                            "the HTML is written, or use --no-pdf") from exc
        pdf_path = out.with_suffix(".pdf")
        HTML(string=text, base_url=str(out.parent)).write_pdf(pdf_path)
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    result = {"case": a.case_name, "created": a.created, "scheme": a.scheme.path
              if a.scheme else None, "html": str(out), "pdf": str(pdf_path) if pdf_path
              else None, "summary": a.summary, "gaps": a.gaps,
              "priorities": [{"group": p.group, "score": p.score, "coverage": p.coverage,
                              "factors": [f.__dict__ for f in p.factors]}
                             for p in a.priorities],
              "footnotes": [f.__dict__ for f in a.footnotes]}
    with case.transaction() as con:
        source_id = add_analysis(con, case.root, "threat-assessment", run_id,
                                 json.loads(json.dumps(result, default=str)),
                                 priority_statements(a, run_id),
                                 sorted({s["source_id"] for s in a.sources}))  # type: ignore[misc]
    return ReportFiles(out, pdf_path, source_id, a)
