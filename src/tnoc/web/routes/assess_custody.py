"""The threat-assessment page (trends, emerging threats, priorities, their charts and
the report) and the custody page (the ledger, verification, the evidence bundle, keys,
checkpoints, the files the case produced and, for auditors, the audit trail).

Every call goes through the case's gate (:func:`tnoc.web.app.gate`): each analysis is
decided on the handling codes of what it reads and audited. A section the gate refuses
says why in its place, the rest of the page still shows. Files are downloaded by their
name in the case's ``reports/`` folder as the custody ledger records them
(:meth:`tnoc.service.CaseService.produced_file`), never by a path from the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from tnoc.errors import TnocError
from tnoc.web.app import gate, login_of, render

router = APIRouter()

T = TypeVar("T")
PAGE = 50
"""Ledger entries and audit records per page."""
MEDIA = {".pdf": "application/pdf", ".html": "text/html", ".zip": "application/zip",
         ".csv": "text/csv", ".json": "application/json"}


def _refused(call: Callable[[], T]) -> tuple[T | None, str | None]:
    """The value of ``call``, or None and why the gate (or the analysis) refused it:
    one section of a page says so in its place."""
    try:
        return call(), None
    except TnocError as refused:  # AccessDenied included: already recorded as denied
        return None, str(refused)


def _number(text: str | None, what: str, least: int = 0) -> int | None:
    """A whole number from a query parameter ('' or None: not given)."""
    if text is None or not text.strip():
        return None
    try:
        value = int(text)
    except ValueError:
        raise TnocError(f"{what} must be a whole number, not {text!r}") from None
    if value < least:
        raise TnocError(f"{what} must be at least {least}, not {value}")
    return value


def _said(request: Request, refused: TnocError) -> Response:
    """A refusal of an htmx request, as the fragment that takes the result's place
    (htmx swaps no error response: the user would see nothing); a plain request gets
    the error page, raised again by the caller."""
    return render(request, "h5_refused.html", message=str(refused))


# --- threat assessment ----------------------------------------------------------------


@router.get("/cases/{case_id}/assess")
def assess_page(request: Request, case_id: str, indicator: str = "", by: str = "category",
                last: str = "", alarm: str = "farrington", window: str = "5") -> Response:
    from tnoc.assess.reading import ALARM_METHODS, GROUPINGS

    last_n = _number(last, "last", 3)
    window_n = _number(window, "window", 3) or 5
    with gate(request, case_id) as service:
        indicators, refused = _refused(service.assessment_indicators)
        names = [name for name, _n in indicators or []]
        chosen = indicator if indicator in names else (
            "IC3 complaints" if "IC3 complaints" in names else (names[0] if names else ""))
        trends = emerging = None
        trends_refused = emerging_refused = None
        if chosen:
            trends, trends_refused = _refused(
                lambda: service.assessment_trends(chosen, by, last_n, alarm))
            emerging, emerging_refused = _refused(
                lambda: service.assessment_emerging(chosen, by, window_n))
        rows = []
        if trends is not None:
            rows = [[r.name, r.trend.n, r.trend.trend, r.trend.p, r.trend.slope,
                     r.newest_period, r.newest_value,
                     None if r.alarm is None else r.alarm.alarm,
                     None if r.alarm is None else r.alarm.threshold,
                     "; ".join([*r.notes, *r.trend.notes])] for r in trends[0].reads]
            # research mode: counts under 5 suppressed, as the CLI's listings
            rows = service.as_seen(rows) or rows
        reports = [f for f in _refused(service.produced_files)[0] or []
                   if f.operation == "report"]
    return render(request, "assess.html", indicators=indicators or [], refused=refused,
                  chosen=chosen, by=by, last=last_n, alarm=alarm, window=window_n,
                  groupings=GROUPINGS, alarm_methods=ALARM_METHODS, trends=trends,
                  trend_rows=rows, trends_refused=trends_refused, emerging=emerging,
                  emerging_refused=emerging_refused, reports=reports)


@router.get("/cases/{case_id}/assess/priorities")
def assess_priorities(request: Request, case_id: str) -> Response:
    """The priorities section (loaded after the page: profiling every group takes a
    while on a large case). The first time in a state of the case they are computed in
    the background, not in this request (which holds the case: the other pages would
    wait for it): the section says so and asks again until they are ready. The first
    asking is the consultation, decided and audited; the askings that follow carry its
    poll token (:meth:`tnoc.web.sessions.Login.start_poll`) and are decided but not
    audited again, until the result shows."""
    import base64

    login = login_of(request)
    poll = request.query_params.get("poll")
    with gate(request, case_id) as service:
        state = service.consultation_state()
        continued = login.polling(poll, case_id, "priorities", state)
        found, refused = _refused(lambda: service.assessment_priorities(
            wait=False, audited=not continued))
    if found is None and refused is None:
        token = poll if continued else login.start_poll(case_id, "priorities", state)
        return render(request, "assess_priorities.html", computing=True, poll=token)
    login.end_poll(poll)
    chart = None
    if found is not None and found[2] is not None:  # drawn with the table: one profiling
        chart = "data:image/png;base64," + base64.b64encode(found[2]).decode("ascii")
    return render(request, "assess_priorities.html", found=found, refused=refused,
                  chart=chart)


@router.get("/cases/{case_id}/api/assess/trend.png")
def assess_chart(request: Request, case_id: str, indicator: str = "",
                 by: str = "category", last: str = "", alarm: str = "farrington"
                 ) -> Response:
    """The trend chart of an indicator, drawn by the library (PNG)."""
    with gate(request, case_id) as service:
        image = service.assessment_chart(indicator, by, _number(last, "last", 3), alarm)
    return Response(image, media_type="image/png")


@router.post("/cases/{case_id}/assess/report")
def assess_report(request: Request, case_id: str) -> Response:
    """Write the threat-assessment report (HTML and PDF), recorded in the ledger."""
    htmx = bool(request.headers.get("hx-request"))
    try:
        with gate(request, case_id) as service:
            written = service.threat_report()
            reports = [f for f in service.produced_files() if f.operation == "report"]
    except TnocError as refused:  # AccessDenied too: recorded as denied by the gate
        if not htmx:
            raise
        return _said(request, refused)
    if not htmx:
        return RedirectResponse(f"/cases/{case_id}/assess#report", status_code=303)
    return render(request, "assess_report.html", written=written, reports=reports)


# --- custody --------------------------------------------------------------------------


@router.get("/cases/{case_id}/custody")
def custody_page(request: Request, case_id: str, offset: str = "", event: str = "",
                 actor: str = "", operation: str = "", entity: str = "",
                 audit_offset: str = "") -> Response:
    login = login_of(request)
    start = _number(offset, "offset") or 0
    with gate(request, case_id) as service:
        page = service.custody_log(start, PAGE, event or None)
        keys, points = service.custody_keys()
        produced = service.produced_files()
        audit: dict[str, Any] | None = None
        if login.roles.get(case_id) == "auditor":  # others never see the audit view
            records, refused = _refused(lambda: service.audit(
                [entity.strip()] if entity.strip() else (), actor.strip() or None,
                operation_name=operation.strip() or None))
            newest = list(reversed(records or []))
            first = _number(audit_offset, "audit offset") or 0
            audit = {"records": newest[first:first + PAGE], "total": len(newest),
                     "offset": first, "refused": refused, "actor": actor,
                     "operation": operation, "entity": entity}
    from tnoc.govern.policy import OPERATIONS

    return render(request, "custody.html", page=page, event=event, keys=keys,
                  points=points, produced=produced, audit=audit, page_size=PAGE,
                  operations=sorted(OPERATIONS))


@router.post("/cases/{case_id}/custody/verify")
def custody_verify(request: Request, case_id: str) -> Response:
    """``tnoc verify``: the result as a fragment (htmx) or a page."""
    htmx = bool(request.headers.get("hx-request"))
    try:
        with gate(request, case_id) as service:
            result = service.verify(record=True)
    except TnocError as refused:
        if not htmx:
            raise
        return _said(request, refused)
    return render(request, "custody_verify.html", result=result, fragment=htmx)


@router.post("/cases/{case_id}/custody/bundle")
def custody_bundle(request: Request, case_id: str,
                   reason: Annotated[str, Form()] = "court bundle",
                   authority: Annotated[str, Form()] = "") -> Response:
    """``tnoc bundle --reason``: the bundle written, offered for download."""
    htmx = bool(request.headers.get("hx-request"))
    try:
        with gate(request, case_id) as service:
            written = service.evidence_bundle(reason, authority.strip() or None)
    except TnocError as refused:
        if not htmx:
            raise
        return _said(request, refused)
    return render(request, "custody_bundle.html", written=written, fragment=htmx)


@router.get("/cases/{case_id}/download/{name:path}")
def download(request: Request, case_id: str, name: str) -> Response:
    """A file the case's ledger records producing in its ``reports/`` folder, by its
    name; anything else (another path, ``..``, an absolute path) is not found."""
    with gate(request, case_id) as service:
        found = service.produced_file(name)
    if found is None:
        raise HTTPException(404, f"no file called {name!r} was produced in this case")
    produced, path = found
    return FileResponse(path, media_type=MEDIA.get(path.suffix.lower(),
                                                   "application/octet-stream"),
                        filename=produced.name, headers={"X-Content-SHA256": produced.sha256})

