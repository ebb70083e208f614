"""``tnoc erase``, ``tnoc hold``, ``tnoc retention`` and ``tnoc categorise``: erasure,
legal holds, retention review and data-subject categories (thin: parse, call
:mod:`tnoc.govern`, print). See docs/custody.md, "Erasure, retention and legal hold"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tnoc.cli.common import (
    CaseOpt,
    Column,
    CsvOpt,
    JsonOpt,
    Listing,
    _open,
    command_group,
    console,
    output_format,
    print_listing,
    service,
)
from tnoc.errors import TnocError

if TYPE_CHECKING:
    from collections.abc import Callable

    import duckdb

    from tnoc.govern.retention import Hold

hold_app = command_group(help="Legal holds: an entity or a source that must not be erased "
                            "(each placed or released as a signed ledger entry).",
                       no_args_is_help=True)
retention_app = command_group(help="Retention per source or dataset: the time limit and the "
                                 "review date (EU Directive 2016/680 art. 5); 'due' lists "
                                 "what a supervisor must review. Nothing is deleted "
                                 "automatically.", no_args_is_help=True)

ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (recorded in the ledger).")]


def _actor() -> str:
    """Who acts: the session's user (``--as``), the one the gate authorised."""
    from tnoc.ledger.keys import operator

    return operator()


def _concerns(case: Path, hold: Hold) -> None:
    """The held entity or source, for the audit record of the hold's operation."""
    if hold.kind == "source":
        service(case).concern(sources=[hold.target])
    else:
        service(case).concern(entities=[hold.target])


def _lookup(case: Path, con: duckdb.DuckDBPyConnection) -> Callable[[str], str]:
    """An entity a member names, looked up within what they may see
    (:meth:`tnoc.service.CaseService.resolve_names`)."""
    return lambda reference: service(case).resolve_names([reference], con)[0]


