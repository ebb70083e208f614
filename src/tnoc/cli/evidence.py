"""``tnoc verify``, ``tnoc bundle`` and ``tnoc custody``: the chain of custody (thin:
parse, call :mod:`tnoc.evidence`, print)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tnoc.cli.common import (
    AllOpt,
    CaseOpt,
    Column,
    CsvOpt,
    ForceOpt,
    Format,
    JsonOpt,
    Listing,
    _open,
    _progress,
    command_group,
    console,
    cut,
    err,
    limit_option,
    output_format,
    print_listing,
    row_limit,
    safe_markup,
    service,
)
from tnoc.errors import TnocError

custody_app = command_group(
    help="The custody ledger: read it, record physical handling (sealed, transferred, "
         "received, returned, destroyed...), sign a checkpoint. Intake, analyses, exports "
         "and reports are recorded by TNOC itself.",
    no_args_is_help=True)

SECONDS = "%Y-%m-%d %H:%M:%S %Z"
"""How the custody tables show a time: to the second, with its zone ('UTC'); --json and
--csv give the recorded ISO 8601 text, fractions of a second included."""

CaseArg = Annotated[Path, typer.Argument(
    envvar="TNOC_CASE", help="Case directory (or set TNOC_CASE).", show_default=True)]


def verify(
    case: CaseArg = Path("."),
    workers: Annotated[int, typer.Option(help="Processes for large ledgers.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    no_record: Annotated[bool, typer.Option(
        "--no-record", help="Check and show, but write no 'verified' entry and no "
                            "checkpoint (a copy you must not change). Without it, a key "
                            "the case has not registered gets the same, with a warning.")
                         ] = False,
) -> None:
    """Re-hash every exhibit and walk the whole custody ledger: hash chain, Ed25519
    signatures, Merkle checkpoints; recompute every source's seal, so that an edited
    statement or source record (TLP, collector, legal basis), an inserted or deleted
    source or statement is named by file, entity and property. Any edit, insertion,
    deletion or reordering is found and the first bad entry named. Every entry's key
    must have been registered by a ledger entry before it; the key ids that signed are
    listed. Checkpoints are also kept in CASE/ledger/checkpoints.jsonl, so a tail
    deleted together with its checkpoint rows is named. The outcome (pass or fail) is
    itself recorded, and a clean run ends with a signed checkpoint, unless --no-record
    is given or your key is not registered in the case (then it is only shown, with a
    warning saying how to register it). Exits 1 when anything fails, whether recorded
    or not."""
    from tnoc.ledger.keys import public_keys

    with _progress() as progress:
        task = progress.add_task("verifying")
        result = service(case).verify(record=not no_record, workers=workers,
                                      progress=lambda m: progress.update(task,
                                                                         description=m))
    summary = result.summary()
    summary["recorded"] = not no_record and result.not_recorded is None
    summary["not_recorded"] = result.not_recorded
    if result.not_recorded:
        err.print(f"warning: {result.not_recorded}", highlight=False, markup=False,
                  soft_wrap=True)  # the command in it stays on one line to copy
    if as_json:
        console.print_json(json.dumps(summary))
    else:
        table = Table("checked", "count", title=f"Verification of {case}")
        table.add_row("exhibits re-hashed", f"{result.exhibits:,}")
        table.add_row("kept documents re-hashed (DPIA)", f"{result.documents:,}")
        table.add_row("sources whose statements and record hold their seal",
                      f"{result.sealed:,}")
        table.add_row("ledger entries (chain + signature)", f"{result.events:,}")
        table.add_row("Merkle checkpoints", f"{result.checkpoints:,}")
        table.add_row("RFC 3161 time-stamp tokens", f"{len(result.timestamps):,}")
        if result.held_files:
            table.add_row("held files re-hashed (CASE/held: statements, their seals' "
                          "digests, references checked against them)",
                          f"{result.held_files:,}")
        if result.lake_files is not None:
            table.add_row("lake files re-hashed (CASE/lake, for Spark)",
                          f"{result.lake_files:,}")
        console.print(table)
        for stamp in result.timestamps:
            console.print(f"  checkpoint at {stamp.size:,} entries: time-stamped "
                          f"{stamp.gen_time.isoformat() if stamp.gen_time else '?'} by "
                          f"{stamp.tsa}: {stamp.message}", highlight=False)
        if result.keys:
            with _open(case).connect(read_only=True) as con:
                owners = {k: o for k, (o, _raw) in public_keys(con).items()}
            console.print("  signed by keys: " + "; ".join(
                f"{kid} ({owners.get(kid, 'unregistered')}, {count:,} entries)"
                for kid, count in sorted(result.keys.items())), highlight=False,
                markup=False)
        for warning in result.warnings:
            console.print(f"  warning: {warning}", highlight=False, markup=False)
        if result.ok:
            console.print("[green]PASSED[/]: every exhibit, entry, signature and checkpoint "
                          "holds" + (" (recorded in the ledger)." if summary["recorded"]
                                     else " (not recorded)."), markup=True)
        else:
            first = result.first_bad
            console.print(f"[red]FAILED[/]: {len(result.problems)} problem(s); first: "
                          f"{safe_markup(first)}", highlight=False, markup=True)
            for problem in result.problems[1:20]:
                console.print(f"  also: {problem}", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


def bundle(
    case: CaseArg = Path("."),
    exhibits: Annotated[list[str] | None, typer.Option(
        "--exhibits", "-e", help="Exhibit to include: source id, sha256 prefix or file name "
                                 "(repeatable; default: every file taken in).")] = None,
    out: Annotated[Path | None, typer.Option(
        help="Zip to write (default: CASE/reports/bundle-<time>.zip).")] = None,
    report: Annotated[list[Path] | None, typer.Option(
        help="Report to include (repeatable; default: the case's reports/*.pdf).")] = None,
    no_reports: Annotated[bool, typer.Option("--no-reports", help="Include no report.")
                          ] = False,
    reason: Annotated[str, typer.Option(
        help="Why the bundle is made (the purpose of its 'exported' ledger entry; the "
             "session's --purpose names the case's open purpose).")] = "court bundle",
    authority: Annotated[str | None, typer.Option(
        help="Legal authority for the disclosure (recorded).")] = None,
    force: ForceOpt = False,
) -> None:
    """Write a court bundle: the exhibits, a manifest of hashes, the custody log (JSON
    lines and CASE/UCO), the public keys, Merkle checkpoints and proofs, the report, a
    README with plain-language instructions and verify_bundle.py, which checks it all with
    Python's standard library alone (or sha256sum -c SHA256SUMS)."""
    from datetime import UTC, datetime

    from tnoc.evidence.bundle import write_bundle

    if out is not None:  # the default, in the case's reports/, is always a new name
        from tnoc.safe_write import check_output

        check_output(out, force, "court bundle")
    opened = _open(case)
    target = out or opened.reports / f"bundle-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.zip"
    with _progress() as progress:
        task = progress.add_task("bundle")
        result = write_bundle(opened, target, exhibits or (), [] if no_reports else report,
                              reason, authority,
                              lambda m: progress.update(task, description=m))
    console.print(f"wrote {result.path}: {result.exhibits} exhibit(s), "
                  f"{result.entries:,} ledger entries, reports: "
                  f"{', '.join(result.reports) or 'none'}")
    console.print(f"sha256 {result.sha256} (recorded as an 'exported' ledger entry)")
    console.print("check it anywhere with: unzip the bundle, then python3 verify_bundle.py")


