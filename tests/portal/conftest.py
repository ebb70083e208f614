"""The reporting portal under test: the app on 127.0.0.1 by uvicorn in a thread over a
fresh intake store, Debian's Chromium driven by Playwright (launched as in
tests/web/conftest.py) with every request that would leave the portal failing the
test, and helpers to send the forms as a browser would (CSRF token, proof-of-work)."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tnoc.intake.sealing import IntakeKey, intake_key
from tnoc.intake.store import IntakeStore
from tnoc.portal.guards import ProofOfWork

from ..conftest import DATA, ROOT, free_port, save_screenshot, stays_on

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPORTS = ROOT / "tests" / "data" / "reports" / "citizen_reports.csv"
OFAC_WALLET = (DATA / "sanctions" / "ofac_crypto_addresses" / "sanctioned_addresses_XBT.txt"
               ).read_text().split()[0]
"""A wallet of the shipped OFAC list (the first bitcoin address)."""
POW_BITS = 10



@dataclass
class ServedPortal:
    """A running portal."""

    url: str
    data: Path
    key: IntakeKey

    @property
    def store(self) -> IntakeStore:
        return IntakeStore(self.data, self.key.public)


def serve(data: Path, key: IntakeKey, **options: Any) -> Iterator[ServedPortal]:
    """The portal for ``data`` served on 127.0.0.1 in a thread of this process."""
    import uvicorn

    from tnoc.portal.app import LOG_CONFIG, SERVER_OPTIONS, create_app

    port = free_port()
    app = create_app(data, key.public, pow_bits=POW_BITS, **options)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_config=LOG_CONFIG, **SERVER_OPTIONS))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the portal did not start"
        time.sleep(0.05)
    yield ServedPortal(f"http://127.0.0.1:{port}", data, key)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedPortal]:
    """The portal over a fresh intake store (shared by the portal's tests)."""
    root = tmp_path_factory.mktemp("portal")
    yield from serve(root / "data", intake_key(root / "keys"))


def token_of(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, page[:800]
    return found.group(1)


def send_report(client: httpx.Client, fields: dict[str, str],
                files: list[tuple[str, bytes]] | None = None, kind: str = "fraud",
                solve: bool = True, csrf: str | None = None) -> httpx.Response:
    """Fill the form of ``kind`` as a browser would: its CSRF token and, when
    ``solve``, the proof-of-work answered as static/pow.js does."""
    page = client.get(f"/report/{kind}").text
    challenge = token_of(page, "pow_challenge")
    nonce = ProofOfWork(POW_BITS).solve(challenge) if solve else ""
    data = {"csrf": token_of(page, "csrf") if csrf is None else csrf,
            "pow_challenge": challenge, "pow_nonce": nonce, **fields}
    upload = [("files", (name, content, "application/octet-stream"))
              for name, content in files or []]
    return client.post(f"/report/{kind}", data=data, files=upload or None)


def receipt_of(page: str) -> tuple[str, str]:
    """The code and passphrase a receipt page shows."""
    code = re.search(r'id="receipt-code">([^<]*)<', page)
    passphrase = re.search(r'id="receipt-passphrase">([^<]*)<', page)
    assert code and passphrase, page[:1500]
    return code.group(1), passphrase.group(1)




def guarded_page(browser: Any, url: str, javascript: bool = True) -> Iterator[Any]:
    """A fresh context on the portal; a request anywhere else is aborted and fails the
    test, and so does any JavaScript dialog (an XSS payload that ran)."""
    context = browser.new_context(viewport={"width": 1000, "height": 900},
                                  java_script_enabled=javascript)
    left: list[str] = []
    dialogs: list[str] = []

    def guard(route: Any) -> None:
        if stays_on(route.request.url, url):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield tab
    context.close()
    assert not left, f"requests that would leave the portal: {left}"
    assert not dialogs, f"a script ran: {dialogs}"


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def page(request: pytest.FixtureRequest, browser: Any, portal: ServedPortal
         ) -> Iterator[Any]:
    """A browser tab on the portal, with JavaScript on, then off."""
    tab_ = guarded_page(browser, portal.url, javascript=request.param)
    tab = next(tab_)
    tab.javascript = request.param
    yield tab
    next(tab_, None)


def screenshot(page: Any, name: str) -> Path:
    """The page's screenshot, kept as ``docs/portal/NAME.png`` by ``make screenshots``
    (:func:`tests.conftest.save_screenshot`)."""
    return save_screenshot(page, "portal", name, full_page=True)
