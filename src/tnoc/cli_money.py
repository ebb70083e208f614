"""``tnoc money``: following the money (thin: parse, call :mod:`tnoc.money`, print)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tnoc.cli_common import CaseOpt, _open, _progress, console, err, write_csv
from tnoc.cli_recorded import recorded
from tnoc.errors import TnocError
from tnoc.money.typology_params import TypologyParams

if TYPE_CHECKING:
    import duckdb

    from tnoc.money.transfers import TransferSummary

money_app = typer.Typer(
    help="Following the money: laundering typologies over the case's payments, crypto "
         "attribution, co-spend clusters, taint tracing and illicit-transaction scores.",
    no_args_is_help=True)

SourcesOpt = Annotated[list[str] | None, typer.Option(
    "--source", help="Only payments from this source id or file name (repeatable).")]


def _transfers(con: duckdb.DuckDBPyConnection, source: list[str] | None) -> TransferSummary:
    from tnoc.money.transfers import build_transfers

    summary = build_transfers(con, tuple(source or ()))
    if summary.payments == 0:
        raise TnocError("no payments in this case: take in a file with Payment entities "
                        "first (e.g. 'tnoc ingest saml_d FILE')")
    return summary


def _print_issues(summary: TransferSummary) -> None:
    console.print(f"{summary.payments:,} payments read, {summary.usable:,} usable by the "
                  "rules.")
    if summary.issues:
        t = Table("problem", "transfers", title="Input problems (see 'tnoc money check')")
        for problem, n in summary.issues.items():
            t.add_row(problem, f"{n:,}")
        console.print(t)


@money_app.command("check")
@recorded("money check", writes=("csv",))
def money_check(
    case: CaseOpt = Path("."),
    source: SourcesOpt = None,
    csv: Annotated[Path | None, typer.Option(help="Write every problem here.")] = None,
    top: Annotated[int, typer.Option(help="Problems to print.")] = 20,
) -> None:
    """Check the case's payments before the rules run: zero or negative amounts, unknown
    currencies, unreadable or zone-mixed times, rows out of time order, self-transfers,
    conflicting or duplicate transactions. Each problem names the file, row and field.
    Exits 1 when a payment cannot be used."""
    with _open(case).connect(read_only=True) as con:
        summary = _transfers(con, source)
        _print_issues(summary)
        rows = con.execute("""
            SELECT coalesce(s.file_name, i.source_id), i.locator, i.field, i.value, i.problem,
                   i.excluded FROM transfer_issues i LEFT JOIN sources s USING (source_id)
            ORDER BY i.excluded DESC, 1, 2""").fetchall()
    t = Table("file", "row", "field", "value", "problem", "left out")
    for r in rows[:top]:
        t.add_row(*(str(v) if v is not None else "" for v in r[:5]), "yes" if r[5] else "no")
    if rows:
        console.print(t)
    if csv:
        write_csv(csv, ["file", "row", "field", "value", "problem", "left_out"], rows)
    if any(r[5] for r in rows):
        raise typer.Exit(1)


_RULES = TypologyParams()
"""The rules' defaults, shown by --help."""


