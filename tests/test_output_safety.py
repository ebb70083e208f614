"""Data from a seized file cannot steer the terminal, a spreadsheet or an XML parser.

A call-record export whose subscriber names hold Rich markup ("Ali [/x] Baba"), a
spreadsheet formula (=HYPERLINK) and a terminal escape sequence with a NUL is ingested
through the shipped ``call_records`` mapping, collected by "[/]"; every command that
prints or writes those names must work and pass none of it through raw."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from tnoc.graph.export import xml_safe
from tnoc.safe_text import spreadsheet_cell, visible_controls, without_controls
from tnoc.store import Case

from .conftest import run_tnoc

MARKUP_NAME = "Ali [/x] Baba"
FORMULA_NAME = '=HYPERLINK("http://x")'
ESCAPE_NAME = "Red\x1b[31m Eye\x00 Boss"
CLEAN_ESCAPE_NAME = "Red[31m Eye Boss"
COLLECTOR = "[/]"
BIDI_NAME = "Ivan \u202eovorteP"  # displays as "Ivan Petrovo": an override reorders it

CALLS = (
    "record_id,type,start,duration_s,a_number,a_name,b_number,b_name,cell_id\n"
    f"1,voice,2024-03-04T08:12:09,134,+491701234567,{MARKUP_NAME},+441234567890,"
    '"=HYPERLINK(""http://x"")",\n'
    f"2,voice,2024-03-04T09:00:00,60,+491701234567,{MARKUP_NAME},+33123456789,"
    f"{ESCAPE_NAME},\n"
    f"3,sms,2024-03-05T10:00:00,,+33123456789,{ESCAPE_NAME},+441234567890,"
    '"=HYPERLINK(""http://x"")",\n'
    f"4,sms,2024-03-06T10:00:00,,+33123456789,{ESCAPE_NAME},+34911234567,{BIDI_NAME},\n"
)
ALI = "cdr-line-491701234567"
RED = "cdr-line-33123456789"
IVAN = "cdr-line-34911234567"


@pytest.fixture(scope="module")
def hostile_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case holding the hostile call records, ingested through the CLI."""
    folder = tmp_path_factory.mktemp("hostile")
    calls = folder / "calls.csv"
    calls.write_text(CALLS, encoding="utf-8")
    case = Case.init(folder / "case").root
    done = run_tnoc("ingest", "-c", str(case), "call_records", str(calls),
                    "--collector", COLLECTOR)
    assert done.returncode == 0, done.stderr
    return case


def _clean_output(text: str) -> None:
    """No escape character, NUL or other control character in ``text``."""
    assert "\x1b" not in text and "\x00" not in text
    assert without_controls(text) == text


def test_spreadsheet_cell_neutralises_formulas_not_numbers() -> None:
    """OWASP's formula starts get a quote; numbers written as text stay numbers."""
    for formula in (FORMULA_NAME, "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(A1)",
                    "\tx", "\rx"):
        assert spreadsheet_cell(formula) == "'" + formula
    for plain in ("-12.5", "+491701234567", "1e5", "Ali", "", -12.5, 7, None):
        assert spreadsheet_cell(plain) == plain


def test_control_characters_are_shown_never_sent() -> None:
    """ESC and NUL become visible symbols on a terminal; tab and newline stay."""
    assert visible_controls(ESCAPE_NAME) == "Red\u241b[31m Eye\u2400 Boss"
    assert visible_controls("a\tb\nc") == "a\tb\nc"
    assert without_controls(ESCAPE_NAME) == CLEAN_ESCAPE_NAME


def test_control_characters_flagged_at_intake(hostile_case: Path) -> None:
    """The name with ESC and NUL is kept as written, cleaned without them, flagged."""
    with Case.open(hostile_case).connect(read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT value, original_value, flag FROM statement_store "
            "WHERE entity_id = $e AND prop = 'name'", {"e": RED}).fetchall()
    assert rows == [(CLEAN_ESCAPE_NAME, ESCAPE_NAME, "control characters")]


def test_bidirectional_overrides_are_controls(hostile_case: Path) -> None:
    """A right-to-left override (Trojan Source) is flagged at intake like ESC, kept in
    the original, named on a terminal; Arabic text itself is not touched."""
    assert visible_controls(BIDI_NAME) == "Ivan <U+202E>ovorteP"
    assert without_controls("\u0639\u0644\u064a \u200f") == "\u0639\u0644\u064a \u200f"
    with Case.open(hostile_case).connect(read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT value, original_value, flag FROM statement_store "
            "WHERE entity_id = $e AND prop = 'name'", {"e": IVAN}).fetchall()
    assert rows == [("Ivan ovorteP", BIDI_NAME, "control characters")]
    done = run_tnoc("show", IVAN, "-c", str(hostile_case))
    assert done.returncode == 0 and "\u202e" not in done.stdout, done.stderr
    assert "<U+202E>" in done.stdout


