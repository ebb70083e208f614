"""The DPIA recorded in the case (issue #20, deliverable 8): kept, signed in the ledger,
listed, shown by the summary, and re-hashed by ``tnoc verify``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tnoc.errors import TnocError
from tnoc.evidence.verify import verify_case
from tnoc.govern.dpia import record_dpia, recorded_dpias
from tnoc.ledger.custody import file_sha256, read_ledger
from tnoc.store import Case

from .conftest import ROOT, run_tnoc

# real documents standing in for two versions of an assessment
FIRST = ROOT / "docs" / "custody.md"
SECOND = ROOT / "docs" / "exchange.md"


def test_a_dpia_is_kept_recorded_and_versioned(case: Case) -> None:
    first = record_dpia(case, FIRST, actor="dpo.mueller")
    kept = case.root / first.kept_file
    assert kept.read_bytes() == FIRST.read_bytes()
    assert kept.parent == case.root / "govern" / "dpia"
    assert kept.name == f"{file_sha256(FIRST)[0]}-custody.md"
    with case.connect(read_only=True) as con:
        entry = [e for e in read_ledger(con) if e.seq == first.ledger_seq][0]
    assert entry.event.event_type == "acquired" and entry.signature
    assert entry.event.actor == "dpo.mueller"
    assert entry.event.item_sha256 == first.sha256 == file_sha256(FIRST)[0]
    assert entry.event.details["bytes"] == FIRST.stat().st_size
    assert entry.event.details["name"] == "custody.md"
    with pytest.raises(TnocError, match="already recorded as version 1"):
        record_dpia(case, FIRST)
    second = record_dpia(case, SECOND)
    with case.connect(read_only=True) as con:
        versions = recorded_dpias(con)
    assert [(v.version, v.name) for v in versions] == [(1, "custody.md"), (2, "exchange.md")]
    assert second.version == 2 and (case.root / first.kept_file).is_file()


def test_verify_names_a_changed_or_missing_dpia(case: Case) -> None:
    first = record_dpia(case, FIRST)
    second = record_dpia(case, SECOND)
    clean = verify_case(case, record=False)
    assert clean.ok, [str(p) for p in clean.problems]
    assert clean.documents == 2
    kept = case.root / first.kept_file
    kept.write_bytes(kept.read_bytes() + b"\nEdited afterwards.\n")
    (case.root / second.kept_file).unlink()
    found = [str(p) for p in verify_case(case, record=False).problems]
    assert len(found) == 2
    assert "DPIA custody.md" in found[0] and "changed after it was recorded" in found[0]
    assert "DPIA exchange.md" in found[1] and "is missing" in found[1]


def test_a_bad_document_writes_nothing(case: Case, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    for bad, why in ((tmp_path / "missing.pdf", "no such file"), (empty, "empty")):
        with pytest.raises(TnocError, match=why):
            record_dpia(case, bad)
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM custody_events").fetchone() == (0,)
    assert not (case.root / "govern").exists()


def test_cli_records_lists_and_summarises(tmp_path: Path) -> None:
    root = tmp_path / "case"
    refused = run_tnoc("case", "init", str(root), "--dpia", str(tmp_path / "none.docx"))
    assert refused.returncode != 0 and "none.docx: no such file" in refused.stderr
    assert not root.exists()  # no case created for a DPIA that cannot be kept
    assessment = tmp_path / "DPIA v1.md"
    shutil.copy(FIRST, assessment)
    made = run_tnoc("case", "init", str(root), "--dpia", str(assessment))
    assert made.returncode == 0, made.stderr
    assert "Recorded DPIA version 1: DPIA v1.md" in made.stdout
    added = run_tnoc("case", "dpia", "-c", str(root), str(SECOND))
    assert added.returncode == 0 and "version 2: exchange.md" in added.stdout
    listed = json.loads(run_tnoc("case", "dpia", "-c", str(root), "--json").stdout)
    assert [r["document"] for r in listed["rows"]] == ["DPIA v1.md", "exchange.md"]
    assert (root / listed["rows"][0]["kept_file"]).name.endswith("-DPIA_v1.md")
    summary = json.loads(run_tnoc("case", "summary", "-c", str(root), "--json").stdout)
    assert summary["dpia"]["version"] == 2 and summary["dpia"]["document"] == "exchange.md"
    # where custody stands, beside the counts: the DPIA entries, never verified
    custody = summary["custody"]
    assert custody["entries"] == summary["custody_events"] >= 2
    assert custody["verified_seq"] is None and custody["head_event"]
    table = run_tnoc("case", "summary", "-c", str(root))
    assert f"Custody ledger: {custody['entries']} entries, head #{custody['head_seq']}" \
        in table.stdout and "never verified ('tnoc verify')" in table.stdout
