"""The CLI end to end, through the real entry point."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import DATA, run_tnoc


def tnoc(*args: str) -> subprocess.CompletedProcess[str]:
    return run_tnoc(*args)


def test_cli_flow(tmp_path: Path) -> None:
    case = str(tmp_path / "case")
    assert tnoc("case", "init", case).returncode == 0
    done = tnoc("ingest", "feodotracker",
                str(DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv"), "-c", case,
                "--tlp", "TLP:CLEAR", "--legal-basis", "public feed")
    assert done.returncode == 0, done.stderr
    assert "750 records" in done.stdout
    again = tnoc("ingest", "feodotracker",
                 str(DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv"), "-c", case)
    assert "already ingested" in again.stdout
    listed = tnoc("sources", "-c", case)
    assert "feodotracker" in listed.stdout and "TLP:CLEAR" in listed.stdout
    found = tnoc("search", "Dridex", "-c", case)
    assert "malware-Dridex" in found.stdout
    shown = tnoc("show", "malware-Dridex", "-c", case)
    assert "feodotracker_ipblocklist" in shown.stdout
    out = tmp_path / "x.ftm.json"
    assert tnoc("export", "ftm", str(out), "-c", case).returncode == 0
    assert len(out.read_text().splitlines()) == 755


def test_cli_errors_exit_non_zero(tmp_path: Path) -> None:
    case = str(tmp_path / "case")
    missing = tnoc("sources", "-c", case)
    assert missing.returncode == 4 and "not a TNOC case" in missing.stderr
    tnoc("case", "init", case)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("txId,class,time_step\n1,2,3\n4,5\n", encoding="utf-8")
    bad = tnoc("ingest", "elliptic_classes", str(ragged), "-c", case)
    assert bad.returncode == 2
    assert "ragged.csv" in bad.stderr and "line 3" in bad.stderr
    unknown = tnoc("ingest", "no_such_mapping", str(ragged), "-c", case)
    assert unknown.returncode == 3 and "shipped" in unknown.stderr


@pytest.mark.slow  # fifteen tnoc processes on two real networks (about 100 s)
def test_cli_network_analysis(tmp_path: Path) -> None:
    """Every 'tnoc network' command on CAVIAR and the London gang, through the entry
    point: tables printed, files written, results kept, clear failures."""
    case = str(tmp_path / "case")
    nets = DATA / "networks"
    assert tnoc("case", "init", case).returncode == 0
    assert tnoc("ingest", "caviar", str(nets / "morselli_caviar.csv"), "-c", case
                ).returncode == 0
    assert tnoc("ingest", "criminal_network", str(nets / "LONDON_GANG.csv"), "-c", case
                ).returncode == 0
    caviar = ["-c", case, "--source", "morselli_caviar.csv"]
    measures = tnoc("network", "measures", *caviar, "--weight", "count", "--top", "3")
    assert measures.returncode == 0 and "110 actors, 295 ties (directed)" in measures.stdout
    london = tnoc("network", "measures", "-c", case, "--source", "LONDON_GANG.csv")
    assert "54 actors, 315 ties (undirected)" in london.stdout
    brokers = tnoc("network", "brokers", *caviar, "--top", "3")
    assert brokers.returncode == 0 and "caviar-n1 " in brokers.stdout
    players = tnoc("network", "keyplayers", *caviar, "-k", "3")
    assert "KPP-Neg set of 3 of 110 actors: N1, N12, N87" in players.stdout
    path = tnoc("network", "path", "caviar-n87", "caviar-n12", *caviar, "--undirected")
    assert path.returncode == 0 and "morselli_caviar.csv, row 1, column" in path.stdout
    apart = tnoc("network", "path", "caviar-n1", "net-LONDON_GANG-1", "-c", case)
    assert apart.returncode == 1 and "not connected" in apart.stdout
    ego = tnoc("network", "ego", "caviar-n12", *caviar)
    assert "29 actors" in ego.stdout
    plot, table = tmp_path / "lcc.svg", tmp_path / "lcc.csv"
    disrupt = tnoc("network", "disrupt", *caviar, "--strategy", "degree", "--strategy",
                   "random", "--runs", "5", "--plot", str(plot), "--csv", str(table))
    assert disrupt.returncode == 0, disrupt.stderr
    assert plot.exists() and len(table.read_text().splitlines()) > 20
    gexf = tmp_path / "caviar.gexf"
    export = tnoc("network", "export", str(gexf), *caviar, "--plot", str(tmp_path / "n.png"))
    assert export.returncode == 0 and gexf.exists() and (tmp_path / "n.png").exists()
    from PIL import Image

    with Image.open(tmp_path / "n.png") as image:  # the network's code, in the file
        assert image.info["TLP"] == "TLP:AMBER"
    assert "<!-- TLP:AMBER -->" in plot.read_text() or ">TLP:AMBER</text>" in plot.read_text()
    bad = tnoc("network", "disrupt", *caviar, "--strategy", "arrests")
    assert bad.returncode != 0 and "unknown strategy" in bad.stderr
    missing = tnoc("network", "keyplayers", "-c", case, "--source", "nope.csv")
    assert missing.returncode != 0 and "no source 'nope.csv'" in missing.stderr


def test_schema_parents_in_the_same_order_in_every_process() -> None:
    """FtM keeps what a schema extends as a set, whose order changes with each process's
    hash seed: listed sorted, so two runs of 'tnoc schema' print the same."""
    from tnoc.model.describe import list_schemata

    several = [s.extends for s in list_schemata() if len(s.extends) > 1]
    assert len(several) > 10 and all(list(e) == sorted(e) for e in several)
    assert ("Asset", "Organization") in several  # Company


def test_cli_schema_lists_the_model() -> None:
    """'tnoc schema' lists schemata with what they extend; 'tnoc schema NAME' the
    properties with type, entity reference and declaring schema, as --json too; an
    unknown name exits non-zero with the closest names."""
    import json

    listed = tnoc("schema", "--json")
    assert listed.returncode == 0, listed.stderr
    schemata = {r["schema"]: r for r in json.loads(listed.stdout)["rows"]}
    assert schemata["Call"]["extends"] == "Interval" and schemata["Call"]["origin"] == "FtM"
    assert schemata["DarknetListing"]["origin"] == "TNOC"
    described = tnoc("schema", "Call", "--json")
    assert described.returncode == 0, described.stderr
    call = json.loads(described.stdout)
    props = {r["property"]: r for r in call["rows"]}
    assert call["schema"] == "Call" and call["extends"] == ["Interval"]
    assert props["caller"]["entity_reference"] and props["caller"]["range"] == "LegalEntity"
    assert props["callerNumber"]["type"] == "phone" and not props["duration"]["entity_reference"]
    assert props["startDate"]["from_schema"] == "Interval"
    assert "indexText" not in props
    table = tnoc("schema", "darknetlisting")
    assert table.returncode == 0 and "shipsFrom" in table.stdout and "country" in table.stdout
    unknown = tnoc("schema", "Persn")
    assert unknown.returncode != 0 and "Person" in unknown.stderr