def erase(
    entity: Annotated[str, typer.Argument(
        metavar="ENTITY", help="Entity id, or a name borne by one entity.")],
    reason: ReasonOpt,
    case: CaseOpt = Path("."),
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase ENTITY (and the entities merged into it) from the case: its statements from
    every source, the links to it, the analysis rows naming it. A signed 'destroyed'
    ledger entry (the tombstone) records what, when, who, why and the hashes that keep
    'tnoc verify' passing; the exhibit files are not rewritten. Refused under a legal
    hold."""
    from tnoc.govern.erasure import erase_entity
    from tnoc.store.lookup import captions

    with _open(case).connect(read_only=True) as con:
        (canonical,) = service(case).resolve_names([entity], con)
        name = captions(con, [canonical])[canonical]
    service(case).concern(entities=[canonical])
    if not yes and not typer.confirm(f"Erase {name} ({canonical}) and every value and link "
                                     "of it from the case? This cannot be undone"):
        raise TnocError("not erased: not confirmed")
    tombstone = erase_entity(_open(case), canonical, reason, _actor())
    console.print(f"erased {name} ({canonical}): {tombstone.statements:,} statements from "
                  f"{sum(1 for s in tombstone.sources if s['statements']):,} sources, "
                  f"{sum(s['links'] for s in tombstone.sources):,} links from "
                  f"{tombstone.links.get('entities', 0):,} entities"
                  + "".join(f", {n:,} rows of {t}" for t, n in tombstone.tables.items())
                  + f"; tombstone {tombstone.entry_hash[:12]}… in the custody ledger",
                  markup=False, highlight=False)


@hold_app.command("add")
def hold_add(
    target: Annotated[str, typer.Argument(
        metavar="ENTITY|SOURCE", help="A source (id or file name) or an entity (id or "
                                      "name).")],
    reason: ReasonOpt,
    case: CaseOpt = Path("."),
) -> None:
    """Place a legal hold: erasing the entity, or anything the source states, is
    refused until the hold is removed."""
    from tnoc.govern.retention import place_hold

    with _open(case).transaction() as con:
        hold = place_hold(con, target, reason, _actor(), _lookup(case, con))
    _concerns(case, hold)
    console.print(f"placed: {hold}", markup=False, highlight=False)


@hold_app.command("remove")
def hold_remove(
    target: Annotated[str, typer.Argument(metavar="ENTITY|SOURCE", help="What is held.")],
    reason: ReasonOpt,
    case: CaseOpt = Path("."),
) -> None:
    """Release a legal hold."""
    from tnoc.govern.retention import release_hold

    with _open(case).transaction() as con:
        hold = release_hold(con, target, reason, _actor(), _lookup(case, con))
    _concerns(case, hold)
    console.print(f"released: {hold}", markup=False, highlight=False)


@hold_app.command("list")
def hold_list(case: CaseOpt = Path("."), as_json: JsonOpt = False,
              as_csv: CsvOpt = False) -> None:
    """The legal holds in force."""
    from tnoc.govern.retention import holds

    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con:
        found = holds(con)
    print_listing(Listing(
        ["held", "name", Column("id", "target"), "reason", Column("by", "placed_by"),
         Column("when", "placed_at")],
        [(h.kind, h.name, h.target, h.reason, h.placed_by, h.placed_at) for h in found],
        what="holds", title=f"{len(found)} legal holds in force"), fmt)


@retention_app.command("set")
def retention_set(
    keep_until: Annotated[str, typer.Option(help="Time limit, YYYY-MM-DD.")],
    review: Annotated[str, typer.Option(help="Review date, YYYY-MM-DD (not after the "
                                             "limit).")],
    reason: ReasonOpt,
    source: Annotated[str | None, typer.Argument(
        metavar="[SOURCE]", help="Source id or file name (or give --dataset).")] = None,
    dataset: Annotated[str | None, typer.Option(
        help="Every source of this dataset without a setting of its own.")] = None,
    case: CaseOpt = Path("."),
) -> None:
    """Set the time limit and review date of a source or a dataset."""
    from tnoc.govern.retention import set_retention

    with _open(case).transaction() as con:
        rule = set_retention(con, source, dataset, keep_until, review, reason,
                             _actor())
    console.print(f"{rule.kind} {rule.name}: keep until {rule.keep_until}, review on "
                  f"{rule.review}", markup=False, highlight=False)


@retention_app.command("list")
def retention_list(case: CaseOpt = Path("."), as_json: JsonOpt = False,
                   as_csv: CsvOpt = False) -> None:
    """The retention settings in force."""
    from tnoc.govern.retention import retention_rules

    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con:
        rules = list(retention_rules(con).values())
    print_listing(Listing(
        ["for", "name", Column("keep until", "keep_until"), "review", "reason",
         Column("by", "set_by"), Column("when", "set_at")],
        [(r.kind, r.name, r.keep_until, r.review, r.reason, r.set_by, r.set_at)
         for r in rules], what="settings"), fmt)


@retention_app.command("due")
def retention_due(
    on: Annotated[str | None, typer.Option(help="Date to check, YYYY-MM-DD (default: "
                                                "today, UTC).")] = None,
    case: CaseOpt = Path("."),
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Sources whose review date or time limit has come: what a supervisor must review
    (keep with a new date, or erase)."""
    from tnoc.govern.retention import due

    fmt = output_format(as_json, as_csv)
    try:
        day = date.fromisoformat(on) if on else datetime.now(UTC).date()
    except ValueError:
        raise TnocError(f"--on {on!r} is not a date; expected YYYY-MM-DD") from None
    with _open(case).connect(read_only=True) as con:
        found = due(con, day)
    print_listing(Listing(
        [Column("source", "file_name"), "dataset", "why", Column("keep until", "keep_until"),
         "review", Column("set for", "rule"), "reason", Column("by", "set_by"),
         Column("source id", "source_id")],
        [(d.file_name, d.dataset, d.why, d.keep_until, d.review, d.rule, d.reason,
          d.set_by, d.source_id) for d in found],
        what="sources", title=f"{len(found)} sources due for review on {day}"), fmt)


def categorise(
    entity: Annotated[str, typer.Argument(
        metavar="ENTITY", help="Entity id, or a name borne by one entity.")],
    category: Annotated[str, typer.Option(
        help="suspect, convicted, victim, witness or other (LED art. 6).")],
    basis: Annotated[str, typer.Option(help="Why: the basis of the assessment.")],
    case: CaseOpt = Path("."),
) -> None:
    """Record ENTITY's data-subject category as an assessment (a statement of its own,
    citing a derived source, signed in the ledger): 'tnoc show' lists it with who
    assessed it, and 'show --json' marks every statement 'fact' or 'assessment'."""
    from tnoc.govern.categories import categorise as run

    opened = _open(case)
    (canonical,) = service(case).resolve_names([entity])
    entity_id = run(opened, canonical, category, basis, _actor())
    console.print(f"recorded {category} for {entity} as {entity_id}", markup=False,
                  highlight=False)


def register(app: typer.Typer) -> None:
    """Add the erasure, hold, retention and category commands to the main app."""
    app.command()(erase)
    app.command()(categorise)
    app.add_typer(hold_app, name="hold")
    app.add_typer(retention_app, name="retention")
