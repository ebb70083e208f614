"""Text from seized material made safe for where TNOC writes it.

A seized file is written by whoever the case is about. A value in it can hold a NUL, a
terminal escape sequence (``ESC [ 2 J`` clears the analyst's screen, ``ESC ] 52`` writes
to the clipboard) or a spreadsheet formula (``=HYPERLINK(...)`` sends data out when the
CSV is opened). Three places care, and each has one function here:

* intake: :data:`CONTROL_CHARACTERS` (and :data:`CONTROL_CHARACTERS_SQL`) find the
  characters flagged "control characters" by the cleaners; :func:`without_controls`
  is the value kept for analysis (the original text stays in the store);
* a terminal: :func:`visible_controls` shows each control character as a visible
  symbol, never as the character itself;
* a spreadsheet: :func:`spreadsheet_cell` neutralises a cell that would start a formula
  (OWASP "CSV injection");
* XML (GEXF, GraphML): :func:`without_controls` too, since XML 1.0 cannot hold them.

Tab, line feed and carriage return are not control characters here: addresses and
notes hold them, and XML and terminals take them. The bidirectional embedding, override
and isolate characters (U+202A-U+202E, U+2066-U+2069) are: they reorder how the text
around them is displayed, so "invoice\\u202egpj.exe" reads "invoiceexe.jpg" ("Trojan
Source", Boucher & Anderson 2021); right-to-left text (Arabic, Hebrew names) needs none
of them, its direction comes from its letters. The marks U+200E/U+200F stay: they only
nudge neutral characters and cannot reorder a value.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 control characters but tab, line feed and carriage return; DEL; C1 controls
(``\\x9b`` is a one-byte escape introducer on some terminals); the bidirectional
embeddings, overrides and isolates."""

CONTROL_CHARACTERS_SQL = (r"[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{7F}-\x{9F}"
                          r"\x{202A}-\x{202E}\x{2066}-\x{2069}]")
""":data:`CONTROL_CHARACTERS` as a DuckDB (RE2) pattern."""

CONTROL_FLAG = "control characters"
"""The flag of a value that held control characters (the cleaned value has none)."""

_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def without_controls(text: str) -> str:
    """``text`` without its control characters (see :data:`CONTROL_CHARACTERS`)."""
    return CONTROL_CHARACTERS.sub("", text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code >= 0x2000:
        return f"<U+{code:04X}>"  # a bidirectional control, named: never obeyed
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␛ ... : Unicode "control pictures"
    return "\u2421" if code == 0x7F else "\ufffd"  # ␡, and � for a C1 control


def visible_controls(text: str) -> str:
    """``text`` for a terminal: each control character (carriage return too, which
    would overwrite the line) shown as its Unicode control picture (``␛`` for ESC,
    ``␀`` for NUL; ``�`` for a C1 control; ``<U+202E>`` for a bidirectional
    control), so an escape sequence in a value is seen, never obeyed. Tab and line
    feed stay."""
    return _TERMINAL_UNSAFE.sub(_picture, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet cannot run (OWASP, "CSV injection").

    Text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a single
    quote in front (``'=HYPERLINK(...)``), which a spreadsheet shows as text. A plain
    number written as text (``-12.5``, ``+49``, ``1e5``) is left alone: a spreadsheet
    reads it as a number, not a formula, and a debit must stay a number. Numbers and
    everything that is not text are returned unchanged."""
    if (isinstance(value, str) and value.startswith(_FORMULA_START)
            and not _NUMBER.fullmatch(value)):
        return "'" + value
    return value
