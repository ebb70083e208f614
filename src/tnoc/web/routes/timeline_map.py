"""The timeline of selected entities and the map of the case (issue #22, item 4).

Both pages read through the service (:meth:`tnoc.service.CaseService.timelines`, each
entity's consultation audited as a ``show``; :meth:`~tnoc.service.CaseService.case_map`,
audited as ``assess``), so clearance, compartments and research pseudonyms apply as
in the dossier. The data a chart draws is embedded in the page as JSON (a
``<script type="application/json">`` block, which CSP lets the page read but never
runs) and listed in a table below the chart, for keyboard and screen-reader users and
when JavaScript is off. The country boundaries are Natural Earth's (public domain),
served from the library's copy (:func:`tnoc.assess.boundaries.countries_geojson`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tnoc.web.app import gate, login_of, render

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


@router.get("/cases/{case_id}/map")
def case_map(request: Request, case_id: str) -> Response:
    with gate(request, case_id) as service:
        found = service.case_map()
    places: dict[tuple[str, str], dict[str, Any]] = {}
    for row in found.located:
        place = places.setdefault((str(row["country"]), str(row["kind"])), {
            "country": row["country"], "country_name": row["country_name"],
            "kind": row["kind"], "lon": row["lon"], "lat": row["lat"], "entities": 0,
            "names": []})
        place["entities"] += 1
        place["names"].append(str(row["caption"]))
    flows = {kind: rows for kind, rows in found.flows.items()}
    return render(request, "map.html", found=found, places=list(places.values()),
                  flows=flows, data={"places": list(places.values()), "flows": flows})


@router.get("/geo/countries.geojson")
def countries(request: Request) -> Response:
    """Natural Earth 1:110m country boundaries (public domain) for the map."""
    from tnoc.assess.boundaries import countries_geojson

    login_of(request)
    return JSONResponse(countries_geojson(), headers={"Cache-Control": "max-age=86400"})
