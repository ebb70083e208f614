"""The review queue of entity resolution: one candidate pair at a time, side by side,
judged accept / reject / unsure with a reason (``tnoc review`` in the browser)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from tnoc.web.app import gate, render

router = APIRouter()

VERDICTS = {"positive": "accepted (the same)", "negative": "rejected (not the same)",
            "unsure": "marked unsure"}
"""The verdicts the page's buttons send, and how the page says what was done."""


@router.get("/cases/{case_id}/review")
def review(request: Request, case_id: str, judged: str | None = None,
           verdict: str | None = None) -> Response:
    with gate(request, case_id) as service:
        waiting, pair = service.review_next()
    return render(request, "review.html", waiting=waiting, pair=pair,
                  judged=judged, done=VERDICTS.get(verdict or ""))


@router.post("/cases/{case_id}/review")
def judge(request: Request, case_id: str, left: Annotated[str, Form()],
          right: Annotated[str, Form()], verdict: Annotated[str, Form()],
          reason: Annotated[str, Form()] = "") -> Response:
    with gate(request, case_id) as service:
        judgement = service.judge_pair(left, right, verdict, reason)
    return RedirectResponse(f"/cases/{case_id}/review?judged={judgement}&verdict={verdict}",
                            status_code=303)
