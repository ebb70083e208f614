"""The workspace's application: security headers, sessions, CSRF, errors, pages.

:func:`create_app` builds a FastAPI (Starlette) app for the cases under one folder.
Every route under ``/cases/{case_id}`` first checks that the login includes the case
(:func:`case_guard`, before the route runs: another case's id is answered as a missing
one), and every page and API call of a case goes through :func:`gate`: the login must
include the case, requests to one case are taken one at a time, and the service (the
gate of :mod:`tnoc.service`) decides and audits each operation as the CLI's do, with
``via="web"``. What is refused is a page saying why (HTTP 403), recorded as denied.

Security: Content-Security-Policy ``default-src 'self'`` (no inline script or style,
no external request), ``frame-ancestors 'none'``, no referrer; the session cookie is
HttpOnly and SameSite=Strict; every POST carries the session's CSRF token (a form field
``csrf`` or the ``X-CSRF-Token`` header htmx sends); Jinja2 escapes every value, so a
name such as ``<script>`` from ingested data renders as text.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any

import duckdb
from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from tnoc.errors import Refused, TnocError
from tnoc.ledger.keys import acting_user
from tnoc.service import CaseService
from tnoc.store.held import refusal_of
from tnoc.web.sessions import COOKIE, Login, LoginThrottle, Sessions
from tnoc.web.workspace import CaseEntry, UnknownCase, Workspace

__all__ = ["CSP", "NAV", "ROUTERS", "case_guard", "create_app", "gate", "login_of", "render",
           "routes_of"]

HERE = Path(__file__).parent
CSP = ("default-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
LOGIN_CSRF = "tnoc_login_csrf"

ROUTERS = [
    "tnoc.web.routes.access",
    "tnoc.web.routes.cases",
    "tnoc.web.routes.intake",
    "tnoc.web.routes.review",
    "tnoc.web.routes.alerts",
    "tnoc.web.routes.money",
    "tnoc.web.routes.graph",
    "tnoc.web.routes.dossier",
    "tnoc.web.routes.timeline_map",
    "tnoc.web.routes.assess_custody",
]
"""The modules whose ``router`` the app includes, one per page or group of pages."""

NAV: list[tuple[str, str]] = [
    ("Overview", ""),
    ("Search", "/search"),
    ("Graph", "/graph"),
    ("Timeline", "/timeline"),
    ("Map", "/map"),
    ("Review", "/review"),
    ("Money", "/money"),
    ("Alerts", "/alerts"),
    ("Threat assessment", "/assess"),
    ("Custody", "/custody"),
    ("Citizen reports", "/intake"),
]
"""The case's pages in the navigation bar: (label, path under ``/cases/{case_id}``)."""

templates = Jinja2Templates(directory=str(HERE / "templates"))


class NotLoggedIn(Exception):
    """A page that needs a login was asked for without one: go to the login page."""


class CsrfRefused(Exception):
    """A POST without the session's CSRF token."""


