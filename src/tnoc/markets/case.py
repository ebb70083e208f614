"""Agora listings taken into a case, and the market analyses of them kept in it (issue
#24, item 6).

**Reading**: the sources taken in with the ``agora_listings`` or ``agora_vendor_pages``
mapping are the case's crawls; each ``DarknetListing`` entity of a source is one
listing (:class:`CaseListing`), its ships-from and ships-to texts read by
:func:`tnoc.markets.locations.read_ships` (the parser checked against hand labels; a
vendor page's split place read whole), its price in BTC when stated and not flagged
(the 2014 category subsets publish binned prices, which ingest flags), its vendor by
username and its drug category (the product's category path). A listing seen in
several crawls of one file is one entity with several ``date`` values: it counts once
in a flow, and once on each of its dates in the market's size per crawl (so counts on
a case are distinct listings, where ``tnoc markets flows FILE`` counts rows).

**Keeping**: as :mod:`tnoc.malware.case` does, a result is written by
:func:`tnoc.store.derived.add_analysis`: the full result as ``analyses/KIND-RUN.json``,
registered as a source (parameters, tool version) with the strictest handling code of
the crawls it read, an ``analysed`` custody entry naming the run and its inputs, and
statements of the ``MarketFlow`` and ``MarketBreak`` schemata (analysis.yaml).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.markets.crawl_files import ReadingNotes, vendor_name
from tnoc.markets.dynamics import Crawl, Point, crawl_kind
from tnoc.markets.flows import FlowMatrix
from tnoc.markets.locations import CrawlListing, read_ships
from tnoc.markets.prices import btc_price
from tnoc.store.derived import DerivedStatement, add_analysis

LISTING_MAPPINGS = ("agora_listings", "agora_vendor_pages")
VENDOR_PAGES = "agora_vendor_pages"


@dataclass(frozen=True)
class CaseListing:
    """One listing of the case: the source it was stated by (and that source's handling
    code), its entity, every crawl date it was seen on, its category path, and the
    listing as the file readers give it (places read, price in BTC)."""

    source_id: str
    handling_code: str
    entity_id: str
    dates: tuple[str, ...]
    category: str
    subcategory: str
    drug_type: str
    listing: CrawlListing
    mapping: str = ""
    """The mapping its source was taken in with (the kind of crawl: :func:`crawl_kinds`)."""


def listing_sources(con: duckdb.DuckDBPyConnection, chosen: list[str] | None = None
                    ) -> list[str]:
    """The sources taken in with an Agora listing mapping (of ``chosen`` source ids when
    given), sorted."""
    rows = con.execute("SELECT source_id FROM sources WHERE list_contains($m, mapping) "
                       "ORDER BY 1", {"m": list(LISTING_MAPPINGS)}).fetchall()
    found = [str(r[0]) for r in rows]
    if chosen:
        found = [s for s in found if s in set(chosen)]
    return found


_LISTINGS_SQL = """
SELECT l.canonical_id, l.source_id, any_value(src.mapping), any_value(src.file_name),
       any_value(src.handling_code),
       any_value(l.value) FILTER (WHERE l.prop = 'shipsFromText'),
       any_value(l.value) FILTER (WHERE l.prop = 'shipsToText'),
       any_value(l.value) FILTER (WHERE l.prop = 'title'),
       any_value(l.value) FILTER (WHERE l.prop = 'vendor'),
       any_value(l.value) FILTER (WHERE l.prop = 'product'),
       any_value(l.value) FILTER (WHERE l.prop = 'category'),
       any_value(l.value) FILTER (WHERE l.prop = 'subcategory'),
       any_value(l.value) FILTER (WHERE l.prop = 'price' AND l.flag IS NULL),
       any_value(l.value) FILTER (WHERE l.prop = 'currency'),
       list(DISTINCT l.value ORDER BY l.value) FILTER (WHERE l.prop = 'date'),
       min(l.locator)
