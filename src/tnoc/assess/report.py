"""The threat-assessment report: one self-contained HTML file (and a PDF of it).

:func:`assess` gathers what the case supports — trends and alarms over its statistics
and feeds, emerging threats, category seams, where the infrastructure and supply are,
flows, group profiles, priorities and countermeasures — into an :class:`Assessment`.
:func:`write_report` renders it with the ``report.html`` template to
``reports/threat-assessment.html`` (figures inlined as SVG, so it works offline and
prints), prints it to PDF with WeasyPrint, and records the run in the store
(``analyses/threat-assessment-RUN.json`` and a custody event) so every number in it
can be traced to the run and its inputs.

Every figure and table carries a footnote; every footnote cites its source files by
name and SHA-256 prefix (never an internal source id or a local path) with example
rows, and links to the numbered sources appendix. The summary opens with key
judgements in the PHIA probability language (:mod:`tnoc.assess.judgements`), numbers
are written by :mod:`tnoc.assess.wording` (counts as integers), charts carry a unit on
every axis and data gaps are grouped and counted, the few that change a priority first.
"""

from __future__ import annotations

import hashlib
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
from tnoc.assess.countermeasures import (
    GroupOptions,
    Option,
    by_group,
    countermeasures,
    entity_names,
)
from tnoc.assess.emerging import EmergingThreat, emerging_threats
from tnoc.assess.flows import FlowMatrix, listing_flows, victim_flows
from tnoc.assess.geo import (
    Locations,
    countries_of_mapping,
    locate_case,
    registry_geo_disagreements,
    unplaced,
    where_summary,
)
from tnoc.assess.groups import case_profiles
from tnoc.assess.harm import Factor, Priority, Scheme, load_scheme, prioritise
from tnoc.assess.judgements import AlarmWindow, Judgement, key_judgements
from tnoc.assess.online_offline import OnlineOffline, online_offline
from tnoc.assess.profiles import GroupProfile
from tnoc.assess.series import CountSeries, event_series, indicators, observation_series
from tnoc.assess.trends import AlarmResult, alarms
from tnoc.assess.wording import YARDSTICK, category_label, country, number, quantity
from tnoc.errors import TnocError
from tnoc.graph.disruption import describe
from tnoc.graph.export import labelled_graph
from tnoc.graph.measures import communities
from tnoc.graph.plot import draw_network, plot_disruption
from tnoc.store import Case
from tnoc.store.derived import DerivedStatement, add_analysis, derived_handling_code

# a network and its disruption curves print on one page (inches, at the print width)
NETWORK_HEIGHT = 4.2
DISRUPTION_HEIGHT = 2.5

# rows of the report's ranked tables; each table says how many there are in all
WHERE_SHOWN = 15
EMERGING_SHOWN = 10
FLOWS_SHOWN = 12

# statistics indicators charted when present: (indicator, group by, what the values
# measure); the unit comes from the data, never from here
TREND_INDICATORS = (("IC3 total complaints", "total", "filed"),
                    ("IC3 complaints", "category", "filed"),
                    ("IC3 reported losses", "category", "reported"),
                    ("drug seizures", "item", "seized"))


@dataclass
class Footnote:
    """A footnote: its text, the source ids it rests on (rendered as file names and
    hashes) and example rows as (source id, locator)."""

    number: int
    text: str
    sources: list[str]
    locators: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Gap:
    """One data gap: what is missing, for which subject, and what it costs the
    assessment. ``weight`` orders the gaps that matter (0: context only)."""

    what: str
    subject: str = ""
    effect: str = ""
    weight: float = 0.0


@dataclass
class GapGroup:
    """Gaps of one kind, counted, for the summary table."""

    what: str
    subjects: list[str]
    effect: str


@dataclass
class Figure:
    title: str
    uri: str
    caption: str
    footnote: int
    kind: str  # the report section: trend, map, network, priority
    topic: str = ""  # within a section: the indicator or network it shows


@dataclass
class Assessment:
    """Everything the report shows, with its footnotes."""

    case_name: str
    created: str
    figures: list[Figure] = field(default_factory=list)
    emerging: dict[str, list[EmergingThreat]] = field(default_factory=dict)
    emerging_total: dict[str, int] = field(default_factory=dict)  # before the cut
    seams: dict[str, list[Any]] = field(default_factory=dict)
    where: list[dict[str, object]] = field(default_factory=list)
    where_total: int = 0  # countries located, of which ``where`` shows the first
    c2_hosting: list[dict[str, object]] = field(default_factory=list)  # kept analyses
    c2_survival: list[dict[str, object]] = field(default_factory=list)  # (malware lifetimes)
    c2_series: list[dict[str, object]] = field(default_factory=list)  # (concentration
    # --over-time: the points of the latest run per grouping)
    market_flows: list[dict[str, object]] = field(default_factory=list)  # (markets flows
    market_breaks: list[dict[str, object]] = field(default_factory=list)  # and dynamics)
    flow_years: dict[str, str] = field(default_factory=dict)  # flow title -> years summed
    takedowns: list[dict[str, object]] = field(default_factory=list)  # (tnoc malware -c)
    url_lifetimes: list[dict[str, object]] = field(default_factory=list)  # (malware spread
    url_tags: list[dict[str, object]] = field(default_factory=list)  # --case, URLhaus)
    hidden_victims: list[dict[str, object]] = field(default_factory=list)  # (tnoc trafficking
    victim_corridors: list[dict[str, object]] = field(default_factory=list)  # ... --case)
    victim_profiles: list[dict[str, object]] = field(default_factory=list)
    template_clusters: list[dict[str, object]] = field(default_factory=list)
    flows: list[FlowMatrix] = field(default_factory=list)
    online_offline: OnlineOffline | None = None  # darknet listings beside UNODC
    profiles: list[GroupProfile] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    windows: list[AlarmWindow] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # indicator -> unit
    names: dict[str, str] = field(default_factory=dict)  # entity id -> name
    footnotes: list[Footnote] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)  # table name -> footnote
    scheme: Scheme | None = None
    scheme_file: str = ""  # the scheme's file name and sha256 prefix, for citing
    sources: list[dict[str, object]] = field(default_factory=list)
    yardstick: tuple[object, ...] = YARDSTICK
    run_file: str = ""  # the run record in the case (analyses/…json), once known
    options_shown: int = 1  # countermeasures per group in section 6; the rest in appendix

    def cite(self, text: str, sources: list[str],
             locators: list[tuple[str, str]] | None = None) -> int:
        """Add a footnote; returns its number."""
        number = len(self.footnotes) + 1
        self.footnotes.append(Footnote(number, text, sorted(set(sources)),
                                       (locators or [])[:4]))
        return number

    def gap_groups(self) -> list[GapGroup]:
        """The gaps grouped by what is missing, largest group first."""
        groups: dict[str, GapGroup] = {}
        for g in self.gaps:
            group = groups.setdefault(g.what, GapGroup(g.what, [], g.effect))
            if g.subject:
                group.subjects.append(g.subject)
        return sorted(groups.values(), key=lambda x: (-len(x.subjects), x.what))

    def trend_topics(self) -> list[str]:
        """The trend section's subsections in order: each indicator or feed charted,
        then any assessed for emerging threats without a chart."""
        topics = [f.topic for f in self.figures if f.kind == "trend"]
        return list(dict.fromkeys([*topics, *self.emerging]))

    def option_groups(self) -> list[GroupOptions]:
        """The countermeasures by group in priority order, the ``options_shown`` most
        effective of each to show in section 6, the rest for the appendix."""
        return by_group(self.options, [p.group for p in self.priorities],
                        self.options_shown)

    def gaps_that_matter(self, most: int = 5) -> list[Gap]:
        """The gaps that change the assessment most (a priority factor of a leading
        group unscored, a section not assessed), heaviest first."""
        return sorted((g for g in self.gaps if g.weight > 0),
                      key=lambda g: (-g.weight, g.subject, g.what))[:most]


