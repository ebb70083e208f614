"""The trends table on the shipped IC3 complaints table (the demo's data): the newest
value always shown, alarms only inside the --last window, renames that name two
different published names, and successions only between related categories."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tnoc.assess.breaks import Seam, related, seams
from tnoc.assess.emerging import emerging_threats
from tnoc.assess.series import CountSeries, observation_series
from tnoc.assess.trends import alarms, assess_series
from tnoc.errors import TnocError
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

from .conftest import DATA

IC3 = DATA / "trends" / "ic3_crime_type_counts_2015_2025.csv"


@pytest.fixture(scope="module")
def ic3(tmp_path_factory: pytest.TempPathFactory) -> Case:
    case = Case.init(tmp_path_factory.mktemp("trends") / "case")
    ingest_file(case, "ic3_counts", IC3)
    return case


@pytest.fixture(scope="module")
def complaints(ic3: Case) -> dict[str, CountSeries]:
    with ic3.connect(read_only=True) as con:
        return observation_series(con, "IC3 complaints")


@pytest.fixture(scope="module")
def found(ic3: Case, complaints: dict[str, CountSeries]) -> list[Seam]:
    with ic3.connect(read_only=True) as con:
        return seams(con, "IC3 complaints", complaints)


def test_newest_value_is_shown_even_when_no_alarm_can_judge_it(
        complaints: dict[str, CountSeries]) -> None:
    """Botnet, SIM Swap, Data Breach and Phishing/Spoofing start in 2022-2023: too
    short a history for the Farrington alarm, which left 'newest' blank. The newest
    value comes from the series, the alarm says why it did not judge."""
    botnet = complaints["Botnet"]
    assert alarms(botnet, "farrington").latest is None  # what left the cell blank
    read = assess_series(botnet, last=5)
    assert (read.newest_period, read.newest_value, read.current) == ("2025", 715.0, True)
    assert read.alarm is None and any("not judged" in n for n in read.notes)
    for name, series in complaints.items():
        if series.observed:
            assert assess_series(series, last=5).newest_period is not None, name
    merged = assess_series(complaints["Phishing/Spoofing (merged 2023+)"], last=5)
    assert (merged.newest_period, merged.newest_value) == ("2025", 191_561.0)


def test_alarms_stay_inside_the_last_window(complaints: dict[str, CountSeries]) -> None:
    """Misrepresentation was last published in 2020 and its 2020 value alarms; with
    --last 5 (2021-2025) that alarm was still printed. It is not reported now, and
    every alarm reported falls in the window."""
    old = alarms(complaints["Misrepresentation"], "farrington").latest
    assert old is not None and old.period == "2020" and old.alarm  # outside 2021-2025
    read = assess_series(complaints["Misrepresentation"], last=5)
    assert read.window == ["2021", "2022", "2023", "2024", "2025"]
    assert read.alarm is None and read.window_alarms == [] and not read.current
    assert read.newest_period == "2020" and any("no value for 2025" in n for n in read.notes)
    for name, series in complaints.items():
        result = assess_series(series, last=5)
        periods = [a.period for a in result.window_alarms]
        assert set(periods) <= set(result.window), name
        if result.alarm is not None:
            assert result.alarm.period == "2025", name
    employment = assess_series(complaints["Employment"], last=5)
    assert employment.alarm is not None and employment.alarm.alarm
    assert [a.period for a in employment.window_alarms] == ["2024", "2025"]
    with pytest.raises(TnocError, match="--last 0"):
        assess_series(complaints["Employment"], last=0)


def test_a_rename_names_two_different_published_names(found: list[Seam]) -> None:
    """'BEC/EAC renamed from BEC/EAC': the table put the harmonised category beside the
    old published name. A rename now shows the published names on both sides, and a
    change of letter case alone (IC3 2023 'Non-payment/Non-Delivery') is no rename."""
    renamed = [x for x in found if x.kind == "renamed"]
    for seam in renamed:
        assert {b.casefold() for b in seam.before} != {a.casefold() for a in seam.after}
        old, new = seam.description.split(" → ")
        assert old != new, seam.description
    bec = {x.period: x.description for x in renamed if x.category == "BEC/EAC"}
    assert bec == {"2016": "'Business Email Compromise' → 'BEC/EAC'",
                   "2022": "'BEC/EAC' → 'BEC'",
                   "2024": "'BEC' → 'Business Email Compromise'"}
    assert not [x for x in renamed if x.category == "Non-Payment/Non-Delivery"]


def test_successors_are_related_categories_only(found: list[Seam]) -> None:
    """Botnet (new in 2022) was listed as succeeding Civil Matter, Gambling,
    Re-shipping and every other category last published in 2021. A predecessor must
    share a main word of the name; a category without one is new ('started')."""
    succeeded = {x.category: x for x in found if x.kind == "succeeded"}
    started = {x.category: x for x in found if x.kind == "started"}
    for seam in succeeded.values():
        assert seam.before and all(related(seam.category, b) for b in seam.before)
    assert succeeded["Data Breach (merged category, 2022+)"].before == [
        "Corporate Data Breach"]
    assert {"Botnet", "SIM Swap"} <= set(started)
    assert started["Botnet"].before == [] and started["Botnet"].level_before is None
    merger = [x for x in found if x.likely_merger]
    assert [x.category for x in merger] == ["Phishing/Spoofing (merged 2023+)"]
    assert merger[0].before == ["Phishing", "Spoofing (standalone, 2016-2022)"]
    assert merger[0].level_before == 300_497 + 20_649


def test_emerging_threats_read_the_same_window(complaints: dict[str, CountSeries]) -> None:
    listed = emerging_threats(complaints)
    assert listed[0].category == "Government Impersonation" and listed[0].signals == 2
    names = [t.category for t in listed]
    assert "Phishing" not in names and "Misrepresentation" not in names


def test_cli_trends_table(ic3: Case, tmp_path: Path) -> None:
    out = tmp_path / "trends.csv"
    done = subprocess.run(
        [sys.executable, "-m", "tnoc.cli", "assess", "trends", "IC3 complaints", "-c",
         str(ic3.root), "--last", "5", "--csv", str(out)], capture_output=True, text=True,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin",
             "TNOC_KEYS": os.environ["TNOC_KEYS"]})  # the key registered in the case
    assert done.returncode == 0, done.stderr
    rows = {r["category"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert all(r["newest"] for r in rows.values())
    assert rows["Botnet"]["newest"] == "2025: 715" and rows["Botnet"]["alarm"] == "not judged"
    assert rows["Misrepresentation"]["alarm"] == "no 2025 value"
    assert rows["Employment"]["alarm"].startswith("ALARM")
    assert "2021–2025 (last 5 periods)" in done.stdout
    assert "'BEC/EAC' → 'BEC'" in done.stdout
