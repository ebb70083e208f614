"""``tnoc users`` and ``tnoc audit``: the members of a case and the record of who did
what in it (thin: parse, call :mod:`tnoc.service`, print). See docs/governance.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tnoc.cli.common import (
    AllOpt,
    CaseOpt,
    Column,
    CsvOpt,
    Format,
    JsonOpt,
    Listing,
    command_group,
    console,
    cut,
    emit_json,
    limit_option,
    output_format,
    print_listing,
    row_limit,
    service,
)

users_app = command_group(
    help="The members of a case: who may act in it, in which role (analyst, supervisor, "
         "auditor, researcher, intake, admin), cleared to which handling code. A case "
         "with members is governed: every command then needs a member, and commands "
         "reading personal data an open purpose ('tnoc purpose open', then --purpose REF).",
    no_args_is_help=True)


@users_app.command("add")
def users_add(
    user: Annotated[str, typer.Argument(help="The TNOC user name.")],
    role: Annotated[str, typer.Option(
        help="analyst, supervisor, auditor, researcher, intake or admin "
             "('tnoc users roles' says what each may do).")],
    case: CaseOpt = Path("."),
    clearance: Annotated[str, typer.Option(
        help="The strictest handling code the member may see in this case.")] = "TLP:AMBER",
    key: Annotated[str | None, typer.Option(
        help="The member's public signing key in hex, as 'tnoc custody my-key' prints it "
             "for them (not needed for yourself, or when their key is registered).")] = None,
) -> None:
    """Add a member to the case, or change their role or clearance (admins only; the
    first member added makes the case governed, and you its first admin). Recorded in
    the custody ledger.

    Example: tnoc users add alice --role analyst --clearance TLP:RED --key 3f9c... -c CASE"""
    record = service(case).add_member(user, role, clearance, key)
    console.print(f"{record.user}: {record.role.value}, cleared to {record.clearance}, "
                  f"key {record.key_id} (recorded in the ledger)", highlight=False)


@users_app.command("remove")
def users_remove(user: Annotated[str, typer.Argument(help="The member to remove.")],
                 case: CaseOpt = Path(".")) -> None:
    """Remove a member from the case (admins only; recorded in the ledger)."""
    service(case).remove_member(user)
    console.print(f"{user} removed (recorded in the ledger)", highlight=False)


@users_app.command("password")
def users_password(
    user: Annotated[str, typer.Argument(help="The member (you, or anyone for an admin).")],
    case: CaseOpt = Path("."),
    password: Annotated[str, typer.Option(
        prompt=True, hide_input=True, confirmation_prompt=True,
        help="Asked for, hidden, twice (or TNOC_PASSWORD for scripts).",
        envvar="TNOC_PASSWORD")] = "",
) -> None:
    """Set a member's password for the web workspace (kept as an Argon2id hash, never the
    password; recorded in the ledger). Members set their own; admins anyone's."""
    service(case).set_password(user, password)
    console.print(f"password set for {user} (recorded in the ledger)", highlight=False)


@users_app.command("list")
def users_list(case: CaseOpt = Path("."), as_json: JsonOpt = False,
               as_csv: CsvOpt = False) -> None:
    """The members of the case with role, clearance, key and who added them."""
    fmt = output_format(as_json, as_csv)
    rows = service(case).members()
    if not rows and fmt is Format.TABLE:
        console.print("No members: this case is not governed (whoever holds a registered "
                      "key owns it). 'tnoc users add' makes it governed.")
        return
    print_listing(Listing(
        ["user", "role", "clearance", Column("key id", width=32), "added by", "added at"],
        [(m.user, m.role.value, m.clearance, m.key_id, m.added_by, m.added_at)
         for m in rows], what="members"), fmt)