def _locators(series: list[CountSeries]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for s in series:
        for point in s.provenance[-1:]:
            out.extend(point[:1])
    return out


def figure_handling(con: duckdb.DuckDBPyConnection, a: Assessment, note: int) -> str:
    """The handling code of the figure footnoted ``note``: the strictest code of the
    sources the footnote cites, at least TLP:AMBER for a computed result
    (:func:`tnoc.store.derived.derived_handling_code`), so a chart cut out of a
    TLP:RED report still says TLP:RED."""
    return derived_handling_code(con, a.footnotes[note - 1].sources)


def _trend_figures(con: duckdb.DuckDBPyConnection, a: Assessment, indicator: str, by: str,
                   measure: str, latest: list[CountSeries], marks: list[tuple[str, str]]
                   ) -> None:
    """One chart per unit among ``latest`` (kilograms and counts never share an axis),
    each footnoted to its rows; alarms counted for the key judgements."""
    for unit, part in charts.by_unit(latest).items():
        results = [alarms(s, "farrington") for s in part]
        note = a.cite(f"'{indicator}' by {by}, {part[0].periods[0]}–{part[0].periods[-1]}"
                      f", in {unit}; the largest in the newest period.",
                      [x for s in part for x in s.source_ids()], _locators(part))
        title = indicator if by == "total" else f"{indicator}: the largest {by} series"
        if len(charts.by_unit(latest)) > 1:
            title += f" measured in {unit}"
        a.figures.append(Figure(
            title, charts.svg_data_uri(charts.trend_chart(
                part, results, title, measure, marks,
                handling=figure_handling(con, a, note))),
            "Red triangles: periods above the Farrington bound fitted to the periods "
            "before them. Dotted lines: a category seam (renamed or merged).", note, "trend",
            indicator))


def _trend_section(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                   ) -> None:
    present = {name for name, _ in indicators(con)}
    for indicator, by, measure in TREND_INDICATORS:
        if indicator not in present:
            a.gaps.append(Gap("statistics indicator not in the case", f"'{indicator}'",
                              "trend not assessed", 3.0))
            continue
        say(f"trends: {indicator}")
        by_category = observation_series(con, indicator, by=by)
        a.units[indicator] = next(iter(by_category.values())).unit
        listed = emerging_threats(by_category)
        a.emerging[indicator] = listed[:EMERGING_SHOWN]
        a.emerging_total[indicator] = len(listed)
        a.notes[f"emerging {indicator}"] = a.cite(
            f"Emerging threats in '{indicator}': Mann–Kendall over the last 5 periods, "
            "Farrington quasi-Poisson bound (z 2.58) on the newest period.",
            [s for x in by_category.values() for s in x.source_ids()],
            _locators([by_category[t.category] for t in listed[:3]]))
        found = seams(con, indicator, by_category)
        shown = [x for x in found if x.kind == "renamed" or x.likely_merger]
        a.seams[indicator] = shown
        if len(found) > len(shown):
            a.gaps.append(Gap("categories that start after others stop, with no sign of "
                              "a merger (new or dropped reporting categories)",
                              f"'{indicator}' ({len(found) - len(shown)})",
                              "their trends start late"))
        latest = sorted((s for s in by_category.values() if s.values[-1] is not None),
                        key=lambda s: -(s.values[-1] or 0.0))[:6]
        marks = [(x.period, f"merged into {x.category[:18]}") for x in found
                 if x.category in {s.name for s in latest} and x.likely_merger]
        _trend_figures(con, a, indicator, by, measure, latest, marks)
    _monthly_seizures(con, a, say)
    _feed_trend(con, a, say)


def _window(a: Assessment, subject: str, periods: list[str], results: list[AlarmResult],
            each: str = "") -> int:
    """Record the alarms of a chart's window for the key judgements (``each``: what
    one series is, when there are several: "drug" makes "drug-months"); returns them."""
    flagged = sum(len(r.alarms) for r in results)
    step = charts.grain(periods)
    a.windows.append(AlarmWindow(subject, f"{each}-{step}" if each else step,
                                 sum(len(r.points) for r in results), flagged))
    return flagged


def _monthly_seizures(con: duckdb.DuckDBPyConnection, a: Assessment,
                      say: Callable[[str], None]) -> None:
    """CBP seizures per calendar month (the table is published per fiscal year and
    month), the five drugs with the most pounds seized in the newest month."""
    indicator = "drug seizures (lbs)"
    if indicator not in {name for name, _ in indicators(con)}:
        a.gaps.append(Gap("monthly seizure table (US CBP) not in the case", "",
                          "no monthly drug chart", 1.0))
        return
    say("trends: CBP seizures per month")
    by_drug = observation_series(con, indicator, "category", fiscal_year_start=10)
    latest = sorted((x for x in by_drug.values() if x.values[-1] is not None),
                    key=lambda x: -(x.values[-1] or 0.0))[:5]
    results = [alarms(x, "farrington", baseline=12, window=24) for x in latest]
    flagged = _window(a, "US CBP drug seizures", latest[0].periods, results, "drug")
    note = a.cite(f"US CBP drug seizures (lbs) per calendar month, "
                  f"{latest[0].periods[0]} to {latest[0].periods[-1]}, summed over field "
                  "offices and sectors; fiscal months read as calendar months (US federal "
                  "year from October). Farrington quasi-Poisson bound fitted to the 24 "
                  "months before each month.",
                  [src for x in latest for src in x.source_ids()], _locators(latest))
    a.figures.append(Figure(
        "US CBP drug seizures per month: the five largest drugs",
        charts.svg_data_uri(charts.trend_chart(latest, results, "Pounds seized per month",
                                               "seized", every=6,
                                               handling=figure_handling(con, a, note))),
        f"{number(flagged)} drug-month(s) above their Farrington bound (red triangles). "
        "Seizure weights measure enforcement activity as much as trafficking.", note,
        "trend", "US CBP drug seizures per month"))


def _feed_trend(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                ) -> None:
    try:
        feed = event_series(con, "NetworkIndicator", "startDate",
                            where={"threat": "malware_download"})["all"]
    except TnocError:
        a.gaps.append(Gap("malware-distribution feed (URLhaus) not in the case", "",
                          "no malware trend", 1.0))
        return
    say("trends: malware URLs per day")
    recent = CountSeries("malware URLs added per day", "URLs", feed.periods[-120:],
                         feed.values[-120:], feed.provenance[-120:])
    result = alarms(recent, "farrington", window=28)
    flagged = _window(a, "malware-distribution URLs added", recent.periods, [result])
    note = a.cite("URLhaus malware-distribution URLs by date added (the feed's snapshot: "
                  "URLs still listed when it was collected, so older days are undercounted); "
                  "Farrington bound over the 28 days before each day.",
                  feed.source_ids(), _locators([feed]))
    a.figures.append(Figure("Malware-distribution URLs per day (last 120 days)",
                            charts.svg_data_uri(charts.trend_chart(
                                [recent], [result], "URLhaus URLs added per day", "added",
                                every=14, handling=figure_handling(con, a, note))),
                            f"{number(flagged)} alarm day(s) in the window.", note, "trend",
                            "Malware-distribution URLs (URLhaus)"))


def _geo_section(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                 ) -> Locations:
    """The where section; returns the case's located values (the group section reads
    the malware families' infrastructure from them)."""
    say("where: IPs, phones, places, wallets")
    locations = locate_case(con)
    located = where_summary(con, locations, method_prefix="ip registry")
    a.where, a.where_total = located[:WHERE_SHOWN], len(located)
    c2 = countries_of_mapping(con, locations, "feodotracker")
    if c2:
        sources = [r[0] for r in con.execute("SELECT source_id FROM sources "
                                             "WHERE mapping = 'feodotracker'").fetchall()]
        note = a.cite("Botnet C2 IP addresses (Feodo Tracker) by registry country "
                      "(RIR delegations via iptocc).", sources)
        a.figures.append(Figure("Botnet command-and-control servers by country",
                                charts.svg_data_uri(maps.choropleth(
                                    c2, "Botnet C2 servers by registry country",
                                    "C2 IP addresses",
                                    handling=figure_handling(con, a, note))),
                                "Registry country: where the address block is registered, "
                                "not necessarily where the server stands.", note, "map",
                                "infrastructure"))
    disagree = registry_geo_disagreements(con, locations)
    if disagree:
        a.gaps.append(Gap("IP addresses whose registry country and GeoLite2 country "
                          "differ (hosting, anycast)", f"{number(disagree)} addresses",
                          "both countries kept"))
    unresolved = unplaced(con, locations)
    if unresolved:
        a.gaps.append(Gap("free-text places that name no country (e.g. 'Torland', "
                          "'Internet', 'Undeclared')", f"{number(unresolved)} places",
                          "reported, not guessed"))
    return locations


def _flow_section(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                  ) -> None:
    say("flows")
    has = {r[0] for r in con.execute("SELECT DISTINCT schema FROM statements").fetchall()}
    if "DarknetListing" in has:
        matrix = listing_flows(con)
        a.flows.append(matrix)
        a.notes[matrix.title] = a.cite(
            "Agora listings; ships-from and ships-to read from the vendors' own words "
            f"({number(sum(matrix.unresolved.values()))} unreadable or unstated place(s) kept as "
            f"such); {number(int(str(matrix.parameters['listings'])))} listings, a "
            "listing naming several places counted in each of its flows (as tnoc markets "
            "flows).", matrix.source_ids())
        placed = [(country(f.origin), country(f.destination), f.weight)
                  for f in matrix.top(len(matrix.flows))
                  if not f.origin.startswith("(") and not f.destination.startswith("(")]
        left_out = sum(f.weight for f in matrix.flows) - sum(w for _, _, w in placed)
        a.figures.append(Figure(
            "Darknet listings: where vendors ship from and to",
            charts.svg_data_uri(charts.sankey(
                placed[:25], "Listings by ships-from and ships-to (25 largest flows)",
                matrix.unit, handling=figure_handling(con, a, a.notes[matrix.title]))),
            f"Band width: listings. {number(left_out)} listing(s) whose origin or destination "
            "is unstated or unreadable are left out of the diagram (see the table).",
            a.notes[matrix.title], "flow", matrix.title))
        _online_offline_section(con, a)
    victims = victim_flows(con, since=2018)
    if victims.flows:
        a.flows.append(victims)
        years = a.flow_years[victims.title] = year_span(_glotip_years(con, since=2018))
        note = a.cite("UNODC GLOTIP detected victims by citizenship and country of "
                      f"detection, {years}, the years added together; "
                      f"{victims.parameters['suppressed']} cell(s) "
                      "published as '<5' carried as 1 to 4 (a flow's low and high bound; "
                      "arcs drawn at the low bound).", victims.source_ids())
        a.notes[victims.title] = note
        top = [(f.origin, f.destination, f.weight) for f in victims.top(30)]
        a.figures.append(Figure("Trafficking victims: citizenship to country of detection",
                                charts.svg_data_uri(maps.flow_map(
                                    top, f"Detected trafficking victims, {years} summed "
                                    "(top 30 flows)", "victims",
                                    handling=figure_handling(con, a, note))),
                                "Arcs: victims detected abroad; circles: victims detected "
                                "in their own country.", note, "map", victims.title))
    else:
        a.gaps.append(Gap("UNODC GLOTIP victims-by-citizenship table not in the case", "",
                          "no trafficking flow map", 1.0))


def _glotip_years(con: duckdb.DuckDBPyConnection, since: int) -> list[int]:
    """The years of the case's GLOTIP corridors from ``since`` on: what the victim flows
    add together (:func:`tnoc.assess.flows.victim_flows`)."""
    from tnoc.trafficking.flows import case_glotip

    return sorted({c.year for c in case_glotip(con).corridors if c.year >= since})


def year_span(years: list[int]) -> str:
    """Years as a reader reads them: "2018–2021" when they run on without a gap,
    "2018, 2020 and 2021" when they do not, "2019" for one."""
    if not years:
        return "no year"
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years[:-1])) + f" and {years[-1]}"


