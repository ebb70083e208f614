"""Handling codes: the Traffic Light Protocol 2.0 (FIRST, 2022), in one order.

Every source, derived result and export carries one of :data:`TLP_ORDER`; the strictest
code of a result's inputs is its own (DESIGN.md §2), and a user's clearance in a case
is a code of the same order (:mod:`tnoc.govern.policy`). This is the one place the order
is written down.
"""

from __future__ import annotations

from collections.abc import Iterable

from tnoc.errors import TnocError

__all__ = ["TLP_ORDER", "strictest", "tlp_code", "tlp_rank"]

TLP_ORDER = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
"""Handling codes from the least to the most restrictive."""


def tlp_rank(code: str | None) -> int:
    """Position of ``code`` in TLP order; an unknown or missing code ranks as AMBER."""
    if code is None:
        return TLP_ORDER.index("TLP:AMBER")
    if code not in TLP_ORDER:
        raise TnocError(f"unknown handling code {code!r}; one of {', '.join(TLP_ORDER)}")
    return TLP_ORDER.index(code)


def tlp_code(level: object) -> str | None:
    """A TLP level as partners write it (``amber+strict``, ``TLP:White``, ``red``) as a
    TNOC handling code; TLP 1.0's WHITE is TLP 2.0's CLEAR. None: not a TLP level."""
    text = str(level).strip().upper().removeprefix("TLP:").replace("WHITE", "CLEAR")
    code = f"TLP:{text}"
    return code if code in TLP_ORDER else None


def strictest(codes: Iterable[str | None]) -> str:
    """The most restrictive code of ``codes`` (TLP:CLEAR when there are none)."""
    ranks = [tlp_rank(c) for c in codes]
    return TLP_ORDER[max(ranks)] if ranks else "TLP:CLEAR"
