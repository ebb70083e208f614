"""The threat-assessment report read as an analyst reads it, on real data (IC3 tables,
UNODC drug seizures, the CAVIAR and 'Ndrangheta networks): no internal source ids or
local paths in its text, a unit on every chart axis, counts written as integers,
community colours that colour, and key judgements in the PHIA yardstick."""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Annotation

from tnoc.assess import charts, maps
from tnoc.assess.countermeasures import Option, by_group, entity_names
from tnoc.assess.harm import Priority
from tnoc.assess.judgements import key_judgements, priority_stability
from tnoc.assess.report import ReportFiles, write_report, year_span
from tnoc.assess.wording import YARDSTICK, axis_label, category_label, country, likelihood, number
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"
SOURCES = (("ic3_totals", "trends/ic3_totals_2011_2025.csv"),
           ("ic3_counts", "trends/ic3_crime_type_counts_2015_2025.csv"),
           ("unodc_drug_seizures", "drugs/unodc_wdr2024_drug_seizures_2018_2022.json"),
           ("caviar", "networks/morselli_caviar.csv"),
           ("ndrangheta_summits", "networks/NDRANGHETAMAFIA_2M.csv"))
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    case = Case.init(tmp_path_factory.mktemp("report") / "case")
    for mapping, rel in SOURCES:
        ingest_file(case, mapping, DATA / rel)
    return write_report(case, pdf=False)


