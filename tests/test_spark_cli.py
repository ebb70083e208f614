"""The Spark path as a new user meets it on the command line (issue #27, a new-user
review of ``--engine spark``): options that only apply to Spark, a case with nothing
for a stage, Ctrl-C, names beside ids, a stale lake in ``tnoc verify``.

None of these tests starts a JVM: what is tested happens before Spark starts, or
Spark's part is stood in for.
"""

from __future__ import annotations

from pathlib import Path

from typer._click import core as click
from typer.core import TyperArgument, TyperGroup
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import ArgumentError, TnocError
from tnoc.store import Case

SPARK_COMMANDS = {"ingest", "resolve", "money typologies", "money cluster",
                  "network components", "network path"}
"""The commands that take ``--engine`` and ``--spark-master`` (at least these)."""


def spark_commands() -> dict[str, click.Command]:
    """Every command of ``tnoc`` taking both ``--engine`` and ``--spark-master``, by its
    words."""
    import typer.main

    found: dict[str, click.Command] = {}

    def walk(group: TyperGroup, words: list[str]) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if isinstance(command, TyperGroup):
                walk(command, [*words, name])
            elif command is not None and {"engine", "spark_master"} <= {
                    p.name for p in command.params}:
                found[" ".join([*words, name])] = command

    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    walk(root, [])
    return found


def test_spark_master_without_spark_is_a_usage_error(tmp_path: Path) -> None:
    """``--spark-master`` given to a command running on DuckDB is refused (exit 2)
    before anything runs, on every command that takes it; its default is no
    ``--spark-master`` given, so a command without it runs as before."""
    case = Case.init(tmp_path / "case")
    commands = spark_commands()
    assert set(commands) >= SPARK_COMMANDS
    runner = CliRunner()
    for words, command in commands.items():
        arguments = ["x" for p in command.params if isinstance(p, TyperArgument)]
        for engine in ([], ["--engine", "duckdb"]):
            got = runner.invoke(app, [*words.split(), *arguments, "-c", str(case.root),
                                      *engine, "--spark-master", "local[3]"])
            assert isinstance(got.exception, ArgumentError), (words, got.output)
            assert "--spark-master local[3]: only applies with --engine spark" in str(
                got.exception)
    # without it: the command runs (here it finds nothing to do), no usage error
    got = runner.invoke(app, ["network", "components", "-c", str(case.root)])
    assert isinstance(got.exception, TnocError), got.output
    assert not isinstance(got.exception, ArgumentError)
    assert "no ties" in str(got.exception)
    # with Spark the master is judged, not refused as misplaced
    got = runner.invoke(app, ["network", "components", "-c", str(case.root), "--engine",
                              "spark", "--spark-master", "bogus"])
    assert isinstance(got.exception, ArgumentError)
    assert "not a Spark master URL" in str(got.exception)


def test_spark_master_without_spark_through_the_entry_point(tmp_path: Path) -> None:
    """The real ``tnoc``: the message on standard error and exit 2."""
    from .conftest import run_tnoc

    case = Case.init(tmp_path / "case")
    got = run_tnoc("money", "typologies", "-c", str(case.root), "--spark-master",
                   "spark://127.0.0.1:7077")
    assert got.returncode == 2, got.stderr
    assert "only applies with --engine spark" in got.stderr
