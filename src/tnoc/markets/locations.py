"""Where a listing ships from and to, read from the Agora crawl files.

The place parser itself (:func:`parse_place`, :class:`Place`, :data:`REGIONS`,
:func:`read_ships`...) is :mod:`tnoc.ingest.ships`, re-exported here: ingest calls it to
write a listing's country properties, and every market analysis reads places through
it, so the two agree. This module reads the crawl files (:func:`read_crawl`), in the
formats of the Agora files of Gwern's archive parsed by ``mozzarellaV8/agora-marketplace``:

- January 2014 product pages: ``from`` and ``to`` columns, wrapped in newlines and
  indentation; ``to`` is R's ``NA`` when the page had none;
- February 2014 product pages: both in the ``from`` column as ``From: USA To: USA``
  (either part may be missing; ``to`` is then mostly ``NA``);
- the 2014 category subsets: plain ``from``/``to`` with stray spaces;
- January 2014 vendor pages: the parse kept only the first word of each field, so a
  multi-word place is split across the two columns ("Hong" / "Kong", "South" /
  "Africa"); when the first word alone is no place, the two words are read together
  (and the ships-to is then unknown: its text was lost).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tnoc.ingest.ships import (
    KINDS,
    PLACED,
    REGIONS,
    Place,
    country_name,
    parse_place,
    parse_split_place,
    read_ships,
    split_from_to,
)
from tnoc.markets.crawl_files import (
    ReadingNotes,
    not_a_listing_file,
    read_crawl_file,
    vendor_name,
)
from tnoc.markets.prices import btc_price

__all__ = ["KINDS", "PLACED", "REGIONS", "CrawlListing", "Place", "country_name",
           "parse_place", "parse_split_place", "read_crawl", "read_ships", "split_from_to"]


@dataclass(frozen=True)
class CrawlListing:
    """One listing of a crawl file with its places read."""

    file: str
    row: int  # 1-based data row
    date: str
    vendor: str
    product: str
    price_btc: float | None  # None when the file bins prices ("[1.00e-07,1.49e+00)")
    ships_from: Place
    ships_to: Place


def read_crawl(path: Path, notes: ReadingNotes | None = None,
               encoding: str | None = None) -> Iterator[CrawlListing]:
    """The listings of one Agora crawl CSV (product pages, category subsets or vendor
    pages: see the module docstring) with ships-from and ships-to read, read by
    :func:`tnoc.markets.crawl_files.read_crawl_file` (in ``encoding`` when given; the
    encoding and vendor names decoded added to ``notes``). Raises
    :class:`~tnoc.errors.InputFileError` naming the columns expected when the file has
    none of them, and the file and line of a row that is no listing."""
    crawl = read_crawl_file(path, notes, encoding)
    if not {"vendor", "from", "to"} <= set(crawl.columns):
        raise not_a_listing_file(path, crawl.columns, "an Agora listing CSV with columns "
                                 "vendor, from and to (and date, product, price)")
    vendor_pages = crawl.vendor_pages
    for number, (_line, row) in enumerate(crawl.rows, start=1):
        source, destination = split_from_to(row.get("from") or "", row.get("to") or "")
        ships_from, ships_to = read_ships(source, destination, vendor_pages)
        yield CrawlListing(path.name, number, (row.get("date") or "").strip(),
                           vendor_name(row.get("vendor"), notes, not vendor_pages),
                           " ".join((row.get("product") or "").split()),
                           btc_price(row.get("price")), ships_from, ships_to)
