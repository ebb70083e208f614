"""Login, logout and the security of the workspace's sessions (issue #22): CSRF,
session fixation, another case's id in a URL, the security headers; a browser logs in
and sees the case overview."""

from __future__ import annotations

from typing import Any

from tnoc.govern.audit import audit_records
from tnoc.store import Case
from tnoc.web.app import CSP
from tnoc.web.sessions import COOKIE

from .conftest import PASSWORD, PURPOSE, Served, browser_login, login, post, screenshot


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


def test_another_cases_id_in_a_url_is_refused(served: Served) -> None:
    with served.client("alice") as client:
        for case_id in ("00000000-0000-0000-0000-000000000000", "..%2F..%2Fetc",
                        "../../etc/passwd"):
            response = client.get(f"/cases/{case_id}")
            assert response.status_code == 404, case_id
        assert client.get(f"/cases/{served.case_id}").status_code == 200


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