def _online_offline_section(con: duckdb.DuckDBPyConnection, a: Assessment) -> None:
    """Darknet drug listings per origin country beside UNODC seizures and prices of the
    same drug there (:mod:`tnoc.assess.online_offline`), cited to both; a gap when the
    case holds no UNODC table to set them against."""
    found = online_offline(con)
    if found is None:
        return
    a.online_offline = found
    a.notes["online meets offline"] = a.cite(
        f"Agora drug listings ({number(found.drug_listings)}, crawls of "
        f"{', '.join(found.crawl_years) or 'no stated year'}) by ships-from country and "
        "drug, beside the UNODC World Drug Report 2024 annex (seizures in kg, typical "
        f"prices in USD; years {', '.join(found.unodc_years) or 'none in the case'}), "
        "matched as the table of matches shows.",
        found.listing_sources + found.unodc_sources)
    note = a.notes["online meets offline"]
    listed: dict[str, float] = {}
    seized: dict[str, float] = {}
    for row in found.rows:
        code = str(row["country"])
        listed[code] = listed.get(code, 0.0) + float(row["listings"])  # type: ignore[arg-type]
        if row["seized_kg"] is not None:
            seized[code] = seized.get(code, 0.0) + float(row["seized_kg"])  # type: ignore[arg-type]
    for values, title, legend, caption in (
            (listed, "Darknet drug listings by ships-from country", "listings",
             "Agora listings of the drugs matched to UNODC, by the one country they ship "
             "from; listings from a region, worldwide or undeclared are not mapped."),
            (seized, "UNODC seizures of the same drugs in those countries",
             "kg seized (latest year)",
             "Kilograms seized of the matched drugs in the latest year each country "
             "reported, summed over the drugs listed from it; blank: no listing or no "
             "seizure reported.")):
        if values:
            a.figures.append(Figure(title, charts.svg_data_uri(maps.choropleth(
                values, title, legend, handling=figure_handling(con, a, note))),
                caption, note, "map", "online meets offline"))
    if not found.unodc_sources:
        a.gaps.append(Gap("UNODC drug seizure and price tables (World Drug Report annex) "
                          "not in the case", "", "darknet listings shown without the "
                          "seizures and prices beside them", 1.0))