def test_flagged_names_still_name_and_find(hostile_case: Path) -> None:
    """A name flagged only for the control characters taken out of it still names the
    entity (not its bare id) and finds it."""
    from tnoc.store.lookup import captions, find_entity

    with Case.open(hostile_case).connect(read_only=True) as con:
        assert captions(con, [RED, IVAN]) == {RED: CLEAN_ESCAPE_NAME, IVAN: "Ivan ovorteP"}
        assert find_entity(con, CLEAN_ESCAPE_NAME) == RED


@pytest.mark.parametrize("args", [
    ("show", ALI), ("show", RED), ("search", "Baba"), ("search", "Eye"),
    ("search", "HYPERLINK"), ("sources",), ("custody", "log"), ("flagged",),
    ("show", ALI, "--json"), ("search", "Eye", "--json"),
])
def test_commands_print_data_as_text(hostile_case: Path, args: tuple[str, ...]) -> None:
    """Every listing command works on the hostile names and prints them as text."""
    done = run_tnoc(*args, "-c", str(hostile_case))
    assert done.returncode == 0, done.stderr
    _clean_output(done.stdout + done.stderr)
    if args[:2] in (("show", ALI), ("search", "Baba")):
        assert MARKUP_NAME in done.stdout
    if args == ("sources",):
        assert COLLECTOR in done.stdout
    if args == ("flagged",):
        assert "control characters" in done.stdout


def test_error_message_quoting_data_is_text(hostile_case: Path) -> None:
    """An error naming a value with markup and an escape prints it as text."""
    done = run_tnoc("show", "[/] nobody \x1b[2J", "-c", str(hostile_case))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "[/] nobody" in done.stderr
    _clean_output(done.stdout + done.stderr)


@pytest.mark.parametrize("args", [("search", "HYPERLINK", "--csv"), ("sources", "--csv"),
                                  ("show", ALI, "--csv")])
def test_csv_outputs_neutralise_formulas(hostile_case: Path, args: tuple[str, ...]) -> None:
    """No CSV cell TNOC writes starts a formula; the collector "[/]" stays as written."""
    done = run_tnoc(*args, "-c", str(hostile_case))
    assert done.returncode == 0, done.stderr
    cells = [c for row in csv.reader(io.StringIO(done.stdout)) for c in row]
    assert cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")
                and spreadsheet_cell(c) != c]
    if args[0] == "search":
        assert "'" + FORMULA_NAME in cells
    if args[0] == "sources":
        assert COLLECTOR in cells


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_xml_exports_parse(hostile_case: Path, tmp_path: Path, fmt: str) -> None:
    """GEXF and GraphML hold the names without control characters and parse."""
    out = tmp_path / f"calls.{fmt}"
    done = run_tnoc("network", "export", str(out), "--format", fmt,
                    "-c", str(hostile_case))
    assert done.returncode == 0, done.stderr
    text = ET.tostring(ET.parse(out).getroot(), encoding="unicode")
    assert MARKUP_NAME in text and "\x1b" not in text


@pytest.mark.parametrize("write", [nx.write_gexf, nx.write_graphml])
def test_xml_safe_graph_parses(tmp_path: Path, write: Callable[[nx.Graph, Path], None]
                               ) -> None:
    """A label or attribute holding ESC and NUL (a case ingested before control
    characters were flagged) is written without them, and the file parses."""
    graph = nx.Graph()
    graph.add_node("a\x00b", label=ESCAPE_NAME, note="x\x07y")
    graph.add_node("c", label=MARKUP_NAME)
    graph.add_edge("a\x00b", "c", kind="call\x1b")
    out = tmp_path / "net.xml"
    write(xml_safe(graph), out)
    text = ET.tostring(ET.parse(out).getroot(), encoding="unicode")
    assert CLEAN_ESCAPE_NAME in text and "xy" in text and 'id="ab"' in text


def test_i2_export_neutralises_formulas(hostile_case: Path, tmp_path: Path) -> None:
    """i2's entities.csv labels the formula name as text."""
    out = tmp_path / "i2"
    done = run_tnoc("network", "export", str(out), "--format", "i2",
                    "-c", str(hostile_case))
    assert done.returncode == 0, done.stderr
    with open(out / "entities.csv", encoding="utf-8", newline="") as fh:
        labels = {row["Label"] for row in csv.DictReader(fh)}
    assert "'" + FORMULA_NAME in labels and FORMULA_NAME not in labels


def test_json_output_escapes_every_control(capsys: pytest.CaptureFixture[str]) -> None:
    """--json writes ESC, NUL and the C1 escape introducer as \\u escapes: the same
    value for a program, nothing a terminal obeys."""
    from tnoc.cli.common import emit_json

    emit_json({"name": "x\x9b31m" + ESCAPE_NAME})
    out = capsys.readouterr().out
    _clean_output(out)
    assert json.loads(out) == {"name": "x\x9b31m" + ESCAPE_NAME}
