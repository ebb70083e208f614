"""The CLI end to end, through the real entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import DATA


def tnoc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tnoc.cli", *args], capture_output=True,
                          text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


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