def _workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def _sessions(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


def current_login(request: Request) -> Login | None:
    """The login of the request's session cookie, if any."""
    return _sessions(request).get(request.cookies.get(COOKIE))


def login_of(request: Request) -> Login:
    """The request's login; :class:`NotLoggedIn` (a redirect to the login page) if none."""
    login = current_login(request)
    if login is None:
        raise NotLoggedIn()
    return login


async def csrf_guard(request: Request) -> None:
    """Refuse a state-changing request without the CSRF token of its session (the
    login form: the token of its own cookie, a double submit)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = str((await request.form()).get("csrf") or "") or None
    if request.url.path == "/login":
        expected = request.cookies.get(LOGIN_CSRF)
        if expected and sent and secrets.compare_digest(expected, sent):
            return
        raise CsrfRefused()
    login = current_login(request)
    if login is None or not login.csrf_ok(sent):
        raise CsrfRefused()


@contextmanager
def gate(request: Request, case_id: str) -> Iterator[CaseService]:
    """The service for the logged-in user on case ``case_id`` (which they logged in
    to) for the purpose they chose there, holding the case's lock."""
    login = login_of(request)
    if case_id not in login.cases:
        raise UnknownCase("no such case in this workspace, or you have not logged in to it")
    workspace = _workspace(request)
    # what the service records in the custody ledger is the logged-in member's act,
    # signed with their key, as the CLI's --as sets it (tnoc.ledger.keys.operator)
    acting = acting_user.set(login.user)
    try:
        with workspace.serial(case_id):
            service = workspace.service(case_id, login.user, login.purposes.get(case_id))
            with service.case.hold():  # one opening of the store for the whole request
                yield service
    finally:
        acting_user.reset(acting)


def case_entry(request: Request, case_id: str) -> CaseEntry:
    """The case ``case_id`` if the request's login includes it."""
    login = login_of(request)
    if case_id not in login.cases:
        raise UnknownCase("no such case in this workspace, or you have not logged in to it")
    return _workspace(request).entry(case_id)


def routes_of(app: FastAPI) -> list[Any]:
    """Every route ``app`` answers, those of its included routers among them: FastAPI
    0.16x keeps an included router in ``app.routes`` as one route holding the router
    (``original_router``, with an empty path), so ``app.routes`` alone lists none of the
    pages. The routers are included without a prefix (:func:`create_app`), so each
    route's ``path`` is the one the app answers."""

    def walk(routes: list[Any]) -> list[Any]:
        found = []
        for route in routes:
            inner = getattr(route, "original_router", None)
            found += walk(list(inner.routes)) if inner is not None else [route]
        return found

    return walk(list(app.routes))


def case_guard(request: Request) -> None:
    """The first check of every route under ``/cases/{case_id}``, a dependency of the
    whole app that runs before the route: the login must include the case
    (:func:`case_entry`), else the login page, or "no such case" (404) as for one that
    is not there. A route cannot answer for a case its user has not logged in to,
    whether or not it reaches :func:`gate` (which checks again, holding the case's
    lock) and whatever it does before."""
    case_id = request.path_params.get("case_id")
    if case_id is not None:
        case_entry(request, str(case_id))


def render(request: Request, template: str, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    """A page: ``template`` with the login, its CSRF token, the case (when the path
    names one) and its purpose banner."""
    login = current_login(request)
    case_id = request.path_params.get("case_id")
    case = None
    if login is not None and case_id in login.cases:
        try:
            case = _workspace(request).entry(case_id)
        except UnknownCase:
            case = None
    context.update(request=request, login=login, case=case,
                   purpose=login.purposes.get(case_id) if login and case_id else None,
                   role=login.roles.get(case_id) if login and case_id else None,
                   csrf=login.csrf if login else "", nav=NAV)
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def _error(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, title=title, message=message)


def create_app(folder: Path, intake: Path | None = None) -> FastAPI:
    """The workspace for the cases under ``folder``; ``intake``: the reporting portal's
    data folder, whose reports the citizen-reports page triages (and whose retention
    timer runs here too, on start and daily: a copy of the portal's folder is purged
    as the portal's is; :class:`tnoc.intake.store.PurgeTimer`)."""

    @asynccontextmanager
    async def retention(_app: FastAPI) -> AsyncIterator[None]:
        from starlette.concurrency import run_in_threadpool

        from tnoc.intake.store import IntakeStore, PurgeTimer

        timer = None if intake is None else PurgeTimer(IntakeStore(Path(intake), None),
                                                       "workspace")
        if timer is not None:
            await run_in_threadpool(timer.start)
        try:
            yield
        finally:
            if timer is not None:
                timer.stop()

    app = FastAPI(title="TNOC workspace", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(csrf_guard), Depends(case_guard)],
                  lifespan=retention)
    app.state.workspace = Workspace(Path(folder))
    app.state.sessions = Sessions()
    app.state.throttle = LoginThrottle()
    app.state.intake = Path(intake) if intake is not None else None

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        started = time.perf_counter()
        response: Response = await call_next(request)
        # the server's own time (W3C Server Timing): what benchmarks/web.py measures
        response.headers["Server-Timing"] = \
            f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, exc: NotLoggedIn) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        return _error(request, 403, "Request refused",
                      "The form was not sent from this workspace's page (its CSRF token "
                      "is missing or wrong). Reload the page and try again.")

    # every refusal (the gate's AccessDenied, a legal hold, four eyes, the last admin,
    # research mode's facets) is a 403, as every one exits 5 on the command line
    @app.exception_handler(Refused)
    async def denied(request: Request, exc: Refused) -> Response:
        return _error(request, 403, "Not allowed", str(exc))

    @app.exception_handler(UnknownCase)
    async def unknown_case(request: Request, exc: UnknownCase) -> Response:
        return _error(request, 404, "No such case", str(exc))

    @app.exception_handler(TnocError)
    async def tnoc_error(request: Request, exc: TnocError) -> Response:
        return _error(request, 400, "Cannot do that", str(exc))

    # held statement files missing or damaged (tnoc.store.held): said, not a bare 500
    @app.exception_handler(duckdb.Error)
    async def held_damaged(request: Request, exc: duckdb.Error) -> Response:
        said = refusal_of(exc)
        if said is None:
            raise exc
        return _error(request, 503, "The case's statements cannot be read", said)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, "Not found" if exc.status_code == 404
                      else "Error", str(exc.detail))

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in ROUTERS:
        app.include_router(import_module(module).router)
    return app