def _profile_gaps(a: Assessment, profiles: list[GroupProfile], scheme: Scheme) -> None:
    """A gap per missing metric per group, weighted by what it costs: a metric a
    priority factor reads, for a group ranked high, matters most."""
    factor: dict[tuple[str, str], Factor] = {}
    for each in scheme.factors:
        for kind, metric in each.metric.items():
            factor[(kind, metric)] = each
    rank = {p.group: i for i, p in enumerate(a.priorities)}
    for p in profiles:
        for gap in p.gaps:
            f: Factor | None = factor.get((p.kind, gap)) or factor.get(("any", gap))
            effect = (f"priority factor '{f.name}' (weight {number(f.weight)}) unscored"
                      if f else "context only")
            weight = f.weight / (1 + rank.get(p.key, 99)) if f else 0.0
            a.gaps.append(Gap(f"{p.kind}: no evidence of {gap.replace('_', ' ')}",
                              p.name, effect, weight))


def _network_figures(con: duckdb.DuckDBPyConnection, a: Assessment, p: GroupProfile) -> None:
    """The network drawn readably (main component, community colours, key players
    named) and its disruption curves, captioned with what is left out."""
    assert p.projection is not None
    note = a.cite(f"Network {p.name}: projected from its source; Leiden communities; "
                  f"disruption simulated ({describe(p.simulations.values())}).", p.sources)
    labels, _ = communities(p.projection)
    handling = figure_handling(con, a, note)
    with tempfile.TemporaryDirectory() as tmp:
        drawing = draw_network(labelled_graph(con, p.projection, {"community": labels}),
                               Path(tmp) / "n.svg",
                               f"{p.name}: {number(p.metrics['members'])} actors",
                               size=(charts.PRINT_WIDTH, NETWORK_HEIGHT),
                               handling=handling)
        curves = plot_disruption(list(p.simulations.values()), Path(tmp) / "d.svg",
                                 f"{p.name}: disruption",
                                 size=(charts.PRINT_WIDTH, DISRUPTION_HEIGHT),
                                 handling=handling)
        a.figures.append(Figure(f"Network: {p.name}", charts.svg_file_uri(drawing.path),
                                drawing.caption(), note, "network", p.name))
        a.figures.append(Figure(f"Disruption of {p.name}", charts.svg_file_uri(curves),
                                "Largest component after each removal; lower curves "
                                "fragment the network faster.", note, "network", p.name))