FROM statements l JOIN sources src ON src.source_id = l.source_id
WHERE l.schema = 'DarknetListing' AND list_contains($sources, l.source_id)
GROUP BY l.canonical_id, l.source_id
ORDER BY l.source_id, l.canonical_id
"""


def listing_context(con: duckdb.DuckDBPyConnection, chosen: list[str] | None = None,
                    notes: ReadingNotes | None = None
                    ) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """What every reading of the case's Agora listings starts from: the listing sources
    (of ``chosen`` source ids when given), the vendor accounts' names and the products'
    drug types, by entity. Names are read as the file readers read them
    (:func:`tnoc.markets.crawl_files.vendor_name`: ``lsdaisy%21`` of a product crawl is
    ``lsdaisy!``, names decoded added to ``notes``); the statement keeps the name as
    written. Raises :class:`TnocError` when the case holds no listing."""
    sources = listing_sources(con, chosen)
    if not sources:
        raise TnocError("the case holds no Agora listings (take a crawl in with 'tnoc "
                        "ingest agora_listings FILE' or agora_vendor_pages)" + (
                            f"; --source named {', '.join(chosen)}" if chosen else ""))
    read: dict[str, set[str]] = {}
    for entity, written, mapping in con.execute(
            "SELECT s.canonical_id, s.value, src.mapping FROM statements s JOIN sources src "
            "USING (source_id) WHERE s.schema = 'UserAccount' AND s.prop = 'username' "
            "AND s.flag IS NULL ORDER BY 1, 2").fetchall():
        name = vendor_name(str(written), notes, mapping != VENDOR_PAGES)
        read.setdefault(str(entity), set()).add(name)
    names = {entity: min(found - {""}, default="") for entity, found in read.items()}
    kinds = {str(k): str(v) for k, v in con.execute(
        "SELECT canonical_id, min(value) FROM statements WHERE schema = 'DarknetProduct' "
        "AND prop = 'drugType' AND flag IS NULL GROUP BY 1").fetchall()}
    return sources, names, kinds


def case_listings(con: duckdb.DuckDBPyConnection, chosen: list[str] | None = None
                  ) -> list[CaseListing]:
    """The case's Agora listings (of ``chosen`` source ids when given; module
    docstring). Raises :class:`TnocError` when the case holds none."""
    sources, names, kinds = listing_context(con, chosen)
    out = []
    for (entity, source, mapping, file_name, code, origin, destination, title, vendor,
         product, category, subcategory, price, currency, dates, locator) in con.execute(
            _LISTINGS_SQL, {"sources": sources}).fetchall():
        ships_from, ships_to = read_ships(origin, destination, mapping == VENDOR_PAGES)
        row = str(locator or "").removeprefix("row ").strip()
        listing = CrawlListing(
            str(file_name), int(row) if row.isdigit() else 0, (dates or [""])[0],
            str(names.get(vendor, "") or ""), " ".join(str(title or "").split()),
            _btc(price, currency), ships_from, ships_to)
        out.append(CaseListing(str(source), str(code), str(entity), tuple(dates or ()),
                               str(category or ""), str(subcategory or ""),
                               str(kinds.get(product, "") or ""), listing, str(mapping)))
    return out


def _btc(price: str | None, currency: str | None) -> float | None:
    """A price in bitcoin, or None (none stated, flagged, unreadable, or another
    currency): :func:`tnoc.markets.prices.btc_price`."""
    if price is None or (currency or "BTC").upper() != "BTC":
        return None
    return btc_price(price)


def crawl_counts(listings: Iterable[CaseListing]) -> list[Crawl]:
    """Distinct listings and vendors per crawl date (module docstring), oldest first;
    a listing without a date is not counted."""
    seen: dict[date, tuple[set[str], set[str]]] = {}
    for item in listings:
        for text in item.dates:
            try:
                day = date.fromisoformat(text[:10])
            except ValueError:
                continue
            found = seen.setdefault(day, (set(), set()))
            found[0].add(item.entity_id)
            if item.listing.vendor:
                found[1].add(item.listing.vendor)
    return [Crawl(day, len(ids), len(vendors)) for day, (ids, vendors) in sorted(seen.items())]


def _run_id(kind: str, parameters: dict[str, Any], at: datetime) -> str:
    return hashlib.sha256(json.dumps([kind, parameters, at.isoformat()], sort_keys=True,
                                     default=str).encode()).hexdigest()[:12]


def _number(value: float) -> str:
    return repr(round(float(value), 8))


def save_flows(con: duckdb.DuckDBPyConnection, root: Path, sources: list[str],
               matrix: FlowMatrix, countries: dict[str, str]) -> str:
    """Keep a flow matrix of the case's listings: one ``MarketFlow`` per flow, with the
    matrix's level, domestic share and the currency conversion used (``BTC as listed``,
    or the stated rate and its date); ``countries`` maps a place label to its ISO code
    where it is one country. Returns the run id."""
    at = datetime.now(UTC)
    rate = matrix.rate
    conversion = "BTC as listed" + (
        f"; USD at {rate.usd_per_btc:g} per BTC on {rate.date} ({rate.source})"
        if rate else "")
    parameters: dict[str, Any] = {
        "by": matrix.by, "sources": sources, "conversion": conversion,
        "counting": "each listing entity of a source once"}
    run_id = _run_id("market-flows", parameters, at)
    statements: list[DerivedStatement] = []
    for number, flow in enumerate(matrix.flows, 1):
        fid = f"market-flow-{run_id}-{number}"
        values = [("name", f"Agora listings {flow.origin} → {flow.destination}"),
                  ("level", matrix.by), ("origin", flow.origin),
                  ("destination", flow.destination), ("listings", str(flow.listings)),
                  ("priced", str(flow.priced)), ("conversion", conversion),
                  ("domestic", "yes" if flow.domestic else "no"),
                  ("matrixListings", str(matrix.listings))]
        if flow.median_btc is not None:  # no price stated (binned files): no total
            values += [("medianBtc", _number(flow.median_btc)),
                       ("totalBtc", _number(flow.total_btc))]
            if rate:
                values.append(("medianUsd", _number(flow.median_btc * rate.usd_per_btc)))
        if matrix.domestic_share is not None:
            values.append(("domesticShare", f"{matrix.domestic_share:.6f}"))
        for prop, label in (("originCountry", flow.origin),
                            ("destinationCountry", flow.destination)):
            if label in countries:  # lower case, as ingest stores FtM countries
                values.append((prop, countries[label].lower()))
        statements += [DerivedStatement(fid, "MarketFlow", p, v, f"flow {number}")
                       for p, v in values]
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters, "listings": matrix.listings,
        "domestic": matrix.domestic, "with_destination": matrix.with_destination,
        "domestic_share": matrix.domestic_share,
        "flows": [{"origin": f.origin, "destination": f.destination,
                   "listings": f.listings, "priced": f.priced, "median_btc": f.median_btc,
                   "total_btc": f.total_btc, "domestic": f.domestic}
                  for f in matrix.flows]}
    add_analysis(con, root, "market-flows", run_id, payload, statements, sources,
                 stored_at=at.isoformat(), command="markets flows")
    return run_id


@dataclass(frozen=True)
class FoundBreak:
    """A break as :func:`tnoc.assess.breaks.find_breaks` found it (date, F, p)."""

    date: str
    f: float
    p: float


def save_dynamics(con: duckdb.DuckDBPyConnection, root: Path, sources: list[str],
                  measure: str, correction: str, alpha: float, points: list[Point],
                  corrected: list[FoundBreak], uncorrected: list[FoundBreak]) -> str:
    """Keep the market's size per crawl and its breaks: one ``MarketBreak`` per break
    in the corrected and in the uncorrected series (none stated when none was found:
    the run's JSON and custody entry still say it was looked for). Returns the run id."""
    at = datetime.now(UTC)
    complete = sum(p.complete for p in points)
    parameters: dict[str, Any] = {"measure": measure, "correction": correction,
                                  "alpha": alpha, "sources": sources}
    run_id = _run_id("market-dynamics", parameters, at)
    statements: list[DerivedStatement] = []
    numbered = [(series, b) for series, found in (
        ("complete crawls (corrected)", corrected), ("every crawl (uncorrected)", uncorrected))
        for b in found]
    for number, (series, b) in enumerate(numbered, 1):
        bid = f"market-break-{run_id}-{number}"
        values = [("name", f"Agora {measure} break on {b.date} ({series})"),
                  ("measure", measure), ("breakDate", b.date[:10]),
                  ("fStatistic", _number(b.f)), ("pValue", f"{b.p:.6g}"),
                  ("corrected", series), ("crawls", str(len(points))),
                  ("completeCrawls", str(complete)), ("correction", correction),
                  ("alpha", f"{alpha:g}")]
        statements += [DerivedStatement(bid, "MarketBreak", p, v, f"break {b.date}")
                       for p, v in values]
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters,
        "crawls": [{"date": p.date.isoformat(), "count": p.count, "local_max": p.local_max,
                    "complete": p.complete} for p in points],
        "breaks": [b.__dict__ for b in corrected],
        "breaks_uncorrected": [b.__dict__ for b in uncorrected]}
    add_analysis(con, root, "market-dynamics", run_id, payload, statements, sources,
                 stored_at=at.isoformat(), command="markets dynamics")
    return run_id