@money_app.command("typologies")
@recorded("money typologies", writes=("csv",), reads=("fx_rates",))
def money_typologies(
    case: CaseOpt = Path("."),
    source: SourcesOpt = None,
    typology: Annotated[list[str] | None, typer.Option(
        help="Rule to run (repeatable): FAN-IN, FAN-OUT, GATHER-SCATTER, SCATTER-GATHER, "
             "CYCLE, BIPARTITE, STACK, RANDOM, STRUCTURING, PASS-THROUGH. Default: all.")] = None,
    since: Annotated[str | None, typer.Option(
        help="Monitoring period start (ISO date); earlier payments are history only.")] = None,
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
    top: Annotated[int, typer.Option(help="Alerts to print.")] = 15,
    csv: Annotated[Path | None, typer.Option(help="Write every alert's transfers here.")] = None,
) -> None:
    """Find laundering structures in the case's payments: the eight AMLworld typologies,
    structuring and rapid pass-through. Alerts keep the rule, its parameters and the
    transfers (with file and row) they rest on; stored as TypologyAlert statements."""
    from tnoc.money.currency import format_totals
    from tnoc.money.typologies import TYPOLOGIES, detect, money_totals

    chosen = tuple(t.upper() for t in typology) if typology else TYPOLOGIES
    bad = set(chosen) - set(TYPOLOGIES)
    if bad:
        raise TnocError(f"--typology {', '.join(sorted(bad))}: choose from "
                        f"{', '.join(TYPOLOGIES)}")
    rates = None
    if fx_rates is not None:
        from tnoc.money.fx import read_rates

        try:
            rates = read_rates(str(fx_rates))
        except OSError as exc:
            raise TnocError(f"--fx-rates {fx_rates}: cannot be read ({exc.strerror})") from exc
        except ValueError as exc:
            raise TnocError(str(exc)) from exc
    params = TypologyParams(window_hours=window_hours, min_degree=min_degree,
                            max_cycle_hops=max_cycle_hops, amount_tolerance=tolerance,
                            relationship_days=relationship_days, novelty_alpha=novelty_alpha,
                            fx_rates=rates, structuring_threshold=threshold,
                            skip_established=not all_transfers, since=since,
                            typologies=chosen)
    opened = _open(case)
    with opened.transaction() as con:
        with _progress() as progress:
            progress.add_task("reading payments", total=None)
            summary = _transfers(con, source)
        _print_issues(summary)
        with _progress() as progress:
            progress.add_task("running the rules", total=None)
            run = detect(con, params)
        t = Table("typology", "alerts", title=f"{run.alerts:,} alerts over "
                  f"{run.alerted_transfers:,} of {run.transfers:,} transfers "
                  f"({run.candidate_transfers:,} between new relationships)")
        for typ, n in run.by_typology.items():
            t.add_row(typ, f"{n:,}")
        console.print(t)
        if run.fx:
            t = Table("currencies", "rate", "from", "hops supporting it",
                      title="exchange rates used to compare amounts passed on")
            for fx in run.fx:
                t.add_row(f"{fx.base} > {fx.quote}", f"{fx.rate:,.6g}", fx.origin,
                          f"{fx.support:,}" if fx.origin == "implied" else "")
            console.print(t)
        rows = con.execute("""
            SELECT alert_id, typology, focus, transfers, first_ts, last_ts, totals
            FROM alerts ORDER BY transfers DESC, alert_id LIMIT $n""",
                           {"n": top}).fetchall()
        t = Table("alert", "typology", "focus", "transfers", "first", "last",
                  "amount per currency (not converted)")
        for r in rows:
            t.add_row(str(r[0]), r[1], r[2] or "", str(r[3]), str(r[4]), str(r[5]),
                      format_totals(money_totals(r[6]), sep="\n"))
        if rows:
            console.print(t)
        if csv:
            out = con.execute("""
                SELECT a.alert_id, a.typology, t.transfer_id, t.payer, t.beneficiary, t.ts,
                       t.amount, t.currency, s.file_name, t.locator
                FROM alert_transfers a JOIN transfers t USING (transfer_id)
                LEFT JOIN sources s ON s.source_id = t.source_id ORDER BY 1, t.ts""").fetchall()
            write_csv(csv, ["alert", "typology", "transfer", "payer", "beneficiary", "time",
                            "amount", "currency", "file", "row"], out)
        if store and run.alerts:
            from tnoc.money.alerts import save_alerts

            run_id = save_alerts(con, opened.root, run)
            console.print(f"stored as analysis run {run_id} (analyses/typologies-{run_id}.json)")


@money_app.command("attribute")
@recorded("money attribute")
def money_attribute(
    address: Annotated[list[str], typer.Argument(help="Addresses or wallet entity ids.")],
    case: CaseOpt = Path("."),
    cluster: Annotated[bool, typer.Option(
        help="Also the attributions of wallets in the same co-spend cluster.")] = True,
) -> None:
    """Who is behind an address: tags (GraphSense, Ransomwhere, ransomware studies),
    OFAC listings and the SDN entry holding it, each with its file and row."""
    from tnoc.money.attribution import attribute, wallets_for
    from tnoc.money.cluster import co_spend_clusters

    with _open(case).connect(read_only=True) as con:
        wallets = wallets_for(con, address)
        if not wallets:
            raise TnocError(f"no wallet with address or id {', '.join(address)} in this case")
        clusters = co_spend_clusters(con).clusters if cluster else None
        rows = attribute(con, wallets, clusters)
    if not rows:
        console.print(f"{', '.join(wallets)}: no attribution in this case.")
        raise typer.Exit(1)
    t = Table("wallet", "kind", "label", "program", "authority", "holder", "evidence", "via")
    for r in rows:
        t.add_row(r.address or r.wallet, r.kind, r.reason or "", r.program or "",
                  r.authority or "", " ".join(x for x in (r.holder, r.holder_name) if x),
                  r.evidence or "", r.via or "")
    console.print(t)


