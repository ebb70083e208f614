"""Typology detection on the real AMLworld HI-Medium laundering attempts.

The 2,756 real attempts (22,743 transfers, Altman et al. 2023) are taken in through the
shipped mapping into a fresh case, read back as ``transfers`` and embedded in generated
normal activity (``transaction_generator.py``, SYNTHETIC, AMLSim's normal behaviours).
The rules of :mod:`tnoc.money.typologies` run over everything.

Metrics (all on the test half, see below):

* ``recall_by_typology``: share of attempts of each typology (name as in the file) of
  which at least half the transfers are in alerts *labelled with that typology*;
* ``recall_by_typology_identifiable``: the same over the attempts whose own transfers
  show the typology's defining structure (a one-transfer "FAN-IN" cannot be told from a
  one-transfer "FAN-OUT"; AMLworld's BIPARTITE and STACK attempts are sets of transfers
  that share no account, see docs/money.md); ``identifiable`` gives the counts;
* ``tx_recall``: share of laundering transfers in any alert; ``tx_precision``: share of
  alerted transfers that are laundering;
* ``label_share_by_typology``: of the laundering transfers an alert labels with a
  typology, the share that belong to an attempt filed under it (how specific the label
  is; not a target, since AMLworld's attempts share accounts across typologies).

Baseline: a plain per-transaction gradient-boosting classifier (LightGBM) on per-transfer
features (amount, currency, hour, weekday, payer's and beneficiary's transfer counts and
counterparties, transfers on the pair), trained on half the attempts and half the
background, scored on the other half; the rules are scored on the same half.

``--scale N`` also times the rules over N generated transfers (plus the attempts) and
reports peak memory.

    python benchmarks/typologies.py --json \
        --patterns examples/data/aml/amlworld_HI-Medium_Patterns.txt --scale 5000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from transaction_generator import generate  # noqa: E402

from tnoc.ingest.pipeline import ingest_file  # noqa: E402
from tnoc.money.transfers import adopt_transfers, build_transfers  # noqa: E402
from tnoc.money.typologies import (  # noqa: E402
    TypologyParams,
    TypologyRun,
    detect,
    identifiable_attempts,
    load_attempt_truth,
)
from tnoc.store import Case  # noqa: E402

MONITOR_FROM = "2022-09-01"
"""The attempts start on 2022-09-01; the generated months before are history."""

def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_attempts(patterns: Path, workdir: Path) -> duckdb.DuckDBPyConnection:
    """Ingest the real file into a fresh case; return an in-memory copy of what the
    rules need (the temp table ``transfers`` this benchmark owns and adds background
    to, and ``truth``)."""
    case = Case.init(workdir / "case")
    ingest_file(case, "amlworld_patterns", patterns)
    con = duckdb.connect(str(case.db_path))
    built = build_transfers(con)
    con.execute(f"CREATE TEMP TABLE transfers AS SELECT * FROM {built.table}")
    load_attempt_truth(con)
    # keep only transfers usable by the rules (self-transfers are reported, not ruled on)
    con.execute("DELETE FROM truth WHERE transfer_id NOT IN (SELECT transfer_id FROM transfers)")
    return con


def add_background(con: duckdb.DuckDBPyConnection, n: int, accounts: int, seed: int,
                   singles_share: float) -> int:
    laundering_accounts = [r[0] for r in con.execute(
        "SELECT DISTINCT a FROM (SELECT payer a FROM transfers UNION SELECT beneficiary "
        "FROM transfers) ORDER BY 1").fetchall()]
    mix = dict(con.execute(
        "SELECT currency, count(*) FROM transfers GROUP BY 1 ORDER BY 1").fetchall())
    frame = generate(n, accounts, laundering_accounts, mix, seed=seed,
                     singles_share=singles_share)
    con.register("bg", frame)
    con.execute("""INSERT INTO transfers BY NAME
                   SELECT *, 'generated' AS source_id, NULL AS locator, NULL AS line,
                          false AS zoned, 'ACH' AS channel FROM bg""")
    con.unregister("bg")
    return len(frame)


def split(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Test half: half the attempts (by attempt) and half the background."""
    # a hash of the id and the seed, not random(): the same split whatever the row order
    con.execute("""
        CREATE OR REPLACE TEMP TABLE att_split AS
        SELECT att, hash(att || $seed) % 2 = 0 AS test FROM (SELECT DISTINCT att FROM truth)""",
                {"seed": str(seed)})
    con.execute("""
        CREATE OR REPLACE TEMP TABLE labelled AS
        SELECT t.transfer_id, l.transfer_id IS NOT NULL AS laundering,
               coalesce(s.test, hash(t.transfer_id || $seed) % 2 = 0) AND t.ts >= $since AS test
        FROM transfers t
        LEFT JOIN (SELECT transfer_id, min(att) AS att FROM truth GROUP BY 1) l USING (transfer_id)
        LEFT JOIN att_split s ON s.att = l.att""", {"since": MONITOR_FROM, "seed": str(seed)})


