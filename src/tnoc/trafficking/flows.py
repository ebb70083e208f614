"""Victim flows from UNODC's Global Report on Trafficking in Persons (GLOTIP).

GLOTIP counts the victims each country detected by their citizenship: a corridor
network from citizenship to country of detection, per year. UNODC suppresses small
cells as ``"<5"``; such a cell is 1 to 4 victims (a published row is at least one
victim), so it is kept as the interval [1, 4] and every sum carries a low and a high
bound: a suppressed cell is never a number (issue #25). Derived figures follow:

* the domestic share (victims detected in their own country — GLOTIP writes
  "Nationals" or the country's own name) as an interval: the lowest share puts the
  domestic cells at their low and the foreign at their high bound, the highest the
  reverse;
* regional flows: citizenship and detection countries grouped by the UN regions the
  file itself gives (citizenship written as a demonym, "Albanian", is not a country
  name and stays "not matched": said, not guessed);
* reconciliation with GLOTIP's country totals (``unodc_glotip_total_year_wise.csv``):
  the breakdown's bounds against the published total, per country and year.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from openpyxl import load_workbook

from tnoc.errors import InputFileError, Where

SUPPRESSED = "<5"
SUPPRESSED_BOUNDS = (1, 4)
"""What ``"<5"`` means: at least one victim (a row is published), fewer than five."""

INDICATOR = "Detected trafficking victims"
DIMENSION = "by citizenship"
NOT_STATED = "(citizenship not stated)"
"""A citizenship left blank or written "Unknown"."""
NOT_MATCHED = "(region not matched)"


@dataclass(frozen=True, order=True)
class Bounds:
    """A count known to lie in [low, high] (equal when nothing is suppressed)."""

    low: int
    high: int

    def __add__(self, other: Bounds) -> Bounds:
        return Bounds(self.low + other.low, self.high + other.high)

    @property
    def exact(self) -> bool:
        """Whether the count is known exactly."""
        return self.low == self.high

    def contains(self, value: int) -> bool:
        """Whether ``value`` lies within the bounds."""
        return self.low <= value <= self.high


ZERO = Bounds(0, 0)


def total(values: Iterable[Bounds]) -> Bounds:
    """The bounds of a sum: the sum of the lows and the sum of the highs."""
    out = ZERO
    for value in values:
        out = out + value
    return out


def parse_count(text: object, where: Where) -> Bounds:
    """A GLOTIP value as bounds: ``"<5"`` is [1, 4]; ``"1,094"`` is 1,094 exactly."""
    raw = str(text if text is not None else "").strip()
    if raw == SUPPRESSED:
        return Bounds(*SUPPRESSED_BOUNDS)
    digits = raw.replace(",", "")
    if not re.fullmatch(r"\d+", digits):
        raise InputFileError(f"{raw!r} is not a count", where,
                             "a whole number (thousands may be separated by commas) or '<5'")
    return Bounds(int(digits), int(digits))


def _repair(name: str) -> str:
    """Undo UTF-8 read as Latin-1 ("TÃ¼rkiye" -> "Türkiye"), which the published file
    has in some names; a name that does not round-trip is left as it is."""
    try:
        return name.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


@dataclass(frozen=True)
class Corridor:
    """Victims of one citizenship detected in one country in one year."""

    year: int
    citizenship: str
    detected_in: str
    iso3: str
    region: str
    victims: Bounds
    row: int

    @property
    def domestic(self) -> bool:
        """Detected in their own country ("Nationals", or the country's own name)."""
        return self.citizenship in ("Nationals", self.detected_in)


@dataclass(frozen=True)
class Glotip:
    """The by-citizenship corridors and the region of each country the file names."""

    corridors: list[Corridor]
    regions: dict[str, str]
    source: str

    def years(self) -> list[int]:
        """The years with corridors, oldest first."""
        return sorted({c.year for c in self.corridors})

    def in_year(self, year: int | None) -> list[Corridor]:
        """The corridors of one year (every year for None)."""
        return [c for c in self.corridors if year is None or c.year == year]

    def region_of(self, citizenship: str, detected_in: str) -> str:
        """The region of a citizenship: its country's, the detection country's for
        nationals, else :data:`NOT_MATCHED`."""
        if citizenship == NOT_STATED:
            return NOT_STATED
        if citizenship == "Nationals":
            return self.regions.get(detected_in, NOT_MATCHED)
        return self.regions.get(citizenship, NOT_MATCHED)


HEADER = ("Iso3_code", "Country", "Region", "Indicator", "Dimension", "Category", "Year",
          "txtVALUE")


def read_glotip(path: Path) -> Glotip:
    """Read GLOTIP's workbook: the rows of detected victims by citizenship, each value
    as bounds, and every country's region. Errors name the row and the field.

    The workbook (46,556 rows) takes seconds to parse: a process keeps the last few
    reads, keyed by the file's path, size and modification time (a changed file is
    read again)."""
    try:
        stat = path.stat()
    except OSError as failed:
        raise InputFileError(f"cannot open the workbook: {failed}", Where(path),
                             "UNODC's GLOTIP data as an .xlsx workbook") from failed
    return _read_glotip(path.resolve(), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _read_glotip(path: Path, size: int, modified: int) -> Glotip:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as failed:  # openpyxl raises several kinds for a bad file
        raise InputFileError(f"cannot open the workbook: {failed}", Where(path),
                             "UNODC's GLOTIP data as an .xlsx workbook") from failed
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        missing = [h for h in HEADER if h not in header]
        if missing:
            raise InputFileError(f"no column {', '.join(map(repr, missing))}",
                                 Where(path, 1), f"GLOTIP's columns {', '.join(HEADER)}")
        at = {h: header.index(h) for h in HEADER}
        regions: dict[str, str] = {}
        corridors = []
        for number, row in enumerate(rows, start=2):
            country = _repair(str(row[at["Country"]] or "").strip())
            if country and row[at["Region"]]:
                regions.setdefault(country, str(row[at["Region"]]).strip())
            if row[at["Indicator"]] != INDICATOR or row[at["Dimension"]] != DIMENSION:
                continue
            year_text = str(row[at["Year"]] or "").strip()
            if not year_text.isdigit():
                raise InputFileError(f"{year_text!r} is not a year", Where(path, number, "Year"),
                                     "a year such as 2018")
            category = _repair(str(row[at["Category"]] or "").strip())
            corridors.append(Corridor(
                int(year_text), category if category not in ("", "Unknown") else NOT_STATED,
                country, str(row[at["Iso3_code"]] or ""), "", parse_count(
                    row[at["txtVALUE"]], Where(path, number, "txtVALUE")), number))
    finally:
        book.close()
    corridors = [Corridor(c.year, c.citizenship, c.detected_in, c.iso3,
                          regions.get(c.detected_in, NOT_MATCHED), c.victims, c.row)
                 for c in corridors]
    return Glotip(corridors, regions, str(path))


def read_totals(path: Path) -> dict[tuple[str, int], int]:
    """GLOTIP's published totals of detected victims per (ISO3 code, year)."""
    out: dict[tuple[str, int], int] = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            need = {"Iso3_code", "Indicator", "Year", "VALUE"}
            if not need <= set(reader.fieldnames or ()):
                raise InputFileError("missing columns", Where(path, 1),
                                     f"columns {', '.join(sorted(need))}")
            for number, row in enumerate(reader, start=2):
                if row["Indicator"] != INDICATOR:
                    continue
                value = parse_count(row["VALUE"], Where(path, number, "VALUE"))
                if not value.exact or not row["Year"].strip().isdigit():
                    raise InputFileError(f"{row['VALUE']!r} for {row['Year']!r}",
                                         Where(path, number, "VALUE"),
                                         "an exact total and a year")
                out[(row["Iso3_code"], int(row["Year"]))] = value.low
    except (OSError, UnicodeDecodeError) as failed:
        raise InputFileError(f"cannot read the totals: {failed}", Where(path),
                             "a UTF-8 CSV file") from failed
    return out


# --- derived figures ------------------------------------------------------------------


@dataclass(frozen=True)
class DomesticShare:
    """Detected victims in one country and year: domestic, foreign, not stated, and the
    domestic share of those whose citizenship is stated (None when none is)."""

    country: str
    year: int
    domestic: Bounds
    foreign: Bounds
    not_stated: Bounds
    share_low: float | None
    share_high: float | None


def domestic_shares(glotip: Glotip, year: int | None = None) -> list[DomesticShare]:
    """The domestic share per detection country and year, as an interval, over the
    victims whose citizenship is stated (those not stated are counted apart: they
    could be either)."""
    groups: dict[tuple[str, int], list[Corridor]] = defaultdict(list)
    for c in glotip.in_year(year):
        groups[(c.detected_in, c.year)].append(c)
    out = []
    for (country, y), members in sorted(groups.items()):
        dom = total(c.victims for c in members if c.domestic)
        foreign = total(c.victims for c in members
                        if not c.domestic and c.citizenship != NOT_STATED)
        unknown = total(c.victims for c in members if c.citizenship == NOT_STATED)
        low_all = dom.low + foreign.high
        high_all = dom.high + foreign.low
        out.append(DomesticShare(country, y, dom, foreign, unknown,
                                 dom.low / low_all if low_all else None,
                                 dom.high / high_all if high_all else None))
    return out


@dataclass(frozen=True)
class RegionalFlow:
    """Victims from one region detected in another (or the same) in one year."""

    year: int
    origin: str
    destination: str
    victims: Bounds
    corridors: int


def regional_flows(glotip: Glotip, year: int | None = None) -> list[RegionalFlow]:
    """Corridors summed by (year, region of citizenship, region of detection), the
    largest (by the high bound) first within each year."""
    groups: dict[tuple[int, str, str], list[Bounds]] = defaultdict(list)
    for c in glotip.in_year(year):
        groups[(c.year, glotip.region_of(c.citizenship, c.detected_in), c.region)].append(
            c.victims)
    flows = [RegionalFlow(y, o, d, total(v), len(v)) for (y, o, d), v in groups.items()]
    return sorted(flows, key=lambda f: (f.year, -f.victims.high, f.origin, f.destination))


@dataclass(frozen=True)
class Reconciliation:
    """A country-year's citizenship breakdown against GLOTIP's published total.

    ``status``: ``equal`` (nothing suppressed, the sum is the total), ``within bounds``
    (the total lies in the breakdown's bounds), ``breakdown short`` (the total exceeds
    the high bound: victims whose citizenship the breakdown does not give),
    ``breakdown over`` (the total is below the low bound: the two tables disagree),
    ``no total`` (GLOTIP publishes none)."""

    country: str
    iso3: str
    year: int
    breakdown: Bounds
    suppressed: int
    total: int | None
    status: str


def reconcile(glotip: Glotip, totals: dict[tuple[str, int], int],
              year: int | None = None) -> list[Reconciliation]:
    """Every country-year's breakdown against the published total (see
    :class:`Reconciliation`)."""
    groups: dict[tuple[str, str, int], list[Corridor]] = defaultdict(list)
    for c in glotip.in_year(year):
        groups[(c.detected_in, c.iso3, c.year)].append(c)
    out = []
    for (country, iso3, y), members in sorted(groups.items()):
        sums = total(c.victims for c in members)
        suppressed = sum(1 for c in members if not c.victims.exact)
        published = totals.get((iso3, y))
        if published is None:
            status = "no total"
        elif sums.exact and published == sums.low:
            status = "equal"
        elif sums.contains(published):
            status = "within bounds"
        elif published > sums.high:
            status = "breakdown short"
        else:
            status = "breakdown over"
        out.append(Reconciliation(country, iso3, y, sums, suppressed, published, status))
    return out
