"""The workspace's security beyond test_access (issue #22): stored XSS from ingested
data, path traversal, sessions after logout, another user's CSRF token, repeated
failed logins.

The stored-XSS tests serve their own small case (``hostile``): the seized phone's call
records (tests/data/cdr/calls.csv, real) with the names of two callers replaced by the
classic payloads, taken in from a file whose name is a payload too, in a case whose
name and purpose justification are payloads (OWASP XSS Filter Evasion Cheat Sheet's
first two vectors). Every name a page shows must arrive as text: escaped in the HTML,
shown as written in the browser, no dialog ever opened.
"""

from __future__ import annotations

import csv
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tnoc.govern.audit import audit_records
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.keys import operator, signer
from tnoc.service import CaseService, Session
from tnoc.store import Case
from tnoc.web.app import NAV
from tnoc.web.sessions import COOKIE

from .conftest import (
    CDR,
    PASSWORD,
    PURPOSE,
    Served,
    csrf_of,
    guarded_page,
    login,
    post,
    screenshot,
    serving,
    stays_on,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CASE_NAME = f"Operation {SCRIPT} {IMG}"
FILE_NAME = f"calls {IMG}.csv"  # a file name cannot hold "/": the script tag goes inside



@dataclass
class Hostile:
    """The workspace serving the hostile case, and its app (to look at its sessions)."""

    served: Served
    app: Any


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """A case whose names are XSS payloads, served on 127.0.0.1 (see the module)."""
    folder = tmp_path_factory.mktemp("hostile")
    with CDR.open(encoding="utf-8", newline="") as src:
        rows = list(csv.DictReader(src))
    names = {"Kemal Aydin": f"Kemal {SCRIPT}", "Jana Novak": f"Jana {IMG}"}
    for row in rows:
        row["a_name"] = names.get(row["a_name"], row["a_name"])
        row["b_name"] = names.get(row["b_name"], row["b_name"])
    exhibit = folder / FILE_NAME
    with exhibit.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    case = Case.init(folder / "case", name=CASE_NAME)
    ingest_file(case, "call_records", exhibit, IngestOptions(region="DE"))
    admin = CaseService(case, Session(operator()))
    admin.add_member("alice", "analyst", "TLP:AMBER", signer("alice").public_raw.hex())
    admin.add_member("bob", "supervisor", "TLP:RED", signer("bob").public_raw.hex())
    for user in ("alice", "bob"):
        CaseService(case, Session(user)).set_password(user, PASSWORD)
    CaseService(case, Session("bob")).open_purpose(PURPOSE, f"who is {SCRIPT}")
    with serving(folder) as running:
        yield Hostile(running, running.app)


def _case_id(hostile: Hostile) -> str:
    import json

    return str(json.loads((hostile.served.folder / "case" / "case.json").read_text())
               ["case_id"])


def _pages(case_id: str) -> list[str]:
    """Every page that shows names: the cases page and each page of the navigation
    bar (pages added later are checked without changing this test)."""
    return ["/cases", *(f"/cases/{case_id}{path}" for _, path in NAV)]


def test_names_from_ingested_data_are_escaped_in_every_page(hostile: Hostile) -> None:
    case_id = _case_id(hostile)
    with hostile.served.client("bob", purpose=None) as client:
        post(client, f"/cases/{case_id}/purpose", {"purpose": PURPOSE})
        for path in _pages(case_id):
            html = client.get(path).text
            assert SCRIPT not in html and "<img src=x" not in html, path
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
        overview = client.get(f"/cases/{case_id}").text
        assert "calls &#34;&gt;&lt;img src=x onerror=alert(1)&gt;.csv" in overview


def test_a_browser_shows_hostile_names_as_text_and_runs_none(
        browser: Any, hostile: Hostile) -> None:
    dialogs: list[str] = []

    def dialog(opened: Any) -> None:
        dialogs.append(opened.message)
        opened.dismiss()

    with guarded_page(browser, hostile.served.url) as tab:  # nothing leaves 127.0.0.1
        tab.on("dialog", dialog)
        url = hostile.served.url
        tab.goto(url + "/login")
        tab.fill("#user", "bob")
        tab.fill("#password", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url("**/cases")
        assert tab.get_by_role("link", name=CASE_NAME, exact=True).count() == 1  # as written
        tab.select_option("select[name=purpose]", PURPOSE)
        tab.click("text=Work under it")
        tab.wait_for_url("**/cases/*")
        assert tab.locator("h1").inner_text() == CASE_NAME
        assert tab.get_by_text(FILE_NAME, exact=True).count() == 1
        screenshot(tab, "hostile-names")
        for path in _pages(_case_id(hostile)):
            tab.goto(url + path)
            tab.wait_for_load_state("load")
            assert tab.locator("img[src=x]").count() == 0, path
            # the only scripts in a page's body are the data islands of the map and
            # the timeline (JSON, which Jinja's tojson escapes: no '<' inside)
            islands = tab.locator('main script[type="application/json"]')
            assert tab.locator("main script, h1 script, td script").count() == \
                islands.count(), path
            for text in islands.all_text_contents():
                assert "<" not in text, path
    assert dialogs == []


WORKSPACE = "http://127.0.0.1:8400"


@pytest.mark.parametrize(("url", "stays"), [
    ("http://127.0.0.1:8400/cases", True),
    ("http://127.0.0.1:8400", True),
    ("http://127.0.0.1:8400/static/bundle/graph.js?v=1#x", True),
    ("data:image/png;base64,iVBORw0KGgo=", True),
    ("blob:http://127.0.0.1:8400/5f0c6c1e-1f7a-4d0e-9c0a-3b1e7d2c9a11", True),
    # each of these starts with the workspace's URL: a prefix test let them through
    ("http://127.0.0.1:8400@elsewhere.example/", False),
    ("http://127.0.0.1:8400@elsewhere.example:8400/cases", False),
    ("http://127.0.0.1:84000/", False),  # not a port at all
    ("http://127.0.0.1:84001/x", False),
    ("http://127.0.0.1:8400.elsewhere.example/", False),
    # and these do not
    ("http://127.0.0.1:8401/", False),
    ("http://127.0.0.1/", False),
    ("https://127.0.0.1:8400/", False),
    ("ws://127.0.0.1:8400/", False),
    ("http://localhost:8400/", False),
    ("http://127.0.0.2:8400/", False),
    ("http://elsewhere.example/?next=http://127.0.0.1:8400/", False),
    ("blob:http://elsewhere.example/5f0c6c1e", False),
    ("blob:data:text/html,x", False),
    ("http://[::1/", False),  # not a URL
])
def test_the_browser_guard_lets_only_the_workspace_through(url: str, stays: bool) -> None:
    """:func:`tests.conftest.stays_on`, the decision of every browser test's guard
    (:func:`guarded_page`): scheme, host and port compared parsed, exactly."""
    assert stays_on(url, WORKSPACE) is stays, url


def _raw_request(url: str, method: str, target: str, cookie: str | None = None,
                 body: bytes = b"") -> tuple[int, bytes]:
    """``method`` ``target`` byte for byte (no client normalises its dots or escapes),
    with the session ``cookie`` and a form ``body`` if given."""
    host, port = url.removeprefix("http://").split(":")
    head = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    if body:
        head += ("Content-Type: application/x-www-form-urlencoded\r\n"
                 f"Content-Length: {len(body)}\r\n")
    with socket.create_connection((host, int(port)), timeout=60) as s:
        s.sendall(f"{head}\r\n".encode() + body)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer


def _raw_get(url: str, target: str, cookie: str | None = None) -> tuple[int, bytes]:
    """GET ``target`` byte for byte (:func:`_raw_request`)."""
    return _raw_request(url, "GET", target, cookie)


@pytest.mark.parametrize("target", [
    "/static/..%2F..%2Fapp.py",
    "/static/..%2f..%2f..%2fservice.py",
    "/static/%2e%2e/%2e%2e/app.py",
    "/static/../app.py",
    "/static/..\\..\\app.py",
    "/static/..%5C..%5Capp.py",
    "/static/%252e%252e%252fapp.py",
    "/static/....//....//app.py",
    "/static/..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
])
def test_static_files_cannot_reach_outside_their_folder(served: Served, target: str
                                                        ) -> None:
    status, answer = _raw_get(served.url, target)
    assert status in (400, 404), (target, answer[:300])
    for secret in (b"create_app", b"CaseService", b"root:x:0:0"):
        assert secret not in answer, target


PATH_ROUTES = {
    # a file the case produced, looked up by its name among those the custody ledger
    # records (CaseService.produced_file), never joined to a path; its traversal test:
    # tests/web/test_assess_custody.py::
    #     test_downloads_are_only_what_the_ledger_records_producing
    "/cases/{case_id}/download/{name:path}",
    # an entity reference as `tnoc show` takes it (an id, or a name or identifier one
    # entity bears, which may hold a "/": Starlette decodes %2F before routing, so a
    # plain {entity_id} would refuse it even escaped), looked up in the case's store,
    # never opened as a file; its traversal test:
    # test_an_entity_reference_that_looks_like_a_path_reaches_no_file (below)
    "/cases/{case_id}/entity/{entity_id:path}",
    "/cases/{case_id}/entity/{entity_id:path}/export",
}
"""The routes that take a ``:path`` parameter, each with its reason and its test."""


def test_no_route_serves_files_by_a_path_from_the_url() -> None:
    """Only ``/static`` serves files from a folder (checked above); every other route
    with a ``:path`` parameter is listed in :data:`PATH_ROUTES` with the test that
    shows it reaches no file by that path, so one added must come with its own."""
    from tnoc.web.app import create_app, routes_of

    paths = [str(getattr(r, "path", "")) for r in routes_of(create_app(Path("/nonexistent")))]
    assert "/cases/{case_id}" in paths and "/login" in paths  # the routers' routes seen
    assert sorted(p for p in paths if ":path}" in p) == sorted(PATH_ROUTES)


REFERENCES = ["../../case.json", "%2e%2e/%2e%2e/case.json", "%2e%2e%2f%2e%2e%2fcase.json",
              "..%2F..%2F..%2Flantern%2Fcase.json", "..%5C..%5Ccase.json", "/etc/passwd",
              "%2Fetc%2Fpasswd", "{case_json}"]


def test_an_entity_reference_that_looks_like_a_path_reaches_no_file(served: Served) -> None:
    """The dossier's ``{entity_id:path}`` (see :data:`PATH_ROUTES`): a reference that
    reads as a path (the case's own ``case.json`` above the entity, the system's
    passwd, the case file's absolute path), sent byte for byte (no client resolving
    its dots), is looked up as an entity and not found; no byte of the case's files or
    the system's comes back, on the page nor in its download."""
    case_json = served.folder / "lantern" / "case.json"
    with served.client("alice") as client:
        cookie = f"{COOKIE}={client.cookies.get(COOKIE)}"
        csrf = csrf_of(client)
    secrets = (case_json.read_bytes()[:60], b'"case_id"', b"root:x:0:0", b"DUCK")
    base = f"/cases/{served.case_id}/entity/"
    for n, reference in enumerate(REFERENCES):
        reference = reference.replace("{case_json}", quote(str(case_json), safe=""))
        status, answer = _raw_get(served.url, base + reference, cookie=cookie)
        assert status in (400, 404), (reference, answer[:300])
        assert b"no entity" in answer, (reference, answer[-600:])  # looked up, not found
        for secret in secrets:
            assert secret not in answer, (reference, secret)
        if n % 3 == 0:  # the download of the same route (one in three, each a lookup)
            status, answer = _raw_request(
                served.url, "POST", base + reference + "/export", cookie=cookie,
                body=f"fmt=html&csrf={csrf}".encode())
            assert status in (400, 404), (reference, answer[:300])
            for secret in secrets:
                assert secret not in answer, (reference, secret)


def test_a_page_that_needs_no_case_data_still_needs_the_login_to_its_case(
        hostile: Hostile) -> None:
    """This workspace has no intake store: its citizen-reports page reads nothing of
    the case and called no gate, and answered 200 for any case id, logged in or not.
    Every route under ``/cases/{case_id}`` is checked before it runs
    (:func:`tnoc.web.app.case_guard`; every route: tests/web/test_access.py::
    test_another_cases_id_in_a_url_is_refused)."""
    case_id = _case_id(hostile)
    with hostile.served.client() as anonymous:
        answer = anonymous.get(f"/cases/{case_id}/intake", follow_redirects=False)
        assert (answer.status_code, answer.headers.get("location")) == (303, "/login")
    with hostile.served.client("alice", purpose=None) as alice:
        other = alice.get("/cases/00000000-0000-0000-0000-000000000000/intake")
        assert other.status_code == 404 and "No such case" in other.text
        assert alice.get(f"/cases/{case_id}/intake").status_code == 200


def test_logout_ends_the_session_on_the_server(hostile: Hostile) -> None:
    sessions = hostile.app.state.sessions
    with hostile.served.client("alice", purpose=None) as client:
        token = client.cookies.get(COOKIE)
        csrf = csrf_of(client)
        assert sessions.get(token) is not None
        assert post(client, "/logout", {}).url.path == "/login"
        assert sessions.get(token) is None  # gone from the server, not only the browser
    with hostile.served.client() as replay:  # the old cookie and token replayed
        replay.cookies.set(COOKIE, str(token))
        refused = replay.post(f"/cases/{_case_id(hostile)}/purpose",
                              data={"purpose": PURPOSE, "csrf": csrf})
        assert refused.status_code == 403
        assert replay.get("/cases").url.path == "/login"


def test_another_users_csrf_token_is_refused(served: Served) -> None:
    with served.client("alice") as alice, served.client("bob") as bob:
        alices = csrf_of(alice)
        assert alices != csrf_of(bob)
        stolen = bob.post(f"/cases/{served.case_id}/purpose",
                          data={"purpose": "", "csrf": alices})
        assert stolen.status_code == 403 and "CSRF" in stolen.text
        header = bob.post(f"/cases/{served.case_id}/purpose", data={"purpose": ""},
                          headers={"X-CSRF-Token": alices})
        assert header.status_code == 403
        # bob still works under his purpose: the forged request changed nothing
        assert PURPOSE in bob.get(f"/cases/{served.case_id}").text


def test_every_failed_login_is_audited(hostile: Hostile) -> None:
    attempts = 3
    with hostile.served.client() as client:
        for i in range(attempts):
            refused = login(client, "alice", f"guess number {i}")
            assert refused.status_code == 401
            assert "Wrong user name or password" in refused.text
        for user in ("mallory", "alice' OR '1'='1"):
            assert login(client, user, PASSWORD).status_code == 401
    with Case.open(hostile.served.folder / "case").connect(read_only=True) as con:
        denied = [r for r in audit_records(con)
                  if r.operation == "login" and r.outcome == "denied"]
    by_actor = {a: sum(1 for r in denied if r.actor == a) for a in {r.actor for r in denied}}
    assert by_actor.get("alice", 0) >= attempts
    assert by_actor.get("mallory") == 1 and by_actor.get("alice' OR '1'='1") == 1
    assert all(r.via == "web" and r.reason == "wrong user name or password"
               for r in denied)
    assert not any(re.search("guess number", str(r)) for r in denied)  # no password kept


class Clock:
    """A clock the tests move (the throttle's windows without waiting)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def throttled(hostile: Hostile, **limits: Any) -> Iterator[Clock]:
    """The hostile workspace with a throttle of ``limits`` on a clock the test moves;
    the app's own throttle back afterwards (the other tests log in as bob)."""
    from tnoc.web.sessions import LoginThrottle

    clock, kept = Clock(), hostile.app.state.throttle
    hostile.app.state.throttle = LoginThrottle(clock=clock, **limits)
    try:
        yield clock
    finally:
        hostile.app.state.throttle = kept


def _denied_logins(hostile: Hostile, actor: str) -> list[Any]:
    with Case.open(hostile.served.folder / "case").connect(read_only=True) as con:
        return [r for r in audit_records(con) if r.operation == "login"
                and r.outcome == "denied" and r.actor == actor]


def test_failed_logins_lock_the_name_tried_for_a_while_and_are_audited(
        hostile: Hostile) -> None:
    with throttled(hostile, max_failures=3, window=900, lock=900) as clock, \
            hostile.served.client() as client:
        for i in range(3):
            assert login(client, "Bob", f"guess {i}").status_code == 401
        locked = login(client, "bob", PASSWORD)  # the right password, refused unchecked
        assert locked.status_code == 429 and COOKIE not in client.cookies
        assert "too many failed logins for this user name" in locked.text.lower()
        with hostile.served.client() as other:  # other names log in
            assert login(other, "alice", PASSWORD).url.path == "/cases"
        clock.now += 899
        assert login(client, "bob", PASSWORD).status_code == 429
        clock.now += 2
        assert login(client, "bob", PASSWORD).url.path == "/cases"
    refused = [r for r in _denied_logins(hostile, "bob")
               if r.reason and r.reason.startswith("too many failed logins")]
    assert len(refused) == 2 and all(r.via == "web" for r in refused)


def test_a_guesser_going_through_names_meets_the_workspaces_cap(hostile: Hostile) -> None:
    with throttled(hostile, max_failures=10, global_failures=4, global_window=60
                   ) as clock, hostile.served.client() as client:
        for name in ("carol", "dave", "erin", "frank"):
            assert login(client, name, "guess").status_code == 401
        capped = login(client, "alice", PASSWORD)
        assert capped.status_code == 429 and "on this workspace" in capped.text
        clock.now += 61
        assert login(client, "alice", PASSWORD).url.path == "/cases"
    assert any("on this workspace" in (r.reason or "")
               for r in _denied_logins(hostile, "alice"))


def test_the_throttle_forgets_a_success_and_what_left_its_window() -> None:
    from tnoc.web.sessions import LoginThrottle

    clock = Clock()
    throttle = LoginThrottle(max_failures=2, window=60, lock=120, clock=clock)
    throttle.failed("alice")
    throttle.succeeded("ALICE ")  # one name whatever its case and spaces
    throttle.failed("alice")
    assert throttle.refusal("alice") is None  # the failure before the success is gone
    clock.now += 61
    throttle.failed("mallory")  # alice's failure left the window: forgotten, not kept
    assert throttle.refusal("alice") is None and len(throttle._failures) == 1
    throttle.failed("Mallory")
    assert "2 more minutes" in (throttle.refusal("mallory") or "")
