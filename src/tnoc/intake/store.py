"""The intake store: what the portal writes, and all it writes.

One SQLite file (``intake.sqlite3``, WAL mode: the portal writes while the workspace
reads) and a folder of sealed files, in the portal's data folder. What a reporter said
(the narrative, the other side's identifiers, the losses, their contact details) is one
JSON document *sealed* to the intake key (:mod:`tnoc.intake.sealing`); so is every
file, original and working copy, and every addition. In clear are only what triage and
the reporter's follow-up need: the kind, the urgency, the day it came in, how many
identifiers and files, the files' SHA-256 (the receipt lists them), the state, and
the analysts' replies (written for the reporter to read). Nothing about the reporter's
connection is a column: there is nowhere to put an address or a browser.

A report is found by its receipt code's SHA-256; its passphrase is a salted SHA-256
(:mod:`tnoc.intake.receipts`: 119 random bits);
failures are counted per code and a code with :data:`MAX_FAILURES` failures is locked
(a guesser cannot try passphrases on one code, and trying codes is a 10^16 space).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tnoc.errors import TnocError
from tnoc.intake.files import CheckedFile
from tnoc.intake.receipts import (
    Receipt,
    code_digest,
    hash_passphrase,
    new_receipt,
    normalise_code,
    passphrase_ok,
)
from tnoc.intake.sealing import seal

__all__ = ["DB_FILE", "MAX_FAILURES", "IntakeStore", "Report", "StoredFile", "Submission"]

DB_FILE = "intake.sqlite3"
FILES_DIR = "sealed"
MAX_FAILURES = 10
MAX_ADDITIONS_PER_DAY = 20

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY, kind TEXT NOT NULL, urgency TEXT NOT NULL,
    received_on TEXT NOT NULL, language TEXT, identifiers INTEGER NOT NULL,
    files INTEGER NOT NULL, sealed BLOB NOT NULL, code_sha256 TEXT UNIQUE NOT NULL,
    passphrase_hash TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'new', case_id TEXT, assigned_on TEXT,
    retain_until TEXT);
CREATE TABLE IF NOT EXISTS report_files (
    report_id TEXT NOT NULL, file_id TEXT NOT NULL, label TEXT NOT NULL,
    media_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
    removed TEXT NOT NULL, added_on TEXT NOT NULL, PRIMARY KEY (report_id, file_id));
CREATE TABLE IF NOT EXISTS report_messages (
    report_id TEXT NOT NULL, seq INTEGER NOT NULL, author TEXT NOT NULL,
    written_on TEXT NOT NULL, body TEXT, sealed BLOB, PRIMARY KEY (report_id, seq));
"""


@dataclass(frozen=True)
class Submission:
    """What a reporter sends (the form's fields, checked by the face's caller)."""

    kind: str
    urgency: str
    details: dict[str, Any]
    """Everything said: narrative, dates, losses, the other side's identifiers,
    contact details (sealed together, never in clear)."""
    identifiers: int
    files: list[CheckedFile] = field(default_factory=list)
    language: str | None = None


@dataclass(frozen=True)
class StoredFile:
    """A file of a report, as the receipt and the triage list it."""

    file_id: str
    label: str
    media_type: str
    size: int
    sha256: str
    removed: list[str]
    added_on: str


@dataclass(frozen=True)
class Report:
    """A report as its reporter sees it with the receipt (nothing sealed opened)."""

    report_id: str
    kind: str
    received_on: str
    state: str
    files: list[StoredFile]
    messages: list[dict[str, Any]]
    """Replies in clear (author ``analyst``), the reporter's additions as their date
    only (author ``reporter``, sealed)."""


def _today() -> str:
    return date.today().isoformat()


