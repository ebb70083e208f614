"""The reporter's flow in a browser, with JavaScript on and off (issue #23): submit a
report with a file, receive the receipt, return with it, read the investigators'
reply, add information and a file; the forms' problems shown by field; the referral
page; the languages."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import httpx

from tnoc.intake.store import IntakeStore

from .conftest import OFAC_WALLET, REPORTS, ServedPortal, screenshot, send_report


def _fill_report(page: Any) -> None:
    page.fill("#narrative", "A broker on Telegram promised 8% a month; I sent bitcoin "
                            "to the wallet below and never saw it again.")
    page.fill("#happened_on", "2026-03-02")
    page.check("#ongoing_no")
    page.fill("#loss_amount", "12500")
    page.fill("#loss_currency", "EUR")
    page.select_option("#payment_method", "cryptocurrency")
    page.select_option("#id_kind_0", "wallet")
    page.fill("#id_value_0", OFAC_WALLET)
    page.select_option("#id_kind_1", "phone")
    page.fill("#id_value_1", "+49 157 7000 0001")
    page.fill("#contact_email", "erika.beispiel@example.org")
    page.set_input_files("#files", str(REPORTS))


def test_the_reporter_submits_returns_reads_the_reply_and_adds(
        page: Any, portal: ServedPortal) -> None:
    js = page.javascript
    sent: list[bytes] = []
    page.on("request", lambda r: sent.append(r.post_data_buffer or b"")
            if r.method == "POST" else None)
    page.goto(portal.url + "/")
    if js:
        screenshot(page, "home")
    page.click("text=Online fraud")
    _fill_report(page)
    if js:
        screenshot(page, "form")
    page.click("text=Send the report")
    page.wait_for_selector("#receipt-code")
    if js:
        screenshot(page, "receipt")
    # JavaScript on: the browser answered the proof-of-work; off: the form went as it was
    nonce = re.search(rb'name="pow_nonce"\r\n\r\n([0-9]*)\r\n', sent[0])
    assert nonce is not None and bool(nonce.group(1)) is js
    assert page.locator("nav.languages").count() == 0  # no link away from the receipt
    code = page.inner_text("#receipt-code")
    passphrase = page.inner_text("#receipt-passphrase")
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code)
    assert hashlib.sha256(REPORTS.read_bytes()).hexdigest() in page.content()

    store = portal.store
    report = store.report(code, passphrase)
    store.reply(report.report_id, "Thank you. Did the broker give you a second wallet?")
    page.goto(portal.url + "/follow-up")
    page.fill("#code", code)
    page.fill("#passphrase", passphrase)
    page.click("text=Open my report")
    page.wait_for_selector("text=Did the broker give you a second wallet?")
    assert "citizen_reports.csv" in page.content()
    page.fill("#narrative", "Yes: he sent a second wallet on 5 March.")
    page.set_input_files("#files", str(REPORTS.with_name("SOURCES.md")))
    page.click("text=Add to my report")
    page.wait_for_selector("text=Your information was added.")
    assert "SOURCES.md" in page.content()
    if js:
        screenshot(page, "follow-up")
    after = store.report(code, passphrase)
    assert [m["author"] for m in after.messages] == ["analyst", "reporter"]
    assert sorted(f.label for f in after.files) == ["SOURCES.md", "citizen_reports.csv"]


def test_problems_are_shown_by_field_with_every_value_kept(
        page: Any, portal: ServedPortal) -> None:
    before = len(portal.store.queue(None))
    page.goto(portal.url + "/report/fraud")
    page.fill("#loss_amount", "12,5x")
    page.fill("#id_value_1", "GB82 WEST 1234 5698 7654 33")
    page.select_option("#id_kind_1", "iban")
    page.fill("#contact_name", "Erika Beispiel")
    page.fill("#narrative", " ")  # passes the browser's "required", not the check
    page.click("text=Send the report")
    page.wait_for_selector(".error-summary")
    summary = page.inner_text(".error-summary")
    for expected in ("say what happened", "an amount such as", "currency of the loss",
                     "checksum"):
        assert expected in summary
    assert page.get_attribute(".error-summary a[href='#id_value_1']", "href")
    assert page.input_value("#id_value_1") == "GB82 WEST 1234 5698 7654 33"
    assert page.input_value("#loss_amount") == "12,5x"
    assert page.input_value("#contact_name") == "Erika Beispiel"
    assert page.get_attribute("#loss_amount", "aria-invalid") == "true"
    if page.javascript:
        screenshot(page, "form-problems")
    assert len(portal.store.queue(None)) == before


def test_child_abuse_material_is_referred_never_taken(portal: ServedPortal,
                                                      browser: Any) -> None:
    with httpx.Client(base_url=portal.url) as client:
        page = client.get("/report/csam").text
        assert "INHOPE" in page and 'type="file"' not in page and "<form" not in page
        refused = client.post("/report/csam", data={"narrative": "x"},
                              files=[("files", ("a.txt", b"a", "text/plain"))])
        assert refused.status_code == 404
    tab = browser.new_page()
    tab.goto(portal.url + "/report/csam")
    screenshot(tab, "referral")
    tab.close()


def test_the_pages_speak_french_and_spanish(portal: ServedPortal, browser: Any) -> None:
    tab = browser.new_page()
    tab.goto(portal.url + "/report/sextortion?lang=fr")
    assert tab.get_attribute("html", "lang") == "fr"
    screenshot(tab, "form-fr")
    tab.close()
    with httpx.Client(base_url=portal.url) as client:
        french = client.get("/", params={"lang": "fr"}).text
        spanish = client.get("/report/fraud", params={"lang": "es"}).text
    assert '<html lang="fr">' in french and "Signaler" in french
    assert '<html lang="es">' in spanish and "Enviar" in spanish
    assert 'name="lang" value="es"' in spanish


def test_only_the_csrf_cookie_and_the_privacy_headers(portal: ServedPortal) -> None:
    with httpx.Client(base_url=portal.url) as client:
        response = client.get("/report/fraud")
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 1 and cookies[0].startswith("csrf=")
    assert "HttpOnly" in cookies[0] and "SameSite=strict" in cookies[0]
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "server" not in response.headers


def test_a_report_naming_an_ofac_wallet_is_stored_with_it(portal: ServedPortal) -> None:
    with httpx.Client(base_url=portal.url) as client:
        response = send_report(client, {"narrative": "Paid a ransom.", "id_kind_0":
                                        "wallet", "id_value_0": OFAC_WALLET})
    assert response.status_code == 200, response.text[:2000]
    assert response.headers["cache-control"] == "no-store"
    store: IntakeStore = portal.store
    assert any(r["identifiers"] == 1 for r in store.queue())
