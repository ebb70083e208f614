"""Web workspace benchmark (issue #22): the server's time per page on a demo case, and
20 analysts browsing at once.

Measured in one run, on a copy of the demo case (``--case``; the copy is written, the
case given is not) with a search index built, two members added (bob, supervisor, who
opens the purpose ``BENCH-1``; alice, analyst, cleared to TLP:RED, who browses) and
alice's password set, served by ``tnoc serve`` in a subprocess on 127.0.0.1:

* ``metrics.pages``: p50/p95/max of the server's own time (the ``Server-Timing``
  header the app sets on every response, W3C Server Timing), per page, over
  ``--samples`` requests each after one unmeasured: ``login`` (the POST, a fresh client
  each time: the Argon2id check of the password on every case), ``cases``, every page
  of :data:`tnoc.web.app.NAV` (pages added later are measured without changing this
  file), ``search`` (the search page, when the app serves one, over random queries of
  ``benchmarks/search_queries.json``) and ``dossier`` (the entity page, when served,
  over ``--entities`` entities drawn at random), and ``first_ms``, the server's time of
  the page's first request (the first visit after the server started, unmeasured in
  p50/p95: it is the visit that computes what the server keeps per case state); and the
  views pages lead to: ``Money: trace`` (the traces the Money page links to, its
  busiest accounts forward and backward), ``Timeline: entities`` and ``Graph:
  neighbours`` (the timeline and the graph explorer's expansion of each entity drawn
  for the dossier). A page
  the app does not serve yet is listed with ``"served": false``. What a page loads
  after it (htmx sections with ``hx-trigger="load"``, chart images) is measured as
  ``"PAGE: PATH"``, with ``ready_s``: the seconds until it was ready the first time (a
  section computed in the background says so and is asked again).
  ``metrics.p95_ms``: the worst page's p95. Target: p95 < 300 ms for every page.
* ``metrics.load``: ``--analysts`` threads (default 20), each an httpx client logged in
  as alice under the purpose (all at once, before the clock starts:
  ``login_all_seconds``), requesting random pages (cases, the NAV pages, searches,
  dossiers) for ``--seconds`` (at most 600): requests, throughput (requests per second),
  p50/p95 of the round trip seen by the client, and ``metrics.errors``: every response
  outside 2xx/3xx and every exception (timeouts included). Target: no error.
* ``baseline``: the same work through the CLI in the same run, each a subprocess as an
  analyst runs it (``tnoc case summary``, ``tnoc search``, ``tnoc show``, ``--runs``
  times each, wall time); ``ratio``: CLI over web (p50), per page.

The server and the CLI never hold the case at once (DuckDB lets one process write):
the baseline runs after the server is stopped.

Run from the project root:
  .venv/bin/python benchmarks/web.py --json --case /path/to/demo-case
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
QUERIES = Path(__file__).resolve().parent / "search_queries.json"
PURPOSE = "BENCH-1"
PASSWORD = "benchmark passphrase of the web workspace"
ANALYST = "alice"
MAX_SECONDS = 600


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) by the nearest-rank method."""
    ranked = sorted(values)
    return ranked[max(0, min(len(ranked) - 1, round(q * len(ranked) + 0.5) - 1))]


