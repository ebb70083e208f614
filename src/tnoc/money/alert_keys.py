"""The parts of a typology alert's key (issue #5; a collision found in issue #27's
review). The members a rule finds are grouped into alerts by a text key, ids joined by
a separator ("SCATTER-GATHER:src>dst", the transfers of a cycle joined with commas
and hashed). An id may hold the separator itself, and then two different alerts can
key alike ("a>b" + "c" and "a" + "b>c") and be numbered as one. Each id is written
with the separator inside it doubled, so the single separator between two parts is
the only odd run of it and two keys are equal only when their parts are. An id
without the separator keys exactly as before, so the keys of earlier runs are kept."""

from __future__ import annotations

__all__ = ["key_part"]


def key_part(expr: str, separator: str) -> str:
    """SQL for the id ``expr`` as one part of a key joined by ``separator`` (one
    character, not a quote): the separator inside the id doubled."""
    if len(separator) != 1 or separator in "'\\":
        raise ValueError(f"a key separator is one character, not a quote: {separator!r}")
    return f"replace({expr}, '{separator}', '{separator * 2}')"
