"""Every analysis, judgement, screening and export is in the custody ledger (issue #18):
each command run on real data leaves an entry naming the command, its parameters, the
files it wrote (with their sha256) and the results it stored, and the case still
verifies afterwards."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.cli.recorded import RECORDED
from tnoc.evidence.verify import verify_case
from tnoc.graph.measures import measure
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.graph.results import save_measures
from tnoc.ingest.pipeline import ingest_file
from tnoc.ledger.custody import LedgerEntry, produced, read_ledger
from tnoc.store import Case

from .conftest import DATA

CDR = Path(__file__).parent / "data" / "cdr" / "calls.csv"

# commands that only show what is in the case (audited as consultation by issue #20),
# set a case up, or write their own custody entries (intake, verification, bundles,
# hand-recorded handling, checkpoints, key registrations) or touch no case (my-key);
# every other command must be @recorded
NOT_DECORATED = {
    "case init", "case summary", "case dpia", "mappings", "schema", "sources", "search", "show",
    "flagged", "candidates", "judgements", "review", "demo", "assess indicators", "ingest",
    "import stix", "import misp", "import graph", "import case-uco", "verify", "bundle",
    "custody log",
    "custody record", "custody checkpoint", "custody timestamp", "custody keys",
    "custody register-key", "custody my-key",
    # members: their own ledger entries; the audit trail and roles: consultation only
    "users add", "users remove", "users list", "users roles", "users password", "audit",
    "purpose open", "purpose close", "purpose list",
    # releases of compartmented values: release-changed entries of their own
    "release request", "release approve", "release list",
    # tombstone, hold and retention entries of their own (tnoc.govern), or listings
    "erase", "hold add", "hold remove", "hold list", "retention set", "retention list",
    "retention due", "categorise",
    # the search index: its build records its own entry (tnoc.search.index.record_build)
    "index",
    # the faces: every page goes through the gate and records what it does (serve); the
    # portal touches no case
    "serve", "portal",
    # citizen reports: the queue and a report are consultations, a reply writes to the
    # intake store, taking a report is an intake with its own entries, the key no case
    "intake queue", "intake show", "intake reply", "intake take", "intake key",
    # retention of the intake store: purge, hold and release write to the intake store
    # (its tombstones and purge log), decided and audited by the gate
    "intake purge", "intake hold", "intake release",
    # malware infrastructure: reads published C2 lists from their files, opens no case;
    # with --case, concentration, lifetimes, takedown and spread run a @recorded
    # helper (tests/test_malware_case.py checks their entries)
    "malware servers", "malware concentration", "malware lifetimes", "malware takedown",
    "malware reuse", "malware spread", "malware stix",
    # modern slavery: MSE, GLOTIP flows, CTDC profiles and ad templates from published
    # tables, open no case; with --case, estimate, flows, profiles and templates run a
    # @recorded helper (tests/test_trafficking_case.py and
    # tests/test_trafficking_template_case.py check their entries)
    "trafficking estimate", "trafficking flows", "trafficking profiles",
    "trafficking templates",
    # darknet markets: read Agora listing and crawl-count files, open no case; with
    # --case, flows and dynamics run a @recorded helper (tests/test_markets_case.py
    # checks their entries), as do vendors profiles and link
    # (tests/test_markets_vendor_case.py)
    "markets places", "markets flows", "markets dynamics",
    "markets vendors profiles", "markets vendors continuity", "markets vendors link",
}


def _commands(group: Any, prefix: str = "") -> dict[str, Any]:
    """Every command of the CLI by its full name, with its callback."""
    found: dict[str, Any] = {}
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):  # a group of sub-commands
            found.update(_commands(command, f"{full} "))
        else:
            found[full] = command.callback
    return found


def test_every_command_is_recorded_or_known_not_to_need_it() -> None:
    """A new command must choose: recorded, or listed above with the reason."""
    commands = _commands(get_command(app))
    undecided = {name for name, callback in commands.items()
                 if not hasattr(callback, RECORDED) and name not in NOT_DECORATED}
    assert not undecided, f"commands neither @recorded nor known not to need it: {undecided}"
    assert {n for n in commands if hasattr(commands[n], RECORDED)} >= {
        "resolve", "merge", "split", "undo", "screen", "network measures",
        "network keyplayers", "network path", "money trace", "assess trends",
        "assess priorities", "export ftm", "export parquet"}


@pytest.fixture(scope="module")
def analysed_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Real material of each kind: a seized phone's calls, a wiretap network, payments
    and published statistics (the sanctions list comes in before resolution)."""
    case = Case.init(tmp_path_factory.mktemp("custody") / "case")
    for mapping, path in (("call_records", CDR),
                          ("caviar", DATA / "networks" / "morselli_caviar.csv"),
                          ("saml_d", DATA / "aml" / "saml-d_sample_1k.csv"),
                          ("ic3_counts",
                           DATA / "trends" / "ic3_crime_type_counts_2015_2025.csv")):
        ingest_file(case, mapping, path)
    return case


