"""Taking a citizen report into a case: opened with the intake key, written as one
source file, its files kept as exhibits with the hashes the reporter's receipt lists.

The report becomes statements like any source (mapping ``citizen_report_portal``:
source = the report, legal basis = citizen report), so resolution and screening see
the wallets, accounts and phones it names at once; the reporter's contact details go
into the reporter compartment. Each file's original is written under the case's
``exhibits/reports/`` by its SHA-256 and recorded in the custody ledger (``acquired``,
in the intake's transaction) with that hash: the same hash the receipt showed the
reporter, so either side can show the file was not changed since it was sent.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.ingest.pipeline import IngestReport
from tnoc.intake.sealing import IntakeKey
from tnoc.intake.store import IntakeStore, StoredFile
from tnoc.ledger.custody import CustodyEvent, record_event

__all__ = ["MAPPING", "REPORT_COLUMNS", "OpenedReport", "TakenReport", "open_report",
           "record_files", "write_report_file"]

MAPPING = "citizen_report_portal"
LEGAL_BASIS = "citizen report (reporting portal)"
REPORT_COLUMNS = ["report_id", "kind", "happened_on", "loss_amount", "loss_currency",
                  "payment_method", "narrative", "reporter_contact", "reporter_name",
                  "reporter_email", "reporter_phone", "id_kind", "id_value", "id_detail"]


@dataclass
class OpenedReport:
    """A report with what was sealed opened (on the workspace's side only)."""

    clear: dict[str, Any]
    details: dict[str, Any]
    additions: list[dict[str, Any]] = field(default_factory=list)
    """The reporter's later additions: ``seq``, ``written_on`` and what they said."""
    files: list[StoredFile] = field(default_factory=list)

    @property
    def report_id(self) -> str:
        return str(self.clear["report_id"])

    def contact_withheld(self) -> OpenedReport:
        """This report with the reporter's contact details replaced by a marker: what
        triage shows (they enter the reporter compartment when the report is taken)."""
        if not self.details.get("contact"):
            return self
        details = {**self.details, "contact": {
            "withheld": "given; kept in the reporter compartment once taken"}}
        return OpenedReport(self.clear, details, self.additions, self.files)

    def identifiers(self) -> list[dict[str, Any]]:
        """The other side's identifiers of the report and of every addition."""
        found = list(self.details.get("identifiers") or [])
        for added in self.additions:
            found += added.get("identifiers") or []
        return found


@dataclass(frozen=True)
class TakenReport:
    """What taking a report into a case did."""

    report_id: str
    report: OpenedReport
    """The report as taken (contact details withheld, as triage shows it)."""
    ingest: IngestReport
    file_hashes: list[str]
    """The SHA-256 of each file recorded as an exhibit (the receipt's hashes)."""
    hits: list[dict[str, Any]]
    """Screening hits of the entities the report states (subject and list names)."""
    retain_until: str


def open_report(store: IntakeStore, key: IntakeKey, report_id: str) -> OpenedReport:
    """Report ``report_id`` of ``store`` opened with the intake ``key``."""
    clear, sealed, additions = store.sealed_report(report_id)
    opened = [{"seq": seq, "written_on": day, **json.loads(key.open(blob))}
              for seq, day, blob in additions]
    return OpenedReport(clear, json.loads(key.open(sealed)), opened,
                        store.report_files(report_id))


def write_report_file(report: OpenedReport, path: Path) -> Path:
    """The report as the source file the mapping reads (see the module)."""
    details = report.details
    loss = details.get("loss") or {}
    contact = details.get("contact") or {}
    narrative = "\n\n".join([str(details.get("narrative") or "")] + [
        f"Added {a['written_on']}: {a.get('narrative', '')}" for a in report.additions
        if a.get("narrative")])
    first = {"report_id": report.report_id, "kind": details.get("kind"),
             "happened_on": details.get("happened_on") or "",
             "loss_amount": loss.get("amount", ""), "loss_currency": loss.get("currency", ""),
             "payment_method": details.get("payment_method") or "",
             "narrative": narrative, "reporter_contact": "yes" if contact else "",
             "reporter_name": contact.get("contact_name", ""),
             "reporter_email": contact.get("contact_email", ""),
             "reporter_phone": contact.get("contact_phone", "")}
    rows: list[dict[str, Any]] = []
    found: list[dict[str, Any] | None] = [*report.identifiers()] or [None]
    for n, identifier in enumerate(found):
        row = dict(first) if n == 0 else {"report_id": report.report_id}
        if identifier is not None:
            row.update(id_kind=identifier["kind"], id_value=identifier["value"],
                       id_detail=identifier.get("detail") or "")
        rows.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def record_files(con: duckdb.DuckDBPyConnection, exhibits: Path, store: IntakeStore,
                 key: IntakeKey, report: OpenedReport, source_id: str,
                 actor: str) -> list[str]:
    """Write each file's original under ``exhibits`` by its SHA-256 (checked against
    the hash the receipt listed) and record it in the custody ledger, in the intake's
    transaction (``con``); the hashes recorded."""
    import hashlib

    exhibits.mkdir(parents=True, exist_ok=True)
    recorded = []
    for stored in report.files:
        original = key.open(store.sealed_file(report.report_id, stored.file_id, "original"))
        digest = hashlib.sha256(original).hexdigest()
        if digest != stored.sha256:
            raise TnocError(f"file {stored.label} of report {report.report_id} does not "
                            f"hash to what its receipt lists ({stored.sha256[:16]}...): "
                            "not taken")
        working = key.open(store.sealed_file(report.report_id, stored.file_id, "working"))
        (exhibits / digest).write_bytes(original)
        (exhibits / f"{digest}.working").write_bytes(working)
        record_event(con, CustodyEvent(
            event_type="acquired", item_id=f"{source_id}/file-{stored.file_id}",
            item_sha256=digest, actor=actor, purpose="intake of a citizen report's file",
            legal_authority=LEGAL_BASIS, method="tnoc intake take (reporting portal)",
            hash_after=digest,
            details={"report": report.report_id, "label": stored.label,
                     "media_type": stored.media_type, "size_bytes": stored.size,
                     "working_copy_removed": stored.removed,
                     "working_copy_sha256": hashlib.sha256(working).hexdigest()}))
        recorded.append(digest)
    return recorded
