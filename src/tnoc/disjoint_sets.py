"""The one union-find of TNOC: disjoint sets over string ids.

A disjoint-set forest with path halving (Tarjan & van Leeuwen, "Worst-case analysis of
set union algorithms", JACM 1984). Every set is rooted at its smallest id, so the root
is also the set's canonical id, whatever order the unions came in: entity resolution
(judged-same entities merge into the smallest id), ``tnoc verify`` (which recomputes
those merges from the signed judgements) and the co-spend clustering of wallets all
name a cluster the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DisjointSets"]


class DisjointSets:
    """Sets of ids joined by :meth:`union`; :meth:`find` gives a set's smallest id.

    >>> sets = DisjointSets()
    >>> sets.union("b", "c")
    'b'
    >>> sets.union("c", "a")
    'a'
    >>> sets.find("b"), sets.members()
    ('a', {'a': ['b', 'c', 'a']})
    """

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self.parent: dict[str, str] = {i: i for i in ids}

    def find(self, x: str) -> str:
        """The smallest id of ``x``'s set (``x`` itself when never joined)."""
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> str:
        """Join the sets of ``a`` and ``b``; returns the joined set's smallest id."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        small, big = (ra, rb) if ra < rb else (rb, ra)
        self.parent[big] = small
        return small

    def members(self) -> dict[str, list[str]]:
        """Every set: its smallest id -> its ids, in the order they were first seen."""
        groups: dict[str, list[str]] = {}
        for x in list(self.parent):
            groups.setdefault(self.find(x), []).append(x)
        return groups

    def canonical(self) -> dict[str, str]:
        """id -> its set's smallest id, for every id that is not the smallest itself."""
        return {x: root for x in list(self.parent) if (root := self.find(x)) != x}
