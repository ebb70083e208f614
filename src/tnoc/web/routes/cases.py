"""The cases page, the purpose chosen per case, and the case overview."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from tnoc.web.app import _workspace, case_entry, gate, login_of, render

router = APIRouter()


@router.get("/cases")
def cases(request: Request) -> Response:
    login = login_of(request)
    workspace = _workspace(request)
    rows = []
    for entry in workspace.cases():
        if entry.case_id not in login.cases:
            continue
        with gate(request, entry.case_id) as service:
            open_purposes = [p for p in service.purposes() if p.is_open()]
        rows.append({"case": entry, "role": login.roles.get(entry.case_id),
                     "purpose": login.purposes.get(entry.case_id),
                     "purposes": open_purposes})
    return render(request, "cases.html", rows=rows)


@router.post("/cases/{case_id}/purpose")
def choose_purpose(request: Request, case_id: str,
                   purpose: Annotated[str, Form()] = "") -> Response:
    case_entry(request, case_id)
    login = login_of(request)
    if purpose.strip():
        login.purposes[case_id] = purpose.strip()
    else:
        login.purposes.pop(case_id, None)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases/{case_id}")
def overview(request: Request, case_id: str) -> Response:
    with gate(request, case_id) as service:
        summary = service.summary()
        sources = service.sources()
        open_purposes = [p for p in service.purposes() if p.is_open()]
    return render(request, "overview.html", summary=summary, sources=sources,
                  purposes=open_purposes)
