"""Bounds on what a received file may make the parsers do.

A file from a partner or a seized device is hostile until read: a STIX bundle nested
200,000 deep crashed Python's JSON parser with ``RecursionError``; a TagPack whose YAML
anchors refer to each other nine levels deep ("billion laughs") expands to gigabytes;
an XML graph may declare entities that expand the same way. Every document format
parsed into Python objects (JSON exchange files, YAML, GEXF/GraphML) goes through this
module first: the size, the nesting depth and the alias/entity expansion are checked
on the raw text, without building the document, and an excess is an
:class:`~tnoc.errors.InputTooLargeError` naming the file, the limit and the line where
it was exceeded. Nothing reaches the store, because the check comes before any read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tnoc.errors import InputFileError, InputTooLargeError, Where

MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
"""Largest JSON/YAML/XML document parsed into memory (512 MiB). Python objects take
five to ten times the text's size, so this keeps a parse within a few GB on an analyst's
laptop; the largest real exchange files seen (MITRE ATT&CK's STIX bundle, ~45 MB; a
full MISP feed event, tens of MB) are an order of magnitude below it. Tabular data of
any size goes through DuckDB's readers instead, which stream."""

MAX_NESTING = 64
"""Deepest nesting of arrays/objects (JSON), collections (YAML) or elements (XML).
Real STIX, MISP, CASE/UCO, TagPack and GraphML documents nest at most about 10 levels;
64 leaves ample room while staying far below Python's recursion limit (1,000), which
the JSON parser and every recursive walk over the document would otherwise hit."""

MAX_YAML_ALIAS_NODES = 1_000_000
"""Most YAML nodes that aliases (``*name``) may add by repeating anchored nodes. A
TagPack that reuses a header block (``<<: *defaults``) for 100,000 tags adds well under
a million; a "billion laughs" document (nine levels of nine aliases each) would add
hundreds of millions and is refused at the alias that crosses the limit, before it is
expanded."""

MAX_CSV_LINE_BYTES = 16 * 1024 * 1024
"""Longest line of a CSV/TSV file (16 MiB). No record of a bank export, call-data
record or sanctions list comes near it; a longer line is a binary file, a file with an
unclosed quote, or a deliberate attempt to exhaust memory."""

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST_PAIR = re.compile(r"\[\]|\{\}")


def check_size(path: Path, display: Path, kind: str) -> None:
    """Refuse a document larger than :data:`MAX_DOCUMENT_BYTES` before reading it."""
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise InputTooLargeError(
            f"{kind} document of {size:,} bytes exceeds the limit of "
            f"{MAX_DOCUMENT_BYTES:,} bytes for documents parsed in memory",
            Where(display), "a smaller file, or a tabular export (CSV, JSON lines)")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_json_nesting(text: str, display: Path) -> None:
    """Refuse JSON nested deeper than :data:`MAX_NESTING`, scanning the text (strings
    skipped) without parsing it, so no recursion happens whatever the depth."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _ in range(MAX_NESTING):  # fast path, at C speed: peel one level per pass
        brackets = _INNERMOST_PAIR.sub("", brackets)
        if not brackets:
            return
    depth = 0  # deeper than the limit (or unbalanced): find where, token by token
    for token in _JSON_TOKEN.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line, column = _line_column(text, token.start())
                raise InputTooLargeError(
                    f"JSON nested deeper than the limit of {MAX_NESTING} levels "
                    f"(at column {column})", Where(display, line, row_label="line"),
                    f"at most {MAX_NESTING} levels of arrays and objects")
        elif char in "]}":
            depth -= 1


def load_json(path: Path, display: Path, expected: str | None = None) -> Any:
    """A JSON document, within the size and nesting limits; errors name the file."""
    check_size(path, display, "JSON")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"not valid JSON: {exc}", Where(display), expected) from exc
    check_json_nesting(text, display)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"not valid JSON: {exc.msg}",
                             Where(display, exc.lineno, row_label="line"), expected) from exc


def check_yaml(path: Path, display: Path) -> None:
    """Refuse YAML over the size limit, nested deeper than :data:`MAX_NESTING`, or whose
    aliases would add more than :data:`MAX_YAML_ALIAS_NODES` nodes. Reads the event
    stream only (nothing is composed or expanded), so a bomb is refused quickly."""
    import yaml

    check_size(path, display, "YAML")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for, fully expanded
    stack: list[tuple[str | None, int]] = []  # open collections: (anchor, nodes so far)
    added = 0

    def count(nodes: int, anchor: str | None) -> None:
        if anchor is not None:
            sizes[anchor] = nodes
        if stack:
            stack[-1] = (stack[-1][0], stack[-1][1] + nodes)

    with open(path, encoding="utf-8") as fh:
        for event in yaml.parse(fh, Loader=loader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append((event.anchor, 0))
                if len(stack) > MAX_NESTING:
                    raise InputTooLargeError(
                        f"YAML nested deeper than the limit of {MAX_NESTING} levels",
                        Where(display, line, row_label="line"),
                        f"at most {MAX_NESTING} levels of lists and mappings")
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, nodes = stack.pop()
                count(nodes + 1, anchor)
            elif isinstance(event, yaml.ScalarEvent):
                count(1, event.anchor)
            elif isinstance(event, yaml.AliasEvent):
                nodes = sizes.get(str(event.anchor), 1)
                added += nodes
                if added > MAX_YAML_ALIAS_NODES:
                    raise InputTooLargeError(
                        f"YAML aliases would expand to more than the limit of "
                        f"{MAX_YAML_ALIAS_NODES:,} repeated nodes (alias "
                        f"*{event.anchor} repeats {nodes:,}): refused without expanding",
                        Where(display, line, row_label="line"),
                        "a document without alias bombs")
                count(nodes, None)


def check_xml(path: Path, display: Path) -> None:
    """Refuse XML over the size limit, nested deeper than :data:`MAX_NESTING`, or
    declaring entities (GEXF and GraphML never need them; they are how XML bombs
    expand). Streams the file through expat; nothing is built."""
    from xml.parsers import expat

    check_size(path, display, "XML")
    parser = expat.ParserCreate()
    depth = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_NESTING:
            raise InputTooLargeError(
                f"XML nested deeper than the limit of {MAX_NESTING} elements (<{name}>)",
                Where(display, parser.CurrentLineNumber, row_label="line"),
                f"at most {MAX_NESTING} levels of elements")

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def entity(name: str, *args: object) -> None:
        raise InputFileError(
            f"XML declares the entity {name!r}: entity declarations are refused (they "
            "are how XML bombs expand, and graph files never need them)",
            Where(display, parser.CurrentLineNumber, row_label="line"),
            "GEXF or GraphML without a DTD")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    try:
        with open(path, "rb") as fh:
            parser.ParseFile(fh)
    except expat.ExpatError as exc:
        raise InputFileError(f"not valid XML: {expat.errors.messages[exc.code]}",
                             Where(display, exc.lineno, row_label="line"),
                             "a GEXF or GraphML graph") from exc
