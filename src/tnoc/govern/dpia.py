"""The data-protection impact assessment (DPIA) of a case, kept in the case and recorded.

Processing likely to result in a high risk to people's rights needs an assessment
before it starts (GDPR Art. 35; for police and FIU processing under the Law Enforcement
Directive 2016/680, Art. 27). The assessment itself is the organisation's document (PDF,
DOCX, Markdown: TNOC does not judge its content); TNOC keeps a copy of every version
handed to it in ``CASE/govern/dpia/<sha256>-<name>`` and records its intake in the
custody ledger, so that the case shows which assessment covered it from when, and
``tnoc verify`` names a kept assessment that was changed or removed afterwards.

The ledger entry is an ``acquired`` event: the case takes the document into its
custody at a time, from someone, with its hash, exactly as it takes in an exhibit. It
is not ``sealed``: nothing is closed against change by recording it (a newer version
is recorded beside it), and sealing in TNOC means the seal over a source's statements
(:mod:`tnoc.store.seals`). The entry's details name the kept copy
(``kept_file``), which is what :func:`tnoc.evidence.verify.verify_documents` re-hashes;
they carry no ``file_name`` key, so the entry is not mistaken for a source intake.
"""

from __future__ import annotations

import getpass
import json
import mimetypes
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.ledger.custody import CustodyEvent, file_sha256, record_event
from tnoc.store.case import Case, fsync_dir

__all__ = ["DPIA_FOLDER", "DpiaRecord", "check_document", "record_dpia", "recorded_dpias"]

DPIA_FOLDER = Path("govern") / "dpia"
DOCUMENT_KIND = "dpia"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class DpiaRecord:
    """One recorded version of the assessment: what, where kept, who and when."""

    version: int
    name: str
    sha256: str
    size_bytes: int
    kept_file: str
    recorded_by: str
    recorded_at: str
    ledger_seq: int | None = None


def check_document(document: Path) -> Path:
    """``document`` if it is a readable, non-empty file; else a :class:`TnocError`
    saying what was expected (checked before anything is written, so a case is not
    created, nor an entry made, for an assessment that cannot be kept)."""
    path = Path(document)
    if not path.is_file():
        raise TnocError(f"DPIA {path}: no such file (expected the assessment document: "
                        "PDF, DOCX, Markdown...)")
    if path.stat().st_size == 0:
        raise TnocError(f"DPIA {path}: the file is empty (expected the assessment document)")
    if not os.access(path, os.R_OK):
        raise TnocError(f"DPIA {path}: the file cannot be read")
    return path


def kept_name(sha256: str, name: str) -> str:
    """The kept copy's file name: the hash first (two versions never collide), then
    the original name with anything but letters, digits, ``.``, ``_``, ``-`` replaced."""
    return f"{sha256}-{_UNSAFE.sub('_', name).strip('._') or 'dpia'}"


def recorded_dpias(con: duckdb.DuckDBPyConnection) -> list[DpiaRecord]:
    """Every recorded version of the case's assessment, oldest first (the last is the
    one in force)."""
    rows = con.execute(
        "SELECT seq, actor, occurred_at, item_sha256, details FROM custody_events "
        "WHERE event_type = 'acquired' AND json_extract_string(details, '$.document') = ? "
        "ORDER BY seq", [DOCUMENT_KIND]).fetchall()
    found = []
    for version, (seq, actor, at, sha256, details) in enumerate(rows, 1):
        facts: dict[str, Any] = json.loads(details or "{}")
        found.append(DpiaRecord(version, str(facts.get("name")), str(sha256),
                                int(facts.get("bytes") or 0), str(facts.get("kept_file")),
                                str(actor), str(at), int(seq)))
    return found


def record_dpia(case: Case, document: Path, actor: str | None = None) -> DpiaRecord:
    """Keep a copy of ``document`` in the case and record its intake (one ``acquired``
    entry, signed by the operator's key); returns the record.

    The copy is written beside its place under a temporary name, flushed and renamed
    (atomic), and never overwrites: the same version recorded twice is refused, naming
    the entry that holds it. Should the ledger entry fail, the copy made is removed, so
    nothing is half-written.
    """
    path = check_document(document)
    sha256, size = file_sha256(path)
    folder = case.root / DPIA_FOLDER
    target = folder / kept_name(sha256, path.name)
    with case.connect(read_only=True) as con:
        earlier = recorded_dpias(con)
    for record in earlier:
        if record.sha256 == sha256:
            raise TnocError(f"DPIA {path}: this version (sha256 {sha256[:12]}…) is already "
                            f"recorded as version {record.version}, ledger entry "
                            f"{record.ledger_seq}, by {record.recorded_by} at "
                            f"{record.recorded_at}")
    made = _keep_copy(path, target, sha256)
    relative = str(target.relative_to(case.root))
    event = CustodyEvent(
        event_type="acquired", item_id=f"dpia:{sha256}", item_sha256=sha256,
        actor=actor or getpass.getuser(),
        purpose="data-protection impact assessment of the case (GDPR Art. 35, "
                "LED 2016/680 Art. 27)",
        method="tnoc case dpia (copy kept in the case, sha256)", hash_after=sha256,
        details={"document": DOCUMENT_KIND, "name": path.name, "bytes": size,
                 "media_type": mimetypes.guess_type(path.name)[0]
                 or "application/octet-stream",
                 "kept_file": relative, "version": len(earlier) + 1})
    try:
        with case.transaction() as con:
            record_event(con, event)
            seq = con.execute("SELECT max(seq) FROM custody_events").fetchone()
    except BaseException:
        if made:
            target.unlink(missing_ok=True)
        raise
    return DpiaRecord(len(earlier) + 1, path.name, sha256, size, relative, event.actor,
                      event.occurred_at, int(seq[0]) if seq and seq[0] is not None else None)


def _keep_copy(path: Path, target: Path, sha256: str) -> bool:
    """Copy ``path`` to ``target`` atomically; True when this call wrote it. A copy
    already there (left by an interrupted earlier run) is kept if its hash is right."""
    if target.exists():
        if target.is_file() and file_sha256(target)[0] == sha256:
            return False
        raise TnocError(f"{target} exists and is not this assessment; it was not "
                        "overwritten (run 'tnoc verify' to see what changed)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with open(path, "rb") as src, open(partial, "wb") as dst:
            shutil.copyfileobj(src, dst, 4 * 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        if file_sha256(partial)[0] != sha256:
            raise TnocError(f"DPIA {path} changed while it was being copied; try again")
        os.replace(partial, target)
        fsync_dir(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return True