def case_flows(listings: list[CaseListing], by: str, rate: Any = None
               ) -> tuple[FlowMatrix, dict[str, str]]:
    """The flow matrix of the case's listings (:func:`tnoc.markets.flows.flow_matrix`)
    and, for saving, each place label that is one country with its ISO code."""
    from tnoc.markets.flows import CLASS_LABELS, flow_matrix
    from tnoc.markets.locations import REGIONS

    matrix = flow_matrix((item.listing for item in listings), by, rate,
                         sources=(item.source_id for item in listings))
    not_one = set(REGIONS) | set(CLASS_LABELS.values())
    countries = {name: code for f in matrix.flows
                 for name, code in ((f.origin, f.origin_code),
                                    (f.destination, f.destination_code))
                 if code not in not_one} if by == "country" else {}
    return matrix, countries


# --- markets dynamics: the kind of crawl of each source (h32) ---

def crawl_kinds(listings: Iterable[CaseListing]) -> dict[str, str]:
    """The kind of crawl of each source of ``listings``
    (:func:`tnoc.markets.dynamics.crawl_kind`; vendor pages: the
    ``agora_vendor_pages`` mapping)."""
    paths: dict[str, set[str]] = {}
    pages: set[str] = set()
    for item in listings:
        paths.setdefault(item.source_id, set()).add(" / ".join(
            p for p in (item.category, item.subcategory, item.drug_type) if p))
        if item.mapping == VENDOR_PAGES:
            pages.add(item.source_id)
    return {source: crawl_kind(found, source in pages) for source, found in paths.items()}

