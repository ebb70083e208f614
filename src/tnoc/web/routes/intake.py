"""Citizen reports: the triage queue of the reporting portal's intake store, a report
opened for triage, taken into the case (with what the case's lists say of it), and
replies the reporter reads with their receipt (issue #23, item 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from tnoc.errors import TnocError
from tnoc.web.app import gate, render

router = APIRouter()


def _store(request: Request) -> Path | None:
    folder: Path | None = request.app.state.intake
    return folder


def _required(request: Request) -> Path:
    folder = _store(request)
    if folder is None:
        raise TnocError("this workspace has no intake store: start it with "
                        "'tnoc serve FOLDER --intake PORTAL_DATA_FOLDER'")
    return folder


@router.get("/cases/{case_id}/intake")
def queue(request: Request, case_id: str, state: str = "new") -> Response:
    folder = _store(request)
    rows = None
    if folder is not None:
        with gate(request, case_id) as service:
            rows = service.intake_queue(folder, None if state == "all" else state)
    return render(request, "intake.html", rows=rows, state=state)


@router.get("/cases/{case_id}/intake/{report_id}")
def report(request: Request, case_id: str, report_id: str) -> Response:
    with gate(request, case_id) as service:
        opened = service.intake_report(_required(request), report_id)
    return render(request, "intake_report.html", report=opened, taken=None)


@router.post("/cases/{case_id}/intake/{report_id}/take")
def take(request: Request, case_id: str, report_id: str,
         retain_days: Annotated[int, Form()] = 365,
         tlp: Annotated[str, Form()] = "TLP:AMBER") -> Response:
    folder = _required(request)
    with gate(request, case_id) as service:
        taken = service.take_report(folder, report_id, retain_days, tlp)
    return render(request, "intake_report.html", report=taken.report, taken=taken)


@router.post("/cases/{case_id}/intake/{report_id}/reply")
def reply(request: Request, case_id: str, report_id: str,
          text: Annotated[str, Form()]) -> Response:
    with gate(request, case_id) as service:
        service.intake_reply(_required(request), report_id, text)
    return RedirectResponse(f"/cases/{case_id}/intake/{report_id}#replied",
                            status_code=303)


# --- retention: a supervisor keeps a report under analysis past its day -----------------

@router.post("/cases/{case_id}/intake/{report_id}/hold")
def hold(request: Request, case_id: str, report_id: str,
         reason: Annotated[str, Form()]) -> Response:
    with gate(request, case_id) as service:
        service.intake_hold(_required(request), report_id, reason)
    return RedirectResponse(f"/cases/{case_id}/intake/{report_id}#retention",
                            status_code=303)


@router.post("/cases/{case_id}/intake/{report_id}/release")
def release(request: Request, case_id: str, report_id: str) -> Response:
    with gate(request, case_id) as service:
        service.intake_release(_required(request), report_id)
    return RedirectResponse(f"/cases/{case_id}/intake/{report_id}#retention",
                            status_code=303)
