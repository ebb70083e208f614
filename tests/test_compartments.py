"""Compartments for whole-case operations (issue #20, deliverable 3): an analysis, an
export or the flagged values are decided on the handling codes of the sources they read,
not on the strictest source of the case. On the governed case of
``tests/test_governance.py``: a seized phone's calls, SAML-D payments and IC3 statistics
(TLP:AMBER) beside the CAVIAR wiretap network (TLP:RED); alice is an analyst cleared to
TLP:AMBER, bob a supervisor cleared to TLP:RED."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tnoc.cli.main import app
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.service import AccessDenied
from tnoc.store import Case
from tnoc.store.lookup import missing_entity
from tnoc.store.reads import sources_of_entities, sources_of_indicator

from .test_governance import CDR, PURPOSE, _as, _trail, copy, governed

__all__ = ["copy", "governed"]  # the fixtures, imported for pytest

LEFT_OUT = "1 source above your clearance (TLP:AMBER) was left out: TLP:RED"


def _run(case: Case, *args: str, user: str = "alice") -> Result:
    return CliRunner().invoke(app, [*args, "-c", str(case.root), "--as", user,
                                    "--purpose", PURPOSE])


def _source(case: Case, file_name: str) -> str:
    return next(str(s["source_id"]) for s in _as(case, "bob").sources()
                if s["file_name"] == file_name)


def test_an_analysis_is_decided_on_the_sources_it_reads(governed: Case) -> None:
    """The payments are AMBER: alice may analyse them though the case holds a RED
    source; the wiretap network is RED: she is refused, and the refusal names the code."""
    caviar = _source(governed, "morselli_caviar.csv")
    with governed.connect(read_only=True) as con:
        payments = sources_of_entities(con, ["Payment"])
        statistics = sources_of_entities(con, ["StatisticalObservation"])
        complaints = sources_of_indicator(con, "IC3 complaints")
        wiretap = sources_of_entities(con, (), [caviar])
    assert wiretap == [caviar]
    assert payments == [_source(governed, "saml-d_sample_1k.csv")]
    alice = _as(governed, "alice")
    assert alice.handling_of(payments) == "TLP:AMBER"
    assert statistics == [_source(governed, "ic3_crime_type_counts_2015_2025.csv")]
    assert complaints == statistics  # 'assess trends "IC3 complaints"' reads these
    assert alice.handling_of(statistics) == "TLP:AMBER"
    assert alice.handling_of(None) == "TLP:RED"  # the whole case: fail closed
    assert alice.case_for("money", payments) is governed
    with pytest.raises(AccessDenied, match="the data is TLP:RED; alice is cleared to "
                                           "TLP:AMBER"):
        _as(governed, "alice").case_for("network", wiretap)


def test_the_command_line_decides_by_what_each_command_reads(copy: Case) -> None:
    checked = _run(copy, "money", "check", "--json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["handling_code"] == "TLP:AMBER"
    assert _trail(copy)[-1].sources == (_source(copy, "saml-d_sample_1k.csv"),)
    calls = _run(copy, "network", "measures", "--source", "calls.csv", "--json")
    assert calls.exit_code == 0, calls.output  # a stored analysis of AMBER sources only
    assert json.loads(calls.stdout)["handling_code"] == "TLP:AMBER"
    refused = _run(copy, "network", "measures", "--source", "morselli_caviar.csv")
    assert isinstance(refused.exception, AccessDenied)  # exit code 3 from 'tnoc'
    assert "the data is TLP:RED; alice is cleared to TLP:AMBER" in str(refused.exception)
    whole = _run(copy, "network", "measures")  # what it reads is not known: fail closed
    assert isinstance(whole.exception, AccessDenied)
    assert [r.outcome for r in _trail(copy)[-4:]] == ["allowed", "allowed", "denied",
                                                      "denied"]


def test_flagged_values_run_on_what_the_member_may_see(copy: Case, tmp_path: Path) -> None:
    """An intercept's calls (the first six rows of the same real export, taken in as
    TLP:RED) hold a flagged number: alice's list leaves it out and says so, bob's has it."""
    intercept = tmp_path / "intercept_calls.csv"
    lines = CDR.read_text(encoding="utf-8").splitlines(keepends=True)
    intercept.write_text("".join(lines[:7]), encoding="utf-8")
    ingest_file(copy, "call_records", intercept, IngestOptions(handling_code="TLP:RED"))
    red = _source(copy, "intercept_calls.csv")
    two = "2 sources above your clearance (TLP:AMBER) were left out: TLP:RED, TLP:RED"
    everything = _run(copy, "flagged", "--json", user="bob")
    assert everything.exit_code == 0, everything.output
    assert any(r["source_id"] == red for r in json.loads(everything.stdout)["rows"])
    mine = _run(copy, "flagged", "--json")
    assert mine.exit_code == 0, mine.output
    assert two in mine.stderr and "left out" not in everything.stderr
    assert "handling: TLP:AMBER" in mine.stderr
    rows = json.loads(mine.stdout)["rows"]
    assert rows and all(r["source_id"] != red for r in rows)
    assert red not in _trail(copy)[-1].sources  # the audit names what was read
    only_red = _run(copy, "flagged", "--source", "intercept_calls.csv", "--json")
    assert only_red.exit_code == 0 and json.loads(only_red.stdout)["total"] == 0
    assert LEFT_OUT in only_red.stderr


def test_a_shared_export_leaves_out_what_is_above_the_clearance(copy: Case,
                                                                tmp_path: Path) -> None:
    """Asked for TLP:RED, alice's export carries her clearance's code and no value of
    the wiretap; bob's carries TLP:RED and the wiretap's names."""
    mine, bobs = tmp_path / "alice.ftm.json", tmp_path / "bob.ftm.json"
    shared = _run(copy, "export", "ftm", str(mine), "--tlp", "TLP:RED")
    assert shared.exit_code == 0, shared.output
    assert LEFT_OUT in shared.stderr and "marked TLP:AMBER" in shared.stderr
    full = _run(copy, "export", "ftm", str(bobs), "--tlp", "TLP:RED", user="bob")
    assert full.exit_code == 0, full.output
    assert "marked TLP:RED" in full.stderr and LEFT_OUT not in full.stderr
    assert '"N1"' in bobs.read_text(encoding="utf-8")
    assert '"N1"' not in mine.read_text(encoding="utf-8")
    whole = _run(copy, "export", "ftm", str(tmp_path / "whole.ftm.json"))
    assert isinstance(whole.exception, AccessDenied)  # the whole case, unfiltered





def _refusal(result: Result) -> str:
    """The error a command ended with, as the member reads it."""
    assert result.exit_code != 0, result.output
    return str(result.exception) if result.exception and not isinstance(
        result.exception, SystemExit) else result.output


@pytest.mark.parametrize("command", [
    ("network", "path", "{}", "N2", "--source", "calls.csv"),
    ("money", "trace", "{}"),
])
def test_a_name_above_the_clearance_is_answered_as_a_missing_one(
        governed: Case, command: tuple[str, ...]) -> None:
    """Whole-case commands look the names a member types up within what they may see
    (``CaseService.resolve_names``): N1 is only in the RED wiretap, so alice (AMBER),
    running the command on sources she may read, gets word for word the answer for a
    name the case does not hold; bob (RED) gets the command's own answer."""
    def run(name: str, user: str = "alice") -> Result:
        return _run(governed, *(word.format(name) for word in command), user=user)

    hidden, absent = _refusal(run("N1")), _refusal(run("N999"))
    assert str(missing_entity("N1")) in hidden
    assert hidden.replace("N1", "N999") == absent
    assert "caviar-n1" not in hidden
    bobs = run("N1", user="bob")
    assert "no entity with the id or name" not in bobs.output + str(bobs.exception)


