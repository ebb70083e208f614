"""The money page (issue #22, "money"): where a trace starts (the accounts with the
most payments, or any account by name, number or id) and the trace itself, hop by hop
with amounts per currency and its Sankey flows drawn as SVG on the server (no script).

Thin: each page is one call of the service (:meth:`tnoc.service.CaseService.money_accounts`,
:meth:`~tnoc.service.CaseService.money_trace`), which decides, audits, looks the account
up within the member's sight and pseudonymises in research mode.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from tnoc.errors import TnocError
from tnoc.money.currency import format_money
from tnoc.money.sankey import NODE_WIDTH
from tnoc.money.trace import POLICIES
from tnoc.service import MAX_TRACE_HOPS
from tnoc.web.app import gate, render

router = APIRouter()

ACCOUNTS_SHOWN = 25
"""Accounts listed where a trace may start."""
PAYMENTS_SHOWN = 200
"""Traced payments listed (the Sankey diagrams draw them all)."""
DIRECTIONS = ("forward", "backward")


@router.get("/cases/{case_id}/money")
def money(request: Request, case_id: str) -> Response:
    with gate(request, case_id) as service:
        found = service.money_accounts(ACCOUNTS_SHOWN)
    return render(request, "money.html", found=found, money=format_money,
                  policies=POLICIES, max_hops=MAX_TRACE_HOPS, chosen=_defaults())


def _defaults() -> dict[str, object]:
    return {"account": "", "direction": "forward", "policy": "haircut", "hops": 2}


@router.get("/cases/{case_id}/money/trace")
def money_trace(request: Request, case_id: str,
                account: Annotated[str, Query()] = "",
                direction: Annotated[str, Query()] = "forward",
                policy: Annotated[str, Query()] = "haircut",
                hops: Annotated[int, Query()] = 2) -> Response:
    if not account.strip():
        raise TnocError("name the account to trace: its name, number or id")
    if direction not in DIRECTIONS:
        raise TnocError(f"direction {direction!r}: forward or backward")
    with gate(request, case_id) as service:
        traced = service.money_trace(account.strip(), backward=direction == "backward",
                                     policy=policy, max_hops=hops, limit=PAYMENTS_SHOWN)
    chosen = {"account": account.strip(), "direction": direction, "policy": policy,
              "hops": hops}
    return render(request, "money_trace.html", traced=traced, money=format_money,
                  policies=POLICIES, max_hops=MAX_TRACE_HOPS, chosen=chosen,
                  node_width=NODE_WIDTH)
