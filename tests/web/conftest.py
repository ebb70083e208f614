"""The web workspace under test: a governed case of real data, the app served on
127.0.0.1 by uvicorn in a thread, and Debian's Chromium driven by Playwright with every
request that would leave 127.0.0.1 failing the test.

The case (built once per test worker): the seized phone's call records (TLP:AMBER),
the CAVIAR wiretap network (TLP:RED) and the SAML-D bank transactions sample
(TLP:AMBER); members alice (analyst, cleared to TLP:AMBER), bob (supervisor,
TLP:RED), rita (researcher) and audrey (auditor), each with a password; the purpose
OP-2026-17 open.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tnoc.govern.policy import Role
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.keys import operator, signer
from tnoc.service import CaseService, Session
from tnoc.store import Case

from ..conftest import DATA, ROOT, free_port, save_screenshot, stays_on

PURPOSE = "OP-2026-17"
PASSWORD = "correct horse battery staple"
MEMBERS = {"alice": (Role.ANALYST, "TLP:AMBER"), "bob": (Role.SUPERVISOR, "TLP:RED"),
           "rita": (Role.RESEARCHER, "TLP:RED"), "audrey": (Role.AUDITOR, "TLP:RED")}
CDR = ROOT / "tests" / "data" / "cdr" / "calls.csv"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OFAC_XBT = DATA / "sanctions" / "ofac_crypto_addresses" / "sanctioned_addresses_XBT.txt"


def build_case(root: Path) -> Case:
    """The workspace's test case (see the module)."""
    case = Case.init(root, name="Operation Lantern")
    ingest_file(case, "call_records", CDR, IngestOptions(region="DE"))
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv",
                IngestOptions(handling_code="TLP:RED"))
    ingest_file(case, "saml_d", DATA / "aml" / "saml-d_sample_1k.csv", IngestOptions())
    admin = CaseService(case, Session(operator()))
    for user, (role, clearance) in MEMBERS.items():
        admin.add_member(user, role.value, clearance, signer(user).public_raw.hex())
    for user in MEMBERS:
        CaseService(case, Session(user)).set_password(user, PASSWORD)
    CaseService(case, Session("bob")).open_purpose(PURPOSE, "who is Kemal Aydin")
    # threat assessment (tests/web/test_assess_custody.py): the FBI IC3 published
    # statistics the trends, emerging threats and the report read (~0.3 s)
    for mapping, table in (("ic3_counts", "ic3_crime_type_counts_2015_2025.csv"),
                           ("ic3_losses", "ic3_crime_type_losses_2015_2025.csv"),
                           ("ic3_totals", "ic3_totals_2011_2025.csv")):
        ingest_file(case, mapping, DATA / "trends" / table,
                    IngestOptions(handling_code="TLP:CLEAR"))
    # review queue and alerts (test_review_alerts.py): entity resolution over the call
    # records (two candidate pairs: a Splink pair with its weights, a shared phone) and
    # the typologies over the SAML-D payments (four alerts), stored through the service
    from tnoc.money.alerts import save_alerts
    from tnoc.money.transfers import build_transfers
    from tnoc.money.typologies import detect
    from tnoc.money.typology_params import TypologyParams
    from tnoc.resolve.run import resolve_case

    bob = CaseService(case, Session("bob", PURPOSE))
    with bob.operation("resolve") as resolving:
        resolve_case(resolving)
    with bob.operation("money") as analysing, analysing.transaction() as con:
        save_alerts(con, analysing.root,
                    detect(con, build_transfers(con, ()), TypologyParams()))
    # search and dossier pages (test_search_dossier.py): the case's search index
    CaseService(case, Session("bob", PURPOSE)).build_index()
    return case


INTAKE_OFFICER = "ines"
"""The intake officer of the second case, Operation Harbour, which takes citizen
reports (and is no one else's case, so the others' pages show one case)."""


def build_intake(folder: Path) -> tuple[Path, str]:
    """A second case (Operation Harbour, member ines with the intake role) and a
    reporting portal's intake store holding one report: an investment fraud naming a
    Bitcoin wallet on OFAC's list (which the case holds) and a phone, with a text file;
    (the store's folder, the report id)."""
    from tnoc.intake.files import check_file
    from tnoc.intake.forms import Form, check_report
    from tnoc.intake.sealing import intake_key
    from tnoc.intake.store import IntakeStore
    from tnoc.ledger.keys import key_folder

    case = Case.init(folder / "harbour", name="Operation Harbour")
    ingest_file(case, "ofac_crypto_addresses", OFAC_XBT, IngestOptions(handling_code="TLP:CLEAR"))
    admin = CaseService(case, Session(operator()))
    admin.add_member(INTAKE_OFFICER, "intake", "TLP:AMBER",
                     signer(INTAKE_OFFICER).public_raw.hex())
    admin.add_member("sam", "supervisor", "TLP:RED", signer("sam").public_raw.hex())
    CaseService(case, Session(INTAKE_OFFICER)).set_password(INTAKE_OFFICER, PASSWORD)
    CaseService(case, Session("sam")).open_purpose(PURPOSE, "citizen reports of fraud")
    # retention (h23): sam, the supervisor, holds and releases reports in the workspace
    CaseService(case, Session("sam")).set_password("sam", PASSWORD)
    store = IntakeStore(folder / "portal-data", intake_key(key_folder()).public)
    submission, problems = check_report(Form(
        {"kind": "fraud", "narrative": "A 'broker' on Telegram showed me fake profits "
         "and then stopped answering.", "happened_on": "2026-03-02",
         "loss_amount": "12500", "loss_currency": "EUR",
         "payment_method": "cryptocurrency", "contact_name": "Erika Beispiel"},
        [("wallet", OFAC_XBT.read_text().split()[0], ""),
         ("phone", "+4915770000001", "")]),
        [check_file("chat.txt", b"Send the rest today and you get 40% more.")], "en")
    assert submission is not None, problems
    report_id, _ = store.submit(submission)
    return folder / "portal-data", report_id


