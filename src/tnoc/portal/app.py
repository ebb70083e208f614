"""The reporting portal's pages (issue #23), working without JavaScript.

Home (choose the kind of report), the form of each kind, the receipt (shown once),
and the follow-up (code and passphrase: the report's state, analysts' replies, files
with their hashes, and a form to add information and files). Everything is written
to the intake store through :class:`tnoc.intake.store.IntakeStore`; nothing of the
request's connection (address, browser, referrer, forwarding headers) is read.

Anonymity: the only cookie is the CSRF token (double submit: an HttpOnly,
SameSite=Strict cookie matched against the form's hidden field; OWASP's CSRF
prevention cheat sheet), there is no session, the language comes from ``?lang=`` or
the form (never stored), no third-party content (CSP ``default-src 'self'``,
``Referrer-Policy: no-referrer``). Pages work in Tor Browser at its safest level.
"""

from __future__ import annotations

import gettext
import hmac
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from tnoc.errors import TnocError
from tnoc.intake.files import (
    ACCEPTED,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TOTAL_BYTES,
    CheckedFile,
    RefusedFile,
    check_files,
)
from tnoc.intake.forms import CRYPTO, PAYMENT_METHODS, REPORT_KINDS, Form, check_report
from tnoc.intake.identifiers import KINDS as IDENTIFIER_KINDS
from tnoc.intake.identifiers import InvalidIdentifier, check_identifier
from tnoc.intake.store import DEFAULT_RETAIN_DAYS, IntakeStore, PurgeTimer, ReportPurged
from tnoc.portal.guards import BodyLimit, ProofOfWork, SecurityHeaders, TokenBucket

__all__ = ["LANGUAGES", "LOG_CONFIG", "SERVER_OPTIONS", "Portal", "create_app"]

HERE = Path(__file__).parent
LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}
CSRF_COOKIE = "csrf"
IDENTIFIER_ROWS = 5
ADD_IDENTIFIER_ROWS = 3
BODY_LIMIT = MAX_TOTAL_BYTES + 1024 * 1024
"""The request body cap: the files' total limit and 1 MB for the form's fields."""

log = logging.getLogger("tnoc.portal")

LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain",
                            "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "uvicorn.error": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        # the access log is where servers print client addresses: never on
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "tnoc.portal": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
"""Logging that never prints a client address: uvicorn's access log off, its error log
at WARNING (its messages name no peer), the portal's own log naming only the path and
the type of an error."""

SERVER_OPTIONS: dict[str, Any] = {
    "log_level": "warning", "access_log": False, "server_header": False,
    "date_header": False, "proxy_headers": False, "forwarded_allow_ips": ""}
"""uvicorn's options for the portal: no access log, no Server or Date header, and
forwarding headers (X-Forwarded-For) never read."""


def _(message: str) -> str:
    """Mark ``message`` for translation (translated when shown)."""
    return message


@dataclass
class Portal:
    """What the pages share: the store, the limits and the templates by language."""

    store: IntakeStore
    pow: ProofOfWork
    bucket: TokenBucket
    environments: dict[str, Environment] = field(default_factory=dict)
    translations: dict[str, gettext.NullTranslations] = field(default_factory=dict)


def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation("portal", localedir=str(HERE / "locale"),
                               languages=[language], fallback=True)


def _environment(translations: gettext.NullTranslations) -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def _language(request: Request, form: FormData | None = None) -> str:
    chosen = (form.get("lang") if form is not None else None) or \
        request.query_params.get("lang")
    return chosen if isinstance(chosen, str) and chosen in LANGUAGES else "en"


