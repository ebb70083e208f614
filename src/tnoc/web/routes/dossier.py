"""Search with facets and the entity dossier (issue #22 item 2).

``/cases/{case}/search?q=...``: the service's :meth:`~tnoc.service.CaseService.find`
(the case's index, or the scan when it has none, saying why): one page of hits with
the names, schema, what matched and datasets, the facets (schema, source, country,
handling code, list program, year) as links that filter, "showing 1–50 of 1,234" and
paging links. A plain GET form, so it works without JavaScript; with htmx the results
are swapped in without reloading the page.

``/cases/{case}/entity/{entity}``: the dossier (:meth:`~tnoc.service.CaseService.dossier`,
every section ``tnoc show`` prints), each value's provenance on hover, each cut
section saying so with a link to show all; supervisors and auditors also see who
consulted the entity (:meth:`~tnoc.service.CaseService.consultations`; an auditor, who
sees no case data, gets that section alone). The dossier is
downloaded as HTML or PDF by a POST (a disclosure recorded in the custody ledger:
:meth:`~tnoc.service.CaseService.dossier_export`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from tnoc.errors import Refused, TnocError
from tnoc.web.app import gate, login_of, render

router = APIRouter()

PAGE = 50
"""Hits per page of the search."""
SHOWN_FACETS = (("schema", "Schema"), ("source", "Source"), ("country", "Country"),
                ("code", "Handling"), ("program", "Program"), ("year", "Year"))
"""The facets the search page lists (the index's names, what the page calls them)."""
CONSULTING_ROLES = frozenset({"supervisor", "auditor"})
"""Who sees the consultations of an entity (the ``consultations`` operation)."""


def _filters(request: Request) -> dict[str, list[str]]:
    """The facet filters of the request's query string (``?schema=Person&code=...``)."""
    return {f: request.query_params.getlist(f) for f, _label in SHOWN_FACETS
            if request.query_params.getlist(f)}


def _link(case_id: str, q: str, filters: dict[str, list[str]], page: int = 1) -> str:
    """The search page for ``q`` under ``filters`` at ``page``."""
    pairs: list[tuple[str, str]] = [("q", q)]
    pairs += [(f, v) for f, values in sorted(filters.items()) for v in values]
    if page > 1:
        pairs.append(("page", str(page)))
    return f"/cases/{case_id}/search?{urlencode(pairs)}"


@router.get("/cases/{case_id}/search")
def search(request: Request, case_id: str, q: str = "", page: int = 1) -> Response:
    filters = _filters(request)
    context: dict[str, Any] = {"q": q, "filters": filters, "result": None, "facets": [],
                               "pages": {}, "error": None}
    if page < 1:
        raise TnocError("the page number starts at 1")
    if q.strip():
        with gate(request, case_id) as service:
            try:
                result = service.find(q, PAGE, (page - 1) * PAGE, filters)
            except Refused:  # the gate, research mode: 403, by the app's handler
                raise
            except TnocError as bad:  # an unreadable query: said on the page
                result, context["error"] = None, str(bad)
        context["result"] = result
        if result is not None:
            context["facets"] = [{
                "name": f, "label": label, "more": result.facets_more.get(f, 0),
                "buckets": [{**b, "active": str(b["value"]) in filters.get(f, []),
                             "href": _link(case_id, q, _toggled(filters, f, str(b["value"])))}
                            for b in result.facets.get(f, [])]}
                for f, label in SHOWN_FACETS if result.facets.get(f)]
            first = (page - 1) * PAGE
            context["pages"] = {
                "first": first + 1 if result.hits else 0, "last": first + len(result.hits),
                "previous": _link(case_id, q, filters, page - 1) if page > 1 else None,
                "next": _link(case_id, q, filters, page + 1)
                if first + len(result.hits) < result.total else None}
            context["clear"] = [{"facet": f, "value": v,
                                 "href": _link(case_id, q, _toggled(filters, f, v))}
                                for f, values in filters.items() for v in values]
    # htmx swaps the results in; a history restore (back after a reload) wants the page
    swap = request.headers.get("hx-request") and not request.headers.get(
        "hx-history-restore-request")
    template = "search_results.html" if swap else "search.html"
    return render(request, template, **context)


def _toggled(filters: dict[str, list[str]], facet: str, value: str) -> dict[str, list[str]]:
    """``filters`` with ``value`` of ``facet`` added, or taken out when it was there."""
    out = {f: list(v) for f, v in filters.items()}
    values = out.setdefault(facet, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    return {f: v for f, v in out.items() if v}


def _withheld_note(d: Any) -> str:
    """The marker for what the viewer's clearance and the compartments kept out (the
    words ``tnoc show`` prints)."""
    from tnoc.govern.compartments import withheld_marker

    notes = [f"{d.withheld:,} values withheld (above your clearance)"] if d.withheld else []
    if d.compartment_withheld:
        notes.append(withheld_marker(d.compartment_withheld))
    return "; ".join(notes)


@router.get("/cases/{case_id}/entity/{entity_id:path}")
def entity(request: Request, case_id: str, entity_id: str, all: bool = False) -> Response:
    role = login_of(request).roles.get(case_id)
    if role == "auditor":  # no case data: who consulted the entity, nothing of it
        with gate(request, case_id) as service:
            records = service.consultations(entity_id)
        return render(request, "consultations.html", entity_id=entity_id,
                      consultations=records, all=all)
    with gate(request, case_id) as service:
        found = service.dossier(entity_id, None if all else PAGE)
        consultations = service.consultations(found.id) if role in CONSULTING_ROLES \
            else None
    from tnoc.store.dossier import analysis_facts

    return render(request, "dossier.html", d=found, all=all, consultations=consultations,
                  strictest=found.handling, withheld_note=_withheld_note(found),
                  facts=analysis_facts)


MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@router.post("/cases/{case_id}/entity/{entity_id:path}/export")
def export(request: Request, case_id: str, entity_id: str,
           fmt: Annotated[str, Form()] = "pdf", all: Annotated[str, Form()] = "") -> Response:
    """The dossier as a file to download (HTML or PDF), recorded in the custody ledger
    as written (its SHA-256) before it is handed over."""
    if fmt not in MEDIA:
        raise TnocError(f"a dossier is downloaded as html or pdf, not {fmt!r}")
    with gate(request, case_id) as service, tempfile.TemporaryDirectory(
            prefix="tnoc-dossier-") as folder:
        found = service.dossier(entity_id, None if all else PAGE)
        name = f"dossier-{_file_safe(found.caption)}.{fmt}"
        written = service.dossier_export(found, Path(folder) / name, fmt)
        payload = written.path.read_bytes()
    return Response(payload, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Content-SHA256": written.sha256})


def _file_safe(text: str) -> str:
    """``text`` as a file name: letters, digits, dots and dashes (at most 60)."""
    safe = "".join(c if c.isalnum() or c in ".-" else "-" for c in text)
    return (safe.strip("-.") or "entity")[:60]