@custody_app.command("log")
def custody_log(
    case: CaseOpt = Path("."),
    item: Annotated[str | None, typer.Option(help="Only entries about this item.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Only this event type.")
                          ] = None,
    last: Annotated[int | None, typer.Option(
        "--last", "--limit", min=0, show_default=False,
        help="The last N entries (default 50; 0 or --all: every one). --json and --csv "
             "give every one unless this is given.")] = None,
    all_rows: AllOpt = False,
    as_json: Annotated[bool, typer.Option(
        "--json", help="One JSON document: every field of every entry (details as an "
                       "object) and how many there are.")] = False,
    as_csv: Annotated[bool, typer.Option(
        "--csv", help="CSV on standard output: every field, details as JSON text.")
                      ] = False,
) -> None:
    """The custody ledger, oldest first: who did what to which item, when and why; the
    last 50 entries unless --last or --all says otherwise. On a terminal long items and
    purposes are cut to fit ("…"); on a pipe, in --json and --csv every value is whole."""
    from dataclasses import asdict
    from datetime import datetime

    from tnoc.ledger.custody import produced, read_ledger

    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con:
        entries = read_ledger(con, item, event_type)
    limit = row_limit(last, all_rows, 50, fmt)
    shown = entries if limit is None else entries[len(entries) - limit:]
    what = "entries" if len(shown) == len(entries) else "entries (the newest)"
    if fmt is Format.TABLE:
        listing = Listing(
            [Column("#", count=False),
             Column("when", fmt=SECONDS, width=29), "event", Column("item", width=28),
             "actor", Column("purpose / method", width=40), "files written / results stored",
             Column("entry hash", width=13), Column("key id", width=13)],
            [(e.seq, datetime.fromisoformat(e.event.occurred_at), e.event.event_type,
              e.event.item_id or "",
              e.event.actor, e.event.purpose or e.event.method or "", produced(e.event),
              e.entry_hash, e.key_id or "") for e in shown], total=len(entries), what=what)
    else:
        fields = list(asdict(shown[0].event)) if shown else []
        listing = Listing(
            ["seq", *fields, "produced", "entry_hash", "key_id"],
            [(e.seq, *(v if fmt is Format.JSON or not isinstance(v, dict)
                       else json.dumps(v, ensure_ascii=False, sort_keys=True)
                       for v in asdict(e.event).values()),
              produced(e.event), e.entry_hash, e.key_id) for e in shown],
            total=len(entries), what=what)
    print_listing(listing, fmt)