@money_app.command("cluster")
@recorded("money cluster")
def money_cluster(
    case: CaseOpt = Path("."),
    min_inputs: Annotated[int, typer.Option(help="CoinJoin: at least this many inputs ...")] = 3,
    equal_outputs: Annotated[int, typer.Option(
        help="... and this many outputs of one equal amount.")] = 3,
    top: Annotated[int, typer.Option(help="Clusters to print.")] = 15,
) -> None:
    """Co-spend clusters: wallets spent together in one transaction are one owner
    (CoinJoin-like transactions excluded). Needs CryptoTransactions with their inputs
    (``sender``)."""
    from tnoc.money.cluster import ClusterParams, co_spend_clusters

    with _open(case).connect(read_only=True) as con:
        result = co_spend_clusters(con, ClusterParams(min_inputs, equal_outputs))
    members = result.members()
    if not members:
        console.print("no CryptoTransactions with known inputs (sender) in this case: "
                      "nothing to cluster")
        return
    console.print(f"{len(members):,} clusters of {len(result.clusters):,} wallets from "
                  f"{result.transactions_used:,} transactions; {len(result.coinjoins):,} "
                  "CoinJoin-like transactions left out.")
    t = Table("cluster", "wallets", "members")
    for cid, ws in sorted(members.items(), key=lambda kv: -len(kv[1]))[:top]:
        t.add_row(cid, str(len(ws)), ", ".join(ws[:5]) + (" ..." if len(ws) > 5 else ""))
    console.print(t)


@money_app.command("trace")
@recorded("money trace", writes=("csv",))
def money_trace(
    account: Annotated[list[str], typer.Argument(help="Source account or wallet ids.")],
    case: CaseOpt = Path("."),
    policy: Annotated[str, typer.Option(help="poison, haircut or fifo.")] = "haircut",
    max_hops: Annotated[int, typer.Option()] = 5,
    since: Annotated[str | None, typer.Option(help="Start (ISO time).")] = None,
    until: Annotated[str | None, typer.Option(help="Stop (ISO time).")] = None,
    source: SourcesOpt = None,
    top: Annotated[int, typer.Option(help="Destinations to print.")] = 20,
    csv: Annotated[Path | None, typer.Option(help="Write every tainted transfer here.")] = None,
) -> None:
    """Follow funds from accounts through the payments, hop by hop, under a stated taint
    policy; prints where tainted value ended up and how many hops away."""
    from tnoc.money.currency import format_money
    from tnoc.money.trace import POLICIES, trace

    if policy not in POLICIES:
        raise TnocError(f"--policy {policy!r}: choose one of {', '.join(POLICIES)}")
    with _open(case).connect(read_only=True) as con:
        _transfers(con, source)
        result = trace(con, account, policy, max_hops, until, since)
    if not result.flows:
        err.print(f"no payments out of {', '.join(account)} in range")
        raise typer.Exit(1)
    t = Table("account", "hop", "tainted", "received in tainted transfers",
              title=f"{policy} taint from {', '.join(account)} (max {max_hops} hops; "
                    "per currency, not converted)")
    for d in result.destinations()[:top]:
        cur, tainted, received = (str(d["currency"]), float(str(d["tainted"] or 0)),
                                  float(str(d["received_in_tainted_transfers"] or 0)))
        t.add_row(str(d["account"]), str(d["hop"]), format_money(cur, tainted),
                  format_money(cur, received))
    console.print(t)
    if csv:
        write_csv(csv, ["transfer", "payer", "beneficiary", "time", "amount", "currency",
                        "tainted", "hop", "source", "row"],
                  ([f.transfer_id, f.payer, f.beneficiary, f.ts, f.amount, f.currency,
                    f.tainted, f.hop, f.source_id, f.locator] for f in result.flows))


def _steps(text: str) -> tuple[int, int]:
    lo, sep, hi = text.partition("-")
    if not sep or not lo.isdigit() or not hi.isdigit() or int(lo) > int(hi):
        raise TnocError(f"--train-steps {text!r}: give FIRST-LAST, e.g. 1-34")
    return int(lo), int(hi)


