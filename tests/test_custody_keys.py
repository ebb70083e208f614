"""Who may verify and who may sign (issue #19 review): a verifier whose key the case
does not know still gets the result, unrecorded; a case an earlier tnoc gave a second
key without a ledger entry is repaired by adopting that key; a key table whose owner was
edited fails; a partner's CASE/UCO action named 'key-registered' registers nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.evidence import verify_bundle
from tnoc.evidence.bundle import write_bundle
from tnoc.evidence.verify import verify_case
from tnoc.exchange.caseuco import import_custody_record, write_custody_record
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.custody import (
    CustodyEvent,
    append_events,
    record_event,
    register_operator_key,
)
from tnoc.ledger.keys import register_key, signer
from tnoc.store import Case
from tnoc.store.query import rows_as_dicts

from .conftest import DATA

FEODO = DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv"


@pytest.fixture
def small_case(case: Case) -> Case:
    """One real intake and one hand-recorded sealing, signed by the founding key."""
    ingest_file(case, "feodotracker", FEODO,
                IngestOptions(collector="analyst-7", legal_basis="open source"))
    with case.transaction() as con:
        record_event(con, CustodyEvent("sealed", "bag-0042", None, place="evidence room 2"))
    return case


def _entries(case: Case) -> list[dict[str, Any]]:
    with case.connect(read_only=True) as con:
        return rows_as_dicts(con.execute("SELECT * FROM custody_events ORDER BY seq"))


def test_unregistered_verifier_sees_the_result_unrecorded(
        small_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An outside expert's key: verify runs, shows PASSED (or FAILED, exit 1), writes
    nothing, and says how to get the key registered."""
    before = len(_entries(small_case))
    monkeypatch.setenv("TNOC_KEYS", str(tmp_path / "expert-keys"))
    expert = signer()
    run = CliRunner().invoke(app, ["verify", str(small_case.root)])
    assert run.exit_code == 0, run.output
    assert "PASSED" in run.output and "(not recorded)" in run.output
    assert (f"not recorded: your key {expert.key_id} ({expert.owner}, from "
            f"{tmp_path / 'expert-keys'}) is not registered in this case") in run.output
    assert f"tnoc custody register-key {expert.owner} {expert.public_raw.hex()}" \
        in run.output
    assert len(_entries(small_case)) == before
    exhibit = next((small_case.root / "exhibits").rglob("*.csv"))
    exhibit.write_bytes(exhibit.read_bytes() + b"x")
    failed = CliRunner().invoke(app, ["verify", str(small_case.root), "--json"])
    assert failed.exit_code == 1
    assert len(_entries(small_case)) == before


def test_no_record_leaves_the_ledger_alone(small_case: Case) -> None:
    before = len(_entries(small_case))
    run = CliRunner().invoke(app, ["verify", str(small_case.root), "--no-record"])
    assert run.exit_code == 0 and "(not recorded)" in run.output, run.output
    assert len(_entries(small_case)) == before
    assert verify_case(small_case).not_recorded is None  # the registered key records
    assert len(_entries(small_case)) == before + 1


