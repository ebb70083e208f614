"""Merges are checked against the signed judgements that explain them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnoc.evidence.merges import verify_merges
from tnoc.evidence.verify import verify_case
from tnoc.ingest.pipeline import ingest_file
from tnoc.resolve.judgements import judge, undo
from tnoc.store import Case

from .conftest import DATA


def _case(tmp_path: Path) -> Case:
    case = Case.init(tmp_path / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    with case.transaction() as con:
        undone = judge(con, "caviar-n3", "caviar-n4", "positive", author="analyst-7")
        judge(con, "caviar-n1", "caviar-n2", "positive", author="analyst-7")
        undo(con, undone, author="analyst-7")
    return case


@pytest.mark.parametrize("held", [False, True], ids=["stored", "held"])
def test_merges_hold_after_a_source_is_taken_in_again(tmp_path: Path, held: bool) -> None:
    """Two lines merged, then their source replaced (into the store, from the store or
    from held files): the new statements are merged as judged, verify passes, and an
    erasure of the merged entity takes both members."""
    from tnoc.govern.erasure import erase_entity
    from tnoc.ingest.pipeline import IngestOptions

    calls = Path(__file__).parent / "data" / "cdr" / "calls.csv"
    pair = ("cdr-line-4915112223333", "cdr-line-004915112223333")
    case = Case.init(tmp_path / "case")
    ingest_file(case, "call_records", calls, IngestOptions(held=held))
    with case.transaction() as con:
        judge(con, *pair, "positive", author="analyst-7")
    ingest_file(case, "call_records", calls, IngestOptions(replace=True))
    with case.connect(read_only=True) as con:
        # the canonical id is the least of the two; the other is merged into it
        assert con.execute("SELECT DISTINCT entity_id, merged_into FROM statement_store "
                           "WHERE entity_id IN $p ORDER BY 1", {"p": list(pair)}
                           ).fetchall() == [(pair[1], None), (pair[0], pair[1])]
    assert verify_case(case, record=False).ok
    erase_entity(case, pair[1], "art. 16 request", "tester")
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM statement_store WHERE entity_id IN $p",
                           {"p": list(pair)}).fetchall() == [(0,)]


def test_judged_merges_hold_and_edited_ones_are_named(tmp_path: Path) -> None:
    """N1 and N2 judged the same hold; N5 merged into N1 by an UPDATE, N2 taken apart
    and a judgement row inserted are each named."""
    case = _case(tmp_path)
    with case.connect(read_only=True) as con:
        assert verify_merges(con) == []
    with case.transaction() as con:
        con.execute("UPDATE statement_store SET merged_into = 'caviar-n1' "
                    "WHERE entity_id = 'caviar-n5'")
        con.execute("UPDATE statement_store SET merged_into = NULL "
                    "WHERE entity_id = 'caviar-n2'")
        con.execute("INSERT INTO judgements SELECT 'jdg-forged', 99, 'caviar-n7', "
                    "'caviar-n8', 'positive', NULL, 'mallory', now(), NULL")
    with case.connect(read_only=True) as con:
        problems = dict(verify_merges(con))
    assert problems["N5 (caviar-n5)"].startswith("merged into N1 (caviar-n1), but no "
                                                  "recorded judgement merges it")
    assert problems["N2 (caviar-n2)"].startswith("not merged, but the recorded judgements "
                                                  "merge it into N1 (caviar-n1)")
    assert "no ledger entry records it (inserted)" in problems["judgement jdg-forged"]
    assert not any("caviar-n4" in k for k in problems)  # the undone merge stays undone
    checked = verify_case(case, record=False)  # and tnoc verify fails on them
    assert not checked.ok and {p.part for p in checked.problems} == {"merge"}


def test_redefined_view_and_edited_model_table_are_named(tmp_path: Path) -> None:
    """A view rewritten to show another name, and a tie schema turned undirected, pass
    every seal; the layout check names both."""
    from tnoc.evidence.store_layout import verify_layout
    from tnoc.store.schema import VIEWS

    case = _case(tmp_path)
    with case.connect(read_only=True) as con:
        assert verify_layout(con) == []
    statements = VIEWS.split("CREATE OR REPLACE VIEW entity_properties")[0]
    with case.transaction() as con:
        con.execute(statements.replace(
            "s.prop_type, s.value,", "s.prop_type, CASE WHEN s.value = 'N1' THEN "
            "'Innocent Bystander' ELSE s.value END AS value,"))
        con.execute("UPDATE schemata SET directed = NOT directed "
                    "WHERE name = 'CommunicationLink'")
    with case.connect(read_only=True) as con:
        problems = dict(verify_layout(con))
    assert "redefined in the database" in problems["view statements"]
    assert "CommunicationLink" in problems["table schemata"]


def test_a_lookup_view_replaced_by_a_table_is_named(tmp_path: Path) -> None:
    """``statement_refs`` (what lookups by value read) dropped and a table of forged
    rows made in its name: no seal covers it; the layout check names it missing."""
    from tnoc.evidence.store_layout import verify_layout

    case = _case(tmp_path)
    with case.transaction() as con:
        con.execute("DROP VIEW statement_refs")
        con.execute("CREATE TABLE statement_refs AS SELECT * FROM statement_store LIMIT 0")
    with case.connect(read_only=True) as con:
        problems = dict(verify_layout(con))
    assert "missing from the store" in problems["view statement_refs"]


def test_edited_centrality_is_named(tmp_path: Path) -> None:
    """A stored betweenness set to 0 passes every source seal; the digest sealed in the
    measures run's ledger entry names the run."""
    from tnoc.graph.measures import measure
    from tnoc.graph.projection import ProjectionSpec, project
    from tnoc.graph.results import save_measures

    case = _case(tmp_path)
    with case.transaction() as con:
        p = project(con, ProjectionSpec(datasets=("caviar",)))
        save_measures(con, p, measure(p))
    assert verify_case(case, record=False).ok
    with case.transaction() as con:
        con.execute("UPDATE node_measures SET value = 0 WHERE entity_id = 'caviar-n1'")
    checked = verify_case(case, record=False)
    assert [p.part for p in checked.problems] == ["measures"]
    assert "node_measures edited" in checked.problems[0].message