def _group_section(con: duckdb.DuckDBPyConnection, a: Assessment, scheme: Scheme,
                   locations: Locations, say: Callable[[str], None]) -> None:
    say("groups: networks, malware families, vendors, laundering networks")
    a.profiles = case_profiles(con, locations, 5)
    if not any(p.kind == "laundering network" for p in a.profiles):
        a.gaps.append(Gap("stored typology run (tnoc money typologies)", "",
                          "no laundering networks profiled", 2.0))
    if not a.profiles:
        a.gaps.append(Gap("networks, malware feeds, market listings or typology alerts",
                          "", "no group profiles, no priorities", 5.0))
        return
    a.priorities = prioritise(a.profiles, scheme)
    removed = [x for p in a.profiles if (best := p.best_disruption())
               for step in best[1].steps for x in step.removed]
    a.names = entity_names(con, removed)
    a.options = countermeasures(a.profiles, con, locations)
    _profile_gaps(a, a.profiles, scheme)
    sources = sorted({s for p in a.profiles for s in p.sources})
    a.notes["priorities"] = a.cite(f"Priorities under '{scheme.name}' (scheme file "
                                   f"{a.scheme_file}); CCHI offence days from the shipped "
                                   "CCHI table.", sources)
    a.figures.append(Figure("Priority matrix", charts.svg_data_uri(
        charts.priority_matrix(a.priorities, "Groups by harm and likelihood",
                               handling=figure_handling(con, a, a.notes["priorities"]))),
        "Marker size: capability. Shaded: harm and likelihood both above 3.5.",
        a.notes["priorities"], "priority"))
    for p in a.profiles:
        if p.projection is not None and p.simulations:
            _network_figures(con, a, p)


def _sources(con: duckdb.DuckDBPyConnection, a: Assessment) -> None:
    cited = sorted({s for f in a.footnotes for s in f.sources})
    rows = con.execute(
        "SELECT source_id, file_name, sha256, mapping, dataset, collected_at, "
        "handling_code, statements FROM sources WHERE source_id IN $ids ORDER BY file_name",
        {"ids": cited or [""]}).fetchall()
    keys = ("source_id", "file_name", "sha256", "mapping", "dataset", "collected_at",
            "handling_code", "statements")
    a.sources = [dict(zip(keys, r, strict=True)) | {"number": i}
                 for i, r in enumerate(rows, 1)]
    for s in a.sources:  # a time as a reader reads it; None: not given (said so)
        when = s["collected_at"]
        if isinstance(when, datetime):
            s["collected_at"] = (when.astimezone(UTC) if when.tzinfo else when).strftime(
                "%Y-%m-%d %H:%M UTC")
    missing = set(cited) - {s["source_id"] for s in a.sources}
    if missing:
        raise TnocError(f"footnotes cite unknown sources: {sorted(missing)}")


def _summary(a: Assessment) -> None:
    """Key judgements (with their likelihood) first, then the facts that qualify them:
    category seams, where the infrastructure is, how many data gaps."""
    a.judgements = key_judgements(a.emerging, a.units, a.windows, a.priorities,
                                  a.profiles, a.names)
    for j in a.judgements:
        a.summary.append(f"{j.text} ({j.basis}).")
    for indicator, found in a.seams.items():
        merged = [x for x in found if x.likely_merger]
        for x in merged[:2]:
            a.summary.append(f"{indicator}: '{x.category}' continues {' + '.join(x.before)} "
                             f"from {x.period} (level ratio {x.ratio:.2f}); trends across "
                             "the seam compare definitions, not crime.")
    if a.where:
        lead = a.where[0]
        a.summary.append(f"Most located infrastructure is registered in "
                         f"{country(lead['country'])} "
                         f"({number(lead['entities'])} indicators).")  # type: ignore[arg-type]
    a.summary.append(f"{number(len(a.gaps))} data gap(s) of {len(a.gap_groups())} kinds "
                     f"qualify these findings; {len(a.gaps_that_matter())} change a "
                     "priority or a section (section 7).")


def _scheme_file(scheme: Scheme) -> str:
    """The scheme cited by file name and SHA-256 prefix: never a local path."""
    path = Path(scheme.path)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return path.name
    return f"{path.name}, sha256 {digest}…"


TAGS_SHOWN = 10
"""URLhaus tags shown in the report (the most URLs first; the number kept is said)."""