class _Text(HTMLParser):
    """The report's visible text (what a reader sees, not attributes or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _svgs(page: str) -> list[tuple[str, ET.Element]]:
    """Every inlined figure as (alt text, parsed SVG)."""
    out = []
    for uri, alt in re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"',
                               page):
        out.append((alt, ET.fromstring(base64.b64decode(uri))))
    return out


def _svg_texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()).strip() for t in element.iter(f"{SVG}text")]


def test_text_has_no_source_ids_or_local_paths(report: ReportFiles) -> None:
    page = report.html.read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(page)
    text = "".join(parser.parts)
    svg_text = " ".join(t for _, svg in _svgs(page) for t in _svg_texts(svg))
    for where, words in (("text", text), ("figures", svg_text)):
        assert not re.search(r"\bsrc-[0-9a-f]{6,}", words), where
        assert not re.search(r"\banalysis-[a-z]+-[0-9a-f]{6,}", words), where
        assert not re.search(r"(?<![\w.])/(?:work|tmp|home|usr|root)/", words), where
        assert "caviar-n" not in words and "ndr-" not in words  # entity ids, not names
    # sources cited by file name, row and sha256
    assert re.search(r"ic3_totals_2011_2025\.csv \(sha256 [0-9a-f]{12}…\)", text)
    assert re.search(r"ic3_totals_2011_2025\.csv row \d+", text)
    assert "priority_scheme.yaml, sha256" in text


def test_every_chart_axis_has_a_unit(report: ReportFiles) -> None:
    page = report.html.read_text(encoding="utf-8")
    axes = 0
    for alt, svg in _svgs(page):
        for group in svg.iter(f"{SVG}g"):
            if not re.fullmatch(r"matplotlib\.axis_\d", group.get("id", "")):
                continue
            ticks = [t for t in group if re.fullmatch(r"[xy]tick_\d+", t.get("id", ""))]
            if not ticks:  # an axis switched off (maps, networks, Sankey)
                continue
            labels = [t for t in group if re.fullmatch(r"text_\d+", t.get("id", ""))
                      and not t.get("id", "").startswith("text_tick")]
            label = " ".join(" ".join(_svg_texts(t)) for t in labels).strip()
            assert re.search(r"\(.+\)$", label), f"{alt}: axis without a unit: {label!r}"
            axes += 1
    assert axes >= 8  # trend charts (x and y), priority matrix, disruption curves


def test_units_never_mixed_and_counts_are_integers(report: ReportFiles) -> None:
    a = report.assessment
    page = report.html.read_text(encoding="utf-8")
    assert a.units["drug seizures"] == "kg"  # from the data, not a hard-coded label
    labels = {t for _, svg in _svgs(page) for t in _svg_texts(svg)}
    assert "seized per year (kg)" in labels and "filed per year (complaints)" in labels
    assert not re.search(r">\s*[\d,]+\.0\s*<", page)  # no "927.0" in a cell
    assert not re.search(r"\d\.\d+e\+\d", page)  # no "1.62e+03"


def test_network_figures_coloured_by_community_and_name_key_players(
        report: ReportFiles) -> None:
    networks = [(alt, svg) for alt, svg in _svgs(report.html.read_text(encoding="utf-8"))
                if alt.startswith("Network: ")]
    assert len(networks) == 2
    for alt, svg in networks:
        fills = set(re.findall(r"fill:\s*(#[0-9a-fA-F]{6})", ET.tostring(svg, "unicode")))
        assert len(fills - {"#ffffff", "#000000", "#555555", "#bbbbbb"}) >= 4, alt
        texts = _svg_texts(svg)
        assert any("Key players" in t for t in texts), alt
    ndrangheta = next(svg for alt, svg in networks if "NDRANGHETA" in alt)
    assert any("PANETTA Pietro Francesco" in t for t in _svg_texts(ndrangheta))
    figure = next(f for f in report.assessment.figures if f.title.startswith("Network: NDR"))
    assert "Left out: 5 actor(s)" in figure.caption  # isolates said, not silently dropped


def test_key_judgements_in_the_yardstick(report: ReportFiles) -> None:
    judgements = report.assessment.judgements
    terms = [j.likelihood for j in judgements if j.likelihood]
    assert terms and all(t in YARDSTICK for t in terms)
    assert all(str(j.likelihood) in j.text for j in judgements if j.likelihood)
    assert {"Who matters most", "Rising", "Key players"} <= {j.topic for j in judgements}
    rising = next(j for j in judgements if j.topic == "Rising")
    # Mann–Kendall p 0.027 on 5 yearly points: capped below "almost certain"
    assert rising.likelihood is not None and rising.likelihood.term == "highly likely"


def test_yardstick_and_numbers() -> None:
    assert [likelihood(p).term for p in (0.02, 0.08, 0.3, 0.45, 0.52, 0.7, 0.93, 0.99)] == [
        "remote chance", "highly unlikely", "unlikely", "realistic possibility",
        "realistic possibility", "likely", "highly likely", "almost certain"]
    assert str(likelihood(0.85)) == "highly likely (80–90%)"
    assert (number(927.0), number(1619.0), number(0.0342), number(5.12e9 + 0.4)) == (
        "927", "1,619", "0.0342", "5,120,000,000")
    assert axis_label("seized per year", "kg") == "seized per year (kg)"
    with pytest.raises(ValueError, match="no unit"):
        axis_label("seized", " ")
    assert priority_stability([]) == 1.0


def _table(page: str, css_class: str) -> str:
    found = re.search(rf'<table class="{css_class}">(.*?)</table>', page, re.S)
    assert found, f"no {css_class} table"
    return found.group(1)


def test_countermeasures_compact_with_the_rest_counted_and_listed(report: ReportFiles) -> None:
    """Section 6 shows each group's most effective option, in priority order; the line
    under it counts the rest and says where they are; the appendix and the run record
    list every one of them: none is cut silently."""
    a = report.assessment
    page = report.html.read_text(encoding="utf-8")
    groups = a.option_groups()
    shown = sum(len(g.shown) for g in groups)
    more = sum(len(g.more) for g in groups)
    # two networks (CAVIAR, 'Ndrangheta), three options each: removal, diversion, replacement
    assert (len(groups), shown, more) == (2, 2, 4)
    assert [g.group for g in groups] == [p.group for p in a.priorities]
    assert all(g.shown[0].p == "Pursue" and g.shown[0].d == "Disrupt" for g in groups)
    assert _table(page, "options").count("<tr>") == 1 + shown  # header + one row a group
    assert _table(page, "appendix").count("<tr>") == 1 + more
    assert "2 more: Prevent/Divert, Prepare/Develop" in page
    line = re.search(r'<p class="meta" id="options-more">(.*?)</p>', page, re.S)
    assert line and re.sub(r"<[^>]+>", "", line.group(1)).startswith(
        f"Shown: {shown} of {shown + more} options, the most effective of each group; the "
        f"other {more} are listed in full in appendix A (section 10) and in the run record "
        f"{a.run_file}")
    run = json.loads((report.html.parents[1] / a.run_file).read_text(encoding="utf-8"))
    listed = [(o["group"], o["action"]) for o in run["countermeasures"]]
    assert sorted(listed) == sorted((o.group, o.action) for o in a.options)
    # the names the analyst knows, never entity ids
    assert "PANETTA Pietro Francesco" in page and "N1, N12, N3" in page


def test_by_group_ranks_and_orders() -> None:
    options = [Option("g2", "Protect", "Detect", "b", "", "", 2.0),
               Option("g1", "Prevent", "Divert", "c", "", "", 2.0),
               Option("g2", "Pursue", "Disrupt", "a", "", "", 0.4),
               Option("g1", "Pursue", "Disrupt", "d", "", "", 0.9),
               Option("g1", "Protect", "Detect", "e", "", "", 1.5),
               Option("g3", "Protect", "Detect", "f", "", "", 1.0)]
    groups = by_group(options, ["g1", "g2"])
    assert [g.group for g in groups] == ["g1", "g2", "g3"]  # ranked first, then the rest
    assert [o.action for o in groups[0].shown] == ["d"]
    assert [o.action for o in groups[0].more] == ["e", "c"]
    assert groups[0].more_labels() == "Protect/Detect, Prevent/Divert"
    assert groups[2].more == [] and sum(len(g.shown) + len(g.more) for g in groups) == 6
    with pytest.raises(ValueError):
        by_group(options, shown=0)


def test_priority_matrix_labels_never_overlap(report: ReportFiles) -> None:
    """Ranks beside their markers, clear of each other and of every marker, even where
    groups share a cell (the demo case puts four laundering networks at harm 5,
    likelihood 3, and vendors and malware families side by side at likelihood 4)."""
    def group(name: str, harm: float | None, likelihood: float | None) -> Priority:
        return Priority(name, 3.0, 0.5, {"harm": harm, "likelihood": likelihood,
                                         "capability": 3.0}, [], "test")

    crowd = [group(f"laundering network: around account 80{i}A (bank 0{i})", 5.0, 3.0)
             for i in range(4)]
    crowd += [group("malware family: CobaltStrike", 3.0, 4.0),
              group("darknet vendor: MEGA_PHARMA", 3.2, 4.0),
              group("darknet vendor: fake", 3.2, 4.0), group("malware family: Mozi", 4.0, 5.0),
              group("malware family: Cerber", 4.0, None)]
    priorities = report.assessment.priorities + crowd
    fig = charts.priority_matrix(priorities, "Groups by harm and likelihood",
                                 handling="TLP:AMBER")
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [t for t in ax.texts if isinstance(t, Annotation)]
    assert sorted(int(t.get_text()) for t in labels) == [
        i for i, p in enumerate(priorities, 1) if p.dimensions["likelihood"] is not None]
    boxes = [t.get_window_extent(renderer) for t in labels]
    for (i, a), (j, b) in combinations(enumerate(boxes), 2):
        assert not a.overlaps(b), (labels[i].get_text(), labels[j].get_text())
    frame = ax.get_window_extent(renderer)
    markers = [tuple(ax.transData.transform(xy)) for c in ax.collections
               for xy in np.asarray(c.get_offsets())]
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1
        assert not any(box.contains(x, y) for x, y in markers)
    key = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert len(key) == len(priorities)  # every group named, placed or not
    assert f"{len(priorities)}  Cerber (not placed: likelihood unscored)" in key
    plt.close(fig)


def test_network_legends_print_at_their_size(report: ReportFiles) -> None:
    """Network figures are drawn at the printed width, so their legends print at 8 pt
    (they printed at about 5 pt when a 10-inch figure was shrunk onto the page)."""
    text_width = 182 / 25.4 * 72  # A4 less the margins, in points
    networks = [(alt, svg) for alt, svg in _svgs(report.html.read_text(encoding="utf-8"))
                if alt.startswith("Network: ")]
    assert networks
    for alt, svg in networks:
        width = float(svg.get("width", "0").removesuffix("pt"))
        scale = min(1.0, text_width / width)
        legend = [t for t in svg.iter(f"{SVG}text")
                  if re.match(r"\d+  \S", "".join(t.itertext()))]  # the key-player key
        assert legend, alt
        for t in legend:
            size = float(re.search(r"font-size:\s*([\d.]+)px", t.get("style", ""))
                         .group(1))  # type: ignore[union-attr]
            assert size * scale >= 7.9, (alt, "".join(t.itertext()), size * scale)


def test_entity_names_from_the_statement_table(tmp_path: Path) -> None:
    """Actors by name, bank accounts as "account NUMBER (bank CODE)", unknown ids as
    themselves: read from statement_store, not the aggregating statements view."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    ingest_file(case, "saml_d", DATA / "aml" / "saml-d_sample_1k.csv")
    with case.connect(read_only=True) as con:
        account = con.execute("SELECT entity_id FROM statement_store WHERE schema = "
                              "'BankAccount' ORDER BY entity_id LIMIT 1").fetchall()[0][0]
        number_ = account.removeprefix("samld-acct-")
        names = entity_names(con, ["caviar-n1", account, "no-such-entity"])
    assert names == {"caviar-n1": "N1", account: f"account {number_}",
                     "no-such-entity": "no-such-entity"}


