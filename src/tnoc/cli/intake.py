"""``tnoc intake``: the citizen reports the reporting portal (``tnoc portal``) took in,
triaged and taken into a case (thin: parse, call :mod:`tnoc.service`, print)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tnoc.cli.common import (
    CaseOpt,
    Column,
    CsvOpt,
    Format,
    JsonOpt,
    Listing,
    command_group,
    console,
    emit_json,
    output_format,
    print_listing,
    service,
)

intake_app = command_group(
    help="Citizen reports from the reporting portal's intake store: the triage queue, "
         "a report opened with the intake key, taken into a case (statements, exhibits, "
         "screening), replies the reporter reads with their receipt.",
    no_args_is_help=True)

StoreArg = Annotated[Path, typer.Argument(
    help="The portal's data folder (its intake store), as 'tnoc portal' was started with.")]
ReportArg = Annotated[str, typer.Argument(help="The report's id (CR-...), from the queue.")]


@intake_app.command("queue")
def intake_queue(store: StoreArg, case: CaseOpt = Path("."),
                 state: Annotated[str, typer.Option(
                     help="new, assigned, purged (tombstones) or all.")] = "new",
                 as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """The triage queue: reports most urgent first, then oldest (only what is in clear:
    kind, urgency, day, how many identifiers and files)."""
    fmt = output_format(as_json, as_csv)
    rows = service(case).intake_queue(store, None if state == "all" else state)
    print_listing(Listing(
        ["report_id", "kind", "urgency", Column("received", "received_on"), "identifiers",
         "files", "state", Column("case", "case_id"), Column("kept until", "retain_until"),
         Column("held", "held_reason")],
        [list(r.values()) for r in rows], what="reports",
        title=f"{len(rows):,} reports ({state})" if fmt is Format.TABLE else None), fmt)


@intake_app.command("show")
def intake_show(store: StoreArg, report: ReportArg, case: CaseOpt = Path("."),
                as_json: JsonOpt = False) -> None:
    """One report opened with the intake key (this machine's key folder): what the
    reporter said, the identifiers they typed, their files with hashes."""
    opened = service(case).intake_report(store, report)
    if as_json:
        emit_json({"report": opened.clear, "details": opened.details,
                   "additions": opened.additions,
                   "files": [f.__dict__ for f in opened.files]})
        return
    c = opened.clear
    console.print(f"{c['report_id']}: {c['kind']} ({c['urgency']}), received "
                  f"{c['received_on']}, {c['state']}", markup=False, highlight=False)
    console.print(str(opened.details.get("narrative") or ""), markup=False,
                  highlight=False)
    print_listing(Listing(["kind", "value", "as typed", "detail"],
                          [[i["kind"], i["value"], i["as_typed"], i.get("detail")]
                           for i in opened.identifiers()], what="identifiers"),
                  Format.TABLE)
    print_listing(Listing(["file", "type", "bytes", "sha256", "removed from the copy"],
                          [[f.label, f.media_type, f.size, f.sha256, ", ".join(f.removed)]
                           for f in opened.files], what="files"), Format.TABLE)


@intake_app.command("take")
def intake_take(store: StoreArg, report: ReportArg, case: CaseOpt = Path("."),
                retain_days: Annotated[int, typer.Option(
                    min=1, help="Days the intake store keeps the report after this.")] = 365,
                tlp: Annotated[str, typer.Option(
                    help="Handling code of the report in the case.")] = "TLP:AMBER",
                as_json: JsonOpt = False) -> None:
    """Take a report into the case: statements (source = the report, legal basis =
    citizen report), its files as exhibits with the receipt's hashes, then screened
    against the case's lists (a sanctioned wallet shows its hit here)."""
    taken = service(case).take_report(store, report, retain_days, tlp)
    if as_json:
        emit_json({"report": taken.report_id, "source": taken.ingest.source_id,
                   "statements": taken.ingest.statements, "files": taken.file_hashes,
                   "hits": taken.hits, "retain_until": taken.retain_until})
        return
    console.print(f"{taken.report_id} taken as source {taken.ingest.source_id}: "
                  f"{taken.ingest.statements:,} statements, {len(taken.file_hashes)} files "
                  f"recorded as exhibits; kept in the intake store until "
                  f"{taken.retain_until}", markup=False, highlight=False)
    if taken.hits:
        print_listing(Listing(["subject", "listed as", "list", Column("score", fmt=".2f"),
                               "reason"],
                              [[h["subject"], h["listed_as"], h["list"], h["score"],
                                h["reason"]] for h in taken.hits], what="hits",
                              title="on the case's lists"), Format.TABLE)


@intake_app.command("reply")
def intake_reply(store: StoreArg, report: ReportArg,
                 text: Annotated[str, typer.Argument(help="The reply (the reporter reads "
                                                          "it with their receipt).")],
                 case: CaseOpt = Path(".")) -> None:
    """Reply to a report's reporter."""
    service(case).intake_reply(store, report, text)
    console.print(f"reply stored for {report}", markup=False, highlight=False)


@intake_app.command("purge")
def intake_purge(store: StoreArg, case: CaseOpt = Path("."),
                 dry_run: Annotated[bool, typer.Option(
                     "--dry-run", help="List what is due without deleting it.")] = False,
                 as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Purge the reports past their retention day (not held): what the reporter said,
    the files and the replies deleted, the bytes overwritten; a tombstone keeps the
    receipt's hash, kind, dates and the files' SHA-256. The portal does this itself on
    start and daily; supervisors only."""
    fmt = output_format(as_json, as_csv)
    done = service(case).intake_purge(store, dry_run)
    # what each report is now: purged (a tombstone) after a purge, as it was in a dry run
    rows = [[r.report_id, r.kind, r.received_on, r.state if dry_run else "purged",
             r.case_id, r.retain_until, len(r.file_sha256), ", ".join(r.file_sha256),
             r.rule] for r in done.reports]
    verb = "due (dry run, nothing deleted)" if dry_run else f"purged on {done.day}"
    print_listing(Listing(
        ["report_id", "kind", Column("received", "received_on"), "state",
         Column("case", "case_id"), Column("kept until", "retain_until"), "files",
         Column("files' sha256", "file_sha256"), "rule"],
        rows, what="reports", title=f"{len(rows):,} reports {verb}"
        if fmt is Format.TABLE else None), fmt)
    if not dry_run and not done.checkpointed and fmt is Format.TABLE:
        console.print("The store's WAL was kept by a reader (the portal?); the next purge "
                      "truncates it.", markup=False, highlight=False)


@intake_app.command("hold")
def intake_hold(store: StoreArg, report: ReportArg,
                reason: Annotated[str, typer.Option(
                    help="The analysis the report is kept for.")],
                case: CaseOpt = Path(".")) -> None:
    """Keep a report past its retention day while it is analysed (supervisors); the
    purge skips it until 'tnoc intake release'."""
    service(case).intake_hold(store, report, reason)
    console.print(f"{report} held: the purge skips it until released", markup=False,
                  highlight=False)


@intake_app.command("release")
def intake_release(store: StoreArg, report: ReportArg, case: CaseOpt = Path(".")) -> None:
    """Lift a report's hold: the next purge deletes it if past its retention day."""
    service(case).intake_release(store, report)
    console.print(f"{report} released: purged once past its retention day", markup=False,
                  highlight=False)


@intake_app.command("key")
def intake_key_command(portal: Annotated[Path | None, typer.Option(
        help="A portal data folder to write the public key to (intake.public).")] = None
                       ) -> None:
    """Print the intake's public key (created in this machine's key folder on first
    use); with --portal, write it where 'tnoc portal' reads it. The private key never
    leaves the key folder: only this side opens what the portal sealed."""
    from tnoc.intake.sealing import PUBLIC_FILE, intake_key
    from tnoc.ledger.keys import key_folder

    public = intake_key(key_folder()).public.hex()
    if portal is not None:
        portal.mkdir(parents=True, exist_ok=True)
        (portal / PUBLIC_FILE).write_text(public + "\n", encoding="ascii")
        console.print(f"wrote {portal / PUBLIC_FILE}", markup=False, highlight=False)
    console.print(public, markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(intake_app, name="intake")