def test_edited_projection_is_named_with_its_field(tmp_path: Path) -> None:
    """The node count of a measures run's projection and the schemata of a disruption
    run's projection, each edited in ``projections``, pass every source seal; the
    per-field digests sealed in the runs' ledger entries name projection and field.
    A row deleted and one inserted are named too; a row stored before projections were
    sealed is a warning."""
    from tnoc.graph.disruption import DisruptionSpec, simulate
    from tnoc.graph.measures import measure
    from tnoc.graph.projection import ProjectionSpec, project
    from tnoc.graph.results import save_disruption, save_measures

    case = _case(tmp_path)
    with case.transaction() as con:
        p = project(con, ProjectionSpec(datasets=("caviar",)))
        save_measures(con, p, measure(p))
        save_disruption(con, case.root, p, simulate(p, DisruptionSpec(max_steps=2, runs=1)))
    assert verify_case(case, record=False).ok
    with case.transaction() as con:
        runs = con.execute("SELECT run_at FROM projections ORDER BY run_at").fetchall()
        con.execute("UPDATE projections SET nodes = nodes + 1 WHERE run_at = ?", runs[0])
        con.execute("UPDATE projections SET parameters = json_object('schemata', "
                    "['Person']) WHERE run_at = ?", runs[1])
    checked = verify_case(case, record=False)
    assert [p.part for p in checked.problems] == ["projection", "projection"]
    first, second = (str(p) for p in checked.problems)
    assert "datasets caviar" in first and "nodes differ" in first
    assert "parameters differ" in second and "projections edited" in second
    assert "datasets caviar" in second  # named as its signed seal recorded it
    with case.transaction() as con:
        con.execute("DELETE FROM projections WHERE run_at = ?", runs[0])
        con.execute("INSERT INTO projections SELECT 'proj-forged', now(), parameters, "
                    "sources, nodes, ties, input_statements, tool_version FROM projections")
    messages = [str(p) for p in verify_case(case, record=False).problems]
    assert any("(deleted)" in m for m in messages)
    assert any("proj-forged" in m and "(inserted)" in m for m in messages)
    with case.transaction() as con:  # an old case: no run sealed its projection
        con.execute("DELETE FROM projections WHERE projection_id = 'proj-forged'")
        con.execute("UPDATE custody_events SET details = json_object('analysis', 'x') "
                    "WHERE json_exists(details, '$.projection_sha256')")
    from tnoc.evidence.merges import verify_projections
    with case.connect(read_only=True) as con:
        assert verify_projections(con) == (
            [], ["1 projections rows stored before projections were sealed: not checked "
                 "(re-run tnoc network measures to seal them)"])


def test_merge_and_split_say_whom_they_joined_by_name(tmp_path: Path) -> None:
    """``tnoc merge`` and ``tnoc split`` name the people (not ids alone): each as the
    analyst judged it and the one entity after; split records its ``--reason`` with
    the undo, says "1 judgement", and verify holds."""
    from .conftest import run_tnoc

    case = Case.init(tmp_path / "case")
    ingest_file(case, "call_records", Path(__file__).parent / "data" / "cdr" / "calls.csv")
    root = str(case.root)
    done = run_tnoc("merge", "Jana Novak", "J. Novak", "-c", root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("merged Jana Novak (cdr-line-491701234567) and J. Novak "
                                  "(cdr-line-0170-1234567): one entity now, J. Novak "
                                  "(cdr-line-0170-1234567); judgement jdg-")
    # the exact undo: this judgement (a split of the entity would undo its other merges)
    judgement = done.stdout.split("judgement ")[1].split(" ")[0]
    assert f"('tnoc undo {judgement}' undoes it)" in done.stdout
    done = run_tnoc("split", "Jana Novak", "-c", root, "--reason", "two people after all")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("undid 1 judgement; apart again: Jana Novak "
                                  "(cdr-line-491701234567) and J. Novak "
                                  "(cdr-line-0170-1234567), judgement jdg-")
    with case.connect(read_only=True) as con:
        [(note,)] = con.execute("SELECT note FROM judgements WHERE verdict = 'undo'"
                                ).fetchall()
    assert note == "split cdr-line-0170-1234567: two people after all"  # the merged entity
    assert verify_case(case, record=False).ok
