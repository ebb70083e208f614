"""Victim flows from UNODC GLOTIP (issue #25, item 2): suppressed cells ("<5") carried
as the bounds [1, 4] through every sum, never as a number; the domestic share and the
regional flows as intervals; the breakdown reconciled with GLOTIP's published totals."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import InputFileError, Where
from tnoc.trafficking.flows import (
    NATIONALS,
    NOT_STATED,
    Bounds,
    Glotip,
    domestic_shares,
    parse_count,
    read_glotip,
    read_totals,
    reconcile,
    regional_flows,
)

from .conftest import DATA

GLOTIP = DATA / "trafficking" / "unodc_glotip.xlsx"
TOTALS = DATA / "trafficking" / "unodc_glotip_total_year_wise.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def glotip() -> Glotip:
    return read_glotip(GLOTIP)


def test_suppressed_cells_are_bounds_never_numbers() -> None:
    here = Where("f.xlsx", 2, "txtVALUE")
    assert parse_count("<5", here) == Bounds(1, 4)
    assert parse_count("1,094", here) == Bounds(1094, 1094)
    with pytest.raises(InputFileError, match="row 2, field 'txtVALUE': 'n/a' is not a count"):
        parse_count("n/a", here)


def test_germany_2018_breakdown_carries_its_ten_suppressed_cells(glotip: Glotip) -> None:
    """Germany 2018 in the published file: 15 cells adding to 448 and ten "<5" cells, so
    458 to 488 victims by citizenship; GLOTIP's total (503) is above that: victims the
    breakdown does not give a citizenship for."""
    germany = [c for c in glotip.in_year(2018) if c.detected_in == "Germany"]
    assert len(germany) == 25 and sum(not c.victims.exact for c in germany) == 10
    rec = next(r for r in reconcile(glotip, read_totals(TOTALS), 2018) if r.iso3 == "DEU")
    assert (rec.breakdown, rec.suppressed, rec.total) == (Bounds(458, 488), 10, 503)
    assert rec.status == "breakdown short"
    assert any(c.citizenship == "Türkiye" for c in germany)  # mojibake repaired


def test_reconciliation_with_glotip_totals(glotip: Glotip) -> None:
    """Every country-year: where nothing is suppressed and the sums equal the total the
    status is "equal"; where cells are suppressed the total is judged against the bounds
    and never called equal; the mismatches of the published tables are counted, not
    hidden (measured on this file: 122 equal, 434 within bounds, 306 short, 84 over)."""
    totals = read_totals(TOTALS)
    recs = reconcile(glotip, totals)
    for r in recs:
        assert r.total == totals.get((r.iso3, r.year))
        if r.status == "equal":
            assert r.suppressed == 0 and r.breakdown == Bounds(r.total, r.total)
        elif r.status == "within bounds":
            assert r.suppressed > 0 and r.breakdown.contains(r.total or -1)
        elif r.status == "breakdown short":
            assert r.total is not None and r.total > r.breakdown.high
        elif r.status == "breakdown over":
            assert r.total is not None and r.total < r.breakdown.low
        if r.suppressed:
            assert r.breakdown.high - r.breakdown.low == 3 * r.suppressed
    assert Counter(r.status for r in recs) == {
        "within bounds": 434, "breakdown short": 306, "equal": 122, "breakdown over": 84,
        "no total": 65}
    albania = {r.year: r for r in recs if r.iso3 == "ALB"}
    assert albania[2008].status == "equal" and albania[2008].total == 108


def test_domestic_share_is_an_interval_over_stated_citizenship(glotip: Glotip) -> None:
    shares = {d.country: d for d in domestic_shares(glotip, 2018)}
    germany = shares["Germany"]
    assert germany.domestic == Bounds(82, 82)
    assert germany.not_stated == Bounds(9, 9)  # "Unknown" is not foreign
    assert germany.share_low == pytest.approx(82 / (82 + germany.foreign.high))
    assert germany.share_high == pytest.approx(82 / (82 + germany.foreign.low))
    assert shares["Albania"].share_low is None  # no citizenship stated at all
    assert shares["Nigeria"].domestic == Bounds(1099, 1099)  # written "Nationals"


def test_regional_flows_sum_the_corridors_bounds(glotip: Glotip) -> None:
    flows = regional_flows(glotip, 2018)
    corridors = glotip.in_year(2018)
    assert sum(f.corridors for f in flows) == len(corridors)
    assert sum(f.victims.low for f in flows) == sum(c.victims.low for c in corridors)
    assert sum(f.victims.high for f in flows) == sum(c.victims.high for c in corridors)
    europe = next(f for f in flows if (f.origin, f.destination) == ("Europe", "Europe"))
    # 3,946-4,114 before one name per country: 180 Dutch victims (citizenship
    # "Netherlands") detected in "Netherlands (Kingdom of the)" had no region
    assert europe.victims == Bounds(3946 + 180, 4114 + 180)
    assert any(f.origin == NOT_STATED for f in flows)


def test_one_name_per_country_and_nationals_resolved(glotip: Glotip) -> None:
    """Review item 18: "Nationals" is the detecting country in every view (Nigeria's
    1,099 are Nigerians in Nigeria, not "Nationals"); a country GLOTIP writes two ways
    ("Bolivia" as a citizenship, "Bolivia (Plurinational State of)" as a detecting
    country) has one name."""
    corridors = glotip.in_year(2018)
    names = {c.citizenship for c in corridors} | {c.detected_in for c in corridors}
    assert not {n for n in names if n.casefold() in NATIONALS}
    assert "Bolivia" in names and not any(n.startswith("Bolivia (") for n in names)
    assert "Netherlands" in names and not any(n.startswith("Netherlands (") for n in names)
    nigeria = [c for c in corridors if c.detected_in == "Nigeria" and c.domestic]
    assert [(c.citizenship, c.victims) for c in nigeria] == [("Nigeria",
                                                             Bounds(1099, 1099))]
    done = runner.invoke(app, ["trafficking", "flows", "--year", "2018", "--view",
                               "corridors", "--json", "--all"])
    rows = json.loads(done.stdout)["rows"]
    assert not [r for r in rows if r["citizenship"].casefold() in NATIONALS]
    assert {"citizenship": "Nigeria", "detected_in": "Nigeria", "low": 1099} \
        .items() <= next(r for r in rows if r["detected_in"] == "Nigeria"
                         and r["domestic"]).items()


def test_flows_command(tmp_path: Path) -> None:
    done = runner.invoke(app, ["trafficking", "flows", "--year", "2018", "--view",
                               "reconcile", "--json"])
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["suppressed_as"] == [1, 4] and doc["total"] == len(doc["rows"]) == 75
    germany = next(r for r in doc["rows"] if r["country"] == "Germany")
    assert (germany["breakdown_low"], germany["breakdown_high"], germany["total"]) == (
        458, 488, 503)
    bad = tmp_path / "glotip.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    refused = runner.invoke(app, ["trafficking", "flows", "--glotip", str(bad)])
    assert refused.exit_code != 0
    assert isinstance(refused.exception, InputFileError)
    assert "not a readable XLSX workbook" in str(refused.exception)
    assert runner.invoke(app, ["trafficking", "flows", "--year", "1990"]).exit_code != 0
