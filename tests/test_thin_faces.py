"""The faces hold no logic: no SQL in ``tnoc.cli`` (issue #20, item 1; DESIGN.md §2)
nor in ``tnoc.web`` (issue #22).

A command parses its options, calls one library function that returns a value and prints
it; the web workspace calls the same functions. A query written in a command module is
logic the web app would have to copy, so these tests read every module of
``src/tnoc/cli`` with :mod:`ast` and fail on a string that is an SQL statement, and on a
call of a connection's ``execute``/``executemany``/``sql``.
"""

from __future__ import annotations

import ast
import re

import pytest

from .conftest import ROOT

CLI = ROOT / "src" / "tnoc" / "cli"
WEB = ROOT / "src" / "tnoc" / "web"

SQL = re.compile(
    r"\bSELECT\b.*\bFROM\s+\w|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?(TABLE|VIEW)\b", re.DOTALL)
"""A statement, not a word: the keywords in capitals, as the house writes SQL, so
"Select the lists ... from the case" in help text is no query."""

QUERY_CALLS = {"execute", "executemany", "sql"}
"""The connection methods that run SQL (DuckDB's ``DuckDBPyConnection``)."""


def _text(node: ast.AST) -> str | None:
    """The text of a string constant, or of an f-string's literal parts joined (a
    query built with f"SELECT ... {table}" is still a query)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(str(v.value) for v in node.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def sql_in(source: str, filename: str = "<source>") -> list[str]:
    """Where ``source`` holds SQL: "line N: ..." per statement string or query call."""
    found = []
    tree = ast.parse(source, filename)
    parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if id(node) in parts:  # judged as a whole with its f-string
            continue
        text = _text(node)
        if text is not None and SQL.search(text):
            found.append(f"line {node.lineno}: {' '.join(text.split())[:70]!r}")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in QUERY_CALLS):
            found.append(f"line {node.lineno}: .{node.func.attr}(...) call")
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in CLI.glob("*.py")))
def test_command_module_holds_no_sql(module: str) -> None:
    """Each module of the faces: no SQL statement, no query run on a connection."""
    path = CLI / module
    found = sql_in(path.read_text(encoding="utf-8"), str(path))
    assert not found, f"{module}: SQL belongs in the library:\n" + "\n".join(found)


@pytest.mark.parametrize("module", sorted(str(p.relative_to(WEB))
                                           for p in WEB.rglob("*.py")))
def test_web_module_holds_no_sql(module: str) -> None:
    """The web workspace is a face too (issue #22): what a page needs that the service
    lacks becomes a :class:`tnoc.service.CaseService` method, never a query in a route."""
    path = WEB / module
    found = sql_in(path.read_text(encoding="utf-8"), str(path))
    assert not found, f"web/{module}: SQL belongs in the library:\n" + "\n".join(found)


def test_the_check_finds_sql_the_way_commands_wrote_it() -> None:
    """The detector itself: the shapes the commands used before the move (a query
    over two lines, an f-string, a DDL statement, an execute call) are found; help
    text that merely says "select" or "from" is not."""
    before = '''
def keys(con):
    rows = con.execute(
        "SELECT k.key_id, k.owner FROM ledger_keys k "
        "LEFT JOIN custody_events e USING (key_id)").fetchall()
    con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run])
    q = """CREATE OR REPLACE TEMP TABLE fresh AS SELECT 1"""
    con.sql(q)
'''
    found = sql_in(before)
    assert [f.split(":")[0] for f in found].count("line 4") == 1, found
    assert any(f.startswith("line 6: 'DELETE FROM") for f in found), found
    assert any("CREATE OR REPLACE TEMP TABLE" in f for f in found), found
    assert any(".execute(...)" in f for f in found), found
    assert any(f.startswith("line 8: .sql(...)") for f in found), found
    assert not sql_in('help = "Select the lists to screen; from the case\'s own data."')


def test_window_and_where_parsed_by_the_library() -> None:
    """The option texts a face passes on, parsed where the web form will parse them
    too: a date window FROM..UNTIL (FROM before UNTIL) and DIMENSION=VALUE filters;
    each refusal names the option and shows the form."""
    from tnoc.assess.series import parse_where
    from tnoc.errors import TnocError
    from tnoc.graph.projection import parse_window

    assert parse_window("2022-12-01..2023-01-01") == ("2022-12-01", "2023-01-01")
    assert parse_window(None) is None and parse_window("") is None
    for bad in ("2023..2022", "2022-12-01", "..2023", "2022..2022"):
        with pytest.raises(TnocError, match=r"^--window .*FROM\.\.UNTIL"):
            parse_window(bad)
    assert parse_where(["country = us", "kind=fraud", "country=ca"]) == {
        "country": "ca", "kind": "fraud"}
    assert parse_where(None) == {}
    with pytest.raises(TnocError, match=r"^--where 'us': expected DIMENSION=VALUE"):
        parse_where(["us"])
