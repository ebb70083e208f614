"""Logins: server-side sessions behind an opaque cookie.

The cookie holds only a random token (``secrets.token_urlsafe``, 256 bits); who is
logged in, to which cases and for which purpose is kept here, in the server's memory,
and is gone when the server stops. A login issues a new token (no session fixation:
a token planted before the login is never the one that carries it) and a logout
discards it. Every form that changes something carries the session's CSRF token
(OWASP's synchronizer-token pattern), checked by :func:`tnoc.web.app.create_app`'s
middleware on every POST.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

__all__ = ["COOKIE", "IDLE_SECONDS", "Login", "Sessions"]

COOKIE = "tnoc_session"
IDLE_SECONDS = 8 * 3600
"""A session unused this long is ended (a working day)."""


@dataclass
class Login:
    """One logged-in user: the cases they logged in to and the purpose chosen in each."""

    user: str
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    cases: set[str] = field(default_factory=set)
    purposes: dict[str, str] = field(default_factory=dict)
    """case id -> the open purpose the user works under there (the banner shows it)."""
    roles: dict[str, str] = field(default_factory=dict)
    """case id -> the user's role there, as the gate decided at login."""
    seen: float = field(default_factory=time.monotonic)

    def csrf_ok(self, token: str | None) -> bool:
        """Whether ``token`` is this session's CSRF token (constant-time)."""
        return bool(token) and hmac.compare_digest(self.csrf, str(token))


class Sessions:
    """The logins of one server process, by token."""

    def __init__(self) -> None:
        self._by_token: dict[str, Login] = {}
        self._lock = threading.Lock()

    def start(self, login: Login) -> str:
        """A new token for ``login`` (never one the client sent)."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._by_token[token] = login
        return token

    def get(self, token: str | None) -> Login | None:
        """The login of ``token``, if it is live; an idle one is ended."""
        if not token:
            return None
        with self._lock:
            login = self._by_token.get(token)
            if login is None:
                return None
            now = time.monotonic()
            if now - login.seen > IDLE_SECONDS:
                del self._by_token[token]
                return None
            login.seen = now
            return login

    def end(self, token: str | None) -> None:
        """Forget ``token`` (logout)."""
        if token:
            with self._lock:
                self._by_token.pop(token, None)