def test_a_red_member_gets_the_path_an_amber_one_may_not_name(governed: Case) -> None:
    """bob, cleared to RED, finds the wiretap's path from N1 to N2 by name."""
    found = _run(governed, "network", "path", "N1", "N2", "--source",
                 "morselli_caviar.csv", user="bob")
    assert found.exit_code == 0, found.output
    assert "path 1: N1 -> " in found.stdout


def test_an_export_names_only_entities_the_member_may_see(copy: Case,
                                                          tmp_path: Path) -> None:
    """``export --entity`` takes a name; one above the clearance is a missing entity
    (nothing written), not a silently empty selection; bob exports it."""
    mine, bobs = tmp_path / "alice.misp.json", tmp_path / "bob.misp.json"
    refused = _run(copy, "export", "misp", str(mine), "--entity", "N1")
    assert str(missing_entity("N1")) in _refusal(refused)
    assert not mine.exists()
    full = _run(copy, "export", "misp", str(bobs), "--tlp", "TLP:RED", "--entity", "N1",
                user="bob")
    assert full.exit_code == 0, full.output
    assert "marked TLP:RED" in full.stdout, full.stdout
    assert '"N1"' in bobs.read_text(encoding="utf-8")
    assert _as(copy, "bob").resolve_names(["N1", "caviar-n1"]) == ["caviar-n1"] * 2