class IntakeStore:
    """The intake store in ``folder`` (created on first use)."""

    def __init__(self, folder: Path, public_key: bytes | None) -> None:
        self.folder = Path(folder)
        self.public_key = public_key
        """The intake public key files are sealed to (None: read-only use)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / FILES_DIR).mkdir(exist_ok=True)
        con = sqlite3.connect(self.folder / DB_FILE, timeout=30)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)
        finally:
            con.close()
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened once and kept: opening and closing one per
        request made every close the last one, and SQLite checkpoints the whole WAL
        into the database (with its fsyncs) when its last connection closes, which
        cost the portal about 15 ms a report. Commits stay durable (WAL, synchronous
        FULL); the WAL is checkpointed every 1,000 pages as SQLite does by default."""
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.folder / DB_FILE, timeout=30, isolation_level=None)
            con.execute("PRAGMA busy_timeout=30000")
            self._local.con = con
        return con

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = self._connection()
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:  # the kept connection is never left in a transaction
                con.execute("ROLLBACK")
            raise

    def _sealed(self, plaintext: bytes) -> bytes:
        if self.public_key is None:
            raise TnocError("this intake store was opened without the intake public key")
        return seal(self.public_key, plaintext)

    def _seal_files(self, report_id: str, files: list[CheckedFile]
                    ) -> list[tuple[list[Any], list[Path]]]:
        """Seal each file's original and working copy to disk, BEFORE the transaction
        that lists them (sealing is the slow part; the write lock is held only for the
        rows): a temp name, then renamed, so never half a file under its final name.
        A working copy that is the original byte for byte (text, ZIP: nothing to
        remove) is not sealed a second time: :meth:`sealed_file` serves the original
        for it. Returns each file's row and paths (removed by :meth:`_discard` if the
        rows are not committed; a crash between leaves sealed files no row names,
        which open to nothing without the key)."""
        written: list[tuple[list[Any], list[Path]]] = []
        try:
            for checked in files:
                file_id = secrets.token_hex(8)
                paths = []
                parts = [("original", checked.original)]
                if checked.working != checked.original:
                    parts.append(("working", checked.working))
                for part, data in parts:
                    final = self.folder / FILES_DIR / f"{report_id}-{file_id}.{part}.sealed"
                    temporary = final.with_suffix(".partial")
                    temporary.write_bytes(self._sealed(data))
                    temporary.replace(final)
                    paths.append(final)
                written.append(([report_id, file_id, checked.name, checked.media_type,
                                 checked.size, checked.sha256, json.dumps(checked.removed),
                                 _today()], paths))
        except BaseException:
            self._discard(written)
            raise
        return written

    @staticmethod
    def _discard(written: list[tuple[list[Any], list[Path]]]) -> None:
        for _, paths in written:
            for path in paths:
                path.unlink(missing_ok=True)
                path.with_suffix(".partial").unlink(missing_ok=True)

    @staticmethod
    def _list_files(con: sqlite3.Connection,
                    written: list[tuple[list[Any], list[Path]]]) -> None:
        for row, _ in written:
            con.execute("INSERT INTO report_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)

    def submit(self, submission: Submission) -> tuple[str, Receipt]:
        """Store a new report; its id and the receipt (shown once, kept by no one).
        The sealing and the passphrase's hash are done before the write transaction,
        so concurrent submissions wait on each other only for their rows."""
        receipt = new_receipt()
        report_id = "CR-" + secrets.token_hex(6).upper()
        document = json.dumps(submission.details, ensure_ascii=False, sort_keys=True)
        sealed = self._sealed(document.encode("utf-8"))
        passphrase_hash = hash_passphrase(receipt.passphrase)
        written = self._seal_files(report_id, submission.files)
        try:
            with self._connect() as con:
                con.execute(
                    "INSERT INTO reports (report_id, kind, urgency, received_on, language, "
                    "identifiers, files, sealed, code_sha256, passphrase_hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [report_id, submission.kind, submission.urgency, _today(),
                     submission.language, submission.identifiers, len(submission.files),
                     sealed, code_digest(receipt.code), passphrase_hash])
                self._list_files(con, written)
        except BaseException:
            self._discard(written)
            raise
        return report_id, receipt

    def _attempt(self, code: str, passphrase: str) -> str:
        """The report id the receipt opens; a :class:`TnocError` with one message for
        every failure (and the failure counted in a transaction of its own). The
        passphrase check (Argon2id for earlier receipts) runs outside any write
        transaction."""
        refused = TnocError("no report opens with this code and passphrase")
        digits = normalise_code(code)
        if digits is None:
            raise refused
        row = self._connection().execute(
            "SELECT report_id, passphrase_hash, failures FROM reports "
            "WHERE code_sha256 = ?", [code_digest(digits)]).fetchone()
        if row is None:
            raise refused
        report_id, stored, failures = row
        if failures >= MAX_FAILURES:
            raise TnocError("this receipt is locked after too many wrong passphrases; "
                            "make a new report and say so in it")
        if not passphrase_ok(stored, passphrase):
            with self._connect() as con:  # committed: the failure is kept
                con.execute("UPDATE reports SET failures = failures + 1 "
                            "WHERE report_id = ?", [report_id])
            raise refused
        with self._connect() as con:
            now = con.execute("SELECT failures FROM reports WHERE report_id = ?",
                              [report_id]).fetchone()[0]
            if now and now < MAX_FAILURES:
                con.execute("UPDATE reports SET failures = 0 WHERE report_id = ?",
                            [report_id])
        if now >= MAX_FAILURES:  # locked by other tries while this one was checked
            raise TnocError("this receipt is locked after too many wrong passphrases; "
                            "make a new report and say so in it")
        return str(report_id)

    def report(self, code: str, passphrase: str) -> Report:
        """The report the receipt opens, as its reporter sees it."""
        report_id = self._attempt(code, passphrase)
        with self._connect() as con:
            return self._report(con, report_id)

    def _report(self, con: sqlite3.Connection, report_id: str) -> Report:
        kind, received, state = con.execute(
            "SELECT kind, received_on, state FROM reports WHERE report_id = ?",
            [report_id]).fetchone()
        return Report(report_id, kind, received, state, self.files(con, report_id), [
            {"seq": s, "author": a, "written_on": w, "body": b}
            for s, a, w, b in con.execute(
                "SELECT seq, author, written_on, body FROM report_messages "
                "WHERE report_id = ? ORDER BY seq", [report_id]).fetchall()])

    def report_files(self, report_id: str) -> list[StoredFile]:
        """The files of report ``report_id`` as its receipt lists them."""
        with self._connect() as con:
            return self.files(con, report_id)

    @staticmethod
    def files(con: sqlite3.Connection, report_id: str) -> list[StoredFile]:
        return [StoredFile(f, label, m, size, sha, json.loads(removed), added)
                for f, label, m, size, sha, removed, added in con.execute(
                    "SELECT file_id, label, media_type, size, sha256, removed, added_on "
                    "FROM report_files WHERE report_id = ? ORDER BY added_on, label",
                    [report_id]).fetchall()]

    def add(self, code: str, passphrase: str, details: dict[str, Any],
            files: list[CheckedFile]) -> Report:
        """The reporter adds information (sealed) and files to their report, within
        :data:`MAX_ADDITIONS_PER_DAY` additions per receipt and day."""
        report_id = self._attempt(code, passphrase)
        sealed = self._sealed(json.dumps(details, ensure_ascii=False, sort_keys=True
                                         ).encode("utf-8"))
        written = self._seal_files(report_id, files)
        try:
            with self._connect() as con:
                added = con.execute(
                    "SELECT count(*) FROM report_messages WHERE report_id = ? AND "
                    "author = 'reporter' AND written_on = ?", [report_id, _today()]
                ).fetchone()[0]
                if added >= MAX_ADDITIONS_PER_DAY:
                    raise TnocError(f"at most {MAX_ADDITIONS_PER_DAY} additions a day to "
                                    "one report; add more tomorrow")
                seq = self._next(con, report_id)
                con.execute("INSERT INTO report_messages VALUES "
                            "(?, ?, 'reporter', ?, NULL, ?)",
                            [report_id, seq, _today(), sealed])
                self._list_files(con, written)
                con.execute("UPDATE reports SET files = files + ? WHERE report_id = ?",
                            [len(files), report_id])
                return self._report(con, report_id)
        except BaseException:
            self._discard(written)
            raise

    @staticmethod
    def _next(con: sqlite3.Connection, report_id: str) -> int:
        return int(con.execute("SELECT coalesce(max(seq), 0) + 1 FROM report_messages "
                               "WHERE report_id = ?", [report_id]).fetchone()[0])

    # --- the workspace's side ----------------------------------------------------------

    def queue(self, state: str | None = "new") -> list[dict[str, Any]]:
        """The triage queue: reports (in ``state``; None: all), most urgent first, then
        oldest, with what is in clear."""
        order = "CASE urgency WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END"
        with self._connect() as con:
            rows = con.execute(
                "SELECT report_id, kind, urgency, received_on, identifiers, files, state, "
                "case_id, retain_until FROM reports "
                + ("WHERE state = ? " if state else "")
                + f"ORDER BY {order}, received_on, report_id", [state] if state else []
            ).fetchall()
        keys = ["report_id", "kind", "urgency", "received_on", "identifiers", "files",
                "state", "case_id", "retain_until"]
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def sealed_report(self, report_id: str) -> tuple[dict[str, Any], bytes,
                                                     list[tuple[int, str, bytes]]]:
        """A report's clear columns, its sealed document and its sealed additions
        (seq, day, sealed), for the holder of the intake key to open."""
        with self._connect() as con:
            row = con.execute("SELECT report_id, kind, urgency, received_on, state, "
                              "case_id, sealed FROM reports WHERE report_id = ?",
                              [report_id]).fetchone()
            if row is None:
                raise TnocError(f"no report {report_id} in the intake store")
            additions = [(int(s), str(w), bytes(b)) for s, w, b in con.execute(
                "SELECT seq, written_on, sealed FROM report_messages WHERE report_id = ? "
                "AND author = 'reporter' ORDER BY seq", [report_id]).fetchall()]
        keys = ["report_id", "kind", "urgency", "received_on", "state", "case_id"]
        return dict(zip(keys, row[:6], strict=True)), bytes(row[6]), additions

    def sealed_file(self, report_id: str, file_id: str, part: str) -> bytes:
        """The sealed bytes of a file's ``original`` or ``working`` copy (the original
        when the working copy is the same bytes and was not sealed twice)."""
        if part not in ("original", "working") or not file_id.isalnum():
            raise TnocError("a file part is 'original' or 'working'")
        path = self.folder / FILES_DIR / f"{report_id}-{file_id}.{part}.sealed"
        if part == "working" and not path.is_file():
            path = path.with_name(f"{report_id}-{file_id}.original.sealed")
        if not path.is_file():
            raise TnocError(f"report {report_id} has no file {file_id}")
        return path.read_bytes()

    def reply(self, report_id: str, body: str) -> None:
        """An analyst's reply the reporter reads with the receipt (in clear: write
        nothing the reporter should not read on a shared screen)."""
        if not body.strip():
            raise TnocError("an empty reply")
        with self._connect() as con:
            if con.execute("SELECT 1 FROM reports WHERE report_id = ?",
                           [report_id]).fetchone() is None:
                raise TnocError(f"no report {report_id} in the intake store")
            con.execute("INSERT INTO report_messages VALUES (?, ?, 'analyst', ?, ?, NULL)",
                        [report_id, self._next(con, report_id), _today(), body.strip()])

    def assign(self, report_id: str, case_id: str, retain_until: str) -> None:
        """Mark a report taken into case ``case_id``, kept until ``retain_until``."""
        with self._connect() as con:
            changed = con.execute(
                "UPDATE reports SET state = 'assigned', case_id = ?, assigned_on = ?, "
                "retain_until = ? WHERE report_id = ?",
                [case_id, datetime.now(UTC).date().isoformat(), retain_until, report_id]
            ).rowcount
        if not changed:
            raise TnocError(f"no report {report_id} in the intake store")
