"""Abuse limits that identify no one, and the request-size cap.

* :class:`ProofOfWork`: a stateless challenge (random bytes and an expiry, signed with
  an HMAC-SHA256 key the portal process draws at start, RFC 2104) that the reporter's
  browser answers with a nonce such that ``sha256(challenge + nonce)`` starts with
  :attr:`ProofOfWork.bits` zero bits (Hashcash, Back 2002). Each answered challenge is
  taken once (kept in memory until it expires), so one solution buys one submission.
* :class:`TokenBucket`: for browsers without JavaScript, one *global* bucket of
  submissions per minute (not per address: the portal never looks at addresses).
* :class:`BodyLimit`: an ASGI middleware refusing a request body above a cap with 413,
  before reading it when the length is declared, and as soon as the cap is passed when
  it is not (chunked), so nothing of an oversized upload is parsed or written.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["CSP", "BodyLimit", "ProofOfWork", "SecurityHeaders", "TokenBucket",
           "leading_zero_bits"]

CSP = ("default-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
"""Nothing but the portal's own files: no third-party content, no framing."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def leading_zero_bits(digest: bytes) -> int:
    """How many zero bits ``digest`` starts with."""
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


class ProofOfWork:
    """Challenges of ``bits`` difficulty valid for ``lifetime`` seconds (see the
    module)."""

    def __init__(self, bits: int = 16, lifetime: int = 900) -> None:
        self.bits = bits
        self.lifetime = lifetime
        self._key = secrets.token_bytes(32)
        self._spent: dict[str, float] = {}
        self._lock = threading.Lock()

    def challenge(self) -> str:
        """A new challenge: ``random.expiry.mac`` (hex, decimal, hex)."""
        body = f"{secrets.token_hex(16)}.{int(time.time()) + self.lifetime}"
        return f"{body}.{self._mac(body)}"

    def _mac(self, body: str) -> str:
        return hmac.new(self._key, body.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def solve(self, challenge: str) -> str:
        """A nonce answering ``challenge`` (what ``static/pow.js`` does in the browser;
        used by the tests and the benchmark as a client would)."""
        n = 0
        while not self.answers(challenge, str(n)):
            n += 1
        return str(n)

    def answers(self, challenge: str, nonce: str) -> bool:
        """Whether ``nonce`` has enough leading zero bits for ``challenge``."""
        digest = hashlib.sha256((challenge + nonce).encode("utf-8")).digest()
        return leading_zero_bits(digest) >= self.bits

    def redeem(self, challenge: str, nonce: str) -> bool:
        """True (once) when ``challenge`` is ours, unexpired, unspent and answered."""
        parts = challenge.split(".")
        if len(parts) != 3 or len(nonce) > 32 or not parts[1].isdigit():
            return False
        body = f"{parts[0]}.{parts[1]}"
        now = time.time()
        if not hmac.compare_digest(self._mac(body), parts[2]) or int(parts[1]) < now:
            return False
        if not self.answers(challenge, nonce):
            return False
        with self._lock:
            for spent, until in list(self._spent.items()):
                if until < now:
                    del self._spent[spent]
            if challenge in self._spent:
                return False
            self._spent[challenge] = float(parts[1])
        return True


class TokenBucket:
    """``per_minute`` submissions a minute for all clients together, bursts up to
    ``burst``."""

    def __init__(self, per_minute: int = 30, burst: int = 10) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._tokens = float(burst)
        self._at = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Take a token if there is one."""
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False


class BodyLimit:
    """Refuse request bodies above ``limit`` bytes with 413 (see the module)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]],
                 limit: int) -> None:
        self.app = app
        self.limit = limit

    async def _too_large(self, send: Send) -> None:
        body = (f"Request too large: at most {self.limit // (1024 * 1024)} MB in all "
                "(the files and the form).").encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._too_large(send)
            return
        seen = 0

        class TooLarge(Exception):
            pass

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge
            return message

        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except TooLarge:
            if not started:
                await self._too_large(send)


class SecurityHeaders:
    """Add the privacy and content-security headers to every response: :data:`CSP`,
    ``Referrer-Policy: no-referrer`` (the reporter's next site learns nothing),
    ``nosniff``, no framing, and ``no-store`` unless the response says otherwise. A
    plain ASGI middleware, so a refusal raised while the body is read reaches
    :class:`BodyLimit` as it was raised."""

    HEADERS = [(b"content-security-policy", CSP.encode()),
               (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", [])
                           if h[0].lower() not in dict(self.HEADERS)]
                headers += self.HEADERS
                if not any(h[0].lower() == b"cache-control" for h in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)
