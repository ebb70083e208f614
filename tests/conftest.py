"""Shared fixtures: the bundled real data and fresh cases."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tnoc.store import Case

from .tnoc_process import ForkedTnoc

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"


@pytest.fixture(autouse=True, scope="session")
def signing_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Operators' private keys for the whole run, outside any case (as in real use)."""
    import os

    folder = tmp_path_factory.mktemp("keys")
    os.environ["TNOC_KEYS"] = str(folder)
    return folder


@pytest.fixture(autouse=True, scope="session")
def one_command_tree() -> Iterator[None]:
    """Typer's ``CliRunner.invoke`` builds click's command tree from the app on every
    call: 113 commands, each signature's annotations evaluated (about 0.9 s on a loaded
    machine, more than most commands take). A ``tnoc`` process builds it once and runs
    one command; the suite invokes the app hundreds of times, so each app's tree is
    built once and reused, as click's commands are made to be (a context per call)."""
    import typer.testing

    build = typer.testing._get_command
    built: dict[int, tuple[Any, Any]] = {}

    def once(app: Any) -> Any:
        if id(app) not in built:  # the app kept alongside, so its id is not reused
            built[id(app)] = (app, build(app))
        return built[id(app)][1]

    typer.testing._get_command = once
    yield
    typer.testing._get_command = build


@pytest.fixture(autouse=True, scope="session")
def partner_readers() -> None:
    """The partners' formats' readers handed to the intake, as the faces do before an
    intake (``tnoc ingest``, ``tnoc import``): tests call ``ingest_file`` directly."""
    from tnoc.exchange.intake import register_readers

    register_readers()


@pytest.fixture(autouse=True)
def no_interrupt_block_left() -> Iterator[None]:
    """Every test leaves no Ctrl-C block of Spark's open (tnoc.store.spark_interrupt):
    a block left open would be the outer block of every later one in the process
    (a nested block is the outer one), so a leak is failed where it happens."""
    from tnoc.store import spark_interrupt

    yield
    left = list(spark_interrupt._ACTIVE)
    spark_interrupt._ACTIVE.clear()
    assert not left, f"a spark_interrupts block was left open: {left}"


@pytest.fixture
def case(tmp_path: Path) -> Case:
    """A new, empty case."""
    return Case.init(tmp_path / "case")


class BuiltCase:
    """A case built once per test process, handed to each test as its own copy (a test
    may change its copy; the next gets the case as built)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def copy(self, destination: Path) -> Case:
        """A copy of the case at ``destination`` (a folder that does not exist yet)."""
        shutil.copytree(self.root, destination)
        return Case.open(destination)


@pytest.fixture(scope="session")
def sdn_2024(tmp_path_factory: pytest.TempPathFactory) -> BuiltCase:
    """OFAC's whole SDN list of 2024-05-03 ingested into a new case with the defaults, as
    ``ingest_file(case, "ofac_sdn", ...)`` leaves it: thirteen ingests of it (each 8-15 s)
    became copies."""
    from tnoc.ingest.pipeline import ingest_file

    case = Case.init(tmp_path_factory.mktemp("sdn-2024") / "case")
    ingest_file(case, "ofac_sdn", DATA / "sanctions" / "ofac_sdn_2024-05-03.csv")
    return BuiltCase(case.root)


@pytest.fixture
def sdn_case(sdn_2024: BuiltCase, tmp_path: Path) -> Case:
    """A case of the test's own holding OFAC's SDN list of 2024-05-03 (``sdn_2024``)."""
    return sdn_2024.copy(tmp_path / "case")


def store_fingerprint(case: Case) -> tuple[object, ...]:
    """Everything that must not change when an ingest fails."""
    with case.connect(read_only=True) as con:
        return tuple(
            con.execute(q).fetchone()
            for q in (
                "SELECT count(*), coalesce(sum(hash(id || source_id || value)), 0) "
                "FROM statements",
                "SELECT count(*), coalesce(string_agg(source_id, ',' ORDER BY source_id), '') "
                "FROM sources",
                "SELECT count(*), coalesce(max(entry_hash), '') FROM custody_events",
            )
        )


def run_tnoc(*args: str, columns: int = 200, fresh: bool = False
             ) -> subprocess.CompletedProcess[str]:
    """Run ``tnoc`` through its real entry point, standard output piped (never a
    terminal, whatever the environment forces), at a console width of ``columns``: a
    process forked from the test process's fork server (tests/tnoc_process.py), or a
    new interpreter when ``fresh`` (its own string-hash seed: for output that must not
    depend on set order across processes)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("FORCE_COLOR", "FORCE_TERMINAL", "TTY_COMPATIBLE")}
    env["COLUMNS"] = str(columns)
    if _FORKED is not None and not fresh:
        return _FORKED.run(list(args), env)
    return subprocess.run([sys.executable, "-m", "tnoc.cli", *args], capture_output=True,
                          text=True, env=env)


