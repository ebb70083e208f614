"""The anonymity test (issue #23): the portal run AS DEPLOYED (``tnoc portal DATA`` in
a subprocess, its stdout and stderr captured) receives a report, a follow-up, an
addition, a refused form and a missing page from a client bound to its own loopback
address with a planted User-Agent, Referer and X-Forwarded-For; then every file under
DATA (database, WAL, temp, sealed files, and the sealed documents opened with the
intake's private key) and the captured output are searched for the client's address,
the user agent and the planted values: none is found."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tnoc.intake.sealing import intake_key
from tnoc.intake.store import IntakeStore

from ..conftest import ROOT
from .conftest import POW_BITS, REPORTS, free_port, receipt_of, send_report, token_of

CLIENT = "127.0.0.3"
"""The client's address: its own loopback address, so the portal's address
(127.0.0.2, which it prints when it starts) cannot hide a leak of the client's."""
PLANTED = {"User-Agent": "Mozilla/5.0 (PlantedAgent-7f3a; Tor Browser leak test)",
           "X-Forwarded-For": "203.0.113.77", "Referer": "https://planted-referrer.example/",
           "X-Real-IP": "198.51.100.23", "Forwarded": "for=192.0.2.60"}
SEARCHED = [CLIENT, "PlantedAgent-7f3a", "203.0.113.77", "planted-referrer",
            "198.51.100.23", "192.0.2.60"]


def start_portal(data: Path, keys: Path, host: str, port: int,
                 *extra: str) -> subprocess.Popen[bytes]:
    """``tnoc portal DATA`` as deployed (a process of its own), output captured."""
    env = {**os.environ, "TNOC_KEYS": str(keys),
           "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [sys.executable, "-m", "tnoc.cli", "portal", str(data), "--host", host, "--port",
         str(port), *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://{host}:{port}/", timeout=2)
            return process
        except httpx.TransportError:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the portal did not start"
            time.sleep(0.2)


def find_identifying(data: Path, outputs: list[bytes], keys: Path) -> list[str]:
    """Where any of :data:`SEARCHED` occurs: files under ``data``, the outputs, and
    the sealed documents opened with the intake key."""
    found = []
    key = intake_key(keys)
    store = IntakeStore(data, None)
    opened = []
    for row in store.queue(None):
        _, sealed, additions = store.sealed_report(row["report_id"])
        opened += [key.open(sealed)] + [key.open(b) for _, _, b in additions]
    blobs = [(str(p), p.read_bytes()) for p in data.rglob("*") if p.is_file()]
    blobs += [(f"output {n}", o) for n, o in enumerate(outputs)]
    blobs += [(f"sealed document {n}", o) for n, o in enumerate(opened)]
    for where, blob in blobs:
        for value in SEARCHED:
            if value.encode() in blob or value.encode("utf-16-le") in blob:
                found.append(f"{value} in {where}")
    return found


def test_nothing_identifying_is_written_or_printed(tmp_path: Path) -> None:
    data, keys, port = tmp_path / "data", tmp_path / "keys", free_port()
    process = start_portal(data, keys, "127.0.0.2", port, "--pow-bits", str(POW_BITS))
    try:
        transport = httpx.HTTPTransport(local_address=CLIENT)
        with httpx.Client(base_url=f"http://127.0.0.2:{port}", headers=PLANTED,
                          transport=transport, timeout=60) as client:
            sent = send_report(client, {"narrative": "The seller on the market took my "
                                        "money.", "id_kind_0": "phone",
                                        "id_value_0": "+49 157 7000 0001"},
                               files=[("citizen_reports.csv", REPORTS.read_bytes())])
            assert sent.status_code == 200, sent.text[:2000]
            code, passphrase = receipt_of(sent.text)
            page = client.get("/follow-up").text
            opened = client.post("/follow-up", data={
                "csrf": token_of(page, "csrf"), "code": code, "passphrase": passphrase})
            assert opened.status_code == 200
            added = client.post("/follow-up/add", data={
                "csrf": token_of(page, "csrf"), "code": code, "passphrase": passphrase,
                "narrative": "One more thing."},
                files=[("files", ("notes.txt", b"more notes\n", "text/plain"))])
            assert "Your information was added." in added.text
            assert client.post("/report/fraud", data={"narrative": "x"}).status_code == 403
            assert client.get("/nowhere").status_code == 404
            cookies = {c.name for c in client.cookies.jar}
            assert cookies == {"csrf"}
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    assert b"TNOC reporting portal" in out  # the output was captured
    assert len(IntakeStore(data, None).queue(None)) == 1
    assert (data / "tmp").is_dir() and not any((data / "tmp").iterdir())
    assert find_identifying(data, [out, err], keys) == []
