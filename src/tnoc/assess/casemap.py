"""The case on a map: where its entities are and what flows between countries.

What the web workspace's map draws (issue #22, item 4), computed here so that every
face gets the same answer:

* **places**: the entities :func:`tnoc.assess.geo.locate_case` placed in a country (an
  IP — a Feodo Tracker C2 server, the host of a URLhaus URL — by the RIR registry and
  GeoLite2, the databases' versions in ``databases``; a phone number by its numbering
  plan, a ships-from place, a wallet by its attributed holder), counted per country and kind of
  locator, at the country's label point (Natural Earth, :mod:`tnoc.assess.maps`);
* **flows**: payments between countries, darknet supply (ships from → to) and detected
  trafficking victims (citizenship → detection) from :mod:`tnoc.assess.flows`, each a
  line between two countries; flows within one country are counted, not drawn. A victim
  flow with GLOTIP's "<5" cells is 1 to 4 per cell: ``weight`` is its low bound and
  ``high`` its high one (None when exact), the bounds ``tnoc trafficking flows`` shows.

Only statements of sources with the viewer's handling codes are read (a flow any of
whose sources is above them is left out and counted in ``withheld``); what names no
country on the map (regions such as "Worldwide", territories without a boundary at
1:110m) is counted in ``unplaced``, never guessed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import duckdb

from tnoc.assess.kept import kept, kept_in_background
from tnoc.store import StoreSnapshot

if TYPE_CHECKING:
    from tnoc.assess.flows import FlowMatrix

__all__ = ["CaseMap", "case_map", "case_map_in_background"]

FLOW_KINDS = ("payments", "listings", "victims")


@dataclass
class CaseMap:
    """What the map shows (see the module)."""

    located: list[dict[str, object]]
    """One row per (entity, country, kind) with its ``lon``/``lat`` and country name."""
    flows: dict[str, list[dict[str, object]]]
    """Per kind (:data:`FLOW_KINDS`): the flows between two countries on the map."""
    titles: dict[str, str] = field(default_factory=dict)
    domestic: dict[str, int] = field(default_factory=dict)
    """Per kind: the weight of flows within one country (not drawn)."""
    unplaced: Counter[str] = field(default_factory=Counter)
    """Origins, destinations or countries not on the map, with their counts."""
    withheld: int = 0
    """Flows left out: a source behind them is above the viewer's clearance."""
    databases: tuple[str, ...] = ()
    """The offline databases (with versions) the IPs on the map were placed by
    (:func:`tnoc.assess.geo.ip_databases`); empty when no IP is placed."""

    def places(self, names: int = 10) -> list[dict[str, object]]:
        """The circles the map draws: one per country and kind of locator, with its
        country's label point, the number of entities and the first ``names`` of
        their captions (what a pointer over it lists; the rest are counted)."""
        found: dict[tuple[str, str], dict[str, object]] = {}
        for row in self.located:
            place = found.setdefault((str(row["country"]), str(row["kind"])), {
                "country": row["country"], "country_name": row["country_name"],
                "kind": row["kind"], "lon": row["lon"], "lat": row["lat"],
                "entities": 0, "names": []})
            place["entities"] = int(str(place["entities"])) + 1
            listed = place["names"]
            if isinstance(listed, list) and len(listed) < names:
                listed.append(str(row["caption"]))
        return list(found.values())

    @cached_property
    def drawing(self) -> str:
        """What the web workspace's map draws, as JSON: :meth:`places` and the flows.
        Serialised once per map (about 0.5 MB on the demo case): a map is kept per
        state of the case and shared by the members of one clearance, who each
        visit the page; a researcher's map, with pseudonyms, is a new one."""
        return json.dumps({"places": self.places(), "flows": self.flows},
                          separators=(",", ":"), ensure_ascii=False)

    def kinds(self) -> Counter[str]:
        """The located entities per kind of locator (ip, phone, place, wallet)."""
        return Counter(str(row["kind"]) for row in self.located)