# One fork server per test process (tests/tnoc_process.py): each call is still its own
# process, without paying FtM's model load again. TNOC_TEST_NO_FORK=1: new interpreters.
_FORKED = (ForkedTnoc() if hasattr(os, "fork") and not os.environ.get("TNOC_TEST_NO_FORK")
           else None)


@pytest.fixture(autouse=True, scope="session")
def fork_server() -> Iterator[None]:
    """Ends the test process's fork server with the process."""
    yield
    if _FORKED is not None:
        _FORKED.close()


@pytest.fixture(autouse=True)
def jvm_news_again() -> None:
    """Each test begins with the JVM's standard error relayed: a test that pressed
    Ctrl-C leaves it unrelayed for a moment (tnoc.store.spark_interrupt.stopping), which
    in one process is the next test's time."""
    from tnoc.store import spark_interrupt

    spark_interrupt._QUIET_UNTIL[0] = 0.0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def save_screenshot(page: Any, folder: str, name: str, *, full_page: bool = False) -> Path:
    """Take the page's screenshot (every browser test renders its page this way) and save
    it as ``docs/FOLDER/NAME.png`` when ``TNOC_SCREENSHOTS=1`` (``make screenshots``:
    the pictures the docs show), else under the temporary folder, so that a test run
    leaves the committed pictures as they are."""
    keep = os.environ.get("TNOC_SCREENSHOTS") == "1"
    folder_path = (ROOT / "docs" / folder if keep
                   else Path(tempfile.gettempdir()) / "tnoc-screenshots" / folder)
    folder_path.mkdir(parents=True, exist_ok=True)
    path = folder_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never ``playwright install``,
    which downloads a browser): one per test process, shared by the workspace's and the
    portal's tests (Playwright's sync API runs one instance per thread)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync"])
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The one Spark session of the test process (``local[1]``, UTC, 2 shuffle
    partitions; tnoc.store.engine.spark_session), with Splink's similarity functions'
    jar so the resolution test can use it too. Skips only where Java or pyspark is
    missing (CI installs Java: .ci/run)."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime")
    from tnoc.resolve.spark_backend import similarity_jars
    from tnoc.store.engine import spark_session

    session = spark_session("local[1]", app_name="tnoc-test", shuffle_partitions=2,
                            **{"spark.jars": similarity_jars(),
                               "spark.driver.memory": "2g",
                               "spark.driver.extraJavaOptions":
                                   "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                               "spark.sql.codegen.wholeStage": "false",
                               "spark.sql.adaptive.enabled": "false",
                               })
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


PRODUCTION_SQL = {"spark.sql.adaptive.enabled": "true",
                  "spark.sql.codegen.wholeStage": "true"}
"""Spark's own defaults (what ``tnoc.store.engine.spark_session`` runs with) for the two
runtime SQL settings the test session turns off to start jobs faster."""


