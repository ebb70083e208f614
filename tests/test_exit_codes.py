"""One rule for the exit codes of every command (issue #26 review): refusals, bad input,
bad mappings and missing cases each exit with the code their error class sets
(:mod:`tnoc.errors`, ``docs/cli.md``), whatever the command, and a refusal says what to
do. Walked through the program's own entry point (:func:`tnoc.cli.main.main`, which
turns an error into its code) under Typer's CliRunner."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from tests.conftest import DATA
from tnoc.cli.main import main
from tnoc.errors import (
    EXIT_CODES,
    ArgumentError,
    CaseError,
    InputFileError,
    MappingError,
    Refused,
    TnocError,
)
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store.case import Case

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
CAVIAR = DATA / "networks" / "morselli_caviar.csv"


entry = typer.Typer(add_completion=False)


@entry.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True,
                                 "help_option_names": []})
def tnoc(ctx: typer.Context) -> None:
    """``tnoc ARGS`` as the installed program runs it (``main``, not the bare app)."""
    saved = sys.argv
    sys.argv = ["tnoc", *ctx.args]
    try:
        main()
    finally:
        sys.argv = saved


def _run(*args: str) -> tuple[int, str]:
    """The exit code and what was printed (borders of an error box and line breaks
    taken out)."""
    result: Result = CliRunner().invoke(entry, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, " ".join(result.output.replace("│", " ").split())


@pytest.fixture(scope="module")
def governed(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """CAVIAR taken in as TLP:RED; alice an analyst cleared to TLP:AMBER, bob a
    supervisor, rita a researcher; purpose OP-26 open."""
    from tnoc.ledger.keys import operator, signer
    from tnoc.service import CaseService, Session

    case = Case.init(tmp_path_factory.mktemp("exit") / "case")
    ingest_file(case, "caviar", CAVIAR, IngestOptions(handling_code="TLP:RED"))
    admin = CaseService(case, Session(operator()))
    for user, role, clearance in (("alice", "analyst", "TLP:AMBER"),
                                  ("bob", "supervisor", "TLP:RED"),
                                  ("rita", "researcher", "TLP:RED")):
        admin.add_member(user, role, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose("OP-26", "exit codes")
    return case


def test_the_documented_table_is_the_rule() -> None:
    """docs/cli.md lists every code of :data:`EXIT_CODES`, and each error class exits
    with the code its row names; no error class anywhere sets a code outside it."""
    import tnoc.govern.retention
    import tnoc.service
    import tnoc.web.workspace  # noqa: F401  (their error classes are subclasses)

    rows = dict(re.findall(r"^\| (\d) \| .*?\| (.*?) \|$", DOCS.read_text(encoding="utf-8"),
                           re.MULTILINE))
    assert sorted(int(code) for code in rows) == sorted(EXIT_CODES)
    for cls, code in ((TnocError, 1), (InputFileError, 2), (ArgumentError, 2),
                      (MappingError, 3),
                      (CaseError, 4), (Refused, 5), (tnoc.service.AccessDenied, 5),
                      (tnoc.govern.retention.HoldError, 5),
                      (tnoc.web.workspace.UnknownCase, 4)):
        assert cls.exit_code == code, cls
    assert "Refused" in rows["5"] and "InputFileError" in rows["2"]
    assert "ArgumentError" in rows["2"]

    def every(cls: type[TnocError]) -> list[type[TnocError]]:
        return [cls, *(c for sub in cls.__subclasses__() for c in every(sub))]

    assert {c.exit_code for c in every(TnocError)} <= set(EXIT_CODES) - {0}


def test_refusals_exit_5_and_say_what_to_do(governed: Case) -> None:
    """The gate's refusals, whatever the command: not a member, a role that may not,
    a clearance below the data, no purpose or one not open; each says why and what to
    do."""
    root = str(governed.root)
    code, said = _run("show", "caviar-n1", "-c", root, "--as", "mallory",
                      "--purpose", "OP-26")
    assert code == 5 and "not a member of this case" in said
    assert "tnoc users add USER --role ROLE" in said
    # what the refused user can act on: not a command only a member may run
    assert "ask the case's owner or one of its admins" in said and "users list" not in said

    code, said = _run("network", "path", "caviar-n1", "caviar-n2", "-c", root, "--as",
                      "rita", "--purpose", "OP-26")
    assert code == 5 and "the researcher role may not network" in said
    assert "tnoc users add rita --role ROLE" in said and "tnoc users roles" in said

    code, said = _run("network", "communities", "-c", root, "--as", "alice",
                      "--purpose", "OP-26")
    assert code == 5 and "the data is TLP:RED; alice is cleared to TLP:AMBER" in said
    assert "tnoc users add alice --role analyst --clearance TLP:RED" in said

    code, said = _run("show", "caviar-n1", "-c", root, "--as", "bob")
    assert code == 5 and "--purpose REF" in said and "the open purposes are: OP-26" in said
    code, said = _run("show", "caviar-n1", "-c", root, "--as", "bob", "--purpose", "OP-9")
    assert code == 5 and "'OP-9' is not an open purpose" in said and "OP-26" in said


def test_rules_of_the_case_refuse_with_the_same_code(governed: Case) -> None:
    """A legal hold refuses an erasure as the gate refuses: exit 5, saying how the
    hold is lifted."""
    root = str(governed.root)
    session = ["-c", root, "--as", "bob", "--purpose", "OP-26"]
    code, said = _run("hold", "add", "caviar-n3", "--reason", "court order", *session)
    assert code == 0, said
    code, said = _run("erase", "caviar-n3", "--reason", "art. 16", "--yes", *session)
    assert code == 5 and "erasure refused" in said and "tnoc hold remove" in said


def test_erased_unseen_and_missing_entities_answer_alike(governed: Case) -> None:
    """An erased entity, one above the member's clearance and one never there: exit 1
    and the same words, which say where to look; nothing tells which it is."""
    root = str(governed.root)
    session = ["-c", root, "--purpose", "OP-26"]
    code, said = _run("erase", "caviar-n2", "--reason", "art. 16", "--yes", "--as", "bob",
                      *session)
    assert code == 0, said
    answers = {}
    for user, entity in (("bob", "caviar-n2"), ("alice", "caviar-n4"),
                         ("bob", "caviar-n999")):
        code, said = _run("show", entity, "--as", user, *session)
        assert code == 1, said
        assert f"tnoc search {entity}" in said and f"tnoc audit --entity {entity}" in said
        answers[entity] = said.replace(entity, "ENTITY")
    assert len(set(answers.values())) == 1


def test_bad_input_mapping_and_missing_case(tmp_path: Path, case: Case) -> None:
    """A bad file exits 2 naming the line, a bad option 2, a mapping that is not there
    3, a folder that is not a case 4 saying how to make one."""
    bad = tmp_path / "lists.csv"
    bad.write_text("A,B,count\n1,0,5\n1,2,3\n", encoding="utf-8")
    code, said = _run("trafficking", "estimate", str(bad))
    assert code == 2 and "line 3" in said
    code, said = _run("trafficking", "estimate", str(bad), "--replicates", "-1")
    assert code == 2 and "--replicates" in said
    code, said = _run("ingest", "no_such_mapping", str(CAVIAR), "-c", str(case.root))
    assert code == 3 and "shipped:" in said
    missing = tmp_path / "nowhere"
    code, said = _run("sources", "-c", str(missing))
    assert code == 4 and "tnoc case init" in said


def test_bad_options_exit_2_naming_the_option(tmp_path: Path, case: Case) -> None:
    """An option the command itself refuses exits 2 like Click's usage errors
    (:class:`tnoc.errors.ArgumentError`), naming the option: two formats, a list given
    twice, a value the option does not take; ``--engine`` refused by Click before the
    case is opened (a folder that is no case is not even looked at)."""
    feodo = DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv"
    code, said = _run("network", "components", "-c", str(case.root), "--json", "--csv", "-")
    assert code == 2 and "--json and --csv: choose one of the two" in said
    code, said = _run("malware", "concentration", str(feodo), str(feodo))
    assert code == 2 and "a list is given twice" in said
    code, said = _run("malware", "lifetimes", str(feodo), "--by", "foo")
    assert code == 2 and "--by 'foo'" in said
    code, said = _run("network", "components", "-c", str(tmp_path / "nowhere"),
                      "--engine", "X")
    assert code == 2 and "--engine" in said and "duckdb" in said and "spark" in said


def test_engine_choices_are_the_engines() -> None:
    """The values Click lets ``--engine`` take are the engines the store runs."""
    from tnoc.cli.common import ENGINE_CHOICES
    from tnoc.store.case_engine import ENGINES

    assert ENGINE_CHOICES == ENGINES
