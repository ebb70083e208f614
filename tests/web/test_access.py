"""Login, logout and the security of the workspace's sessions (issue #22): CSRF,
session fixation, another case's id in a URL, the security headers; a browser logs in
and sees the case overview."""

from __future__ import annotations

import re
from itertools import product
from typing import Any

from tnoc.govern.audit import audit_records
from tnoc.intake.store import IntakeStore
from tnoc.store import Case
from tnoc.web.app import CSP, routes_of
from tnoc.web.sessions import COOKIE

from .conftest import (
    OFAC_XBT,
    PASSWORD,
    PURPOSE,
    Served,
    browser_login,
    csrf_of,
    login,
    post,
    screenshot,
)


def test_login_opens_the_members_cases_and_a_wrong_password_is_refused(
        served: Served) -> None:
    with served.client() as client:
        refused = login(client, "alice", "not her password at all")
        assert refused.status_code == 401
        assert "Wrong user name or password" in refused.text
        assert login(client, "nobody-here", PASSWORD).status_code == 401
        ok = login(client, "alice")
        assert ok.status_code == 200 and "Operation Lantern" in ok.text
    with Case.open(served.folder / "lantern").connect(read_only=True) as con:
        logins = [r for r in audit_records(con) if r.operation == "login"]
    outcomes = {(r.actor, r.outcome, r.via) for r in logins}
    assert ("alice", "denied", "web") in outcomes and ("alice", "allowed", "web") in outcomes
    assert ("nobody-here", "denied", "web") in outcomes


def test_a_post_without_the_csrf_token_is_refused(served: Served) -> None:
    with served.client("alice") as client:
        bad = client.post(f"/cases/{served.case_id}/purpose", data={"purpose": "X"})
        assert bad.status_code == 403 and "CSRF" in bad.text
        forged = client.post("/logout", data={"csrf": "guessed"})
        assert forged.status_code == 403
        assert client.get("/cases").status_code == 200  # still logged in
    with served.client() as client:  # the login form needs its own token too
        assert client.post("/login", data={"user": "alice", "password": PASSWORD}
                           ).status_code == 403


def test_a_planted_session_token_is_not_the_one_a_login_carries(served: Served) -> None:
    with served.client() as client:
        client.cookies.set(COOKIE, "planted-by-an-attacker", domain="127.0.0.1")
        login(client, "alice")
        assert client.cookies.get(COOKIE, domain="127.0.0.1") not in (
            None, "planted-by-an-attacker")
    with served.client("alice") as client:
        token = client.cookies.get(COOKIE)
        post(client, "/logout", {})
        assert client.get("/cases").url.path == "/login"
        with served.client() as other:  # the old token is dead, not just forgotten
            other.cookies.set(COOKIE, str(token))
            assert other.get("/cases").url.path == "/login"


def _harbour(served: Served) -> dict[str, str]:
    """Real values of Operation Harbour, the second case (members ines and sam; not
    alice nor bob): its id, the wallet it holds (OFAC's list) and that wallet's entity
    id, its citizen report; found as sam, its supervisor, whose pages show them (so the
    URLs built from them are ones the case answers)."""
    harbour = served.case_id_of("harbour")
    wallet = OFAC_XBT.read_text().split()[0]
    with served.client("sam", purpose=None) as sam:
        post(sam, f"/cases/{harbour}/purpose", {"purpose": PURPOSE})
        overview = sam.get(f"/cases/{harbour}")
        assert overview.status_code == 200 and "Operation Harbour" in overview.text
        dossier = sam.get(f"/cases/{harbour}/entity/{wallet}")
        assert dossier.status_code == 200, dossier.text[-500:]
        entity = re.search(rf'action="/cases/{harbour}/entity/([^"]+)/export"', dossier.text)
        assert entity, dossier.text[-500:]
        neighbours = sam.get(f"/cases/{harbour}/api/graph/neighbours",
                             params={"entity": entity.group(1)})
        assert neighbours.status_code == 200 and wallet in neighbours.text
    report = IntakeStore(served.folder / "portal-data", None).queue(None)[0]["report_id"]
    return {"case_id": harbour, "wallet": wallet, "entity_id": entity.group(1),
            "report_id": report, "name": "threat-assessment.pdf"}