@pytest.fixture
def spark_production_sql(spark: Any) -> Iterator[Any]:
    """The session on production SQL settings (adaptive execution, whole-stage codegen)
    for one test, restored afterwards: a differential test on the settings a real run
    uses (plans and codegen paths differ), the rest of the suite on the faster ones."""
    before = {key: spark.conf.get(key) for key in PRODUCTION_SQL}
    for key, value in PRODUCTION_SQL.items():
        spark.conf.set(key, value)
    try:
        yield spark
    finally:
        for key, value in before.items():
            spark.conf.set(key, value)


def _spark_files(root: Path) -> frozenset[str]:
    """The test files (relative to ``root``, as in test ids) that mark a test ``spark``."""
    return frozenset(str(path.relative_to(root)) for path in (root / "tests").rglob("test_*.py")
                     if "mark.spark" in path.read_text(encoding="utf-8"))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``make test``'s ``--dist loadfile``, except that every file holding a Spark test
    goes to one worker as one unit: each worker that runs a Spark test starts a JVM of
    its own (the session ``spark`` fixture), and two of them on two cores slowed the
    whole suite; with one unit the other worker runs everything else meanwhile."""
    if (config.getoption("dist", None) != "loadfile"
            or "not spark" in (config.getoption("markexpr", "") or "")):
        return None  # no Spark test runs: the files go to any worker
    from xdist.scheduler import LoadFileScheduling

    spark_files = _spark_files(config.rootpath)

    class SparkFilesTogether(LoadFileScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "spark" if path in spark_files else path

    return SparkFilesTogether(config, log)


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by the marks added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files holding a ``slow`` or ``spark`` test run first: ``make test`` hands whole
    files to its two workers in collection order, and the few long files (the demo,
    Splink on Spark) used to start last and leave one worker idle while they ran.
    Within a file the order is unchanged (a stable sort by file)."""
    for item in items:  # whatever starts Spark is a Spark test, marked or not
        if "spark" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("spark"):
            item.add_marker(pytest.mark.spark)
    heavy = {item.path for item in items
             if item.get_closest_marker("slow") or item.get_closest_marker("spark")}
    items.sort(key=lambda item: item.path not in heavy)


def stays_on(url: str, workspace: str) -> bool:
    """Whether a browser request to ``url`` stays on the workspace (or portal) served
    at ``workspace`` (``http://127.0.0.1:PORT``): the same scheme, host and port, compared
    parsed (a prefix would let ``http://127.0.0.1:PORT@elsewhere/`` and
    ``http://127.0.0.1:PORT0/`` through), or data the page holds (``data:``, and a
    ``blob:`` of the workspace's own origin)."""
    from urllib.parse import urlsplit

    if url.startswith("data:"):
        return True
    try:
        asked = urlsplit(url.removeprefix("blob:"))  # blob:http://127.0.0.1:PORT/uuid
        served = urlsplit(workspace)
        return (asked.scheme, asked.hostname, asked.port) == \
            (served.scheme, served.hostname, served.port)
    except ValueError:  # not a URL, or a port that is not one (out of range)
        return False


def first_records(source: Path, records: int, folder: Path) -> Path:
    """The header and the first ``records`` records of the CSV file ``source``, read
    as CSV (a quoted value may span lines, so not the first lines), written as a file
    of the same name under ``folder``: a real file cut to what a test needs."""
    return _cut(source, folder, lambda rows: (row for _, row in zip(
        range(records + 1), rows, strict=False)))


def records_with(source: Path, text: str, folder: Path) -> Path:
    """The records of the header-less CSV file ``source`` with ``text`` in a field,
    written as :func:`first_records` writes its cut."""
    return _cut(source, folder, lambda rows: (
        row for row in rows if any(text in field for field in row)))


def _cut(source: Path, folder: Path,
         keep: Callable[[Iterator[list[str]]], Iterable[list[str]]]) -> Path:
    """``source``'s CSV records that ``keep`` keeps, written to ``folder/NAME``."""
    import csv

    with source.open(newline="", encoding="utf-8") as whole:
        kept = list(keep(csv.reader(whole)))
    cut = folder / source.name
    with cut.open("w", newline="", encoding="utf-8") as part:
        csv.writer(part).writerows(kept)
    return cut
