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
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["COOKIE", "IDLE_SECONDS", "Login", "LoginThrottle", "Sessions"]

COOKIE = "tnoc_session"
IDLE_SECONDS = 8 * 3600
"""A session unused this long is ended (a working day)."""
POLL_SECONDS = 120
"""A poll token not used for this long is spent (the page asks every 2 s while the
section is computed; a token replayed later is a new consultation, audited)."""
MAX_POLLS = 32
"""Consultations under way kept per session (:attr:`Login.polls`)."""


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
    polls: dict[str, tuple[str, str, str, float]] = field(default_factory=dict)
    """Consultations under way of a section computed in the background: poll token ->
    (case id, section, the case's state it was audited in, when last asked). The
    section's first asking is decided and audited (the consultation); the page then
    asks again every 2 s with the token until the result shows, and those askings are
    decided but not audited again, as long as the case is in the same state and the
    token was used within :data:`POLL_SECONDS`."""

    def start_poll(self, case_id: str, section: str, state: str) -> str:
        """A new token for the consultation of ``section`` in case ``case_id`` in the
        case's ``state`` (:meth:`tnoc.service.CaseService.consultation_state`) that was
        just audited (the oldest dropped beyond :data:`MAX_POLLS`: a page left before
        its result showed)."""
        token = secrets.token_urlsafe(16)
        self.polls[token] = (case_id, section, state, time.monotonic())
        while len(self.polls) > MAX_POLLS:
            del self.polls[next(iter(self.polls))]
        return token

    def polling(self, token: str | None, case_id: str, section: str, state: str) -> bool:
        """Whether ``token`` continues a consultation of ``section`` in ``case_id`` this
        session started in the case's present ``state``, asked for within
        :data:`POLL_SECONDS`. One of another session, section or case does not; nor
        one replayed after the case changed (what it would show is a new state's
        reading, never audited) or left idle: that token is dropped and the asking is
        a new consultation, audited."""
        if not token:
            return False
        found = self.polls.get(str(token))
        if found is None:
            return False
        now = time.monotonic()
        if found[:3] != (case_id, section, state) or now - found[3] > POLL_SECONDS:
            if found[:2] == (case_id, section) or now - found[3] > POLL_SECONDS:
                del self.polls[str(token)]
            return False
        self.polls[str(token)] = (*found[:3], now)
        return True

    def end_poll(self, token: str | None) -> None:
        """The consultation's result was shown: its token is spent (asking with it
        again is a new consultation, audited)."""
        self.polls.pop(str(token), None)

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


class LoginThrottle:
    """A limit on failed logins that identifies no one beyond the user name tried (the
    workspace never looks at addresses): after ``max_failures`` failures for one name
    within ``window`` seconds, every attempt for that name, right password or not, is
    refused for ``lock`` seconds without the password being checked; and when
    ``global_failures`` failures of any names fall within ``global_window`` seconds
    (a guesser going through names), every login is refused until the oldest of them
    leaves the window. A success clears its name's failures.

    The names are compared case-folded, so a guesser gains nothing by varying case.
    NIST SP 800-63B §5.2.2 (rate limiting: at most 100 consecutive failures per
    account); OWASP Authentication Cheat Sheet ("Account lockout": a threshold, an
    observation window, a lockout duration). A lock is kept in this process's memory
    and ends with it, like the sessions; it can be used to keep a member out for
    ``lock`` seconds by naming them, the price of any lockout, bounded in time."""

    def __init__(self, max_failures: int = 10, window: float = 15 * 60,
                 lock: float = 15 * 60, global_failures: int = 100,
                 global_window: float = 60, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.max_failures, self.window, self.lock = max_failures, window, lock
        self.global_failures, self.global_window = global_failures, global_window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._locked: dict[str, float] = {}
        self._recent: deque[float] = deque()
        self._guard = threading.Lock()

    @staticmethod
    def _key(user: str) -> str:
        return user.strip().casefold()

    def refusal(self, user: str) -> str | None:
        """Why a login as ``user`` is refused now without checking its password (the
        words shown and audited), or None when it may be tried."""
        now = self._clock()
        with self._guard:
            while self._recent and self._recent[0] <= now - self.global_window:
                self._recent.popleft()
            until = self._locked.get(self._key(user))
            if until is not None and until > now:
                minutes = max(1, round((until - now) / 60))
                return (f"too many failed logins for this user name: refused for "
                        f"{minutes} more minute{'s' if minutes > 1 else ''}")
            if len(self._recent) >= self.global_failures:
                return ("too many failed logins on this workspace: every login is "
                        "refused for a minute")
        return None

    def failed(self, user: str) -> None:
        """Count a failed login as ``user`` (a lock begins at the limit)."""
        now, key = self._clock(), self._key(user)
        with self._guard:
            self._recent.append(now)
            for name in [n for n, times in self._failures.items()
                         if times[-1] <= now - self.window]:
                del self._failures[name]  # what left the window: memory stays bounded
            for name in [n for n, until in self._locked.items() if until <= now]:
                del self._locked[name]
            times = self._failures.setdefault(key, deque())
            times.append(now)
            while times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.max_failures:
                self._locked[key] = now + self.lock
                del self._failures[key]

    def succeeded(self, user: str) -> None:
        """A login as ``user`` succeeded: its failures are forgotten."""
        with self._guard:
            self._failures.pop(self._key(user), None)