def spread(values: list[float]) -> dict[str, Any]:
    """n, p50, p95 and max of ``values`` (milliseconds), rounded."""
    if not values:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    return {"n": len(values), "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1), "max_ms": round(max(values), 1)}


def server_ms(response: Any) -> float:
    """The server's time of ``response`` from its ``Server-Timing`` header."""
    found = re.search(r"dur=([0-9.]+)", response.headers.get("server-timing", ""))
    if found is None:
        raise SystemExit(f"{response.url}: no Server-Timing header (is this tnoc's app?)")
    return float(found.group(1))


def prepare(case: Path, copy: Path, index: bool = True) -> None:
    """Copy ``case`` to ``copy``, build its search index, add the members and their
    passwords and open the purpose (with this process's key folder, TNOC_KEYS: a copy
    of the operator's)."""
    shutil.copytree(case, copy, ignore=shutil.ignore_patterns("tmp"))
    from tnoc.ledger.keys import operator, signer
    from tnoc.service import CaseService, Session
    from tnoc.store import Case

    opened = Case.open(copy)
    admin = CaseService(opened, Session(operator()))
    for user, role in (("bob", "supervisor"), (ANALYST, "analyst")):
        admin.add_member(user, role, "TLP:RED", signer(user).public_raw.hex())
    CaseService(opened, Session(ANALYST)).set_password(ANALYST, PASSWORD)
    CaseService(opened, Session("bob")).set_password("bob", PASSWORD)
    CaseService(opened, Session("bob")).open_purpose(PURPOSE, "web workspace benchmark")
    if index:
        CaseService(opened, Session("bob", PURPOSE)).build_index()


def draw_entities(copy: Path, count: int, rng: random.Random) -> list[str]:
    """``count`` canonical entity ids drawn at random from the case."""
    import duckdb

    con = duckdb.connect(str(copy / "case.duckdb"), read_only=True)
    try:
        ids = [str(e) for e, in con.execute(
            "SELECT DISTINCT canonical_id FROM statements WHERE prop = 'id' "
            "ORDER BY canonical_id").fetchall()]
    finally:
        con.close()
    return rng.sample(ids, min(count, len(ids)))


@dataclass
class Routes:
    """The case pages the app serves (found in its routes, so pages added later count)."""

    nav: list[tuple[str, str]]
    search: str | None = None
    dossier: str | None = None
    dossier_param: str | None = None

    @classmethod
    def of(cls, folder: Path) -> Routes:
        from tnoc.web.app import NAV, create_app, routes_of

        found = cls(list(NAV))
        for route in routes_of(create_app(folder)):
            path = str(getattr(route, "path", ""))
            if "GET" not in (getattr(route, "methods", None) or ()) or "/api/" in path:
                continue
            if path == "/cases/{case_id}/search":
                found.search = path
            params = re.findall(r"\{(\w+(?::\w+)?)\}", path)  # {name} or {name:path}
            if found.dossier is None and len(params) == 2 and re.search(
                    r"/(entity|entities|dossier)/\{", path):
                found.dossier, found.dossier_param = path, params[1]
        return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def client(url: str, login: bool = True) -> Any:
    """An httpx client; logged in as the analyst under the purpose when ``login``."""
    import httpx

    session = httpx.Client(base_url=url, timeout=60)
    if login:
        response = log_in(session)
        if response.status_code != 303:
            raise SystemExit(f"the login failed ({response.status_code})")
        token = re.search(r'name="csrf-token" content="([^"]*)"',
                          session.get("/cases").text)
        assert token is not None
        case_id = re.search(r'href="/cases/([0-9a-f-]+)"', session.get("/cases").text)
        assert case_id is not None
        session.post(f"/cases/{case_id.group(1)}/purpose",
                     data={"purpose": PURPOSE, "csrf": token.group(1)})
    return session


def log_in(session: Any) -> Any:
    """POST the login form (with the form's own CSRF token); the response, unfollowed."""
    form = session.get("/login").text
    token = re.search(r'name="csrf" value="([^"]*)"', form)
    assert token is not None
    return session.post("/login", data={"user": ANALYST, "password": PASSWORD,
                                        "csrf": token.group(1)})


@dataclass
class Load:
    """What the simulated analysts saw."""

    times: list[float] = field(default_factory=list)
    login_seconds: float = 0.0
    """How long the analysts took to log in, all at once (before the browsing)."""
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def analyst(session: Any, paths: list[str], start: threading.Barrier, seconds: float,
            seed: int, load: Load) -> None:
    """One logged-in analyst: random pages for ``seconds`` once every analyst is ready."""
    rng = random.Random(seed)
    start.wait()
    deadline = time.monotonic() + seconds
    with closing(session):
        while time.monotonic() < deadline:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                response = session.get(path)
                problem = None if response.status_code < 400 else \
                    f"HTTP {response.status_code} {path.split('?')[0]}"
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                problem = f"{type(exc).__name__} {path.split('?')[0]}"
            elapsed = (time.perf_counter() - started) * 1000
            with load.lock:
                load.times.append(elapsed)
                if problem:
                    load.errors[problem] += 1


def cli_times(copy: Path, args: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall milliseconds of ``tnoc ARGS`` as a subprocess, ``runs`` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "tnoc.cli", *args, "-c", str(copy),
                               "--as", ANALYST, "--purpose", PURPOSE],
                              env=env, capture_output=True, text=True, check=False)
        times.append((time.perf_counter() - started) * 1000)
        if done.returncode != 0:
            raise SystemExit(f"tnoc {' '.join(args)} failed: {done.stderr[-500:]}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--case", type=Path, required=True, help="a demo case (tnoc demo)")
    parser.add_argument("--samples", type=int, default=20, help="requests per page")
    parser.add_argument("--entities", type=int, default=20, help="dossiers measured")
    parser.add_argument("--analysts", type=int, default=20, help="concurrent analysts")
    parser.add_argument("--seconds", type=float, default=60,
                        help=f"how long the analysts browse (at most {MAX_SECONDS})")
    parser.add_argument("--runs", type=int, default=5, help="runs of each CLI command")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--no-index", action="store_true",
                        help="do not build the search index (searches then scan)")
    args = parser.parse_args()
    if not (args.case / "case.json").is_file():
        parser.error(f"--case {args.case}: expected a case folder (with case.json)")
    if not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds: expected more than 0 and at most {MAX_SECONDS}")

    import duckdb

    from tnoc import __version__

    rng = random.Random(args.seed)
    queries = [q["query"] for q in
               json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]]
    with tempfile.TemporaryDirectory(prefix="tnoc-web-bench-") as tmp:
        scratch = Path(tmp)
        from tnoc.ledger.keys import key_folder

        # the operator's keys (the case's own key among them) and the members' keys
        # minted for the run, in the scratch folder: gone with it
        if key_folder().is_dir():
            shutil.copytree(key_folder(), scratch / "keys")
        env = {**os.environ, "TNOC_KEYS": str(scratch / "keys"),
               "PYTHONPATH": str(ROOT / "src")}
        os.environ["TNOC_KEYS"] = env["TNOC_KEYS"]
        copy = scratch / "demo"
        prepare(args.case, copy, index=not args.no_index)
        entities = draw_entities(copy, args.entities, rng)
        con = duckdb.connect(str(copy / "case.duckdb"), read_only=True)
        statements = int(con.execute("SELECT count(*) FROM statement_store").fetchall()[0][0])
        con.close()
        case_id = json.loads((copy / "case.json").read_text(encoding="utf-8"))["case_id"]
        routes = Routes.of(copy)
        base = f"/cases/{case_id}"
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "tnoc.cli", "serve", str(copy), "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            pages, load, load_paths = measure(url, base, routes, entities, queries, rng,
                                              args, server)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # measured already: stopped for good
                print("tnoc serve did not stop within 30 s of SIGTERM: killed",
                      file=sys.stderr)
                server.kill()
                server.wait(timeout=30)
        summary_ms = cli_times(copy, ["case", "summary", "--json"], args.runs, env)
        search_ms = cli_times(copy, ["search", rng.choice(queries), "--json"],
                              args.runs, env)
        show_ms = cli_times(copy, ["show", rng.choice(entities), "--json"], args.runs, env)

    served = {k: v for k, v in pages.items() if v.get("served", True)}
    # the login is the Argon2id check of the password, slow by design: reported apart
    worst = max((k for k in served if k != "login"), key=lambda k: served[k]["p95_ms"])
    seconds = args.seconds
    metrics: dict[str, Any] = {
        "p95_ms": served[worst]["p95_ms"], "worst_page": worst,
        "login_p95_ms": pages["login"]["p95_ms"], "pages": pages,
        "errors": sum(load.errors.values()), "error_kinds": dict(load.errors),
        "load": {"analysts": args.analysts, "seconds": seconds,
                 "login_all_seconds": round(load.login_seconds, 1),
                 "requests": len(load.times),
                 "requests_per_second": round(len(load.times) / seconds, 1),
                 "pages_browsed": load_paths, **spread(load.times)},
        "statements": statements,
    }
    baseline = {"name": "the same work through the CLI, a subprocess each (wall time)",
                "case summary": spread(summary_ms), "search": spread(search_ms),
                "show": spread(show_ms)}

    def over(cli: list[float], page: str) -> float | None:
        web = pages.get(page, {}).get("p50_ms")
        return round(statistics.median(cli) / web, 1) if web else None

    result = {
        "benchmark": "web",
        "dataset": f"the demo case at {args.case}: bundled real data, {statements:,} "
                   "statements (copied, indexed, members added)",
        "synthetic": False,
        "metrics": metrics,
        "baseline": baseline,
        "ratio": {"overview_p50": over(summary_ms, "Overview"),
                  "search_p50": over(search_ms, "search"),
                  "dossier_p50": over(show_ms, "dossier")},
        "targets": {"p95_ms": "< 300 (every page but the login)", "errors": "0",
                    "login_p95_ms": "none: Argon2id (RFC 9106 defaults) checks the "
                                    "password, slow by design against guessing"},
        "versions": {"tnoc": __version__, "duckdb": duckdb.__version__,
                     "fastapi": _version("fastapi"), "uvicorn": _version("uvicorn"),
                     "httpx": _version("httpx"), "python": platform.python_version()},
        "machine": {"cores": len(os.sched_getaffinity(0)), "platform": platform.platform(),
                    "load_average_1min": round(os.getloadavg()[0], 2)},
    }
    print(json.dumps(result, ensure_ascii=False) if args.json
          else json.dumps(result, indent=2, ensure_ascii=False))


