"""Nothing cut silently (#18): listings through the entry point with standard output
piped, as an analyst's `| cat`, `> file.csv` or a script sees them: whole values, --json
and --csv documents whose counts add up, and a footer on every list cut short."""

from __future__ import annotations

import csv
import hashlib
import inspect
import io
import json
import re
import subprocess

import pytest

from tnoc.cli.common import Column, Listing, unwrapped_help

from .conftest import DATA, run_tnoc

SDN = DATA / "sanctions" / "ofac_sdn_2024-05-03.csv"
XBT = DATA / "sanctions" / "ofac_crypto_addresses" / "sanctioned_addresses_XBT.txt"


def tnoc(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``tnoc`` with standard output piped (never a terminal)."""
    return run_tnoc(*args, columns=100)


@pytest.fixture(scope="module")
def sanctions_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, int]]:
    """A case holding the OFAC SDN list and OFAC's bitcoin addresses (both with invalid
    values), and the flagged count each ingest reported."""
    case = str(tmp_path_factory.mktemp("output") / "case")
    assert tnoc("case", "init", case).returncode == 0
    reported = {}
    for mapping, path in (("ofac_sdn", SDN), ("ofac_crypto_addresses", XBT)):
        done = tnoc("ingest", mapping, str(path), "-c", case)
        assert done.returncode == 0, done.stderr
        found = re.search(r"([\d,]+) values flagged", done.stdout)
        assert found, done.stdout
        reported[path.name] = int(found.group(1).replace(",", ""))
        assert f"'tnoc flagged -c {case} --source {path.name}' lists them all" in done.stdout
    return case, reported


def test_sources_piped_gives_whole_hashes(sanctions_case: tuple[str, dict[str, int]]) -> None:
    case, _ = sanctions_case
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (SDN, XBT)}
    document = json.loads(tnoc("sources", "-c", case, "--json").stdout)
    assert document["total"] == document["shown"] == 2
    assert {r["file_name"]: r["sha256"] for r in document["rows"]} == digests
    table = tnoc("sources", "-c", case).stdout  # the table itself, piped: nothing elided
    assert all(d in table for d in digests.values()) and "…" not in table
    rows = list(csv.DictReader(io.StringIO(tnoc("sources", "-c", case, "--csv").stdout)))
    assert {r["file_name"]: r["sha256"] for r in rows} == digests


def test_flagged_csv_counts_add_up(sanctions_case: tuple[str, dict[str, int]]) -> None:
    """Every flagged value is listed: as many CSV rows per file as ingest reported and
    as 'tnoc sources' counts, each with file, row, property, value and reason."""
    case, reported = sanctions_case
    out = tnoc("flagged", "-c", case, "--csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    per_file: dict[str, int] = {}
    for r in rows:
        per_file[r["file"]] = per_file.get(r["file"], 0) + 1
    assert per_file == reported
    sources = json.loads(tnoc("sources", "-c", case, "--json").stdout)["rows"]
    assert {s["file_name"]: s["flagged"] for s in sources} == reported
    assert reported[SDN.name] > 100  # the whole list, far beyond ingest's five samples
    bad = next(r for r in rows if r["file"] == XBT.name)
    assert (bad["row"], bad["property"], bad["original_value"]) == (
        "line 355", "publicKey", "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq")
    assert bad["reason"].startswith("invalid crypto address")
    dates = list(csv.DictReader(io.StringIO(tnoc(
        "flagged", "-c", case, "--source", SDN.name, "--property", "Person.birthDate",
        "--csv").stdout)))
    assert dates and all(r["property"] == "birthDate" for r in dates)
    assert len(dates) < reported[SDN.name]
    missing = tnoc("flagged", "-c", case, "--source", "nope.csv")
    assert missing.returncode != 0 and "no source 'nope.csv'" in missing.stderr


def test_footers_say_n_of_m(sanctions_case: tuple[str, dict[str, int]]) -> None:
    case, reported = sanctions_case
    total = sum(reported.values())
    table = tnoc("flagged", "-c", case, "--limit", "5")
    assert f"showing 5 of {total:,} flagged values; --all (or --limit 0) to see all" \
        in table.stdout
    assert len([line for line in table.stdout.splitlines() if "ofac_sdn" in line]) == 5
    everything = tnoc("flagged", "-c", case, "--all")
    assert "showing" not in everything.stdout
    assert len([line for line in everything.stdout.splitlines()
                if line.startswith("│")]) == total
    # JSON gives every row unless --limit is given, and says how many there are
    limited = tnoc("flagged", "-c", case, "--json", "--limit", "3")
    document = json.loads(limited.stdout)
    assert (document["shown"], document["total"], len(document["rows"])) == (3, total, 3)
    assert f"showing 3 of {total:,}" in limited.stderr
    found = tnoc("search", "KOREA", "-c", case, "--limit", "1")
    hits = json.loads(tnoc("search", "KOREA", "-c", case, "--json").stdout)
    assert hits["total"] == len(hits["rows"]) > 1
    # search says the total and the page once, on its own line
    assert f"{hits['total']:,} entities; showing 1-1 (next: --page 2)" in found.stdout
    both = tnoc("sources", "-c", case, "--json", "--csv")
    assert both.returncode != 0 and "choose one" in both.stderr


def test_listing_footer_and_document() -> None:
    """The footer appears exactly when rows were left out; JSON keeps values whole and
    typed; headers become snake-case keys unless a column names its own."""
    whole = Listing(["country", "entities"], [("US", 3)], what="countries")
    assert whole.footer() is None
    cut = Listing(["country", Column("located entities", "n")], [("US", 3), ("CN", 2)],
                  total=9, what="countries")
    assert cut.footer() == "showing 2 of 9 countries; --all (or --limit 0) to see all"
    assert cut.document() == {"total": 9, "shown": 2, "rows": [
        {"country": "US", "n": 3}, {"country": "CN", "n": 2}]}


def _every_command() -> list[tuple[str, object]]:
    """Every command and group of ``tnoc`` as the parser builds it (name, command)."""
    from typer._click import Context
    from typer.main import get_command

    from tnoc.cli.main import app

    def walk(group: object, ctx: Context) -> list[tuple[str, object]]:
        found: list[tuple[str, object]] = []
        for name in group.list_commands(ctx):  # type: ignore[attr-defined]
            command = group.get_command(ctx, name)  # type: ignore[attr-defined]
            found.append((name, command))
            if hasattr(command, "list_commands"):
                found += walk(command, Context(command, parent=ctx, info_name=name))
        return found

    root = get_command(app)
    return walk(root, Context(root, info_name="tnoc"))


def test_a_csv_file_option_says_it_writes_the_file() -> None:
    """A command without --limit had every --csv's help replaced by "CSV ... on
    standard output (every row)", also a ``--csv FILE`` (``network disrupt --csv
    lcc.csv`` writes lcc.csv): only the yes/no flags write to standard output."""
    options = [(name, param) for name, command in _every_command()
               for param in getattr(command, "params", ())
               if (getattr(param, "opts", None) or [""])[0] in ("--csv", "--json")]
    assert any(not p.is_flag for _, p in options) and any(p.is_flag for _, p in options)
    from tnoc.cli.common import _ALL_ROWS_HELP

    for name, param in options:
        if not param.is_flag:
            assert param.help not in _ALL_ROWS_HELP.values(), (name, param.help)
    disrupt = dict(_every_command())["disrupt"]
    csv_help = [p.help for p in disrupt.params if "--csv" in p.opts]  # type: ignore[attr-defined]
    assert csv_help == ["Every step of every strategy as CSV."]


def test_command_lists_show_each_summary_as_one_paragraph() -> None:
    """A group's list of commands shows each command's first docstring paragraph as one
    line of text, wrapped to the terminal (its line breaks in the source made ragged
    lines such as a lone "by" at any width but the code's); and a command's own --help
    shows every paragraph so (Typer 0.29's rich mode kept the source's line breaks
    after the first paragraph: "... give it" / "whole")."""
    summaries = [(name, command.short_help, command.help,
                  getattr(command.callback, "__doc__", None) or "")
                 for name, command in _every_command()]
    assert len(summaries) > 100
    wrapped = [name for name, *_, source in summaries
               if any("\n" in p.strip() for p in inspect.cleandoc(source).split("\n\n")[1:])]
    assert len(wrapped) >= 10, "few docstrings span lines: the test would prove little"
    for name, short, help_text, _ in summaries:
        if help_text:
            assert short is not None and "\n" not in short, name
            assert short.split()[:3] == help_text.split()[:3], name
            assert help_text == unwrapped_help(help_text), name  # the same once more
            for paragraph in help_text.split("\n\n"):  # lines are list items, examples
                assert all(line.startswith(("- ", "tnoc ")) for line in
                           paragraph.splitlines()[1:]), (name, paragraph)


def test_help_paragraphs_are_rewrapped_but_list_items_keep_their_lines() -> None:
    text = """First line
    goes on.

    A paragraph wrapped
    in the source.

    Steps:
    - one
      still one
    - two

    Examples: tnoc sources -c CASE;
    tnoc sources -c CASE --json
    \f
    Args:
        case: not shown"""
    assert unwrapped_help(text) == (
        "First line goes on.\n\nA paragraph wrapped in the source.\n\nSteps:\n- one "
        "still one\n- two\n\nExamples: tnoc sources -c CASE;\ntnoc sources -c CASE "
        "--json\n\f\nArgs:\n    case: not shown")
    assert unwrapped_help(unwrapped_help(text)) == unwrapped_help(text)


def test_a_table_wider_than_the_terminal_cuts_no_column(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """On a terminal too narrow for a listing's columns, Rich crushed some to "…" or to
    nothing (the vendor profiles lost their price level and dates at 120 characters):
    the table is printed at the width it needs, every column whole or elided at its own
    width, the terminal wrapping the lines, and a note says so."""
    import io as text_io

    import tnoc.cli.common as common
    from tnoc.cli.common import DataConsole, Format, print_listing

    out, notes = text_io.StringIO(), text_io.StringIO()
    monkeypatch.setattr(common, "console", DataConsole(
        file=out, width=60, force_terminal=True, color_system=None))
    monkeypatch.setattr(common, "notes_console", lambda fmt: DataConsole(
        file=notes, width=60, color_system=None))
    columns = [Column("vendor", width=24), Column("listings", fmt=","),
               Column("price level", "price_level"), Column("first seen", "first_seen"),
               Column("last seen", "last_seen"), Column("ships from", width=24)]
    rows = [("jackiestovalls", 853, "BTC 10^-0.5", "2014-01-01", "2014-02-10",
             "China, not stated")]
    print_listing(Listing(columns, rows, total=1, what="vendors"), Format.TABLE)
    table = out.getvalue()
    for value in ("jackiestovalls", "853", "BTC 10^-0.5", "2014-01-01", "2014-02-10",
                  "China, not stated", "price level", "first seen", "last seen"):
        assert value in table, value
    assert max(len(line) for line in table.splitlines()) > 60
    assert "characters wide, this terminal 60: its lines wrap" in " ".join(
        notes.getvalue().split())