@pytest.fixture(scope="session")
def web_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace folder holding the test cases and a portal's intake store."""
    folder = tmp_path_factory.mktemp("workspace")
    build_case(folder / "lantern")
    build_intake(folder)
    return folder



@dataclass
class Served:
    """The running workspace."""

    url: str
    folder: Path
    app: Any = None
    """The application (its sessions, for tests that look at them)."""

    @property
    def case_id(self) -> str:
        return self.case_id_of("lantern")

    def case_id_of(self, name: str) -> str:
        import json

        return str(json.loads((self.folder / name / "case.json").read_text())["case_id"])

    @contextmanager
    def client(self, user: str | None = None, purpose: str | None = PURPOSE
               ) -> Iterator[httpx.Client]:
        """An HTTP client, logged in as ``user`` (and working under ``purpose``)."""
        with httpx.Client(base_url=self.url, follow_redirects=True, timeout=60) as client:
            if user is not None:
                login(client, user)
                if purpose:
                    post(client, f"/cases/{self.case_id}/purpose", {"purpose": purpose})
            yield client


def csrf_of(client: httpx.Client, path: str = "/cases") -> str:
    """The CSRF token of the page at ``path``."""
    import re

    page = client.get(path).text
    found = re.search(r'name="csrf-token" content="([^"]*)"', page)
    assert found, page[:500]
    return found.group(1)


def settled(client: httpx.Client, path: str) -> str:
    """The section at ``path`` once computed: a section computed in the background
    (``data-computing``) is asked again with its poll link after the background
    readings finished (:func:`tnoc.assess.kept.wait_for_background`)."""
    import re

    from tnoc.assess.kept import wait_for_background

    text = client.get(path).text
    for _ in range(5):
        if "data-computing" not in text:
            return text
        wait_for_background()
        again = re.search(r'data-computing[^>]*hx-get="([^"]+)"', text)
        assert again, text[:500]
        text = client.get(again.group(1).replace("&amp;", "&")).text
    raise AssertionError(f"{path}: still computing")


def post(client: httpx.Client, path: str, data: dict[str, Any]) -> httpx.Response:
    """A form POST with the session's CSRF token."""
    return client.post(path, data={**data, "csrf": csrf_of(client)})


def login(client: httpx.Client, user: str, password: str = PASSWORD) -> httpx.Response:
    import re

    page = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]*)"', page)
    assert token
    return client.post("/login", data={"user": user, "password": password,
                                       "csrf": token.group(1)})


@contextmanager
def serving(folder: Path) -> Iterator[Served]:
    """The workspace for the cases under ``folder`` served on 127.0.0.1 (a thread of
    this process), with the portal's intake store ``folder/portal-data`` if present."""
    import uvicorn

    from tnoc.web.app import create_app

    intake = folder / "portal-data"
    port = free_port()
    app = create_app(folder, intake if intake.is_dir() else None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the workspace did not start"
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}", folder, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served(web_folder: Path) -> Iterator[Served]:
    """The shared workspace (tests that change its cases use :func:`served_copy`)."""
    with serving(web_folder) as running:
        yield running


def served_copy(served: Served, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[Served]:
    """A copy of the shared workspace's folder, served on its own port: for a module
    whose tests change the cases (judgements, dispositions), so that the others' see
    the cases as built. Use as a module fixture that overrides ``served``."""
    folder = tmp_path_factory.mktemp("workspace-copy") / "workspace"
    shutil.copytree(served.folder, folder)
    with serving(folder) as running:
        yield running






@contextmanager
def guarded_page(browser: Any, url: str) -> Iterator[Any]:
    """A fresh browser context on the workspace at ``url``; a request to anywhere else
    (:func:`stays_on`) is aborted and fails the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    left: list[str] = []

    def guard(route: Any) -> None:
        if stays_on(route.request.url, url):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not left, f"requests that would leave the workspace: {left}"


@pytest.fixture
def page(browser: Any, served: Served) -> Iterator[Any]:
    """A browser page on the shared workspace (:func:`guarded_page`)."""
    with guarded_page(browser, served.url) as tab:
        yield tab


def browser_login(page: Any, served: Served, user: str, purpose: str | None = PURPOSE
                  ) -> None:
    """Log ``page`` in as ``user`` and choose ``purpose`` in the test case."""
    page.goto(served.url + "/login")
    page.fill("#user", user)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cases")
    if purpose:
        page.select_option("select[name=purpose]", purpose)
        page.click("text=Work under it")
        page.wait_for_url(f"**/cases/{served.case_id}")


def screenshot(page: Any, name: str) -> Path:
    """The page's screenshot, kept as ``docs/workspace/NAME.png`` by ``make screenshots``
    (:func:`tests.conftest.save_screenshot`)."""
    return save_screenshot(page, "workspace", name, full_page=False)
