"""A received FtM file never writes onto an entity TNOC made from another source."""

from __future__ import annotations

import json
from pathlib import Path

from tnoc.evidence.verify import verify_case
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case
from tnoc.store.lookup import captions

from .conftest import DATA


def test_ftm_file_naming_our_actor_lands_apart(tmp_path: Path) -> None:
    """A line with id caviar-n1 (CAVIAR's wiretap actor N1) and a Note pointing at it
    come in under caviar-n1~HASH: N1 keeps its name, a candidate links the two; the
    real FtM file of donations (ids of its own) comes in unchanged."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    hostile = tmp_path / "hostile.ftm.json"
    hostile.write_text("\n".join(json.dumps(e) for e in [
        {"id": "caviar-n1", "schema": "Person",
         "properties": {"name": ["Hijacked Via FtM"], "nationality": ["ru"]}},
        {"id": "note-1", "schema": "Note",
         "properties": {"entity": ["caviar-n1"], "description": ["seen"]}}]) + "\n")
    report = ingest_file(case, "ftm_entities", hostile)
    donations = ingest_file(case, "ftm_entities", DATA / "ftm" / "donations.ijson")
    assert not any("candidate" in n for n in donations.notes)
    with case.connect(read_only=True) as con:
        assert captions(con, ["caviar-n1"]) == {"caviar-n1": "N1"}
        theirs = con.execute(
            "SELECT DISTINCT entity_id FROM statement_store WHERE source_id = ? AND "
            "entity_id LIKE 'caviar-n1~%'", [report.source_id]).fetchall()
        assert len(theirs) == 1
        apart = str(theirs[0][0])
        assert con.execute("SELECT value FROM statement_store WHERE entity_id = 'note-1' "
                           "AND prop = 'entity'").fetchall() == [(apart,)]
        links = con.execute("SELECT left_id, right_id FROM candidate_links "
                            "WHERE method = 'partner-claim'").fetchall()
    assert links == [("caviar-n1", apart)]
    assert any("candidate" in n for n in report.notes), report.notes
    assert verify_case(case, record=False).ok
