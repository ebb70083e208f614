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

Retention (:meth:`IntakeStore.purge`): every report has a day it is kept until
(``retain_until``: :data:`DEFAULT_RETAIN_DAYS` after receipt for a report no one took,
the day set by ``tnoc intake take --retain-days`` for one taken into a case). Past it,
and unless a supervisor holds it, the purge deletes what the reporter said, the files
and the replies, and leaves a tombstone (storage limitation: GDPR art. 5(1)(e), LED
2016/680 arts. 4(1)(e) and 5). The deleted rows' bytes are overwritten, not merely
unlinked from the b-tree (``PRAGMA secure_delete``), and the WAL, whose old frames still
hold the pages as written, is checkpointed into the database and truncated.

A report is found by its receipt code's SHA-256; its passphrase is a salted SHA-256
(:mod:`tnoc.intake.receipts`: 119 random bits);
failures are counted per code and a code with :data:`MAX_FAILURES` failures is locked
(a guesser cannot try passphrases on one code, and trying codes is a 10^16 space).
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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

__all__ = ["DB_FILE", "DEFAULT_RETAIN_DAYS", "MAX_FAILURES", "IntakeStore", "Purge",
           "PurgeTimer", "PurgedReport", "Report", "ReportPurged", "StoredFile",
           "Submission"]

log = logging.getLogger("tnoc.intake")

DB_FILE = "intake.sqlite3"
FILES_DIR = "sealed"
MAX_FAILURES = 10
MAX_ADDITIONS_PER_DAY = 20
DEFAULT_RETAIN_DAYS = 180
"""Days a report no one took into a case is kept after it came in (``tnoc portal
--retain-days``): long enough for triage to see it, then it goes (storage limitation,
GDPR art. 5(1)(e); LED art. 5 asks time limits for erasure)."""

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
CREATE TABLE IF NOT EXISTS purge_log (
    run_at TEXT NOT NULL, actor TEXT NOT NULL, reports INTEGER NOT NULL,
    report_ids TEXT NOT NULL);
