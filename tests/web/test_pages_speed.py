"""The readings a server keeps while the case is unchanged (tnoc.assess.kept, issue
#22 "p95 < 300 ms per page") are shared by every member who may see them: one member's
view of them never changes what the next one sees; the longest is computed in the
background, never holding the case for the other pages."""

from __future__ import annotations

import threading

import duckdb
import pytest

from tnoc.assess import kept, reading
from tnoc.assess.harm import Scheme
from tnoc.govern.audit import audit_records
from tnoc.store import Case

from .conftest import Served


def test_a_researchers_map_leaves_the_kept_map_as_it_is(served: Served) -> None:
    """rita (researcher) and bob (supervisor) have the same clearance, so the same kept
    map: rita sees pseudonyms, bob after her the names, rita again pseudonyms."""
    path = f"/cases/{served.case_id}/map"
    with served.client("rita") as rita, served.client("bob") as bob:
        first = rita.get(path).text
        assert "Kemal Aydin" not in first and "pseudo-" in first
        named = bob.get(path).text
        assert "Kemal Aydin" in named and "pseudo-" not in named
        again = rita.get(path).text
        assert "Kemal Aydin" not in again and "pseudo-" in again


def test_the_priorities_are_profiled_while_the_other_pages_are_served(
        served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first profiling in a state of the case (18-72 s on the demo case) runs in
    the background: the section says it is computing and asks again, the case is not
    held meanwhile (the overview is served while the profiling is stopped half-way),
    and the priorities then show; each asking is decided and audited."""
    release, started = threading.Event(), threading.Event()
    real = reading._group_priorities

    def profiled(con: duckdb.DuckDBPyConnection, chosen: Scheme) -> reading.GroupPriorities:
        started.set()
        release.wait(60)
        return real(con, chosen)

    monkeypatch.setattr(kept, "_KEPT", {})  # as after a restart: nothing kept yet
    monkeypatch.setattr(reading, "_group_priorities", profiled)
    section = f"/cases/{served.case_id}/assess/priorities"
    with served.client("bob") as bob:
        try:
            first = bob.get(section)
            assert first.status_code == 200 and "data-computing" in first.text
            assert "priority-table" not in first.text
            assert started.wait(60), "the profiling did not start"
            overview = bob.get(f"/cases/{served.case_id}")
            assert overview.status_code == 200 and "Operation Lantern" in overview.text
            assert "data-computing" in bob.get(section).text
        finally:
            release.set()
        kept.wait_for_background()
        done = bob.get(section)
    assert "priority-table" in done.text and "data-computing" not in done.text
    with Case.open(served.folder / "lantern").connect(read_only=True) as con:
        asked = [r for r in audit_records(con, actor="bob")
                 if r.operation == "assess" and r.via == "web"]
    assert len(asked) >= 3