def _ledger(case: Case) -> list[LedgerEntry]:
    with case.connect(read_only=True) as con:
        return read_ledger(con)


def _run(case: Case, *args: str, exit_code: int = 0, answers: str | None = None
         ) -> list[LedgerEntry]:
    """Run a command on ``case`` (``answers`` typed at its prompts); return the ledger
    entries it added."""
    before = len(_ledger(case))
    result = CliRunner().invoke(app, [*args, "-c", str(case.root)], input=answers)
    assert result.exit_code == exit_code, (args, result.output, result.exception)
    return _ledger(case)[before:]


def _command(entry: LedgerEntry) -> str:
    """The command an entry says caused it (its own analysis, or the command around it)."""
    details = entry.event.details
    return str(details.get("command", {}).get("name") or entry.event.method)


def _named(entries: list[LedgerEntry], path: Path) -> dict[str, Any]:
    """The ledger's record of a file: it must be named with its actual sha256."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    named = [o for e in entries for o in e.event.details.get("outputs", [])
             if o["file"] == str(path)]
    assert named, f"{path} is not named in {[e.event.details for e in entries]}"
    assert named[0]["sha256"] == digest
    return named[0]


def _person(case: Case, dataset: str) -> str:
    with case.connect(read_only=True) as con:
        row = con.execute("SELECT min(entity_id) FROM statements WHERE schema = 'Person' "
                          "AND dataset = ?", [dataset]).fetchone()
    assert row and row[0]
    return str(row[0])


def test_each_command_leaves_an_entry_naming_its_outputs(analysed_case: Case,
                                                         tmp_path: Path) -> None:
    case = analysed_case
    # network analysis: stored measures and a CSV; the key-player set kept for the
    # dossier (an analysis source); a path stores nothing
    caviar = ("--source", "morselli_caviar.csv")
    table = tmp_path / "measures.csv"
    stored, written = _run(case, "network", "measures", *caviar, "--csv", str(table))
    assert str(stored.event.item_id).startswith("proj-")
    assert stored.event.details["results"] == [stored.event.item_id]
    assert stored.event.details["sources"] and _command(stored) == "tnoc network measures"
    digest = _named([written], table)["sha256"]
    assert written.event.item_id == str(table) and written.event.item_sha256 == digest
    assert produced(written.event).startswith(f"{table} (sha256 {digest[:12]}")
    assert written.event.details["follows"] == [{"event": "analysed",
                                                 "item": stored.event.item_id}]
    [players] = _run(case, "network", "keyplayers", *caviar, "-k", "2",
                     "--starts", "1")
    assert players.event.method == "tnoc network keyplayers"
    assert players.event.details["parameters"]["k"] == 2
    assert players.event.details["sources"] == stored.event.details["sources"]
    assert str(players.event.item_id).startswith("analysis-keyplayers-")
    [path] = _run(case, "network", "path", "caviar-n87", "caviar-n12", *caviar)
    assert path.event.details["parameters"]["source_entity"] == "caviar-n87"
    # following the money: a taint trace written to CSV
    tainted = tmp_path / "trace.csv"
    [traced] = _run(case, "money", "trace", "samld-acct-1782263940", "--csv", str(tainted))
    assert traced.event.details["parameters"]["policy"] == "haircut"
    _named([traced], tainted)
    # threat assessment: trends to CSV, group priorities
    trends = tmp_path / "trends.csv"
    [trended] = _run(case, "assess", "trends", "IC3 complaints", "--last", "5",
                     "--csv", str(trends))
    _named([trended], trends)
    [prioritised] = _run(case, "assess", "priorities")
    assert prioritised.event.method == "tnoc assess priorities"
    # an export of the whole case, not shared: still recorded, each file named
    folder = tmp_path / "parquet"
    [exported] = _run(case, "export", "parquet", str(folder))
    assert exported.event.event_type == "exported"
    for name in ("statements.parquet", "sources.parquet"):
        _named([exported], folder / name)
    plain, shared = tmp_path / "case.ftm.json", tmp_path / "people.ftm.json"
    [whole] = _run(case, "export", "ftm", str(plain))
    assert whole.event.item_sha256 == _named([whole], plain)["sha256"]
    # a shared export records itself; the file is named once, not again at the end
    [selection] = _run(case, "export", "ftm", str(shared), "--schema", "Person",
                       "--tlp", "TLP:AMBER")
    assert selection.event.item_sha256 == hashlib.sha256(shared.read_bytes()).hexdigest()
    assert _command(selection) == "tnoc export ftm"
    # resolution: candidate links, then judgements (merge, split, undo), and screening
    ingest_file(case, "ofac_sdn", DATA / "sanctions" / "ofac_sdn_2023-05-02.csv")
    [resolved] = _run(case, "resolve", "--no-probabilistic")
    assert resolved.event.method == "tnoc resolve"
    assert resolved.event.details["command"]["parameters"]["probabilistic"] is False
    assert resolved.event.details["results"][0] == resolved.event.item_id  # the batch
    [reviewed] = _run(case, "review", "--limit", "1", answers="r\n")
    assert reviewed.event.method == "tnoc judgement (negative)"
    caller, listed = _person(case, "call_records"), _person(case, "ofac_sdn")
    [merged] = _run(case, "merge", caller, listed, "--reason", "same passport")
    assert _command(merged) == "tnoc merge"
    assert merged.event.details["verdict"] == "positive"
    assert merged.event.details["results"] == [merged.event.item_id]
    split = _run(case, "split", caller)
    assert [(_command(e), e.event.details["undoes"]) for e in split] == [
        ("tnoc split", merged.event.item_id)]
    [again] = _run(case, "merge", caller, listed)
    [undone] = _run(case, "undo", str(again.event.item_id), "--reason", "checked: not him")
    assert _command(undone) == "tnoc undo" and undone.event.details["undoes"] == \
        again.event.item_id
    [screened] = _run(case, "screen")
    assert screened.event.details["analysis"] == "screen"
    assert screened.event.details["results"] == [screened.event.item_id]
    assert screened.event.details["parameters"]["word_similarity"] == 0.9
    assert screened.event.details["parameters"]["lists"]
    # a command stopped by an error adds nothing
    assert _run(case, "network", "keyplayers", "--source", "nope.csv", exit_code=1) == []
    # and the case still verifies, every new entry chained and signed
    assert verify_case(case, record=False).ok


def test_stored_measures_recorded_from_the_python_api(analysed_case: Case) -> None:
    """An analysis that writes to the case records itself, CLI or not."""
    with analysed_case.transaction() as con:
        p = project(con, ProjectionSpec(schemata=("CommunicationLink",)))
        projection_id = save_measures(con, p, measure(p))
    last = _ledger(analysed_case)[-1].event
    assert (last.event_type, last.item_id) == ("analysed", projection_id)
    assert last.details["results"] == [projection_id] and "command" not in last.details


def test_recorded_refuses_an_option_the_command_lacks() -> None:
    """A renamed --csv must fail loudly at import, not drop a file from the record."""
    from tnoc.cli.recorded import recorded

    def command(case: Path, out: Path) -> None:
        """A command."""

    with pytest.raises(TypeError, match="no option csv"):
        recorded("x", writes=("csv",))(command)


KEYPLAYERS = ("network", "keyplayers", "--source", "morselli_caviar.csv", "-k", "2",
              "--starts", "1")


def _copy(case: Case, where: Path) -> Case:
    """A copy of the case to make read-only or lock (the module's case stays as it is)."""
    import shutil

    shutil.copytree(case.root, where)
    return Case.open(where)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_copy_shows_nothing_it_cannot_record(analysed_case: Case,
                                                         tmp_path: Path) -> None:
    """A consultation is recorded (EU LED art. 25): on a read-only copy (chmod -R a-w) a
    key-player analysis shows nothing and says which case and why; the store is left
    byte for byte as it was. Made writable again, the same command shows its result."""
    import os
    import stat

    copy = _copy(analysed_case, tmp_path / "copy")
    entries = len(_ledger(copy))
    paths = [copy.root, *copy.root.rglob("*")]
    for path in paths:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = _digest(copy.db_path)
    try:
        result = CliRunner().invoke(app, [*KEYPLAYERS, "-c", str(copy.root)])
        after = _digest(copy.db_path)
    finally:
        for path in paths:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert result.exit_code != 0 and result.stdout == ""
    message = str(result.exception)
    assert f"case '{copy.name}' ({copy.root}) is read-only" in message
    assert "has no write permission" in message and "nothing was shown" in message
    assert "EU LED art. 25" in message and "writable copy" in message
    assert after == before and len(_ledger(copy)) == entries
    shown = CliRunner().invoke(app, [*KEYPLAYERS, "-c", str(copy.root)])
    assert shown.exit_code == 0 and shown.stdout, shown.output
    assert len(_ledger(copy)) == entries + 1
    assert os.access(copy.db_path, os.W_OK)


def test_a_consultation_on_a_read_only_copy_changes_none_of_its_files(
        analysed_case: Case, tmp_path: Path) -> None:
    """A consultation that reads nothing personal runs on a read-only copy, unaudited
    (an expert checking a copy); the copy is left as it was, file for file, also where
    permissions do not stop the user (root): the store is not opened for writing, so a
    dead process's scratch folder stays and the store's file is not rewritten."""
    import stat

    copy = _copy(analysed_case, tmp_path / "copy")
    (copy.root / "tmp" / "run-elsewhere-1-dead").mkdir(parents=True)
    paths = [copy.root, *copy.root.rglob("*")]
    for path in paths:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))

    def files() -> dict[str, str]:
        return {str(p.relative_to(copy.root)): _digest(p) if p.is_file() else "folder"
                for p in sorted(copy.root.rglob("*"))}

    before = files()
    try:
        result = CliRunner().invoke(app, ["sources", "-c", str(copy.root)])
        after = files()
    finally:
        for path in paths:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert result.exit_code == 0, result.output
    assert "morselli_caviar.csv" in result.stdout or "caviar" in result.stdout.lower()
    assert after == before