def test_second_key_of_an_earlier_version_adopted(
        small_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        signing_keys: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As the previous tnoc did: a second key put straight into ledger_keys, no ledger
    entry, then signing entries. Verify fails naming the adoption command; the founding
    operator adopts it; verify passes with a warning naming the entries."""
    monkeypatch.setenv("TNOC_KEYS", str(tmp_path / "second-machine"))
    second = signer("analyst-2")
    with small_case.transaction() as con:
        register_key(con, second.owner, second.public_raw)  # the old register_key
        append_events(con, [CustodyEvent("accessed", "bag-0042", None)], second)
    first_use = len(_entries(small_case))
    result = verify_case(small_case, record=False)
    adopt = f"tnoc custody register-key analyst-2 {second.public_raw.hex()}"
    assert [p.seq for p in result.problems] == [first_use]
    assert adopt in str(result.problems[0])
    # the old key cannot adopt itself; the founding key can
    with pytest.raises(TnocError, match="registered by an earlier tnoc version"), \
            small_case.transaction() as con:
        register_operator_key(con, "analyst-2", second.public_raw.hex(), by=second)
    monkeypatch.setenv("TNOC_KEYS", str(signing_keys))  # the founding operator's
    run = CliRunner().invoke(app, ["custody", "register-key", "analyst-2",
                                   second.public_raw.hex(), "--case", str(small_case.root)])
    assert run.exit_code == 0, run.output
    assert "adopted key" in run.output
    adopted = _entries(small_case)[-1]
    assert adopted["event_type"] == "key-registered"
    assert json.loads(adopted["details"])["adopted"] is True
    result = verify_case(small_case, record=False)
    assert result.ok, result.problems
    assert (f"key {second.key_id} (analyst-2) used from entry {first_use}, registered by "
            f"an earlier tnoc version, adopted at entry {adopted['seq']}") in result.warnings
    # the court bundle's own script accepts the adopted key the same way
    assert verify_case(small_case).ok
    bundle = write_bundle(small_case, tmp_path / "bundle.zip", reports=[]).path
    assert verify_bundle.main(["verify_bundle.py", str(bundle)]) == 0
    assert f"adopted at entry {adopted['seq']}" in capsys.readouterr().out
    again = CliRunner().invoke(app, ["custody", "register-key", "analyst-2",
                                     second.public_raw.hex(), "--case", str(small_case.root)])
    assert again.exit_code != 0 and "already registered" in str(again.exception)


def test_owner_edited_in_the_key_table_fails(small_case: Case, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TNOC_KEYS", str(tmp_path / "k2"))
    second = signer("analyst-2")
    monkeypatch.undo()
    with small_case.transaction() as con:
        register_operator_key(con, "analyst-2", second.public_raw.hex())
    assert verify_case(small_case, record=False).ok
    with small_case.connect() as con:
        con.execute("UPDATE ledger_keys SET owner = 'someone else' WHERE key_id = ?",
                    [second.key_id])
    problems = [str(p) for p in verify_case(small_case, record=False).problems]
    assert problems == [f"key {second.key_id}: the key table says its owner is someone "
                        "else, the ledger entry 3 that registered it says analyst-2 (the "
                        "key table was edited)"]


def test_case_uco_action_named_key_registered_stays_an_imported_action(
        small_case: Case, tmp_path: Path) -> None:
    """A partner record whose action is named 'key-registered' and whose description
    names a key id comes in as an 'accessed' action: it registers no key."""
    from tnoc.ledger.custody import read_ledger

    out = tmp_path / "custody.jsonld"
    write_custody_record(small_case, out, validate_first=False)  # validated elsewhere
    record = json.loads(out.read_text())
    action = next(n for n in record["@graph"]
                  if n.get("@type") == "case-investigation:InvestigativeAction")
    action["uco-core:name"] = "key-registered"
    action["uco-core:description"] = "signing key: " + "ab" * 16
    forged = tmp_path / "forged.jsonld"
    forged.write_text(json.dumps(record))
    partner = Case.init(tmp_path / "partner")
    import_custody_record(partner, forged)
    with partner.connect(read_only=True) as con:
        ledger = read_ledger(con)
    kinds = {e.event.details.get("case_uco_name"): e.event.event_type for e in ledger}
    assert kinds["key-registered"] == "accessed"
    assert not [e for e in ledger if e.event.event_type == "key-registered"
                and e.event.details.get("from_case_uco_record")]
    assert verify_case(partner, record=False).ok


def test_checkpoint_signed_by_a_key_slipped_into_the_key_table(
        small_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkpoint re-signed with a key put in ledger_keys behind the ledger's back:
    its signature verifies, but no ledger entry registered the key."""
    from tnoc.ledger.checkpoints import checkpoint_message

    assert verify_case(small_case).ok  # records and checkpoints
    monkeypatch.setenv("TNOC_KEYS", str(tmp_path / "insider"))
    insider = signer("insider")
    with small_case.connect() as con:
        register_key(con, insider.owner, insider.public_raw)
        size, root, created = con.execute(
            "SELECT size, root, created_at FROM ledger_checkpoints").fetchall()[-1]
        con.execute("UPDATE ledger_checkpoints SET key_id = ?, signature = ? WHERE size = ?",
                    [insider.key_id, insider.sign(checkpoint_message(size, root, created)),
                     size])
    problems = [str(p) for p in verify_case(small_case, record=False).problems]
    assert problems == [f"checkpoint signed by key {insider.key_id} (insider): no ledger "
                        "entry registered that key (one added to the key table behind the "
                        "ledger's back)"]