def test_every_report_chart_shows_the_code_of_its_sources(report: ReportFiles) -> None:
    """Each figure of the report carries, visibly and in its SVG metadata, the strictest
    code of the sources its footnote cites (at least TLP:AMBER): a chart cut out of the
    report still says how it may be shared."""
    from tnoc.store.derived import DERIVED_FLOOR
    from tnoc.tlp import strictest

    a = report.assessment
    codes = {str(s["source_id"]): str(s["handling_code"]) for s in a.sources}
    kinds = set()
    for figure in a.figures:
        svg = base64.b64decode(figure.uri.split(",", 1)[1]).decode("utf-8")
        expected = strictest([DERIVED_FLOOR, *(codes[s] for s in
                                               a.footnotes[figure.footnote - 1].sources)])
        assert re.search(rf"<dc:rights>\s*<cc:Agent>\s*<dc:title>{expected}</dc:title>",
                         svg), figure.title
        label = svg.split('<g id="tnoc-handling-code">', 1)[1][:2000]  # drawn, visible
        assert f">{expected}</text>" in label or f"<!-- {expected} -->" in label
        kinds.add(figure.kind)
    assert {"trend", "priority", "network"} <= kinds


def test_a_chart_marks_its_code_in_tlp_colours_and_refuses_to_leave_unmarked() -> None:
    """The priority matrix drawn for TLP:RED data shows "TLP:RED" in red (#FF2B2B) on
    black in its top-right corner; a figure without a code is not written, and an
    unknown code is refused."""
    from matplotlib.colors import to_hex

    from tnoc.errors import TnocError
    from tnoc.graph.marking import figure_handling, save_figure

    group = Priority("criminal network: CAVIAR", 3.0, 0.5,
                     {"harm": 4.0, "likelihood": 4.0, "capability": 3.0}, [], "test")
    fig = charts.priority_matrix([group], "Groups", handling="TLP:RED")
    [label] = [t for t in fig.texts if t.get_text() == "TLP:RED"]
    assert to_hex(label.get_color()).upper() == "#FF2B2B"
    assert label.get_bbox_patch().get_facecolor()[:3] == (0.0, 0.0, 0.0)
    fig.canvas.draw()  # top-right corner, inside the figure
    box, frame = label.get_window_extent(), fig.bbox
    assert frame.x1 - 12 < box.x1 <= frame.x1 and frame.y1 - 12 < box.y1 <= frame.y1
    assert figure_handling(fig) == "TLP:RED"
    plt.close(fig)
    bare = plt.figure()
    with pytest.raises(TnocError, match="no handling code"):
        save_figure(bare, Path("never-written.png"), "png")
    plt.close(bare)
    assert not Path("never-written.png").exists()
    with pytest.raises(TnocError, match="handling code must be one of"):
        charts.priority_matrix([group], "Groups", handling="RED")