@users_app.command("roles")
def users_roles(as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """What each role may do: every operation with its kind of processing (EU LED art.
    25: collect, alter, consult, disclose, combine, erase) and the roles allowed."""
    from tnoc.govern.policy import OPERATIONS, Role

    roles = [r for r in Role if r is not Role.OWNER]
    print_listing(Listing(
        ["operation", "act", "personal data", *[r.value for r in roles], "what"],
        [(op.name, op.act.value, op.personal, *[r in op.roles for r in roles], op.doc)
         for op in OPERATIONS.values()], what="operations"),
        output_format(as_json, as_csv))


purpose_app = command_group(
    help="The purposes of a case (EU LED art. 4(1)(b), art. 8): a reference and its "
         "justification, opened and closed by a supervisor, each change signed in the "
         "custody ledger. In a governed case, commands reading personal data name an "
         "open purpose: --purpose REF.", no_args_is_help=True)


@purpose_app.command("open")
def purpose_open(
    reference: Annotated[str, typer.Argument(
        help="The reference members will give with --purpose: the operation or request "
             "number, one word (e.g. OP-2026-17).")],
    justification: Annotated[str, typer.Option(
        help="Why the case's personal data must be consulted for it (recorded with every "
             "operation that names the purpose).")],
    case: CaseOpt = Path("."),
    until: Annotated[str | None, typer.Option(
        metavar="DATE", help="The last day it may be named (YYYY-MM-DD, UTC); default: "
                             "until closed.")] = None,
) -> None:
    """Open a purpose of the case (supervisors; recorded in the custody ledger).

    Example: tnoc purpose open OP-2026-17 --justification "identify the callers' phones
    (warrant 17/2026)" --until 2026-12-31 -c CASE"""
    record = service(case).open_purpose(reference, justification, until)
    console.print(f"purpose {record.reference} opened by {record.opened_by}"
                  + (f", until {record.until}" if record.until else ", until closed")
                  + " (recorded in the ledger); name it with --purpose "
                  + record.reference, highlight=False)


@purpose_app.command("close")
def purpose_close(
    reference: Annotated[str, typer.Argument(help="The open purpose to close.")],
    case: CaseOpt = Path("."),
) -> None:
    """Close a purpose (supervisors; recorded): no operation may name it any more."""
    record = service(case).close_purpose(reference)
    console.print(f"purpose {record.reference} closed by {record.closed_by} "
                  "(recorded in the ledger)", highlight=False)


@purpose_app.command("list")
def purpose_list(case: CaseOpt = Path("."), as_json: JsonOpt = False,
                 as_csv: CsvOpt = False) -> None:
    """The purposes of the case: reference, state (open, closed, expired),
    justification, end date, who opened and closed them."""
    fmt = output_format(as_json, as_csv)
    rows = service(case).purposes()
    if not rows and fmt is Format.TABLE:
        console.print("No purposes: a supervisor opens one with 'tnoc purpose open REF "
                      "--justification TEXT'.")
        return
    print_listing(Listing(
        ["reference", "state", Column("justification", width=50), "until", "opened by",
         "opened at", "closed by", "closed at"],
        [(p.reference, p.state(), p.justification, p.until, p.opened_by, p.opened_at,
          p.closed_by, p.closed_at) for p in rows], what="purposes"), fmt)


release_app = command_group(
    help="Releases of compartmented values (the identity of a citizen who reported a "
         "crime): one member asks with a reason, a different supervisor approves "
         "(four-eyes); each step is signed in the custody ledger and audited. See "
         "docs/governance.md, 'The reporter compartment'.", no_args_is_help=True)


@release_app.command("request")
def release_request(
    entity: Annotated[str, typer.Argument(
        help="The compartmented entity (the reporter's id, e.g. reporter-CR-2026-0001).")],
    reason: Annotated[str, typer.Option(help="Why the identity is needed (recorded).")],
    case: CaseOpt = Path("."),
) -> None:
    """Ask to see a reporter's identity; nothing is released until a second person
    approves (tnoc release approve RELEASE)."""
    found = service(case).request_release(entity, reason)
    console.print(f"release {found.release_id} requested by {found.requested_by} for "
                  f"{found.entity_id} (recorded); a different supervisor approves it with "
                  f"'tnoc release approve {found.release_id} --reason TEXT'",
                  markup=False, highlight=False)


@release_app.command("approve")
def release_approve(
    release: Annotated[str, typer.Argument(help="The release id 'release request' gave.")],
    reason: Annotated[str, typer.Option(help="Why it is approved (recorded).")],
    until: Annotated[str | None, typer.Option(
        help="Last day the release is in force (YYYY-MM-DD, UTC).")] = None,
    case: CaseOpt = Path("."),
) -> None:
    """Approve another member's request (supervisors; never one's own): the requester
    then sees that reporter's values, no one else."""
    found = service(case).approve_release(release, reason, until)
    console.print(f"release {found.release_id} approved by {found.approved_by}: "
                  f"{found.requested_by} may see {found.entity_id}"
                  + (f" until {found.until}" if found.until else "") + " (recorded)",
                  markup=False, highlight=False)


@release_app.command("list")
def release_list(case: CaseOpt = Path("."), as_json: JsonOpt = False,
                 as_csv: CsvOpt = False) -> None:
    """Every release: entity, state (requested, in force, ended), who asked and why,
    who approved and why, until when."""
    fmt = output_format(as_json, as_csv)
    rows = [r.as_row() for r in service(case).releases()]
    keys = ("release", "entity", "compartment", "state", "requested_by", "reason",
            "approved_by", "approval_reason", "until")
    print_listing(Listing(
        ["release", "entity", "compartment", "state", "requested by",
         Column("reason", width=40), "approved by", Column("approval reason", width=40),
         "until"], [tuple(r[k] for k in keys) for r in rows], what="releases"), fmt)


def audit(
    case: CaseOpt = Path("."),
    entity: Annotated[list[str] | None, typer.Option(
        "--entity", help="Only records naming this entity (id or name; repeatable): "
                         "who consulted it.")] = None,
    user: Annotated[str | None, typer.Option(
        "--user", help="Only what this user did.")] = None,
    since: Annotated[str | None, typer.Option(
        help="From this date or time (ISO 8601, UTC), e.g. 2026-11-01.")] = None,
    until: Annotated[str | None, typer.Option(
        help="Up to this date (inclusive) or time (ISO 8601, UTC).")] = None,
    denied: Annotated[bool, typer.Option(
        "--denied", help="Only refused attempts.")] = False,
    limit: Annotated[int | None, limit_option(100, "Records")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The audit trail (auditors only): one record per operation on the case, allowed
    or denied, with time (UTC), user, role, purpose, operation, the kind of processing
    (EU LED art. 25), the entity ids concerned (never values), recipient and outcome.

    Answers "who consulted X" (--entity X) and "what did Y do between dates" (--user Y
    --since D1 --until D2); --json is the export for a supervisory authority (a JSON
    document whose "rows" are the records, oldest first). An attempt no registered key
    could sign (a stranger, --as without that member's key) shows as "denied
    (unsigned)"."""
    fmt = output_format(as_json, as_csv)
    records = service(case).audit(entity or (), user, since, until,
                                  "denied" if denied else None)
    shown, total = cut(records, row_limit(limit, all_rows, 100, fmt))
    if fmt is Format.JSON:  # a plain list of records, the export format
        emit_json([r.document() for r in shown])
        return
    print_listing(Listing(
        ["seq", Column("time (UTC)", "occurred_at", width=19), "user", "role",
         "operation", "act", "outcome", Column("purpose", width=40),
         Column("entities", width=40), "recipient", Column("reason", width=60)],
        [(r.seq, r.occurred_at, r.actor, r.role, r.operation, r.act,
          r.outcome if r.signed else f"{r.outcome} (unsigned)", r.purpose,
          list(r.entities), r.recipient, r.reason) for r in shown],
        total=total, what="audit records"), fmt)


def register(app: typer.Typer) -> None:
    """Add ``users``, ``purpose``, ``release`` and ``audit`` to the main app."""
    app.add_typer(users_app, name="users")
    app.add_typer(purpose_app, name="purpose")
    app.add_typer(release_app, name="release")
    app.command()(audit)