def test_another_cases_id_in_a_url_is_refused(served: Served) -> None:
    """Every route of a case (pages, the dossier, the JSON API, downloads, POSTs; routes
    added later too), asked by alice (bob: five of them) with the real id of
    Operation Harbour, of which they are not members, and real ids inside it:
    refused as a case that is not there (404, :func:`tnoc.web.app.case_guard`), the
    answer naming nothing of that case; asked without a login, sent to the login
    page. Before that guard, routes answered first: 400 or 422 (the graph API, the
    money trace, forms checked before the gate) and 200 (an empty search, also to no
    login at all)."""
    harbour = _harbour(served)
    # what would name that case: its values, its name, its purpose's justification,
    # its reporter, its members
    marks = [re.compile(rf"\b{re.escape(m)}\b", re.I) for m in (
        harbour["wallet"], harbour["entity_id"], harbour["report_id"], "Harbour",
        "citizen reports of fraud", "Erika", "Beispiel", "ines", "sam")]
    asked = []
    for route in routes_of(served.app):
        path = str(getattr(route, "path", ""))
        if "{case_id}" not in path:
            continue
        url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: harbour.get(m.group(1), "x"), path)
        asked += [(method, url) for method in sorted(getattr(route, "methods", ()))]
    here = f"/cases/{harbour['case_id']}"
    # the overview, the dossier, the graph API, a download, a POST: asked by bob too
    named = {("GET", here), ("GET", f"{here}/entity/{harbour['entity_id']}"),
             ("GET", f"{here}/api/graph/neighbours"),
             ("GET", f"{here}/download/threat-assessment.pdf"),
             ("POST", f"{here}/intake/{harbour['report_id']}/take")}
    assert named <= set(asked)
    # the query parameters a route may take: real ones, and an empty search (a POST
    # is asked once)
    queries = [{"q": harbour["wallet"], "entity": harbour["entity_id"],
                "source": harbour["entity_id"], "target": harbour["entity_id"]}, {"q": ""}]
    asking = [(m, u, q) for (m, u), q in product(asked, queries)
              if m == "GET" or q is queries[0]]
    wrong = []  # every answer that is not the refusal, listed at once
    for user, routes in (("alice", asking), ("bob", [a for a in asking if a[:2] in named])):
        with served.client(user) as client:
            csrf = csrf_of(client)
            for method, url, query in routes:
                answer = client.request(method, url, params=query,
                                        headers={"X-CSRF-Token": csrf})
                said = [m.pattern for m in marks if m.search(answer.text)]
                if answer.status_code != 404 or "No such case" not in answer.text or said:
                    wrong.append((user, method, url, query.get("q"), answer.status_code,
                                  said))
            for case_id in ("00000000-0000-0000-0000-000000000000", "..%2F..%2Fetc"):
                assert client.get(f"/cases/{case_id}").status_code == 404, case_id
            assert client.get(f"/cases/{served.case_id}").status_code == 200
    with served.client() as anonymous:
        for method, url, query in asking:
            if method == "GET":
                answer = anonymous.get(url, params=query, follow_redirects=False)
                if (answer.status_code, answer.headers.get("location")) != (303, "/login"):
                    wrong.append(("anonymous", method, url, query.get("q"),
                                  answer.status_code, []))
    assert not wrong, "\n".join(map(str, wrong))


def test_every_response_carries_the_security_headers(served: Served) -> None:
    with served.client() as client:
        for path in ("/login", "/static/tnoc.css", "/no/such/page"):
            headers = client.get(path).headers
            assert headers["content-security-policy"] == CSP, path
            assert headers["x-frame-options"] == "DENY"
            assert headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_a_browser_logs_in_and_sees_the_overview(page: Any, served: Served) -> None:
    from tnoc.ledger.state import custody_state

    browser_login(page, served, "bob", purpose=None)
    assert "Operation Lantern" in page.inner_text("main")  # the cases he is a member of
    screenshot(page, "cases")
    page.select_option("select[name=purpose]", PURPOSE)
    page.click("text=Work under it")
    page.wait_for_url(f"**/cases/{served.case_id}")
    assert page.locator("h1").inner_text() == "Operation Lantern"
    assert "OP-2026-17" in page.locator(".banner").inner_text()
    assert page.locator("text=calls.csv").count() >= 1
    # where custody stands: the ledger's head, its last verification, its checkpoint
    custody = page.inner_text("#custody-state")
    with Case.open(served.folder / "lantern").connect(read_only=True) as con:
        state = custody_state(con)
    assert f"Ledger: {state.entries:,} entries; head #{state.head_seq} " in custody
    assert ("Never verified" in custody) if state.verified_seq is None else \
        f"Last verification {str(state.verified_outcome).upper()}" in custody
    screenshot(page, "overview")
    page.click("text=Log out")
    page.wait_for_url("**/login")
    screenshot(page, "login")


def test_every_refusal_is_a_403_not_a_bad_request(served: Served) -> None:
    """A refusal by a rule other than the gate's (here research mode: a researcher's
    search has no facets) is answered as the gate's are, 403 "Not allowed" saying what
    to do, not 400 "Cannot do that" nor an error inside a 200 page."""
    with served.client("rita") as client:
        refused = client.get(f"/cases/{served.case_id}/search",
                             params={"q": "a", "schema": "Person"})
        assert refused.status_code == 403, refused.status_code
        assert "Not allowed" in refused.text and "search without them" in refused.text
