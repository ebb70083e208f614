"""Ingest benchmark: 1,000,000 generated bank transfers through TNOC's column-wise
ingest, against a naive per-row FtM ``make_entity`` loop measured in the same run.
Also timed (no baseline: reported for the record): building the transfers the money
commands read from the ingested payments (``metrics.transfers_build_seconds``).

The data is SYNTHETIC (labelled so in the JSON): ``generate`` writes N transfers with
a fixed seed: 50,000 accounts, each held at one of 400 banks, payer and beneficiary
drawn uniformly,
amounts log-normal (median ~ 1,100), timestamps uniform over 2024, five currencies and
four channels. It exists only to measure speed; no finding rests on it.

Run from the project root:  .venv/bin/python benchmarks/ingest.py --json [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAPPING = HERE / "transactions.yaml"


def generate(path: Path, rows: int, seed: float = 0.42) -> None:
    """Write ``rows`` synthetic transfers as CSV (DuckDB, seeded)."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"SELECT setseed({seed})")
    con.execute(f"""
        COPY (
          SELECT i AS tx_id,
                 'BANK' || lpad(CAST(a % 400 AS VARCHAR), 3, '0') AS from_bank,
                 'AC' || lpad(CAST(a AS VARCHAR), 6, '0') AS from_account,
                 'BANK' || lpad(CAST(b % 400 AS VARCHAR), 3, '0') AS to_bank,
                 'AC' || lpad(CAST(b AS VARCHAR), 6, '0') AS to_account,
                 round(exp(7 + 1.5 * sqrt(-2 * ln(random())) * cos(2 * pi() * random())), 2)
                   AS amount,
                 (['EUR', 'USD', 'GBP', 'CHF', 'JPY'])[1 + CAST(floor(random() * 5) AS INT)]
                   AS currency,
                 strftime(TIMESTAMP '2024-01-01' + to_seconds(CAST(floor(random() * 31536000)
                   AS BIGINT)), '%Y-%m-%dT%H:%M:%S') AS timestamp,
                 (['ACH', 'wire', 'card', 'cheque'])[1 + CAST(floor(random() * 4) AS INT)]
                   AS channel
          FROM (SELECT i, CAST(floor(random() * 50000) AS BIGINT) AS a,
                       CAST(floor(random() * 50000) AS BIGINT) AS b FROM range({rows}) r(i))
        ) TO '{path}' (HEADER, DELIMITER ',')
    """)
    con.close()


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_tnoc(csv: Path, workdir: Path) -> dict[str, float]:
    """Whole ingest (hash, read, map, clean, insert, commit) in a fresh process."""
    code = f"""
import json, time, resource
from pathlib import Path
from tnoc.store import Case
from tnoc.ingest.pipeline import ingest_file
case = Case.init(Path({str(workdir / 'case')!r}))
t = time.perf_counter()
r = ingest_file(case, {str(MAPPING)!r}, Path({str(csv)!r}))
s = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# The write floor: copying the finished statement rows into an empty table of the same
# layout, i.e. what storing one row per statement costs on this machine by itself.
with case.connect() as con:
    con.execute("CREATE TABLE floor AS SELECT * FROM statement_store WHERE false")
    t = time.perf_counter()
    con.execute("INSERT INTO floor SELECT * FROM statement_store")
    floor = time.perf_counter() - t
# What the money commands do first: the transfers built from the payments (SQL alone;
# on a read-only connection, so built and not kept, as a first read of a new case).
from tnoc.money.transfers import build_transfers
with case.connect(read_only=True) as con:
    t = time.perf_counter()
    built = build_transfers(con)
    transfers = time.perf_counter() - t
print(json.dumps({{"seconds": s, "rows": r.records, "statements": r.statements,
  "peak_rss_mb": rss, "write_floor_seconds": floor, "transfers_build_seconds": transfers,
  "transfers_usable": built.usable}}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_naive(csv: Path, rows: int) -> dict[str, float]:
    """Per-row loop: FtM make_entity for payer, beneficiary and payment, cleaned by FtM,
    turned into statements (no database write: generous to the baseline)."""
    code = f"""