def _visible_sources(con: duckdb.DuckDBPyConnection, codes: list[str] | None) -> set[str]:
    return {str(s) for s, in con.execute(
        "SELECT source_id FROM sources" + ("" if codes is None else
                                           " WHERE handling_code IN (SELECT unnest($codes))"),
        {} if codes is None else {"codes": codes}).fetchall()}


def case_map(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None) -> CaseMap:
    """The case's located entities and flows within the clearance ``codes`` (None:
    all); see the module. Kept while the case is unchanged (:func:`tnoc.assess.kept.kept`:
    placing every entity and flow takes about a second on the demo case): shared by its
    callers, who read it and never change it."""
    return kept(con, "map", sorted(codes) if codes is not None else None,
                lambda: _case_map(con, codes))


def case_map_in_background(con: duckdb.DuckDBPyConnection, codes: list[str] | None,
                           snapshot: Callable[[], StoreSnapshot]) -> CaseMap | None:
    """:func:`case_map` if it is kept in the case's present state; otherwise None, its
    computation started (or still running) in the background on a copy of the store
    (:func:`tnoc.assess.kept.kept_in_background`): placing every entity and flow of
    the 4.3M-statement demo case takes seconds (1.4 s idle, 8-24 s on a loaded
    machine), which a server's page must not hold the case for."""
    return kept_in_background(con, "map", sorted(codes) if codes is not None else None,
                              snapshot, lambda own: _case_map(own, codes))


def _case_map(con: duckdb.DuckDBPyConnection, codes: list[str] | None) -> CaseMap:
    # imported here, in the computation (a background thread on a server): the
    # boundaries, phone-number geodata and FollowTheMoney's model take 5-11 s to
    # import on a loaded machine, which the page's first request does not wait for
    from tnoc.assess.boundaries import countries
    from tnoc.assess.flows import listing_flows, payment_flows, victim_flows
    from tnoc.assess.geo import ip_databases, locate_case, located_entities
    from tnoc.store.lookup import captions
    from tnoc.store.query import visible_names

    shapes = countries()
    found = CaseMap([], {})
    located = located_entities(con, locate_case(con), codes)
    ids = sorted({str(r["entity_id"]) for r in located})
    # a name from the viewer's sources only: an entity merged with one of a stricter
    # source is not named by it; without a visible name, the IP or number that placed
    # it, else its id
    names = captions(con, ids) if codes is None else visible_names(con, ids, codes)
    for row in located:
        country = shapes.get(str(row["country"]))
        if country is None:
            found.unplaced[str(row["country"])] += 1
            continue
        unnamed = str(row["value"]) if row["kind"] in ("ip", "phone") else str(row["entity_id"])
        found.located.append({**row, "caption": names.get(str(row["entity_id"]), unnamed),
                              "country_name": country.name, "lon": country.centre[0],
                              "lat": country.centre[1]})
    if any(row["kind"] == "ip" for row in found.located):
        found.databases = ip_databases()
    visible = _visible_sources(con, codes)
    matrices: dict[str, FlowMatrix] = {"payments": payment_flows(con, codes),
                                       "listings": listing_flows(con),
                                       "victims": victim_flows(con)}
    for kind, matrix in matrices.items():
        found.titles[kind] = matrix.title
        found.unplaced.update(matrix.unresolved)
        rows: list[dict[str, object]] = []
        for flow in matrix.top(len(matrix.flows)):
            if not flow.sources <= visible:
                found.withheld += 1
                continue
            origin, destination = shapes.get(flow.origin), shapes.get(flow.destination)
            if origin is None or destination is None:
                found.unplaced[flow.origin if origin is None else flow.destination] += 1
                continue
            if origin is destination:
                found.domestic[kind] = found.domestic.get(kind, 0) + int(flow.weight)
                continue
            rows.append({"origin": flow.origin, "origin_name": origin.name,
                         "destination": flow.destination,
                         "destination_name": destination.name, "weight": flow.weight,
                         "records": flow.records, "amounts": dict(sorted(flow.amounts.items())),
                         "high": flow.high,
                         "from": list(origin.centre), "to": list(destination.centre)})
        found.flows[kind] = rows
    return found
