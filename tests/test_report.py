"""The threat-assessment report read as an analyst reads it, on real data (IC3 tables,
UNODC drug seizures, the CAVIAR and 'Ndrangheta networks): no internal source ids or
local paths in its text, a unit on every chart axis, counts written as integers,
community colours that colour, and key judgements in the PHIA yardstick."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tnoc.assess.judgements import priority_stability
from tnoc.assess.report import ReportFiles, write_report
from tnoc.assess.wording import YARDSTICK, axis_label, likelihood, number
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