def _portal(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


def _csrf_token(request: Request) -> str:
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if len(token) == 43 and token.replace("-", "").replace("_", "").isalnum() \
        else secrets.token_urlsafe(32)


def render(request: Request, template: str, language: str, status_code: int = 200,
           *, no_store: bool = False, **context: Any) -> HTMLResponse:
    """``template`` in ``language`` with the CSRF token (its cookie set)."""
    portal = _portal(request)
    csrf = _csrf_token(request)
    translations = portal.translations[language]
    context.update(lang=language, languages=LANGUAGES, csrf=csrf, no_store=no_store,
                   t=translations.gettext, path=request.url.path)
    html = portal.environments[language].get_template(template).render(**context)
    response = HTMLResponse(html, status_code=status_code)
    response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
    if no_store:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


class CsrfRefused(Exception):
    """A POST whose CSRF token is missing or does not match its cookie."""


def _check_csrf(request: Request, form: FormData) -> None:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = form.get("csrf")
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(
            cookie.encode(), sent.encode()):
        raise CsrfRefused()


async def _files(form: FormData, name: str = "files") -> list[tuple[str | None, bytes]]:
    """The uploads under ``name`` (each read to one byte past the per-file limit, so
    the check says it is too large without reading more)."""
    out: list[tuple[str | None, bytes]] = []
    for item in form.getlist(name):
        if isinstance(item, UploadFile):
            data = await item.read(MAX_FILE_BYTES + 1)
            if data:
                out.append((item.filename, data))
    return out


def _rows(form: FormData, count: int, prefix: str = "id") -> list[tuple[str, str, str]]:
    return [(str(form.get(f"{prefix}_kind_{n}") or ""), str(form.get(f"{prefix}_value_{n}")
             or ""), str(form.get(f"{prefix}_detail_{n}") or "")) for n in range(count)]


def _form_context(kind: str, values: dict[str, str], rows: list[tuple[str, str, str]],
                  problems: dict[str, str], challenge: str, pow_bits: int
                  ) -> dict[str, Any]:
    return {"pow_bits": pow_bits, "kind": REPORT_KINDS[kind], "values": values, "rows": rows,
            "problems": problems, "identifier_kinds": IDENTIFIER_KINDS,
            "payment_methods": PAYMENT_METHODS, "crypto": CRYPTO, "challenge": challenge,
            "accepted": ", ".join(ACCEPTED.values()), "max_files": MAX_FILES,
            "max_file_mb": MAX_FILE_BYTES // (1024 * 1024),
            "max_total_mb": MAX_TOTAL_BYTES // (1024 * 1024)}


FIELDS = ("narrative", "happened_on", "ongoing", "loss_amount", "loss_currency",
          "payment_method", "contact_name", "contact_email", "contact_phone")


def create_app(data: Path, public_key: bytes, *, pow_bits: int = 16,
               per_minute: int = 30, burst: int = 10,
               retain_days: int = DEFAULT_RETAIN_DAYS) -> FastAPI:
    """The portal writing to the intake store in ``data``, sealing to ``public_key``.
    ``pow_bits``: the proof-of-work's difficulty; ``per_minute``/``burst``: the global
    bucket of submissions without proof-of-work (browsers without JavaScript);
    ``retain_days``: how long a report no one takes into a case is kept. The retention
    timer purges what is past its day when the portal starts, then daily
    (:class:`tnoc.intake.store.PurgeTimer`)."""
    store = IntakeStore(Path(data), public_key, retain_days)

    @asynccontextmanager
    async def retention(_app: FastAPI) -> AsyncIterator[None]:
        timer = PurgeTimer(store, "reporting portal")
        await run_in_threadpool(timer.start)
        try:
            yield
        finally:
            timer.stop()

    app = FastAPI(title="Report", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=retention)
    portal = Portal(store, ProofOfWork(pow_bits), TokenBucket(per_minute, burst))
    for language in LANGUAGES:
        portal.translations[language] = _translations(language)
        portal.environments[language] = _environment(portal.translations[language])
    app.state.portal = portal


    def _error(request: Request, status: int, message: str) -> HTMLResponse:
        language = _language(request)
        return render(request, "error.html", language, status_code=status,
                      message=portal.translations[language].gettext(message))

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        return _error(request, 403, _("The form was not sent from this portal's page (its "
                                      "security token is missing or wrong). Go back, "
                                      "reload the page and send it again."))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, _("This page does not exist.")
                      if exc.status_code == 404 else _("The request was refused."))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        # the type only: an exception's message or traceback could quote what was sent
        log.error("internal error (%s) on %s", type(exc).__name__, request.url.path)
        return _error(request, 500, _("Something went wrong on our side; nothing was "
                                      "stored. Please try again later."))

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return render(request, "home.html", _language(request),
                      kinds=list(REPORT_KINDS.values()))

    @app.get("/report/{kind}", response_class=HTMLResponse)
    def report_form(request: Request, kind: str) -> HTMLResponse:
        language = _language(request)
        if kind not in REPORT_KINDS:
            raise StarletteHTTPException(404)
        if REPORT_KINDS[kind].referral_only:
            return render(request, "referral.html", language, kind=REPORT_KINDS[kind])
        return render(request, "form.html", language, **_form_context(
            kind, {}, [("", "", "")] * IDENTIFIER_ROWS, {}, portal.pow.challenge(),
            portal.pow.bits))

    @app.post("/report/{kind}", response_class=HTMLResponse)
    async def submit(request: Request, kind: str) -> HTMLResponse:
        if kind not in REPORT_KINDS or REPORT_KINDS[kind].referral_only:
            raise StarletteHTTPException(404)
        async with request.form(max_files=MAX_FILES + 1, max_fields=100,
                                max_part_size=64 * 1024) as form:
            _check_csrf(request, form)
            language = _language(request, form)
            gettext_ = portal.translations[language].gettext
            values = {k: str(form.get(k) or "") for k in FIELDS}
            rows = _rows(form, IDENTIFIER_ROWS)
            challenge, nonce = str(form.get("pow_challenge") or ""), \
                str(form.get("pow_nonce") or "")

            def again(problems: dict[str, str], status: int) -> HTMLResponse:
                translated = {k: gettext_(v) for k, v in problems.items()}
                return render(request, "form.html", language, status_code=status,
                              **_form_context(kind, values, rows, translated,
                                              portal.pow.challenge(), portal.pow.bits))

            if not (nonce and portal.pow.redeem(challenge, nonce)) and \
                    not portal.bucket.take():
                return again({"form": _(
                    "Many reports are arriving right now: wait a minute and send the form "
                    "again (or allow JavaScript, which lets your browser prove it is not "
                    "a robot).")}, 429)
            uploads = await _files(form)
        try:
            checked = await run_in_threadpool(check_files, uploads)
        except RefusedFile as refused:
            return again({"files": str(refused)}, 400)
        submission, problems = check_report(Form({**values, "kind": kind}, rows),
                                            checked, language)
        if submission is None:
            return again(problems, 400)
        _report_id, receipt = await run_in_threadpool(portal.store.submit, submission)
        return render(request, "receipt.html", language, no_store=True, receipt=receipt,
                      files=checked)

    @app.get("/follow-up", response_class=HTMLResponse)
    def follow_up(request: Request) -> HTMLResponse:
        return render(request, "follow_up.html", _language(request), problem=None,
                      code="")

    def _report_page(request: Request, language: str, code: str, passphrase: str,
                     report: Any, problems: dict[str, str] | None = None,
                     added: bool = False, status: int = 200) -> HTMLResponse:
        return render(request, "report.html", language, status_code=status, no_store=True,
                      report=report, code=code, passphrase=passphrase,
                      kind=REPORT_KINDS.get(report.kind), problems=problems or {},
                      added=added, identifier_kinds=IDENTIFIER_KINDS,
                      rows=[("", "", "")] * ADD_IDENTIFIER_ROWS, accepted=", ".join(
                          ACCEPTED.values()))

    def _purged(request: Request, language: str, code: str,
                purged: ReportPurged) -> HTMLResponse:
        message = portal.translations[language].gettext(_(
            "This report was deleted on %(day)s under the retention rule: what it said, "
            "its files and the replies are no longer held here. If you still need help, "
            "make a new report.")) % {"day": purged.purged_on}
        return render(request, "follow_up.html", language, status_code=410,
                      no_store=True, code=code, problem=message)

    @app.post("/follow-up", response_class=HTMLResponse)
    async def open_report(request: Request) -> HTMLResponse:
        async with request.form(max_files=0, max_fields=10, max_part_size=4096) as form:
            _check_csrf(request, form)
            language = _language(request, form)
            code, passphrase = str(form.get("code") or ""), str(form.get("passphrase") or "")
        try:
            report = await run_in_threadpool(portal.store.report, code, passphrase)
        except ReportPurged as purged:
            return _purged(request, language, code, purged)
        except TnocError as refused:
            return render(request, "follow_up.html", language, status_code=403,
                          no_store=True, code=code,
                          problem=portal.translations[language].gettext(str(refused)))
        return _report_page(request, language, code, passphrase, report)

    @app.post("/follow-up/add", response_class=HTMLResponse)
    async def add(request: Request) -> HTMLResponse:
        async with request.form(max_files=MAX_FILES + 1, max_fields=40,
                                max_part_size=64 * 1024) as form:
            _check_csrf(request, form)
            language = _language(request, form)
            code, passphrase = str(form.get("code") or ""), str(form.get("passphrase") or "")
            text = str(form.get("narrative") or "").strip()
            rows = _rows(form, ADD_IDENTIFIER_ROWS, "add")
            uploads = await _files(form)
        gettext_ = portal.translations[language].gettext
        problems: dict[str, str] = {}
        identifiers = []
        for n, (id_kind, value, detail) in enumerate(rows):
            if not value.strip():
                continue
            try:
                found = check_identifier(id_kind, value, detail)
            except InvalidIdentifier as bad:
                problems[f"identifier-{n}"] = f"{gettext_('expected')} {bad}"
                continue
            identifiers.append({"kind": found.kind, "value": found.value,
                                "as_typed": found.original, "detail": found.detail})
        checked: list[CheckedFile] = []
        try:
            checked = await run_in_threadpool(check_files, uploads)
        except RefusedFile as refused:
            problems["files"] = str(refused)
        if not (text or identifiers or checked) and not problems:
            problems["narrative"] = gettext_("add some information, an identifier or a file")
        try:
            if problems:
                report = await run_in_threadpool(portal.store.report, code, passphrase)
                return _report_page(request, language, code, passphrase, report, problems,
                                    status=400)
            report = await run_in_threadpool(
                portal.store.add, code, passphrase,
                {"narrative": text, "identifiers": identifiers, "language": language},
                checked)
        except ReportPurged as purged:
            return _purged(request, language, code, purged)
        except TnocError as refused:
            return render(request, "follow_up.html", language, status_code=403,
                          no_store=True, code=code, problem=gettext_(str(refused)))
        return _report_page(request, language, code, passphrase, report, added=True)

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=BODY_LIMIT)
    return app
