"""The custody ledger as a face shows it: a page of entries with the names behind their
ids, and the files the case's own operations produced in its ``reports/`` folder.

A file is handed out only when the ledger names it (:func:`produced_files`): the
report's HTML and PDF (``outputs`` of the report's entry), a court bundle (its
``exported`` entry, ``bundle:NAME``), a dossier or an export written there. A name is
looked up among those, never joined to a path, and the file is served only while its
bytes still have the SHA-256 the ledger recorded (ISO/IEC 27037:2012 §5.4.2: a copy
handed out is shown to be the one recorded). So no URL reaches the case's store, its
keys or any file the case did not record producing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tnoc.ledger.custody import LedgerEntry, file_sha256, read_ledger
from tnoc.ledger.keys import key_use

__all__ = ["LedgerPage", "ProducedFile", "ledger_page", "produced_files"]

REPORTS = "reports"
"""The case's output folder (``Case.reports``), as ledger entries name files in it."""


@dataclass
class LedgerPage:
    """Entries ``offset`` to ``offset + len(entries)`` of ``total`` (of ``event_type``
    when given), oldest first, with the file name of each source id and the owner of
    each key id they mention (names, not ids)."""

    entries: list[LedgerEntry]
    total: int
    offset: int
    event_types: list[str]
    files: dict[str, str] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProducedFile:
    """A file of the case's ``reports/`` folder that a ledger entry records producing."""

    name: str
    sha256: str
    size: int | None
    seq: int
    """The newest entry naming it (a report rewritten is the newest one's)."""
    occurred_at: str
    actor: str
    operation: str
    """The operation handing it out is: ``report``, ``bundle``, ``dossier export`` or
    ``export`` (:data:`tnoc.govern.policy.OPERATIONS`)."""


def ledger_page(con: duckdb.DuckDBPyConnection, offset: int = 0, limit: int = 50,
                event_type: str | None = None) -> LedgerPage:
    """The entries ``offset`` to ``offset + limit`` (of ``event_type`` when given)."""
    everything = read_ledger(con)
    chosen = [e for e in everything if event_type is None or e.event.event_type == event_type]
    offset = max(0, min(offset, max(len(chosen) - 1, 0)))
    shown = chosen[offset:offset + limit]
    files = dict(con.execute("SELECT source_id, file_name FROM sources").fetchall())
    owners = {k.key_id: k.owner for k in key_use(con)}
    return LedgerPage(shown, len(chosen), offset,
                      sorted({e.event.event_type for e in everything}),
                      {str(k): str(v) for k, v in files.items()}, owners)


def _operation(entry: LedgerEntry) -> str:
    details = entry.event.details
    analysis = str(details.get("analysis") or "")
    if analysis in ("report", "threat-assessment"):
        return "report"
    if analysis.startswith("dossier"):
        return "dossier export"
    return "export"


def produced_files(con: duckdb.DuckDBPyConnection) -> dict[str, ProducedFile]:
    """Every file of ``reports/`` the ledger records producing, by file name, as its
    newest entry records it."""
    found: dict[str, ProducedFile] = {}
    for entry in read_ledger(con):
        event = entry.event
        named: list[tuple[str, str, int | None, str]] = []
        if event.event_type == "exported" and (event.item_id or "").startswith("bundle:") \
                and event.item_sha256:
            named.append((f"{REPORTS}/{event.item_id[len('bundle:'):]}",  # type: ignore[index]
                          event.item_sha256, None, "bundle"))
        for output in event.details.get("outputs") or []:
            named.append((str(output.get("file") or ""), str(output.get("sha256") or ""),
                          output.get("bytes"), _operation(entry)))
        for path, digest, size, operation in named:
            parts = Path(path).parts
            if len(parts) != 2 or parts[0] != REPORTS or not digest:
                continue  # only files directly in the case's reports/ folder
            found[parts[1]] = ProducedFile(parts[1], digest, size, entry.seq,
                                           event.occurred_at, event.actor, operation)
    return found


def checked_file(reports: Path, produced: ProducedFile) -> Path | None:
    """The file ``produced`` in the folder ``reports`` when it is still the one the ledger
    recorded (same SHA-256); None when it is gone or changed since."""
    path = reports / produced.name
    if not path.is_file() or path.resolve().parent != reports.resolve():
        return None
    return path if file_sha256(path)[0] == produced.sha256 else None
