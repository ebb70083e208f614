"""The graph explorer (issue #22, item 3): a chart of entities and their links, drawn
by sigma.js in the browser (``web-src/src/graph.js``).

The page holds no logic: it asks the service for an entity's neighbours by kind of link
(:meth:`tnoc.service.CaseService.graph_neighbours`, a ``show`` of its dossier, so
within the member's clearance), for the key players, brokers and a measure to size the
chart by (betweenness, PageRank, brokerage) on the network they may read, and keeps,
lists and opens charts in the case (``chart save``/``chart open``, audited, the saving
in the custody ledger). Every call goes through :func:`gate`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from tnoc.errors import TnocError
from tnoc.service import AccessDenied, CaseService
from tnoc.web.app import case_entry, gate, render

router = APIRouter()


def _answer(request: Request, case_id: str, ask: Callable[[CaseService], Any]) -> Response:
    """The service's answer to ``ask`` as JSON; a refusal or bad input as
    ``{"error": ...}`` with 403 or 400, for the page's script to show."""
    try:
        with gate(request, case_id) as service:
            return JSONResponse(ask(service))
    except AccessDenied as refused:
        return JSONResponse({"error": str(refused)}, status_code=403)
    except TnocError as bad:
        return JSONResponse({"error": str(bad)}, status_code=400)


@router.get("/cases/{case_id}/graph")
def graph_page(request: Request, case_id: str,
               entity: Annotated[str | None, Query()] = None,
               chart: Annotated[str | None, Query()] = None) -> Response:
    with gate(request, case_id) as service:
        charts = service.charts()
    return render(request, "graph.html", start_entity=entity or "", start_chart=chart or "",
                  charts=charts)


@router.get("/cases/{case_id}/api/graph/search")
def graph_search(request: Request, case_id: str, q: Annotated[str, Query()]) -> Response:
    """The entities matching ``q`` the member may see (the service's ``find``)."""
    if not q.strip():
        return JSONResponse({"total": 0, "hits": []})
    def ask(service: CaseService) -> dict[str, Any]:
        found = service.find(q.strip(), 20)
        return {"total": found.total, "hits": [
            {"id": str(h["canonical_id"]), "name": str(h.get("caption") or h["canonical_id"]),
             "schema": str(h.get("schema") or "")} for h in found.hits]}

    return _answer(request, case_id, ask)


@router.get("/cases/{case_id}/api/graph/neighbours")
def graph_neighbours(request: Request, case_id: str,
                     entity: Annotated[str, Query()]) -> Response:
    """The entity and its neighbours by kind of link (names, schema, handling code,
    weight, dates)."""
    return _answer(request, case_id, lambda service: service.graph_neighbours(entity))


@router.post("/cases/{case_id}/api/graph/keyplayers")
def graph_key_players(request: Request, case_id: str,
                      nodes: Annotated[list[str], Body(embed=True)],
                      k: Annotated[int, Query(ge=1, le=20)] = 3) -> Response:
    """The key players among the chart's ``nodes``."""
    return _answer(request, case_id, lambda service: service.graph_key_players(nodes, k))


@router.post("/cases/{case_id}/api/graph/brokers")
def graph_brokers(request: Request, case_id: str,
                  nodes: Annotated[list[str], Body(embed=True)]) -> Response:
    """The brokers among the chart's ``nodes``."""
    return _answer(request, case_id, lambda service: service.graph_brokers(nodes))


@router.post("/cases/{case_id}/api/graph/measure")
def graph_measure(request: Request, case_id: str,
                  nodes: Annotated[list[str], Body(embed=True)],
                  name: Annotated[str, Query()]) -> Response:
    """A measure of the chart's ``nodes`` to size and colour them by (betweenness,
    PageRank or brokerage: :meth:`tnoc.service.CaseService.graph_measure`)."""
    return _answer(request, case_id, lambda service: service.graph_measure(nodes, name))


@router.get("/cases/{case_id}/api/graph/path")
def graph_path(request: Request, case_id: str, source: Annotated[str, Query()],
               target: Annotated[str, Query()],
               k: Annotated[int, Query(ge=1, le=5)] = 1) -> Response:
    """The shortest path(s) between two actors, each hop with the ties behind it (kind,
    dates, file and row), on the network the member may read."""
    return _answer(request, case_id,
                   lambda service: service.graph_path(source, target, k))


LAYOUT_BODY = 3_000_000
"""The largest body of a layout asking, in bytes: the links of the largest chart laid
out (:data:`tnoc.graph.layout.LARGEST`, 100,000 as ``[19999,19999],``: 1.4 MB) with
room to spare; a larger one is refused (413) before it is read or parsed."""


@router.post("/cases/{case_id}/api/graph/layout")
async def graph_layout(request: Request, case_id: str) -> Response:
    """Starting positions of a large chart (:meth:`tnoc.service.CaseService.chart_layout`,
    decided through the gate): ``{"order": nodes, "links": [[node, node], ...]}``, its
    structure only. The body is read up to :data:`LAYOUT_BODY` bytes, after the login
    to the case is checked."""
    case_entry(request, case_id)
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > LAYOUT_BODY:
        return _too_large()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > LAYOUT_BODY:
            return _too_large()
    try:
        asked = json.loads(bytes(body))
    except ValueError as bad:
        return JSONResponse({"error": f"a chart's layout asking is JSON: {bad}"},
                            status_code=400)
    if not isinstance(asked, dict):
        return JSONResponse({"error": 'a chart\'s layout asking is {"order": nodes, '
                                      '"links": [[node, node], ...]}'}, status_code=400)
    return await run_in_threadpool(
        _answer, request, case_id,
        lambda service: service.chart_layout(asked.get("order"), asked.get("links")))


def _too_large() -> Response:
    return JSONResponse({"error": f"a chart's layout asking is at most {LAYOUT_BODY:,} "
                                  f"bytes (tnoc.graph.layout.LARGEST)"}, status_code=413)


@router.get("/cases/{case_id}/api/graph/charts")
def graph_charts(request: Request, case_id: str) -> Response:
    return _answer(request, case_id, lambda service: service.charts())


@router.post("/cases/{case_id}/api/graph/charts")
def graph_save_chart(request: Request, case_id: str,
                     chart: Annotated[dict[str, Any], Body()]) -> Response:
    name = chart.get("name")
    return _answer(request, case_id,
                   lambda service: service.save_chart(str(name or ""), chart))


@router.get("/cases/{case_id}/api/graph/charts/{name}")
def graph_open_chart(request: Request, case_id: str, name: str) -> Response:
    return _answer(request, case_id, lambda service: service.open_chart(name))


@router.post("/cases/{case_id}/api/graph/export")
def graph_export(request: Request, case_id: str,
                 nodes: Annotated[list[str], Body(embed=True)],
                 fmt: Annotated[str, Query(alias="format")] = "gexf") -> Response:
    """The chart's network as GEXF or an i2 zip, a download recorded as an export."""
    try:
        with gate(request, case_id) as service:
            name, payload = service.graph_export(nodes, fmt)
    except AccessDenied as refused:
        return JSONResponse({"error": str(refused)}, status_code=403)
    except TnocError as bad:
        return JSONResponse({"error": str(bad)}, status_code=400)
    return Response(payload, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