class _Outline(HTMLParser):
    """The report as a reader scans it: each heading (level, text, whether any visible
    text follows it before the next heading of its level or above) and each
    footnote link's target."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[list[object]] = []  # [level, text, followed by content]
        self.links: list[str] = []
        self._in: int | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")
        if tag in ("h1", "h2", "h3", "h4"):
            level = int(tag[1])
            self.headings.append([level, "", False])
            self._in = level
        elif tag in ("img", "table") and self.headings and self._in is None:
            self._content()
        if tag == "a":
            self.links += [v or "" for k, v in attrs if k == "href"]

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")
        if tag in ("h1", "h2", "h3", "h4"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._skip or not data.strip() or not self.headings:
            return
        if self._in is not None:
            self.headings[-1][1] = str(self.headings[-1][1]) + data
        else:
            self._content()

    def _content(self) -> None:
        self.headings[-1][2] = True  # text, a table or a figure right under it

    def empty(self) -> list[str]:
        """Headings with nothing under them, directly or under a sub-heading, before
        the next heading of their level or above."""
        out = []
        for i, (level, text, own) in enumerate(self.headings):
            nested = []
            for heading in self.headings[i + 1:]:
                if int(str(heading[0])) <= int(str(level)):
                    break
                nested.append(heading[2])
            if not own and not any(nested):
                out.append(str(text))
        return out


def _outline(page: str) -> _Outline:
    outline = _Outline()
    outline.feed(page)
    return outline


def test_an_empty_case_reports_what_to_ingest_not_empty_headings(tmp_path: Path) -> None:
    """An empty case's report (review 2026-12-01, item 10): every section says there is
    nothing for it and what to ingest; no table of headers alone, no footnote link to
    nowhere, no "None"."""
    files = write_report(Case.init(tmp_path / "empty"), pdf=False)
    page = files.html.read_text(encoding="utf-8")
    outline = _outline(page)
    assert outline.empty() == []
    assert all(link != "#fn-" and link != "#source-" for link in outline.links)
    anchors = set(re.findall(r'id="([^"]+)"', page))
    assert all(link[1:] in anchors for link in outline.links if link.startswith("#"))
    assert page.count("Nothing in the case for this section: ingest") == 4  # sections 2-5
    parser = _Text()
    parser.feed(page)
    assert "None" not in "".join(parser.parts)
    assert "<th>#</th><th>group</th>" not in page  # the priority table, headers only


def test_the_full_report_has_no_empty_heading(report: ReportFiles) -> None:
    """The fixture's report: no heading without something under it (it profiles
    networks: section 4 is drawn), every footnote link lands."""
    page = report.html.read_text(encoding="utf-8")
    outline = _outline(page)
    assert outline.empty() == []
    anchors = set(re.findall(r'id="([^"]+)"', page))
    assert all(link[1:] in anchors for link in outline.links if link.startswith("#"))


def test_the_outline_check_can_fail() -> None:
    page = "<h2>2. Trends</h2><h2>3. Where</h2><h3>Flows</h3><table></table><h2>4.</h2>"
    assert _outline(page).empty() == ["2. Trends", "4."]


def test_questionnaire_labels_cleaned_for_display_and_kept_in_the_record(
        report: ReportFiles) -> None:
    """UNODC's instructions to the respondent are dropped from category names in the
    report (review item 12) by one rule; the run record keeps the names as published."""
    assert category_label("Coca paste/refined cocaine base (intermediate products) "
                          "(please specify)") == ("Coca paste/refined cocaine base "
                                                  "(intermediate products)")
    assert category_label("Cocaine (total of the above, including if unspecified/"
                          "undistinguished, but excluding coca leaf and coca bush)"
                          ) == "Cocaine (total)"
    assert category_label("Cannabis herb (marijuana)") == "Cannabis herb (marijuana)"
    page = report.html.read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(page)
    text = "".join(parser.parts)
    assert "please specify" not in text and "including if unspecified" not in text
    legends = " ".join(t for _, svg in _svgs(page) for t in _svg_texts(svg))
    assert "please specify" not in legends and "Cannabis herb (marijuana)" in legends
    record = json.loads(next((report.html.parent.parent / "analyses").glob(
        "threat-assessment-*.json")).read_text(encoding="utf-8"))
    kept = " ".join(record["summary"])
    assert "(please specify)" in kept or "including if unspecified" in kept


def test_countries_named_and_years_spanned() -> None:
    """One helper names a country wherever the report means one (review item 13):
    alpha-2 or alpha-3, either case; names, regions and classes pass as they are."""
    assert [country(c) for c in ("US", "gb", "GBR", "NG", "EU")] == [
        "United States", "United Kingdom", "United Kingdom", "Nigeria", "European Union"]
    assert [country(c) for c in ("Worldwide", "(not stated)", "Can", "XX")] == [
        "Worldwide", "(not stated)", "Can", "XX"]
    assert year_span([2018, 2019, 2020, 2021]) == "2018–2021"
    assert year_span([2018, 2020, 2021]) == "2018, 2020 and 2021"
    assert year_span([2019]) == "2019"


def _priority(name: str, score: float) -> Priority:
    return Priority(name, score, 0.58, {"harm": 4.0, "likelihood": 4.0}, [], "test")


def test_a_tie_for_first_is_named_in_the_summary() -> None:
    """Three groups with the score the table prints as 4.43 share the first place: the
    judgement names all three (review item 11), never one of them as the leader."""
    tied = [_priority("malware family: Dridex", 4.4286), _priority("malware family: "
            "Emotet", 4.4285), _priority("malware family: TrickBot", 4.4290),
            _priority("malware family: QakBot", 4.1)]
    judgement = key_judgements({}, {}, [], tied, [], {})[0]
    assert judgement.text.startswith("The malware families Dridex, Emotet and TrickBot "
                                     "share the highest priority")
    mixed = [_priority("malware family: Dridex", 4.43), _priority("darknet vendor: fake",
                                                                    4.43)]
    assert key_judgements({}, {}, [], mixed, [], {})[0].text.startswith(
        "The malware family Dridex and the darknet vendor fake share")
    alone = key_judgements({}, {}, [], tied[2:], [], {})[0]
    assert alone.text.startswith("The malware family TrickBot is the highest priority")


def test_the_note_under_a_map_clears_the_colour_bar_label() -> None:
    """The "highest: ..." line sits under the colour bar's label, not on it (review
    item 14), and names countries; labels on the map never cover each other."""
    fig = maps.choropleth({"US": 658_304, "ZA": 369_488, "CA": 66_732, "GB": 58_931,
                           "NL": 57_558, "DE": 900}, "UNODC seizures",
                          "kg seized (latest year)", handling="TLP:AMBER")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax, bar = fig.axes[0], fig.axes[1]
    note = next(t for t in ax.texts if t.get_text().startswith("highest:"))
    assert "United States 658,304" in note.get_text()
    below = note.get_window_extent(renderer)
    label = bar.xaxis.label.get_window_extent(renderer)
    ticks = [t.get_window_extent(renderer) for t in bar.get_xticklabels() if t.get_text()]
    assert below.y1 <= label.y0 and not any(below.overlaps(t) for t in ticks)
    names = [t for t in ax.texts if t is not note]
    assert {t.get_text() for t in names} >= {"United States", "South Africa"}
    for a, b in combinations([t.get_window_extent(renderer) for t in names], 2):
        assert not a.overlaps(b)
    plt.close(fig)
