"""The triage of typology alerts: the stored alerts of the money analysis, filtered by
typology and disposition, each disposed of (confirmed, false positive, escalated) with
a reason."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from tnoc.money.currency import format_money
from tnoc.money.dispositions import DISPOSITIONS
from tnoc.web.app import gate, render

router = APIRouter()


@router.get("/cases/{case_id}/alerts")
def alerts(request: Request, case_id: str, typology: str = "",
           disposition: str = "") -> Response:
    with gate(request, case_id) as service:
        shown, names, typologies, left_out = service.alerts(typology or None,
                                                            disposition or None)
    return render(request, "alerts.html", alerts=shown, names=names, left_out=left_out,
                  typologies=typologies, dispositions=DISPOSITIONS,
                  typology=typology, disposition=disposition, money=format_money)


@router.post("/cases/{case_id}/alerts/disposition")
def dispose(request: Request, case_id: str, alert: Annotated[str, Form()],
            disposition: Annotated[str, Form()], reason: Annotated[str, Form()] = "",
            typology: Annotated[str, Form()] = "",
            shown: Annotated[str, Form()] = "") -> Response:
    with gate(request, case_id) as service:
        service.disposition(alert, disposition, reason)
    query = urlencode({k: v for k, v in (("typology", typology), ("disposition", shown))
                       if v})
    return RedirectResponse(f"/cases/{case_id}/alerts" + (f"?{query}" if query else "")
                            + f"#{alert}", status_code=303)
