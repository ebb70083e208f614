"""Vendors in the case (issue #24, items 2, 3 and 6): the profiles and account links of
:mod:`tnoc.markets.vendors` on the Agora listings taken into a case, kept in it.

**Reading** (:func:`vendor_listings`): the sources taken in with the ``agora_listings``
or ``agora_vendor_pages`` mapping (:func:`tnoc.markets.case.listing_sources`); each
``DarknetListing`` entity becomes one :class:`~tnoc.markets.vendors.MarketListing` per
crawl date it was seen on, as a crawl file has one row per listing and crawl, with the
file name as its source (so an account is "vendor @ file" as on the files). Its values
are the ones of its first row in the file (the statement with the lowest row locator)
where a listing changed between crawls; its feedback grades are those of its fullest
feedback text (the profile counts each listing's grades once, on its crawl with the
most, as on the files). A file row repeating a listing on the same date is one
observation in the case (the store keeps it once): on a file without such repeats and
whose listings do not change between crawls, the results are those of the file (a
test, ``tests/test_markets_vendor_case.py``).

**Keeping** (:func:`save_profiles`, :func:`save_links`): as :mod:`tnoc.markets.case`
does, by :func:`tnoc.store.derived.add_analysis`: the full result as
``analyses/KIND-RUN.json`` registered as a source with the strictest handling code of
the crawls read, an ``analysed`` custody entry naming the run and its inputs, and one
``VendorProfile`` or ``VendorLink`` (analysis.yaml) per row, a link with its strongest
evidence family, its score, its p-value, the run's threshold and the false discovery rate
its links were kept at (:data:`tnoc.markets.vendors.FALSE_LINK_RATE`) with the
Benjamini-Hochberg p-value cutoff that rate gave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tnoc.markets.case import _number, _run_id, listing_context
from tnoc.markets.crawl_files import ReadingNotes
from tnoc.markets.prices import btc_price
from tnoc.markets.vendors import (
    FALSE_LINK_RATE,
    FEEDBACK_GRADE,
    AccountLink,
    MarketListing,
    VendorProfile,
    place_text,
)
from tnoc.store.derived import DerivedStatement, add_analysis

# the row of the file a statement was first seen on ("row 12"), and the value of a
# property first seen in the file: the statement with the lowest row
_ROW = "coalesce(try_cast(regexp_extract(l.locator, '\\d+') AS BIGINT), 0)"
_FIRST = f"arg_min(l.value, {_ROW})"

_VENDOR_LISTINGS_SQL = f"""
SELECT l.canonical_id, any_value(src.file_name), any_value(src.mapping),
       {_FIRST} FILTER (WHERE l.prop = 'title'),
       {_FIRST} FILTER (WHERE l.prop = 'description'),
       {_FIRST} FILTER (WHERE l.prop = 'listingPage'),
       {_FIRST} FILTER (WHERE l.prop = 'vendor'),
       {_FIRST} FILTER (WHERE l.prop = 'product'),
       {_FIRST} FILTER (WHERE l.prop = 'category'),
       {_FIRST} FILTER (WHERE l.prop = 'subcategory'),
       {_FIRST} FILTER (WHERE l.prop = 'price'),
       bool_or(l.flag IS NOT NULL) FILTER (WHERE l.prop = 'price'),
       {_FIRST} FILTER (WHERE l.prop = 'shipsFromText'),
       {_FIRST} FILTER (WHERE l.prop = 'shipsToText'),
       list(l.value ORDER BY {_ROW}) FILTER (WHERE l.prop = 'feedback'),
       list([l.value, CAST({_ROW} AS VARCHAR)] ORDER BY {_ROW}) FILTER (WHERE l.prop = 'date')
