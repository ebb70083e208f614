"""Reporting portal benchmark (issue #23): submissions a second through ``tnoc portal``
as deployed, and a search of everything it wrote for the client's identity.

Measured in one run:

* The portal is started as ``tnoc portal DATA`` would be (a process of its own, its own
  data folder and key folder, stdout and stderr captured) on 127.0.0.2; the client is
  bound to 127.0.0.3 and sends a planted User-Agent, Referer and X-Forwarded-For.
* ``--submissions`` reports (default 100), each with a 1 MB file: the first 1 MB (cut
  at a line) of the OFAC SDN list of 2024-05-03 shipped in examples/data, with the
  report's number on its first line so every file differs; sent by ``--clients``
  concurrent clients (default 8) as a browser would: the form fetched (its CSRF token
  and proof-of-work challenge), the proof-of-work solved, the form posted. The
  challenges are solved before the timing starts (in a deployment each reporter's own
  machine solves its challenge; here the solver would take the portal's two cores):
  ``metrics.pow_solve_seconds`` says what that took.
* ``metrics.submissions_per_s``: submissions over the wall time of the posts;
  ``metrics.p50_ms``/``p95_ms``: latency of one post (upload, file checks, sealing,
  the passphrase's hash, commit, receipt page). ``metrics.errors``: posts that did
  not return a receipt. Target >= 50/s on 2 cores.
* ``metrics.identifying_values_found``: occurrences of the client's address, the user
  agent and the planted values in every file under DATA (database, WAL, temp, sealed
  files), in the sealed documents opened with the intake key, and in the portal's
  output. Must be 0.
* ``baseline``: the same submissions to a portal whose store seals nothing and hashes
  passphrases with nothing (``tnoc.intake.store.seal`` and ``hash_passphrase``
  replaced in that process), to show what sealing and hashing cost.

Run from the project root:
  .venv/bin/python benchmarks/portal.py --json
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SOURCE = ROOT / "examples" / "data" / "sanctions" / "ofac_sdn_2024-05-03.csv"
HOST, CLIENT = "127.0.0.2", "127.0.0.3"
PLANTED = {"User-Agent": "Mozilla/5.0 (PlantedAgent-bench-91c2)",
           "X-Forwarded-For": "203.0.113.77", "Referer": "https://planted-referrer.example/"}
SEARCHED = [CLIENT, "PlantedAgent-bench-91c2", "203.0.113.77", "planted-referrer"]
UNSEALED = ("import tnoc.intake.store as s; s.seal = lambda key, data: data; "
            "s.hash_passphrase = lambda passphrase: 'none'; "
            "from tnoc.cli.main import app; app(sys.argv[1:])")


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) by the nearest-rank method."""
    ranked = sorted(values)
    return ranked[max(0, min(len(ranked) - 1, round(q * len(ranked) + 0.5) - 1))]