@money_app.command("score")
@recorded("money score", writes=("csv",))
def money_score(
    case: CaseOpt = Path("."),
    train_steps: Annotated[str, typer.Option(help="Time steps to train on.")] = "1-34",
    top: Annotated[int, typer.Option(help="Highest scores to print.")] = 10,
    csv: Annotated[Path | None, typer.Option(help="Write every score here.")] = None,
) -> None:
    """Score transactions of the flow graph as illicit from graph structure alone
    (LightGBM), trained on the labelled transactions of the training steps; prints
    precision/recall/F1 on the labelled later steps and the top scores."""
    from tnoc.money.scoring import precision_recall_f1, score, structural_features, train
    from tnoc.money.scoring import tx_graph as load

    lo, hi = _steps(train_steps)
    with _open(case).connect(read_only=True) as con:
        g = load(con)
    if not (g.label >= 0).any():
        raise TnocError("no labelled CryptoTransactions (illicitLabel) in this case")
    with _progress() as progress:
        progress.add_task("features and training", total=None)
        x = structural_features(g)
        model = train(g, x, (lo, hi))
    p = score(model, x)
    test = (g.label >= 0) & (g.time_step > hi)
    if test.any():
        m = precision_recall_f1(p[test] >= model.threshold, g.label[test] == 1)
        console.print(f"labelled transactions after step {hi}: {int(test.sum()):,}; "
                      f"illicit precision {m['illicit_precision']}, recall "
                      f"{m['illicit_recall']}, F1 {m['illicit_f1']} (threshold "
                      f"{model.threshold}; graph structure only)")
    order = [i for i in (-p).argsort() if g.time_step[i] > hi][:top]
    t = Table("transaction", "step", "score", "label")
    for i in order:
        t.add_row(str(g.ids[i]), str(int(g.time_step[i])), f"{p[i]:.3f}",
                  {1: "illicit", 0: "licit"}.get(int(g.label[i]), ""))
    console.print(t)
    if csv:
        write_csv(csv, ["transaction", "time_step", "score", "label"],
                  ([g.ids[i], g.time_step[i], round(float(p[i]), 5), g.label[i]]
                   for i in range(g.n)))


@money_app.command("explain")
@recorded("money explain")
def money_explain(
    transaction: Annotated[str, typer.Argument(help="Transaction entity id.")],
    case: CaseOpt = Path("."),
    train_steps: Annotated[str, typer.Option(help="Time steps to train on.")] = "1-34",
    top: Annotated[int, typer.Option(help="Features to show.")] = 8,
) -> None:
    """Why a transaction scores as it does: the features that pushed its score up or
    down most (exact TreeSHAP values, in log-odds)."""
    from tnoc.money.scoring import explain, score, structural_features, train
    from tnoc.money.scoring import tx_graph as load

    with _open(case).connect(read_only=True) as con:
        g = load(con)
    where = [i for i, v in enumerate(g.ids) if v == transaction]
    if not where:
        raise TnocError(f"no CryptoTransaction {transaction!r} in this case")
    x = structural_features(g)
    model = train(g, x, _steps(train_steps))
    row = x.iloc[where]
    s = float(score(model, row)[0])
    console.print(f"{transaction}: score {s:.3f} (threshold {model.threshold}; "
                  f"{'illicit' if s >= model.threshold else 'not flagged'})")
    t = Table("feature", "value", "SHAP (log-odds)")
    for name, value, contrib in explain(model, row, top)[0]:
        t.add_row(name, f"{value:g}", f"{contrib:+.3f}")
    console.print(t)


@money_app.command("exposure")
@recorded("money exposure")
def money_exposure(
    case: CaseOpt = Path("."),
    source: SourcesOpt = None,
    top: Annotated[int, typer.Option(help="Accounts to print.")] = 20,
) -> None:
    """Direct exposure: share of each account's received and paid value that came from
    or went to attributed wallets (tags, OFAC, ransomware lists)."""
    from tnoc.money.attribution import attributed_wallets
    from tnoc.money.currency import format_money
    from tnoc.money.trace import exposure

    with _open(case).connect(read_only=True) as con:
        _transfers(con, source)
        rows = exposure(con, attributed_wallets(con))
    if not rows:
        console.print("no payments to or from attributed wallets in this case")
        return
    t = Table("account", "currency", "share in", "share out", "from illicit", "to illicit",
              title="direct exposure, per currency (not converted)")
    for r in rows[:top]:
        cur = str(r["currency"])
        t.add_row(str(r["account"]), cur,
                  *(f"{v:.3f}" if v is not None else "" for v in (r["share_in"], r["share_out"])),
                  *(format_money(cur, float(v)) if isinstance(v, int | float) else ""
                    for v in (r["from_illicit"], r["to_illicit"])))
    console.print(t)