FROM statements l JOIN sources src ON src.source_id = l.source_id
WHERE l.schema = 'DarknetListing' AND list_contains($sources, l.source_id)
GROUP BY l.canonical_id, l.source_id
ORDER BY any_value(src.file_name), l.canonical_id
"""


def vendor_listings(con: duckdb.DuckDBPyConnection, chosen: list[str] | None = None,
                    notes: ReadingNotes | None = None
                    ) -> tuple[list[MarketListing], list[str]]:
    """The case's Agora listings as the vendor analyses read them (module docstring), of
    ``chosen`` source ids when given, and the sources read; vendor names decoded are
    added to ``notes`` (:func:`tnoc.markets.case.listing_context`). Raises
    :class:`TnocError` when the case holds none."""
    sources, names, kinds = listing_context(con, chosen, notes)
    observed: list[tuple[str, int, MarketListing]] = []
    for (_entity, file_name, _mapping, title, description, page, vendor, product, category,
         subcategory, price, binned, origin, destination, feedback, dates) in con.execute(
            _VENDOR_LISTINGS_SQL, {"sources": sources}).fetchall():
        username = " ".join(str(names.get(vendor, "") or "").split())
        title = " ".join(str(title or "").split())
        if not username or not title:  # as the file reader skips such rows
            continue
        # the first fullest feedback, as the file reader's profile keeps the first row
        # with the most grades
        grades = max((tuple(int(g) for g in FEEDBACK_GRADE.findall(str(text)))
                      for text in feedback or ()), key=len, default=())
        path = "/".join(c for c in (str(category or ""), str(subcategory or ""),
                                    str(kinds.get(product, "") or "")) if c)
        price_text = str(price or "")
        value = None if binned else btc_price(price_text)
        # the vendor analyses compare places as written (lower case), not as read:
        # the same text as the file reader gives them
        ships_from, ships_to = place_text(origin), place_text(destination)
        for day, row in dates or [("", "0")]:
            observed.append((str(file_name), int(row), MarketListing(
                source=str(file_name), listing_id=str(page or ""), date=str(day),
                vendor=username, title=title, description=" ".join(
                    str(description or "").split()), price=value, price_text=price_text,
                category=path, ships_from=ships_from, ships_to=ships_to, grades=grades)))
    # in the files' order (file, then the row each listing was seen on that date): an
    # account's text joins its titles in that order, as on the file
    observed.sort(key=lambda item: (item[0], item[1]))
    return [listing for _, _, listing in observed], sources


def save_profiles(con: duckdb.DuckDBPyConnection, root: Path, sources: list[str],
                  rows: Sequence[VendorProfile]) -> str:
    """Keep vendor profiles: one ``VendorProfile`` per vendor. Returns the run id."""
    at = datetime.now(UTC)
    parameters: dict[str, Any] = {
        "sources": sources, "counting": "each listing of a source once per crawl date"}
    run_id = _run_id("vendor-profiles", parameters, at)
    statements: list[DerivedStatement] = []
    for number, p in enumerate(rows, 1):
        pid = f"vendor-profile-{run_id}-{number}"
        values = [("name", f"Agora vendor {p.vendor}"), ("vendor", p.vendor),
                  ("market", "Agora"), ("listings", str(p.listings)),
                  ("titles", str(p.titles)), ("feedbackGrades", str(p.feedback)),
                  ("crawlMonths", str(p.crawls))]
        if p.categories:
            values.append(("categories", "; ".join(f"{c} ({n})" for c, n in p.categories)))
        if p.median_price is not None:
            values.append(("medianPriceBtc", _number(p.median_price)))
        if p.price_level:
            values.append(("priceLevel", p.price_level))
        if p.mean_grade is not None:
            values.append(("meanGrade", _number(p.mean_grade)))
        values += [("shipsFromText", s) for s in p.ships_from]
        values += [("shipsToText", s) for s in p.ships_to]
        values += [(prop, day[:10]) for prop, day in (("firstSeen", p.first_seen),
                                                      ("lastSeen", p.last_seen))
                   if re.match(r"^\d{4}-\d{2}-\d{2}$", day[:10])]
        statements += [DerivedStatement(pid, "VendorProfile", prop, value, f"vendor {number}")
                       for prop, value in values]
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters,
        "profiles": [{**p.__dict__, "categories": [list(c) for c in p.categories]}
                     for p in rows]}
    add_analysis(con, root, "vendor-profiles", run_id, payload, statements, sources,
                 stored_at=at.isoformat(), command="markets vendors profiles")
    return run_id


def save_links(con: duckdb.DuckDBPyConnection, root: Path, sources: list[str],
               accounts: int, links: Sequence[AccountLink]) -> str:
    """Keep the account links of a run: one ``VendorLink`` per linked pair, with its
    strongest evidence family and that family's similarity, the link's score and margin,
    its p-value among the run's best impostors with the false discovery rate and the
    Benjamini-Hochberg cutoff it was kept at, and the run's threshold (none stated when
    nothing was linked: the run's JSON and custody entry still say it was looked for).
    Returns the run id."""
    at = datetime.now(UTC)
    parameters: dict[str, Any] = {
        "sources": sources, "accounts": accounts, "false_link_rate": FALSE_LINK_RATE,
        "account": "vendor name and crawl file"}
    run_id = _run_id("vendor-links", parameters, at)
    statements: list[DerivedStatement] = []
    for number, x in enumerate(links, 1):
        lid = f"vendor-link-{run_id}-{number}"
        vendor, linked = (x.first.rsplit(" @ ", 1)[0], x.second.rsplit(" @ ", 1)[0])
        values = [("name", f"{x.first} = {x.second}"), ("account", x.first),
                  ("linkedAccount", x.second), ("vendor", vendor), ("linkedVendor", linked),
                  ("similarity", _number(x.similarity)), ("margin", _number(x.margin)),
                  ("strongestEvidence", x.strongest),
                  ("strongestSimilarity", _number(x.families[x.strongest])),
                  ("textSimilarity", _number(x.families["text"])),
                  ("mixSimilarity", _number(x.families["mix"])),
                  ("priceSimilarity", _number(x.families["price"])),
                  ("shippingSimilarity", _number(x.families["shipping"])),
                  ("falseLinkRate", f"{x.false_link_rate or FALSE_LINK_RATE:g}"),
                  ("closestTitles", " <> ".join(x.titles))]
        if x.threshold is not None:
            values.append(("threshold", _number(x.threshold)))
        if x.p_value is not None:
            values.append(("pValue", f"{x.p_value:.6g}"))
        if x.p_cutoff is not None:
            values.append(("pValueCutoff", f"{x.p_cutoff:.6g}"))
        if x.impostors is not None:
            values.append(("impostors", str(x.impostors)))
        if x.ngrams:
            values.append(("sharedNgrams", " | ".join(x.ngrams)))
        values += [("sharedPlaces", place) for place in x.shipping]
        statements += [DerivedStatement(lid, "VendorLink", prop, value, f"link {number}")
                       for prop, value in values]
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters,
        "links": [{**x.__dict__, "titles": list(x.titles), "shipping": list(x.shipping),
                   "ngrams": list(x.ngrams)} for x in links]}
    add_analysis(con, root, "vendor-links", run_id, payload, statements, sources,
                 stored_at=at.isoformat(), command="markets vendors link")
    return run_id