@custody_app.command("record")
def custody_record(
    event_type: Annotated[str, typer.Argument(
        help="acquired, sealed, transferred, received, accessed, copied, analysed, exported, "
             "disclosed, returned, destroyed or verified.")],
    item: Annotated[str, typer.Argument(help="The item: a source id, exhibit or bag number.")],
    case: CaseOpt = Path("."),
    sha256: Annotated[str | None, typer.Option(help="The item's SHA-256, if digital.")] = None,
    actor: Annotated[str | None, typer.Option(help="Who did it (default: you).")] = None,
    role: Annotated[str | None, typer.Option(help="e.g. exhibits officer.")] = None,
    organisation: Annotated[str | None, typer.Option(help="e.g. the unit or lab.")] = None,
    place: Annotated[str | None, typer.Option(help="Where it happened.")] = None,
    reason: Annotated[str | None, typer.Option(
        help="Why it happened (the entry's purpose).")] = None,
    authority: Annotated[str | None, typer.Option(help="Legal authority (warrant, order).")
                         ] = None,
    method: Annotated[str | None, typer.Option(help="How (tool, seal number, courier).")
                      ] = None,
    occurred_at: Annotated[str | None, typer.Option(
        help="When, ISO 8601 with zone (default: now, from this machine's clock).")] = None,
    clock_source: Annotated[str | None, typer.Option(
        help="Where the time comes from, e.g. 'witness's watch'.")] = None,
    recipient: Annotated[str | None, typer.Option(
        help="To whom (transferred, disclosed, returned).")] = None,
) -> None:
    """Record a handling event the software cannot see (sealing, transfer to a lab,
    disclosure abroad, return, destruction), signed with your key."""
    from datetime import datetime

    from tnoc.ledger.custody import CustodyEvent, record_event

    event = CustodyEvent(event_type, item, sha256, role=role, organisation=organisation,
                         place=place, purpose=reason, legal_authority=authority,
                         method=method, details={"recipient": recipient} if recipient else {})
    if actor:
        event.actor = actor
    if occurred_at:
        try:
            when = datetime.fromisoformat(occurred_at)
        except ValueError as exc:
            raise TnocError(f"--occurred-at {occurred_at!r} is not an ISO 8601 time "
                            "(expected e.g. 2026-11-20T14:05:00+00:00)") from exc
        if when.tzinfo is None:
            raise TnocError(f"--occurred-at {occurred_at!r} has no time zone (expected "
                            "e.g. 2026-11-20T14:05:00+00:00)")
        event.occurred_at = when.isoformat()
        event.clock_source = clock_source or "stated by the recorder"
    elif clock_source:
        event.clock_source = clock_source
    with _open(case).transaction() as con:
        entry = record_event(con, event)
    console.print(f"recorded {event_type} of {item}: entry hash {entry}")


@custody_app.command("checkpoint")
def custody_checkpoint(case: CaseOpt = Path(".")) -> None:
    """Sign a Merkle checkpoint over the whole ledger now (print its root to hand over
    or lodge elsewhere: later tampering with any entry before it is then provable)."""
    from tnoc.ledger.checkpoints import keep_checkpoint, make_checkpoint

    opened = _open(case)
    with opened.transaction() as con:
        point = make_checkpoint(con)
    keep_checkpoint(opened.root, point)
    if point is None:
        err.print("nothing to do: the ledger is empty or already checkpointed at its size")
        return
    console.print(f"checkpoint at {point.size:,} entries: Merkle root {point.root} "
                  f"(signed by key {point.key_id})")


