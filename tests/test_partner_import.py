"""Partners' STIX 2.1 bundles and MISP events: their TLP markings (granular ones too)
set the source's handling code, never lower; they never rename or edit our entities
(their values come in under their own ids, a claim becomes a candidate for review);
a string where a list belongs is one value.

Small files written here from real values: the OFAC SDN rows of Abu Abbas (uid 2674)
and his neighbours, and STIX 2.1's own TLP 1.0 marking ids.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.resolve.review import review_queue
from tnoc.store import Case

from .conftest import DATA

OFAC = DATA / "sanctions" / "ofac_sdn_2024-05-03.csv"
TLP1_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
TLP1_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
ACTOR = "threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"


def _bundle(*objects: dict[str, Any]) -> dict[str, Any]:
    return {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
            "objects": list(objects)}


def _actor(**extra: Any) -> dict[str, Any]:
    return {"type": "threat-actor", "spec_version": "2.1", "id": ACTOR,
            "created": "2024-05-03T00:00:00.000Z", "modified": "2024-05-03T00:00:00.000Z",
            "name": "ABBAS, Abu", **extra}


def _ingest(case: Case, mapping: str, tmp_path: Path, data: dict[str, Any],
            tlp: str = "TLP:AMBER") -> tuple[str, list[str]]:
    path = tmp_path / f"{mapping}.json"
    path.write_text(json.dumps(data))
    report = ingest_file(case, mapping, path, IngestOptions(handling_code=tlp))
    with case.connect(read_only=True) as con:
        code = con.execute("SELECT handling_code FROM sources WHERE source_id = ?",
                           [report.source_id]).fetchone()
    assert code is not None
    return str(code[0]), report.notes


@pytest.fixture(scope="module")
def ofac_case(tmp_path_factory: pytest.TempPathFactory, signing_keys: Path) -> Case:
    """A case holding the first 60 rows of the real OFAC SDN list (Abu Abbas at 54)."""
    root = tmp_path_factory.mktemp("partner")
    part = root / "ofac_sdn_2024-05-03.csv"
    part.write_bytes(b"".join(OFAC.read_bytes().splitlines(keepends=True)[:60]))
    case = Case.init(root / "case")
    ingest_file(case, "ofac_sdn", part, IngestOptions(handling_code="TLP:CLEAR"))
    return case


def test_red_bundle_recorded_red(case: Case, tmp_path: Path) -> None:
    """A bundle marked with STIX 2.1's TLP 1.0 RED id is a RED source, not the
    analyst's default AMBER, and the ingest says why."""
    code, notes = _ingest(case, "stix_bundle", tmp_path,
                          _bundle(_actor(object_marking_refs=[TLP1_RED])))
    assert code == "TLP:RED"
    assert any("TLP:RED" in n and "source recorded as TLP:RED" in n for n in notes), notes


def test_red_granular_marking_on_clear_object_is_red(case: Case, tmp_path: Path) -> None:
    """A RED granular marking on part of a CLEAR object makes the object's values RED;
    a marking definition of the bundle's own, named TLP:RED, is recognised too."""
    own_red = {"type": "marking-definition", "spec_version": "2.1",
               "id": "marking-definition--1d6a3b0e-4f5a-4c4e-9b1d-2f8e1b7c9a10",
               "created": "2024-05-03T00:00:00.000Z", "name": "TLP:RED",
               "definition_type": "x_partner", "definition": {}}
    actor = _actor(description="Director of PALESTINE LIBERATION FRONT",
                   object_marking_refs=[TLP1_WHITE],
                   granular_markings=[{"marking_ref": own_red["id"],
                                       "selectors": ["description"]}])
    code, _ = _ingest(case, "stix_bundle", tmp_path, _bundle(own_red, actor),
                      tlp="TLP:CLEAR")
    assert code == "TLP:RED"


def test_misp_tlp_red_tag_is_red_and_never_lowered(case: Case, tmp_path: Path) -> None:
    """A tlp:red tag on one attribute of an otherwise tlp:clear event makes the source
    RED; an analyst's stricter --tlp is kept (AMBER+STRICT over a GREEN event)."""
    event: dict[str, Any] = {"Event": {"info": "C2 of a partner", "Tag": [{"name": "tlp:clear"}],
                       "Attribute": [
                           {"type": "ip-dst", "value": "103.109.247.10",
                            "uuid": "4f1d2c3b-0a9e-4e8f-9d7c-6b5a4f3e2d1c",
                            "Tag": [{"name": "tlp:red"}]}]}}
    code, _ = _ingest(case, "misp_event", tmp_path, event)
    assert code == "TLP:RED"
    green = {"Event": {**event["Event"], "Tag": [{"name": "tlp:green"}],
                       "Attribute": [{"type": "domain", "value": "feodotracker.abuse.ch",
                                      "uuid": "0b8e6f2a-3c4d-4e5f-8a9b-1c2d3e4f5a6b"}]}}
    code, _ = _ingest(case, "misp_event", tmp_path / "..", green, tlp="TLP:AMBER+STRICT")
    assert code == "TLP:AMBER+STRICT"