import csv, json, time, resource
from followthemoney import model
from followthemoney.statement import Statement
t = time.perf_counter(); n = 0; statements = 0
with open({str(csv)!r}, newline='') as fh:
    for row in csv.DictReader(fh):
        payer = model.make_entity('BankAccount'); payer.make_id('acct', row['from_account'])
        payer.add('accountNumber', row['from_account']); payer.add('bankName', row['from_bank'])
        ben = model.make_entity('BankAccount'); ben.make_id('acct', row['to_account'])
        ben.add('accountNumber', row['to_account']); ben.add('bankName', row['to_bank'])
        pay = model.make_entity('Payment'); pay.make_id('tx', row['tx_id'])
        pay.add('payer', payer.id); pay.add('beneficiary', ben.id)
        pay.add('payerAccount', payer.id); pay.add('beneficiaryAccount', ben.id)
        pay.add('date', row['timestamp']); pay.add('amount', row['amount'])
        pay.add('currency', row['currency']); pay.add('programme', row['channel'])
        for e in (payer, ben, pay):
            statements += sum(1 for _ in Statement.from_entity(e, 'bench'))
        n += 1
        if n >= {rows}:
            break
s = time.perf_counter() - t
print(json.dumps({{"seconds": s, "rows": n, "statements": statements,
  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=100_000,
                        help="rows for the naive loop (its rate is extrapolated)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run both sides N times and report the median run of each "
                             "(this machine's run times vary by 10-30%%)")
    args = parser.parse_args()
    import duckdb
    import followthemoney

    from tnoc import __version__

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "transactions.csv"
        generate(csv, args.rows)
        tnocs, naives = [], []
        for attempt in range(args.repeat):
            tnocs.append(run_tnoc(csv, Path(tmp) / f"run{attempt}"))
            naives.append(run_naive(csv, min(args.baseline_rows, args.rows)))
        tnoc = sorted(tnocs, key=lambda r: r["seconds"])[len(tnocs) // 2]
        naive = sorted(naives, key=lambda r: r["seconds"])[len(naives) // 2]
    rows_per_s = tnoc["rows"] / tnoc["seconds"]
    base_rows_per_s = naive["rows"] / naive["seconds"]
    result = {
        "benchmark": "ingest",
        "dataset": f"generated bank transfers, {args.rows:,} rows (seeded generator)",
        "synthetic": True,
        "metrics": {
            "rows": tnoc["rows"], "statements": tnoc["statements"],
            "seconds": round(tnoc["seconds"], 3),
            "rows_per_s": round(rows_per_s),
            "statements_per_s": round(tnoc["statements"] / tnoc["seconds"]),
            "peak_rss_mb": round(tnoc["peak_rss_mb"], 1),
            "write_floor_seconds": round(tnoc["write_floor_seconds"], 3),
            "transfers_build_seconds": round(tnoc["transfers_build_seconds"], 3),
            "transfers_usable": tnoc["transfers_usable"],
            "runs_seconds": [round(r["seconds"], 3) for r in tnocs],
        },
        "baseline": {
            "name": "naive per-row FtM make_entity loop (no DB write), "
                    f"{naive['rows']:,} rows, rate extrapolated",
            "rows": naive["rows"], "seconds": round(naive["seconds"], 3),
            "rows_per_s": round(base_rows_per_s),
            "statements_per_s": round(naive["statements"] / naive["seconds"]),
            "peak_rss_mb": round(naive["peak_rss_mb"], 1),
            "runs_seconds": [round(r["seconds"], 3) for r in naives],
        },
        "ratio": {"rows_per_s": round(rows_per_s / base_rows_per_s, 1)},
        "versions": {"tnoc": __version__, "duckdb": duckdb.__version__,
                     "followthemoney": followthemoney.__version__,
                     "python": platform.python_version()},
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