def measure(url: str, base: str, routes: Routes, entities: list[str],
            queries: list[str], rng: random.Random, args: argparse.Namespace,
            server: subprocess.Popen[bytes]) -> tuple[dict[str, Any], Load, int]:
    """Every page's server time, then the analysts' load (see the module)."""
    from html import unescape
    from urllib.parse import quote

    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), 1):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                err = server.stderr.read().decode() if server.stderr else ""
                raise SystemExit(f"tnoc serve did not start: {err[-800:]}") from None
            time.sleep(0.2)

    def sample(session: Any, paths: list[str]) -> dict[str, Any]:
        # the first request of a page is kept apart (``first_ms``: the first visit after
        # the server started, when nothing is kept yet), not in the warm p50/p95
        first = session.get(paths[0])
        if first.status_code != 200:
            raise SystemExit(f"{paths[0]}: HTTP {first.status_code}")
        times = []
        for path in paths:
            response = session.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            times.append(server_ms(response))
        return {"first_ms": round(server_ms(first), 1), **spread(times)}

    pages: dict[str, Any] = {}
    logins = []
    for i in range(args.samples + 1):
        with closing(client(url, login=False)) as fresh:
            response = log_in(fresh)
            if i:
                logins.append(server_ms(response))
    pages["login"] = spread(logins)
    paths: list[str] = ["/cases"]
    with closing(client(url)) as session:
        pages["cases"] = sample(session, ["/cases"] * args.samples)
        for label, path in routes.nav:
            pages[label] = sample(session, [base + path] * args.samples)
            paths.append(base + path)
            for part in sections(session.get(base + path).text):
                name = f"{label}: {part.split('?')[0].removeprefix(base)}"
                pages[name] = {"ready_s": ready(session, part),
                               **sample(session, [part] * args.samples)}
                paths.append(part)
        if routes.search:
            found = [f"{base}/search?q={quote(q)}" for q in
                     rng.sample(queries, min(args.samples, len(queries)))]
            pages["search"] = sample(session, found)
            paths += found
        else:
            pages["search"] = {"served": False}
        if routes.dossier and routes.dossier_param:
            found = [routes.dossier.replace("{case_id}", base.rsplit("/", 1)[1])
                     .replace("{" + routes.dossier_param + "}", quote(e, safe=""))
                     for e in entities]
            pages["dossier"] = sample(session, found)
            paths += found
        else:
            pages["dossier"] = {"served": False}
        # the views a page leads to: the traces the Money page links to (its busiest
        # accounts, forward and backward), and the sampled entities' timelines and
        # graph neighbours (what the graph explorer asks when it expands a node)
        money = session.get(f"{base}/money").text
        deeper = {
            "Money: trace": [unescape(h) for h in dict.fromkeys(re.findall(
                r'href="(/cases/[^"]+/money/trace\?[^"]+)"', money))][:args.samples],
            "Timeline: entities": [f"{base}/timeline?entity={quote(e, safe='')}"
                                   for e in entities],
            "Graph: neighbours": [f"{base}/api/graph/neighbours?entity={quote(e, safe='')}"
                                  for e in entities]}
        for name, found in deeper.items():
            if found:
                pages[name] = sample(session, found)
                paths += found
    load = Load()
    sessions: list[Any] = []

    def arrive() -> None:  # the analysts log in at once, before the clock starts
        try:
            found = client(url)
        except Exception as exc:  # noqa: BLE001 - every failure is counted
            with load.lock:
                load.errors[f"login: {type(exc).__name__}"] += 1
            return
        with load.lock:
            sessions.append(found)

    started = time.perf_counter()
    arrivals = [threading.Thread(target=arrive) for _ in range(args.analysts)]
    for thread in arrivals:
        thread.start()
    for thread in arrivals:
        thread.join()
    load.login_seconds = time.perf_counter() - started
    start = threading.Barrier(len(sessions))
    threads = [threading.Thread(target=analyst, args=(session, paths, start, args.seconds,
                                                      args.seed + i, load))
               for i, session in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return pages, load, len(set(paths))


def sections(page: str) -> list[str]:
    """What a page loads after it (the browser asks at once): htmx sections with
    ``hx-trigger="load"`` and images of the case's API (charts)."""
    from html import unescape

    found = []
    for tag in re.findall(r"<[^>]*>", page):
        trigger = re.search(r'hx-trigger="load[^"]*"', tag)
        link = re.search(r'hx-get="(/cases/[^"]+)"', tag) if trigger else \
            re.search(r'<img[^>]*src="(/cases/[^"]+)"', tag)
        if link:
            found.append(unescape(link.group(1)))
    return list(dict.fromkeys(found))


def ready(session: Any, path: str, limit: float = 600) -> float:
    """Seconds until the section at ``path`` is ready (a section computed in the
    background says so with ``data-computing`` and is asked again, as the page does
    every 2 s)."""
    from html import unescape

    started = time.perf_counter()
    while True:
        response = session.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        if "data-computing" not in response.text:
            return round(time.perf_counter() - started, 1)
        if time.perf_counter() - started > limit:
            raise SystemExit(f"{path}: not ready after {limit:.0f} s")
        # asked again as the page does: with the consultation's poll token, if any
        again = re.search(r'data-computing[^>]*hx-get="([^"]+)"', response.text)
        path = unescape(again.group(1)) if again else path
        time.sleep(2)


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    main()
