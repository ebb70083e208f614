"""CTDC indicator profiles (issue #25, item 3): missingness, profiles, chi-square and
odds ratios on the published subset, against counts computed here from the raw CSV."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import InputFileError
from tnoc.trafficking.profiles import (
    ProfileReport,
    Victims,
    association,
    odds_ratios,
    profile_report,
    read_victims,
    wald_interval,
)

from .conftest import DATA

CTDC = DATA / "trafficking" / "ctdc_victims_cleaned_subset.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def raw() -> list[dict[str, str]]:
    with CTDC.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def victims() -> Victims:
    return read_victims(CTDC)


@pytest.fixture(scope="module")
def report(victims: Victims) -> ProfileReport:
    return profile_report(victims)


def test_missingness_stated_from_the_raw_file(raw: list[dict[str, str]],
                                              report: ProfileReport) -> None:
    missing = {m.field: m for m in report.missing}
    assert report.rows == len(raw) == 14_299
    assert missing["citizenship"].unknown == sum(r["citizenship"] == "0" for r in raw)
    assert round(missing["citizenship"].share, 3) == 0.584  # the "58%"
    assert missing["recruiter"].unknown == sum(
        r["RecruiterCategory"] == "Not Specified" for r in raw)
    assert missing["labour"].unknown == sum(r["Labor_Type"] == "Unknown" for r in raw)
    assert missing["control"].unknown == 0


def test_profiles_count_every_row_unknown_kept(raw: list[dict[str, str]],
                                                report: ProfileReport) -> None:
    found = dict(report.profiles)
    assert sum(found.values()) == len(raw)
    expected = sum(1 for r in raw if r["ControlCategory"] == "Threats"
                   and r["RecruiterCategory"] == "Family/Relative"
                   and r["ExploitType"] == "Sexual Exploitation"
                   and r["ageCategories"] == "Age 9-17" and r["gender"] == "Female")
    assert found[("Threats", "Family/Relative", "Sexual Exploitation", "Age 9-17",
                  "Female")] == expected > 0
    assert ("Other", "(unknown)", "Sexual Exploitation", "Age 9-17", "Female") in found


def test_odds_ratio_and_wald_interval_by_hand(raw: list[dict[str, str]],
                                              victims: Victims) -> None:
    a = sum(r["ControlCategory"] == "Financial" and r["ExploitType"] == "Forced Labor"
            for r in raw)
    b = sum(r["ControlCategory"] == "Financial" and r["ExploitType"] != "Forced Labor"
            for r in raw)
    c = sum(r["ControlCategory"] != "Financial" and r["ExploitType"] == "Forced Labor"
            for r in raw)
    d = len(raw) - a - b - c
    found = next(o for o in odds_ratios(victims, "control", "exploitation")
                 if o.first_value == "Financial" and o.second_value == "Forced Labor")
    assert found.table == (a, b, c, d)
    assert found.odds_ratio == pytest.approx(a * d / (b * c))
    half = 1.959964 * math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    assert found.wald_ci[0] == pytest.approx(math.exp(math.log(a * d / (b * c)) - half))
    assert found.wald_ci[1] == pytest.approx(math.exp(math.log(a * d / (b * c)) + half))
    assert found.exact_ci is None  # every cell large: the Wald interval suffices
    assert found.wald_ci[0] > 1  # financial control goes with forced labour


def test_small_cells_get_the_exact_interval(victims: Victims) -> None:
    small = [o for o in odds_ratios(victims, "control", "exploitation")
             if min(o.table) < 5]
    assert small and all(o.exact_ci is not None for o in small)
    for o in small:
        assert o.exact_ci is not None and o.exact_ci[0] <= o.odds_ratio <= o.exact_ci[1]


def test_zero_cell_is_corrected_and_said() -> None:
    ratio, low, high, corrected = wald_interval(0, 10, 10, 10)
    assert corrected and ratio == pytest.approx(0.5 * 10.5 / (10.5 * 10.5))
    assert low < ratio < high


def test_chi_square_degrees_of_freedom_and_known_rows(raw: list[dict[str, str]],
                                                      victims: Victims) -> None:
    test = association(victims, "recruiter", "exploitation")
    assert test is not None
    known = [r for r in raw if r["RecruiterCategory"] != "Not Specified"]
    recruiters = {r["RecruiterCategory"] for r in known}
    exploits = {r["ExploitType"] for r in known}
    assert test.rows == len(known)
    assert test.dof == (len(recruiters) - 1) * (len(exploits) - 1)
    # Pearson's statistic from the raw counts
    cells = Counter((r["RecruiterCategory"], r["ExploitType"]) for r in known)
    rows_t = Counter(r["RecruiterCategory"] for r in known)
    cols_t = Counter(r["ExploitType"] for r in known)
    chi2 = sum((cells[(x, y)] - rows_t[x] * cols_t[y] / len(known)) ** 2
               / (rows_t[x] * cols_t[y] / len(known)) for x in recruiters for y in exploits)
    assert test.chi2 == pytest.approx(chi2)


def test_command_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["trafficking", "profiles", str(CTDC), "--view", "odds",
                                 "--all", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    missing = {m["field"]: m for m in doc["missing"]}
    assert missing["citizenship"]["share"] == pytest.approx(0.5842, abs=1e-4)
    assert {tuple(t["fields"]) for t in doc["associations"]} >= {("control", "exploitation")}
    assert all(r["wald_low"] <= r["odds_ratio"] <= r["wald_high"] for r in doc["rows"])


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "victims.csv"
    bad.write_text("gender,citizenship\nFemale,US\n")
    with pytest.raises(InputFileError, match="ControlCategory"):
        read_victims(bad)
    result = runner.invoke(app, ["trafficking", "profiles", str(bad)])
    assert result.exit_code != 0
