"""One export, whatever the format: select under handling rules, convert, validate, write
atomically, record in the custody ledger.

The ``exported`` entry (written like every analysis entry, by
:func:`tnoc.ledger.custody.record_analysis`) names the file and its SHA-256, the
handling code and whether it was pseudonymised, the sources whose values went out and
how many values handling held back, so a disclosure can be answered for later ("what
did we give them, from where, under which code?").
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tnoc.errors import TnocError
from tnoc.exchange.handling import Handling, Pseudonymiser, pseudonym_key, select
from tnoc.ledger.custody import described_file, record_analysis
from tnoc.safe_write import check_output, partial_beside
from tnoc.store.case import Case

FORMATS = ("stix", "misp", "ftm")
DEFAULT_SCHEMATA = ("MalwareFamily", "NetworkIndicator", "CryptoWallet", "UserAccount")


@dataclass
class ExportResult:
    """What went out."""

    path: Path
    sha256: str
    entities: int
    objects: int
    tlp: str
    withheld_values: int
    pseudonymised: bool
    valid: bool | None = None
    messages: list[str] = field(default_factory=list)


def write_recorded(case: Case, out: Path, payload: bytes, fmt: str, purpose: str,
                   parameters: Mapping[str, Any],
                   check: Callable[[Path], None] | None = None,
                   sources: Sequence[str] = (), force: bool = False, **facts: Any) -> str:
    """Write ``payload`` to ``out`` and record the ``exported`` entry, both or neither.

    ``out`` is checked first (:func:`tnoc.safe_write.check_output`: never inside
    a case folder, never over an existing file unless ``force``); the payload is written
    to a temporary file beside it and moved onto it inside the ledger transaction, so a
    failed or malformed export leaves neither a file nor an entry.

    The entry is written by :func:`tnoc.ledger.custody.record_analysis`, so it has the
    shape of every other entry: ``parameters`` (format, handling asked for, recipient),
    ``sources`` (whose values went out), ``outputs`` (the file with its SHA-256 and size)
    and the ``facts`` (entities, objects, withheld values). ``check`` runs on the written
    bytes before anything is committed (a validator that raises keeps the file from
    appearing). Returns the file's SHA-256.
    """
    check_output(out, force, f"{fmt} export")
    digest = hashlib.sha256(payload).hexdigest()
    with partial_beside(out) as partial:  # removed unless moved onto out below
        partial.write_bytes(payload)
        if check is not None:
            check(partial)
        output = described_file(out, case.root, (digest, len(payload)))
        with case.transaction() as con:
            record_analysis(con, f"export {fmt}", output["file"], item_sha256=digest,
                            parameters={"format": fmt, **parameters}, sources=sources,
                            outputs=[output], event_type="exported", purpose=purpose,
                            **facts)
            os.replace(partial, out)  # a failed move rolls the entry back
    return digest


def export_case(case: Case, fmt: str, out: Path, schemata: Sequence[str] = DEFAULT_SCHEMATA,
                entity_ids: Sequence[str] = (), sources: Sequence[str] = (),
                max_tlp: str = "TLP:AMBER", pseudonymise: bool = False, linked: bool = True,
                limit: int | None = None, validate: bool = True,
                purpose: str | None = None, recipient: str | None = None,
                force: bool = False) -> ExportResult:
    """Export a selection of the case as ``fmt`` (stix, misp or ftm) to ``out`` (never
    inside a case folder; an existing file only replaced with ``force``)."""
    if fmt not in FORMATS:
        raise TnocError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    check_output(out, force, f"{fmt} export")  # before the selection: fail fast
    handling = Handling(max_tlp, Pseudonymiser(pseudonym_key(case.root))
                        if pseudonymise else None)
    with case.connect(read_only=True) as con:
        selection = select(con, schemata, entity_ids, sources, handling, linked, limit)
    if not selection.entities:
        raise TnocError("nothing to export: no entity matches (check --schema, --entity, "
                        "--source) or handling withheld every value (check --tlp)")
    valid: bool | None = None
    messages: list[str] = []
    payload: bytes
    if fmt == "stix":
        from tnoc.exchange.stix import to_stix, validate_stix

        data: Any = to_stix(selection)
        objects = len(data["objects"])
        if validate:
            valid, messages = validate_stix(data)
            if not valid:
                raise TnocError("the STIX bundle fails stix2-validator; not written: "
                                + "; ".join(m for m in messages if m.startswith("error"))[:2000])
        payload = json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")
    elif fmt == "misp":
        from tnoc.exchange.misp import to_misp

        data = to_misp(selection, f"TNOC export from case {case.name} ({case.case_id})")
        objects = len(data["Event"].get("Object", []))
        payload = json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")
    else:  # stock FtM: extension schemata written as their closest FtM schema
        from tnoc.exchange.ftm import stock_entity
        from tnoc.store.query import proxy_for

        lines = [json.dumps(stock_entity(proxy_for(e.id, e.schema, e.properties)),
                            sort_keys=True, ensure_ascii=False)
                 for e in selection.entities.values()]
        objects = len(lines)
        payload = ("\n".join(lines) + "\n").encode("utf-8")
    digest = write_recorded(
        case, out, payload, fmt, purpose or f"{fmt} export",
        {"max_tlp": max_tlp, "pseudonymised": pseudonymise, "recipient": recipient},
        sources=selection.source_ids, force=force, handling=selection.tlp,
        entities=len(selection.entities), objects=objects,
        withheld_values=selection.withheld_values)
    return ExportResult(out, digest, len(selection.entities), objects, selection.tlp,
                        selection.withheld_values, pseudonymise, valid, messages)
