"""The custody ledger: signed hash chain, Merkle checkpoints, tamper detection on real intakes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from pymerkle import verify_consistency, verify_inclusion

from tnoc.evidence.checkpoints import (
    checkpoints,
    consistency_proof,
    entry_hashes,
    make_checkpoint,
    merkle_tree,
)
from tnoc.evidence.custody import COLUMNS, CustodyEvent, append_events, record_event
from tnoc.evidence.keys import signer
from tnoc.evidence.verify import verify_case
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case
from tnoc.store.query import rows_as_dicts

from .conftest import DATA


@pytest.fixture
def ledger_case(case: Case) -> Case:
    """Two real intakes and four hand-recorded events: six signed entries."""
    ingest_file(case, "feodotracker", DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv",
                IngestOptions(collector="analyst-7", legal_basis="open source"))
    ingest_file(case, "caviar", DATA / "networks" / "caviar_phases" / "phase1.csv")
    with case.transaction() as con:
        for kind, place in (("sealed", "evidence room 2"), ("transferred", "courier"),
                            ("received", "NCA lab"), ("accessed", "NCA lab")):
            record_event(con, CustodyEvent(kind, "bag-0042", None, role="exhibits officer",
                                           organisation="Unit 7", place=place,
                                           purpose="test", legal_authority="warrant 12/26"))
    return case


def _rows(case: Case) -> list[dict[str, Any]]:
    with case.connect(read_only=True) as con:
        return rows_as_dicts(con.execute(
            f"SELECT {', '.join(COLUMNS)} FROM custody_events ORDER BY seq"))


def _rewrite(case: Case, rows: list[dict[str, Any]]) -> None:
    """Replace the whole ledger table, as someone with write access to the file could."""
    with case.connect() as con:
        con.execute("DELETE FROM custody_events")
        for row in rows:
            con.execute(f"INSERT INTO custody_events ({', '.join(COLUMNS)}) VALUES "
                        f"({', '.join('?' * len(COLUMNS))})", [row[c] for c in COLUMNS])


def _first_bad(case: Case) -> str:
    result = verify_case(case, record=False)
    assert not result.ok
    first = result.first_bad
    assert first is not None
    return str(first)


def test_clean_case_verifies_records_and_checkpoints(ledger_case: Case) -> None:
    result = verify_case(ledger_case)
    assert result.ok, result.problems
    assert (result.events, result.exhibits) == (6, 2)
    with ledger_case.connect(read_only=True) as con:
        last = con.execute("SELECT event_type, details->>'outcome' FROM custody_events "
                           "ORDER BY seq DESC LIMIT 1").fetchall()
        assert last == [("verified", "passed")]
        assert [p.size for p in checkpoints(con)] == [7]
    # every entry is signed by the operator's registered key
    assert {r["key_id"] for r in _rows(ledger_case)} == {signer().key_id}


def test_flipped_exhibit_byte_is_named(ledger_case: Case) -> None:
    with ledger_case.connect(read_only=True) as con:
        name, rel = con.execute("SELECT file_name, exhibit_path FROM sources "
                                "WHERE mapping = 'feodotracker'").fetchall()[0]
    path = ledger_case.root / rel
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    first = _first_bad(ledger_case)
    assert first.startswith(f"exhibit {name}") and "changed after intake" in first


def test_edited_field_is_named(ledger_case: Case) -> None:
    with ledger_case.connect() as con:
        con.execute("UPDATE custody_events SET place = 'somewhere else' WHERE seq = 4")
    assert _first_bad(ledger_case) == ("ledger entry 4: its content does not match its "
                                       "entry hash (a field was edited)")


def test_deleted_entry_is_named(ledger_case: Case) -> None:
    rows = [r for r in _rows(ledger_case) if r["seq"] != 3]
    _rewrite(ledger_case, rows)
    assert _first_bad(ledger_case).startswith("ledger entry 4: expected entry 3 here")


def test_inserted_entry_is_named(ledger_case: Case) -> None:
    """A forged entry, correctly chained and signed by an intruder's own key, slipped in
    after entry 2: the entry after it no longer links."""
    rows = _rows(ledger_case)
    intruder = signer("intruder")
    with duckdb.connect() as scratch:
        scratch.execute(f"CREATE TABLE custody_events AS SELECT * FROM (SELECT "
                        f"{', '.join(f'NULL::VARCHAR AS {c}' for c in COLUMNS)}) WHERE false")
        scratch.execute("ALTER TABLE custody_events ALTER seq TYPE BIGINT")
        scratch.execute("CREATE TABLE ledger_keys (key_id VARCHAR, owner VARCHAR, "
                        "public_key VARCHAR, registered_at VARCHAR)")
        for row in rows[:2]:
            scratch.execute(f"INSERT INTO custody_events VALUES ({', '.join('?' * len(COLUMNS))})",
                            [row[c] for c in COLUMNS])
        append_events(scratch, [CustodyEvent("destroyed", "bag-0042", None)], intruder)
        forged = rows_as_dicts(scratch.execute(
            f"SELECT {', '.join(COLUMNS)} FROM custody_events WHERE seq = 3"))[0]
    for row in rows[2:]:
        row["seq"] += 1
    _rewrite(ledger_case, [*rows[:2], forged, *rows[2:]])
    assert _first_bad(ledger_case).startswith("ledger entry 3: not signed by a registered key")
    # even with the intruder's key registered, the next entry does not link to the forgery
    with ledger_case.connect() as con:
        from tnoc.evidence.keys import register_key
        register_key(con, intruder)
    assert _first_bad(ledger_case).startswith("ledger entry 4: its prev_hash is not the entry")


def test_reordered_entries_are_named(ledger_case: Case) -> None:
    rows = _rows(ledger_case)
    rows[3], rows[4] = rows[4], rows[3]
    rows[3]["seq"], rows[4]["seq"] = 4, 5
    _rewrite(ledger_case, rows)
    assert _first_bad(ledger_case).startswith("ledger entry 4: its prev_hash")


def test_replaced_signature_is_named(ledger_case: Case) -> None:
    rows = _rows(ledger_case)
    with ledger_case.connect() as con:
        con.execute("UPDATE custody_events SET signature = ? WHERE seq = 5", [rows[0]["signature"]])
    assert _first_bad(ledger_case).startswith("ledger entry 5: signature does not verify")


def test_truncated_tail_caught_by_checkpoint_and_failure_recorded(ledger_case: Case) -> None:
    assert verify_case(ledger_case).ok  # checkpoint at 7 entries
    with ledger_case.connect() as con:
        con.execute("DELETE FROM custody_events WHERE seq >= 6")
    first = _first_bad(ledger_case)
    assert first == ("checkpoint at 7 entries: the ledger now has only 5 entries: "
                     "entries 6..7 were cut off the end")
    result = verify_case(ledger_case, record=True)
    assert not result.ok
    with ledger_case.connect(read_only=True) as con:
        outcome = con.execute("SELECT details->>'outcome', details->>'first_bad' FROM "
                              "custody_events ORDER BY seq DESC LIMIT 1").fetchall()
    assert outcome == [("FAILED", first)]


def test_inclusion_and_consistency_proofs(ledger_case: Case) -> None:
    with ledger_case.transaction() as con:
        first = make_checkpoint(con)
        record_event(con, CustodyEvent("copied", "bag-0042", None))
        second = make_checkpoint(con)
        hashes = entry_hashes(con)
    assert first is not None and second is not None
    tree = merkle_tree(hashes)
    from pymerkle import ConsistencyProof, InclusionProof
    proof = InclusionProof.deserialize(tree.prove_inclusion(3, second.size).serialize())
    leaf = tree.get_leaf(3)
    verify_inclusion(leaf, bytes.fromhex(second.root), proof)
    consistency = ConsistencyProof.deserialize(consistency_proof(tree, first.size, second.size))
    verify_consistency(bytes.fromhex(first.root), bytes.fromhex(second.root), consistency)


def test_key_stays_outside_the_case(ledger_case: Case, signing_keys: Path) -> None:
    assert list(signing_keys.glob("*.ed25519.pem"))
    assert not list(ledger_case.root.rglob("*.pem"))
