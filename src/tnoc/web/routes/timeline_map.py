"""The timeline of selected entities and the map of the case (issue #22, item 4).

Both pages read through the service (:meth:`tnoc.service.CaseService.timelines`, each
entity's consultation audited as a ``show``; :meth:`~tnoc.service.CaseService.case_map`,
audited as ``assess``), so clearance, compartments and research pseudonyms apply as
in the dossier. The map's page is its frame; its data is a section loaded after it
(computed in the background the first time in a state of the case, as the
priorities). The data a chart draws is embedded in the page as JSON (a
``<script type="application/json">`` block, which CSP lets the page read but never
runs) and listed in a table below the chart, for keyboard and screen-reader users and
when JavaScript is off. The country boundaries are Natural Earth's (public domain),
served from the library's copy (:func:`tnoc.assess.boundaries.countries_geojson`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from tnoc.errors import TnocError
from tnoc.service import AccessDenied
from tnoc.web.app import case_entry, gate, login_of, render

router = APIRouter()

TIMELINE_LIMIT = 200
"""Dated facts kept per entity (the dossier's ``limit``); the page says when cut."""


def _kind(row: dict[str, Any]) -> str:
    """A dated fact's kind in words: ``Call (caller)``, ``startDate``, custody events."""
    how = str(row.get("how") or "")
    if how == "source":
        return f"custody: {row['prop']}"
    if how == "own":
        return str(row["prop"])
    schema, _, prop = how.partition(".")
    return f"{schema} ({prop})" if prop else schema


def _items(found: list[Any]) -> list[dict[str, Any]]:
    """The timeline's items, one per dated fact, grouped by entity."""
    items = []
    for group, dossier in enumerate(found):
        for n, row in enumerate(dossier.timeline.rows):
            # with whom (a call's other party), else what (a custody event's file)
            label = (row.get("counterpart_caption") or row.get("caption")
                     or (row.get("file_name") if row.get("how") == "source" else None)
                     or dossier.caption)
            items.append({
                "id": f"{group}-{n}", "group": group, "date": row["date"],
                "start": str(row.get("at") or row["date"]), "kind": _kind(row),
                "label": str(label), "entity": dossier.caption,
                "file": row.get("file_name"), "row": row.get("locator")})
    return items


@router.get("/cases/{case_id}/timeline")
def timeline(request: Request, case_id: str,
             entity: Annotated[list[str] | None, Query()] = None) -> Response:
    chosen = [e.strip() for e in entity or [] if e.strip()]
    with gate(request, case_id) as service:
        found = service.timelines(chosen, TIMELINE_LIMIT) if chosen else []
    groups = [{"id": n, "content": d.caption, "total": d.timeline.total,
               "shown": len(d.timeline.rows)} for n, d in enumerate(found)]
    items = _items(found)
    return render(request, "timeline.html", chosen=chosen, groups=groups, items=items,
                  data={"groups": groups, "items": items})


PAGE = 100
"""Rows per page of the map's tables (located entities; routes of each kind)."""


def _page(text: str, pages: int) -> int:
    """A page number from the query (1 when absent or not a number), at most ``pages``."""
    try:
        number = int(text)
    except ValueError:
        number = 1
    return max(1, min(number, max(1, pages)))


@router.get("/cases/{case_id}/map")
def case_map(request: Request, case_id: str, page: str = "1", routes: str = "1"
             ) -> Response:
    """The map page: the map's frame at once; its data (the section below) is the
    consultation, decided and audited there, and computed in the background the first
    time in a state of the case."""
    case_entry(request, case_id)
    return render(request, "map.html", page=page, routes=routes)


@router.get("/cases/{case_id}/map/places")
def map_section(request: Request, case_id: str, page: str = "1", routes: str = "1"
                ) -> Response:
    """The map's data, legend and tables (:meth:`tnoc.service.CaseService.case_map`,
    audited as ``assess``): while it is computed in the background (placing every
    entity and flow takes seconds on a large case), the section says so and asks
    again with its poll token, not audited again (as the priorities)."""
    login = login_of(request)
    poll = request.query_params.get("poll")
    with gate(request, case_id) as service:
        state = service.consultation_state()
        continued = login.polling(poll, case_id, "map", state)
        try:
            found = service.case_map(wait=False, audited=not continued)
        except AccessDenied:  # recorded by the gate: the workspace's refusal page
            raise
        except TnocError as failed:  # the reading's error, shown in the map's place
            login.end_poll(poll)
            return render(request, "map_section.html", refused=str(failed))
    if found is None:
        token = poll if continued else login.start_poll(case_id, "map", state)
        return render(request, "map_section.html", computing=True, poll=token,
                      page=page, routes=routes)
    login.end_poll(poll)
    pages = -(-len(found.located) // PAGE)
    shown = _page(page, pages)
    most = max((len(rows) for rows in found.flows.values()), default=0)
    route_page = _page(routes, -(-most // PAGE))
    return render(request, "map_section.html", found=found, kinds=found.kinds(),
                  located=found.located[(shown - 1) * PAGE:shown * PAGE], page=shown,
                  pages=pages, first=(shown - 1) * PAGE + 1, routes=route_page,
                  route_pages=-(-most // PAGE), per=PAGE, flows=found.flows)


@lru_cache(maxsize=1)
def _countries() -> tuple[bytes, str]:
    """The boundaries as GeoJSON bytes, serialised once per server, and their ETag."""
    import hashlib
    import json

    from tnoc.assess.boundaries import countries_geojson

    body = json.dumps(countries_geojson(), separators=(",", ":")).encode("utf-8")
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@router.get("/geo/countries.geojson")
def countries(request: Request) -> Response:
    """Natural Earth 1:110m country boundaries (public domain) for the map: the same
    bytes for every case and every request (serialised once), cached by the browser
    for a day and answered 304 when it asks again with their ETag."""
    login_of(request)
    body, etag = _countries()
    headers = {"Cache-Control": "private, max-age=86400", "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/geo+json", headers=headers)
