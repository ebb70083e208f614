"""``tnoc money``: following the money (thin: parse, call :mod:`tnoc.money`, print).

Every listing goes through the shared output layer (:func:`tnoc.cli.common.print_listing`):
a table cut at ``--limit`` (``--top``) ends with "showing N of M ...", ``--all`` or
``--limit 0`` shows every row, ``--json`` is one document with ``total``, ``shown`` and
``rows``. Accounts, wallets and transactions are shown by name
(:func:`tnoc.store.parties.party_names`) with their ids beside them. Money stays per
currency: a table shows "USD 1,234.00", JSON and CSV the amount (rounded to the
currency's minor unit) beside its own ``currency`` column; no figure adds currencies.

Where ``--csv FILE`` writes a detail table (every problem, every alert's transfers, every
tainted transfer, every score) it still does; ``--csv -`` writes that same table to
standard output instead of the printed listing. Commands without such a table take a
plain ``--csv`` flag: the listing as CSV on standard output.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tnoc.cli.common import (
    ID_WIDTH,
    AllOpt,
    CaseOpt,
    Column,
    CsvOpt,
    EngineName,
    EngineOpt,
    ForceOpt,
    Format,
    JsonOpt,
    Listing,
    SparkMasterOpt,
    _open,
    _progress,
    command_group,
    cut,
    limit_option,
    notes_console,
    output_format,
    print_listing,
    rich_table,
    row_limit,
    service,
    state_handling,
    write_csv,
)
from tnoc.cli.recorded import recorded
from tnoc.errors import ArgumentError, TnocError
from tnoc.money.typology_params import TypologyParams, monitoring_start
from tnoc.money.typology_stage import case_transfers

if TYPE_CHECKING:
    import duckdb

    from tnoc.money.transfers import Transfers
    from tnoc.money.typology_stage import Payments, TypologyOutcome
    from tnoc.service import CaseService

money_app = command_group(
    help="Following the money: laundering typologies over the case's payments, crypto "
         "attribution, co-spend clusters, taint tracing and illicit-transaction scores. "
         "Listings name accounts and wallets (ids beside them); --limit/--all, --json and "
         "--csv on every one.",
    no_args_is_help=True)

SourcesOpt = Annotated[list[str] | None, typer.Option(
    "--source", help="Only payments from this source id or file name (repeatable).")]

def _csv_path(what: str) -> Any:
    """The ``--csv FILE`` option of a command with a detail table: ``what`` it holds."""
    return typer.Option(help=f"Write {what} here as CSV ('-': to standard output, in "
                             "place of the printed listing).")


def _print_issues(summary: Transfers, fmt: Format, pointer: bool = True
                  ) -> dict[str, object]:
    """Say how many payments the rules can use and the problems by kind (on standard
    error when standard output carries JSON or CSV), with ``pointer`` a pointer to
    ``tnoc money check`` (not in that command's own output); returns the same facts for
    a JSON document."""
    out = notes_console(fmt)
    out.print(f"{summary.payments:,} payments read, {summary.usable:,} usable by the "
              "rules.", highlight=False)
    if summary.issues:
        out.print(rich_table(Listing(
            ["problem", "transfers"], list(summary.issues.items()),
            title="Input problems" + (" (see 'tnoc money check')" if pointer else ""))))
    return {"payments": summary.payments, "usable": summary.usable,
            "problems": summary.issues}


def _money(fmt: Format, currency: str | None, amount: object) -> object:
    """An amount as a listing shows it: "USD 1,234.00" in a table; for JSON and CSV the
    number rounded to the currency's minor unit (the currency is its own column)."""
    from tnoc.money.currency import format_money, minor_digits

    if not isinstance(amount, int | float):
        return None
    if fmt is Format.TABLE:
        return format_money(currency, float(amount))
    return round(float(amount), minor_digits(currency or ""))


def _party_names(con: duckdb.DuckDBPyConnection, ids: Sequence[str | None]) -> dict[str, str]:
    from tnoc.store.parties import party_names

    return party_names(con, ids)


def _accounts(case: Path, con: duckdb.DuckDBPyConnection, references: Sequence[str]
              ) -> list[str]:
    """The canonical ids of the accounts or wallets an analyst named: ids, names, account
    numbers or IBANs, within what they may see
    (:meth:`tnoc.service.CaseService.resolve_names`; a name borne by several entities is
    refused with the candidates)."""
    return sorted(set(service(case).resolve_names(references, con)))


def _empty(listing: Listing, fmt: Format, message: str,
           extra: dict[str, object] | None = None) -> None:
    """An empty result: said in words on a table; for JSON and CSV the empty listing,
    so a script reads "0 rows" rather than nothing."""
    notes_console(fmt).print(message, highlight=False, markup=False)
    if fmt is not Format.TABLE:
        print_listing(listing, fmt, extra)


@money_app.command("check")
@recorded("money check", writes=("csv",))
def money_check(
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    source: SourcesOpt = None,
    limit: Annotated[int | None, limit_option(20, "Problems")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    csv: Annotated[Path | None, _csv_path("every problem")] = None,
) -> None:
    """Check the case's payments before the rules run: zero or negative amounts, unknown
    currencies, unreadable or zone-mixed times, rows out of time order, self-transfers,
    conflicting or duplicate transactions. Each problem names the file, row and field;
    a payer or beneficiary is named beside its id. Payments left out first. Exits 1
    when a payment cannot be used. The handling code of the payments' sources (the
    strictest, at least TLP:AMBER) is said, recorded, and in the CSV's handling column.

    Example: tnoc money check -c CASE --all;  tnoc money check -c CASE --csv problems.csv"""
    from tnoc.money.transfers import listing_handling, transfer_problems
    from tnoc.store.parties import named_parties

    fmt = output_format(as_json, str(csv) == "-")
    with _open(case).connect(read_only=True) as con:
        summary = case_transfers(con, source)
        facts = _print_issues(summary, fmt, pointer=False)
        found = transfer_problems(con, summary)
        parties = [v for r in found if r[2] in ("payer", "beneficiary") and r[3]
                   for v in str(r[3]).split("; ")]
        named = named_parties(con, parties)
        names = named.names
        # what the listing shows: the payments' problems and the parties' names
        read, code = listing_handling(con, summary, named.sources)
    state_handling(fmt, code, read, facts, "these payments")
    rows = [(file, row, field, value,
             "; ".join(names.get(v, v) for v in str(value).split("; "))
             if field in ("payer", "beneficiary") and value else None,
             problem, bool(excluded), transfer)
            for file, row, field, value, problem, excluded, transfer in found]
    columns = [Column("file"), Column("row"), Column("field"), Column("value", width=ID_WIDTH),
               Column("named", "value_name"), Column("problem"), Column("left out", "left_out"),
               Column("transfer", width=ID_WIDTH)]
    if fmt is not Format.CSV:
        shown, total = cut(rows, row_limit(limit, all_rows, 20, fmt))
        if rows or fmt is Format.JSON:
            print_listing(Listing(columns, shown, total=total, what="problems"), fmt, facts)
    if csv:  # a file that travels: every row says how it may be shared
        write_csv(csv, [*(c.name for c in columns), "handling"],
                  [(*r, code) for r in rows])
    if any(r[6] for r in rows):
        raise typer.Exit(1)


_RULES = TypologyParams()
"""The rules' defaults, shown by --help."""


@money_app.command("typologies")
@recorded("money typologies", writes=("csv",), reads=("fx_rates",))
def money_typologies(
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    source: SourcesOpt = None,
    typology: Annotated[list[str] | None, typer.Option(
        help="Rule to run (repeatable): FAN-IN, FAN-OUT, GATHER-SCATTER, SCATTER-GATHER, "
             "CYCLE, BIPARTITE, STACK, RANDOM, STRUCTURING, PASS-THROUGH. Default: all.")] = None,
    since: Annotated[str | None, typer.Option(
        help="Monitoring period start: an ISO date or time (2024-03-01, "
             "2024-03-01T08:00:00+02:00; a time with an offset is taken to UTC, one "
             "without is UTC); earlier payments are history only.")] = None,
    window_hours: Annotated[float, typer.Option(
        help="Burst gap and longest wait between hops.")] = _RULES.window_hours,
    min_degree: Annotated[int, typer.Option(
        help="Fan-in/out counterparties, scatter-gather intermediaries.")] = _RULES.min_degree,
    max_cycle_hops: Annotated[int, typer.Option(
        help="Longest cycle looked for.")] = _RULES.max_cycle_hops,
    tolerance: Annotated[float, typer.Option(
        help="Share by which an amount passed on may differ from the amount received.")
    ] = _RULES.amount_tolerance,
    relationship_days: Annotated[float, typer.Option(
        help="A pair of accounts counts as an established relationship (left out of the "
             "structure rules) only once it has dealt for this many days.")
    ] = _RULES.relationship_days,
    novelty_alpha: Annotated[float, typer.Option(
        help="Fan-in/out and gather-scatter: alert a burst only when that many new "
             "counterparties is this improbable given the account's own history (1 = "
             "alert every burst).")] = _RULES.novelty_alpha,
    fx_rates: Annotated[Path | None, typer.Option(
        "--fx-rates", help="CSV 'currency,units_per_usd' to compare amounts across "
                           "currencies; default: rates implied by the case's own payments "
                           "(printed with their support).")] = None,
    threshold: Annotated[float, typer.Option(
        help="Structuring: the reporting threshold.")] = 10_000.0,
    all_transfers: Annotated[bool, typer.Option(
        "--all-transfers", help="Also look at transfers between parties with a history "
                                "(default: only new relationships).")] = False,
    store: Annotated[bool, typer.Option(help="Keep the alerts in the case.")] = True,
    engine: EngineOpt = EngineName.duckdb,
    spark_master: SparkMasterOpt = "local[2]",
    limit: Annotated[int | None, limit_option(15, "Alerts")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    csv: Annotated[Path | None, _csv_path(
        "every alert's transfers (payer and beneficiary by id and name, amount and "
        "currency, file and row)")] = None,
) -> None:
    """Find laundering structures in the case's payments: the eight AMLworld typologies,
    structuring and rapid pass-through. Alerts keep the rule, its parameters and the
    transfers (with file and row) they rest on; stored as TypologyAlert statements.
    Alerts are listed largest first, the focal account by name, money per currency
    (never converted or added across currencies).

    --engine spark builds the transfers and runs the rules on Spark from the case's
    lake (write it first with 'tnoc case lake'); only the alerted transfers come back
    to the case. Both engines give the same alerts, stored the same way.

    Example: tnoc money typologies -c CASE --typology CYCLE --all --json > cycles.json"""
    from tnoc.money.typologies import TYPOLOGIES
    from tnoc.money.typology_stage import TypologyStage, run_typologies

    fmt = output_format(as_json, str(csv) == "-")
    chosen = tuple(t.upper() for t in typology) if typology else TYPOLOGIES
    bad = set(chosen) - set(TYPOLOGIES)
    if bad:
        raise ArgumentError(f"--typology {', '.join(sorted(bad))}: choose from "
                            f"{', '.join(TYPOLOGIES)}")
    if source and engine is EngineName.spark:
        raise ArgumentError("--source with --engine spark: Spark builds the whole "
                            "case's transfers from its lake; run it without --source, "
                            "or on DuckDB")
    rates = None
    if fx_rates is not None:
        from tnoc.money.fx import read_rates

        try:
            rates = read_rates(str(fx_rates))
        except OSError as exc:
            raise TnocError(f"--fx-rates {fx_rates}: cannot be read ({exc.strerror})") from exc
        except ValueError as exc:
            raise TnocError(str(exc)) from exc
    if since is not None:
        try:
            since = monitoring_start(since)
        except ValueError as exc:
            raise ArgumentError(f"--since {exc}") from None
    params = TypologyParams(window_hours=window_hours, min_degree=min_degree,
                            max_cycle_hops=max_cycle_hops, amount_tolerance=tolerance,
                            relationship_days=relationship_days, novelty_alpha=novelty_alpha,
                            fx_rates=rates, structuring_threshold=threshold,
                            skip_established=not all_transfers, since=since,
                            typologies=chosen)
    facts: dict[str, object] = {}
    opened = _open(case)
    with _progress() as progress:
        # the spinner (standard error) is stopped while these print, or the two
        # interleave on a terminal
        def told(built: Transfers) -> None:
            progress.stop()
            facts.update(_print_issues(built, fmt))
            progress.start()

        def vet(payments: Payments) -> None:
            progress.stop()
            state_handling(fmt, payments.code, list(payments.sources), facts,
                           "these payments")
            progress.start()

        task = progress.add_task("", total=None)
        stage = TypologyStage(opened.root, params, engine.value, tuple(source or ()),
                              store, row_limit(limit, all_rows, 15, fmt), csv is not None,
                              lambda step: progress.update(task, description=step), told)
        shown = run_typologies(opened, stage, spark_master, vet=vet)
    _print_typologies(shown, facts, fmt, csv)


def _print_typologies(shown: TypologyOutcome, facts: dict[str, object], fmt: Format,
                      csv: Path | None) -> None:
    """Print a typology run (:class:`tnoc.money.typology_stage.TypologyOutcome`; ``facts``:
    what ``vet`` said of the payments): alerts per typology, the rates used, the alerts
    largest first, and the detail CSV."""
    from tnoc.money.currency import format_totals
    from tnoc.money.typologies import money_totals

    run, notes, code = shown.run, notes_console(fmt), shown.payments.code
    heading = (f"{run.alerts:,} alerts over {run.alerted_transfers:,} of "
               f"{run.transfers:,} transfers ({run.candidate_transfers:,} between new "
               "relationships)")
    where = shown.provenance
    notes.print(f"rules run on {where['engine']}"
                f"{' (' + str(where['master']) + ')' if 'master' in where else ''}",
                highlight=False, markup=False)
    notes.print(rich_table(Listing(["typology", "alerts"], list(run.by_typology.items()),
                                   title="alerts per typology")))
    if run.fx:
        notes.print(rich_table(Listing(
            ["currencies", Column("rate", fmt=",.6g"), "from", "hops supporting it"],
            [(f"{fx.base} > {fx.quote}", fx.rate, fx.origin,
              fx.support if fx.origin == "implied" else None) for fx in run.fx],
            title="exchange rates used to compare amounts passed on")))
    names = shown.names
    if fmt is not Format.CSV:
        rows = [(int(a), typ, names.get(focus, focus) if focus else None, focus, int(n),
                 first, last,
                 format_totals(money_totals(totals), sep="\n") if fmt is Format.TABLE
                 else money_totals(totals))
                for a, typ, focus, n, first, last, totals in shown.found]
        print_listing(Listing(
            [Column("alert"), Column("typology"), Column("focus"),
             Column("focus id", "focus_id", width=ID_WIDTH), Column("transfers"),
             Column("first"), Column("last"),
             Column("amount per currency (not converted)", "totals")],
            rows, total=run.alerts, what="alerts", title=heading), fmt,
            extra={**facts, **({"run": shown.run_id} if shown.run_id else {}),
                   "alerts": run.alerts, "alerted_transfers": run.alerted_transfers,
                   "transfers": run.transfers,
                   "candidate_transfers": run.candidate_transfers,
                   "by_typology": run.by_typology, "engine": where["engine"],
                   "fx_rates_used": [fx.as_dict() for fx in run.fx]})
    if csv:
        names = shown.detail_names
        write_csv(csv, ["alert", "typology", "transfer", "payer", "payer_name",
                        "beneficiary", "beneficiary_name", "time", "amount", "currency",
                        "file", "row", "handling"],
                  ([a, typ, tid, payer, names.get(payer, payer), ben, names.get(ben, ben),
                    ts, _money(Format.CSV, cur, amount), cur, file, row, code]
                   for a, typ, tid, payer, ben, ts, amount, cur, file, row in shown.detail))
    if shown.run_id:
        notes.print(f"stored as analysis run {shown.run_id} "
                    f"(analyses/typologies-{shown.run_id}.json)", highlight=False)


@money_app.command("attribute")
@recorded("money attribute")
def money_attribute(
    address: Annotated[list[str], typer.Argument(
        help="Addresses, wallet entity ids or wallet names.")],
    case: CaseOpt = Path("."),
    cluster: Annotated[bool, typer.Option(
        help="Also the attributions of wallets in the same co-spend cluster.")] = True,
    limit: Annotated[int | None, limit_option(50, "Attributions")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Who is behind an address: tags (GraphSense, Ransomwhere, ransomware studies),
    OFAC listings and the SDN entry holding it, each with its file and row. Exits 1
    when nothing in the case attributes the address.

    Example: tnoc money attribute 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h -c CASE"""
    from tnoc.money.attribution import attribute
    from tnoc.money.cluster import co_spend_clusters

    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con:
        wallets = _wallets(case, con, address)
        clusters = co_spend_clusters(con).clusters if cluster else None
        found = attribute(con, wallets, clusters)
        names = _party_names(con, [*wallets, *(x for r in found
                                               for x in (r.holder, r.via) if x)])
    columns = [Column("wallet"), Column("wallet id", "wallet_id", width=ID_WIDTH),
               Column("address", width=ID_WIDTH), Column("kind"), Column("label"),
               Column("program"), Column("authority", width=40), Column("holder"),
               Column("holder id", "holder_id", width=ID_WIDTH), Column("evidence", width=40),
               Column("via"), Column("via id", "via_id", width=ID_WIDTH)]
    rows = [(names.get(r.wallet, r.wallet), r.wallet, r.address, r.kind, r.reason, r.program,
             r.authority, names.get(r.holder, r.holder_name or r.holder) if r.holder else None,
             r.holder, r.evidence, names.get(r.via, r.via) if r.via else None, r.via)
            for r in found]
    shown, total = cut(rows, row_limit(limit, all_rows, 50, fmt))
    listing = Listing(columns, shown, total=total, what="attributions")
    if not rows:
        _empty(listing, fmt, f"{', '.join(names.get(w, w) for w in wallets)}: no "
                             "attribution in this case.")
        raise typer.Exit(1)
    print_listing(listing, fmt)


def _wallets(case: Path, con: duckdb.DuckDBPyConnection, references: Sequence[str]
             ) -> list[str]:
    """Canonical wallet ids for addresses (any spelling its chain allows), wallet ids or
    wallet names, among the wallets the member may see
    (:meth:`tnoc.service.CaseService.resolve_names`); a reference to no wallet they see
    is an error naming it, the same whether the wallet is missing or not theirs to see."""
    from tnoc.money.attribution import wallets_for
    from tnoc.store.lookup import describe

    opened = service(case)
    out: set[str] = set()
    for reference in references:
        found = [w for w in wallets_for(con, [reference]) if _sees(opened, con, w)]
        if not found:
            try:
                (entity,) = opened.resolve_names([reference], con)
            except TnocError as exc:
                raise TnocError(f"no wallet with the address, id or name {reference!r} in "
                                f"this case ({exc})") from exc
            found = wallets_for(con, [entity])
            if not found:
                schema, name = describe(con, entity)
                raise TnocError(f"{reference!r} is {name} ({schema} {entity}), not a crypto "
                                "wallet: give an address or a wallet")
        out.update(found)
    return sorted(out)


def _sees(opened: CaseService, con: duckdb.DuckDBPyConnection, entity: str) -> bool:
    """Whether the member may see the entity ``entity`` (an id)."""
    try:
        opened.resolve_names([entity], con)
    except TnocError:
        return False
    return True


@money_app.command("cluster")
@recorded("money cluster")
def money_cluster(
    case: CaseOpt = Path("."),
    min_inputs: Annotated[int, typer.Option(help="CoinJoin: at least this many inputs ...")] = 3,
    equal_outputs: Annotated[int, typer.Option(
        help="... and this many outputs of one equal amount.")] = 3,
    engine: EngineOpt = EngineName.duckdb,
    spark_master: SparkMasterOpt = "local[2]",
    limit: Annotated[int | None, limit_option(15, "Clusters")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Co-spend clusters: wallets spent together in one transaction are one owner
    (CoinJoin-like transactions excluded). Needs CryptoTransactions with their inputs
    (``sender``). Largest clusters first; each cluster is named after its first wallet
    and lists every member (JSON and CSV add their ids).

    --engine spark clusters on Spark from the case's lake (write it first with 'tnoc
    case lake'), as set-based SQL (each transaction's inputs tied to its smallest,
    components by large-star/small-star); the same clusters as on DuckDB.

    Example: tnoc money cluster -c CASE --engine spark --json > clusters.json"""
    from tnoc.money.cluster import ClusterParams, case_co_spend_clusters

    fmt = output_format(as_json, as_csv)
    opened = _open(case)
    with _progress() as progress:
        progress.add_task(f"clustering on {engine.value}", total=None)
        result = case_co_spend_clusters(opened, ClusterParams(min_inputs, equal_outputs),
                                        engine.value, spark_master)
    with opened.connect(read_only=True) as con:
        members = sorted(result.members().items(), key=lambda kv: (-len(kv[1]), kv[0]))
        shown, total = cut(members, row_limit(limit, all_rows, 15, fmt))
        names = _party_names(con, [w for cid, ws in shown for w in (cid, *ws)])
    columns = [Column("cluster"), Column("cluster id", "cluster_id", width=ID_WIDTH),
               Column("wallets"), Column("members", width=80)]
    if fmt is not Format.TABLE:
        columns.append(Column("member ids", "member_ids"))
    rows = [(names.get(cid, cid), cid, len(ws), [names.get(w, w) for w in ws],
             *(() if fmt is Format.TABLE else (ws,))) for cid, ws in shown]
    facts = {"wallets": len(result.clusters), "transactions_used": result.transactions_used,
             "coinjoins": result.coinjoins, **result.provenance}
    listing = Listing(columns, rows, total=total, what="clusters")
    if not members:
        _empty(listing, fmt, "no CryptoTransactions with known inputs (sender) in this "
                             "case: nothing to cluster", facts)
        return
    where = result.provenance
    notes_console(fmt).print(
        f"{len(members):,} clusters of {len(result.clusters):,} wallets from "
        f"{result.transactions_used:,} transactions; {len(result.coinjoins):,} "
        "CoinJoin-like transactions left out (computed on "
        f"{where['engine']}{' ' + str(where['master']) if 'master' in where else ''}).",
        highlight=False)
    print_listing(listing, fmt, facts)


@money_app.command("trace")
@recorded("money trace", writes=("csv",))
def money_trace(
    account: Annotated[list[str], typer.Argument(
        help="Source accounts or wallets: ids, names, account numbers or IBANs.")],
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    policy: Annotated[str, typer.Option(help="poison, haircut or fifo.")] = "haircut",
    max_hops: Annotated[int, typer.Option(help="Hops to follow at most.")] = 5,
    since: Annotated[str | None, typer.Option(help="Start (ISO time).")] = None,
    until: Annotated[str | None, typer.Option(help="Stop (ISO time).")] = None,
    source: SourcesOpt = None,
    limit: Annotated[int | None, limit_option(20, "Destinations")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    csv: Annotated[Path | None, _csv_path(
        "every tainted transfer (payer and beneficiary by id and name, file and row)")
    ] = None,
) -> None:
    """Follow funds from accounts through the payments, hop by hop, under a stated taint
    policy; lists where tainted value ended up (per account and currency, never
    converted), nearest hop first. Exits 1 when no payment leaves the accounts in range.

    Example: tnoc money trace 8139F54E0 -c CASE --policy fifo --all"""
    from tnoc.money.trace import POLICIES, trace
    from tnoc.money.transfers import listing_handling
    from tnoc.store.parties import named_parties
    from tnoc.store.query import source_files

    if policy not in POLICIES:
        raise ArgumentError(f"--policy {policy!r}: choose one of {', '.join(POLICIES)}")
    fmt = output_format(as_json, str(csv) == "-")
    with _open(case).connect(read_only=True) as con:
        sources = _accounts(case, con, account)
        transfers = case_transfers(con, source)
        result = trace(con, transfers, sources, policy, max_hops, until, since)
        files = source_files(con)
        destinations = result.destinations()
        shown, total = cut(destinations, row_limit(limit, all_rows, 20, fmt))
        parties = named_parties(con, [*sources, *(str(d["account"]) for d in shown),
                                      *((x for f in result.flows
                                         for x in (f.payer, f.beneficiary)) if csv else ())])
        names = parties.names
        # what the listing shows: the payments traced and the names of the accounts
        read, code = listing_handling(con, transfers, parties.sources)
    named = ", ".join(f"{names.get(s, s)}" for s in sources)
    if not result.flows:
        raise _no_flows(named)
    facts: dict[str, object] = {}
    state_handling(fmt, code, read, facts, "this trace")
    title = (f"{policy} taint from {named} (max {max_hops} hops; per currency, not "
             "converted)")
    if fmt is not Format.CSV:
        columns = [Column("account"), Column("account id", "account_id", width=ID_WIDTH),
                   Column("hop"), *([] if fmt is Format.TABLE else [Column("currency")]),
                   Column("tainted"),
                   Column("received in tainted transfers", "received_in_tainted_transfers")]
        rows = [(names.get(str(d["account"]), str(d["account"])), d["account"], d["hop"],
                 *([] if fmt is Format.TABLE else [d["currency"]]),
                 _money(fmt, str(d["currency"]), d["tainted"]),
                 _money(fmt, str(d["currency"]), d["received_in_tainted_transfers"]))
                for d in shown]
        print_listing(Listing(columns, rows, total=total, what="destinations", title=title),
                      fmt, extra={"sources": [{"account": names.get(s, s), "account_id": s}
                                              for s in sources],
                                  "policy": policy, "max_hops": max_hops,
                                  "tainted_transfers": len(result.flows), **facts})
    if csv:  # a file that travels: every row says how it may be shared
        write_csv(csv, ["transfer", "payer", "payer_name", "beneficiary", "beneficiary_name",
                        "time", "amount", "currency", "tainted", "hop", "source", "file", "row",
                        "handling"],
                  ([f.transfer_id, f.payer, names.get(f.payer, f.payer), f.beneficiary,
                    names.get(f.beneficiary, f.beneficiary), f.ts, f.amount, f.currency,
                    f.tainted, f.hop, f.source_id, files.get(f.source_id) if f.source_id else None,
                    f.locator, code]
                   for f in result.flows))


def _no_flows(named: str) -> typer.Exit:
    """Say that nothing left the traced accounts (a finding, not an error: exit 1)."""
    from tnoc.cli.common import err

    err.print(f"no payments out of {named} in range", highlight=False, markup=False)
    return typer.Exit(1)


LABELS = {1: "illicit", 0: "licit"}
"""How a transaction's known label reads (unlabelled: blank)."""


@money_app.command("score")
@recorded("money score", writes=("csv",))
def money_score(
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    train_steps: Annotated[str, typer.Option(help="Time steps to train on.")] = "1-34",
    limit: Annotated[int | None, limit_option(10, "Highest scores")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    csv: Annotated[Path | None, _csv_path(
        "every transaction's score (training steps included)")] = None,
) -> None:
    """Score transactions of the flow graph as illicit from graph structure alone
    (LightGBM), trained on the labelled transactions of the training steps; prints
    precision/recall/F1 on the labelled later steps and lists the transactions after
    the training steps, highest score first."""
    from tnoc.money.scoring import parse_steps, score_transactions
    from tnoc.money.scoring import tx_graph as load

    fmt = output_format(as_json, str(csv) == "-")
    lo, hi = parse_steps(train_steps)
    with _open(case).connect(read_only=True) as con:
        g = load(con)
        with _progress() as progress:
            progress.add_task("features and training", total=None)
            run = score_transactions(g, (lo, hi))
        model, p = run.model, run.scores
        shown, total = cut(run.later, row_limit(limit, all_rows, 10, fmt))
        names = _party_names(con, [str(g.ids[i]) for i in shown])
    facts: dict[str, object] = {"train_steps": [lo, hi], "threshold": model.threshold}
    if run.evaluation is not None:
        m = run.evaluation
        facts |= m
        notes_console(fmt).print(
            f"labelled transactions after step {hi}: {m['labelled_after_training']:,}; "
            f"illicit precision {m['illicit_precision']}, recall {m['illicit_recall']}, "
            f"F1 {m['illicit_f1']} (threshold {model.threshold}; graph structure only)",
            highlight=False)
    if fmt is not Format.CSV:
        print_listing(Listing(
            [Column("transaction"), Column("transaction id", "transaction_id", width=ID_WIDTH),
             Column("step"), Column("score", fmt=".3f"), Column("label")],
            [(names.get(str(g.ids[i]), str(g.ids[i])), str(g.ids[i]), int(g.time_step[i]),
              round(float(p[i]), 5), LABELS.get(int(g.label[i]))) for i in shown],
            total=total, what=f"transactions after step {hi}"), fmt, facts)
    if csv:
        write_csv(csv, ["transaction", "time_step", "score", "label"],
                  ([g.ids[i], g.time_step[i], round(float(p[i]), 5), g.label[i]]
                   for i in range(g.n)))


@money_app.command("explain")
@recorded("money explain")
def money_explain(
    transaction: Annotated[str, typer.Argument(help="Transaction: entity id or name.")],
    case: CaseOpt = Path("."),
    train_steps: Annotated[str, typer.Option(help="Time steps to train on.")] = "1-34",
    limit: Annotated[int | None, limit_option(8, "Features")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Why a transaction scores as it does: every graph feature by how far it pushed the
    score up or down (exact TreeSHAP values, in log-odds), strongest first."""
    from tnoc.money.scoring import explain_transaction, parse_steps
    from tnoc.money.scoring import tx_graph as load

    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con:
        (entity,) = service(case).resolve_names([transaction], con)
        g = load(con)
        name = _party_names(con, [entity]).get(entity, entity)
    if entity not in set(g.ids):
        raise TnocError(f"{transaction!r} ({entity}) is no CryptoTransaction of the "
                        "transaction-flow graph in this case")
    why = explain_transaction(g, entity, parse_steps(train_steps))
    assert why is not None  # in the graph, as just checked
    s = why.score
    shown, total = cut(why.features, row_limit(limit, all_rows, 8, fmt))
    verdict = "illicit" if why.flagged else "not flagged"
    notes_console(fmt).print(f"{name} ({entity}): score {s:.3f} (threshold "
                             f"{why.threshold}; {verdict})", highlight=False, markup=False)
    print_listing(Listing(
        [Column("feature"), Column("value", fmt="g"),
         Column("SHAP (log-odds)", "shap_log_odds", fmt="+.3f")],
        shown, total=total, what="features"), fmt,
        extra={"transaction": name, "transaction_id": entity, "score": round(s, 5),
               "threshold": why.threshold, "verdict": verdict})


@money_app.command("exposure")
@recorded("money exposure")
def money_exposure(
    case: CaseOpt = Path("."),
    source: SourcesOpt = None,
    limit: Annotated[int | None, limit_option(20, "Accounts")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Direct exposure: share of each account's received and paid value that came from
    or went to attributed wallets (tags, OFAC, ransomware lists), per currency (never
    converted); most exposed first."""
    from tnoc.money.attribution import attributed_wallets
    from tnoc.money.trace import exposure

    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con:
        transfers = case_transfers(con, source)
        found = exposure(con, transfers, attributed_wallets(con))
        shown, total = cut(found, row_limit(limit, all_rows, 20, fmt))
        names = _party_names(con, [str(r["account"]) for r in shown])
    table = fmt is Format.TABLE
    columns = [Column("account"), Column("account id", "account_id", width=ID_WIDTH),
               Column("currency"), Column("share in", "share_in", fmt=".3f"),
               Column("share out", "share_out", fmt=".3f"),
               Column("from illicit", "from_illicit"), Column("to illicit", "to_illicit"),
               *([] if table else [Column("received"), Column("paid")])]
    money_keys = ("from_illicit", "to_illicit", *(() if table else ("received", "paid")))
    rows = [(names.get(str(r["account"]), str(r["account"])), r["account"], r["currency"],
             r["share_in"], r["share_out"],
             *(_money(fmt, str(r["currency"]), r[k]) for k in money_keys)) for r in shown]
    listing = Listing(columns, rows, total=total, what="account currencies",
                      title="direct exposure, per currency (not converted)")
    if not found:
        _empty(listing, fmt, "no payments to or from attributed wallets in this case")
        return
    print_listing(listing, fmt)