def rule_metrics(con: duckdb.DuckDBPyConnection, run: TypologyRun) -> dict[str, object]:
    identifiable_attempts(con, run.source)
    cov = con.execute(f"""
        WITH cov AS (
            SELECT tr.att, tr.typ, count(*) AS n, count(al.transfer_id) AS hit
            FROM truth tr JOIN att_split s ON s.att = tr.att AND s.test
            LEFT JOIN (SELECT DISTINCT typology, transfer_id
                       FROM {run.alert_transfers_table}) al
                   ON al.transfer_id = tr.transfer_id AND al.typology = tr.typ
            GROUP BY 1, 2)
        SELECT cov.typ, count(*), avg((hit * 2 >= n)::INT),
               count(*) FILTER (WHERE i.ok), avg((hit * 2 >= n)::INT) FILTER (WHERE i.ok)
        FROM cov JOIN identifiable i USING (att)
        GROUP BY 1 ORDER BY 1""").fetchall()
    tx = con.execute(f"""
        SELECT count(*) FILTER (WHERE l.laundering AND a.transfer_id IS NOT NULL),
               count(*) FILTER (WHERE l.laundering),
               count(*) FILTER (WHERE a.transfer_id IS NOT NULL)
        FROM labelled l LEFT JOIN (SELECT DISTINCT transfer_id
                                   FROM {run.alert_transfers_table}) a
             USING (transfer_id)
        WHERE l.test""").fetchall()[0]
    # how specific each label is: of the laundering test transfers an alert labels X,
    # the share that belong to an attempt filed as X (AMLworld's attempts overlap:
    # a pair of accounts can trade under several typologies, see docs/money.md)
    share = con.execute(f"""
        WITH a AS (SELECT DISTINCT typology, transfer_id FROM {run.alert_transfers_table}),
        own AS (SELECT a.typology, a.transfer_id,
                       bool_or(tr.typ = a.typology) AS right_label
                FROM a JOIN truth tr USING (transfer_id)
                JOIN att_split s ON s.att = tr.att AND s.test GROUP BY 1, 2)
        SELECT typology, avg(right_label::INT) FROM own GROUP BY 1 ORDER BY 1""").fetchall()
    return {
        "recall_by_typology": {t: round(r, 4) for t, _, r, _, _ in cov},
        "label_share_by_typology": {t: round(r, 4) for t, r in share},
        "recall_by_typology_identifiable": {t: (round(ri, 4) if ri is not None else None)
                                            for t, _, _, _, ri in cov},
        "attempts_tested": {t: n for t, n, _, _, _ in cov},
        "identifiable": {t: ni for t, _, _, ni, _ in cov},
        "tx_recall": round(tx[0] / tx[1], 4) if tx[1] else None,
        "tx_precision": round(tx[0] / tx[2], 4) if tx[2] else None,
        "alerted_test_transfers": tx[2],
    }


BASELINE_FEATURES_SQL = """
SELECT l.transfer_id, l.laundering::INT AS y, l.test,
       ln(t.amount) AS log_amount, t.currency, hour(t.ts) AS hour, dayofweek(t.ts) AS weekday,
       count(*) OVER (PARTITION BY t.payer) AS payer_out,
       count(*) OVER (PARTITION BY t.beneficiary) AS ben_in,
       count(*) OVER (PARTITION BY least(t.payer, t.beneficiary),
                                   greatest(t.payer, t.beneficiary)) AS pair_transfers,
       epoch(t.ts) - epoch(min(t.ts) OVER (PARTITION BY least(t.payer, t.beneficiary),
                                   greatest(t.payer, t.beneficiary))) AS since_pair_first
FROM labelled l JOIN transfers t USING (transfer_id)
ORDER BY l.transfer_id
"""


