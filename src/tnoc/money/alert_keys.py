"""The parts of a typology alert's key (issue #5; a collision found in issue #27's
review). The members a rule finds are grouped into alerts by a text key, ids joined by
a separator ("SCATTER-GATHER:src>dst", the transfers of a cycle joined with commas
and hashed). An id may hold the separator itself, and then two different alerts can
key alike ("a>b" + "c" and "a" + "b>c") and be numbered as one. Each id is written
with the separator inside it percent-escaped, and ``%`` itself first ("a>b" ->
"a%3Eb", "5%" -> "5%25"), so no part holds the separator, the parts split back
apart, and two keys are equal only when their parts are. (Doubling the separator is
not enough: "a>" + "b" and "a" + ">b" both give "a>>>b".) An id with neither
character keys exactly as before, so the keys of earlier runs are kept."""

from __future__ import annotations

__all__ = ["escaped_part", "key_part"]


def key_part(expr: str, separator: str) -> str:
    """SQL for the id ``expr`` as one part of a key joined by ``separator`` (one ASCII
    character, not a quote, a backslash or ``%``): ``%`` and the separator inside the
    id percent-escaped (:func:`escaped_part` is the same in Python)."""
    if len(separator) != 1 or separator in "'\\%" or not separator.isascii():
        raise ValueError("a key separator is one ASCII character, not a quote, a "
                         f"backslash or '%': {separator!r}")
    return (f"replace(replace({expr}, '%', '%25'), '{separator}', "
            f"'%{ord(separator):02X}')")


def escaped_part(text: str, separator: str) -> str:
    """The id ``text`` as :func:`key_part` writes it (for tests' oracles)."""
    return text.replace("%", "%25").replace(separator, f"%{ord(separator):02X}")
