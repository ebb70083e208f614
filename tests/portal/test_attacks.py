"""Attacks on the reporting portal (issue #23): XSS in every field (stored, and shown
back inert), CSRF, an oversized upload, a zip bomb, a polyglot, a path-traversal file
name, 1,000 rapid submissions without proof-of-work: the limits hold, nothing crashes,
nothing is half-written."""

from __future__ import annotations

import io
import json
import socket
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from tnoc.intake.files import MAX_FILE_BYTES
from tnoc.portal.app import BODY_LIMIT
from tnoc.portal.guards import ProofOfWork

from .conftest import (
    POW_BITS,
    REPORTS,
    ServedPortal,
    guarded_page,
    receipt_of,
    send_report,
    serve,
    token_of,
)

XSS = "<script>alert('xss')</script>\"'><img src=x onerror=alert(1)>"


def _written(portal: ServedPortal) -> tuple[int, list[Path]]:
    """How many reports the store holds, and every file under the data folder."""
    return len(portal.store.queue(None)), sorted(
        p for p in portal.data.rglob("*") if p.is_file() and not p.name.endswith(
            ("-wal", "-shm")))


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_script_in_every_field_is_stored_as_text_and_shown_inert(
        portal: ServedPortal, browser: Any) -> None:
    fields = {"narrative": XSS, "happened_on": "2026-03-02", "ongoing": "yes",
              "loss_amount": "10", "loss_currency": "EUR", "payment_method": "card",
              "id_kind_0": "handle", "id_value_0": "@scammer", "id_detail_0": XSS,
              "contact_name": XSS, "contact_phone": XSS}
    with httpx.Client(base_url=portal.url) as client:
        bad = send_report(client, {**fields, "loss_currency": XSS, "id_value_1": XSS})
        assert bad.status_code == 400
        assert "<script>alert" not in bad.text and "&lt;script&gt;" in bad.text
        sent = send_report(client, fields, files=[(f"{XSS}.txt", b"notes\n")])
        assert sent.status_code == 200, sent.text[:3000]
        code, passphrase = receipt_of(sent.text)
    store = portal.store
    report = store.report(code, passphrase)
    clear, sealed, _ = store.sealed_report(report.report_id)
    said = json.loads(portal.key.open(sealed))
    assert said["narrative"] == XSS and said["contact"]["contact_name"] == XSS
    assert said["identifiers"][0]["detail"] == XSS  # stored as typed: text, not markup
    store.reply(report.report_id, XSS)
    pages = guarded_page(browser, portal.url)
    page = next(pages)
    page.goto(portal.url + "/follow-up")
    page.fill("#code", code)
    page.fill("#passphrase", passphrase)
    page.click("text=Open my report")
    page.wait_for_selector(".messages")
    assert XSS in page.inner_text(".messages")  # shown as text
    assert page.locator("main script, main img").count() == 0
    next(pages, None)  # fails if a dialog opened or a request left the portal


def test_a_post_without_the_csrf_token_or_with_a_wrong_one_is_refused(
        portal: ServedPortal) -> None:
    before = _written(portal)
    with httpx.Client(base_url=portal.url) as client:
        missing = client.post("/report/fraud", data={"narrative": "x"})
        wrong = send_report(client, {"narrative": "x"}, csrf="A" * 43)
        follow = client.post("/follow-up", data={"code": "1" * 16, "passphrase": "x"})
    assert missing.status_code == wrong.status_code == follow.status_code == 403
    assert "security token" in wrong.text
    assert _written(portal) == before


def test_an_oversized_request_is_refused_before_it_is_read(portal: ServedPortal) -> None:
    before = _written(portal)
    host, port = portal.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as raw:
        raw.sendall(b"POST /report/fraud HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/"
                    b"form-data; boundary=b\r\nContent-Length: "
                    + str(BODY_LIMIT + 1).encode() + b"\r\n\r\n--b\r\n")
        answer = raw.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
    with httpx.Client(base_url=portal.url) as client:  # the app's own count (chunked)
        page = client.get("/report/fraud").text

        def chunks() -> Any:
            yield (b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
                   + token_of(page, "csrf").encode() + b"\r\n--b\r\nContent-Disposition: "
                   b"form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n")
            for _ in range(BODY_LIMIT // (1 << 20) + 2):
                yield b"a" * (1 << 20)
        try:
            streamed = client.post("/report/fraud", content=chunks(), headers={
                "content-type": "multipart/form-data; boundary=b"})
            assert streamed.status_code == 413
        except httpx.TransportError:
            pass  # the portal closed the connection while the client was still sending
        big = send_report(client, {"narrative": "x"},
                          files=[("big.txt", b"a" * (MAX_FILE_BYTES + 1))])
    assert big.status_code == 400 and "at most 20 MB per file" in big.text
    assert _written(portal) == before


def test_a_zip_bomb_a_polyglot_and_a_traversal_name(portal: ServedPortal) -> None:
    before = _written(portal)
    with httpx.Client(base_url=portal.url) as client:
        bomb = send_report(client, {"narrative": "x"}, files=[
            ("bomb.zip", _zip({"zeros.txt": b"\0" * 20_000_000}))])
        polyglot = send_report(client, {"narrative": "x"}, files=[
            ("photo.jpg", _jpeg() + _zip({"a.txt": b"hello"}))])
        assert bomb.status_code == polyglot.status_code == 400
        assert "archive bomb" in bomb.text and "also carries a ZIP archive" in polyglot.text
        assert _written(portal) == before
        traversal = send_report(client, {"narrative": "x"}, files=[
            ("../../../../etc/cron.d/evil.txt", REPORTS.read_bytes())])
        assert traversal.status_code == 200
        code, passphrase = receipt_of(traversal.text)
    assert [f.label for f in portal.store.report(code, passphrase).files] == ["evil.txt"]
    outside = [p for p in portal.data.parent.rglob("evil*")]
    assert outside == [], outside


@pytest.mark.slow
def test_a_thousand_rapid_submissions_without_proof_of_work_are_limited(
        tmp_path: Path) -> None:
    from tnoc.intake.sealing import intake_key

    served = serve(tmp_path / "data", intake_key(tmp_path / "keys"), per_minute=1,
                   burst=2)
    portal = next(served)
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=portal.url, timeout=60) as client:
        page = client.get("/report/fraud").text
        form = {"csrf": token_of(page, "csrf"), "narrative": "spam", "pow_challenge": "",
                "pow_nonce": ""}
        for _ in range(1_000):
            status = client.post("/report/fraud", data=form).status_code
            statuses[status] = statuses.get(status, 0) + 1
        # the proof-of-work still opens the door, once per solved challenge
        solved = send_report(client, {"narrative": "a real report"})
        page = client.get("/report/fraud").text
        replayed = {**form, "pow_challenge": token_of(page, "pow_challenge")}
        replayed["pow_nonce"] = ProofOfWork(POW_BITS).solve(replayed["pow_challenge"])
        first = client.post("/report/fraud", data=replayed).status_code
        again = client.post("/report/fraud", data=replayed).status_code
    next(served, None)
    assert set(statuses) == {200, 429}, statuses
    assert 2 <= statuses[200] <= 3, statuses  # the burst, and at most one refill
    assert solved.status_code == 200 and (first, again) == (200, 429)
    assert len(portal.store.queue(None)) == statuses[200] + 2
