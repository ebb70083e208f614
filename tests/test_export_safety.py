"""Exports cannot harm a case (issue #19, deliverable 2): on a real case (CAVIAR) no
output goes inside a case folder (but its reports/), none replaces a file without
--force, and a failed or malformed export leaves neither a file nor a ledger entry."""

from __future__ import annotations

import hashlib
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.graph.export import export_network
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.ingest.pipeline import ingest_file
from tnoc.ledger.custody import read_ledger
from tnoc.safe_write import UnsafeOutput, atomic_output, check_output
from tnoc.store import Case

from .conftest import DATA

CAVIAR = DATA / "networks" / "morselli_caviar.csv"


@pytest.fixture(scope="module")
def caviar_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A case holding CAVIAR (110 actors, 295 ties), shared by the tests, none of which
    may change it (that is the point)."""
    case = Case.init(tmp_path_factory.mktemp("safety") / "case")
    ingest_file(case, "caviar", CAVIAR)
    return case


def _tnoc(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output + (str(result.exception or ""))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entries(case: Case) -> int:
    with case.connect(read_only=True) as con:
        return len(read_ledger(con))


def test_graphml_onto_the_store_is_refused_and_the_store_still_opens(
        caviar_case: Case, tmp_path: Path) -> None:
    store = caviar_case.root / "case.duckdb"
    before, entries = _sha(store), _entries(caviar_case)
    code, out = _tnoc("network", "export", str(store), "--format", "graphml",
                      "-c", str(caviar_case.root))
    assert code != 0 and "inside the case folder" in out and "case.duckdb" in out
    link = tmp_path / "innocent.graphml"  # a symlink out of the case leads back into it
    link.symlink_to(store)
    code, out = _tnoc("network", "export", str(link), "--format", "graphml", "--force",
                      "-c", str(caviar_case.root))
    assert code != 0 and "inside the case folder" in out
    assert _sha(store) == before and _entries(caviar_case) == entries
    with Case.open(caviar_case.root).connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sources").fetchone() == (1,)


def test_export_into_exhibits_is_refused_but_reports_is_allowed(caviar_case: Case) -> None:
    exhibits = {p: _sha(p) for p in caviar_case.exhibits.rglob("*") if p.is_file()}
    assert exhibits  # the CAVIAR file, preserved
    for target in [next(iter(exhibits)), caviar_case.exhibits / "new.ftm.json",
                   caviar_case.root / "ledger" / "x.json", caviar_case.root]:
        code, out = _tnoc("export", "ftm", str(target), "--force",
                          "-c", str(caviar_case.root))
        assert code != 0 and "inside the case folder" in out, target
    assert {p: _sha(p) for p in caviar_case.exhibits.rglob("*") if p.is_file()} == exhibits
    assert not (caviar_case.exhibits / "new.ftm.json").exists()
    report = caviar_case.reports / "caviar.ftm.json"
    code, out = _tnoc("export", "ftm", str(report), "-c", str(caviar_case.root))
    assert code == 0, out
    assert report.read_text(encoding="utf-8").count("\n") > 100
    report.unlink()


def test_existing_file_kept_without_force_replaced_with_it(caviar_case: Case,
                                                           tmp_path: Path) -> None:
    root = str(caviar_case.root)
    gexf, table = tmp_path / "caviar.gexf", tmp_path / "measures.csv"
    for existing in (gexf, table):
        existing.write_text("the analyst's earlier work\n", encoding="utf-8")
    code, out = _tnoc("network", "export", str(gexf), "-c", root)
    assert code != 0 and "already exists" in out and "--force" in out
    code, out = _tnoc("network", "measures", "--csv", str(table), "-c", root)
    assert code != 0 and "already exists" in out
    for existing in (gexf, table):
        assert existing.read_text(encoding="utf-8") == "the analyst's earlier work\n"
    assert _tnoc("network", "export", str(gexf), "--force", "-c", root)[0] == 0
    assert ElementTree.parse(gexf).getroot().tag.endswith("gexf")
    assert _tnoc("network", "measures", "--csv", str(table), "--force", "-c", root)[0] == 0
    assert table.read_text(encoding="utf-8").count("\n") == 111  # header + 110 actors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["caviar.gexf", "measures.csv"]


def test_files_beside_the_output_are_checked_too(caviar_case: Case, tmp_path: Path) -> None:
    """A Parquet export into a folder holding an earlier export, and a report whose PDF
    would land on an existing PDF, are refused without --force; nothing is written."""
    root = str(caviar_case.root)
    earlier = tmp_path / "pq" / "sources.parquet"
    earlier.parent.mkdir()
    earlier.write_text("the analyst's earlier export\n", encoding="utf-8")
    code, out = _tnoc("export", "parquet", str(earlier.parent), "-c", root)
    assert code != 0 and "sources.parquet already exists" in out, out
    assert [p.name for p in earlier.parent.iterdir()] == ["sources.parquet"]
    pdf = tmp_path / "assessment.pdf"
    pdf.write_text("an earlier report\n", encoding="utf-8")
    code, out = _tnoc("report", "--out", str(tmp_path / "assessment.html"), "-c", root)
    assert code != 0 and "assessment.pdf already exists" in out, out
    assert pdf.read_text(encoding="utf-8") == "an earlier report\n"
    assert not (tmp_path / "assessment.html").exists()
    assert _tnoc("export", "parquet", str(earlier.parent), "--force", "-c", root)[0] == 0
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["sources.parquet",
                                                               "statements.parquet"]


def test_failure_mid_write_leaves_no_file_and_no_entry(caviar_case: Case, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "caviar.graphml"
    entries = _entries(caviar_case)

    def dies_halfway(graph: nx.Graph, path: Path) -> None:
        Path(path).write_text('<?xml version="1.0"?>\n<graphml><graph>', encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(nx, "write_graphml", dies_halfway)
    with pytest.raises(OSError, match="disk full"), caviar_case.transaction() as con:
        export_network(con, project(con, ProjectionSpec()), "graphml", out)
    assert not any(tmp_path.iterdir()) and _entries(caviar_case) == entries


def test_malformed_xml_is_not_kept_nor_recorded(caviar_case: Case, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "caviar.graphml"
    entries = _entries(caviar_case)

    def malformed(graph: nx.Graph, path: Path) -> None:  # what a NUL in a name did
        Path(path).write_text('<?xml version="1.0"?>\n<graphml>N1\x00</graphml>',
                              encoding="utf-8")

    monkeypatch.setattr(nx, "write_graphml", malformed)
    with pytest.raises(TnocError, match="not well-formed"), \
            caviar_case.transaction() as con:
        export_network(con, project(con, ProjectionSpec()), "graphml", out)
    assert not any(tmp_path.iterdir()) and _entries(caviar_case) == entries


def test_i2_folder_is_written_whole(caviar_case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "i2"
    folder.mkdir()
    (folder / "links.csv").write_text("older links\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match="already exists"), \
            caviar_case.transaction() as con:
        export_network(con, project(con, ProjectionSpec()), "i2", folder)
    assert sorted(p.name for p in folder.iterdir()) == ["links.csv"]
    with caviar_case.transaction() as con:
        written = export_network(con, project(con, ProjectionSpec()), "i2", folder,
                                 force=True)
    assert [p.name for p in written] == ["entities.csv", "links.csv"]
    assert sorted(p.name for p in folder.iterdir()) == ["entities.csv", "links.csv"]
    assert (folder / "links.csv").read_text(encoding="utf-8").startswith("Link ID,")


def test_check_output_sees_every_enclosing_case(caviar_case: Case, tmp_path: Path) -> None:
    inner = Case.init(caviar_case.exhibits.parent / "tmp" / "inner")  # a case in a case
    try:
        with pytest.raises(UnsafeOutput, match=str(caviar_case.root)):
            check_output(inner.reports / "x.csv")  # inner's reports, but outer's tmp/
    finally:
        import shutil

        shutil.rmtree(inner.root)
    assert check_output(tmp_path / "new.csv") == (tmp_path / "new.csv").resolve()


def test_atomic_output_keeps_the_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "listing.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(ValueError), atomic_output(target) as partial:
        partial.write_text("half", encoding="utf-8")
        raise ValueError("stopped")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["listing.csv"]


@pytest.mark.parametrize("command", [
    ["report", "--out", "{exhibits}/assessment.html"],
    ["bundle", "{root}", "--out", "{exhibits}/bundle.zip"],
    ["export", "stix", "{exhibits}/out.json"],
    ["export", "misp", "{root}/ledger/out.json"],
    ["export", "case-uco", "{exhibits}/custody.jsonld"],
    ["export", "parquet", "{root}"],
    ["network", "disrupt", "--csv", "{exhibits}/lcc.csv"],
    ["network", "export", "{root}/tmp/net.gexf", "--plot", "{exhibits}/net.png"],
    ["money", "check", "--csv", "{exhibits}/payments.csv"],
    ["assess", "where", "--csv", "{root}/case.json"],
    ["assess", "flows", "Payment", "--sankey", "{exhibits}/flows.png"],
])
def test_every_file_writing_command_refuses_the_case_folder(
        caviar_case: Case, command: list[str]) -> None:
    """Each kind of output option, through the one check, before anything runs: the
    case's files are as they were and the ledger has no new entry."""
    root = caviar_case.root
    files = {p: _sha(p) for p in root.rglob("*") if p.is_file() and "tmp" not in p.parts}
    entries = _entries(caviar_case)
    args = [a.format(root=root, exhibits=caviar_case.exhibits) for a in command]
    code, out = _tnoc(*args, *([] if command[0] == "bundle" else ["-c", str(root)]),
                      "--force")
    assert code != 0 and "inside the case folder" in out, out
    assert {p: _sha(p) for p in root.rglob("*")
            if p.is_file() and "tmp" not in p.parts} == files
    assert _entries(caviar_case) == entries


def test_an_output_under_a_file_is_refused_before_the_work(tmp_path: Path) -> None:
    """A --csv whose folder is a file was refused only when the CSV was opened, after
    the run had been computed and stored (a Spark run of a minute, then a traceback)."""
    blocker = tmp_path / "report.csv"
    blocker.write_text("kept\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match="report.csv is a file, not a folder"):
        check_output(blocker / "x.csv", what="--csv file")
    assert check_output(tmp_path / "new" / "deeper" / "x.csv") == (
        tmp_path / "new" / "deeper" / "x.csv").resolve()  # missing folders are made
    assert blocker.read_text(encoding="utf-8") == "kept\n"
