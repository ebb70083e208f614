"""Gould–Fernandez brokerage roles.

Gould & Fernandez (1989, "Structures of mediation", *Sociological Methodology* 19)
classify every open two-path a → b → c (a ≠ c, no tie a → c) by the groups of the three
actors; b is the broker:

* **coordinator**: a, b and c in the same group;
* **itinerant** (consultant): a and c in one group, b in another;
* **gatekeeper**: b and c in one group, a outside (b controls access into the group);
* **representative**: a and b in one group, c outside (b speaks for the group);
* **liaison**: a, b and c in three different groups.

On an undirected network each tie counts in both directions, as UCINET and statnet do:
every open two-path is counted twice (a-b-c and c-b-a), and a broker's gatekeeper and
representative counts are equal. Two-paths through an actor without a group, or with an
endpoint without one, are counted as ``unclassified``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from tnoc.graph.projection import Projection

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


@dataclass
class Brokerage:
    """Role counts per actor (``counts[role][i]`` for actor ``ids[i]``)."""

    ids: list[str]
    groups: list[str | None]
    counts: dict[str, list[int]]

    def total(self, i: int) -> int:
        return sum(self.counts[r][i] for r in ROLES)

    def rows(self) -> list[dict[str, object]]:
        return [{"entity": e, "group": self.groups[i],
                 **{r: self.counts[r][i] for r in (*ROLES, "unclassified")},
                 "total": self.total(i)} for i, e in enumerate(self.ids)]


def role(a: str, b: str, c: str) -> str:
    """The Gould–Fernandez role of broker b on the two-path a → b → c."""
    if a == b == c:
        return "coordinator"
    if a == c:
        return "itinerant"
    if b == c:
        return "gatekeeper"
    if a == b:
        return "representative"
    return "liaison"


def brokerage(projection: Projection, groups: Sequence[str | None]) -> Brokerage:
    """Count each actor's brokerage roles given one group label per node."""
    g = projection.graph
    n = g.numberOfNodes()
    if len(groups) != n:
        raise ValueError(f"{len(groups)} group labels for {n} nodes")
    counts = {r: [0] * n for r in (*ROLES, "unclassified")}
    for b in range(n):
        senders = list(g.iterInNeighbors(b)) if g.isDirected() else list(g.iterNeighbors(b))
        receivers = list(g.iterNeighbors(b))
        for a in senders:
            for c in receivers:
                if a == c or g.hasEdge(a, c):
                    continue
                ga, gb, gc = groups[a], groups[b], groups[c]
                if ga is None or gb is None or gc is None:
                    counts["unclassified"][b] += 1
                else:
                    counts[role(ga, gb, gc)][b] += 1
    return Brokerage(list(projection.ids), list(groups), counts)


def property_groups(con: duckdb.DuckDBPyConnection, ids: Sequence[str], prop: str
                    ) -> list[str | None]:
    """Each entity's group from a property in the store (its smallest valid value, so
    the choice is stable when an entity has several), or None."""
    wanted = list(ids)
    rows = con.execute(
        "SELECT canonical_id, min(value) FROM statements WHERE prop = ? AND flag IS NULL "
        "AND canonical_id IN (SELECT unnest(?)) GROUP BY 1", [prop, wanted]).fetchall()
    found = {str(e): str(v) for e, v in rows}
    return [found.get(e) for e in wanted]


def actor_groups(con: duckdb.DuckDBPyConnection, projection: Projection, group: str
                 ) -> list[str | None]:
    """Each actor's group for the brokerage roles: ``"community"`` for its Leiden
    community ("c0", "c1"... by :func:`tnoc.graph.measures.communities`), else the
    property ``group`` names (:func:`property_groups`; None where the actor has none)."""
    if group == "community":
        return community_groups(projection)
    return property_groups(con, projection.ids, group)


def community_groups(projection: Projection) -> list[str | None]:
    """Each actor's Leiden community ("c0", "c1"... by
    :func:`tnoc.graph.measures.communities`), as a group of the brokerage roles."""
    from tnoc.graph.measures import communities

    return [f"c{c}" for c in communities(projection)[0]]


def community_brokerage(projection: Projection) -> Brokerage:
    """The brokerage roles across the Leiden communities of ``projection`` (what
    ``tnoc network brokers`` counts by default, and the graph explorer's Brokers)."""
    return brokerage(projection, community_groups(projection))