def _c2_section(con: duckdb.DuckDBPyConnection, a: Assessment, say: Callable[[str], None]
                ) -> None:
    """C2 hosting concentration and takedown effects, as ``tnoc malware concentration``
    and ``tnoc malware takedown --case`` kept them, and URLhaus URL lifetimes and tags
    as ``tnoc malware spread --case`` kept them (the latest run of each), each cited to
    its run (issue #26). Nothing when none was kept."""
    from tnoc.malware.case import kept_results

    say("where: C2 hosting and takedowns")
    for kept in kept_results(con, "C2HostingConcentration"):
        note = a.cite(f"{kept.first('name')} (tnoc malware concentration, stored "
                      f"{kept.stored[:16]}).", [kept.source_id])
        a.c2_hosting.append({"name": kept.first("name"), "by": kept.first("groupedBy"),
                             "servers": kept.first("servers"), "groups": kept.first("groups"),
                             "unknown": kept.first("unknown"),
                             "top5": kept.first("top5Share"), "hhi": kept.first("hhi"),
                             "gini": kept.first("gini"),
                             "largest": sorted(kept.values.get("largest", []), key=lambda v:
                                               int(v.split(".", 1)[0]) if v[:1].isdigit()
                                               else 0), "note": note})
    _c2_series(con, a)
    for kept in kept_results(con, "TakedownEffect"):
        note = a.cite(f"{kept.first('name')} (tnoc malware takedown, stored "
                      f"{kept.stored[:16]}).", [kept.source_id])
        a.takedowns.append({"name": kept.first("name"),
                            "window": f"{kept.first('windowStart')} to "
                                      f"{kept.first('windowEnd')}",
                            "rate_ratio": kept.first("rateRatio"),
                            "low": kept.first("ciLow"), "high": kept.first("ciHigh"),
                            "p": kept.first("pValue"),
                            "new": kept.values.get("newServers", []),
                            "returned": kept.first("returnDate"),
                            "silent": kept.first("silentDays"), "note": note})
    survival_notes: dict[str, int] = {}  # one footnote per kept run, not per curve
    for kept in kept_results(con, "C2Survival"):
        note = survival_notes.get(kept.source_id) or survival_notes.setdefault(
            kept.source_id, a.cite(f"C2 server survival curves (tnoc malware lifetimes, "
                                   f"stored {kept.stored[:16]}).", [kept.source_id]))
        a.c2_survival.append({key: kept.first(prop) for key, prop in (
            ("by", "groupedBy"), ("group", "group"), ("servers", "servers"),
            ("ended", "ended"), ("censored", "censored"), ("median", "medianDays"),
            ("s30", "survival30"), ("s90", "survival90"), ("s365", "survival365"))}
            | {"note": note})
    a.c2_survival.sort(key=lambda c: (str(c["by"]), -int(str(c["servers"] or 0)),
                                      str(c["group"])))
    notes: dict[str, int] = {}  # one footnote per kept run, not per curve or tag
    for kept in kept_results(con, "MalwareUrlSurvival"):
        note = notes.get(kept.source_id) or notes.setdefault(kept.source_id, a.cite(
            f"URLhaus URL survival curves (tnoc malware spread --show urls, stored "
            f"{kept.stored[:16]}).", [kept.source_id]))
        a.url_lifetimes.append({key: kept.first(prop) for key, prop in (
            ("tag", "tag"), ("urls", "urls"), ("ended", "ended"), ("censored", "censored"),
            ("median", "medianDays"), ("s30", "survival30"), ("s90", "survival90"),
            ("s365", "survival365"))} | {"note": note})
    a.url_lifetimes.sort(key=lambda u: (u["tag"] != "all URLs", -int(str(u["urls"] or 0))))
    tags = kept_results(con, "MalwareTagSpread")
    for kept in sorted(tags, key=lambda k: -int(k.first("urls") or 0))[:TAGS_SHOWN]:
        note = notes.get(kept.source_id) or notes.setdefault(kept.source_id, a.cite(
            f"URLhaus tags by week (tnoc malware spread --show tags, stored "
            f"{kept.stored[:16]}).", [kept.source_id]))
        a.url_tags.append({key: kept.first(prop) for key, prop in (
            ("tag", "tag"), ("urls", "urls"), ("weeks", "weeks"), ("first", "firstWeek"),
            ("last", "lastWeek"), ("peak", "peakWeek"), ("peak_urls", "peakUrls"))}
            | {"note": note, "of": len(tags)})


def _latest_kept_runs(con: duckdb.DuckDBPyConnection, schema: str, grouped_by: str
                      ) -> list[tuple[str, str, dict[str, Any]]]:
    """The newest kept run (a source of analysis statements) of each value of
    ``grouped_by`` among the ``schema`` statements, by that value: ``(value, source,
    {"stored": when, "entities": {entity id: {property: value}}})``. A re-run of the
    same grouping replaces the earlier one in the report; another grouping (AS and
    country, country and region) stands beside it."""
    rows = con.execute(
        "SELECT s.source_id, CAST(src.ingested_at AS VARCHAR), s.entity_id, s.prop, s.value "
        "FROM statements s JOIN sources src USING (source_id) WHERE s.schema = $schema "
        "AND s.flag IS NULL AND s.prop <> 'id' "
        "ORDER BY src.ingested_at DESC, s.source_id, s.entity_id",
        {"schema": schema}).fetchall()
    runs: dict[str, dict[str, Any]] = {}
    for source, stored, entity, prop, value in rows:
        run = runs.setdefault(source, {"stored": stored, "entities": {}})
        run["entities"].setdefault(entity, {})[prop] = value
    latest: dict[str, tuple[str, dict[str, Any]]] = {}
    for source, run in runs.items():  # newest first: the first of each grouping stays
        first = next(iter(run["entities"].values()))
        latest.setdefault(str(first.get(grouped_by, "")), (source, run))
    return [(group, source, run) for group, (source, run) in sorted(latest.items())]


def _c2_series(con: duckdb.DuckDBPyConnection, a: Assessment) -> None:
    """The C2 hosting concentration over time that ``tnoc malware concentration
    --over-time --case`` kept: the latest run of each grouping (AS, country), its
    points as a table and a line chart (servers, top-5 share, HHI per family and
    list), footnoted to the run, which cites each list file and its SHA-256."""
    from datetime import date

    for by, source, run in _latest_kept_runs(con, "C2HostingPoint", "groupedBy"):
        points = sorted(run["entities"].items(),
                        key=lambda kv: int(kv[0].rsplit("-", 1)[1]))
        values = [v for _, v in points]
        title = str(values[0].get("series", "C2 hosting concentration over time"))
        note = a.cite(f"{title} (tnoc malware concentration --over-time, stored "
                      f"{run['stored'][:16]}); lists: " + "; ".join(dict.fromkeys(
                          f"{v.get('list')} (sha256 {str(v.get('listSha256', ''))[:16]}…)"
                          for v in values)) + ".", [source])
        lines: dict[str, list[tuple[date, float | None, float | None, float | None]]] = {}
        for v in values:
            present = int(v.get("servers", "0")) > 0
            lines.setdefault(str(v.get("familyName")), []).append((
                date.fromisoformat(str(v["snapshotDate"])),
                float(v["servers"]) if present else None,
                float(v["top5Share"]) if present else None,
                float(v["hhi"]) if present else None))
            a.c2_series.append({
                "by": by, "date": v.get("snapshotDate"), "family": v.get("familyName"),
                "list": v.get("list"), "servers": v.get("servers"),
                "unknown": v.get("unknown"), "groups": v.get("groups"),
                "top1": v.get("top1Share"), "top5": v.get("top5Share"), "hhi": v.get("hhi"),
                "gini": v.get("gini"), "share": v.get("familyShare"),
                "as_source": v.get("asSource"), "since": v.get("previousDate"),
                "hhi_change": v.get("hhiChange"), "top5_change": v.get("top5ShareChange"),
                "note": note})
        a.figures.append(Figure(
            f"C2 hosting concentration over time by {'AS' if by == 'asn' else 'country'}",
            charts.svg_data_uri(charts.concentration_chart(
                lines, title, handling=figure_handling(con, a, note))),
            "One line per family and one for all servers; a hollow marker at zero: the "
            "list holds none of the family. Shaded: HHI of 0.18 and above.", note, "c2",
            "c2 hosting over time"))


