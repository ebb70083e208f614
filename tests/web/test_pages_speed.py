"""The readings a server keeps while the case is unchanged (tnoc.assess.kept, issue
#22 "p95 < 300 ms per page") are shared by every member who may see them: one member's
view of them never changes what the next one sees."""

from __future__ import annotations

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
