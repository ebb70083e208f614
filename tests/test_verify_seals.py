"""Source seals: ``tnoc verify`` finds an edited, fabricated or deleted statement or
source and an edited source record, and names the file, entity and property."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tnoc.evidence.verify import Verification, verify_case
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.custody import append_events, read_ledger
from tnoc.resolve.judgements import judge
from tnoc.store import Case
from tnoc.store.derived import DerivedStatement, add_analysis
from tnoc.store.seals import UNSEALED

from .conftest import DATA, BuiltCase, run_tnoc

CAVIAR = DATA / "networks" / "morselli_caviar.csv"


@pytest.fixture
def sealed_case(case: Case) -> Case:
    """The CAVIAR wiretap network (Morselli), taken in with collection facts."""
    ingest_file(case, "caviar", CAVIAR, IngestOptions(
        collector="analyst-7", legal_basis="warrant 12/26", handling_code="TLP:RED"))
    return case


def _failed(case: Case) -> Verification:
    result = verify_case(case, record=False)
    assert not result.ok
    return result


def _messages(result: Verification) -> list[str]:
    return [str(p) for p in result.problems]


def test_untouched_case_passes_with_every_source_sealed(sealed_case: Case) -> None:
    result = verify_case(sealed_case, record=False)
    assert result.ok, result.problems
    assert (result.sealed, result.warnings) == (1, [])
    with sealed_case.connect(read_only=True) as con:
        seal = json.loads(con.execute(
            "SELECT details->'seal' FROM custody_events WHERE event_type = 'acquired'"
        ).fetchall()[0][0])
        count = con.execute("SELECT count(*) FROM statement_store").fetchall()[0][0]
    assert seal["statements"] == count and seal["entities"] == 405
    assert seal["record"]["handling_code"] == "TLP:RED"


def test_edited_value_names_file_entity_and_property(sealed_case: Case) -> None:
    """Six calls between two traffickers made sixty: the call count is named."""
    with sealed_case.connect() as con:
        con.execute("UPDATE statement_store SET value = '60' "
                    "WHERE entity_id = 'caviar-calls-1-10' AND prop = 'count'")
    [message] = _messages(_failed(sealed_case))
    assert message.startswith("source morselli_caviar.csv (src-")
    assert "(caviar-calls-1-10) property 'count': statements edited" in message


def test_fabricated_statements_citing_a_real_source_are_named(sealed_case: Case) -> None:
    with sealed_case.connect() as con:
        source_id = con.execute("SELECT source_id FROM sources").fetchall()[0][0]
        for prop, value in (("id", "caviar-calls-1-999"), ("sender", "caviar-n1"),
                            ("recipient", "caviar-n99"), ("count", "12")):
            con.execute("INSERT INTO statement_store VALUES ('caviar-calls-1-999', NULL, "
                        "'CommunicationLink', ?, 'string', ?, NULL, ?, 'row 2', NULL)",
                        [prop, value, source_id])
        sealed = con.execute("SELECT statements FROM sources").fetchall()[0][0]
    [message] = _messages(_failed(sealed_case))
    assert f"({sealed + 4:,} statements now, {sealed:,} sealed)" in message
    assert "(caviar-calls-1-999) property 'count': statements added" in message


def test_deleted_source_and_statements_are_named(sealed_case: Case) -> None:
    ingest_file(sealed_case, "ofac_sdn", DATA / "sanctions" / "ofac_sdn_2024-05-03.csv")
    with sealed_case.connect() as con:
        con.execute("DELETE FROM statement_store WHERE source_id IN "
                    "(SELECT source_id FROM sources WHERE mapping = 'caviar')")
        con.execute("DELETE FROM sources WHERE mapping = 'caviar'")
    messages = _messages(_failed(sealed_case))
    assert [m for m in messages if m.startswith("source morselli_caviar.csv (src-")
            and "missing from the store: the source and its statements were deleted" in m]
    assert not [m for m in messages if "ofac_sdn" in m]


@pytest.mark.parametrize(("field", "value"), [("handling_code", "TLP:CLEAR"),
                                              ("collector", "someone else"),
                                              ("legal_basis", "open source")])
def test_edited_source_record_names_field_and_both_values(sealed_case: Case, field: str,
                                                          value: str) -> None:
    sealed = {"handling_code": "TLP:RED", "collector": "analyst-7",
              "legal_basis": "warrant 12/26"}[field]
    with sealed_case.connect() as con:
        con.execute(f"UPDATE sources SET {field} = ?", [value])
    [message] = _messages(_failed(sealed_case))
    assert message.startswith("source morselli_caviar.csv (src-")
    assert f"{field} is {value!r}, sealed {sealed!r}" in message


def test_inserted_source_and_orphan_statements_fail_by_name(sealed_case: Case) -> None:
    with sealed_case.connect() as con:
        con.execute("INSERT INTO sources SELECT * REPLACE ('src-forged' AS source_id, "
                    "'informant.csv' AS file_name) FROM sources")
        con.execute("INSERT INTO statement_store SELECT * REPLACE ('src-forged' AS "
                    "source_id) FROM statement_store WHERE entity_id = 'caviar-n1'")
        con.execute("INSERT INTO statement_store SELECT * REPLACE ('src-nowhere' AS "
                    "source_id) FROM statement_store WHERE entity_id = 'caviar-n2'")
    messages = _messages(_failed(sealed_case))
    assert "source informant.csv (src-forged): no signed intake entry seals it or its " \
           "statements: inserted into the store" in messages
    assert [m for m in messages if m.startswith("source src-nowhere: ")
            and "statements cite this source id" in m]


def test_seal_table_edited_with_the_statements_still_fails(sealed_case: Case) -> None:
    """Re-sealing the side table after an edit moves the mismatch, it does not hide it."""
    with sealed_case.connect() as con:
        con.execute("UPDATE statement_store SET value = '60' "
                    "WHERE entity_id = 'caviar-calls-1-10' AND prop = 'count'")
        con.execute("UPDATE statement_seals SET digest = repeat('0', 64) "
                    "WHERE entity_id = 'caviar-calls-1-10' AND prop = 'count'")
    [message] = _messages(_failed(sealed_case))
    assert "the per-entity seal table was edited too" in message


def test_merge_judgement_keeps_the_seal(sealed_case: Case) -> None:
    with sealed_case.transaction() as con:
        judge(con, "caviar-n1", "caviar-n3", "positive", "tester")
        merged = con.execute("SELECT count(*) FROM statement_store "
                             "WHERE merged_into IS NOT NULL").fetchall()[0][0]
    assert merged
    assert verify_case(sealed_case, record=False).ok


def test_derived_source_is_sealed(sealed_case: Case) -> None:
    with sealed_case.transaction() as con:
        source_id = con.execute("SELECT source_id FROM sources").fetchall()[0][0]
        derived = add_analysis(con, sealed_case.root, "disruption", "r1", {"parameters": {}},
                               [DerivedStatement("sim-r1", "DisruptionSimulation", p, v, "run")
                                for p, v in (("id", "sim-r1"), ("name", "degree removal"),
                                             ("strategy", "degree"))], [source_id])
    result = verify_case(sealed_case, record=False)
    assert result.ok and result.sealed == 2, result.problems
    with sealed_case.connect() as con:
        con.execute("UPDATE statement_store SET value = 'betweenness' "
                    "WHERE source_id = ? AND prop = 'strategy'", [derived])
    [message] = _messages(_failed(sealed_case))
    assert message.startswith(f"source disruption-r1.json ({derived})")
    assert "(sim-r1) property 'strategy': statements edited" in message


def _unseal(case: Case) -> None:
    """Make the case as a version before seals made it: the same ledger, re-chained
    and signed, without the seal in its intake entries, and no seal table."""
    with case.transaction() as con:
        events = [replace(e.event, details={k: v for k, v in e.event.details.items()
                                            if k != "seal"}) for e in read_ledger(con)]
        con.execute("DELETE FROM custody_events")
        con.execute("DROP TABLE statement_seals")
        append_events(con, events)


def test_case_sealed_before_this_version_passes_with_a_warning(sealed_case: Case) -> None:
    _unseal(sealed_case)
    result = verify_case(sealed_case, record=False)
    assert result.ok, result.problems
    assert result.sealed == 0
    assert [w for w in result.warnings
            if w.startswith("morselli_caviar.csv (src-") and w.endswith(UNSEALED)]
    shown = run_tnoc("verify", str(sealed_case.root))
    assert shown.returncode == 0, shown.stderr
    assert "warning: morselli_caviar.csv" in shown.stdout
    assert UNSEALED in shown.stdout


def test_verify_command_names_the_edited_statement(sealed_case: Case, tmp_path: Path) -> None:
    with sealed_case.connect() as con:
        con.execute("UPDATE statement_store SET value = '60' "
                    "WHERE entity_id = 'caviar-calls-1-10' AND prop = 'count'")
    shown = run_tnoc("verify", str(sealed_case.root))
    assert shown.returncode == 1
    assert "FAILED" in shown.stdout and "morselli_caviar.csv" in shown.stdout
    assert "property 'count': statements edited" in shown.stdout


def test_source_taken_in_again_with_replace_is_sealed_anew(sealed_case: Case) -> None:
    """``--replace`` writes a new record (here another TLP) and a new sealed intake
    entry: the latest seal is the one that counts."""
    ingest_file(sealed_case, "caviar", CAVIAR, IngestOptions(replace=True,
                                                             handling_code="TLP:AMBER"))
    result = verify_case(sealed_case, record=False)
    assert result.ok and result.sealed == 1, result.problems


def test_seal_shows_the_original_path_only_as_a_hash(sealed_case: Case) -> None:
    """The ledger goes into court bundles: where the file was on the analyst's machine
    is sealed, not disclosed; an edit of it is still found."""
    with sealed_case.connect() as con:
        details = con.execute("SELECT details FROM custody_events "
                              "WHERE event_type = 'acquired'").fetchall()[0][0]
        con.execute("UPDATE sources SET original_path = '/elsewhere/morselli_caviar.csv'")
    assert str(CAVIAR.parent) not in details
    assert json.loads(details)["seal"]["record"]["original_path"].startswith("sha256:")
    [message] = _messages(_failed(sealed_case))
    assert "original_path is 'sha256:" in message


def test_seal_digests_are_the_sorted_lines_of_each_entity_and_property(
        sdn_2024: BuiltCase) -> None:
    """The seal's digests, recomputed in Python from the statement lines as documented
    (:mod:`tnoc.store.seals`: sha256 of the sorted lines of each entity and property,
    joined by newlines; the root over the sorted ``[entity_id, prop, digest]`` lines),
    on OFAC's SDN list, where a person has several names, aliases and addresses: the
    SQL that hashes one-statement pairs row by row and aggregates only the others
    gives what the definition gives, and the ledger's root is that root."""
    import hashlib
    from collections import defaultdict

    case = Case.open(sdn_2024.root)
    with case.connect(read_only=True) as con:
        lines = con.execute(
            "SELECT entity_id, prop, json_array(entity_id, schema, prop, prop_type, value, "
            "original_value, locator, flag)::VARCHAR FROM statement_store").fetchall()
        stored = {(str(e), str(p)): str(d) for e, p, d in con.execute(
            "SELECT entity_id, prop, digest FROM statement_seals").fetchall()}
        sealed = json.loads(con.execute(
            "SELECT details->'seal' FROM custody_events WHERE event_type = 'acquired'"
        ).fetchall()[0][0])
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity, prop, line in lines:
        grouped[(str(entity), str(prop))].append(str(line))
    assert sum(len(v) > 1 for v in grouped.values()) > 1000  # the aggregated branch runs
    expected = {key: hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest()
                for key, v in grouped.items()}
    assert stored == expected
    root = hashlib.sha256("".join(
        json.dumps([e, p, d], separators=(",", ":"), ensure_ascii=False) + "\n"
        for (e, p), d in sorted(expected.items())).encode()).hexdigest()
    assert sealed["statements_sha256"] == root
