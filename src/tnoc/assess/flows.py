"""Origin-to-destination matrices from the store.

- **Darknet supply**: listings from where vendors ship to where they will ship, the
  one computation of :func:`tnoc.markets.flows.flow_matrix` (Agora's free-text fields
  read by :mod:`tnoc.markets.locations`; "Worldwide" and regions kept as destinations
  of their own rather than spread over countries).
- **Payments**: payments from the payer's country to the beneficiary's (the country of
  the account or party, as the bank's location in SAML-D), with their amounts per
  currency; within a member's clearance.
- **Trafficking victims**: UNODC GLOTIP detected victims by citizenship (origin) and
  country of detection (destination), summed over the chosen years, read by
  :func:`tnoc.trafficking.flows.case_glotip` (the reading ``tnoc trafficking flows``
  uses): a "<5" cell is 1 to 4 victims, so each flow carries a low and a high bound
  and its ``weight`` is the low bound (the victims certainly detected).

Each flow carries the number of statements behind it and their sources, and every
origin or destination text that could not be read as a country is listed in
``unresolved`` with its count — reported, not guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import duckdb
import pycountry

from tnoc.assess.places import country_code
from tnoc.markets.flows import CLASS_LABELS


@dataclass
class Flow:
    origin: str
    destination: str
    weight: float
    records: int
    sources: set[str] = field(default_factory=set)
    amounts: dict[str, float] = field(default_factory=dict)
    """Money flows: the sum per currency (ISO 4217 code; '' when none is stated)."""
    high: float | None = None
    """Counts with suppressed cells (GLOTIP's "<5"): the high bound; ``weight`` is the
    low one. None when the count is exact."""


@dataclass
class FlowMatrix:
    """Flows of one kind, with what could not be placed."""

    title: str
    unit: str
    flows: list[Flow]
    unresolved: Counter[str] = field(default_factory=Counter)
    parameters: dict[str, object] = field(default_factory=dict)

    def top(self, n: int = 20) -> list[Flow]:
        return sorted(self.flows, key=lambda f: (-f.weight, f.origin, f.destination))[:n]

    def source_ids(self) -> list[str]:
        return sorted({s for f in self.flows for s in f.sources})


def _add(flows: dict[tuple[str, str], Flow], origin: str, destination: str, weight: float,
         source: str) -> None:
    flow = flows.setdefault((origin, destination), Flow(origin, destination, 0.0, 0))
    flow.weight += weight
    flow.records += 1
    flow.sources.add(source)


PAYMENT_FLOWS_SQL = """
WITH paid AS (
    SELECT canonical_id,
           any_value(value) FILTER (WHERE prop = 'payer') AS payer,
           any_value(value) FILTER (WHERE prop = 'beneficiary') AS beneficiary,
           any_value(value) FILTER (WHERE prop = 'amount') AS amount,
           any_value(value) FILTER (WHERE prop = 'currency') AS currency,
           any_value(source_id) AS source_id
    FROM statements WHERE schema = 'Payment' AND flag IS NULL
         AND prop IN ('payer', 'beneficiary', 'amount', 'currency') AND {visible}
    GROUP BY 1
), located AS (
    SELECT entity_id, upper(min(value)) AS country FROM statements
    WHERE prop_type = 'country' AND prop IN ('country', 'jurisdiction') AND flag IS NULL
          AND {visible}
    GROUP BY 1
)
SELECT f.country, t.country, coalesce(paid.currency, ''), count(*),
       sum(try_cast(paid.amount AS DOUBLE)), list(DISTINCT paid.source_id)
FROM paid JOIN located f ON f.entity_id = paid.payer
     JOIN located t ON t.entity_id = paid.beneficiary
GROUP BY ALL
"""


def payment_flows(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None
                  ) -> FlowMatrix:
    """Payments per (payer's country, beneficiary's country) pair, weighted by the
    number of payments, with their amounts per currency; only statements of sources
    with the handling codes ``codes`` (a member's clearance; None: all). A payment whose
    payer or beneficiary states no country is not placed."""
    from tnoc.store.lookup import visible_sql

    flows: dict[tuple[str, str], Flow] = {}
    params = {} if codes is None else {"codes": codes}
    for origin, destination, currency, n, amount, sources in con.execute(
            PAYMENT_FLOWS_SQL.format(visible=visible_sql(codes)), params).fetchall():
        flow = flows.setdefault((origin, destination), Flow(origin, destination, 0.0, 0))
        flow.weight += n
        flow.records += n
        flow.sources.update(sources)
        flow.amounts[currency] = flow.amounts.get(currency, 0.0) + float(amount or 0)
    return FlowMatrix("Payments: payer's country → beneficiary's country", "payments",
                      list(flows.values()))


def listing_flows(con: duckdb.DuckDBPyConnection) -> FlowMatrix:
    """Darknet listings per (ships-from, ships-to) pair, as ``tnoc markets flows --case``
    counts them: :func:`tnoc.markets.flows.flow_matrix` over the case's listings
    (:func:`tnoc.markets.case.case_listings`: each listing entity of a source once, its
    places read by :mod:`tnoc.markets.locations`). A listing naming several places
    counts wholly in each of its flows and once in ``parameters['listings']``
    (docs/markets.md). Flows are keyed by map label (ISO code, declared region, or
    class: :data:`CLASS_LABELS`); texts no place was read in are counted in
    ``unresolved``."""
    from tnoc.markets.case import case_listings, listing_sources
    from tnoc.markets.flows import flow_matrix

    matrix = FlowMatrix("Darknet listings: ships from → ships to", "listings", [])
    listings = case_listings(con) if listing_sources(con) else []
    computed = flow_matrix((item.listing for item in listings), "country",
                           sources=(item.source_id for item in listings))
    flows: dict[tuple[str, str], Flow] = {}
    for f in computed.flows:
        flow = flows.setdefault((f.origin_code, f.destination_code),
                                Flow(f.origin_code, f.destination_code, 0.0, 0))
        flow.weight += f.listings
        flow.records += f.listings
        flow.sources |= f.sources
    for item in listings:
        for place in (item.listing.ships_from, item.listing.ships_to):
            if place.kind == "unparsed":
                matrix.unresolved[place.raw] += 1
            elif place.kind == "empty":
                matrix.unresolved["(not stated)"] += 1
    matrix.flows = list(flows.values())
    matrix.parameters = {"listings": computed.listings, "several": computed.several,
                         "counting": "a listing naming several places counts in each of "
                         "its flows, once in the listings",
                         "parser": "tnoc.markets.locations"}
    return matrix


def victim_flows(con: duckdb.DuckDBPyConnection, since: int | None = None,
                 until: int | None = None) -> FlowMatrix:
    """GLOTIP detected victims from citizenship to country of detection, as bounds (see
    the module): ``parameters['suppressed']`` counts the "<5" cells carried as 1 to 4;
    a citizenship not stated or not read as a country is in ``unresolved``."""
    from tnoc.trafficking.flows import NOT_STATED, case_glotip

    title = "Detected trafficking victims: citizenship → country of detection"
    matrix = FlowMatrix(title, "victims", [], parameters={"since": since, "until": until,
                                                          "suppressed": 0})
    glotip = case_glotip(con)
    if not glotip.corridors:
        return matrix
    sources = {s for s, in con.execute(
        "SELECT source_id FROM sources WHERE mapping = 'unodc_glotip'").fetchall()}
    source = ", ".join(sorted(sources))
    flows: dict[tuple[str, str], Flow] = {}
    suppressed = 0
    for c in glotip.corridors:
        if (since and c.year < since) or (until and c.year > until):
            continue
        suppressed += not c.victims.exact  # placed or not: every "<5" cell read
        destination = _alpha2(c.iso3) if c.iso3 else None
        origin = (destination if c.domestic else None if c.citizenship == NOT_STATED
                  else country_code(c.citizenship))
        if origin is None:
            matrix.unresolved[c.citizenship] += 1
            continue
        if destination is None:
            matrix.unresolved[c.detected_in] += 1
            continue
        flow = flows.setdefault((origin, destination), Flow(origin, destination, 0.0, 0))
        flow.weight += c.victims.low
        flow.high = (flow.high or 0.0) + c.victims.high
        flow.records += 1
        flow.sources.update(sources)
    for flow in flows.values():
        if flow.high == flow.weight:
            flow.high = None
    matrix.flows = list(flows.values())
    matrix.parameters["suppressed"] = suppressed
    matrix.parameters["source"] = source
    return matrix


def _alpha2(code: str) -> str | None:
    if len(code) == 2:
        return code.upper()
    country = pycountry.countries.get(alpha_3=code.upper())
    return str(country.alpha_2) if country else None


__all__ = ["CLASS_LABELS", "Flow", "FlowMatrix", "listing_flows", "payment_flows",
           "victim_flows"]