@custody_app.command("timestamp")
def custody_timestamp(
    tsa: Annotated[str, typer.Option(
        envvar="TNOC_TSA_URL", help="The time-stamping authority's RFC 3161 HTTP address "
                                    "(or set TNOC_TSA_URL).")],
    tsa_ca: Annotated[Path, typer.Option(
        envvar="TNOC_TSA_CA", exists=True, dir_okay=False,
        help="PEM file with the CA certificate(s) the TSA's certificate chains to "
             "(or set TNOC_TSA_CA); kept with the token so it can be checked offline.")],
    case: CaseOpt = Path("."),
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the TSA.")] = 30.0,
) -> None:
    """Sign a checkpoint over the whole ledger (unless there is one at its size) and
    have an independent time-stamping authority countersign it (RFC 3161): the ledger
    then provably existed, as it is, no later than the TSA's time. Only the checkpoint's
    SHA-256 is sent. The reply is checked (nonce, imprint, signature, chain) before it is
    stored; 'tnoc verify' re-checks it and 'tnoc bundle' ships it."""
    from tnoc.evidence.timestamps import timestamp_checkpoint
    from tnoc.ledger.checkpoints import keep_checkpoint, make_checkpoint

    opened = _open(case)
    with opened.transaction() as con:
        point = make_checkpoint(con)
        stamp = timestamp_checkpoint(con, tsa, tsa_ca.read_bytes(), timeout=timeout)
    keep_checkpoint(opened.root, point)
    console.print(f"checkpoint at {stamp.size:,} entries time-stamped "
                  f"{stamp.gen_time.isoformat() if stamp.gen_time else '?'} by {stamp.tsa} "
                  f"({stamp.message})", highlight=False)


@custody_app.command("register-key")
def custody_register_key(
    owner: Annotated[str, typer.Argument(help="Whose key: the name the ledger shows.")],
    public_key: Annotated[str, typer.Argument(
        help="Their Ed25519 public key, 64 hex digits: the one printed by the error they "
             "got, or by 'tnoc custody my-key' on their machine.")],
    case: CaseOpt = Path("."),
) -> None:
    """Let another operator sign this case: register their public key, recorded as a
    'key-registered' ledger entry signed with your key (which must be registered). No
    key is ever registered silently: an operator whose key (TNOC_KEYS folder) the case
    does not know gets an error naming it until this is run. A key an earlier tnoc
    version put in the case without a ledger entry (so that 'tnoc verify' fails on its
    entries) is adopted the same way: the entry is marked 'adopted'."""
    from tnoc.ledger.custody import key_adopted, register_operator_key

    with _open(case).transaction() as con:
        kid = register_operator_key(con, owner, public_key)
        adopted = key_adopted(con, kid)
    what = ("adopted key {kid} for {owner}, registered by an earlier tnoc version: "
            "'tnoc verify' now accepts its earlier entries with a warning"
            if adopted else "registered key {kid} for {owner}")
    console.print(what.format(kid=kid, owner=owner) + " (recorded in the ledger)",
                  highlight=False, markup=False)


@custody_app.command("my-key")
def custody_my_key() -> None:
    """Your own signing key (from TNOC_KEYS, created on first use): its key id and the
    public key to give whoever registers you in a case ('tnoc custody register-key')."""
    from tnoc.ledger.keys import key_folder, signer

    key = signer()
    console.print(f"owner {key.owner}\nkey id {key.key_id}\npublic key "
                  f"{key.public_raw.hex()}\nkept in {key_folder()}", highlight=False,
                  markup=False)


@custody_app.command("keys")
def custody_keys(
    case: CaseOpt = Path("."),
    limit: Annotated[int | None, limit_option(50, "Keys", "--limit")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The public keys that signed this case's ledger, oldest first, with their owners
    and how many entries each signed (key ids whole on a pipe, in --json and --csv)."""
    from datetime import datetime

    from tnoc.ledger.keys import key_use

    with _open(case).connect(read_only=True) as con:
        rows = key_use(con)
    fmt = output_format(as_json, as_csv)
    shown, total = cut(rows, row_limit(limit, all_rows, 50, fmt))
    print_listing(Listing([Column("key id", width=32), "owner",
                           Column("registered", fmt=SECONDS, width=29), "entries signed"],
                          [(key, owner, registered if fmt is not Format.TABLE
                            else datetime.fromisoformat(registered), count)
                           for key, owner, registered, count in shown],
                          total=total, what="keys"), fmt)


def register(app: typer.Typer) -> None:
    """Add the custody commands to the main app."""
    app.command()(verify)
    app.command()(bundle)
    app.add_typer(custody_app, name="custody")
