"""Flow matrices of market listings: ships-from → ships-to, by country or by region.

Broséus et al. (2016, *Forensic Science International* 264: 7-14) read the
cryptomarket drug trade as flows between the countries vendors ship from and to, and
found most of it domestic or regional. :func:`flow_matrix` counts listings per
(origin, destination) with their prices, and the **domestic share**: among the listings
whose origin is one country (or region) and whose destination was read, the share that
ship only inside it ("USA" to "USA", or "domestic").

Destinations are not spread over countries they do not name: "Worldwide" stays
``worldwide``, "EU" stays the region ``EU`` at country level. Origins that name no
country (Torland, undeclared, digital) are their own rows, so the table adds up to the
listings read. Prices are in bitcoin as listed; USD only when the caller gives a rate
and its date (:class:`UsdRate`), and the result says which.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from tnoc.errors import TnocError
from tnoc.markets.locations import REGIONS, CrawlListing, Place

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
    """Listings from one origin to one destination."""

    origin: str
    destination: str
    listings: int = 0
    prices: list[float] = field(default_factory=list)
    domestic: bool = False

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
    if destination.kind == "domestic":
        return origin.kind in ("country", "region") or None
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


def flow_matrix(listings: Iterable[CrawlListing], by: str = "country",
                rate: UsdRate | None = None) -> FlowMatrix:
    """Listings per (origin, destination) at ``by`` = ``country`` or ``region``, with
    median and total price in BTC and the domestic share (module docstring)."""
    if by not in ("country", "region"):
        raise TnocError(f"expected --by country or region, got {by!r}")
    key = _country_key if by == "country" else _region
    flows: dict[tuple[str, str], Flow] = {}
    total = domestic = with_destination = 0
    for listing in listings:
        total += 1
        origin, destination = listing.ships_from, listing.ships_to
        to = (key(origin) if destination.kind == "domestic" and origin.kind in PLACED_ONE
              else key(destination))
        flow = flows.setdefault((key(origin), to), Flow(key(origin), to))
        flow.listings += 1
        if listing.price_btc is not None:
            flow.prices.append(listing.price_btc)
        inside = _domestic(origin, destination, by)
        if inside is not None:
            with_destination += 1
            if inside:
                domestic += 1
                flow.domestic = True
    ordered = sorted(flows.values(), key=lambda f: (-f.listings, f.origin, f.destination))
    return FlowMatrix(by, ordered, total, domestic, with_destination, rate)


PLACED_ONE = ("country", "region")

__all__ = ["ELSEWHERE", "REGION_OF", "SEVERAL", "Flow", "FlowMatrix", "UsdRate",
           "flow_matrix"]