def one_megabyte() -> bytes:
    data = SOURCE.read_bytes()[:1 << 20]
    return data[:data.rindex(b"\n") + 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(data: Path, keys: Path, port: int, pow_bits: int, unsealed: bool
          ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TNOC_KEYS": str(keys), "PYTHONPATH": str(ROOT / "src")}
    args = ["portal", str(data), "--host", HOST, "--port", str(port), "--pow-bits",
            str(pow_bits)]
    command = [sys.executable, "-c", "import sys; " + UNSEALED, *args] if unsealed \
        else [sys.executable, "-m", "tnoc.cli", *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://{HOST}:{port}/", timeout=2)
            return process
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the portal did not start: {process.communicate()}") from None
            time.sleep(0.2)


def run(folder: Path, submissions: int, clients: int, pow_bits: int, unsealed: bool
        ) -> dict[str, Any]:
    from tnoc.portal.guards import ProofOfWork

    data, keys, port = folder / "data", folder / "keys", free_port()
    process = start(data, keys, port, pow_bits, unsealed)
    base = f"http://{HOST}:{port}"
    payload = one_megabyte()
    forms: list[tuple[httpx.Client, dict[str, str]]] = []
    try:
        pool = [httpx.Client(base_url=base, headers=PLANTED, timeout=120,
                             transport=httpx.HTTPTransport(local_address=CLIENT))
                for _ in range(clients)]
        started = time.perf_counter()
        for n in range(submissions):
            client = pool[n % clients]
            page = client.get("/report/fraud").text
            fields = dict(re.findall(r'name="(csrf|pow_challenge)" value="([^"]*)"', page))
            fields["pow_nonce"] = ProofOfWork(pow_bits).solve(fields["pow_challenge"])
            forms.append((client, fields))
        solve_seconds = time.perf_counter() - started

        def post(n: int) -> tuple[float, bool]:
            client, fields = forms[n]
            body = {**fields, "narrative": f"Report {n}: the broker kept my savings.",
                    "id_kind_0": "phone", "id_value_0": "+49 157 7000 0001"}
            upload = b"report %d\n" % n + payload
            began = time.perf_counter()
            response = client.post("/report/fraud", data=body, files=[
                ("files", (f"evidence-{n}.csv", upload, "text/csv"))])
            ok = response.status_code == 200 and 'id="receipt-code"' in response.text
            return (time.perf_counter() - began) * 1000, ok

        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as workers:
            outcomes = list(workers.map(post, range(submissions)))
        wall = time.perf_counter() - began
        for client in pool:
            client.close()
    finally:
        process.terminate()
        out, err = process.communicate(timeout=60)
    times = [t for t, _ in outcomes]
    return {"submissions_per_s": round(submissions / wall, 2),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "errors": sum(1 for _, ok in outcomes if not ok),
            "pow_solve_seconds": round(solve_seconds, 2),
            "identifying_values_found": identifying(data, keys, [out, err], unsealed),
            "bytes_written": sum(p.stat().st_size for p in data.rglob("*") if p.is_file())}


def identifying(data: Path, keys: Path, outputs: list[bytes], unsealed: bool) -> int:
    """How many times a searched value occurs in what the portal wrote or printed
    (sealed documents opened with the intake key)."""
    from tnoc.intake.sealing import intake_key
    from tnoc.intake.store import IntakeStore

    blobs = [p.read_bytes() for p in data.rglob("*") if p.is_file()] + outputs
    if not unsealed:
        key, store = intake_key(keys), IntakeStore(data, None)
        for row in store.queue(None):
            blobs.append(key.open(store.sealed_report(row["report_id"])[1]))
    return sum(blob.count(v.encode()) for blob in blobs for v in SEARCHED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pow-bits", type=int, default=16)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    from tnoc import __version__

    scratch = Path(tempfile.mkdtemp(prefix="tnoc-portal-bench-"))
    try:
        metrics = run(scratch / "portal", args.submissions, args.clients, args.pow_bits,
                      unsealed=False)
        baseline = None if args.no_baseline else {
            "name": "the same portal with sealing and the passphrase's hash switched off",
            **run(scratch / "unsealed", args.submissions, args.clients, args.pow_bits,
                  unsealed=True)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result = {
        "benchmark": "portal",
        "dataset": f"{args.submissions} reports, each with a 1 MB file (the first MB of "
                   f"{SOURCE.name}), {args.clients} concurrent clients on loopback",
        "synthetic": False,
        "metrics": metrics,
        "baseline": baseline,
        "ratio": None if baseline is None else {"submissions_per_s": round(
            metrics["submissions_per_s"] / baseline["submissions_per_s"], 2)},
        "targets": {"submissions_per_s": ">= 50", "errors": "0",
                    "identifying_values_found": "0"},
        "versions": {"tnoc": __version__, "python": platform.python_version()},
        "machine": {"cores": len(os.sched_getaffinity(0)), "platform": platform.platform(),
                    "load_average_1min": round(os.getloadavg()[0], 2)},
    }
    print(json.dumps(result, ensure_ascii=False) if args.json
          else json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