def _person(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[tuple[Any, ...]]:
    return con.execute(
        "SELECT prop, value, source_id FROM statement_store WHERE entity_id = ? "
        "ORDER BY ALL", [entity_id]).fetchall()


def test_partner_file_naming_our_entity_does_not_rename_it(ofac_case: Case,
                                                           tmp_path: Path) -> None:
    """A STIX bundle (x_tnoc_entity_id) and a MISP event (tnoc: comment) that name Abu
    Abbas's id change none of his statements; each yields a candidate link between him
    and the file's own entity, shown by name in the ingest notes."""
    with ofac_case.connect(read_only=True) as con:
        found = con.execute("SELECT DISTINCT entity_id FROM statement_store WHERE "
                            "prop = 'name' AND value = 'ABBAS, Abu'").fetchall()
        assert len(found) == 1
        abbas = str(found[0][0])
        before = _person(con, abbas)
    _, stix_notes = _ingest(ofac_case, "stix_bundle", tmp_path, _bundle(_actor(
        name="Innocent Bystander", aliases=["Nobody"], x_tnoc_entity_id=abbas,
        x_tnoc_schema="Person")))
    misp_dir = tmp_path / "misp"
    misp_dir.mkdir()
    _, misp_notes = _ingest(ofac_case, "misp_event", misp_dir, {"Event": {
        "info": "rename", "Object": [{
            "name": "person", "uuid": "6a1f0e2d-3c4b-4a59-8e7d-6c5b4a392817",
            "comment": f"tnoc:{abbas} (Person)",
            "Attribute": [{"type": "text", "object_relation": "full-name",
                           "value": "Someone Else"}]}]}})
    with ofac_case.connect(read_only=True) as con:
        assert _person(con, abbas) == before
        links = con.execute("SELECT left_id, right_id, method FROM candidate_links "
                            "WHERE method = 'partner-claim' ORDER BY right_id").fetchall()
        theirs = {str(r[1]) for r in links}
        assert links and all(str(r[0]) == abbas for r in links)
        assert theirs == {"misp-6a1f0e2d-3c4b-4a59-8e7d-6c5b4a392817", ACTOR}
        names = con.execute("SELECT entity_id, value FROM statement_store WHERE "
                            "prop = 'name' AND list_contains(?, entity_id) ORDER BY 1",
                            [sorted(theirs)]).fetchall()
    assert [str(v) for _, v in names] == ["Someone Else", "Innocent Bystander"]
    assert any("ABBAS, Abu" in n and "candidate link" in n for n in stix_notes), stix_notes
    assert any("ABBAS, Abu" in n for n in misp_notes), misp_notes
    # the claims wait in the review queue, also once a later resolve made a batch of its
    # own (the queue otherwise shows only the latest batch)
    with ofac_case.transaction() as con:
        con.execute("INSERT INTO resolution_runs (run_id, method, created_at, batch) "
                    "VALUES ('later-resolve', 'splink', now(), 'batch-later')")
        queued = {(p.left_id, p.right_id) for p in review_queue(con)}
    assert {(abbas, t) for t in theirs} <= queued


def test_string_aliases_are_one_alias(case: Case, tmp_path: Path) -> None:
    """``"aliases": "Ivan"`` (a string where STIX wants a list) is one alias, not four
    (I, v, a, n)."""
    _ingest(case, "stix_bundle", tmp_path, _bundle(_actor(aliases="Ivan")))
    with case.connect(read_only=True) as con:
        aliases = con.execute("SELECT value FROM statement_store WHERE entity_id = ? AND "
                              "prop = 'alias'", [ACTOR]).fetchall()
    assert aliases == [("Ivan",)]


def test_a_partner_reusing_another_partners_id_lands_apart(case: Case,
                                                          tmp_path: Path) -> None:
    """Partner A's bundle and partner B's bundle both use ACTOR's STIX id: B's names go
    to an entity of B's file (a candidate link to A's for review), never onto A's;
    importing B's file again keeps the same ids."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _ingest(case, "stix_bundle", tmp_path / "a", _bundle(_actor()))
    _, notes = _ingest(case, "stix_bundle", tmp_path / "b",
                       _bundle(_actor(name="Innocent Bystander", aliases=["Nobody"])))
    assert any("already holds" in n and ACTOR in n for n in notes), notes

    def state() -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
        with case.connect(read_only=True) as con:
            names: dict[str, set[str]] = {}
            for entity_id, value in con.execute(
                    "SELECT entity_id, value FROM statement_store WHERE prop IN "
                    "('name', 'alias') AND entity_id LIKE ?", [f"{ACTOR}%"]).fetchall():
                names.setdefault(str(entity_id), set()).add(str(value))
            links = {(str(a), str(b)) for a, b in con.execute(
                "SELECT left_id, right_id FROM candidate_links "
                "WHERE method = 'partner-claim'").fetchall()}
        return names, links

    names, links = state()
    assert names[ACTOR] == {"ABBAS, Abu"}
    theirs = [i for i in names if i != ACTOR]
    assert len(theirs) == 1 and theirs[0].startswith(f"{ACTOR}~")
    assert names[theirs[0]] == {"Innocent Bystander", "Nobody"}
    assert links == {(ACTOR, theirs[0])}
    report = ingest_file(case, "stix_bundle", tmp_path / "b" / "stix_bundle.json",
                         IngestOptions(handling_code="TLP:AMBER"))
    assert report.source_id
    assert state() == (names, links)