def test_a_case_locked_by_another_process_shows_nothing(analysed_case: Case,
                                                        tmp_path: Path) -> None:
    """Another process writing to the case holds DuckDB's lock: the analysis is refused
    before it runs, naming the case and the process."""
    import subprocess
    import sys

    copy = _copy(analysed_case, tmp_path / "copy")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); sys.stdin.read()", str(copy.db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = CliRunner().invoke(app, [*KEYPLAYERS, "-c", str(copy.root)])
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
    assert result.exit_code != 0 and result.stdout == ""
    message = str(result.exception)
    assert f"case '{copy.name}' ({copy.root}) is in use: process {holder.pid}" in message
    assert "nothing was shown" in message and "Run it again" in message


def test_results_wait_for_their_record(analysed_case: Case, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the closing entry fail after the analysis ran (the lock taken meanwhile),
    the results it printed are not shown: recorded first, shown after."""
    import duckdb

    copy = _copy(analysed_case, tmp_path / "copy")
    entries = len(_ledger(copy))

    def locked(self: Case) -> Any:
        raise duckdb.IOException('Could not set lock on file "case.duckdb": Conflicting '
                                 "lock is held in /usr/bin/python3 (PID 4242)")

    monkeypatch.setattr(Case, "transaction", locked)
    result = CliRunner().invoke(app, [*KEYPLAYERS, "-c", str(copy.root)])
    monkeypatch.undo()
    assert result.exit_code != 0 and result.stdout == ""
    assert "is in use: process 4242, /usr/bin/python3 is writing to it" in \
        str(result.exception)
    assert len(_ledger(copy)) == entries