def test_attempt_transfers(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Transfers of test attempts (a test attempt's history rows are not training data)."""
    return {r[0] for r in con.execute(
        "SELECT transfer_id FROM truth JOIN att_split s USING (att) WHERE s.test").fetchall()}


def baseline(con: duckdb.DuckDBPyConnection, seed: int) -> dict[str, object]:
    import lightgbm as lgb

    frame = con.execute(BASELINE_FEATURES_SQL).df()
    frame["currency"] = frame["currency"].astype("category")
    feats = ["log_amount", "currency", "hour", "weekday", "payer_out", "ben_in",
             "pair_transfers", "since_pair_first"]
    test = frame[frame.test]
    train = frame[~frame.test & ~frame.transfer_id.isin(test_attempt_transfers(con))]
    model = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.05, num_leaves=63,
                               random_state=seed, verbose=-1, n_jobs=2,
                               deterministic=True, force_row_wise=True)
    model.fit(train[feats], train.y)
    pred = model.predict_proba(test[feats])[:, 1] >= 0.5
    y = test.y.to_numpy() == 1
    tp = int((pred & y).sum())
    return {"tx_recall": round(tp / max(int(y.sum()), 1), 4),
            "tx_precision": round(tp / max(int(pred.sum()), 1), 4),
            "model": "LightGBM 300 trees, per-transfer features: " + ", ".join(feats)}


def scale_run(n: int, seed: int, params: TypologyParams) -> dict[str, object]:
    """Rules over ``n`` generated transfers (no attempts needed: the cost is the volume)."""
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    t = time.perf_counter()
    frame = generate(n, max(n // 10, 1000), [], {"USD": 0.45, "EUR": 0.3, "GBP": 0.1,
                                                  "CNY": 0.1, "JPY": 0.05}, seed=seed)
    con.register("bg", frame)
    con.execute("CREATE TEMP TABLE transfers AS SELECT *, 'generated' AS source_id, "
                "NULL::VARCHAR AS locator FROM bg")
    con.unregister("bg")
    del frame
    gen_s = time.perf_counter() - t
    t = time.perf_counter()
    run = detect(con, adopt_transfers(con, "transfers"), params)
    detect_s = time.perf_counter() - t
    return {"transfers": run.transfers, "generate_seconds": round(gen_s, 1),
            "detect_seconds": round(detect_s, 1), "alerts": run.alerts,
            "candidate_transfers": run.candidate_transfers,
            "peak_rss_mb": round(peak_rss_mb(), 0), "threads": 2}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--patterns", type=Path,
                    default=HERE.parent / "examples/data/aml/amlworld_HI-Medium_Patterns.txt")
    ap.add_argument("--background", type=int, default=250_000)
    ap.add_argument("--accounts", type=int, default=50_000)
    ap.add_argument("--singles-share", type=float, default=0.10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=int, default=0,
                    help="also time the rules over this many generated transfers")
    args = ap.parse_args()
    params = TypologyParams(since=MONITOR_FROM)
    out: dict[str, object] = {"benchmark": "typologies", "patterns": str(args.patterns),
                              "machine": {"cpus": os.cpu_count(),
                                          "python": platform.python_version()},
                              "parameters": params.as_dict()}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        con = load_attempts(args.patterns, Path(tmp))
        ingest_s = time.perf_counter() - t
        n_bg = add_background(con, args.background, args.accounts, args.seed,
                              args.singles_share)
        split(con, args.seed)
        t = time.perf_counter()
        run = detect(con, adopt_transfers(con, "transfers"), params)
        detect_s = time.perf_counter() - t
        metrics = rule_metrics(con, run)
        t = time.perf_counter()
        base = baseline(con, args.seed)
        base_s = time.perf_counter() - t
        out["data"] = {
            "laundering_transfers": con.execute("SELECT count(*) FROM truth").fetchall()[0][0],
            "attempts": con.execute("SELECT count(DISTINCT att) FROM truth").fetchall()[0][0],
            "background_transfers_synthetic": n_bg, "background_accounts": args.accounts,
            "singles_share": args.singles_share, "seed": args.seed,
            "candidate_transfers": run.candidate_transfers, "alerts": run.by_typology,
            "fx_rates_used": [r.as_dict() for r in run.fx]}
        out["metrics"] = metrics
        out["baseline"] = base
        out["timing_seconds"] = {"ingest_attempts": round(ingest_s, 1),
                                 "detect": round(detect_s, 1), "baseline": round(base_s, 1)}
        con.close()
    if args.scale:
        out["scale"] = scale_run(args.scale, args.seed, params)
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        m = out["metrics"]
        assert isinstance(m, dict)
        for typ, r in m["recall_by_typology"].items():
            print(f"{typ:16} recall {r:.3f}  identifiable "
                  f"{m['recall_by_typology_identifiable'][typ]}")
        print("tx recall", m["tx_recall"], "tx precision", m["tx_precision"])
        print("baseline", out["baseline"])
        if "scale" in out:
            print("scale", out["scale"])


if __name__ == "__main__":
    main()
