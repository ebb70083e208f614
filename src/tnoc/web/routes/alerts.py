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


PER_PAGE = 100
"""Alerts on one page: a case may hold tens of thousands (the demo case: 17,007)."""


@router.get("/cases/{case_id}/alerts")
def alerts(request: Request, case_id: str, typology: str = "", disposition: str = "",
           page: int = 1) -> Response:
    page = max(page, 1)
    with gate(request, case_id) as service:
        found, names, left_out = service.alerts(typology or None, disposition or None,
                                                PER_PAGE, (page - 1) * PER_PAGE)
    first = (page - 1) * PER_PAGE
    query = {k: v for k, v in (("typology", typology), ("disposition", disposition)) if v}
    return render(request, "alerts.html", alerts=found.alerts, matching=found.matching,
                  names=names, left_out=left_out, typologies=found.typologies,
                  dispositions=DISPOSITIONS, typology=typology, disposition=disposition,
                  money=format_money, first=first + 1 if found.alerts else 0,
                  last=first + len(found.alerts),
                  previous=urlencode({**query, "page": page - 1}) if page > 1 else None,
                  following=urlencode({**query, "page": page + 1})
                  if first + len(found.alerts) < found.matching else None)


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
