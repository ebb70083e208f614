"""The i2 export keeps each call as its own dated link (date, time, duration), checked
against the call-record file read row by row with Python's csv module."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from tnoc.graph.export import LINK_COLUMNS, export_network
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

from .conftest import ROOT

CALLS = ROOT / "tests" / "data" / "cdr" / "calls.csv"


def _seconds(duration: str) -> str:
    """The record's duration in seconds, as the file writes it: "134", "00:05:05",
    "05:05" or ISO 8601 "PT6M52S"."""
    iso = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", duration)
    if iso:
        hours, minutes, seconds = (int(x or 0) for x in iso.groups())
    elif ":" in duration:
        parts = [int(x) for x in duration.split(":")]
        hours, minutes, seconds = [0] * (3 - len(parts)) + parts
    else:
        return duration
    return str(hours * 3600 + minutes * 60 + seconds)


def test_each_call_is_a_dated_link(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "case")
    ingest_file(case, "call_records", CALLS, IngestOptions(region="DE"))
    with case.transaction() as con:
        p = project(con, ProjectionSpec())
        written = export_network(con, p, "i2", tmp_path / "i2")
    with open(written[1], encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == LINK_COLUMNS
        links = {row["Link ID"]: row for row in reader}
    with open(CALLS, encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    # 20 records between 19 pairs of lines: 20 links, none merged
    assert p.graph.numberOfEdges() == 19 and len(links) == len(records) == 20
    for number, record in enumerate(records, start=1):
        link = links[f"cdr-{record['record_id']}"]
        day, time = record["start"].split("T")
        assert (link["Date"], link["Time"]) == (day, time)
        assert link["Link Type"] == ("Call" if record["type"] == "voice" else "Message")
        assert link["Duration (s)"] == _seconds(record["duration_s"])  # none for an SMS
        assert link["Evidence"] == f"calls.csv row {number}"
        assert link["Direction"] == "Directed" and link["Weight"] == "1"
    # the two contacts between the same pair are two links, in time order
    pair = [row["Link ID"] for row in links.values()
            if row["From Entity ID"] == "cdr-line-4915112223333"
            and row["To Entity ID"] == "cdr-line-4917620004444"]
    assert pair == ["cdr-C-0003", "cdr-C-0014"]
