"""Market size over time from crawl counts, corrected for crawl completeness.

A crawl of a hidden service fetches what it can before the connection drops: the
Agora crawls of Gwern's archive (counts per crawl in ``agora_crawl_counts_2014-2015.csv``)
swing from a handful to 25,000 listings within days, far more than a market changes.
A crawl can miss listings but never invent them, so the largest count among the crawls
near a date is the best estimate of the market's size then, and a crawl far below it
is an incomplete crawl, not a shrinking market.

**The correction** (:func:`complete_crawls`): a crawl is *complete* when its count is
at least ``share`` (default 0.8) of the largest count within ``window_days`` (default
31, centred: 15 days either side); the series keeps the complete crawls only. Listing
and vendor counts are judged separately (a crawl can fetch vendor pages and not
listings). Soska and Christin (2015, USENIX Security) likewise use the most complete
scrapes to estimate market size. The market's own downtime (``agora_uptime_2014-2015.csv``,
hours down per day from 2014-04-23) is joined to each crawl: a crawl on a day the
market was mostly down is expected to be incomplete, and the table shows it.

Change detection on the corrected series is the caller's: the break tests live in
:mod:`tnoc.assess.breaks` (a layer above), run on the series this module returns.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tnoc.errors import InputFileError, TnocError, Where
from tnoc.markets.crawl_files import ReadingNotes, decoded_text, header_found

SUBSET = "category subset"


def crawl_kind(paths: Collection[str], vendor_pages: bool, slice_named: bool = True
               ) -> str:
    """The kind of crawl of one file or source, from the category paths of its listings
    and whether it is vendor pages: ``vendor pages``, a ``category subset (PATH)``
    (every listing under one path: the 2014 subsets; without ``slice_named``, the kind
    alone) or a ``product crawl`` (the whole market). Counts and vendors compare only
    within one kind: a subset is a slice of the market, not a smaller crawl of it, and
    a vendor page lists a vendor's products, not the market's."""
    if vendor_pages:
        return "vendor pages"
    if len(paths) == 1:
        return f"{SUBSET} ({next(iter(paths)) or 'no category'})" if slice_named else SUBSET
    return "product crawl"


@dataclass(frozen=True)
class Crawl:
    """One crawl's counts (None where the file says NA), and the market's hours down
    that day (None where the uptime record has no row)."""

    date: date
    listings: int | None
    vendors: int | None
    hours_down: float | None = None


def _count(text: str, path: Path, line: int, column: str) -> int | None:
    text = text.strip()
    if text in ("", "NA"):
        return None
    try:
        value = int(text)
    except ValueError:
        raise InputFileError(f"{text!r}", Where(path, line, column, "line"),
                             "a whole number or NA") from None
    if value < 0:
        raise InputFileError(f"{value}: a count cannot be negative",
                             Where(path, line, column, "line"))
    return value


def _date(text: str, path: Path, line: int) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputFileError(f"{text.strip()!r}", Where(path, line, "date", "line"),
                             "a date YYYY-MM-DD") from None


def _once(day: date, lines: dict[date, int], path: Path, line: int) -> None:
    """Refuse a day a series already has: one row per crawl (or day), and two rows of
    one day are two files joined or a row repeated, whose counts would be read twice
    (a review, helper-132: a break's F statistic moved from 22.3 to 36.8)."""
    if day in lines:
        raise InputFileError(f"the date {day} again (first on line {lines[day]})",
                             Where(path, line, "date", "line"),
                             "one row per date: two files joined, or a row repeated?")
    lines[day] = line


def _decoded(path: Path, encoding: str | None, notes: ReadingNotes | None
             ) -> io.StringIO:
    """The text of a counts or uptime file, decoded as the crawls are and noted alike
    (:func:`tnoc.markets.crawl_files.decoded_text`), for :mod:`csv`."""
    return io.StringIO(decoded_text(path, notes, encoding).text, newline="")


def read_crawl_counts(path: Path, encoding: str | None = None,
                      notes: ReadingNotes | None = None) -> list[Crawl]:
    """Crawls from a counts file with columns ``date``, ``p`` (listings) and
    ``vendor`` (the layout of ``agora_crawl_counts_2014-2015.csv``), in date order;
    read in ``encoding`` when it is given. A file with no crawl, or a date twice, is
    refused (:class:`InputFileError`, naming the file and line)."""
    rows = list(csv.reader(_decoded(path, encoding, notes)))
    header = [h.strip() for h in rows[0]] if rows else []
    if header[:3] != ["date", "p", "vendor"]:
        raise InputFileError(
            f"found {header_found(header)}", Where(path, 1, row_label="line"),
            "the columns date, p (listings), vendor, in that order")
    seen: dict[date, int] = {}
    crawls = []
    for n, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue
        if len(r) < 3:
            raise InputFileError(f"{len(r)} field(s)", Where(path, n, row_label="line"),
                                 "date, p, vendor")
        crawl = Crawl(_date(r[0], path, n), _count(r[1], path, n, "p"),
                      _count(r[2], path, n, "vendor"))
        _once(crawl.date, seen, path, n)
        crawls.append(crawl)
    if not crawls:
        raise InputFileError("no crawls, only a header", Where(path),
                             "a row per crawl: date, p, vendor")
    return sorted(crawls, key=lambda c: c.date)


def read_uptime(path: Path, encoding: str | None = None,
                notes: ReadingNotes | None = None) -> dict[date, float]:
    """Hours down per day from an uptime file (columns ``date``, ``hours_down``...);
    read in ``encoding`` when it is given. A day twice, or no day, is refused."""
    reader = csv.DictReader(_decoded(path, encoding, notes))
    if not {"date", "hours_down"} <= set(reader.fieldnames or []):
        raise InputFileError(f"found {header_found(reader.fieldnames or [])}",
                             Where(path, 1, row_label="line"),
                             "the columns date and hours_down")
    down: dict[date, float] = {}
    seen: dict[date, int] = {}
    for n, row in enumerate(reader, start=2):
        try:
            hours = float(row["hours_down"])
        except (TypeError, ValueError):
            raise InputFileError(f"{row['hours_down']!r}",
                                 Where(path, n, "hours_down", "line"),
                                 "hours down as a number") from None
        day = _date(row["date"] or "", path, n)
        _once(day, seen, path, n)
        down[day] = hours
    if not down:
        raise InputFileError("no days, only a header", Where(path),
                             "a row per day: date, hours_down")
    return down


def with_uptime(crawls: list[Crawl], down: dict[date, float]) -> list[Crawl]:
    """The crawls with the market's hours down on their day."""
    return [Crawl(c.date, c.listings, c.vendors, down.get(c.date)) for c in crawls]


@dataclass(frozen=True)
class Point:
    """One crawl on the corrected series: its count, the local maximum it was judged
    against, and whether it counts as complete."""

    date: date
    count: int
    local_max: int
    complete: bool
    hours_down: float | None

    @property
    def completeness(self) -> float:
        return self.count / self.local_max if self.local_max else 0.0

    @property
    def shown_completeness(self) -> float:
        """The completeness cut (not rounded) to 4 decimals, so a printed value agrees
        with ``complete``: 678 of 848 is 0.7995, never "0.8" beside "no"."""
        return math.floor(self.completeness * 10_000) / 10_000

    @property
    def implausible_down(self) -> bool:
        """More hours down than a day has: the uptime record is wrong that day."""
        return self.hours_down is not None and self.hours_down > HOURS_IN_A_DAY


HOURS_IN_A_DAY = 24.0


def partial_windows(points: list[Point], window_days: int) -> list[date]:
    """The crawls whose window (``window_days`` centred, as :func:`complete_crawls`
    takes it) reaches past the series' first or last crawl: judged against the counts
    of a part of their window only, so a series cut shorter can judge its edge crawls
    otherwise (a review, helper-132: 2014-06-01, 0.7995 and incomplete in the whole
    series, is 1.0 and complete as the first crawl of a cut)."""
    if not points:
        return []
    half = timedelta(days=window_days // 2)
    first, last = points[0].date, points[-1].date
    return [p.date for p in points if p.date - half < first or p.date + half > last]


def without_count(crawls: list[Crawl], measure: str) -> list[Crawl]:
    """The crawls with no count of ``measure`` (NA in the file): left out of the series
    by :func:`complete_crawls`, and to be reported as such."""
    return [c for c in crawls if getattr(c, measure) is None]


def complete_crawls(crawls: list[Crawl], measure: str = "vendors", share: float = 0.8,
                    window_days: int = 31) -> list[Point]:
    """Every crawl with a count of ``measure`` (``listings`` or ``vendors``), judged
    complete or not against the largest count within ``window_days`` centred on it
    (module docstring). Raises on a share outside (0, 1] or a window under 1 day."""
    if measure not in ("listings", "vendors"):
        raise TnocError(f"expected the measure listings or vendors, got {measure!r}")
    if not 0 < share <= 1:
        raise TnocError(f"expected a completeness share in (0, 1], got {share}")
    if window_days < 1:
        raise TnocError(f"expected a window of at least 1 day, got {window_days}")
    counted = [(c, getattr(c, measure)) for c in crawls if getattr(c, measure) is not None]
    half = timedelta(days=window_days // 2)
    points = []
    for crawl, count in counted:
        near = [n for c, n in counted if abs(c.date - crawl.date) <= half]
        local = max(near)
        points.append(Point(crawl.date, count, local, count >= share * local,
                            crawl.hours_down))
    return points
