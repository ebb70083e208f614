"""A local RFC 3161 time-stamping authority for tests (there is no network here).

A throw-away CA and a TSA certificate (extended key usage timeStamping, critical, as
RFC 3161 §2.3 requires) are made with ``cryptography``; replies are made by OpenSSL's
own TSA (``openssl ts -reply``) behind a small HTTP server that speaks the RFC 3161
HTTP transport (POST ``application/timestamp-query``, answer
``application/timestamp-reply``). So TNOC is tested against an independent
implementation, not against itself.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class LocalTsa:
    url: str
    ca_pem: Path
    folder: Path
    requests: int = 0


def _certificates(folder: Path, name: str) -> None:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} root")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                       False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    tsa = (x509.CertificateBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
           .issuer_name(ca_name).public_key(key.public_key())
           .serial_number(x509.random_serial_number())
           .not_valid_before(now - dt.timedelta(days=1))
           .not_valid_after(now + dt.timedelta(days=30))
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                          critical=True)
           .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
           .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "tsa.pem").write_bytes(tsa.public_bytes(pem))
    (folder / "tsa.key").write_bytes(key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "serial").write_text("01\n")
    (folder / "ts.cnf").write_text(
        "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\n"
        f"serial = {folder}/serial\nsigner_cert = {folder}/tsa.pem\n"
        f"signer_key = {folder}/tsa.key\ncerts = {folder}/ca.pem\n"
        "signer_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
        "digests = sha256, sha384, sha512\naccuracy = secs:1\n"
        "tsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n")


@contextmanager
def local_tsa(name: str = "TNOC test TSA") -> Iterator[LocalTsa]:
    """Run a TSA on 127.0.0.1 for the duration of the block."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _certificates(folder, name)
        state = LocalTsa("", folder / "ca.pem", folder)
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    state.requests += 1
                    (folder / "q.tsq").write_bytes(query)
                    made = subprocess.run(
                        ["openssl", "ts", "-reply", "-config", str(folder / "ts.cnf"),
                         "-queryfile", str(folder / "q.tsq"), "-out", str(folder / "r.tsr")],
                        capture_output=True, check=False)
                    reply = (folder / "r.tsr").read_bytes() if made.returncode == 0 else b""
                if not reply:
                    self.send_response(500)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        state.url = f"http://127.0.0.1:{server.server_address[1]}/tsr"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield state
        finally:
            server.shutdown()
            server.server_close()
