"""Flow matrices of market listings: ships-from → ships-to, by country or by region.

Broséus et al. (2016, *Forensic Science International* 264: 7-14) read the
cryptomarket drug trade as flows between the countries vendors ship from and to, and
found most of it domestic or regional. :func:`flow_matrix` counts listings per
(origin, destination) with their prices, and the **domestic share**: among the listings
whose origin is one country (by region: one country or region) and whose destination
was read, the share that ship only inside it ("USA" to "USA", or "domestic"). A flow
row is marked domestic when its two ends are one place of the level: by country one
country, so "EU" to "EU" is not (a region is no country; it had been marked so, while
the share never counted it, a review, helper-132). A row marked domestic may hold
listings the share does not count as such: a listing from the United States to "USA,
Canada" counts in the United States row to itself, wholly, and ships beyond it.

Destinations are not spread over countries they do not name: "Worldwide" stays
``worldwide``, "EU" stays the region ``EU`` at country level. Origins that name no
country (Torland, undeclared, digital) are their own rows.

**One listing, several places** (``USA, UK`` or ``UK & EU``): the whole listing counts
in the flow to each place it names, and once in the total (``listings``); ``several``
says how many listings did so, so the flows add up to the total plus the repeats. An
analyst asks "how many listings could a buyer in the United Kingdom order from the
United States": each of those listings is wholly on offer there, and a count of whole
listings can be checked against the records (a fractional share, 0.5 of a listing, is
neither). This is the one computation of listing flows: ``tnoc markets flows`` (files
or ``--case``), ``tnoc assess flows listings``, the report's table and Sankey and the
workspace map (:func:`tnoc.assess.flows.listing_flows` calls :func:`flow_matrix`).

Prices are in bitcoin as listed; USD only when the caller gives a rate
and its date (:class:`UsdRate`), and the result says which.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

from tnoc.errors import TnocError
from tnoc.markets.locations import PLACED, REGIONS, CrawlListing, Place, country_name

_EAST_ASIA = "CN HK MO TW JP KR KP MN"
_SOUTH_ASIA = "IN PK BD LK NP BT MV AF IR"
_SOUTH_EAST_ASIA = "TH VN MY SG ID PH KH LA MM BN TL"
_LATIN_AMERICA = "AR BO BR CL CO CR CU DO EC SV GT HN JM NI PA PY PE PR UY VE"
_AFRICA = "ZA NG KE EG MA DZ TN GH ET UG TZ"
_WEST_ASIA = "TR IL AE SA QA KW BH OM JO LB SY IQ YE PS GE AM AZ CY"

REGION_OF: dict[str, str] = {
    **{c: "Europe" for c in REGIONS["Europe"]},
    **{c: "North America" for c in REGIONS["North America"]},
    **{c: "Oceania" for c in (*REGIONS["Australia and New Zealand"], "PG", "FJ")},
    **{c: "Eastern Asia" for c in _EAST_ASIA.split()},
    **{c: "Southern Asia" for c in _SOUTH_ASIA.split()},
    **{c: "South-eastern Asia" for c in _SOUTH_EAST_ASIA.split()},
    **{c: "Latin America and the Caribbean" for c in _LATIN_AMERICA.split()},
    **{c: "Africa" for c in _AFRICA.split()},
    **{c: "Western Asia" for c in _WEST_ASIA.split()},
}
"""Country → region for the region matrix: the UN M49 regions and sub-regions (UN
Statistics Division, https://unstats.un.org/unsd/methodology/m49/), with Mexico in North
America as vendors mean it; countries not listed are "elsewhere" (named in the output)."""

ELSEWHERE = "elsewhere (no region in the table)"
SEVERAL = "several regions"

_DECLARED_REGION = {"EU": "Europe", "Europe": "Europe", "Scandinavia": "Europe",
                    "North America": "North America", "Middle East": "Western Asia",
                    "Australia and New Zealand": "Oceania"}


@dataclass(frozen=True)
class UsdRate:
    """A stated bitcoin → US dollar conversion: dollars per bitcoin on a date, and
    where the figure comes from (shown with every USD value)."""

    usd_per_btc: float
    date: str
    source: str

    def __post_init__(self) -> None:
        if not self.usd_per_btc > 0:
            raise TnocError(f"expected a positive USD per BTC rate, got {self.usd_per_btc}")
        if not self.date:
            raise TnocError("a USD conversion needs the date of its rate")


@dataclass
class Flow:
    """Listings from one origin to one destination: each end in words (``origin``,
    ``destination``) and as a map label (``origin_code``: an ISO 3166-1 alpha-2 code,
    a region, or the class in :data:`CLASS_LABELS`), and the sources of its listings."""

    origin: str
    destination: str
    listings: int = 0
    prices: list[float] = field(default_factory=list)
    domestic: bool = False
    origin_code: str = ""
    destination_code: str = ""
    sources: set[str] = field(default_factory=set)

    @property
    def priced(self) -> int:
        return len(self.prices)

    @property
    def median_btc(self) -> float | None:
        return statistics.median(self.prices) if self.prices else None

    @property
    def total_btc(self) -> float:
        return float(sum(self.prices))


@dataclass
class FlowMatrix:
    """Flows (largest first), the listings read, and the domestic share with its
    numerator and denominator."""

    by: str
    flows: list[Flow]
    listings: int
    domestic: int
    with_destination: int
    rate: UsdRate | None = None
    several: int = 0
    """Listings naming several origins or destinations, counted in each of their flows
    (module docstring)."""

    @property
    def domestic_share(self) -> float | None:
        return self.domestic / self.with_destination if self.with_destination else None


def _country_key(place: Place) -> str:
    """A place at country level, in words."""
    return place.name


def _region(place: Place) -> str:
    """A place at region level: its one region, "several regions", or its class."""
    if place.kind in ("country", "countries", "region"):
        regions = {_DECLARED_REGION[r] for r in place.regions}
        named = set(place.countries) - {c for r in place.regions for c in REGIONS[r]}
        regions |= {REGION_OF.get(c, ELSEWHERE) for c in named}
        return regions.pop() if len(regions) == 1 else SEVERAL
    return _country_key(place)


def _domestic(origin: Place, destination: Place, by: str) -> bool | None:
    """Whether a listing ships only inside its origin; None when that cannot be said
    (origin not one place, or destination unread)."""
    one_place = ("country",) if by == "country" else ("country", "region")
    if destination.kind == "domestic":
        return origin.kind in one_place or None
    if destination.kind not in ("country", "countries", "region", "worldwide",
                                "worldwide_except"):
        return None
    if by == "country":
        if origin.kind != "country":
            return None
        return destination.kind == "country" and destination.countries == origin.countries
    here = _region(origin)
    if here in (SEVERAL, ELSEWHERE) or origin.kind not in ("country", "region"):
        return None
    return destination.kind in ("country", "countries", "region") and _region(destination) == here


CLASS_LABELS = {"worldwide": "Worldwide", "worldwide_except": "Worldwide (with exclusions)",
                "domestic": "Domestic", "undeclared": "(undeclared)",
                "torland": "(Torland: no country declared)",
                "digital": "(digital: not shipped)", "empty": "(not stated)",
                "unparsed": "(unresolved)"}
"""Map labels of the places that name no country; those in parentheses are left out of
diagrams as unstated (the report's Sankey), the others are destinations of their own."""


def place_ends(place: Place, by: str) -> list[tuple[str, str]]:
    """Each place ``place`` names at level ``by``, as (words, map label): a country
    ("United Kingdom", "GB") or declared region ("EU", "EU") one by one at country
    level, their UN M49 regions at region level; a place naming none is its class
    (words: :attr:`Place.name`, e.g. "worldwide except Australia"; label:
    :data:`CLASS_LABELS`)."""
    if place.kind not in PLACED:
        return [(place.name, CLASS_LABELS.get(place.kind, place.kind))]
    named = place.named or ((f"region:{r}" for r in place.regions)
                            if place.kind == "region" else place.countries)
    ends: list[tuple[str, str]] = []
    for item in named:
        if by == "country":
            end = ((item[7:], item[7:]) if item.startswith("region:")
                   else (country_name(item), item))
        else:
            region = (_DECLARED_REGION[item[7:]] if item.startswith("region:")
                      else REGION_OF.get(item, ELSEWHERE))
            end = (region, region)
        if end not in ends:
            ends.append(end)
    return ends


def flow_matrix(listings: Iterable[CrawlListing], by: str = "country",
                rate: UsdRate | None = None, sources: Iterable[str] | None = None
                ) -> FlowMatrix:
    """Listings per (origin, destination) at ``by`` = ``country`` or ``region``, with
    median and total price in BTC and the domestic share (module docstring: a listing
    naming several places counts wholly in each of its flows, once in the total).
    ``sources``, parallel to ``listings``, names the source of each (kept per flow)."""
    if by not in ("country", "region"):
        raise TnocError(f"expected --by country or region, got {by!r}")
    flows: dict[tuple[str, str], Flow] = {}
    total = domestic = with_destination = several = 0
    for listing, source in zip(listings, repeat("") if sources is None else sources,
                               strict=False):
        total += 1
        origin, destination = listing.ships_from, listing.ships_to
        origins = place_ends(origin, by)
        if destination.kind == "domestic" and origin.kind in PLACED:
            pairs = [(o, o) for o in origins]  # "domestic": the origin itself
        else:
            pairs = [(o, d) for o in origins for d in place_ends(destination, by)]
        several += len(pairs) > 1
        inside = _domestic(origin, destination, by)
        if inside is not None:
            with_destination += 1
            domestic += inside
        for (o_name, o_code), (d_name, d_code) in pairs:
            flow = flows.setdefault((o_name, d_name),
                                    Flow(o_name, d_name, origin_code=o_code,
                                         destination_code=d_code))
            flow.listings += 1
            if listing.price_btc is not None:
                flow.prices.append(listing.price_btc)
            if source:
                flow.sources.add(source)
            if o_code == d_code and origin.kind in PLACED and o_code not in (
                    ELSEWHERE, SEVERAL) and (by == "region" or o_code not in REGIONS):
                flow.domestic = True
    ordered = sorted(flows.values(), key=lambda f: (-f.listings, f.origin, f.destination))
    return FlowMatrix(by, ordered, total, domestic, with_destination, rate, several)


__all__ = ["CLASS_LABELS", "ELSEWHERE", "REGION_OF", "SEVERAL", "Flow", "FlowMatrix",
           "UsdRate", "flow_matrix", "place_ends"]