MARKET_FLOWS_SHOWN = 8
"""Flows shown of each kept ``tnoc markets flows`` run (the most listings first)."""


def _market_section(con: duckdb.DuckDBPyConnection, root: Path, a: Assessment,
                    say: Callable[[str], None]) -> None:
    """The darknet market flows and breaks ``tnoc markets flows/dynamics --case`` kept:
    the latest run of each level (country, region) and of each measure (vendors,
    listings), each cited to its run (issue #24). A dynamics run that found no break
    stores no ``MarketBreak``; its run record (the JSON the custody ledger seals) says
    it looked, so the report says so too. Nothing when none was kept."""
    say("markets: kept flows and breaks")
    for level, source, run in _latest_kept_runs(con, "MarketFlow", "level"):
        flows = sorted(run["entities"].values(), key=lambda f: (-int(f.get("listings", 0)),
                                                             f.get("origin", "")))
        first = flows[0]
        note = a.cite(f"Agora listings by {level} of origin and destination (tnoc markets "
                      f"flows, stored {run['stored'][:16]}; {first.get('conversion', '')}).",
                      [source])
        share = first.get("domesticShare")
        a.market_flows.append({
            "level": level, "flows": len(flows), "listings": int(first.get("matrixListings",
                                                                          0)),
            "share": float(share) if share else None,
            "largest": [(country(f.get("origin", "")), country(f.get("destination", "")),
                         int(f.get("listings", 0)), f.get("domestic") == "yes")
                        for f in flows[:MARKET_FLOWS_SHOWN]], "note": note})
    dynamics = con.execute(
        "SELECT source_id, CAST(ingested_at AS VARCHAR), exhibit_path FROM sources "
        "WHERE mapping = 'tnoc.market-dynamics' ORDER BY ingested_at DESC").fetchall()
    measured: set[str] = set()
    for source, stored, path in dynamics:
        try:
            record = json.loads((root / path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            a.gaps.append(Gap("kept market-dynamics run whose record cannot be read",
                              source, "its breaks not shown"))
            continue
        measure = str(record.get("parameters", {}).get("measure", ""))
        if measure in measured:
            continue
        measured.add(measure)
        crawls = record.get("crawls", [])
        note = a.cite(f"Agora market size ({measure}) per crawl and its structural breaks "
                      f"(tnoc markets dynamics, stored {stored[:16]}; Chow F test, "
                      f"{record.get('parameters', {}).get('correction', '')}).", [source])
        a.market_breaks.append({
            "measure": measure, "crawls": len(crawls),
            "complete": sum(1 for c in crawls if c.get("complete")),
            "first": crawls[0]["date"][:10] if crawls else "",
            "last": crawls[-1]["date"][:10] if crawls else "",
            "breaks": [(b["date"][:10], b["f"], b["p"]) for b in record.get("breaks", [])],
            "uncorrected": [(b["date"][:10], b["f"], b["p"])
                            for b in record.get("breaks_uncorrected", [])], "note": note})


def _slavery_section(con: duckdb.DuckDBPyConnection, a: Assessment,
                     say: Callable[[str], None]) -> None:
    """Modern slavery: the hidden-victim estimates, victim corridors, indicator
    profiles and listing template clusters ``tnoc trafficking
    estimate/flows/profiles/templates --case`` kept (the latest run of each), each cited
    to its run (issue #25): the estimate with its interval and the spread across models
    beside it (Whitehead et al. 2021), the corridors with "<5" as bounds, the largest
    template clusters with their main author's share. Nothing when none was kept."""
    from tnoc.malware.case import kept_results

    def count(kept: Any, prop: str) -> float | None:
        text = kept.first(prop)
        try:
            return float(text) if text not in (None, "") else None
        except ValueError:
            return None

    say("modern slavery: hidden victims and corridors")
    for kept in kept_results(con, "HiddenVictimEstimate"):
        note = a.cite(f"{kept.first('name')} (tnoc trafficking estimate, stored "
                      f"{kept.stored[:16]}; list table SHA-256 "
                      f"{(kept.first('listTableSha256') or '')[:16]}…).", [kept.source_id])
        a.hidden_victims.append({
            "name": kept.first("name"), "lists": kept.first("lists"),
            "observed": count(kept, "observed"), "estimate": count(kept, "estimate"),
            "low": count(kept, "ciLow"), "high": count(kept, "ciHigh"),
            "model": kept.first("model"), "method": kept.first("method"),
            "average": count(kept, "modelAverage"), "candidates": count(kept, "candidates"),
            "spread_low": count(kept, "spreadLow"), "spread_high": count(kept, "spreadHigh"),
            "spread_median": count(kept, "spreadMedian"),
            "boot_low": count(kept, "bootstrapLow"), "boot_high": count(kept, "bootstrapHigh"),
            "replicates": count(kept, "replicates"), "note": note})
    for kept in kept_results(con, "VictimCorridors"):
        note = a.cite(f"{kept.first('name')} (tnoc trafficking flows, stored "
                      f"{kept.stored[:16]}).", [kept.source_id])
        a.victim_corridors.append({
            "name": kept.first("name"), "year": kept.first("year"),
            "corridors": count(kept, "corridors"), "countries": count(kept, "countries"),
            "suppressed": count(kept, "suppressed"),
            "victims": (count(kept, "victimsLow"), count(kept, "victimsHigh")),
            "domestic": (count(kept, "domesticLow"), count(kept, "domesticHigh")),
            "share": (kept.first("domesticShareLow"), kept.first("domesticShareHigh")),
            "not_stated": (count(kept, "notStatedLow"), count(kept, "notStatedHigh")),
            "largest": sorted(kept.values.get("largest", []), key=lambda v: int(
                v.split(".", 1)[0]) if v[:1].isdigit() else 0), "note": note})
    for kept in kept_results(con, "VictimProfiles"):
        note = a.cite(f"{kept.first('name')} (tnoc trafficking profiles, stored "
                      f"{kept.stored[:16]}).", [kept.source_id])
        a.victim_profiles.append({
            "name": kept.first("name"), "missing": kept.values.get("missing", []),
            "largest": sorted(kept.values.get("largest", []), key=lambda v: int(
                v.split(".", 1)[0]) if v[:1].isdigit() else 0),
            "associations": kept.values.get("association", []), "note": note})
    runs = set()
    for kept in kept_results(con, "TemplateClusters"):  # newest first
        run = (kept.first("setting"), kept.first("textField"),
               tuple(sorted(kept.values.get("sourcesRead", []))))
        if run in runs:
            continue  # a later run on the same texts and setting replaces it
        runs.add(run)
        note = a.cite(f"{kept.first('name')} (tnoc trafficking templates, stored "
                      f"{kept.stored[:16]}; InfoShield-style MDL templates, Lee et al. "
                      "2021).", [kept.source_id])
        a.template_clusters.append({
            "name": kept.first("name"), "setting": kept.first("setting"),
            "text": kept.first("textField"), "texts": count(kept, "texts"),
            "clusters": count(kept, "clusters"), "clustered": count(kept, "clustered"),
            "coverage": count(kept, "coverage"), "purity": count(kept, "clusterPurity"),
            "largest": sorted(kept.values.get("largest", []), key=lambda v: int(
                v.split(".", 1)[0]) if v[:1].isdigit() else 0), "note": note})


def assess(case: Case, scheme_path: Path | None = None,
           progress: Callable[[str], None] | None = None) -> Assessment:
    """Build the assessment for ``case`` (read-only on the store)."""
    say = progress or (lambda _m: None)
    scheme = load_scheme(scheme_path)
    a = Assessment(case.name, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                   scheme=scheme, scheme_file=_scheme_file(scheme))
    with case.connect(read_only=True) as con:
        _trend_section(con, a, say)
        locations = _geo_section(con, a, say)
        _c2_section(con, a, say)
        _market_section(con, case.root, a, say)
        _flow_section(con, a, say)
        _slavery_section(con, a, say)
        _group_section(con, a, scheme, locations, say)
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


def unnumbered(item: str) -> str:
    """A kept ranked item without its rank ("3. Viet Nam → United Kingdom: 315" ->
    "Viet Nam → United Kingdom: 315"), for a numbered list that numbers it."""
    head, dot, rest = item.partition(". ")
    return rest if dot and head.isdigit() else item


def render_html(a: Assessment) -> str:
    env = Environment(loader=PackageLoader("tnoc", "templates"),
                      autoescape=select_autoescape(["html"]))
    env.filters["num"] = number
    env.filters["quantity"] = quantity
    env.filters["country"] = country
    env.filters["label"] = category_label
    env.filters["unnumbered"] = unnumbered
    env.globals["FLOWS_SHOWN"] = FLOWS_SHOWN
    files = {str(s["source_id"]): s for s in a.sources}
    return env.get_template("report.html").render(a=a, version=__version__, files=files)


def write_report(case: Case, out: Path | None = None, pdf: bool = True,
                 scheme_path: Path | None = None,
                 progress: Callable[[str], None] | None = None) -> ReportFiles:
    """Assess ``case``, write the HTML (and PDF) and record the run in the store."""
    say = progress or (lambda _m: None)
    a = assess(case, scheme_path, say)
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    a.run_file = f"analyses/threat-assessment-{run_id}.json"  # named in the report
    out = out or case.reports / "threat-assessment.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = render_html(a)
    from tnoc.safe_write import atomic_output

    with atomic_output(out) as partial:  # the old report or the whole new one
        partial.write_text(text, encoding="utf-8")
    pdf_path = None
    if pdf:
        say("printing to PDF")
        try:
            from weasyprint import HTML
        except OSError as exc:  # pango missing
            raise TnocError(f"PDF needs WeasyPrint's system libraries (pango): {exc}; "
                            "the HTML is written, or use --no-pdf") from exc
        pdf_path = out.with_suffix(".pdf")
        with atomic_output(pdf_path) as partial:
            HTML(string=text, base_url=str(out.parent)).write_pdf(partial)
    result = {"case": a.case_name, "created": a.created, "scheme": a.scheme.path
              if a.scheme else None, "html": str(out), "pdf": str(pdf_path) if pdf_path
              else None, "summary": a.summary,
              "judgements": [{"topic": j.topic, "text": j.text, "basis": j.basis,
                              "probability": j.probability} for j in a.judgements],
              "gaps": [g.__dict__ for g in a.gaps],
              "priorities": [{"group": p.group, "score": p.score, "coverage": p.coverage,
                              "factors": [f.__dict__ for f in p.factors]}
                             for p in a.priorities],
              # every countermeasure, by group in priority order, the most effective
              # first: the full list the report's section 6 summarises
              "countermeasures": [o.__dict__ for g in a.option_groups()
                                  for o in g.shown + g.more],
              "footnotes": [f.__dict__ for f in a.footnotes],
              # darknet listings beside UNODC seizures and prices (issue #24, item 5)
              "online_offline": None if a.online_offline is None else {
                  "rows": a.online_offline.rows, "matched": a.online_offline.matched,
                  "unmatched": dict(a.online_offline.unmatched.most_common()),
                  "not_placed": dict(a.online_offline.not_placed.most_common()),
                  "drug_listings": a.online_offline.drug_listings,
                  "crawl_years": a.online_offline.crawl_years,
                  "unodc_years": a.online_offline.unodc_years,
                  "prices_without_level": a.online_offline.prices_without_level}}
    with case.transaction() as con:
        source_id = add_analysis(con, case.root, "threat-assessment", run_id,
                                 json.loads(json.dumps(result, default=str)),
                                 priority_statements(a, run_id),
                                 sorted({s["source_id"] for s in a.sources}),  # type: ignore[misc]
                                 outputs=[out, pdf_path])
    return ReportFiles(out, pdf_path, source_id, a)