"""
RETENTION_COLUMNS = {"purged_on": "TEXT", "purge_rule": "TEXT", "held_by": "TEXT",
                     "held_on": "TEXT", "held_reason": "TEXT"}
"""Columns of ``reports`` added for retention (added to stores made before them)."""


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


class ReportPurged(TnocError):
    """The receipt opened a report the retention rule deleted (its tombstone)."""

    def __init__(self, report_id: str, purged_on: str) -> None:
        super().__init__(f"this report was deleted on {purged_on} under the retention "
                         "rule: what it said, its files and the replies are no longer "
                         "held")
        self.report_id = report_id
        self.purged_on = purged_on


@dataclass(frozen=True)
class PurgedReport:
    """A report the purge deletes (or deleted): what its tombstone keeps."""

    report_id: str
    kind: str
    received_on: str
    state: str
    """``new`` or ``assigned`` (taken into a case) before the purge (``purged``
    after)."""
    case_id: str | None
    retain_until: str
    file_sha256: list[str]
    rule: str
    """Why it goes, as the tombstone says it."""


@dataclass(frozen=True)
class Purge:
    """What one purge did: the reports deleted (or, dry run, due), and whether the WAL
    was checkpointed and truncated (False: a reader kept it; the next purge retries)."""

    day: str
    reports: list[PurgedReport]
    dry_run: bool
    checkpointed: bool


def _rule(case_id: str | None, assigned_on: str | None,
          received_on: str, retain_until: str) -> str:
    if case_id:
        return (f"taken into case {case_id} on {assigned_on}: the intake store's copy "
                f"kept until {retain_until} (the case keeps its exhibits under its own "
                "retention)")
    return (f"not taken into a case: kept until {retain_until} after it came in on "
            f"{received_on}")


class IntakeStore:
    """The intake store in ``folder``. ``retain_days``: how long a new report is kept
    if no one takes it into a case.

    Only the portal creates a store: it is the one writer that seals reports, so only
    an opening with the intake ``public_key`` creates the folder and its database.
    An opening without it (the workspace's side: queue, show, take, reply, purge,
    hold, release, the Citizen reports page) refuses a folder that holds no store, or a
    file given as the folder, with a :class:`TnocError` naming it, and writes nothing:
    a mistyped folder otherwise became an empty store whose "0 reports due" read as
    an answer."""

    def __init__(self, folder: Path, public_key: bytes | None,
                 retain_days: int = DEFAULT_RETAIN_DAYS) -> None:
        self.folder = Path(folder)
        self.public_key = public_key
        """The intake public key files are sealed to (None: read-only use)."""
        if retain_days < 1:
            raise TnocError(f"a report is kept at least 1 day, not {retain_days}")
        self.retain_days = retain_days
        if self.folder.exists() and not self.folder.is_dir():
            raise TnocError(f"{self.folder} is a file, not an intake store: expected the "
                            "reporting portal's data folder (made by 'tnoc portal DATA')")
        if public_key is None and not (self.folder / DB_FILE).is_file():
            raise TnocError(f"{self.folder} is not an intake store (no {DB_FILE} in it): "
                            "expected the reporting portal's data folder (made by 'tnoc "
                            "portal DATA')")
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / FILES_DIR).mkdir(exist_ok=True)
        con = sqlite3.connect(self.folder / DB_FILE, timeout=30)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)
            have = {r[1] for r in con.execute("PRAGMA table_info(reports)")}
            for column, kind in RETENTION_COLUMNS.items():
                if column not in have:
                    con.execute(f"ALTER TABLE reports ADD COLUMN {column} {kind}")
            con.commit()
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
            # what a purge deletes is overwritten with zeros, not left in free pages
            # (Debian's SQLite is built with it on by default; python.org's, macOS's and
            # most others are not)
            con.execute("PRAGMA secure_delete=ON")
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
                    "identifiers, files, sealed, code_sha256, passphrase_hash, "
                    "retain_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [report_id, submission.kind, submission.urgency, _today(),
                     submission.language, submission.identifiers, len(submission.files),
                     sealed, code_digest(receipt.code), passphrase_hash,
                     (date.today() + timedelta(days=self.retain_days)).isoformat()])
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
            "SELECT report_id, passphrase_hash, failures, purged_on FROM reports "
            "WHERE code_sha256 = ?", [code_digest(digits)]).fetchone()
        if row is None:
            raise refused
        report_id, stored, failures, purged_on = row
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
        if purged_on:  # its tombstone: the reporter is told, and nothing is left to add to
            raise ReportPurged(str(report_id), str(purged_on))
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
                purged = con.execute("SELECT purged_on FROM reports WHERE report_id = ?",
                                     [report_id]).fetchone()[0]
                if purged:  # purged since the receipt was checked: nothing to add to
                    raise ReportPurged(report_id, str(purged))
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
                "case_id, retain_until, held_reason FROM reports "
                + ("WHERE state = ? " if state else "")
                + f"ORDER BY {order}, received_on, report_id", [state] if state else []
            ).fetchall()
        keys = ["report_id", "kind", "urgency", "received_on", "identifiers", "files",
                "state", "case_id", "retain_until", "held_reason"]
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def sealed_report(self, report_id: str) -> tuple[dict[str, Any], bytes,
                                                     list[tuple[int, str, bytes]]]:
        """A report's clear columns, its sealed document and its sealed additions
        (seq, day, sealed), for the holder of the intake key to open."""
        with self._connect() as con:
            row = con.execute("SELECT report_id, kind, urgency, received_on, state, "
                              "case_id, retain_until, held_reason, held_by, sealed "
                              "FROM reports WHERE report_id = ?", [report_id]).fetchone()
            if row is None:
                raise TnocError(f"no report {report_id} in the intake store")
            self._refuse_purged(con, report_id)
            additions = [(int(s), str(w), bytes(b)) for s, w, b in con.execute(
                "SELECT seq, written_on, sealed FROM report_messages WHERE report_id = ? "
                "AND author = 'reporter' ORDER BY seq", [report_id]).fetchall()]
        keys = ["report_id", "kind", "urgency", "received_on", "state", "case_id",
                "retain_until", "held_reason", "held_by"]
        return dict(zip(keys, row[:9], strict=True)), bytes(row[9]), additions

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
            self._refuse_purged(con, report_id)
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

    # --- retention: the purge, its tombstones, holds ---------------------------------

    @staticmethod
    def _refuse_purged(con: sqlite3.Connection, report_id: str) -> None:
        row = con.execute("SELECT purged_on, purge_rule FROM reports WHERE report_id = ?",
                          [report_id]).fetchone()
        if row is not None and row[0]:
            hashes = [r[0] for r in con.execute(
                "SELECT sha256 FROM report_files WHERE report_id = ? ORDER BY added_on, "
                "file_id", [report_id]).fetchall()]
            raise TnocError(f"report {report_id} was purged on {row[0]} under the "
                            f"retention rule ({row[1]}); its tombstone keeps the files' "
                            f"SHA-256: {', '.join(hashes) or 'no files'}")

    def due(self, day: str | None = None) -> list[PurgedReport]:
        """The reports past their retention day on ``day`` (today), not held and not
        purged yet: what :meth:`purge` deletes."""
        day = day or _today()
        with self._connect() as con:
            return self._due(con, day)

    def _due(self, con: sqlite3.Connection, day: str) -> list[PurgedReport]:
        default = f"+{self.retain_days} days"
        rows = con.execute(
            "SELECT report_id, kind, received_on, state, case_id, assigned_on, "
            "coalesce(retain_until, date(received_on, ?)) AS until FROM reports "
            "WHERE purged_on IS NULL AND held_reason IS NULL AND "
            "coalesce(retain_until, date(received_on, ?)) < ? "
            "ORDER BY until, received_on, report_id", [default, default, day]).fetchall()
        return [PurgedReport(r, kind, received, state, case_id, until, [
            str(h[0]) for h in con.execute(
                "SELECT sha256 FROM report_files WHERE report_id = ? ORDER BY added_on, "
                "file_id", [r]).fetchall()], _rule(case_id, assigned, received, until))
            for r, kind, received, state, case_id, assigned, until in rows]

    def purge(self, actor: str, day: str | None = None, dry_run: bool = False) -> Purge:
        """Delete every report past its retention day (:meth:`due`) but its tombstone:
        the receipt's hash (so its reporter is told, :class:`ReportPurged`), the kind,
        the dates, the case it was taken into, and each file's SHA-256, type and size
        (the hashes the custody ledger and the receipt show), with "purged on D under
        rule R". Deleted: the sealed document and additions, the analysts' replies, the
        file names, the sealed originals and working copies on disk. One transaction
        (logged in ``purge_log`` with ``actor``); rows are deleted with
        ``secure_delete`` on, so their bytes are zeroed in the pages, then the WAL is
        checkpointed and truncated (``wal_checkpoint(TRUNCATE)``), whose old frames held
        the rows as written. VACUUM would also rewrite the file but needs room for a
        full copy and blocks the portal for the whole database; secure_delete costs only
        the pages of what is deleted. The files on disk are sealed to the intake key, so
        unlinking them is enough for a disk without the private key; overwriting them
        first would promise nothing on journaling, copy-on-write or flash storage."""
        day = day or _today()
        with self._connect() as con:
            reports = self._due(con, day)
            if not dry_run:
                for report in reports:
                    con.execute("UPDATE reports SET sealed = X'', language = NULL, "
                                "state = 'purged', purged_on = ?, purge_rule = ? "
                                "WHERE report_id = ?",
                                [day, report.rule, report.report_id])
                    con.execute("UPDATE report_files SET label = '' WHERE report_id = ?",
                                [report.report_id])
                    con.execute("DELETE FROM report_messages WHERE report_id = ?",
                                [report.report_id])
                con.execute("INSERT INTO purge_log VALUES (?, ?, ?, ?)",
                            [datetime.now(UTC).isoformat(timespec="seconds"), actor,
                             len(reports), json.dumps([r.report_id for r in reports])])
        if dry_run:
            return Purge(day, reports, True, False)
        self._unlink_purged_files()
        busy = self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            log.warning("the intake store's WAL could not be truncated after a purge (a "
                        "reader kept it); the next purge retries")
        return Purge(day, reports, False, not busy)

    def _unlink_purged_files(self) -> None:
        """Remove the sealed files of every purged report (also those a purge interrupted
        after its commit left behind)."""
        purged = {str(r[0]) for r in self._connection().execute(
            "SELECT report_id FROM reports WHERE purged_on IS NOT NULL").fetchall()}
        for path in (self.folder / FILES_DIR).iterdir():
            if path.name.rsplit("-", 1)[0] in purged:
                path.unlink(missing_ok=True)

    def purges(self) -> list[dict[str, Any]]:
        """The purge log: when, by whom (the portal on start and daily, or a member),
        how many reports, which."""
        with self._connect() as con:
            return [{"run_at": t, "actor": a, "reports": n, "report_ids": json.loads(ids)}
                    for t, a, n, ids in con.execute(
                        "SELECT run_at, actor, reports, report_ids FROM purge_log "
                        "ORDER BY run_at").fetchall()]

    def hold(self, report_id: str, actor: str, reason: str) -> None:
        """Keep report ``report_id`` past its retention day, while under analysis: the
        purge skips it until :meth:`release` (by ``actor``, for ``reason``)."""
        if not reason.strip():
            raise TnocError("a hold needs a reason (the analysis it is kept for)")
        with self._connect() as con:
            self._refuse_purged(con, report_id)
            changed = con.execute(
                "UPDATE reports SET held_by = ?, held_on = ?, held_reason = ? "
                "WHERE report_id = ?", [actor, _today(), reason.strip(), report_id]).rowcount
        if not changed:
            raise TnocError(f"no report {report_id} in the intake store")

    def release(self, report_id: str) -> None:
        """Lift the hold of report ``report_id``: the purge deletes it once past its
        retention day."""
        with self._connect() as con:
            row = con.execute("SELECT held_reason FROM reports WHERE report_id = ?",
                              [report_id]).fetchone()
            if row is None:
                raise TnocError(f"no report {report_id} in the intake store")
            if row[0] is None:
                raise TnocError(f"report {report_id} is not held")
            con.execute("UPDATE reports SET held_by = NULL, held_on = NULL, "
                        "held_reason = NULL WHERE report_id = ?", [report_id])


class PurgeTimer:
    """The retention timer of a process serving an intake store (the portal, the
    workspace): :meth:`start` purges at once, then every ``interval`` seconds (a day) in
    a daemon thread until :meth:`stop`. Each run is logged in the store's ``purge_log``
    under ``actor``; a failed run logs the error's type only (its message could quote
    the store) and the next one retries."""

    def __init__(self, store: IntakeStore, actor: str, interval: float = 86400.0) -> None:
        self.store = store
        self.actor = actor
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self, when: str) -> Purge | None:
        """One purge, logged as ``ACTOR (WHEN)``; None if it failed."""
        try:
            done = self.store.purge(f"{self.actor} ({when})")
        except Exception as error:  # the server keeps serving; the next run retries
            log.error("the retention purge failed (%s)", type(error).__name__)
            return None
        if done.reports:
            log.info("retention: %d reports purged", len(done.reports))
        return done

    def start(self) -> Purge | None:
        """Purge now (before serving), then daily; the first run's result."""
        first = self.run("on start")
        self._thread = threading.Thread(target=self._daily, name="intake-purge",
                                        daemon=True)
        self._thread.start()
        return first

    def _daily(self) -> None:
        while not self._stop.wait(self.interval):
            self.run("daily")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
